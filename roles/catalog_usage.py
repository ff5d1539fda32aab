"""What a record's own page adds to its usage: the levels that need it, and its equivalents.

On top of CatalogQuerySet.with_published_usage(): each published role's link
comes with the rungs it fits (or, when it names none, its role's levels, the
documented default), and the record with the other public records that are
the same competency (Equivalence). Records only drafts use never arrive, so no
template can link one by accident.
"""

from dataclasses import dataclass

from django.db.models import Prefetch

from .catalog import KINDS
from .formatting import sentence_list
from .models import Equivalence, LadderRung, RungFit
from .models.editorial import ApplicabilityBasis
from .models.queries import citation_prefetches

# Who decided which rungs an item fits, in a job seeker's words.
BASIS_WORDS = {
    ApplicabilityBasis.SOURCES: "the sources' word",
    ApplicabilityBasis.EDITORIAL: "our call",
}


def for_record_page(records):
    """records (with_published_usage()) with their links' rungs and sources, and equivalents.

    A fixed number of queries on top, however many roles, rungs or equivalences:
    the links' citations and rung fits, their roles' levels, the equivalences,
    and one per kind for the equivalences' public members.
    """
    link_model = records.model._meta.get_field("role_links").related_model
    public_members = [Prefetch(kind.plural, kind.model.objects.public()) for kind in KINDS]
    levels = LadderRung.objects.filter(role_level=True)
    return records.prefetch_related(
        *citation_prefetches(link_model, "published_links__"),
        Prefetch("published_links__role__ladderrung_set", levels, to_attr="levels"),
        Prefetch("equivalences", Equivalence.objects.prefetch_related(*public_members)),
    )


def levels_needing(link):
    """'required at Senior and Lead; preferred at Junior (the sources' word)' for a role's link.

    A link that names no rung applies at every level of its role, preferred
    (content/README.md, "applies_at").
    """
    fits = link.fits.all()
    if not fits:
        levels = sentence_list(rung.title for rung in link.role.levels)
        return f"preferred at every level of the role{f': {levels}' if levels else ''}"
    rungs = {requirement: [] for requirement in RungFit.Requirement.values}
    for fit in fits:
        rungs[fit.requirement].append(fit.rung.title)
    said = "; ".join(
        f"{requirement} at {sentence_list(titles)}"
        for requirement, titles in rungs.items()
        if titles
    )
    basis = BASIS_WORDS.get(link.applies_basis)
    return f"{said} ({basis})" if basis else said


@dataclass(frozen=True)
class Equivalent:
    """Another record that is the same competency, and which kind of record it is."""

    kind: object  # a CatalogKind
    record: object


def others_in(equivalence, record):
    """The equivalence's public members other than the record (for_record_page()), kind by kind."""
    for kind in KINDS:
        for member in getattr(equivalence, kind.plural).all():
            if member != record:  # model equality: same model and key
                yield Equivalent(kind, member)


def equivalents_of(record):
    """The record's public equivalents, each once, in the equivalences' order."""
    found = {}
    for equivalence in record.equivalences.all():
        for equivalent in others_in(equivalence, record):
            found.setdefault((equivalent.kind.name, equivalent.record.pk), equivalent)
    return list(found.values())


def equivalence_notes(record):
    """The editors' notes on the record's equivalences, those that show a public equivalent."""
    return [
        equivalence.note
        for equivalence in record.equivalences.all()
        if equivalence.note and any(others_in(equivalence, record))
    ]
