from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    # markdownx's own URLs are not included: they would be open to anyone.
    path("markdownx/", include("roles.editor_urls")),
    path("", include("roles.urls")),
]

handler404 = "roles.views.pages.page_not_found"
