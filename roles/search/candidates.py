"""Which index entries are worth scoring for a query, read with only what scoring needs.

On PostgreSQL one statement hands over at most CANDIDATES entries of each of
two tiers from GIN indexes, never ranking them in the database:

1. entries that hold every concept of the query, as typed, in their heading
   (the passage's title, its page's name, the role's names: `heading`),
   which are the ones that score best;
2. only if there are fewer of those than CANDIDATES, entries that match at all.

Each tier stops at CANDIDATES rows, taken in the table's order, so a word on
every page costs about what a rare one does: ranking every match (ts_rank,
as before) read every matching row, 25,000 of them for a common query with
1,000 roles. So when more entries match than that, which of the equally good
ones are shown depends on where they lie in the table. The tiers are a
database function (migration 0017) that may only use the GIN indexes: left
to choose, the planner may walk the whole table hoping for early matches,
which costs 100 times more when they are rare. A site with fewer matching
entries than CANDIDATES has every one scored. Other databases read every
entry. The scoring (matching.py) is the same on both.
"""

from django.db import connection

from ..models import SearchEntry
from ..models.search import CANDIDATES_FUNCTION as FUNCTION

CANDIDATES = 300  # per tier; results show far fewer
SCORED_FIELDS = (
    "page_url", "position", "boost", "title_stems", "page_stems", "context_stems", "body_stems",
)  # fmt: skip
SHOWN_FIELDS = ("page_title", "label", "url", "title", "body")


def lexeme(stem, prefix=False):
    return "'" + stem.replace("'", "''") + "'" + (":*" if prefix else "")


def concept_text(concept, prefixes=True):
    terms = [
        "("
        + " & ".join(
            lexeme(s, prefixes and term.prefix and s == term.stems[-1]) for s in term.stems
        )
        + ")"
        for term in concept.terms
        if term.stems
    ]
    return "(" + " | ".join(terms) + ")"


def tsquery(query, relaxed, prefixes=True):
    """The query as PostgreSQL tsquery text over the stems (the `simple` configuration)."""
    concepts = (concept_text(concept, prefixes) for concept in query.concepts)
    text = (" | " if relaxed else " & ").join(concepts)
    if query.unwanted:
        text = f"({text}) & " + " & ".join(f"!{lexeme(stem)}" for stem in query.unwanted)
    return text


def statement():
    table = connection.ops.quote_name(SearchEntry._meta.db_table)
    fields = ", ".join(connection.ops.quote_name(name) for name in ("id", *SCORED_FIELDS))
    return f"""
        SELECT {fields} FROM {table}
        WHERE id = ANY(ARRAY(SELECT {FUNCTION}(
            to_tsquery('simple', %s), to_tsquery('simple', %s), {CANDIDATES}
        )))
        ORDER BY id
    """


def candidates(query, relaxed):
    """The entries to score (with SCORED_FIELDS only), in a fixed order."""
    if connection.vendor != "postgresql":
        return list(SearchEntry.objects.only(*SCORED_FIELDS).order_by("id"))
    # The heading tier takes the words as typed, not as the starts of longer
    # ones: the start of a word on every page ("product" in "production") is
    # the slowest thing a GIN index looks up.
    params = [tsquery(query, relaxed, prefixes=False), tsquery(query, relaxed)]
    return list(SearchEntry.objects.raw(statement(), params))


def with_shown_fields(entries):
    """Read what the results page shows of these entries, in one query."""
    by_id = {entry.pk: entry for entry in entries}
    if not by_id:
        return
    for pk, *values in SearchEntry.objects.filter(pk__in=by_id).values_list("pk", *SHOWN_FIELDS):
        entry = by_id[pk]
        for name, value in zip(SHOWN_FIELDS, values, strict=True):
            setattr(entry, name, value)
