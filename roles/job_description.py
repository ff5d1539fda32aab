"""A ready-to-use job description built from a role profile, at one level or for the whole role.

build_job_description() turns a role (from job_description_queryset()) into plain
data; the HTML page, the plain-text export and the markdown export all render that
same object, so the three never disagree about what the description says.
"""

import html
import re
from collections import Counter
from dataclasses import dataclass

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import strip_tags

from .models import LadderRung, Role, SalaryBand
from .profile import RoleProfile
from .templatetags.roles_tags import money, partial_date, per

ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"]
COUNTS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight"]


def job_description_queryset():
    """Only what a job description shows, in a fixed number of queries."""
    levels = LadderRung.objects.filter(role_level=True).select_related("source")
    bands = SalaryBand.objects.select_related("source")
    return Role.objects.select_related(
        "median_pay_source", "pay_source", "typical_education_source"
    ).prefetch_related(
        "responsibility_set__source",
        "workingcondition_set__source",
        "roletool_set__tool",
        "roleskill_set__skill",
        "rolecertification_set__certification",
        "educationoption_set__source",
        Prefetch("ladderrung_set", queryset=levels, to_attr="levels"),
        Prefetch("levels__salary_bands", queryset=bands),
        "levels__skills",
        "levels__tools",
        "levels__certifications",
    )


def role_levels(role):
    """The ladder rungs that are levels of the role itself, from any queryset."""
    levels = getattr(role, "levels", None)
    if levels is None:  # the role page's queryset prefetches the whole ladder
        levels = [rung for rung in role.ladderrung_set.all() if rung.role_level]
    return levels


def level_label(role, rung):
    """'Senior' for 'Senior Production Technician'; the full title when nothing is left."""
    short = rung.title.replace(role.title, "").strip(" /-–")
    return short or rung.title


def job_description_url(name, role, level_key=""):
    url = reverse(name, args=[role.slug])
    return f"{url}?level={level_key}" if level_key else url


# --- plain data -------------------------------------------------------------


@dataclass
class Cite:
    """'Source: <title>, <date>', the note every figure carries."""

    source: object
    as_of: str = ""

    @property
    def date(self):
        return partial_date(self.as_of or self.source.date)

    @property
    def text(self):
        return f"Source: {self.source.title}, {self.date}"


def cite(source, as_of=""):
    return Cite(source, as_of) if source is not None else None


@dataclass
class Line:
    """One statement of the description, with its source note when it gives a figure."""

    text: str
    note: str = ""
    cite: Cite | None = None

    @property
    def sentence(self):
        """The statement and its note as running text, for the text exports."""
        return f"{full_stop(self.text)} {self.note}" if self.note else self.text


@dataclass
class Duty:
    text: str  # markdown, as written (the markdown export)
    html: str  # rendered from that markdown (the page)
    plain: str  # the rendered text without markup (the plain-text export)
    focus: bool = False


@dataclass
class Group:
    label: str
    items: list


@dataclass
class LevelOption:
    key: str
    label: str
    title: str
    url: str
    current: bool


@dataclass
class LevelFocus:
    title: str
    summary: str
    focus: list
    skills: list
    tools: list
    certifications: list
    cite: Cite | None


@dataclass
class JobDescription:
    role: Role
    title: str
    level: str  # the rung key, or "" for the role as a whole
    levels: list
    summary: str
    overview: list
    at_this_level: LevelFocus | None
    responsibilities: list
    education: list
    experience: list
    certifications: list
    skills: list
    tools: list
    working_conditions: list
    pay: list
    pay_note: str
    sources: list

    @property
    def filename_stem(self):
        parts = [self.role.slug, self.level, "job-description"]
        return "-".join(part for part in parts if part)

    @property
    def page_url(self):
        return job_description_url("roles:job-description", self.role, self.level)

    @property
    def txt_url(self):
        return job_description_url("roles:job-description-txt", self.role, self.level)

    @property
    def md_url(self):
        return job_description_url("roles:job-description-md", self.role, self.level)


class UnknownLevel(Exception):
    def __init__(self, key, levels):
        super().__init__(key)
        self.key = key
        self.levels = levels


# --- building it ------------------------------------------------------------


def sentence_list(names, conjunction="and"):
    """'a, b and c'; with semicolons when a name has its own 'and' ('x and y; z; and w')."""
    names = list(names)
    if len(names) < 2:
        return "".join(names)
    if any(f" {conjunction} " in name for name in names) and len(names) > 2:
        return f"{'; '.join(names[:-1])}; {conjunction} {names[-1]}"
    return f"{', '.join(names[:-1])} {conjunction} {names[-1]}"


def lower_first(text):
    """'Quality control' -> 'quality control', but 'PLC work' stays as it is."""
    if len(text) > 1 and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def full_stop(text):
    """End a sentence once: 'Do this' -> 'Do this.', 'Is it?' stays."""
    return text if text.endswith((".", "?", "!")) else f"{text}."


def plain_text(rendered_html):
    return html.unescape(strip_tags(rendered_html))


# Emphasis by level, kept deliberately simple: a duty is a focus of the level
# when it shares a meaningful word with the level's focus areas. Words are cut
# to their first six letters so "maintain" meets "maintenance"; short words, a
# few filler words, and words found in many of the role's duties (such as
# "production" or "equipment") are ignored, since they would match nearly
# every duty and say nothing about the level.
STEM_LENGTH = 6
FILLER_TEXT = """
    about after again also always among apply being carry done each every find follow from
    good have help high into keep learn make more need other over part same small spot start
    take than that their them then they this those through together under well what when where
    which while whole with without work your
"""
FILLER_WORDS = frozenset(FILLER_TEXT.split())


def stems(text):
    words = re.findall(r"[a-z]+", text.lower())
    return {word[:STEM_LENGTH] for word in words if len(word) >= 4 and word not in FILLER_WORDS}


def focus_stems(rung, duty_texts):
    # A word in more than an eighth of the duties (and more than two) is too common to count.
    limit = max(2, len(duty_texts) / 8)
    counts = Counter(stem for text in duty_texts for stem in stems(text))
    common = {stem for stem, count in counts.items() if count > limit}
    return set().union(*(stems(item) for item in rung.focus)) - common


def duty_groups(profile):
    """The profile's duty groups without résumé examples, which are one worker's
    history rather than duties of the job; groups left empty are dropped."""
    groups = []
    for group in profile.responsibility_groups:
        items = [item for item in group.items if not item.example]
        if items:
            groups.append(Group(group.label, items))
    return groups


def responsibility_groups(profile, rung):
    """The duty groups; at a level, the duties it focuses on come first, marked."""
    groups = duty_groups(profile)
    texts = [item.text for group in groups for item in group.items]
    wanted = focus_stems(rung, texts) if rung else set()
    marked = []
    for group in groups:
        items = [
            Duty(
                item.text,
                item.text_html,
                plain_text(item.text_html),
                bool(wanted & stems(item.text)),
            )
            for item in group.items
        ]
        # sorted() is stable: within each kind, the profile's own order stands.
        marked.append(Group(group.label, sorted(items, key=lambda duty: not duty.focus)))
    return marked


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


def level_focus(rung):
    if rung is None:
        return None
    return LevelFocus(
        title=rung.title,
        summary=rung.summary,
        focus=list(rung.focus),
        skills=[skill.name for skill in rung.skills.all()],
        tools=[tool.name for tool in rung.tools.all()],
        certifications=[certification.name for certification in rung.certifications.all()],
        cite=cite(rung.source),
    )


def education(role):
    lines = []
    if role.typical_education:
        lines.append(
            Line(
                f"Typical education: {role.typical_education}",
                cite=cite(role.typical_education_source, role.typical_education_as_of),
            )
        )
    for option in role.educationoption_set.all():
        details = [option.name]
        if option.duration:
            details.append(option.duration)
        if option.cost_low is not None:
            cost = money(option.cost_low, option.currency)
            if option.cost_high is not None:
                cost += f"–{money(option.cost_high, option.currency)}"
            details.append(cost)
        # Like the role page: the source note goes with the figures (cost, duration).
        has_figures = option.cost_low is not None or bool(option.duration)
        note = cite(option.source, option.as_of) if has_figures else None
        lines.append(Line(" · ".join(details), cite=note))
    return lines


def experience(rungs):
    lines = []
    for rung in rungs:
        if rung.years_label:
            lines.append(Line(f"{rung.title}: {rung.years_label}", cite=cite(rung.source)))
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


def band_figures(band):
    """'$55,000–$70,000/yr' or 'median $65,000, average $68,000/yr', worded as on the role page."""
    return render_to_string("roles/charts/pay_figures.html", {"band": band}).strip()


def role_pay(role):
    lines = []
    if role.pay_low is not None:
        plus = "+" if role.pay_high_open_ended else ""
        low, high = money(role.pay_low, role.pay_currency), money(role.pay_high, role.pay_currency)
        figure = f"Pay range: {low}–{high}{plus}{per(role.pay_period)}"
        lines.append(Line(figure, role.pay_note, cite(role.pay_source, role.pay_as_of)))
    if role.median_pay is not None:
        median = money(role.median_pay, role.median_pay_currency)
        figure = f"Median pay: {median}{per(role.median_pay_period)}"
        source = cite(role.median_pay_source, role.median_pay_as_of)
        lines.append(Line(figure, role.median_pay_note, source))
    return lines


def level_pay(rung):
    return [
        Line(
            f"{band.level}{f' ({band.region})' if band.region else ''}: {band_figures(band)}",
            cite=cite(band.source, band.as_of),
        )
        for band in rung.salary_bands.all()
    ]


def pay(role, rung):
    """A level's own salary bands (from each source that gives them), else the role's range."""
    if rung is None:
        return role_pay(role), ""
    lines = level_pay(rung)
    if lines:
        return lines, "Pay for this level, as each source reports it."
    return role_pay(role), "The sources give no pay for this level alone; these are the role's."


def collect_cites(*parts):
    found = []
    for part in parts:
        for item in part:
            if isinstance(item, Group):
                found += collect_cites(item.items)
            elif getattr(item, "cite", None):
                found.append(item.cite)
    return found


def listed_sources(role, cites, rung):
    found = [item.source for item in cites]
    found += [item.source for item in role.responsibility_set.all()]
    if rung is not None and rung.source:
        found.append(rung.source)
    unique = {source.key: source for source in found if source is not None}
    return [unique[key] for key in sorted(unique)]


def build_job_description(role, level_key=""):
    """The job description of role (from job_description_queryset()), at a level or not.

    Raises UnknownLevel when level_key names no level of this role.
    """
    levels = role_levels(role)
    rung = None
    if level_key:
        rung = next((item for item in levels if item.key == level_key), None)
        if rung is None:
            raise UnknownLevel(level_key, level_options(role, ""))
    profile = RoleProfile(role)
    working_conditions = [
        Group(group.label, [Line(item.text, cite=cite(item.source)) for item in group.items])
        for group in profile.working_condition_groups
    ]
    education_lines = education(role)
    experience_lines = experience([rung] if rung else levels)
    pay_lines, pay_note = pay(role, rung)
    cites = collect_cites(education_lines, experience_lines, working_conditions, pay_lines)
    return JobDescription(
        role=role,
        title=rung.title if rung else role.title,
        level=rung.key if rung else "",
        levels=level_options(role, rung.key if rung else ""),
        summary=role.summary,
        overview=overview(role, profile, rung, levels),
        at_this_level=level_focus(rung),
        responsibilities=responsibility_groups(profile, rung),
        education=education_lines,
        experience=experience_lines,
        certifications=certifications(role),
        skills=[
            Group(kind.label, [link.skill.name for link in kind.items])
            for kind in profile.skills_by_kind
            if kind.items
        ],
        tools=[
            Group(category.label, [link.tool.name for link in category.items])
            for category in profile.tool_groups
        ],
        working_conditions=working_conditions,
        pay=pay_lines,
        pay_note=pay_note,
        sources=listed_sources(role, cites, rung),
    )


def level_options(role, current):
    return [
        LevelOption(
            rung.key,
            level_label(role, rung),
            rung.title,
            job_description_url("roles:job-description", role, rung.key),
            rung.key == current,
        )
        for rung in role_levels(role)
    ]


# --- the two text exports -----------------------------------------------------


MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


def markdown_escape(text):
    """Plain words (names, notes) as markdown that shows them exactly."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def tidy(text):
    """Template output as clean text: no trailing spaces, one blank line between blocks."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"


def render_text(description, template):
    return tidy(render_to_string(template, {"jd": description}))
