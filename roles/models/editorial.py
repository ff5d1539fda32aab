"""The editorial layer on a role's items: the sources each cites, and the rungs each fits.

Both hang off any item through a generic relation, so a duty, a skill link or
an FAQ cites its sources the same way and one admin field edits them all.
Items that carry a figure (a skill's share, a course's cost) still name that
figure's own source in a field of their own: the citations say where the item
as a whole comes from.
"""

import reversion
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models

from .catalog import Source


class ItemReference(models.Model):
    """Points at one role item, whatever its model."""

    content_type = models.ForeignKey(ContentType, models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")

    class Meta:
        abstract = True
        indexes = [models.Index(fields=["content_type", "object_id"])]


class Citation(ItemReference):
    """One source an item came from, with what that source says differently, if anything."""

    position = models.PositiveSmallIntegerField()
    source = models.ForeignKey(Source, models.PROTECT, related_name="citations")
    note = models.CharField(
        max_length=300, blank=True, help_text='What this source says differently: "2–5 years".'
    )

    class Meta(ItemReference.Meta):
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "source"], name="citation_source_once_per_item"
            ),
            models.UniqueConstraint(
                fields=["content_type", "object_id", "position"],
                name="citation_unique_position_in_item",
            ),
        ]
        indexes = ItemReference.Meta.indexes

    def __str__(self):
        return f"{self.source.key}: {self.note}" if self.note else self.source.key


class RungFit(ItemReference):
    """One ladder rung an item applies to, and whether it is required or preferred there."""

    class Requirement(models.TextChoices):
        REQUIRED = "required", "Required"
        PREFERRED = "preferred", "Preferred"

    rung = models.ForeignKey("roles.LadderRung", models.CASCADE, related_name="fits")
    requirement = models.CharField(max_length=9, choices=Requirement.choices)

    class Meta(ItemReference.Meta):
        ordering = ["rung__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "rung"], name="rungfit_rung_once_per_item"
            )
        ]
        indexes = ItemReference.Meta.indexes

    def __str__(self):
        return f"{self.rung.key}: {self.requirement}"


class ApplicabilityBasis(models.TextChoices):
    """Who decided an item's rungs: its sources, or the site's editors."""

    SOURCES = "sources", "The cited sources say so"
    EDITORIAL = "editorial", "The site's own editorial call"


# Where queries.citation_prefetches() puts an item's citations: a list, not a queryset,
# since Django builds a filtered queryset for every item of a generic relation
# prefetched in place, which took half the time of fetching a whole profile.
PREFETCHED_CITATIONS = "prefetched_citations"


class Cited(models.Model):
    """An item that cites its sources (Citation rows, in order)."""

    citations = GenericRelation(Citation)

    class Meta:
        abstract = True

    def citation_list(self):
        """The citations in order: as queries.citation_prefetches() fetched them, or read now."""
        prefetched = getattr(self, PREFETCHED_CITATIONS, None)
        return list(self.citations.all()) if prefetched is None else prefetched

    @property
    def sources(self):
        """The cited sources in order (prefetch with queries.citation_prefetches())."""
        return [citation.source for citation in self.citation_list()]


class FitsRungs(models.Model):
    """An item that may say which rungs it applies to (RungFit rows).

    With no rows it applies at every rung that is a level of the role, preferred.
    """

    fits = GenericRelation(RungFit)
    applies_basis = models.CharField(
        max_length=9,
        choices=ApplicabilityBasis.choices,
        blank=True,
        help_text="Required when the item names its rungs: did the sources say, or did we?",
    )

    class Meta:
        abstract = True

    def rung_requirements(self):
        """{rung key: "required" | "preferred"} as set, or None for the default (prefetch fits)."""
        fits = self.fits.all()
        return {fit.rung.key: fit.requirement for fit in fits} if fits else None


def create_in_history(model, rows):
    """Insert rows at once, and into the revision being recorded, if one is.

    django-reversion notices a row by its post_save signal, which bulk_create
    does not send, and an item's version lists only the citations it had when
    it was saved; without this a revert would bring back an item's old
    sources, or none.
    """
    created = model.objects.bulk_create(rows)
    if reversion.is_active():
        for row in created:
            reversion.add_to_revision(row)
    return created
