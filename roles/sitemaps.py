"""The sitemap: every public page at its canonical address, dated by its content.

/sitemap.xml is an index of sections (/sitemap-roles.xml ...), each split into
pages of ENTRIES_PER_FILE addresses (?p=2 ...) as it grows: a thousand roles
make some 12,000 profile pages, and one file of them all would be slow to
build and to fetch. robots.txt names the index.

A date is the content's own: the role's last review, or else the newest date of
its figures (a figure's as-of date, or its source's when it has none). Loading
or saving content is not a change to it, so updated_at never dates a page.
Search results are left out: they are answers to a query, not pages of their
own. Pages built from every role (lists, catalog, comparison) change when
the newest role changes, so they carry its date.
"""

import datetime
from collections import defaultdict
from functools import cached_property

from django.contrib.sitemaps import Sitemap
from django.db.models import F, Prefetch, Value
from django.urls import reverse

from . import role_pages
from .catalog import KINDS
from .comparison import MAX_ROLES, MIN_ROLES, canonical_query
from .job_description import offered_levels
from .models import (
    Comparison,
    EducationOption,
    GlobalPay,
    LadderRung,
    PayDistribution,
    RelatedCareer,
    Role,
    RoleSkill,
    SalaryBand,
    TopEmployer,
)
from .models.queries import published

# Every dated figure of a role: (model, its as-of field or None, its source field).
ROLE_FIGURES = [
    (Role, "median_pay_as_of", "median_pay_source"),
    (Role, "pay_as_of", "pay_source"),
    (Role, "growth_as_of", "growth_source"),
    (Role, "growth_context_as_of", "growth_context_source"),
    (Role, "annual_openings_as_of", "annual_openings_source"),
    (Role, "typical_education_as_of", "typical_education_source"),
    (Role, None, "work_life_source"),
    (SalaryBand, "as_of", "source"),
    (PayDistribution, "as_of", "source"),
    (GlobalPay, "as_of", "source"),
    (Comparison, "as_of", "source"),
    (TopEmployer, "as_of", "source"),
    (EducationOption, "as_of", "cost_source"),
    (RoleSkill, "share_as_of", "share_source"),
    (RelatedCareer, "pay_as_of", "pay_source"),
    (LadderRung, None, "source"),
]


def figure_dates(roles):
    """(role id, as-of date, source date) of every dated figure of roles, in one query."""
    parts = []
    for model, as_of, source in ROLE_FIGURES:
        role_id = "pk" if model is Role else "role_id"
        rows = model.objects.filter(**{"pk__in" if model is Role else "role__in": roles})
        if as_of is None:
            rows = rows.annotate(no_as_of=Value(""))
        # A compound SELECT takes no ORDER BY in its parts.
        parts.append(rows.order_by().values_list(role_id, as_of or "no_as_of", f"{source}__date"))
    return parts[0].union(*parts[1:], all=True)


def as_date(partial):
    """'2024' -> 1 January 2024, '2024-03' -> 1 March: the first day the date covers."""
    year, month, day = [*map(int, partial.split("-")), 1, 1][:3]
    return datetime.date(year, month, day)


def newest_figure_dates(roles):
    """{role id: its newest figure's date} for the roles with a dated figure.

    Partial ISO dates sort as text in time order, a more precise one after its year.
    """
    newest = defaultdict(str)
    for role_id, as_of, source_date in figure_dates(roles):
        newest[role_id] = max(newest[role_id], as_of or source_date or "")
    return {role_id: as_date(value) for role_id, value in newest.items() if value}


def published_roles():
    """Published roles with only what a sitemap entry needs, in a stable order."""
    return Role.objects.published().only("slug", "last_reviewed").order_by("slug")


# Well under the protocol's 50,000: a file stays quick to build, cache and fetch.
ENTRIES_PER_FILE = 2000


class SiteSitemap(Sitemap):
    """A section of the sitemap; each lists its addresses in entries()."""

    limit = ENTRIES_PER_FILE

    def items(self):
        # The index asks twice, for the newest date and for the number of pages.
        return self.listed

    @cached_property
    def listed(self):
        return self.entries()


class DatedByRole(SiteSitemap):
    """Entries about one role each (item[0], from published_roles()), dated by its content."""

    def lastmod(self, item):
        figures = self.figure_dates  # read first, so the query count never depends on the data
        return item[0].last_reviewed or figures.get(item[0].pk)

    @cached_property
    def figure_dates(self):
        # Only a role no editor has reviewed needs them.
        return newest_figure_dates(Role.objects.published().filter(last_reviewed=None))


class RoleSitemap(DatedByRole):
    """Every page of each published role's profile, the summary first."""

    def entries(self):
        return [(role, page) for role in published_roles() for page in role_pages.ALL_PAGES]

    def location(self, item):
        role, page = item
        return page.url(role)


class RoleDataSitemap(DatedByRole):
    def entries(self):
        return [(role,) for role in published_roles()]

    def location(self, item):
        return reverse("roles:json", args=[item[0].slug])


class JobDescriptionSitemap(DatedByRole):
    """Each role's job description as a whole, then at each level it is offered at."""

    def entries(self):
        rungs = LadderRung.objects.only("role", "key", "position", "role_level", "linked_role")
        roles = published_roles().prefetch_related(
            Prefetch("ladderrung_set", queryset=rungs, to_attr="ladder")
        )
        return [
            (role, rung.key if rung else "")
            for role in roles
            for rung in [None, *offered_levels(role)]
        ]

    def location(self, item):
        role, level = item
        url = reverse("roles:job-description", args=[role.slug])
        return f"{url}?level={level}" if level else url


class SitePagesSitemap(SiteSitemap):
    """Pages drawn from every published role, dated by the newest of them."""

    def entries(self):
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
        roles = published_roles()
        figures = newest_figure_dates(roles.filter(last_reviewed=None))
        dates = [role.last_reviewed or figures.get(role.pk) for role in roles]
        return max(filter(None, dates), default=None)

    @cached_property
    def comparisons(self):
        """All published roles side by side, or, when there are too many for one page,
        each role beside those its career ladder leads to or comes from.

        Not every pair: a thousand roles make half a million, which took seconds to
        list and would offer crawlers comparisons nobody makes.
        """
        slugs = list(Role.objects.published().order_by("title").values_list("slug", flat=True))
        if len(slugs) < MIN_ROLES:
            return []
        groups = [slugs] if len(slugs) <= MAX_ROLES else ladder_pairs()
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


def ladder_pairs():
    """[slug, slug] of each two published roles one's ladder links to the other, by title."""
    rungs = LadderRung.objects.filter(published(to_role="role__"), published("linked_role__"))
    found = rungs.exclude(linked_role=F("role")).values_list(
        "role__title", "role__slug", "linked_role__title", "linked_role__slug"
    )
    pairs = {
        tuple(sorted([(a_title, a_slug), (b_title, b_slug)]))
        for a_title, a_slug, b_title, b_slug in found
    }
    return [[first[1], second[1]] for first, second in sorted(pairs)]


SITEMAPS = {
    "pages": SitePagesSitemap,
    "roles": RoleSitemap,
    "job-descriptions": JobDescriptionSitemap,
    "data": RoleDataSitemap,
}
