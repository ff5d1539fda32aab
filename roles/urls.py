from django.urls import path

from .views import about, catalog, compare, job_description, open_data, pages, search, skills_check

app_name = "roles"

urlpatterns = [
    path("", pages.home, name="home"),
    path("roles/", pages.role_list, name="list"),
    path("roles/<slug:slug>/", pages.role_detail, name="detail"),
    path("roles/<slug:slug>.json", open_data.role_json, name="json"),
    path(
        "roles/<slug:slug>/job-description/",
        job_description.job_description,
        name="job-description",
    ),
    path(
        "roles/<slug:slug>/job-description.txt",
        job_description.job_description_text,
        name="job-description-txt",
    ),
    path(
        "roles/<slug:slug>/job-description.md",
        job_description.job_description_markdown,
        name="job-description-md",
    ),
    path("about/data/", about.data, name="about-data"),
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
