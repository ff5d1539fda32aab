"""Skills check: tick the competencies you have, see how near each career step is."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse

from ..caching import public_page
from ..formatting import number as formatted_number
from ..listing import ListPage
from ..skills_check import (
    HAVE,
    OPEN_CARDS,
    PAGE,
    PAGE_SIZE,
    PREFERRED,
    REQUIRED,
    TICK_PARAMS,
    entry_targets,
    first_steps,
    form_fieldsets,
    ranked_matches,
    read_selection,
)
from ..skills_check_memo import current_check
from .pages import breadcrumbs


def listing_of(matches, selection, number):
    """One page of the matches; its links keep the ticks, as ?have=, so the address says them.

    A page past the last shows the last, and one that is not a page number the
    first: an old link, made before the content changed, still shows results.
    """
    asked = int(number) if number and number.isascii() and number.isdecimal() else 1
    page = Paginator(matches, PAGE_SIZE).get_page(max(asked, 1))
    pairs = [(HAVE, key) for key in sorted(selection.have)]
    return ListPage(page, ("matching step", "matching steps"), reverse("roles:skills-check"), pairs)


@public_page
def skills_check(request):
    check = current_check()
    selection = read_selection(
        {param: request.GET.getlist(param) for param in TICK_PARAMS}, check.catalog
    )
    matches = [] if selection.is_empty else ranked_matches(check.targets, selection)
    listing = listing_of(matches, selection, request.GET.get(PAGE))
    entries = entry_targets(check.targets) if selection.few else []
    context = {
        "fieldsets": form_fieldsets(check.catalog),
        "selection": selection,
        "matches": matches,
        "listing": listing,
        "first_rank": listing.page.start_index() if matches else 0,
        "rung_count": len(check.targets),
        "rung_count_text": formatted_number(len(check.targets)),
        "ladder_count": len(check.ladders),
        "ladder_count_text": formatted_number(len(check.ladders)),
        "match_count_text": formatted_number(len(matches)),
        "required_weight": REQUIRED // PREFERRED,
        # The nearest few cards open, on the first page only: later pages are browsing.
        "open_cards": OPEN_CARDS if listing.page.number == 1 else 0,
        # Someone starting out is shown where the ladders start, even those they have none of.
        "entry_rungs": first_steps(entries, matches) if entries else [],
        "entry_count": len(entries),
        "breadcrumbs": breadcrumbs(("Skills check", reverse("roles:skills-check"))),
    }
    return render(request, "roles/skills_check.html", context)
