"""Compare two or three roles side by side: /compare/?roles=a,b."""

from django.shortcuts import redirect, render
from django.urls import reverse

from ..caching import cached_page
from ..comparison import (
    MAX_ROLES,
    canonical_query,
    check_selection,
    compare_roles,
    parse_slugs,
    roles_for_comparison,
)
from ..models import Role
from ..page_tags import ROLE_NAMES, page_depends_on, untracked
from .pages import breadcrumbs


@cached_page
def compare(request):
    values = request.GET.getlist("roles")
    slugs = parse_slugs(values)
    base = reverse("roles:compare")
    # One address per comparison: the form's repeated `roles=a&roles=b` and
    # untidy input (spaces, capitals, repeats) go to the short `roles=a,b` form.
    if len(values) > 1 or (values and ",".join(slugs) != values[0]):
        return redirect(f"{base}?{canonical_query(slugs)}" if slugs else base)

    # The choices show every role's name, and only that.
    with untracked():
        published = list(Role.objects.published().only("slug", "title"))
    page_depends_on(ROLE_NAMES)
    selection = check_selection(slugs, {role.slug for role in published})
    comparison = compare_roles(roles_for_comparison(slugs)) if selection.is_valid else None
    trail = [("Compare roles", base)]
    if comparison:
        trail.append((comparison.title, f"{base}?{comparison.query}"))
    context = {
        "published": published,
        "selection": selection,
        "comparison": comparison,
        "max_roles": MAX_ROLES,
        "breadcrumbs": breadcrumbs(*trail),
    }
    status = 400 if not (selection.is_empty or selection.is_valid) else 200
    return render(request, "roles/compare.html", context, status=status)
