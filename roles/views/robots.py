"""/robots.txt: crawl everything public, and find it all through the sitemap index.

/sitemap.xml is the index; the files it lists grow in number as the content grows
(roles/sitemaps.py), so robots.txt never needs to name them.
"""

from django.http import HttpResponse
from django.urls import reverse

from ..caching import public_page

# The admin and the editor's markdown endpoints are for signed-in editors only.
PRIVATE_PATHS = ["/admin/", "/markdownx/"]


@public_page
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in PRIVATE_PATHS), ""]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
