"""Every way the site reads roles and their records, each written once.

A page reads a role through one named queryset (Role.objects.for_role_page(),
for_open_data(), for_export(), for_compare(), for_skills_check(),
for_job_description()), so its prefetch recipe, and therefore its query count,
lives in one place. "Published" is defined once too: RoleQuerySet.published()
for roles, of_published_roles() for whatever hangs off a role, and
CatalogQuerySet.public() for the shared records.

One page of a role's profile reads only what it shows (for_role_page(reads));
complete_page_role() then fetches in one query each what prefetches would take
several for: the ladder with the ladders it joins, and the citations of every
list on the page.

Public recipes read an item's linked_role (a rung, related career or
comparison naming another role) from published roles only, so a link to a
draft arrives as no link at all and no template can print it by accident (a
single page joins the linked role and then hides a draft: hide_unpublished_links).

The item models import role.py, which imports this module, so the few
methods that name an item model import it when called.
"""

from django.db import models
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    prefetch_related_objects,
)

from .fields import RoleStatus


def published(to_role=""):
    """The one test of "published": on a role, or across the relation to_role ("role__")."""
    return Q(**{f"{to_role}status": RoleStatus.PUBLISHED})


# The items that may name another role in their linked_role.
ROLE_LINKING_ITEMS = ("ladderrung_set", "relatedcareer_set", "comparison_set")


def linked_roles(roles, items=ROLE_LINKING_ITEMS):
    """Prefetch each item's linked_role from roles only: any other reads as None."""
    return [Prefetch(f"{item_set}__linked_role", roles) for item_set in items]


def pay_band_prefetches(prefix=""):
    """A rung's salary bands, those that start at it and those that end at it, with sources."""
    from .pay import SalaryBand

    # Both ends of a band, for the note on a level that spans rungs.
    bands = SalaryBand.objects.select_related("source", "rung", "through_rung")
    return [Prefetch(f"{prefix}{name}", bands) for name in ("salary_bands", "salary_bands_ending")]


def cited(item_set, fits=True):
    """A role's item list's citations with their sources, and rung fits if it has them and fits."""
    from django.apps import apps

    return citation_prefetches(
        apps.get_model("roles", item_set.removesuffix("_set")), f"{item_set}__", fits
    )


def citation_prefetches(model, prefix="", fits=True):
    """A cited model's citations with their sources, and its rung fits if it has them and fits."""
    from .editorial import PREFETCHED_CITATIONS, Citation, FitsRungs, RungFit

    citations = Citation.objects.select_related("source")
    prefetches = [Prefetch(f"{prefix}citations", citations, to_attr=PREFETCHED_CITATIONS)]
    if fits and issubclass(model, FitsRungs):
        prefetches.append(Prefetch(f"{prefix}fits", RungFit.objects.select_related("rung")))
    return prefetches


def role_item_lists():
    """(accessor, model) for every kind of record a role owns: "faq_set", FAQ ..."""
    from .role import Role, RoleItem
    from .sections import Section

    return [
        (relation.get_accessor_name(), relation.related_model)
        for relation in Role._meta.related_objects
        if relation.field.name == "role" and issubclass(relation.related_model, (RoleItem, Section))
    ]


def with_references(model):
    """The model's rows with every record they point at, except their role and linked role.

    A linked role comes through linked_roles(), so that only roles the reader may
    see arrive.
    """
    return model.objects.select_related(
        *(
            field.name
            for field in model._meta.concrete_fields
            if field.many_to_one and field.name not in ("role", "linked_role")
        )
    )


def catalog_kinds():
    from ..catalog import KINDS  # the registry imports the models

    return KINDS


def catalog_links():
    """A role's tools, skills and certifications with their records, one query per kind."""
    return [
        Prefetch(kind.link_set, kind.link_model.objects.select_related(kind.name))
        for kind in catalog_kinds()
    ]


# What a related career shows of the profile it links to, when it gives no figure of its own.
LINKED_ROLE_SOURCES = ("median_pay_source", "typical_education_source")
# A role page's ladder is not prefetched: it comes with its neighbours (ladder_and_neighbours).
LADDER = "ladderrung_set"


def prose_attr(kind):
    """The attribute for_one_page() puts a prose section's HTML in (None: the role has none)."""
    return f"prose_{kind.replace('-', '_')}"


def present_attr(name):
    """The attribute for_one_page() says in whether an item list or prose section has anything."""
    return f"has_{name.replace('-', '_')}"


def page_items(model):
    """One item list of one role page, with what its rows name, linked roles included.

    Joined rather than prefetched, so every list costs one query; a link to a role
    the public may not see is hidden after the fetch (hide_unpublished_links).
    """
    items = with_references(model)
    if any(field.name == "linked_role" for field in model._meta.concrete_fields):
        items = items.select_related(
            *(f"linked_role__{name}" for name in LINKED_ROLE_SOURCES)
            if model._meta.model_name == "relatedcareer"
            else ("linked_role",)
        )
    return items


def hide_unpublished_links(items):
    """Items whose linked_role is a draft read it as None, as linked_roles() would fetch it.

    The id stays: a rung that is another role, even an unpublished one, is still
    not this role's own level.
    """
    for item in items:
        linked = item.linked_role
        if linked is not None and not linked.is_published:
            type(item).linked_role.field.set_cached_value(item, None)


def as_prefetched(instance, accessor, rows):
    """Make instance.<accessor>.all() answer rows, fetched some other way, without a query.

    This is what prefetch_related() leaves on an instance; Django has no public
    way to hand it rows that one query fetched along with others.
    """
    queryset = getattr(instance, accessor).all()
    queryset._result_cache = list(rows)
    queryset._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[accessor] = queryset


def neighbour_roles(role):
    """The roles whose ladders the role's career path joins, as querysets of ids to union.

    They are the published roles its rungs link to, and the first (by title) of
    the published roles whose ladder links into it: the path (roles/career_path.py)
    starts from that one alone, so the others, however many, are not read. Ids
    in a union, not an OR of conditions, so the rungs are found by index.
    """
    from .ladder import LadderRung
    from .role import Role

    links_out = (
        LadderRung.objects.filter(role=role)
        .exclude(linked_role=role)
        .filter(published(to_role="linked_role__"))
        .order_by()  # a member of a union may not be ordered
        .values("linked_role")
    )
    first_in = (
        LadderRung.objects.filter(linked_role=role)
        .exclude(role=role)
        .of_published_roles()
        .order_by("role__title", "role_id")
        .values("role")[:1]
    )
    return [links_out, Role.objects.filter(pk=Subquery(first_in)).order_by().values("pk")]


def add_neighbour_ladders(roles):
    """Give each role its neighbour_ladders as RoleProfile reads them, in three queries.

    For many roles at once (the search index renders every role's career path),
    where RoleProfile.neighbour_ladders would take a query for each role. The
    neighbours are those of neighbour_roles(), found for all the roles together.
    """
    from .ladder import LadderRung

    ids = [role.pk for role in roles]
    neighbours = {pk: set() for pk in ids}
    links_out = (
        LadderRung.objects.filter(role__in=ids, linked_role__isnull=False)
        .exclude(linked_role=F("role"))
        .filter(published(to_role="linked_role__"))
        .values_list("role_id", "linked_role_id")
    )
    for role_id, linked in links_out:
        neighbours[role_id].add(linked)
    first_in = (
        LadderRung.objects.filter(linked_role__in=ids)
        .exclude(role=F("linked_role"))
        .of_published_roles()
        .order_by("linked_role_id", "role__title", "role_id")
        .values_list("linked_role_id", "role_id")
    )
    first_of = {}
    for linked, role_id in first_in:
        first_of.setdefault(linked, role_id)
    for linked, role_id in first_of.items():
        neighbours[linked].add(role_id)
    wanted = set().union(*neighbours.values())
    rungs = (
        LadderRung.objects.filter(role__in=wanted)
        .select_related("role")
        .order_by("role__title", "role_id", "position")
    )
    ladders = {}
    for rung in rungs:
        ladders.setdefault(rung.role_id, []).append(rung)
    for role in roles:
        role.neighbour_ladders = {
            pk: rungs for pk, rungs in ladders.items() if pk in neighbours[role.pk]
        }


def ladder_and_neighbours(role, career_path):
    """The role's ladder, and with career_path the ladders it joins, in one query.

    Returns (own rungs, {role id: that role's rungs}, by title).
    """
    from .ladder import LadderRung
    from .role import Role

    rungs = LadderRung.objects.filter(role=role)
    if career_path:
        this_role = Role.objects.filter(pk=role.pk).order_by().values("pk")
        rungs = LadderRung.objects.filter(role__in=this_role.union(*neighbour_roles(role)))
    rungs = rungs.select_related("source", "role", "linked_role")
    own, others = [], {}
    for rung in rungs.order_by("role__title", "role_id", "position"):
        if rung.role_id == role.id:
            LadderRung.role.field.set_cached_value(rung, role)
            own.append(rung)
        else:
            others.setdefault(rung.role_id, []).append(rung)
    hide_unpublished_links([*own, *(rung for ladder in others.values() for rung in ladder)])
    return own, others


def complete_page_role(role, reads):
    """Finish a role from for_role_page(reads): its ladder, its citations, its visible links.

    Two queries at most, however many items: the ladder with its neighbours as
    role.neighbour_ladders, and the citations of every cited list at once (a
    prefetch would take one query per list).
    """
    lists = {name: list(getattr(role, name).all()) for name in reads.lists - {LADDER}}
    for name in ("relatedcareer_set", "comparison_set"):
        hide_unpublished_links(lists.get(name, ()))
    if LADDER in reads.lists:
        own, role.neighbour_ladders = ladder_and_neighbours(role, reads.career_path)
        as_prefetched(role, LADDER, own)
    cited = [item for name in sorted(reads.cited) for item in lists[name]]
    if cited:
        prefetch_related_objects(cited, *citation_prefetches(type(cited[0]), fits=False))
    return role


class RoleQuerySet(models.QuerySet):
    """Roles. The for_*() recipes only fetch; who may see what is the caller's filter."""

    def published(self):
        return self.filter(published())

    def for_export(self):
        """Everything a role's content file holds, in a fixed number of queries."""
        # With the addresses it had before, which its file lists.
        return self.whole_profile(linking_to=self.model.objects.all()).prefetch_related("old_slugs")

    def for_role_page(self, reads=None):
        """What a role page shows; reads (role_pages.PageReads): only what that one page shows.

        Without reads, the whole profile, for many roles at once (the search index
        renders every page of every role). With reads, for one role: hand the role
        fetched to complete_page_role(), which adds what a prefetch cannot do in as
        few queries.
        """
        if reads is not None:
            return self.for_one_page(reads)
        # The page shows the whole profile, linking only to roles the public may see;
        # a related career that is profiled here shows that profile's pay and education.
        linked = self.model.objects.published().select_related(*LINKED_ROLE_SOURCES)
        return self.whole_profile(linking_to=linked, fits=False)

    def for_one_page(self, reads):
        from .sections import Section

        models_by_list = dict(role_item_lists())
        of_role = {"role": OuterRef("pk")}
        sections = Section.objects.filter(**of_role).order_by()
        return (
            self.select_related(*self.source_fields())
            .prefetch_related(
                *(
                    Prefetch(name, page_items(models_by_list[name]))
                    for name in sorted(reads.lists - {LADDER})
                )
            )
            .annotate(
                **{
                    prose_attr(kind): Subquery(sections.filter(kind=kind).values("body_html"))
                    for kind in sorted(reads.prose)
                },
                **{
                    present_attr(kind): Exists(sections.filter(kind=kind))
                    for kind in sorted(reads.prose_present)
                },
                **{
                    present_attr(name): Exists(models_by_list[name].objects.filter(**of_role))
                    for name in sorted(reads.lists_present)
                },
            )
        )

    def source_fields(self):
        return [
            field.name
            for field in self.model._meta.concrete_fields
            if field.many_to_one and field.related_model._meta.model_name == "source"
        ]

    def for_open_data(self):
        """The content file's data as the public may see it: the role page's, with rung fits."""
        return self.whole_profile(linking_to=self.model.objects.published()).prefetch_related(
            "old_slugs"
        )

    def whole_profile(self, linking_to, fits=True):
        """Every record of the profile; items link only to roles in the queryset linking_to.

        fits=False leaves out which rungs each item fits, which no page shows yet.
        """
        kinds = catalog_kinds()
        sources = self.source_fields()
        from .editorial import Cited

        item_lists = role_item_lists()
        return self.select_related(*sources).prefetch_related(
            # Each list with the records its rows name (sources, rungs, catalog records).
            *(Prefetch(item_set, with_references(model)) for item_set, model in item_lists),
            *(
                prefetch
                for item_set, model in item_lists
                if issubclass(model, Cited)
                for prefetch in cited(item_set, fits=fits)
            ),
            *(f"ladderrung_set__{kind.plural}" for kind in kinds),
            *pay_band_prefetches("ladderrung_set__"),
            *linked_roles(linking_to),
        )

    def for_role_list(self):
        """What the list of roles shows: the pay range and education, with their sources."""
        return self.select_related("pay_source", "typical_education_source")

    def for_compare(self):
        """What the comparison table shows, in eight queries however many roles or items."""
        from .ladder import LadderRung

        return self.select_related(
            "median_pay_source",
            "pay_source",
            "typical_education_source",
            "training_source",
            "work_life_source",
        ).prefetch_related(
            "responsibility_set",
            *catalog_links(),
            Prefetch("ladderrung_set", LadderRung.objects.select_related("source")),
            *linked_roles(self.model.objects.published(), items=["ladderrung_set"]),
        )

    def for_skills_check(self):
        """The roles the skills check reads, in their order, as the plain rows it works from.

        Only their pk, slug and title: roles/skills_check_rows.py reads their
        ladders, links and fits as values, one query per table and kind, however
        many roles (model instances for each fit would take seconds at 1,000 roles).
        """
        return self.only("pk", "slug", "title")

    def for_job_description(self):
        """Only what a job description shows, in a fixed number of queries.

        The whole ladder arrives as role.ladder: a description is offered at the
        role's levels and at the rung that supervises them, and links the rungs
        that are other (published) roles. Items come with the rungs they fit.
        """
        from .editorial import RungFit
        from .ladder import LadderRung

        kinds = catalog_kinds()
        fits = RungFit.objects.select_related("rung")
        return self.select_related("median_pay_source", "pay_source").prefetch_related(
            *cited("responsibility_set"),
            *cited("workingcondition_set"),
            *(
                Prefetch(kind.link_set, kind.link_model.objects.select_related(kind.name))
                for kind in kinds
            ),
            *(Prefetch(f"{kind.link_set}__fits", fits) for kind in kinds),
            Prefetch("educationoption_set__fits", fits),
            Prefetch(
                "ladderrung_set", LadderRung.objects.select_related("source"), to_attr="ladder"
            ),
            Prefetch("ladder__linked_role", self.model.objects.published()),
            *pay_band_prefetches("ladder__"),
            *(f"ladder__{kind.plural}" for kind in kinds),
        )

    def with_levels(self, rungs):
        """Each role's levels (the rungs of its ladder that are the role itself) as role.levels."""
        return self.prefetch_related(
            Prefetch("ladderrung_set", queryset=rungs.filter(role_level=True), to_attr="levels")
        )


class RoleItemQuerySet(models.QuerySet):
    """Items that belong to one role: responsibilities, links to the catalog, rungs ..."""

    def of_published_roles(self):
        return self.filter(published(to_role="role__"))


class LadderRungQuerySet(RoleItemQuerySet):
    def with_step_numbers(self):
        """Each rung's place on its role's whole ladder, as step_number of step_count.

        For lists that hold only some rungs (a role's levels): the site numbers a
        ladder one way everywhere, "step 2 of 7", counting every rung.
        """
        same_ladder = self.model.objects.filter(role=OuterRef("role")).order_by().values("role")
        count = same_ladder.annotate(number=Count("pk")).values("number")
        return self.annotate(
            step_number=Subquery(count.filter(position__lte=OuterRef("position"))),
            step_count=Subquery(count),
        )


class CatalogQuerySet(models.QuerySet):
    """Tools, skills or certifications, read with the published roles that use them.

    Generic over the three: a record's role links are its ``role_links`` and the
    ladder rungs that name it its ``rungs``.
    """

    def public(self):
        """Records the public may see: those a published role uses, and those no role uses yet.

        A record only drafts use would tell what an unpublished profile is about.
        """
        return self.filter(self.named_by(published(to_role="role__")) | ~self.named_by(Q()))

    def named_by(self, roles):
        """A condition: some role matching roles (a Q across "role__") lists or ladders it."""
        found = Q()
        for relation in ("role_links", "rungs"):
            field = self.model._meta.get_field(relation)
            items = field.related_model.objects.filter(roles, **{field.field.name: OuterRef("pk")})
            found |= Exists(items)
        return found

    def used_by_published_roles(self):
        """Records at least one published role lists."""
        link_model = self.model._meta.get_field("role_links").related_model
        links = link_model.objects.of_published_roles()
        return self.filter(Exists(links.filter(**{self.model._meta.model_name: OuterRef("pk")})))

    def with_published_usage(self):
        """Each record with its published roles' links and ladder rungs, in three queries.

        They come as record.published_links and record.published_rungs, by role title.
        """
        link_model = self.model._meta.get_field("role_links").related_model
        rung_model = self.model._meta.get_field("rungs").related_model
        # A link that carries a figure (a skill's share) is shown with its source.
        cites = any(field.name == "share_source" for field in link_model._meta.concrete_fields)
        links = link_model.objects.of_published_roles()
        links = (
            links.select_related("role", "share_source") if cites else links.select_related("role")
        )
        rungs = rung_model.objects.of_published_roles().select_related("role")
        return self.prefetch_related(
            Prefetch("role_links", links.order_by("role__title"), to_attr="published_links"),
            Prefetch("rungs", rungs.order_by("role__title", "position"), to_attr="published_rungs"),
        )
