from django.contrib import admin
from django.contrib.sitemaps.views import index as sitemap_index
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from careerguide.health import healthz
from roles.caching import cached_page
from roles.page_tags import EVERY_KIND
from roles.sitemaps import SITEMAPS
from roles.views.editor_guide import editor_guide
from roles.views.robots import robots_txt
from roles.views.social import favicon_ico

# The admin carries the site's name: its header, its pages' titles and its home page.
admin.site.site_header = "Manufacturing Career Guide"
admin.site.site_title = "Manufacturing Career Guide admin"
admin.site.index_title = "Edit the guide"

urlpatterns = [
    # Before the admin's own URLs, whose catch-all would answer it with a 404.
    path("admin/guide/", admin.site.admin_view(editor_guide), name="editor_guide"),
    path("admin/", admin.site.urls),
    # markdownx's own URLs are not included: they would be open to anyone.
    path("markdownx/", include("roles.editor_urls")),
    # An index of the sections, and each section a page at a time (roles/sitemaps.py).
    path(
        "sitemap.xml",
        cached_page(sitemap_index, depends_on=EVERY_KIND),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cached_page(sitemap, depends_on=EVERY_KIND),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", robots_txt, name="robots"),
    # Browsers and feed readers ask for it whatever the <head> links to.
    path("favicon.ico", favicon_ico, name="favicon"),
    path("healthz", healthz, name="healthz"),
    path("", include("roles.urls")),
]

handler404 = "roles.views.pages.page_not_found"
