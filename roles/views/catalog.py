"""Pages for the shared records: every tool, skill and certification, and who needs it.

One index and one detail view serve all three kinds; roles/urls.py passes each
route its CatalogKind (roles/catalog.py), which holds what differs between them.
"""

from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlencode

from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from ..caching import cached_page
from ..grouping import Group
from .pages import breadcrumbs


@dataclass
class Usage:
    """A record and where published roles use it (from with_published_usage())."""

    record: object

    @property
    def links(self):
        return self.record.published_links

    @cached_property
    def ladders(self):
        """Rungs that name the record, one group per role whose ladder they are on."""
        groups = {}
        for rung in self.record.published_rungs:
            groups.setdefault(rung.role_id, Group(rung.role, [])).items.append(rung)
        return list(groups.values())

    @cached_property
    def roles(self):
        """Every published role that lists the record or names it on its ladder."""
        found = {link.role.pk: link.role for link in self.links}
        found.update((group.label.pk, group.label) for group in self.ladders)
        return sorted(found.values(), key=lambda role: role.title)

    @cached_property
    def sources(self):
        """Sources of the figures shown (skill shares), each once."""
        shares = [link for link in self.links if getattr(link, "share", None) is not None]
        cited = {link.share_source.key: link.share_source for link in shares}
        return [cited[key] for key in sorted(cited)]


@cached_page
def index(request, kind):
    records = kind.model.objects.public().with_published_usage().order_by(Lower("name"))
    usages = [Usage(record) for record in records]
    context = {
        "kind": kind,
        "groups": kind.grouped(usages, record=lambda usage: usage.record),
        "count": len(usages),
        "breadcrumbs": breadcrumbs((kind.label, kind.index_url)),
    }
    return render(request, "roles/catalog_index.html", context)


@cached_page
def detail(request, kind, key):
    record = get_object_or_404(kind.model.objects.public().with_published_usage(), key=key)
    check_url = f"{reverse('roles:skills-check')}?{urlencode({kind.param: record.key})}"
    context = {
        "kind": kind,
        "record": record,
        "facts": kind.facts(record),
        "usage": Usage(record),
        "check_url": check_url,
        "breadcrumbs": breadcrumbs(
            (kind.label, kind.index_url), (record.name, record.get_absolute_url())
        ),
    }
    return render(request, "roles/catalog_detail.html", context)
