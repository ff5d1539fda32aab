"""Pages for the shared records: every tool, skill and certification, and who needs it.

One index and one detail view serve all three kinds; roles/urls.py passes each
route its CatalogKind (roles/catalog.py), which holds what differs between them.
"""

from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlencode

from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from ..caching import cached_page
from ..catalog_index import PER_PAGE as CATALOG_PER_PAGE
from ..catalog_index import (
    IndexEntry,
    IndexGroup,
    in_index_order,
    index_groups,
    with_needing_roles,
)
from ..catalog_usage import (
    equivalence_notes,
    equivalents_of,
    for_record_page,
    levels_needing,
    roles_page,
)
from ..formatting import sentence_list
from ..listing import page_number, page_of
from ..page_tags import every, page_depends_on
from ..role_pages import page_holding
from .pages import breadcrumbs


def section_url(role, section):
    """The address of a section of a role's profile, on the page that holds it."""
    return f"{page_holding(section).url(role)}#{section}"


@dataclass(frozen=True)
class Ladder:
    """The rungs of one published role's career ladder that name the record."""

    role: object
    rungs: list

    @property
    def url(self):
        """The career path page; each rung is at #rung-<key> on it."""
        return page_holding("ladder").url(self.role)


@dataclass(frozen=True)
class RoleNeed:
    """One published role's link to the record, in a job seeker's words."""

    link: object
    url: str  # the role's list of records of this kind
    levels: str  # "required at Senior; preferred at Junior (our call)"
    ladder_rungs: str  # "Junior and Senior Press Technician": its ladder's rungs that name it


@dataclass
class Usage:
    """A record and where the published roles on its page use it (for_record_page())."""

    kind: object  # the record's CatalogKind
    record: object

    @property
    def links(self):
        return self.record.published_links

    @cached_property
    def ladders(self):
        """Rungs that name the record, one group per role whose ladder they are on."""
        ladders = {}
        for rung in self.record.published_rungs:
            ladders.setdefault(rung.role_id, Ladder(rung.role, [])).rungs.append(rung)
        return list(ladders.values())

    @cached_property
    def needs(self):
        """Each published role on the page that lists the record: its link, levels and rungs."""
        rungs = {ladder.role.pk: ladder.rungs for ladder in self.ladders}
        return [
            RoleNeed(
                link,
                section_url(link.role, self.kind.param),
                levels_needing(link),
                sentence_list(rung.title for rung in rungs.get(link.role_id, [])),
            )
            for link in self.links
        ]

    @cached_property
    def equivalents(self):
        return equivalents_of(self.record)

    @cached_property
    def equivalence_notes(self):
        return equivalence_notes(self.record)

    @cached_property
    def sources(self):
        """Sources of the figures (skill shares) and of the links shown, each once, by key.

        Only those of the roles on this page: the page's citations point at them.
        """
        cited = {source.key: source for link in self.links for source in link.sources}
        shares = [link for link in self.links if getattr(link, "share", None) is not None]
        cited.update((link.share_source.key, link.share_source) for link in shares)
        return [cited[key] for key in sorted(cited)]


@cached_page
def index(request, kind):
    page_depends_on(every(kind.name))  # a record added to the kind joins the list
    number = page_number(request.GET)
    records = in_index_order(kind, with_needing_roles(kind.model.objects.public()))
    noun = (str(kind.model._meta.verbose_name), kind.label.lower())
    listing = page_of(records, number, CATALOG_PER_PAGE, path=kind.index_url, pairs=[], noun=noun)
    entries = [IndexEntry(record) for record in listing.items]
    every_group, groups = index_groups(kind, listing, entries)
    context = {
        "kind": kind,
        "listing": listing,
        "every_group": every_group,
        # A kind without groups lists its records under no heading.
        "groups": groups or [IndexGroup("", "", listing.total, "", entries, False)],
        "count": listing.total,
        "breadcrumbs": breadcrumbs((kind.label, kind.index_url)),
    }
    return render(request, "roles/catalog_index.html", context)


@cached_page
def detail(request, kind, key):
    number = page_number(request.GET)
    record = get_object_or_404(kind.model.objects.public(), key=key)
    listing = roles_page(record, number)
    for_record_page(record, listing.items)
    check_url = f"{reverse('roles:skills-check')}?{urlencode({kind.param: record.key})}"
    context = {
        "kind": kind,
        "record": record,
        "facts": kind.facts(record),
        "usage": Usage(kind, record),
        "listing": listing,
        "check_url": check_url,
        "breadcrumbs": breadcrumbs(
            (kind.label, kind.index_url), (record.name, record.get_absolute_url())
        ),
    }
    return render(request, "roles/catalog_detail.html", context)
