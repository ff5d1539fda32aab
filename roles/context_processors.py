"""What every page's <head> and header take from the request."""

from .canonical import canonical_url


def seo(request):
    # The header's search box keeps the words just searched for.
    return {"canonical_url": canonical_url(request), "search_query": request.GET.get("q", "")}
