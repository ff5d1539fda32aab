"""Which index entries a query matches, and how well: the same rules on every database.

An entry matches when each concept of the query has a term in it (or, relaxed,
when any has), and no unwanted word is in it. Its score weighs where each
concept was found (the passage's title, its context, its body) and the
entry's boost. PostgreSQL narrows the index to the best few hundred entries
with its GIN index and ts_rank; other databases read every entry. Both then
score the candidates with the code below, so they rank alike.
"""

import math
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Sum

from ..models import SearchEntry, SearchWord

CANDIDATES = 300  # entries PostgreSQL hands over for scoring; results show far fewer
# How much a concept found in each part of an entry counts (ts_rank's A to D).
TITLE_WEIGHT = 1.0
CONTEXT_WEIGHT = 0.4
SYNONYM_SHARE = 0.7  # a concept found only by a synonym counts this much of the typed word
PREFIX_SHARE = 0.5  # and one found only as the start of a longer word, this much
EXACT, PREFIX = 2, 1
FIELD_WEIGHTS = (
    ("title_stems", TITLE_WEIGHT),
    ("page_stems", TITLE_WEIGHT),
    ("context_stems", CONTEXT_WEIGHT),
    ("body_stems", 0.1),
)
SHOWN_FIELDS = ("page_url", "page_title", "label", "url", "title", "body", "position", "boost")


@dataclass
class Scored:
    entry: SearchEntry
    score: tuple  # (concepts found, weighted score): higher is better


def term_in(term, stems):
    """EXACT if every stem of the term is in stems, PREFIX if the last only starts one, else 0."""
    *whole, last = term.stems
    if any(stem not in stems for stem in whole):
        return 0
    if last in stems:
        return EXACT
    return PREFIX if term.prefix and any(stem.startswith(last) for stem in stems) else 0


def concept_weight(concept, fields):
    """How well an entry holds a concept: by the best place it was found, and a little more
    for each other place and each other term of it found.

    A synonym, or the typed word only as the start of a longer one ("supervisor"
    in "supervisory"), counts for less than the word typed. A concept found in
    the context (the role's names) counts as that and no more: every passage
    of the role holds it, so it says which role, not which passage.
    """
    best, places, terms = 0.0, 0, set()
    for name, stems, weight in fields:
        found = {term: term_in(term, stems) for term in concept.terms if term.stems}
        found = {term: how for term, how in found.items() if how}
        if not found:
            continue
        if name == "context_stems":
            return CONTEXT_WEIGHT
        places += 1
        terms.update(found)
        for term, how in found.items():
            share = (1.0 if term.typed else SYNONYM_SHARE) * (1.0 if how == EXACT else PREFIX_SHARE)
            best = max(best, weight * share)
    if not places:
        return 0.0
    return best + 0.1 * (places - 1) + 0.05 * (len(terms) - 1)


def score(entry, query, rarity, relaxed=False):
    """(concepts found, weighted score), or None if the entry does not match.

    A concept counts by where it was found and by how rare its words are in
    the index: in "how to become a production technician", "become" picks the
    page, since "production" is on nearly every page.
    """
    fields = [(name, set(getattr(entry, name).split()), weight) for name, weight in FIELD_WEIGHTS]
    everything = set().union(*(stems for _, stems, _ in fields))
    if any(stem in everything for stem in query.unwanted):
        return None
    weights = [concept_weight(concept, fields) for concept in query.concepts]
    if all(weight == CONTEXT_WEIGHT for weight in weights):
        # The query only names the role: any of its pages answers, the summary best (boost).
        weights = [TITLE_WEIGHT] * len(weights)
    found = sum(1 for weight in weights if weight)
    if not found or (not relaxed and found < len(weights)):
        return None
    weighted = sum(weight * rare for weight, rare in zip(weights, rarity, strict=True))
    return found, weighted * entry.boost


def rarity(query):
    """How rare each concept's words are in the index (log inverse frequency), in one query."""
    wanted = {stem for concept in query.concepts for term in concept.terms for stem in term.stems}
    counts = dict(
        SearchWord.objects.filter(stem__in=wanted)
        .values("stem")
        .annotate(total=Sum("count"))
        .values_list("stem", "total")
    )
    total = sum(counts.values()) or 1
    found = []
    for concept in query.concepts:
        # A phrase is as rare as its rarest word; a concept as common as all its terms.
        seen = sum(
            min(counts.get(stem, 0) for stem in term.stems) for term in concept.terms if term.stems
        )
        found.append(math.log(1 + total * 10 / (1 + seen)))
    return found


def lexeme(stem, prefix=False):
    return "'" + stem.replace("'", "''") + "'" + (":*" if prefix else "")


def tsquery(query, relaxed):
    """The query as PostgreSQL tsquery text over the stems (the `simple` configuration)."""
    concepts = []
    for concept in query.concepts:
        terms = [
            "("
            + " & ".join(lexeme(s, term.prefix and s == term.stems[-1]) for s in term.stems)
            + ")"
            for term in concept.terms
            if term.stems
        ]
        concepts.append("(" + " | ".join(terms) + ")")
    text = (" | " if relaxed else " & ").join(concepts)
    if query.unwanted:
        text = f"({text}) & " + " & ".join(f"!{lexeme(stem)}" for stem in query.unwanted)
    return text


def candidates(query, relaxed):
    fields = (*SHOWN_FIELDS, *(name for name, _ in FIELD_WEIGHTS))
    if connection.vendor != "postgresql":
        return SearchEntry.objects.only(*fields)
    search = SearchQuery(tsquery(query, relaxed), search_type="raw", config="simple")
    return (
        SearchEntry.objects.filter(document=search)
        .annotate(rank=SearchRank(F("document"), search) * F("boost"))
        .order_by("-rank", "page_url", "position")
        .only(*fields)[:CANDIDATES]
    )


def matching(query, weights, relaxed=False):
    """The entries the query matches, best first (weights: rarity(query))."""
    found = []
    for entry in candidates(query, relaxed):
        value = score(entry, query, weights, relaxed)
        if value is not None:
            found.append(Scored(entry, value))
    found.sort(
        key=lambda item: (-item.score[0], -item.score[1], item.entry.page_url, item.entry.position)
    )
    return found
