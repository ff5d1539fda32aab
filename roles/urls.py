from django.urls import path

from . import role_pages
from .catalog import KINDS
from .views import about, catalog, compare, job_description, open_data, pages, search, skills_check
from .views.social import role_og_image

app_name = "roles"

urlpatterns = [
    path("", pages.home, name="home"),
    path("roles/", pages.role_list, name="list"),
    # A role's profile, one page per question (roles/role_pages.py): roles:detail is
    # the summary at /roles/<slug>/, then roles:duties at /roles/<slug>/duties/ ...
    *(
        path(f"roles/<slug:slug>/{page.path}", pages.role_page_view(page), name=page.name)
        for page in role_pages.ALL_PAGES
    ),
    path("roles/<slug:slug>.json", open_data.role_json, name="json"),
    path("roles/<slug:slug>/og.png", role_og_image, name="og-image"),
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
    path(
        "roles/<slug:slug>/job-description.docx",
        job_description.job_description_docx,
        name="job-description-docx",
    ),
    path(
        "roles/<slug:slug>/job-posting.json",
        job_description.job_posting_data,
        name="job-posting",
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
