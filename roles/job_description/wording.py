"""The sentences of a job description, in the employer's voice, and its pay line and footnote.

Nothing here names a source: a description speaks as the employer would, and
what it is built from goes in the footnotes under "Sources" at its end.
"""

import re

from ..formatting import (
    figure_date,
    money,
    pay_range,
    per_hour,
    role_pay_range,
    salary_band_figures,
    sentence_list,
)

# Words that give away talk about where a statement comes from ("the how-to
# guide adds ...", "résumés mention ..."). A clause carrying one is left out of
# the body; the footnotes say where things come from.
SOURCE_TALK = re.compile(
    r"\b(guides?|sources?|seeds?|surveys?|résumés?|per the|according to|Himalayas)\b", re.I
)


def level_label(role, rung):
    """'Senior' for 'Senior Production Technician'; the full title when nothing is left."""
    short = rung.title.replace(role.title, "").strip(" /-–")
    return short or rung.title


def without_source_talk(text):
    """text without its sentences, or clauses after a semicolon, that talk about sources."""
    kept = []
    for sentence in re.split(r"(?<=[.!?])\s+", text.strip()):
        clauses = [part for part in sentence.split("; ") if part and not SOURCE_TALK.search(part)]
        if clauses:
            kept.append("; ".join(clauses).rstrip(".") + ".")
    return " ".join(kept)


# --- the opening ---------------------------------------------------------------------


def plural(title):
    return f"{title.lower()}s"


def hiring(choices, title):
    """'Acme Stamping is hiring a Senior Press Technician in Dayton, OH.', given a company."""
    if not choices.company:
        return []
    where = f" in {choices.location}" if choices.location else ""
    article = "an" if title[:1].lower() in "aeiou" else "a"
    return [f"{choices.company} is hiring {article} {title}{where}."]


def opening(role, rung, levels, above):
    """The paragraphs under the title: the job, this level's place, whom it reports to."""
    paragraphs = [role.summary]
    about = []
    if rung is None:
        titles = sentence_list([item.title for item in levels], "or")
        about.append(f"We hire for it as {titles}.")
    else:
        brief = without_source_talk(rung.summary)
        if brief:
            about.append(f"At this level: {brief}")
        if above is not None:
            about.append(f"You will report to the {above.title}.")
    if role.alternative_titles:
        titles = sentence_list(role.alternative_titles, "or")
        about.append(f"The job is also advertised as {titles}.")
    return paragraphs + ([" ".join(about)] if about else [])


def duties_intro(rung):
    if rung is None:
        return "Across the levels, you will:"
    return "As our " + rung.title + ", you will:"


# The supervising rung's own work. The profile's duties are the crew's; a
# supervisor hired from that crew answers for all of it, so these say what the
# role itself adds: people, plans and the shift's results.
SUPERVISING_DUTIES = [
    "Lead the {crew} on your shift and answer for the shift's output, quality and safety record.",
    "Plan staffing for each shift, hand out the work and move people to where the line needs them.",
    "Hold regular one-to-one talks and yearly performance reviews, and settle conflicts early "
    "and fairly.",
    "Plan training so that every new starter knows the equipment and the safety rules before "
    "working alone.",
    "Track the shift's targets, scrap and downtime, and report them to plant management "
    "every week.",
    "Run continuous improvement projects with your teams and follow up on what they change.",
    "Agree priorities with maintenance, quality and planning so that problems are fixed for good.",
]


def supervising_duties(role):
    return [text.format(crew=plural(role.title)) for text in SUPERVISING_DUTIES]


# --- requirements ------------------------------------------------------------------------


def experience(rung, levels):
    """'2–4 years of relevant experience.' for a level; '' when the ladder gives no years."""
    low, high = rung.years_min, rung.years_max
    if low is None and high is None:
        return ""
    if not low:
        return f"Up to {high} years of relevant experience: this is an entry level."
    years = f"{low}+ years" if high is None else f"{low}–{high} years"
    if not rung.role_level and levels:
        return f"{years} of relevant experience, including time as a {levels[-1].title}."
    return f"{years} of relevant experience."


def typical_education(role):
    return role.typical_education.split(";")[0].strip() if role.typical_education else ""


# --- pay -------------------------------------------------------------------------------


def spread(bands):
    """(low, high, open-ended) across bands: the lowest minimum to the highest maximum.

    A band that gives only a median or an average counts with that figure when
    no band gives a minimum (or a maximum).
    """
    figures = [
        value
        for band in bands
        for value in (band.min, band.median, band.average, band.max)
        if value is not None
    ]
    lows = [band.min for band in bands if band.min is not None] or figures
    highs = [band.max for band in bands if band.max is not None] or figures
    high = max(highs)
    open_ended = any(band.max_open_ended and band.max == high for band in bands)
    return min(lows), high, open_ended


def one_end(low, high):
    """A range's top, or None when it is its bottom: one figure, not '$16.60–$16.60'."""
    return None if high == low else high


def yearly_and_hourly(bands):
    """'$30,000–$40,000 a year (about $14.42–$19.23 an hour)' from one currency's bands."""
    yearly = [band for band in bands if band.period == "year"]
    hourly = [band for band in bands if band.period == "hour"]
    currency = (yearly or hourly)[0].currency
    if yearly:
        low, high, open_ended = spread(yearly)
        text = f"{pay_range(low, one_end(low, high), currency, open_ended=open_ended)} a year"
        hour_low, hour_high = per_hour(low), per_hour(high)
    else:
        text, (hour_low, hour_high, open_ended) = "", spread(hourly)
    hours = pay_range(hour_low, one_end(hour_low, hour_high), currency, open_ended=open_ended)
    if not text:
        return f"{hours} an hour"
    return f"{text} (about {hours} an hour)"


def band_note(band):
    """'Entry-level press technician (United States): $38,000–$47,000/yr, Acme survey, 2024.'"""
    level = f"{band.level} ({band.region})" if band.region else band.level
    when = figure_date(band.source, band.as_of)
    return f"{level}: {salary_band_figures(band)}, {band.source.title}, {when}"


def level_pay(rung):
    """(pay line, footnote text, sources) for a level from its salary bands, or None."""
    bands = [band for band in rung.pay_bands() if band.source is not None]
    if not bands:
        return None
    currency = bands[0].currency
    same = [band for band in bands if band.currency == currency and band.period in ("year", "hour")]
    line = yearly_and_hourly(same)
    if len({band.source.key for band in same}) > 1:
        lead = "The range runs from the lowest to the highest figure these sources give"
    else:
        lead = "The range is the one this source gives"
    note = f"{lead} (hourly figures divide a year by 2,080 hours): " + "; ".join(
        band_note(band) for band in bands
    )
    return line, note + ".", [band.source for band in bands]


def role_pay(role, rung):
    """The role's own range, for the role as a whole or a level no source pays on its own."""
    if role.pay_low is None or role.pay_source is None:
        return None
    line = role_pay_range(role, period=False)
    if role.pay_period == "year":
        hours = pay_range(per_hour(role.pay_low), per_hour(role.pay_high), role.pay_currency)
        line += f" a year (about {hours} an hour)"
    else:
        line += " an hour"
    scope = (
        "for the role as a whole"
        if rung is None
        else "for the role: no source pays this level alone"
    )
    note = (
        f"Pay {scope}: {role_pay_range(role)}, {role.pay_source.title}, "
        f"{figure_date(role.pay_source, role.pay_as_of)}."
    )
    if role.median_pay is not None and role.median_pay_source is not None:
        note += (
            f" Median {money(role.median_pay, role.median_pay_currency)}, "
            f"{role.median_pay_source.title}, "
            f"{figure_date(role.median_pay_source, role.median_pay_as_of)}."
        )
    sources = [role.pay_source, role.median_pay_source]
    return line, note, [source for source in sources if source is not None]


def pay(role, rung):
    return (level_pay(rung) if rung is not None else None) or role_pay(role, rung)
