"""Asking the page cache about a URL, as a visitor's request sees it."""


def cache_status(client, url):
    """The response's X-Page-Cache: "hit" or "miss"."""
    response = client.get(url)
    assert response.status_code == 200, url
    return response["X-Page-Cache"]


def warm(client, *urls):
    """Render each page once, and check the next request is served from the cache."""
    for url in urls:
        cache_status(client, url)
        assert cache_status(client, url) == "hit", url
