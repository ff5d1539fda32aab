from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from ..models import Role
from ..profile import RoleProfile, role_page_queryset


def published_roles():
    return Role.objects.filter(status=Role.Status.PUBLISHED)


def breadcrumbs(*trail):
    return [("Home", reverse("roles:home")), *trail]


def home(request):
    context = {"roles": published_roles(), "breadcrumbs": breadcrumbs()}
    return render(request, "roles/home.html", context)


def role_list(request):
    roles = published_roles().select_related("pay_source", "typical_education_source")
    context = {"roles": roles, "breadcrumbs": breadcrumbs(("Roles", reverse("roles:list")))}
    return render(request, "roles/role_list.html", context)


def role_detail(request, slug):
    role = get_object_or_404(role_page_queryset().filter(status=Role.Status.PUBLISHED), slug=slug)
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
