"""build_job_description(): a role's job description, for the role as a whole or one level."""

from django.utils.html import escape

from ..catalog import CERTIFICATIONS, SKILLS, TOOLS
from ..formatting import plain_text
from ..models import WorkingCondition
from . import selection, wording
from .customise import Choices, pay_text
from .document import (
    Asked,
    Duty,
    Fact,
    Footnote,
    HeadedList,
    JobDescription,
    LevelOption,
    OtherRole,
    Pay,
    UnknownLevel,
    job_description_url,
)
from .selection import LIST_LIMITS, offered_levels, pick, role_levels, split_at

# The order "What you bring" lists things in, and each kind's heading.
KIND_LABELS = [(CERTIFICATIONS, "Certifications"), (SKILLS, "Skills"), (TOOLS, "Tools")]


def level_options(role, current):
    return [
        LevelOption(
            rung.key,
            wording.level_label(role, rung),
            rung.title,
            job_description_url("roles:job-description", role, rung.key),
            rung.key == current,
        )
        for rung in offered_levels(role)
    ]


def other_roles(role):
    return [
        OtherRole(rung.title, job_description_url("roles:job-description", rung.linked_role))
        for rung in selection.other_role_rungs(role)
    ]


# --- duties ---------------------------------------------------------------------------


def as_duty(item):
    return Duty(item.text, item.text_html, plain_text(item.text_html))


def written_duty(text):
    """A duty the site writes itself (plain text, no markdown)."""
    return Duty(text, escape(text), text)


def whole_role_duties(duties, levels):
    """For the role as a whole: the duties most of its levels require, first."""

    def required_count(item):
        return sum(selection.requirement_at(item, rung) == selection.REQUIRED for rung in levels)

    ranked = sorted(duties, key=lambda item: -required_count(item))
    return selection.in_profile_order(ranked[: selection.MAX_DUTIES])


def duties_for(role, rung, levels):
    duties = selection.job_duties(role)
    if rung is None:
        return [as_duty(item) for item in whole_role_duties(duties, levels)]
    chosen = selection.level_duties(duties, rung)
    if rung.role_level:
        return [as_duty(item) for item in selection.top_up(chosen, duties, rung)]
    # The supervisor: duties that name it, leading the crew, then the crew's harder work.
    written = wording.supervising_duties(role)
    room = max(0, selection.MAX_DUTIES - len(chosen) - len(written))
    harder = [item for item in selection.leading_duties(duties, levels) if item not in chosen]
    floor = selection.MIN_DUTIES - len(written)
    more = selection.top_up(chosen + harder[:room], duties, rung, floor)
    return [
        *(as_duty(item) for item in chosen),
        *(written_duty(text) for text in written),
        *(as_duty(item) for item in more[len(chosen) :]),
    ]


def offered_duties(role, rung, defaults):
    """Every duty the recruiter may choose from: the level's own first, then the role's others."""
    offered = {duty.key: duty for duty in defaults}
    for item in selection.job_duties(role):
        offered.setdefault(as_duty(item).key, as_duty(item))
    return list(offered.values())


def chosen_duties(offered, keys):
    wanted = set(keys)
    return [duty for duty in offered if duty.key in wanted]


# --- requirements -----------------------------------------------------------------------


def names(links, kind):
    return [selection.record_of(link, kind).name for link in links]


def asked_of_kind(role, rung, kind):
    """(required names, preferred names) of one catalog kind at a level of the role."""
    links = selection.catalog_links(role, kind)
    split = split_at(links, rung)
    key = selection.key_records(rung, kind)
    first = [link for link in links if selection.record_of(link, kind) in key]
    limit = LIST_LIMITS[kind.name]
    return (
        names(pick(split.required, limit, first), kind),
        names(pick(split.preferred, limit, first), kind),
    )


def supervisor_asks(rung, top, kind):
    """The supervisor's own key records, and the top level's, which it builds on."""
    own = [record.name for record in selection.key_records(rung, kind)]
    below = [record.name for record in selection.key_records(top, kind) if record.name not in own]
    if kind is CERTIFICATIONS:
        # Certifications on the ladder are ones people earn on the way up, not a bar to entry.
        return [], sorted(own) + sorted(below)
    return sorted(own), sorted(below)


def education_at(role, rung):
    split = split_at(role.educationoption_set.all(), rung)
    limit = LIST_LIMITS["education"]
    required = [item.name for item in pick(split.required, limit)]
    if not required and wording.typical_education(role):
        required = [wording.typical_education(role)]
    return required, [item.name for item in pick(split.preferred, limit)]


def whole_role_rung(levels):
    """For the role as a whole, its entry level speaks for what every new hire needs."""
    return levels[0] if levels else None


def requirements(role, rung, levels):
    """(What you bring, Nice to have): lists of Asked, kind by kind, for a level."""
    required, preferred = [], []

    def add(label, wanted, nice):
        if wanted:
            required.append(Asked(label, wanted))
        if nice:
            preferred.append(Asked(label, nice))

    years = wording.experience(rung, levels) if rung else ""
    add("Experience", [years] if years else [], [])
    acting = rung if rung is not None and rung.role_level else levels[-1]
    add("Education", *education_at(role, acting))
    for kind, label in KIND_LABELS:
        if rung is not None and not rung.role_level:
            add(label, *supervisor_asks(rung, levels[-1], kind))
        else:
            add(label, *asked_of_kind(role, rung or whole_role_rung(levels), kind))
    return required, preferred


# --- working conditions and sources ------------------------------------------------------


def working_conditions(role):
    labels = dict(WorkingCondition.Kind.choices)
    groups = {}
    for item in role.workingcondition_set.all():
        text = wording.without_source_talk(item.text)
        if text:
            groups.setdefault(item.kind, []).append(text)
    order = WorkingCondition.Kind.values
    return [HeadedList(labels[kind], groups[kind]) for kind in order if kind in groups]


def sources_of(role, rung, duty_texts, footnotes):
    found = [source for note in footnotes for source in note.sources]
    for item in selection.job_duties(role):
        if item.text in duty_texts:
            found += item.sources
    for item in role.workingcondition_set.all():
        found += item.sources
    if rung is not None and rung.source is not None:
        found.append(rung.source)
    unique = {source.key: source for source in found if source is not None}
    return [unique[key] for key in sorted(unique)]


def fit_note(rung):
    if rung is None:
        return "Duties and requirements for the role as a whole: those most of its levels share."
    if not rung.role_level:
        return (
            f"The {rung.title}'s leading duties are the site's own summary of running a crew; "
            "the others are the work of the level below that the profile's sources set apart."
        )
    return (
        "Duties and requirements follow the level fits in the role's profile: each item "
        "names the levels it applies at, on its sources' word or the editors' call, and an "
        "item that names none is a nice-to-have at every level."
    )


# --- the description ----------------------------------------------------------------------


def find_level(role, level_key):
    if not level_key:
        return None
    rung = next((item for item in offered_levels(role) if item.key == level_key), None)
    if rung is None:
        raise UnknownLevel(level_key, level_options(role, ""))
    return rung


def reports_to(role, rung):
    """The rung a level answers to: the supervisor for a level, the rung above the supervisor."""
    if rung is None:
        return None
    ladder = selection.ladder_of(role)
    supervisor = selection.supervising_rung(role)
    start = supervisor if rung.role_level and supervisor is not None else rung
    if start is not rung:
        return start
    above = [item for item in ladder if item.position > rung.position]
    return above[0] if above else None


def the_pay(role, rung, choices, footnotes):
    """The pay line: the employer's own when given, otherwise the sources' range for the level."""
    paid = wording.pay(role, rung)
    if choices.has_pay:
        compared = f" For comparison, the sources give: {paid[1]}" if paid else ""
        note = Footnote(1, f"Pay as set by the employer.{compared}", paid[2] if paid else [])
        footnotes.append(note)
        return Pay(pay_text(choices, role.pay_currency or "USD"), note)
    if paid is None:
        return None
    line, text, sources = paid
    footnotes.append(Footnote(1, text, sources))
    return Pay(line, footnotes[0])


def facts_of(choices):
    facts = [
        ("Company", choices.company),
        ("Location", choices.location),
        ("Employment type", choices.employment_type_label),
        ("Shift", choices.shift),
    ]
    return [Fact(label, value) for label, value in facts if value]


def build_job_description(role, level_key="", choices=None):
    """The job description of role (from Role.objects.for_job_description()), at a level or not.

    choices (customise.Choices) carry the recruiter's details and duty choice.
    Raises UnknownLevel when level_key names no level this description offers.
    """
    choices = choices or Choices(level=level_key)
    rung = find_level(role, level_key)
    levels = role_levels(role)
    footnotes = []
    pay = the_pay(role, rung, choices, footnotes)
    duties_note = Footnote(len(footnotes) + 1, fit_note(rung), [])
    footnotes.append(duties_note)
    defaults = duties_for(role, rung, levels)
    offered = offered_duties(role, rung, defaults)
    duties = defaults if choices.duties is None else chosen_duties(offered, choices.duties)
    required, preferred = requirements(role, rung, levels) if levels else ([], [])
    title = rung.title if rung else role.title
    return JobDescription(
        role=role,
        title=title,
        level=rung.key if rung else "",
        levels=level_options(role, rung.key if rung else ""),
        other_roles=other_roles(role),
        opening=wording.hiring(choices, title)
        + wording.opening(role, rung, offered_levels(role), reports_to(role, rung)),
        pay=pay,
        duties_intro=wording.duties_intro(rung),
        duties=duties,
        required=required,
        preferred=preferred,
        working_conditions=working_conditions(role),
        footnotes=footnotes,
        sources=sources_of(role, rung, {duty.text for duty in duties}, footnotes),
        facts=facts_of(choices),
        duties_note=duties_note,
        choices=choices,
        offered_duties=offered,
    )
