"""A role's job description: the page, and the same text as .txt and .md downloads."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from ..caching import cached_page
from ..job_description import UnknownLevel, build_job_description, render_text
from ..models import Role
from .lookup import follows_renames, visible_role
from .pages import breadcrumbs

CONTENT_TYPES = {
    "txt": "text/plain; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
}


def role_for(request, slug):
    return visible_role(request, Role.objects.for_job_description(), slug)


# An old slug's 301 keeps the query string: ?level=... names the page.
@cached_page
@follows_renames("roles:job-description", keep_query=True)
def job_description(request, slug):
    role = role_for(request, slug)
    context = {
        "role": role,
        "breadcrumbs": breadcrumbs(
            ("Roles", reverse("roles:list")),
            (role.title, role.get_absolute_url()),
            ("Job description", reverse("roles:job-description", args=[role.slug])),
        ),
    }
    try:
        context["jd"] = build_job_description(role, request.GET.get("level", ""))
    except UnknownLevel as unknown:
        context["unknown"] = unknown
        return render(request, "roles/job_description_unknown_level.html", context, status=400)
    return render(request, "roles/job_description.html", context)


def export(request, slug, extension):
    role = role_for(request, slug)
    try:
        description = build_job_description(role, request.GET.get("level", ""))
    except UnknownLevel as unknown:
        levels = ", ".join(level.key for level in unknown.levels)
        message = f"{role.title} has no level called {unknown.key!r}. Levels: {levels}.\n"
        return HttpResponse(message, content_type="text/plain; charset=utf-8", status=400)
    text = render_text(description, f"roles/job_description.{extension}")
    response = HttpResponse(text, content_type=CONTENT_TYPES[extension])
    filename = f"{description.filename_stem}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@cached_page
@follows_renames("roles:job-description-txt", keep_query=True)
def job_description_text(request, slug):
    return export(request, slug, "txt")


@cached_page
@follows_renames("roles:job-description-md", keep_query=True)
def job_description_markdown(request, slug):
    return export(request, slug, "md")
