"""Skills self-check: tick what you have, see how near each role and rung is."""

from django.shortcuts import render
from django.urls import reverse

from ..caching import public_page
from ..models import Role
from ..skills_check import (
    PARAMS,
    form_fieldsets,
    offered_records,
    ranked_matches,
    read_selection,
    targets_for,
)
from .pages import breadcrumbs


@public_page
def skills_check(request):
    targets = targets_for(Role.objects.published().for_skills_check())
    offered = offered_records(targets)
    selection = read_selection({param: request.GET.getlist(param) for param in PARAMS}, offered)
    context = {
        "fieldsets": form_fieldsets(offered, selection),
        "selection": selection,
        "matches": [] if selection.is_empty else ranked_matches(targets, selection),
        "breadcrumbs": breadcrumbs(("Skills check", reverse("roles:skills-check"))),
    }
    return render(request, "roles/skills_check.html", context)
