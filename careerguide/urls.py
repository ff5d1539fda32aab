from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from careerguide.health import healthz
from roles.caching import cached_page
from roles.sitemaps import SITEMAPS
from roles.views.robots import robots_txt
from roles.views.social import favicon_ico

urlpatterns = [
    path("admin/", admin.site.urls),
    # markdownx's own URLs are not included: they would be open to anyone.
    path("markdownx/", include("roles.editor_urls")),
    path("sitemap.xml", cached_page(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    # Browsers and feed readers ask for it whatever the <head> links to.
    path("favicon.ico", favicon_ico, name="favicon"),
    path("healthz", healthz, name="healthz"),
    path("", include("roles.urls")),
]

handler404 = "roles.views.pages.page_not_found"
