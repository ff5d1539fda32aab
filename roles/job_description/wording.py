"""The sentences of a job description: its overview, requirements and pay, each as Lines."""

from ..formatting import (
    lower_first,
    money,
    pay_range,
    period_suffix,
    role_pay_range,
    salary_band_figures,
    sentence_list,
)
from .document import Line, source_note_for
from .selection import duty_groups

ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"]
COUNTS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight"]


def level_label(role, rung):
    """'Senior' for 'Senior Production Technician'; the full title when nothing is left."""
    short = rung.title.replace(role.title, "").strip(" /-–")
    return short or rung.title


def overview(role, profile, rung, levels):
    sentences = []
    if rung and 1 < len(levels) < len(COUNTS):
        sentences.append(
            f"This description is for the {rung.title} level, the {ORDINALS[levels.index(rung)]} "
            f"of the {COUNTS[len(levels)]} levels this guide describes for the role."
        )
    areas = [group.label for group in duty_groups(profile) if group.label]
    if areas:
        named = [lower_first(area) for area in areas[:4]]
        lead = "The main areas of work include" if len(areas) > 4 else "The main areas of work are"
        sentences.append(f"{lead} {sentence_list(named)}.")
    if role.alternative_titles:
        titles = sentence_list(role.alternative_titles, "or")
        sentences.append(f"Employers also advertise it as {titles}.")
    return sentences


# --- requirements -------------------------------------------------------------


def education(role):
    lines = []
    if role.typical_education:
        lines.append(
            Line(
                f"Typical education: {role.typical_education}",
                cite=source_note_for(role.typical_education_source, role.typical_education_as_of),
            )
        )
    for option in role.educationoption_set.all():
        details = [option.name]
        if option.duration:
            details.append(option.duration)
        if option.cost_low is not None:
            details.append(pay_range(option.cost_low, option.cost_high, option.currency))
        # Like the role page: the source note goes with the figures, the cost's own
        # source, or for a duration alone the option's first.
        if option.cost_low is not None:
            note = source_note_for(option.cost_source, option.as_of)
        elif option.duration and option.sources:
            note = source_note_for(option.sources[0], option.as_of)
        else:
            note = None
        lines.append(Line(" · ".join(details), cite=note))
    return lines


def experience(rungs):
    lines = []
    for rung in rungs:
        if rung.years_label:
            lines.append(
                Line(f"{rung.title}: {rung.years_label}", cite=source_note_for(rung.source))
            )
        else:
            lines.append(Line(f"{rung.title}: the sources give no range of years"))
    return lines


def certifications(role):
    return [
        Line(
            " · ".join(filter(None, [link.certification.name, link.certification.issuer])),
            link.note,
        )
        for link in role.rolecertification_set.all()
    ]


# --- pay ----------------------------------------------------------------------


def role_pay(role):
    lines = []
    if role.pay_low is not None:
        figure = f"Pay range: {role_pay_range(role)}"
        lines.append(Line(figure, role.pay_note, source_note_for(role.pay_source, role.pay_as_of)))
    if role.median_pay is not None:
        median = money(role.median_pay, role.median_pay_currency)
        figure = f"Median pay: {median}{period_suffix(role.median_pay_period)}"
        source = source_note_for(role.median_pay_source, role.median_pay_as_of)
        lines.append(Line(figure, role.median_pay_note, source))
    return lines


def level_pay(rung):
    lines = []
    for band in rung.pay_bands():
        level = f"{band.level} ({band.region})" if band.region else band.level
        lines.append(
            Line(
                f"{level}: {salary_band_figures(band)}",
                cite=source_note_for(band.source, band.as_of),
            )
        )
    return lines


def pay(role, rung):
    """A level's own salary bands (from each source that gives them), else the role's range."""
    if rung is None:
        return role_pay(role), ""
    lines = level_pay(rung)
    if lines:
        return lines, "Pay for this level, as each source reports it."
    return role_pay(role), "The sources give no pay for this level alone; these are the role's."
