"""A role's prefetched records, arranged the way its page reads them."""

from dataclasses import dataclass
from functools import cached_property

from . import charts, role_pages
from .career_path import join_ladders, path_steps
from .catalog import SKILLS, TOOLS
from .content.key_facts import ROLE_SOURCE_FIELDS
from .grouping import Group, grouped
from .models import Cited, ProCon, RoleSkill, Section, Source, WorkingCondition
from .models.queries import add_neighbour_ladders, present_attr, prose_attr, role_item_lists
from .quick_facts import QuickFacts


@dataclass
class PayCell:
    """One source's bands at one rung."""

    bands: list

    @property
    def converted(self):
        """Whether to show yearly figures per hour too: not when the source gives hourly pay."""
        return not any(band.period == "hour" for band in self.bands)


@dataclass
class PayTable:
    sources: list  # the columns
    rows: list  # (rung, [a PayCell for each source])


@dataclass
class TocEntry:
    anchor: str
    label: str


@dataclass
class PagePart:
    """One section of a role page: its template, and its prose when it is prose only."""

    key: str
    template: str
    section: object = None


@dataclass
class Prose:
    """A prose section as one page fetched it: its HTML, without the Section row."""

    kind: str
    body_html: str

    def get_kind_display(self):
        return Section.Kind(self.kind).label


# Each section's label in the profile's contents; prose sections go by their kind's.
LABELS = {
    "key-facts": "Key facts",
    "outlook-facts": "Growth and openings",
    "occupation-codes": "Occupation codes",
    "responsibilities": "Responsibilities",
    "tools": "Tools and technology",
    "skills": "Skills",
    "certifications": "Certifications",
    "pay": "Pay",
    "ladder": "Career ladder",
    "pros-cons": "Pros and cons",
    "faqs": "FAQs",
    "related": "Related careers",
    "employers": "Top hiring employers",
    **dict(Section.Kind.choices),
}
# Sections on every profile, whatever it holds.
ALWAYS_SHOWN = {"key-facts", "overview"}


class RoleProfile:
    """A role from Role.objects.for_role_page(), whose prefetches every property here reads.

    reads: the role_pages.PageReads it was fetched with, when it was fetched for
    one page (and finished by complete_page_role()); the profile then reads only
    that, and knows of the sections the page does not show only whether they
    have anything. Without reads, the role has the whole profile.
    """

    def __init__(self, role, reads=None):
        self.role = role
        self.reads = reads

    @cached_property
    def lists(self):
        """The item lists fetched, as (accessor, model)."""
        every = role_item_lists()
        if self.reads is None:
            return every
        return [(name, model) for name, model in every if name in self.reads.lists]

    def has(self, name):
        """Whether an item list has anything, fetched or not."""
        if self.reads is None or name in self.reads.lists:
            return bool(getattr(self.role, name).all())
        return getattr(self.role, present_attr(name))

    def has_prose(self, kind):
        if self.reads is None or kind in self.reads.prose:
            return kind in self.sections
        return getattr(self.role, present_attr(kind))

    @cached_property
    def sections(self):
        """The prose sections fetched, by kind."""
        if self.reads is None:
            return {section.kind: section for section in self.role.section_set.all()}
        found = {}
        for kind in Section.Kind.values:  # in page order, as the rows come
            html = getattr(self.role, prose_attr(kind)) if kind in self.reads.prose else None
            if html is not None:
                found[kind] = Prose(kind, html)
        return found

    @cached_property
    def prose(self):
        """Sections by name, for templates (which cannot look up hyphenated keys)."""
        return {kind.replace("-", "_"): section for kind, section in self.sections.items()}

    @cached_property
    def responsibility_groups(self):
        return grouped(self.role.responsibility_set.all(), key=lambda item: item.area)

    @cached_property
    def working_condition_groups(self):
        order = {kind: index for index, kind in enumerate(WorkingCondition.Kind.values)}
        labels = dict(WorkingCondition.Kind.choices)
        items = sorted(self.role.workingcondition_set.all(), key=lambda item: order[item.kind])
        return grouped(items, key=lambda item: labels[item.kind])

    @cached_property
    def tool_groups(self):
        return TOOLS.grouped(self.role.roletool_set.all(), record=lambda link: link.tool)

    @cached_property
    def skills(self):
        return list(self.role.roleskill_set.all())

    @cached_property
    def skill_map(self):
        """Skills by skill-map tier, foundational first."""
        return [
            Group(label, [link for link in self.skills if link.tier == tier])
            for tier, label in RoleSkill.Tier.choices
            if any(link.tier == tier for link in self.skills)
        ]

    @cached_property
    def skills_by_kind(self):
        return SKILLS.grouped(self.skills, record=lambda link: link.skill)

    @cached_property
    def skill_shares(self):
        return [link for link in self.skills if link.share is not None]

    @cached_property
    def pay_by_rung(self):
        """Each ladder rung with the salary bands, from any source, that start or end at it.

        As LadderRung.pay_bands() has them (those that start there, then those that
        end there), from the role's own list of bands: no query per rung.
        """
        bands = list(self.role.salaryband_set.all())
        return [
            (
                rung,
                [band for band in bands if band.rung_id == rung.id]
                + [band for band in bands if band.through_rung_id == rung.id],
            )
            for rung in self.role.ladderrung_set.all()
        ]

    @cached_property
    def pay_table(self):
        """One pay story: a row per rung that has pay, a column per source that gives some.

        Columns are only the sources with a figure at some rung, so no column is empty.
        """
        rows = [(rung, bands) for rung, bands in self.pay_by_rung if bands]
        sources = list(
            {band.source_id: band.source for _, bands in rows for band in bands}.values()
        )
        return PayTable(
            sources=sources,
            rows=[
                (
                    rung,
                    [
                        PayCell([band for band in bands if band.source_id == source.pk])
                        for source in sources
                    ],
                )
                for rung, bands in rows
            ],
        )

    @cached_property
    def pros(self):
        return [item for item in self.role.procon_set.all() if item.kind == ProCon.Kind.PRO]

    @cached_property
    def cons(self):
        return [item for item in self.role.procon_set.all() if item.kind == ProCon.Kind.CON]

    @cached_property
    def sources(self):
        """Every source the records fetched cite, in a stable order."""
        role = self.role
        found = [getattr(role, field) for field in ROLE_SOURCE_FIELDS]
        cited = None if self.reads is None else self.reads.cited
        for name, model in self.lists:
            fields = [
                field.name
                for field in model._meta.concrete_fields
                if field.many_to_one and field.related_model is Source
            ]
            for item in getattr(role, name).all():
                found += [getattr(item, field) for field in fields]
                if issubclass(model, Cited) and (cited is None or name in cited):
                    found += item.sources
        if any(name == "relatedcareer_set" for name, _ in self.lists):
            for career in role.relatedcareer_set.all():
                if career.linked_role is not None:  # its own profile's figures stand in
                    other = career.linked_role
                    found += [other.median_pay_source, other.typical_education_source]
        unique = {source.key: source for source in found if source is not None}
        return [unique[key] for key in sorted(unique)]

    def is_shown(self, key):
        """Whether the role has anything for the section key (role_pages.SECTION_TEMPLATES)."""
        role = self.role
        if key in ALWAYS_SHOWN:
            return True
        if key == "outlook-facts":
            return role.growth_percent is not None or role.annual_openings is not None
        if key == "work-life" and role.stress_level:
            return True
        reads = role_pages.section_reads(key)
        return any(self.has(name) for name in reads.showing_lists) or any(
            self.has_prose(kind) for kind in reads.prose
        )

    @cached_property
    def shown(self):
        """The sections the role has something for, of those its page knows about."""
        known = role_pages.FULL.sections if self.reads is None else self.reads.sections
        return {key for key in known if key in role_pages.SECTION_TEMPLATES and self.is_shown(key)}

    def parts(self, page):
        """The sections of a role_pages.RolePage this role has, in order."""
        found = []
        for key in page.sections:
            if key in role_pages.SECTION_TEMPLATES:
                if key in self.shown:
                    found.append(PagePart(key, f"roles/role/{role_pages.SECTION_TEMPLATES[key]}"))
            elif self.has_prose(key):
                template = f"roles/role/{role_pages.PROSE_TEMPLATE}"
                found.append(PagePart(key, template, self.sections.get(key)))
        return found

    @cached_property
    def quick_facts(self):
        return QuickFacts(self.role)

    @cached_property
    def first_paragraph(self):
        """The overview's first paragraph, as HTML: the job in brief, on the summary."""
        overview = self.sections.get("overview")
        if overview is None or "</p>" not in overview.body_html:
            return ""
        return overview.body_html[: overview.body_html.index("</p>") + len("</p>")]

    @cached_property
    def summary_sources(self):
        """The sources the summary cites: its quick facts'."""
        found = {note.source.key: note.source for note in self.quick_facts.footnotes if note.source}
        return [found[key] for key in sorted(found)]

    @cached_property
    def pages(self):
        """(page, [TocEntry of its sections]) for each page of the profile with something on it.

        The summary lists them, each section's link carrying the id it had when
        the profile was one page, so /roles/<slug>/#pay still lands near pay.
        """
        listed = []
        for page in role_pages.PAGES[1:]:
            entries = [TocEntry(part.key, LABELS[part.key]) for part in self.parts(page)]
            if entries:
                listed.append((page, entries))
        return listed

    # --- pictures: the geometry comes from roles/charts.py -------------------

    @cached_property
    def pay_story(self):
        return charts.pay_story(self.pay_table, self.role.paydistribution_set.all())

    @cached_property
    def neighbour_ladders(self):
        """The ladders the career path joins (queries.neighbour_roles), by role id; by title.

        A role fetched for one page, or for the search index, brings them;
        otherwise they are read now.
        """
        if getattr(self.role, "neighbour_ladders", None) is None:
            add_neighbour_ladders([self.role])
        return self.role.neighbour_ladders

    @cached_property
    def career_path(self):
        """From the first rung of the ladder leading here to the top of the ladder this leads to."""
        ladders = self.neighbour_ladders
        rungs = join_ladders(self.role.id, self.role.ladderrung_set.all(), ladders)
        return path_steps(self.role, rungs)

    @cached_property
    def path_before(self):
        """Rungs of other profiles that lead into this ladder, lowest first."""
        steps = self.career_path
        first_own = next((index for index, step in enumerate(steps) if step.own), len(steps))
        return steps[:first_own]

    @cached_property
    def path_after(self):
        """Rungs of other profiles this ladder leads on to."""
        steps = self.career_path
        last_own = max((index for index, step in enumerate(steps) if step.own), default=-1)
        return steps[last_own + 1 :]

    @cached_property
    def skill_map_chart(self):
        return charts.skill_steps(self.skill_map)

    @cached_property
    def skill_map_source(self):
        """The source of the tiers: the first one every tiered skill cites, if any."""
        links = [link for tier in self.skill_map for link in tier.items]
        common = None
        for link in links:
            keys = [source.key for source in link.sources]
            common = keys if common is None else [key for key in common if key in keys]
        found = {source.key: source for link in links[:1] for source in link.sources}
        return found[common[0]] if common else None
