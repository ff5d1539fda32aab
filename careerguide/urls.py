from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("roles.urls")),
]

handler404 = "roles.views.page_not_found"
