"""A catalog kind's index a page at a time: records in group order, and every group's place.

Records are listed by group (in the order the kind's choices are declared),
then by name, and split into pages wherever that falls. The contents at the
top name every group, on whichever page it starts, so a group is never lost
on a later page; the page's own query counts each group (a window count per
choice), as it counts the whole list.

Each record names the first few published roles that need it and counts the
rest: with a thousand roles, a common tool is needed by hundreds, and naming
them all made /skills/ a 1.4 MB page that took 12 s to build. The record's own
page lists every one.
"""

from dataclasses import dataclass, replace
from itertools import groupby

from django.db.models import (
    Case,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, Lower

from .formatting import sentence_list

PER_PAGE = 60  # one line each: a long page still reads quickly
GROUP_POSITION = "group_position"
ROLES_NAMED = 3  # per record; the rest are counted
NEEDED_BY = "needed_by_count"


def group_total(number):
    return f"group_total_{number}"


def group_choices(kind):
    """[(value, heading)] of the kind's groups, in order; [] for a kind without them."""
    if not kind.group_field:
        return []
    choices = kind.model._meta.get_field(kind.group_field).choices
    return [(value, kind.group_heading.format(label)) for value, label in choices]


def in_index_order(kind, records):
    """records by group, then by name whatever the case, each with its group's total."""
    choices = group_choices(kind)
    if not choices:
        return records.order_by(Lower("name"), "pk")
    field = kind.group_field
    position = Case(
        *(When(**{field: value}, then=Value(n)) for n, (value, _) in enumerate(choices)),
        default=Value(len(choices)),
    )
    totals = {
        group_total(n): Window(Count("pk", filter=Q(**{field: value})))
        for n, (value, _) in enumerate(choices)
    }
    return records.annotate(**{GROUP_POSITION: position}, **totals).order_by(
        GROUP_POSITION, Lower("name"), "pk"
    )


@dataclass(frozen=True)
class IndexGroup:
    """One group of the index: where it starts, and the part of it on this page."""

    anchor: str  # its heading's id, the same on every page
    heading: str
    count: int  # its records on every page
    url: str  # its heading, on the page it starts on
    items: list  # its records on this page
    continued: bool  # it started on an earlier page


def index_groups(kind, listing, entries):
    """(every group that has records, this page's groups); both empty for a kind without groups.

    entries are this page's, in order, each with .record as in_index_order() annotated it.
    """
    choices = group_choices(kind)
    if not choices or not entries:
        return [], []
    first = entries[0].record
    page_start = listing.page.start_index() - 1
    every, start = {}, 0
    for n, (value, heading) in enumerate(choices):
        count = getattr(first, group_total(n))
        if count:
            anchor = f"group-{value}"
            page = start // listing.page.paginator.per_page + 1
            on_page = page == listing.page.number
            url = f"#{anchor}" if on_page else f"{listing.url_of(page)}#{anchor}"
            every[n] = IndexGroup(anchor, heading, count, url, [], start < page_start)
        start += count
    here = []
    for n, items in groupby(entries, key=lambda entry: getattr(entry.record, GROUP_POSITION)):
        # A value the choices do not name (written around the form) sorts last, as "Other".
        group = every.get(n) or IndexGroup("group-other", "Other", 0, "", [], False)
        here.append(replace(group, items=list(items)))
    return list(every.values()), here


def with_needing_roles(records):
    """records with their first ROLES_NAMED published roles and the count of all of them.

    A role needs a record when it lists it or names it on its ladder. The names
    come from the two relations, each cut at ROLES_NAMED in the database.
    """
    links = records.model._meta.get_field("role_links")
    rungs = records.model._meta.get_field("rungs")
    first = [
        Prefetch(
            name,
            model.objects.of_published_roles()
            .select_related("role")
            .order_by("role__title")[:ROLES_NAMED],
            to_attr=f"first_{name}",
        )
        for name, model in (("role_links", links.related_model), ("rungs", rungs.related_model))
    ]
    return records.annotate(**{NEEDED_BY: needing_count(links, rungs)}).prefetch_related(*first)


def needing_count(links, rungs):
    """The published roles that list the record, plus those that only ladder it.

    Counted from the record's side (its links, its rungs), each an index lookup:
    asking every role whether it needs the record took 13 ms a record at 1,000 roles.
    A role lists a record once at most (a unique constraint), so links count roles.
    """
    record = {links.field.name: OuterRef("pk")}
    listing = links.related_model.objects.of_published_roles().filter(**record)
    listed_by_rung_role = links.related_model.objects.filter(
        role=OuterRef("role"), **{links.field.name: OuterRef(OuterRef("pk"))}
    )
    laddering = (
        rungs.related_model.objects.of_published_roles()
        .filter(**{rungs.field.name: OuterRef("pk")})
        .exclude(Exists(listed_by_rung_role))
    )
    listed = listing.order_by().values(links.field.name).annotate(n=Count("pk")).values("n")
    laddered = (
        laddering.order_by()
        .values(rungs.field.name)
        .annotate(n=Count("role", distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(listed), 0) + Coalesce(Subquery(laddered), 0)


@dataclass(frozen=True)
class IndexEntry:
    """One record on its kind's index: who needs it, in a few words."""

    record: object  # from with_needing_roles()

    @property
    def roles(self):
        """The first ROLES_NAMED published roles that need the record, by title."""
        found = {item.role.pk: item.role for item in self.record.first_role_links}
        found.update((rung.role.pk, rung.role) for rung in self.record.first_rungs)
        return sorted(found.values(), key=lambda role: role.title)[:ROLES_NAMED]

    @property
    def needed_by(self):
        """'Needed by A and B', 'Needed by A, B, C and 997 more roles', or that none does."""
        count = getattr(self.record, NEEDED_BY)
        if not count:
            return "No role in the guide needs it yet"
        titles = [role.title for role in self.roles]
        more = count - len(titles)
        if more:
            return f"Needed by {', '.join(titles)} and {more} more role{'s' if more > 1 else ''}"
        return f"Needed by {sentence_list(titles)}"
