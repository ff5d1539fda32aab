"""What every page's <head> and header take from the request.

The one address each page is known by, for link previews and search engines,
and the words the header's search box shows.
"""

from urllib.parse import urlencode

from .skills_check import PARAMS as SKILLS_CHECK_PARAMS

# Query parameters that change what a page shows; every other parameter
# (tracking tags, typos, a stray ?page=) names the same page and is dropped.
CONTENT_PARAMS = {
    "roles:search": ["q"],
    "roles:compare": ["roles"],
    "roles:job-description": ["level"],
    "roles:skills-check": SKILLS_CHECK_PARAMS,
}


def content_query(view_name, query):
    """The meaningful part of a query string, in a fixed order.

    Repeated values (the skills check's ticked boxes) are sorted and de-duplicated,
    so the same selection made in a different order shares one address.
    """
    pairs = []
    for param in CONTENT_PARAMS.get(view_name, []):
        values = [value.strip() for value in query.getlist(param)]
        values = [value for value in values if value]
        if len(values) > 1:
            values = sorted(set(values))
        pairs += [(param, value) for value in values]
    # Commas stay literal: a comparison's address is ?roles=a,b everywhere on the site.
    return urlencode(pairs, safe=",")


def canonical_url(request):
    match = request.resolver_match
    query = content_query(match.view_name if match else "", request.GET)
    return request.build_absolute_uri(f"{request.path}?{query}" if query else request.path)


def seo(request):
    # The header's search box keeps the words just searched for.
    return {"canonical_url": canonical_url(request), "search_query": request.GET.get("q", "")}
