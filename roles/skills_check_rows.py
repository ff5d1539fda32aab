"""The rows the skills check is computed from, read as plain values.

With a thousand roles the ladders' links name their rungs some 200,000 times
and the rungs list 60,000 records: model instances for each would take
seconds, so every table is read with values_list(), only the columns the
check uses, one query per table and kind (eleven in all, however many roles).
A record is known by one integer, its code (code_of()), worked out by the
database, so the rows carry no tuples to build and hash.
"""

from dataclasses import dataclass
from functools import cached_property

from django.db import connections
from django.db.models import Case, F, IntegerField, Value, When
from django.urls import reverse

from .catalog import KINDS, SKILLS, TOOLS
from .models import LadderRung, RungFit

REQUIRED, PREFERRED = 3, 1  # how much a competency weighs in a rung's score
WEIGHT_OF = {RungFit.Requirement.REQUIRED: REQUIRED, RungFit.Requirement.PREFERRED: PREFERRED}


def code_of(kind_index, pk):
    """One integer for a record of KINDS[kind_index]: records of different kinds share pks."""
    return pk * len(KINDS) + kind_index


def code_expression(kind_index, field):
    return F(field) * len(KINDS) + kind_index


# What a record's topic on the form is read from, by kind.
GROUP_FIELD = {TOOLS.name: "category", SKILLS.name: "kind"}


@dataclass(frozen=True, eq=False)
class Record:
    """One tool, skill or certification, as the check shows it."""

    kind: object  # a CatalogKind
    code: int
    key: str
    name: str
    group: str  # a tool's category, a skill's kind; "certification" for a certification

    @cached_property
    def url(self):
        return reverse(self.kind.url_name, kwargs={"key": self.key})

    def get_absolute_url(self):
        return self.url


@dataclass(frozen=True, eq=False)
class RoleRow:
    pk: int
    slug: str
    title: str


@dataclass(frozen=True, eq=False)
class RungRow:
    pk: int
    role: RoleRow
    key: str
    title: str
    linked_role_id: int | None
    role_level: bool

    @cached_property
    def url(self):
        """The rung on its role's career path."""
        return reverse("roles:career-path", args=[self.role.slug]) + f"#rung-{self.key}"

    def get_absolute_url(self):
        return self.url


@dataclass
class CheckRows:
    roles: list  # of RoleRow, in the roles' order
    rungs: list  # of RungRow, by role (in that order), then place on the ladder
    rung_records: list  # (rung pk, record code): a rung's own tools, skills, certifications
    links: list  # (role pk, record code, rung pk or None, weight or None), a row per fit
    records: dict  # record code -> Record


def read_rows(roles):
    """roles: a queryset of the roles to read (published ones, for the public)."""
    role_rows = [RoleRow(*row) for row in roles.values_list("pk", "slug", "title")]
    by_pk = {role.pk: role for role in role_rows}
    place = {role.pk: n for n, role in enumerate(role_rows)}
    role_pks = roles.values("pk")
    rungs = LadderRung.objects.filter(role__in=role_pks).order_by("position", "pk")
    rung_rows = [
        RungRow(pk, by_pk[role_pk], key, title, linked, level)
        for pk, role_pk, key, title, linked, level in rungs.values_list(
            "pk", "role_id", "key", "title", "linked_role_id", "role_level"
        )
    ]
    rung_rows.sort(key=lambda rung: place[rung.role.pk])  # stable: each ladder stays in order
    return CheckRows(
        role_rows,
        rung_rows,
        rung_records(role_pks),
        link_rows(role_pks),
        records(),
    )


def plain_rows(queryset):
    """A values_list() queryset's rows as the database driver returns them.

    For columns that are whole numbers already: at 300,000 rows Django's
    conversion of each value costs as much as the query itself.
    """
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def rung_records(role_pks):
    found = []
    for index, kind in enumerate(KINDS):
        through = getattr(LadderRung, kind.plural).through
        found += plain_rows(
            through.objects.filter(ladderrung__role__in=role_pks).values_list(
                "ladderrung_id", code_expression(index, f"{kind.name}_id")
            )
        )
    return found


def link_rows(role_pks):
    """Each link once per rung it fits, or once with no rung when it names none."""
    weight = Case(
        *(When(fits__requirement=value, then=Value(w)) for value, w in WEIGHT_OF.items()),
        output_field=IntegerField(),
    )
    found = []
    for index, kind in enumerate(KINDS):
        links = kind.link_model.objects.filter(role__in=role_pks).order_by()
        found += plain_rows(
            links.values_list(
                "role_id", code_expression(index, f"{kind.name}_id"), "fits__rung_id", weight
            )
        )
    return found


def records():
    found = {}
    for index, kind in enumerate(KINDS):
        group = GROUP_FIELD.get(kind.name)
        columns = ["pk", "key", "name"] + ([group] if group else [])
        for pk, key, name, *rest in kind.model.objects.order_by().values_list(*columns):
            code = code_of(index, pk)
            found[code] = Record(kind, code, key, name, rest[0] if rest else "certification")
    return found
