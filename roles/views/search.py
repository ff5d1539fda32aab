"""The site search page: help when there is no query, ranked page results when there is."""

from django.shortcuts import render
from django.urls import reverse

from ..caching import cached_page
from ..page_tags import EVERY_KIND
from ..search import MAX_QUERY_LENGTH, find
from .pages import breadcrumbs

# Each finds something on both databases; shown on the empty and the no-hits page.
EXAMPLES = ["salary", "night shift", "how to become a production technician", "forklift", "PLC"]


# Results depend only on the query and the content, so they are cached like any
# page, keyed by the full URL, and emptied with the rest on any content change.
@cached_page(depends_on=EVERY_KIND)
def search(request):
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    outcome = find(query)
    trail = [("Search", reverse("roles:search"))]
    if query:
        trail.append((f"Results for “{query}”", ""))
    context = {
        "query": query,
        "outcome": outcome,
        "examples": EXAMPLES,
        "breadcrumbs": breadcrumbs(*trail),
    }
    return render(request, "roles/search.html", context)
