"""Which index entries a query matches, and how well: the same rules on every database.

An entry matches when each concept of the query has a term in it (or, relaxed,
when any has), and no unwanted word is in it. Its score weighs where each
concept was found (the passage's title, its context, its body) and the
entry's boost. PostgreSQL narrows the index to a few hundred candidates
(candidates.py); other databases read every entry. Both then score the
candidates with the code below, so they rank alike.
"""

import math
from dataclasses import dataclass

from ..models import SearchEntry
from .candidates import candidates

# How much a concept found in each part of an entry counts.
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


@dataclass
class Scored:
    entry: SearchEntry
    score: tuple  # (concepts found, weighted score): higher is better


@dataclass(frozen=True)
class Held:
    """Which of the query's stems one field of an entry holds whole, and which start a stem."""

    whole: frozenset
    starts: frozenset


class Lookup:
    """Reads a query's stems in the fields of its candidates.

    A field's stems are one string, "stem stem ... stem": padded with spaces, it
    holds a stem exactly when it holds " stem ", and a stem starting with it
    when it holds " stem". A few substring searches per candidate, instead of
    splitting each body into a set.
    """

    def __init__(self, query):
        terms = [term for concept in query.concepts for term in concept.terms if term.stems]
        self.whole = [(stem, f" {stem} ") for stem in {s for term in terms for s in term.stems}]
        starts = {term.stems[-1] for term in terms if term.prefix}
        self.starts = [(stem, f" {stem}") for stem in starts]
        self.unwanted = [f" {stem} " for stem in query.unwanted]
        # Per concept, its terms by their last stem: a field can only hold a term
        # whose last stem it holds, so only those are tried.
        self.concepts = []
        for concept in query.concepts:
            by_last = {}
            for term in concept.terms:
                if term.stems:
                    by_last.setdefault(term.stems[-1], []).append(term)
            self.concepts.append(by_last)

    def fields(self, entry):
        """[(field name, Held, weight)], or None if the entry holds an unwanted word."""
        found = []
        for name, weight in FIELD_WEIGHTS:
            text = f" {getattr(entry, name)} "
            if any(needle in text for needle in self.unwanted):
                return None
            whole = frozenset(stem for stem, needle in self.whole if needle in text)
            starts = frozenset(stem for stem, needle in self.starts if needle in text)
            found.append((name, Held(whole, starts), weight))
        return found


def term_in(term, held):
    """EXACT if every stem of the term is held, PREFIX if the last only starts one, else 0."""
    *whole, last = term.stems
    if any(stem not in held.whole for stem in whole):
        return 0
    if last in held.whole:
        return EXACT
    return PREFIX if term.prefix and last in held.starts else 0


def concept_weight(by_last, fields):
    """How well an entry holds a concept: by the best place it was found, and a little more
    for each other place and each other term of it found.

    A synonym, or the typed word only as the start of a longer one ("supervisor"
    in "supervisory"), counts for less than the word typed. A concept found in
    the context (the role's names) counts as that and no more: every passage
    of the role holds it, so it says which role, not which passage.
    """
    best, places, terms = 0.0, 0, set()
    for name, held, weight in fields:
        tried = [term for stem in held.whole | held.starts for term in by_last.get(stem, ())]
        found = {term: term_in(term, held) for term in tried}
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


def score(entry, query, rarity, relaxed=False, lookup=None):
    """(concepts found, weighted score), or None if the entry does not match.

    A concept counts by where it was found and by how rare its words are in
    the index: in "how to become a production technician", "become" picks the
    page, since "production" is on nearly every page.
    """
    lookup = lookup or Lookup(query)
    fields = lookup.fields(entry)
    if fields is None:
        return None
    weights = [concept_weight(by_last, fields) for by_last in lookup.concepts]
    if all(weight == CONTEXT_WEIGHT for weight in weights):
        # The query only names the role: any of its pages answers, the summary best (boost).
        weights = [TITLE_WEIGHT] * len(weights)
    found = sum(1 for weight in weights if weight)
    if not found or (not relaxed and found < len(weights)):
        return None
    weighted = sum(weight * rare for weight, rare in zip(weights, rarity, strict=True))
    return found, weighted * entry.boost


def rarity(query, words):
    """How rare each concept's words are in the index (log inverse frequency).

    words: the index's Lexicon, whose counts are those of SearchWord.
    """
    wanted = {stem for concept in query.concepts for term in concept.terms for stem in term.stems}
    counts = {stem: words.stem_counts[stem] for stem in wanted if stem in words.stem_counts}
    total = sum(counts.values()) or 1
    found = []
    for concept in query.concepts:
        # A phrase is as rare as its rarest word; a concept as common as all its terms.
        seen = sum(
            min(counts.get(stem, 0) for stem in term.stems) for term in concept.terms if term.stems
        )
        found.append(math.log(1 + total * 10 / (1 + seen)))
    return found


def matching(query, weights, relaxed=False):
    """The entries the query matches, best first (weights: rarity(query))."""
    found, lookup = [], Lookup(query)
    for entry in candidates(query, relaxed):
        value = score(entry, query, weights, relaxed, lookup)
        if value is not None:
            found.append(Scored(entry, value))
    found.sort(
        key=lambda item: (-item.score[0], -item.score[1], item.entry.page_url, item.entry.position)
    )
    return found
