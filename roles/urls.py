from django.urls import path

from .catalog import KINDS
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
    # The catalog: /tools/ and /tools/<key>/ (roles:tool-index, roles:tool-detail), and so on.
    *(
        route
        for kind in KINDS
        for route in (
            path(f"{kind.plural}/", catalog.index, {"kind": kind}, name=f"{kind.name}-index"),
            path(
                f"{kind.plural}/<slug:key>/",
                catalog.detail,
                {"kind": kind},
                name=f"{kind.name}-detail",
            ),
        )
    ),
]
