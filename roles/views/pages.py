"""Home, the list of roles, and the pages of a role's profile."""

from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from .. import role_pages
from ..caching import cached_page
from ..models import Role
from ..profile import RoleProfile
from .lookup import follows_renames, visible_role
from .social import social_image_for


def breadcrumbs(*trail):
    return [("Home", reverse("roles:home")), *trail]


@cached_page
def home(request):
    context = {"roles": Role.objects.published(), "breadcrumbs": breadcrumbs()}
    return render(request, "roles/home.html", context)


@cached_page
def role_list(request):
    roles = Role.objects.published().for_role_list()
    context = {"roles": roles, "breadcrumbs": breadcrumbs(("Roles", reverse("roles:list")))}
    return render(request, "roles/role_list.html", context)


def render_parts(request, parts, context):
    """The page's sections, rendered one after another."""
    html = "".join(
        render_to_string(part.template, context | {"part": part}, request) for part in parts
    )
    return mark_safe(html)  # our own templates output, escaped as they render


def cited_in(html, sources):
    """The sources a page's source notes link to (#source-<key>): its list holds just those."""
    return [source for source in sources if f'href="#source-{source.key}"' in html]


def role_page_view(page):
    """The view of one page of a role's profile (a role_pages.RolePage)."""

    @cached_page
    @follows_renames(f"roles:{page.name}")
    def view(request, slug):
        role = visible_role(request, Role.objects.for_role_page(), slug)
        profile = RoleProfile(role)
        trail = [("Roles", reverse("roles:list")), (role.title, role.get_absolute_url())]
        if page is not role_pages.SUMMARY:
            trail.append((page.title, page.url(role)))
        context = {
            "role": role,
            "profile": profile,
            "page": page,
            "nav": [(item, item.url(role)) for item in role_pages.ALL_PAGES],
            "breadcrumbs": breadcrumbs(*trail),
            "social_image": social_image_for(request, role),
        }
        if page is role_pages.SUMMARY:
            return render(request, "roles/role_summary.html", context)
        body = render_parts(request, profile.parts(page), context)
        # A source's own note (what it is, how far to trust it) on the full profile only:
        # the short pages keep to their question.
        context |= {
            "body": body,
            "sources": cited_in(body, profile.sources),
            "full": page is role_pages.FULL,
        }
        return render(request, "roles/role_page.html", context)

    view.__name__ = view.__qualname__ = f"role_{page.name.replace('-', '_')}"
    return view


def page_not_found(request, exception):
    context = {"breadcrumbs": breadcrumbs(("Page not found", request.path))}
    return render(request, "404.html", context, status=404)


def method_not_allowed(request):
    context = {"breadcrumbs": breadcrumbs(("Not allowed", request.path)), "method": request.method}
    response = render(request, "405.html", context, status=405)
    response["Allow"] = "GET, HEAD"
    return response
