"""What a record's own page shows of its usage: a page of the roles that need it, in full.

With a thousand roles a common tool is needed by nearly all of them, and one
page naming every role, its levels and its ladder was 700 kB that took over a
second to build. So the record's page lists ROLES_PER_PAGE roles at a time, by
title, and counts them all; each role on the page comes with its link to the
record, the rungs it fits (or, when it names none, its role's levels, the
documented default), its citations and the rungs of its ladder that name the
record. The record comes with the other public records that are the same
competency (Equivalence). Only published roles are read, so no template can
link a draft by accident.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, prefetch_related_objects

from .catalog import KINDS
from .formatting import sentence_list
from .listing import page_of
from .models import Equivalence, Role, RungFit
from .models.editorial import ApplicabilityBasis
from .models.queries import citation_prefetches

ROLES_PER_PAGE = 24
ROLE_NOUN = ("role", "roles")

# Who decided which rungs an item fits, in a job seeker's words.
BASIS_WORDS = {
    ApplicabilityBasis.SOURCES: "the sources' word",
    ApplicabilityBasis.EDITORIAL: "our call",
}


def relations(record):
    """(the role links' model and its field to the record, the rung model and its field)."""
    links = record._meta.get_field("role_links")
    rungs = record._meta.get_field("rungs")
    return (links.related_model, links.field.name), (rungs.related_model, rungs.field.name)


def roles_needing(record):
    """The published roles that list the record or name it on their ladder, by title."""
    (link_model, link_field), (rung_model, rung_field) = relations(record)
    lists = link_model.objects.filter(role=OuterRef("pk"), **{link_field: record})
    ladders = rung_model.objects.filter(role=OuterRef("pk"), **{rung_field: record})
    return Role.objects.published().filter(Exists(lists) | Exists(ladders)).order_by("title", "pk")


def roles_page(record, number):
    """Page number of the roles needing the record, as a roles/listing.py ListPage (one query)."""
    return page_of(
        roles_needing(record),
        number,
        ROLES_PER_PAGE,
        path=record.get_absolute_url(),
        pairs=[],
        noun=ROLE_NOUN,
    )


def for_record_page(record, roles):
    """Read what the record's page shows of these roles, and the record's equivalents.

    As record.published_links and record.published_rungs, by role title: the
    roles' links with their citations, rung fits and role levels (link.role.levels),
    and their rungs that name the record. A fixed number of queries whatever
    the number of roles: the links, their citations and fits, the roles' rungs
    (levels and those naming the record, read together), the equivalences and
    one per kind for their public members.
    """
    (link_model, _), (rung_model, rung_field) = relations(record)
    role_ids = [role.pk for role in roles]
    # A link that carries a figure (a skill's share) is shown with its source.
    cites = any(field.name == "share_source" for field in link_model._meta.concrete_fields)
    links = link_model.objects.of_published_roles().filter(role__in=role_ids)
    links = links.select_related("role", "share_source") if cites else links.select_related("role")
    public_members = [Prefetch(kind.plural, kind.model.objects.public()) for kind in KINDS]
    prefetch_related_objects(
        [record],
        Prefetch(
            "role_links", links.order_by("role__title", "role__pk"), to_attr="published_links"
        ),
        *citation_prefetches(link_model, "published_links__"),
        Prefetch("equivalences", Equivalence.objects.prefetch_related(*public_members)),
    )
    levels, record.published_rungs = {}, []
    for rung in rungs_shown(rung_model, rung_field, record, role_ids):
        if rung.role_level:
            levels.setdefault(rung.role_id, []).append(rung)
        if rung.names_record:
            record.published_rungs.append(rung)
    for link in record.published_links:
        link.role.levels = levels.get(link.role_id, [])
    return record


def rungs_shown(rung_model, rung_field, record, role_ids):
    """The roles' rungs that are one of their levels or name the record, by role title, in order.

    Each says whether it names the record (names_record).
    """
    naming = rung_model.objects.filter(pk=OuterRef("pk"), **{rung_field: record})
    rungs = rung_model.objects.of_published_roles().filter(role__in=role_ids)
    return (
        rungs.annotate(names_record=Exists(naming))
        .filter(Q(role_level=True) | Q(names_record=True))
        .select_related("role")
        .order_by("role__title", "role__pk", "position")
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
    """The equivalence's public members other than the record (for_record_page()), by kind."""
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
