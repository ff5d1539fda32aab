"""A role's job description: the page with its form, and the same text as downloads and data.

Every address takes the same query string (customise.PARAMS): the page's GET
form writes it, so the page's address is the recruiter's permalink and each
download link carries it on.
"""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from ..caching import cached_page, keep_out_of_page_cache, public_page
from ..job_description import build_job_description, level_options, render_text
from ..job_description.customise import Errors, JobDescriptionForm
from ..job_description.posting import MissingForPosting, job_posting, posting_json
from ..job_description.word import render_docx
from ..models import Role
from .lookup import follows_renames, visible_role
from .pages import breadcrumbs

CONTENT_TYPES = {
    "txt": "text/plain; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def role_for(request, slug):
    return visible_role(request, Role.objects.for_job_description(), slug)


def described(request, role):
    """(description, form): what the request's choices ask for, or (None, form) with its errors.

    The form offers the duties of the level asked for (of the role as a whole if
    that level does not exist), ticked as that level has them.
    """
    levels = level_options(role, "")
    asked = request.GET.get("level", "").strip()
    plain = build_job_description(role, asked if asked in {item.key for item in levels} else "")
    form = JobDescriptionForm(
        request.GET,
        levels,
        duties=[(duty.key, duty.plain) for duty in plain.offered_duties],
        chosen=[duty.key for duty in plain.duties],
    )
    form.plain = plain
    if not form.is_valid():
        return None, form
    choices = form.choices()
    if choices == plain.choices:  # the address asks for nothing the plain one lacks
        return plain, form
    return build_job_description(role, choices.level, choices), form


def own_page(response, description):
    """A customised description is one recruiter's: not kept in the shared page cache."""
    return keep_out_of_page_cache(response) if description.choices.is_customised else response


# An old slug's 301 keeps the query string: it names the description.
@cached_page
@follows_renames("roles:job-description", keep_query=True)
def job_description(request, slug):
    role = role_for(request, slug)
    description, form = described(request, role)
    context = {
        "role": role,
        "form": form,
        "jd": description or form.plain,
        "refused": description is None,
        "breadcrumbs": breadcrumbs(
            ("Roles", reverse("roles:list")),
            (role.title, role.get_absolute_url()),
            ("Job description", reverse("roles:job-description", args=[role.slug])),
        ),
    }
    if description is None:
        sent = request.GET.getlist("duty") if request.GET.get("duties") else None
        context["duty_boxes"] = form.duty_choices(sent)
        return render(request, "roles/job_description.html", context, status=400)
    context["duty_boxes"] = form.duty_choices([duty.key for duty in description.duties])
    context["posting"] = posting_snippet(description)
    return own_page(render(request, "roles/job_description.html", context), description)


def posting_snippet(description):
    """The JobPosting markup the page offers to copy, once company and location are given."""
    try:
        data = job_posting(description, timezone.localdate())
    except MissingForPosting:
        return ""
    return posting_json(data)


def refused_as_text(form):
    message = "These choices could not be used:\n" + Errors.of(form).as_text() + "\n"
    return HttpResponse(message, content_type="text/plain; charset=utf-8", status=400)


def export(request, slug, extension):
    role = role_for(request, slug)
    description, form = described(request, role)
    if description is None:
        return refused_as_text(form)
    if extension == "docx":
        body = render_docx(description)
    else:
        body = render_text(description, f"roles/job_description.{extension}")
    response = HttpResponse(body, content_type=CONTENT_TYPES[extension])
    filename = f"{description.filename_stem}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return own_page(response, description)


def export_view(extension):
    """The view of one download: job-description.<extension>."""

    @cached_page
    @follows_renames(f"roles:job-description-{extension}", keep_query=True)
    def view(request, slug):
        return export(request, slug, extension)

    return view


job_description_text = export_view("txt")
job_description_markdown = export_view("md")
job_description_docx = export_view("docx")


# Not in the page cache: its datePosted is today's date.
@public_page
@follows_renames("roles:job-posting", keep_query=True)
def job_posting_data(request, slug):
    role = role_for(request, slug)
    description, form = described(request, role)
    if description is None:
        errors = Errors.of(form)
        return JsonResponse(
            {"error": "These choices could not be used.", "fields": errors.by_field}, status=400
        )
    try:
        data = job_posting(description, timezone.localdate())
    except MissingForPosting as missing:
        return JsonResponse({"error": str(missing), "missing": missing.fields}, status=400)
    return HttpResponse(posting_json(data), content_type="application/ld+json; charset=utf-8")
