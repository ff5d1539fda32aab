"""Home, the list of roles and a role's own page."""

from django.shortcuts import render
from django.urls import reverse

from ..caching import cached_page
from ..models import Role
from ..profile import RoleProfile
from .lookup import follows_renames, visible_role


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


@cached_page
@follows_renames("roles:detail")
def role_detail(request, slug):
    role = visible_role(request, Role.objects.for_role_page(), slug)
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


def method_not_allowed(request):
    context = {"breadcrumbs": breadcrumbs(("Not allowed", request.path)), "method": request.method}
    response = render(request, "405.html", context, status=405)
    response["Allow"] = "GET, HEAD"
    return response
