"""Home, the list of roles, and the pages of a role's profile."""

from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from .. import role_filters, role_pages
from ..caching import cached_page
from ..listing import page_number, page_of
from ..models import Role
from ..models.queries import complete_page_role
from ..page_tags import EVERY_ROLE
from ..profile import RoleProfile
from .lookup import follows_renames, visible_role
from .social import social_image_for


def breadcrumbs(*trail):
    return [("Home", reverse("roles:home")), *trail]


@cached_page(depends_on=[EVERY_ROLE])
def home(request):
    context = {"roles": Role.objects.published(), "breadcrumbs": breadcrumbs()}
    return render(request, "roles/home.html", context)


@cached_page(depends_on=[EVERY_ROLE])
def role_list(request):
    choice, problems = role_filters.read(request.GET)
    path = reverse("roles:list")
    context = {
        "choice": choice,
        "form": choice.form(problems),
        "problems": problems,
        "listing": None,
        "loosenings": [],
        "breadcrumbs": breadcrumbs(("Roles", path)),
    }
    if problems:  # as compare and the job description answer a value they do not offer
        return render(request, "roles/role_list.html", context, status=400)
    published = Role.objects.published().for_role_list().select_related(*role_filters.CARD_SOURCES)
    listing = page_of(
        choice.roles(published),
        page_number(request.GET),
        role_filters.PER_PAGE,
        path=path,
        pairs=choice.pairs(),
        noun=("role", "roles"),
    )
    context["listing"] = listing
    if not listing.total and choice.is_filtered:
        context["loosenings"] = choice.loosenings(Role.objects.published())
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


def page_profile(request, slug, page):
    """The role at slug with just what page shows, in a number of queries fixed per page."""
    reads = role_pages.READS[page.name]
    role = visible_role(request, Role.objects.for_role_page(reads), slug)
    return RoleProfile(complete_page_role(role, reads), reads)


def role_page_view(page):
    """The view of one page of a role's profile (a role_pages.RolePage)."""

    @cached_page
    @follows_renames(f"roles:{page.name}")
    def view(request, slug):
        profile = page_profile(request, slug, page)
        role = profile.role
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
