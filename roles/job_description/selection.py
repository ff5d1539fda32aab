"""What a job description takes from the profile: its levels, a level's duties and requirements.

The role comes from Role.objects.for_job_description(), which prefetches all of
it (role.ladder is the whole ladder). Which level an item applies at is the
editorial layer's call (content/README.md, "The editorial layer"): an item's
rung fits say required or preferred there, and an item with no fits is
preferred at every level of the role.
"""

from dataclasses import dataclass

from ..models import RungFit

REQUIRED = RungFit.Requirement.REQUIRED
PREFERRED = RungFit.Requirement.PREFERRED

# A level's duties: enough to describe the job, few enough to read in a minute.
MIN_DUTIES = 8
MAX_DUTIES = 12


# --- levels ---------------------------------------------------------------------


def ladder_of(role):
    """The whole ladder, from any queryset (the job description's prefetches it as ladder)."""
    ladder = getattr(role, "ladder", None)
    return ladder if ladder is not None else list(role.ladderrung_set.all())


def role_levels(role):
    """The ladder rungs that are levels of the role itself, from any queryset."""
    levels = getattr(role, "levels", None)
    if levels is None:
        levels = [rung for rung in ladder_of(role) if rung.role_level]
    return levels


def supervising_rung(role):
    """The first rung above the role's levels that is not another role: the crew's supervisor.

    A recruiter hires that rung from the people doing this job, to lead them
    (the Technician's supervisor, the Associate's team leader), so its job
    description is this role's work seen from above. Rungs further up (plant
    manager, director) run a whole plant across many roles: their descriptions
    belong to a management profile, not to this one. A rung that is another
    role (the Associate's "technician") has that role's own description.
    """
    levels = role_levels(role)
    if not levels:
        return None
    top = levels[-1].position
    above = [rung for rung in ladder_of(role) if rung.position > top and not rung.linked_role_id]
    return above[0] if above else None


def offered_levels(role):
    """Every rung a recruiter hires for with this description: the levels, then their supervisor."""
    supervisor = supervising_rung(role)
    return [*role_levels(role), *([supervisor] if supervisor else [])]


def other_role_rungs(role):
    """Rungs that are other (published) roles: their own descriptions, linked instead."""
    return [rung for rung in ladder_of(role) if rung.linked_role_id and rung.linked_role]


# --- which items apply at a level ---------------------------------------------------


def requirement_at(item, rung):
    """ "required", "preferred" or None: what the item's fits say about rung (prefetch fits).

    With no fits the item is preferred at every level of the role and at no other rung.
    """
    fits = item.rung_requirements()
    if fits is None:
        return PREFERRED if rung.role_level else None
    return fits.get(rung.key)


def fitted_rung_count(item):
    """How many rungs an item names: the fewer, the more it says about the level it fits."""
    fits = item.rung_requirements()
    return len(fits) if fits is not None else float("inf")


def specific_first(items):
    """Items that fit fewer rungs first; the profile's own order within each count."""
    return sorted(items, key=fitted_rung_count)


def in_profile_order(items):
    return sorted(items, key=lambda item: item.position)


@dataclass
class Split:
    required: list
    preferred: list


def split_at(items, rung):
    """The items that apply at rung, required and preferred, in the profile's order."""
    split = Split([], [])
    for item in items:
        requirement = requirement_at(item, rung)
        if requirement == REQUIRED:
            split.required.append(item)
        elif requirement == PREFERRED:
            split.preferred.append(item)
    return split


def pick(items, limit, first=()):
    """At most limit of items, those in first (the rung's key records) then the most specific."""
    chosen = [item for item in items if item in first] + specific_first(
        [item for item in items if item not in first]
    )
    return in_profile_order(chosen[:limit])


# --- duties -------------------------------------------------------------------------


def job_duties(role):
    """The role's duties without résumé examples, which are one worker's history."""
    return [item for item in role.responsibility_set.all() if not item.example]


def level_duties(duties, rung):
    """A level's duties: those its fits make required, then preferred, most specific first."""
    split = split_at(duties, rung)
    required = pick(split.required, MAX_DUTIES)
    fitted = [item for item in split.preferred if item.rung_requirements() is not None]
    preferred = pick(fitted, MAX_DUTIES - len(required))
    return required + preferred


def top_up(chosen, duties, rung, minimum=MIN_DUTIES):
    """chosen, with duties that name no rung added until there are minimum of them."""
    spare = [item for item in duties if item.rung_requirements() is None and item not in chosen]
    return chosen + spare[: max(0, minimum - len(chosen))]


def leading_duties(duties, levels):
    """Duties the top level requires and the entry level does not: the crew's harder work."""
    entry, top = levels[0], levels[-1]
    return [
        item
        for item in duties
        if requirement_at(item, top) == REQUIRED and requirement_at(item, entry) != REQUIRED
    ]


# --- requirements ---------------------------------------------------------------------

# At most this many names of each kind, so a level's list stays readable; the
# rung's own key records come first, then those that fit fewest rungs.
LIST_LIMITS = {"skill": 10, "tool": 8, "certification": 6, "education": 4}


def catalog_links(role, kind):
    return list(getattr(role, kind.link_set).all())


def key_records(rung, kind):
    return set(getattr(rung, kind.plural).all())


def record_of(link, kind):
    return getattr(link, kind.name)
