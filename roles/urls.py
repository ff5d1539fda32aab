from django.urls import path

from .views import catalog, compare, pages, search, skills_check

app_name = "roles"

urlpatterns = [
    path("", pages.home, name="home"),
    path("roles/", pages.role_list, name="list"),
    path("roles/<slug:slug>/", pages.role_detail, name="detail"),
    path("search/", search.search, name="search"),
    path("compare/", compare.compare, name="compare"),
    path("skills-check/", skills_check.skills_check, name="skills-check"),
    path("tools/", catalog.tool_index, name="tool-index"),
    path("tools/<slug:key>/", catalog.tool_detail, name="tool-detail"),
    path("skills/", catalog.skill_index, name="skill-index"),
    path("skills/<slug:key>/", catalog.skill_detail, name="skill-detail"),
    path("certifications/", catalog.certification_index, name="certification-index"),
    path("certifications/<slug:key>/", catalog.certification_detail, name="certification-detail"),
]
