"""A role's job description: the page, and the same text as .txt and .md downloads."""

from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse

from ..caching import cached_page
from ..job_description import (
    UnknownLevel,
    build_job_description,
    job_description_queryset,
    render_text,
)
from .pages import breadcrumbs, visible_role_or_redirect

EXPORTS = {
    "roles:job-description-txt": ("txt", "text/plain; charset=utf-8"),
    "roles:job-description-md": ("md", "text/markdown; charset=utf-8"),
}


def role_or_redirect(request, slug, url_name):
    """The role, or a 301 from an old slug that keeps the query string (?level=...)."""
    found = visible_role_or_redirect(request, job_description_queryset(), slug, url_name)
    if isinstance(found, HttpResponsePermanentRedirect) and request.GET:
        return HttpResponsePermanentRedirect(f"{found['Location']}?{request.GET.urlencode()}")
    return found


@cached_page
def job_description(request, slug):
    role = role_or_redirect(request, slug, "roles:job-description")
    if isinstance(role, HttpResponse):
        return role
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


def export(request, slug, url_name):
    role = role_or_redirect(request, slug, url_name)
    if isinstance(role, HttpResponse):
        return role
    extension, content_type = EXPORTS[url_name]
    try:
        description = build_job_description(role, request.GET.get("level", ""))
    except UnknownLevel as unknown:
        levels = ", ".join(level.key for level in unknown.levels)
        message = f"{role.title} has no level called {unknown.key!r}. Levels: {levels}.\n"
        return HttpResponse(message, content_type="text/plain; charset=utf-8", status=400)
    text = render_text(description, f"roles/job_description.{extension}")
    response = HttpResponse(text, content_type=content_type)
    filename = f"{description.filename_stem}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@cached_page
def job_description_text(request, slug):
    return export(request, slug, "roles:job-description-txt")


@cached_page
def job_description_markdown(request, slug):
    return export(request, slug, "roles:job-description-md")
