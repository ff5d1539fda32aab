"""The site search page: help when there is no query, grouped results when there is."""

from itertools import groupby

from django.shortcuts import render
from django.urls import reverse

from ..caching import cached_page
from ..search import GROUPS, MAX_QUERY_LENGTH, find
from .pages import breadcrumbs

# Each finds something on both databases; shown on the empty and the no-hits page.
EXAMPLES = ["PLC", "forklift", "quality inspection", "OSHA", "calibrate", "lean manufacturing"]


# Results depend only on the query and the content, so they are cached like any
# page, keyed by the full URL, and emptied with the rest on any content change.
@cached_page
def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = find(query) if query else []
    trail = [("Search", reverse("roles:search"))]
    if query:
        trail.append((f"Results for “{query}”", ""))
    context = {
        "query": query,
        "count": len(results),
        "groups": [
            {"key": key, "label": GROUPS[key], "results": list(items)}
            for key, items in groupby(results, key=lambda result: result.group)
        ],
        "examples": EXAMPLES,
        "breadcrumbs": breadcrumbs(*trail),
    }
    return render(request, "roles/search.html", context)
