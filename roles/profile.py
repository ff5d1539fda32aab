"""A role's prefetched records, arranged the way its page reads them."""

from dataclasses import dataclass
from functools import cached_property

from django.db.models import Q

from . import charts, role_pages
from .career_path import join_ladders, path_steps
from .catalog import SKILLS, TOOLS
from .content.key_facts import ROLE_SOURCE_FIELDS
from .grouping import Group, grouped
from .models import LadderRung, ProCon, RoleSkill, Section, WorkingCondition
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


class RoleProfile:
    """role: from Role.objects.for_role_page(), whose prefetches every property here reads."""

    def __init__(self, role):
        self.role = role

    @cached_property
    def sections(self):
        return {section.kind: section for section in self.role.section_set.all()}

    @cached_property
    def prose(self):
        """Sections by name, for templates (which cannot look up hyphenated keys)."""
        return {kind.replace("-", "_"): section for kind, section in self.sections.items()}

    # Prose-only sections that follow the career ladder, in page order.
    LATER_PROSE_KINDS = [
        "global-outlook",
        "market-reality",
        "role-challenges",
        "growth-paths",
        "industry-trends",
        "diversity",
        "remote-work",
        "visas",
        "portfolio",
    ]

    @cached_property
    def later_prose(self):
        return [self.sections[kind] for kind in self.LATER_PROSE_KINDS if kind in self.sections]

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
        """Each ladder rung with the salary bands, from any source, that start or end at it."""
        return [(rung, rung.pay_bands()) for rung in self.role.ladderrung_set.all()]

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
        """Every source cited anywhere on the page, in a stable order."""
        role = self.role
        found = [getattr(role, field) for field in ROLE_SOURCE_FIELDS]
        for manager in (
            role.occupationcode_set, role.salaryband_set, role.paydistribution_set,
            role.globalpay_set, role.ladderrung_set, role.comparison_set, role.topemployer_set,
        ):  # fmt: skip
            found += [item.source for item in manager.all()]
        for manager in (
            role.responsibility_set, role.workingcondition_set, role.roletool_set,
            role.roleskill_set, role.rolecertification_set, role.educationoption_set,
            role.entrystep_set, role.procon_set, role.faq_set, role.relatedcareer_set,
        ):  # fmt: skip
            found += [source for item in manager.all() for source in item.sources]
        found += [link.share_source for link in role.roleskill_set.all()]
        found += [option.cost_source for option in role.educationoption_set.all()]
        for career in role.relatedcareer_set.all():
            found += [career.pay_source, career.education_source]
            if career.linked_role is not None:  # its own profile's figures stand in
                other = career.linked_role
                found += [other.median_pay_source, other.typical_education_source]
        unique = {source.key: source for source in found if source is not None}
        return [unique[key] for key in sorted(unique)]

    @cached_property
    def toc(self):
        role = self.role
        entries = [
            ("key-facts", "Key facts", True),
            ("overview", "Overview", True),
            ("occupation-codes", "Occupation codes", role.occupationcode_set.all()),
            ("responsibilities", "Responsibilities", role.responsibility_set.all()),
            ("work-setting", "Work setting", self.sections.get("work-setting")
             or self.working_condition_groups),
            ("work-life", "Work-life balance", role.stress_level or self.sections.get("work-life")),
            ("tools", "Tools and technology", role.roletool_set.all()),
            ("skills", "Skills", self.skills),
            ("education", "Education and training", self.sections.get("education")
             or role.educationoption_set.all()),
            ("certifications", "Certifications", role.rolecertification_set.all()),
            ("getting-started", "Getting started", self.sections.get("getting-started")
             or role.entrystep_set.all()),
            ("pay", "Pay", role.salaryband_set.all() or role.paydistribution_set.all()
             or role.globalpay_set.all()),
            ("pay-factors", "Pay factors", self.sections.get("pay-factors")),
            ("ladder", "Career ladder", role.ladderrung_set.all()),
            *[(section.kind, section.get_kind_display(), True) for section in self.later_prose],
            ("pros-cons", "Pros and cons", role.procon_set.all()),
            ("faqs", "FAQs", role.faq_set.all()),
            ("related", "Related careers", role.relatedcareer_set.all()
             or role.comparison_set.all()),
            ("employers", "Top hiring employers", role.topemployer_set.all()),
            ("sources", "Sources", self.sources),
        ]  # fmt: skip
        return [TocEntry(anchor, label) for anchor, label, present in entries if present]

    @cached_property
    def shown(self):
        return {entry.anchor for entry in self.toc} | self.outlook_facts

    @cached_property
    def outlook_facts(self):
        """{"outlook-facts"} when the role has a growth figure or openings, else empty."""
        role = self.role
        has = role.growth_percent is not None or role.annual_openings is not None
        return {"outlook-facts"} if has else set()

    def parts(self, page):
        """The sections of a role_pages.RolePage this role has, in order."""
        found = []
        for key in page.sections:
            if key in role_pages.SECTION_TEMPLATES:
                if key in self.shown:
                    found.append(PagePart(key, f"roles/role/{role_pages.SECTION_TEMPLATES[key]}"))
            elif key in self.sections:
                template = f"roles/role/{role_pages.PROSE_TEMPLATE}"
                found.append(PagePart(key, template, self.sections[key]))
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
        labels = {entry.anchor: entry.label for entry in self.toc}
        labels |= {kind: label for kind, label in Section.Kind.choices if kind in self.sections}
        labels["outlook-facts"] = "Growth and openings"
        listed = []
        for page in role_pages.PAGES[1:]:
            entries = [TocEntry(part.key, labels[part.key]) for part in self.parts(page)]
            if entries:
                listed.append((page, entries))
        return listed

    # --- pictures: the geometry comes from roles/charts.py -------------------

    @cached_property
    def pay_story(self):
        return charts.pay_story(self.pay_table, self.role.paydistribution_set.all())

    @cached_property
    def neighbour_ladders(self):
        """Ladders of published roles this ladder links to, or that link into it (one query)."""
        role = self.role
        links_out = {rung.linked_role_id for rung in role.ladderrung_set.all()} - {None, role.id}
        links_in = LadderRung.objects.filter(linked_role=role).exclude(role=role).values("role")
        rungs = (
            LadderRung.objects.filter(Q(role__in=links_out) | Q(role__in=links_in))
            .of_published_roles()
            .select_related("role")
            .order_by("role__title", "position")
        )
        ladders = {}
        for rung in rungs:
            ladders.setdefault(rung.role_id, []).append(rung)
        return ladders

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
