from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse

from ..caching import cached_page
from ..models import Role, SlugRedirect
from ..profile import RoleProfile, role_page_queryset


def published_roles():
    return Role.objects.filter(status=Role.Status.PUBLISHED)


def breadcrumbs(*trail):
    return [("Home", reverse("roles:home")), *trail]


@cached_page
def home(request):
    context = {"roles": published_roles(), "breadcrumbs": breadcrumbs()}
    return render(request, "roles/home.html", context)


@cached_page
def role_list(request):
    roles = published_roles().select_related("pay_source", "typical_education_source")
    context = {"roles": roles, "breadcrumbs": breadcrumbs(("Roles", reverse("roles:list")))}
    return render(request, "roles/role_list.html", context)


def may_preview_drafts(user):
    return user.is_active and user.is_staff and user.has_perm("roles.view_role")


def visible_role_or_redirect(request, queryset, slug, url_name="roles:detail"):
    """The role at slug, or a 301 to its current slug, or 404.

    The public sees published roles only; editors also see drafts, to preview them.
    """
    preview = may_preview_drafts(request.user)
    if not preview:
        queryset = queryset.filter(status=Role.Status.PUBLISHED)
    role = queryset.filter(slug=slug).first()
    if role is not None:
        return role
    moved = SlugRedirect.objects.filter(old_slug=slug).select_related("role").first()
    if moved and (moved.role.is_published or preview):
        return HttpResponsePermanentRedirect(reverse(url_name, args=[moved.role.slug]))
    raise Http404(f"No role at {slug!r}")


@cached_page
def role_detail(request, slug):
    role = visible_role_or_redirect(request, role_page_queryset(), slug)
    if isinstance(role, HttpResponsePermanentRedirect):
        return role
    context = {
        "role": role,
        "profile": RoleProfile(role),
        "breadcrumbs": breadcrumbs(
            ("Roles", reverse("roles:list")), (role.title, role.get_absolute_url())
        ),
    }
    return render(request, "roles/role_detail.html", context)


def page_not_found(request, exception):
    context = {"breadcrumbs": breadcrumbs(("Page not found", request.path))}
    return render(request, "404.html", context, status=404)
