"""Skills check: tick the competencies you have, see how near each career step is."""

from django.shortcuts import render
from django.urls import reverse

from ..caching import public_page
from ..models import Role
from ..skills_check import (
    OPEN_CARDS,
    PARAMS,
    PREFERRED,
    REQUIRED,
    entry_targets,
    equivalence_members,
    form_fieldsets,
    ranked_matches,
    read_selection,
    skills_check_for,
)
from .pages import breadcrumbs


@public_page
def skills_check(request):
    check = skills_check_for(Role.objects.published().for_skills_check(), equivalence_members())
    selection = read_selection(
        {param: request.GET.getlist(param) for param in PARAMS}, check.catalog
    )
    matches = [] if selection.is_empty else ranked_matches(check.targets, selection)
    context = {
        "fieldsets": form_fieldsets(check.catalog),
        "selection": selection,
        "matches": matches,
        "required_weight": REQUIRED // PREFERRED,
        "open_cards": OPEN_CARDS,
        # Someone starting out is shown where the ladders start, even those they have none of.
        "entry_rungs": entry_targets(check.targets) if selection.few else [],
        "breadcrumbs": breadcrumbs(("Skills check", reverse("roles:skills-check"))),
    }
    return render(request, "roles/skills_check.html", context)
