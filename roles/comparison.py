"""Two or three published roles side by side.

Pure functions over model instances: the view parses the request and renders,
this module decides which roles were asked for, what they share and where each
one sits on the career ladder.
"""

from dataclasses import dataclass, field
from urllib.parse import quote

from .catalog import CERTIFICATIONS, SKILLS, TOOLS
from .formatting import years_range
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


# Credentials first: they are what most often stands between one role and the next.
# Row labels may hold a soft hyphen (\u00ad) so a narrow phone column breaks them cleanly.
RECORD_ROWS = [
    (CERTIFICATIONS, "Certifi\u00adcations"),
    (TOOLS, TOOLS.label),
    (SKILLS, SKILLS.label),
]


@dataclass
class Cell:
    items: list  # of Marked

    @property
    def shared_count(self):
        return sum(item.shared for item in self.items)


@dataclass
class RecordRow:
    label: str
    cells: list  # one Cell per compared role, in column order


@dataclass
class Column:
    role: Role
    responsibility_groups: list
    responsibility_count: int
    records: dict  # CatalogKind -> Cell
    ladder: LadderPosition


@dataclass
class Comparison:
    columns: list
    steps: list  # (role, role it leads to on the ladder), both compared

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
    def record_rows(self):
        return [
            RecordRow(label, [column.records[kind] for column in self.columns])
            for kind, label in RECORD_ROWS
        ]


def compare_roles(roles):
    """Build the comparison of roles (from roles_for_comparison(), in column order)."""
    kinds = [kind for kind, _ in RECORD_ROWS]
    records = {role.pk: {kind: kind.records_of(role) for kind in kinds} for role in roles}
    shared = {kind: shared_keys([records[role.pk][kind] for role in roles]) for kind in kinds}
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
    return Comparison(columns, steps)


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
