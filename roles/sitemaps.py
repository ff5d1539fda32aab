"""/sitemap.xml: every public page at its canonical address, dated by its content.

Search results are left out: they are answers to a query, not pages of their
own. Pages built from every role (lists, catalog, comparison) change when
the newest role changes, so they carry its date.
"""

from functools import cached_property

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from .catalog import KINDS
from .comparison import MAX_ROLES, MIN_ROLES, canonical_query
from .models import LadderRung, Role


def dated_roles():
    """Published roles with only what a sitemap entry needs, in a stable order."""
    return Role.objects.published().only("slug", "updated_at").order_by("slug")


class RoleSitemap(Sitemap):
    """One address per published role; the role's own updated_at dates it."""

    url_name = "roles:detail"

    def items(self):
        return dated_roles()

    def location(self, role):
        return reverse(self.url_name, args=[role.slug])

    def lastmod(self, role):
        return role.updated_at


class RoleDataSitemap(RoleSitemap):
    url_name = "roles:json"


class JobDescriptionSitemap(Sitemap):
    """Each role's job description as a whole, then at each level of the role itself."""

    def items(self):
        roles = dated_roles().with_levels(LadderRung.objects.only("role", "key", "position"))
        return [(role, rung.key if rung else "") for role in roles for rung in [None, *role.levels]]

    def location(self, item):
        role, level = item
        url = reverse("roles:job-description", args=[role.slug])
        return f"{url}?level={level}" if level else url

    def lastmod(self, item):
        return item[0].updated_at


class SitePagesSitemap(Sitemap):
    """Pages drawn from every published role, dated by the newest of them."""

    def items(self):
        return [
            reverse("roles:home"),
            reverse("roles:list"),
            *self.comparisons,
            reverse("roles:skills-check"),
            reverse("roles:about-data"),
            *self.catalog,
        ]

    def location(self, path):
        return path

    def lastmod(self, path):
        return self.newest

    @cached_property
    def newest(self):
        return Role.objects.published().aggregate(newest=Max("updated_at"))["newest"]

    @cached_property
    def comparisons(self):
        """All published roles side by side, or each pair when there are too many for one page."""
        slugs = list(Role.objects.published().order_by("title").values_list("slug", flat=True))
        if len(slugs) < MIN_ROLES:
            return []
        groups = [slugs] if len(slugs) <= MAX_ROLES else pairs(slugs)
        return [f"{reverse('roles:compare')}?{canonical_query(group)}" for group in groups]

    @cached_property
    def catalog(self):
        paths = []
        for kind in KINDS:
            paths.append(kind.index_url)
            paths += [
                record.get_absolute_url() for record in kind.model.objects.public().only("key")
            ]
        return paths


def pairs(items):
    return [[first, second] for n, first in enumerate(items) for second in items[n + 1 :]]


SITEMAPS = {
    "pages": SitePagesSitemap,
    "roles": RoleSitemap,
    "job-descriptions": JobDescriptionSitemap,
    "data": RoleDataSitemap,
}
