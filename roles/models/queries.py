"""Every way the site reads roles and their records, each written once.

A page reads a role through one named queryset (Role.objects.for_role_page(),
for_open_data(), for_export(), for_compare(), for_skills_check(),
for_job_description()), so its prefetch recipe, and therefore its query count,
lives in one place. "Published" is defined once too: RoleQuerySet.published()
for roles, of_published_roles() for whatever hangs off a role, and
CatalogQuerySet.public() for the shared records.

Public recipes read an item's linked_role (a rung, related career or
comparison naming another role) from published roles only, so a link to a
draft arrives as no link at all and no template can print it by accident.

The item models import role.py, which imports this module, so the few
methods that name an item model import it when called.
"""

from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery

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
    from .editorial import Citation, FitsRungs, RungFit

    prefetches = [Prefetch(f"{prefix}citations", Citation.objects.select_related("source"))]
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


class RoleQuerySet(models.QuerySet):
    """Roles. The for_*() recipes only fetch; who may see what is the caller's filter."""

    def published(self):
        return self.filter(published())

    def for_export(self):
        """Everything a role's content file holds, in a fixed number of queries."""
        # With the addresses it had before, which its file lists.
        return self.whole_profile(linking_to=self.model.objects.all()).prefetch_related("old_slugs")

    def for_role_page(self):
        # The page shows the whole profile, linking only to roles the public may see;
        # a related career that is profiled here shows that profile's pay and education.
        linked = self.model.objects.published().select_related(
            "median_pay_source", "typical_education_source"
        )
        return self.whole_profile(linking_to=linked, fits=False)

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
        sources = [
            field.name
            for field in self.model._meta.concrete_fields
            if field.many_to_one and field.related_model._meta.model_name == "source"
        ]
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
        """Each role's links with the rungs they fit, and its ladder with each rung's records.

        Eleven queries, however many roles, rungs or fits (the skills check reads a
        fit's rung by id, so no rung is fetched for it).
        """
        kinds = catalog_kinds()
        return self.prefetch_related(
            *catalog_links(),
            *(f"{kind.link_set}__fits" for kind in kinds),
            *(f"ladderrung_set__{kind.plural}" for kind in kinds),
        )

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
