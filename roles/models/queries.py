"""Every way the site reads roles and their records, each written once.

A page reads a role through one named queryset (Role.objects.for_role_page(),
for_export(), for_compare(), for_skills_check(), for_job_description()), so
its prefetch recipe, and therefore its query count, lives in one place.
"Published" is defined once too: RoleQuerySet.published() for roles, and
of_published_roles() for whatever hangs off a role.

The item models import role.py, which imports this module, so the few
methods that name an item model import it when called.
"""

from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q

from .fields import RoleStatus


def published(to_role=""):
    """The one test of "published": on a role, or across the relation to_role ("role__")."""
    return Q(**{f"{to_role}status": RoleStatus.PUBLISHED})


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
        kinds = catalog_kinds()
        sources = [
            field.name
            for field in self.model._meta.concrete_fields
            if field.many_to_one and field.related_model._meta.model_name == "source"
        ]
        return self.select_related(*sources).prefetch_related(
            "occupationcode_set__source",
            "responsibility_set__source",
            "workingcondition_set__source",
            *(f"{kind.link_set}__{kind.name}" for kind in kinds),
            "roleskill_set__source",
            "educationoption_set__source",
            "entrystep_set__source",
            "salaryband_set__source",
            "salaryband_set__rung",
            "paydistribution_set__source",
            "globalpay_set__source",
            "ladderrung_set__source",
            "ladderrung_set__linked_role",
            *(f"ladderrung_set__{kind.plural}" for kind in kinds),
            "ladderrung_set__salary_bands__source",
            "procon_set__source",
            "faq_set__source",
            "relatedcareer_set__source",
            "relatedcareer_set__linked_role",
            "comparison_set__source",
            "comparison_set__linked_role",
            "topemployer_set__source",
            "section_set",
        )

    def for_role_page(self):
        # The page shows the whole profile: exactly what the content file holds.
        return self.for_export()

    def for_role_list(self):
        """What the list of roles shows: the pay range and education, with their sources."""
        return self.select_related("pay_source", "typical_education_source")

    def for_compare(self):
        """What the comparison table shows, in seven queries however many roles or items."""
        from .ladder import LadderRung

        return self.select_related(
            "median_pay_source", "pay_source", "typical_education_source", "work_life_source"
        ).prefetch_related(
            "responsibility_set",
            *catalog_links(),
            Prefetch("ladderrung_set", LadderRung.objects.select_related("source", "linked_role")),
        )

    def for_skills_check(self):
        """Every requirement and next step of each role and rung: nine queries, however many."""
        kinds = catalog_kinds()
        return self.prefetch_related(
            *catalog_links(),
            "entrystep_set",
            *(f"ladderrung_set__{kind.plural}" for kind in kinds),
        )

    def for_job_description(self):
        """Only what a job description shows, in a fixed number of queries."""
        from .ladder import LadderRung
        from .pay import SalaryBand

        kinds = catalog_kinds()
        return (
            self.select_related("median_pay_source", "pay_source", "typical_education_source")
            .prefetch_related(
                "responsibility_set__source",
                "workingcondition_set__source",
                *(f"{kind.link_set}__{kind.name}" for kind in kinds),
                "educationoption_set__source",
            )
            .with_levels(LadderRung.objects.select_related("source"))
            .prefetch_related(
                Prefetch(
                    "levels__salary_bands", queryset=SalaryBand.objects.select_related("source")
                ),
                *(f"levels__{kind.plural}" for kind in kinds),
            )
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
    def with_role_and_pay(self):
        """Rungs shown on another role's page: their role's median pay, source and salary bands."""
        from .pay import SalaryBand

        return self.select_related("role__median_pay_source", "source").prefetch_related(
            Prefetch("salary_bands", queryset=SalaryBand.objects.select_related("source"))
        )


class CatalogQuerySet(models.QuerySet):
    """Tools, skills or certifications, read with the published roles that use them.

    Generic over the three: a record's role links are its ``role_links`` and the
    ladder rungs that name it its ``rungs``.
    """

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
        cites = any(field.name == "source" for field in link_model._meta.concrete_fields)
        links = link_model.objects.of_published_roles()
        links = links.select_related("role", "source") if cites else links.select_related("role")
        rungs = rung_model.objects.of_published_roles().select_related("role")
        return self.prefetch_related(
            Prefetch("role_links", links.order_by("role__title"), to_attr="published_links"),
            Prefetch("rungs", rungs.order_by("role__title", "position"), to_attr="published_rungs"),
        )
