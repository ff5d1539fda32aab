"""Two or three published roles side by side.

Pure functions over model instances: the view parses the request and renders,
this module decides which roles were asked for, what they share, where each
one sits on the career ladder and what the main differences are.
"""

from dataclasses import dataclass, field
from urllib.parse import quote

from .catalog import CERTIFICATIONS, SKILLS, TOOLS
from .formatting import money, years_range
from .grouping import grouped
from .models import LadderRung, Role

MIN_ROLES = 2
MAX_ROLES = 3


# --- which roles were asked for --------------------------------------------


def parse_slugs(values):
    """Slugs from one or more `roles` values, each possibly comma-separated.

    Order is kept (it is the column order) and repeats are dropped, so
    `a,b,a` compares two roles, not three.
    """
    slugs = []
    for value in values:
        for slug in value.split(","):
            slug = slug.strip().lower()
            if slug and slug not in slugs:
                slugs.append(slug)
    return slugs


def canonical_query(slugs):
    """`roles=a,b`: the short, shareable form of a comparison's address."""
    return "roles=" + ",".join(quote(slug, safe="") for slug in slugs)


@dataclass
class RequestedRoles:
    """The roles a comparison's address asks for, and what, if anything, is wrong with them."""

    slugs: list
    unknown: list = field(default_factory=list)
    too_few: bool = False
    too_many: bool = False

    @property
    def is_empty(self):
        return not self.slugs

    @property
    def is_valid(self):
        return bool(self.slugs) and not (self.unknown or self.too_few or self.too_many)


def check_selection(slugs, published_slugs):
    """What, if anything, is wrong with the roles asked for."""
    if not slugs:
        return RequestedRoles(slugs)
    return RequestedRoles(
        slugs,
        unknown=[slug for slug in slugs if slug not in published_slugs],
        too_few=len(slugs) < MIN_ROLES,
        too_many=len(slugs) > MAX_ROLES,
    )


def roles_for_comparison(slugs):
    """The published roles in the order asked for, with everything the table shows."""
    by_slug = {
        role.slug: role for role in Role.objects.published().for_compare().filter(slug__in=slugs)
    }
    return [by_slug[slug] for slug in slugs if slug in by_slug]


# --- the comparison ---------------------------------------------------------


@dataclass
class Marked:
    """A catalog record as one role lists it, marked when every compared role lists it."""

    record: object
    shared: bool


def marked(records, shared_keys):
    """Shared records first and by name, so every column lists the overlap in one order;
    the role's own records follow in the order its profile gives them."""
    shared = sorted((r for r in records if r.key in shared_keys), key=lambda r: r.name.lower())
    return [Marked(record, True) for record in shared] + [
        Marked(record, False) for record in records if record.key not in shared_keys
    ]


def shared_keys(record_lists):
    keys = [{record.key for record in records} for records in record_lists]
    return set.intersection(*keys) if keys else set()


def years_span(rungs):
    """'0–10 years' across consecutive rungs; '' when the ladder gives no years."""
    if all(rung.years_min is None and rung.years_max is None for rung in rungs):
        return ""
    return years_range(rungs[0].years_min or 0, rungs[-1].years_max)


@dataclass
class Arrival:
    """Another compared role's ladder leads into this role."""

    ladder_role: Role
    number: int
    rung_count: int
    after: LadderRung | None


@dataclass
class LadderPosition:
    rung_count: int
    own: list  # the rungs of the role's own ladder that stand for the role itself
    first: int = 0  # 1-based rung numbers
    last: int = 0
    next_rung: LadderRung | None = None
    arrivals: list = field(default_factory=list)

    @property
    def is_placed(self):
        return bool(self.own)

    @property
    def is_entry_level(self):
        return self.first == 1

    @property
    def years(self):
        return years_span(self.own) if self.own else ""


def ladder_position(role, compared):
    rungs = list(role.ladderrung_set.all())
    numbers = [index for index, rung in enumerate(rungs) if rung.role_level]
    position = LadderPosition(rung_count=len(rungs), own=[rungs[index] for index in numbers])
    if numbers:
        position.first, position.last = numbers[0] + 1, numbers[-1] + 1
        if position.last < len(rungs):
            position.next_rung = rungs[position.last]
    for other in compared:
        if other.pk != role.pk:
            arrival = arrival_on_ladder(other, role)
            if arrival:
                position.arrivals.append(arrival)
    return position


def arrival_on_ladder(ladder_role, role):
    rungs = list(ladder_role.ladderrung_set.all())
    for index, rung in enumerate(rungs):
        if rung.linked_role_id == role.pk:
            after = rungs[index - 1] if index else None
            return Arrival(ladder_role, index + 1, len(rungs), after)
    return None


# --- the differences at a glance ------------------------------------------------

PERIOD_WORDS = {"year": "a year", "month": "a month", "hour": "an hour"}


@dataclass
class PayDifference:
    """The compared roles' median pay, and the gap between the highest and the lowest.

    The gap is worked out only between figures in one currency and pay period:
    converting an hourly rate to a salary, or dollars to euros, would be a figure
    of ours that no source gives.
    """

    given: list  # roles with a median, in column order
    missing: list  # roles without one
    highest: Role | None = None
    lowest: Role | None = None
    units_differ: bool = False

    @property
    def is_compared(self):
        return self.highest is not None

    @property
    def gap(self):
        return self.highest.median_pay - self.lowest.median_pay if self.is_compared else None

    @property
    def gap_label(self):
        """'$23,000 a year': the gap as the sentence gives it."""
        if not self.is_compared:
            return ""
        amount = money(self.gap, self.highest.median_pay_currency)
        period = PERIOD_WORDS.get(self.highest.median_pay_period, "")
        return f"{amount} {period}".strip()

    @property
    def sources_differ(self):
        """The medians come from different sources, which may not measure pay alike."""
        return len({role.median_pay_source_id for role in self.given}) > 1


def pay_difference(roles):
    given = [role for role in roles if role.median_pay is not None]
    difference = PayDifference(given, [role for role in roles if role.median_pay is None])
    if len(given) < MIN_ROLES:
        return difference
    if len({(role.median_pay_currency, role.median_pay_period) for role in given}) > 1:
        difference.units_differ = True
        return difference
    # Stable sort: of equal medians, the first column counts as the lowest.
    ordered = sorted(given, key=lambda role: role.median_pay)
    difference.lowest, difference.highest = ordered[0], ordered[-1]
    return difference


@dataclass
class EducationDifference:
    """The typical education each role asks for, as its source words it."""

    given: list  # roles that give one, in column order
    missing: list

    @property
    def is_the_same(self):
        """Every role gives the same words (sources may differ)."""
        texts = {role.typical_education.strip().lower() for role in self.given}
        return not self.missing and len(self.given) > 1 and len(texts) == 1


def education_difference(roles):
    return EducationDifference(
        [role for role in roles if role.typical_education],
        [role for role in roles if not role.typical_education],
    )


@dataclass
class MoveUp:
    """How long a role's own ladder says it takes to reach the step above the role."""

    role: Role
    ladder: LadderPosition

    @property
    def next_rung(self):
        return self.ladder.next_rung

    @property
    def years(self):
        """Years of experience at which the next step starts: its first year, else the
        year the role's own last rung ends; None when the ladder gives neither."""
        if not self.next_rung:
            return None
        if self.next_rung.years_min is not None:
            return self.next_rung.years_min
        return self.ladder.own[-1].years_max

    @property
    def steps(self):
        """The role's own rungs that give years: the levels within the role."""
        return [rung for rung in self.ladder.own if rung.years_label]

    @property
    def sources(self):
        """The distinct sources of the rungs these years come from, in ladder order."""
        rungs = [*self.ladder.own, *([self.next_rung] if self.next_rung else [])]
        sources = []
        for rung in rungs:
            if rung.source and rung.source not in sources:
                sources.append(rung.source)
        return sources


# Credentials first: they are what most often stands between one role and the next.
RECORD_KINDS = [CERTIFICATIONS, TOOLS, SKILLS]


@dataclass
class Cell:
    items: list  # of Marked

    @property
    def shared_count(self):
        return sum(item.shared for item in self.items)


@dataclass
class Column:
    role: Role
    responsibility_groups: list
    responsibility_count: int
    records: dict  # CatalogKind -> Cell
    ladder: LadderPosition


@dataclass
class Entry:
    """One role's part of an aspect: its column, and its record Cell for a catalog aspect."""

    column: Column
    cell: Cell | None = None


@dataclass
class Aspect:
    """One thing the roles are compared on, with an entry per role in column order."""

    key: str  # the template's switch and the section's id
    label: str
    entries: list


# The aspects before and after the catalog records, in page order.
LEADING_ASPECTS = [
    ("median-pay", "Median pay"),
    ("pay-range", "Pay range"),
    ("education", "Typical education"),
    ("ladder", "Career ladder"),
    ("duties", "Responsibilities"),
]
TRAILING_ASPECTS = [("stress", "Stress level"), ("balance", "Work-life balance")]


@dataclass
class Comparison:
    columns: list
    steps: list  # (role, role it leads to on the ladder), both compared
    pay: PayDifference
    education: EducationDifference
    moves: list  # of MoveUp, in column order

    @property
    def roles(self):
        return [column.role for column in self.columns]

    @property
    def title(self):
        return " vs. ".join(role.title for role in self.roles)

    @property
    def query(self):
        return canonical_query([role.slug for role in self.roles])

    @property
    def aspects(self):
        def plain(key, label):
            return Aspect(key, label, [Entry(column) for column in self.columns])

        records = [
            Aspect(
                kind.plural,
                kind.label,
                [Entry(column, column.records[kind]) for column in self.columns],
            )
            for kind in RECORD_KINDS
        ]
        return [
            *(plain(*aspect) for aspect in LEADING_ASPECTS),
            *records,
            *(plain(*aspect) for aspect in TRAILING_ASPECTS),
        ]


def compare_roles(roles):
    """Build the comparison of roles (from roles_for_comparison(), in column order)."""
    records = {role.pk: {kind: kind.records_of(role) for kind in RECORD_KINDS} for role in roles}
    shared = {
        kind: shared_keys([records[role.pk][kind] for role in roles]) for kind in RECORD_KINDS
    }
    columns = []
    for role in roles:
        responsibilities = list(role.responsibility_set.all())
        columns.append(
            Column(
                role=role,
                responsibility_groups=grouped(responsibilities, key=lambda item: item.area),
                responsibility_count=len(responsibilities),
                records={
                    kind: Cell(marked(records[role.pk][kind], shared[kind])) for kind in shared
                },
                ladder=ladder_position(role, roles),
            )
        )
    compared = {role.pk: role for role in roles}
    steps = [
        (column.role, compared[column.ladder.next_rung.linked_role_id])
        for column in columns
        if column.ladder.next_rung and column.ladder.next_rung.linked_role_id in compared
    ]
    return Comparison(
        columns,
        steps,
        pay=pay_difference(roles),
        education=education_difference(roles),
        moves=[MoveUp(column.role, column.ladder) for column in columns],
    )


# --- the role page's link to a comparison ------------------------------------


def comparison_partners(role):
    """Published roles the role's own page already links to, nearest first.

    Read from the role page's prefetched ladder, related careers and
    comparisons, so the link costs the page no query.
    """
    linked = [rung.linked_role for rung in role.ladderrung_set.all()]
    linked += [career.linked_role for career in role.relatedcareer_set.all()]
    linked += [item.linked_role for item in role.comparison_set.all()]
    partners = []
    for other in linked:
        if other and other.pk != role.pk and other.is_published and other not in partners:
            partners.append(other)
    return partners[: MAX_ROLES - 1]
