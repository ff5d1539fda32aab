"""Site search over published roles, their responsibilities and the shared
tools, skills and certifications those roles use.

PostgreSQL does the matching, ranking and highlighting with its English
full-text search, so "calibrating" finds "calibrate". Other databases (SQLite
on a laptop) fall back to case-insensitive word matching in Python: every
query word must begin a word somewhere in the record. That reads every
searchable row, which is fine for a guide of a few roles and a catalog of
about a hundred records, and keeps the query count the same as PostgreSQL's.

There is no GIN index on the search vectors: the tables hold a few hundred
short rows, which PostgreSQL scans faster than it could use an index, and an
expression index would be a PostgreSQL-only migration to keep in step with
the fields below.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Func, TextField, Value
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst

from .catalog import KINDS
from .models import Responsibility, Role

MAX_QUERY_LENGTH = 200
SHOWN_LINES = 3  # a section result quotes at most this many matching lines
CONFIG = "english"

# Highlight markers: control characters never occur in the content, so they
# survive HTML escaping and are swapped for <mark> tags afterwards.
START, STOP = "\x02", "\x03"

GROUPS = {
    "roles": "Roles",
    "sections": "In role pages",
    "catalog": "Tools, skills and certifications",
}


@dataclass
class Result:
    group: str  # a key of GROUPS; results come back grouped in that order
    title: SafeString  # may hold <mark>, everything else escaped
    url: str
    where: str  # where the match was found, e.g. "Production Technician › Responsibilities"
    lines: list[SafeString] = field(default_factory=list)
    more: int = 0  # matching lines beyond the ones quoted
    rank: Any = 0


@dataclass(frozen=True)
class Field:
    """One searched text of a record: its attribute, its SQL, its weight."""

    name: str
    weight: str  # PostgreSQL rank weight, A (title) to D
    sql: Any = None  # expression for PostgreSQL; the column of that name if unset
    text: Callable | None = None  # the same text read from an instance, if not the attribute

    def expression(self):
        return self.sql if self.sql is not None else F(self.name)

    def value(self, record):
        return self.text(record) if self.text else getattr(record, self.name)


@dataclass(frozen=True)
class Searchable:
    queryset: Callable
    fields: tuple  # the first one is the record's title
    to_result: Callable  # (record, {field name: highlighted html}) -> Result


def marked(text):
    """Escape text and turn the highlight markers into <mark> tags."""
    html = escape(text).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(html)


# --- what is searched -----------------------------------------------------


ALTERNATIVE_TITLES = Field(
    "alternative_titles",
    "B",
    # The JSON list as plain text: '["A", "B"]' becomes 'A, B'.
    sql=Func(
        Cast("alternative_titles", TextField()),
        Value(r'[\[\]"]'),
        Value(""),
        Value("g"),
        function="regexp_replace",
        output_field=TextField(),
    ),
    text=lambda role: ", ".join(role.alternative_titles),
)


def role_result(role, html):
    lines = [html["summary"]]
    if "<mark>" in html["alternative_titles"]:
        lines.append(mark_safe(f"Also called: {html['alternative_titles']}"))
    return Result("roles", html["title"], role.get_absolute_url(), "Role", lines)


def responsibility_result(item, html):
    where = f"{item.role.title} › Responsibilities"
    url = reverse("roles:duties", args=[item.role.slug]) + "#responsibilities"
    # The place is the title: the matching lines are quoted below it.
    return Result("sections", escape(where), url, where, [html["text"]])


def catalog_where(kind, record):
    """'Tool · Machinery and lines', 'Certification': what the record is."""
    what = capfirst(kind.model._meta.verbose_name)
    if not kind.group_field:
        return what
    return f"{what} · {getattr(record, f'get_{kind.group_field}_display')()}"


def catalog_result(kind):
    def to_result(record, html):
        url = reverse(kind.url_name, kwargs={"key": record.key})
        lines = [html["description"]] if record.description else []
        return Result("catalog", html["name"], url, catalog_where(kind, record), lines)

    return to_result


CATALOG_FIELDS = (Field("name", "A"), Field("description", "C"))

SEARCHABLES = (
    Searchable(
        lambda: Role.objects.published(),
        (Field("title", "A"), ALTERNATIVE_TITLES, Field("summary", "C")),
        role_result,
    ),
    Searchable(
        lambda: Responsibility.objects.of_published_roles().select_related("role"),
        (Field("text", "C"),),
        responsibility_result,
    ),
    # Catalog records only once a published role uses them.
    *(
        Searchable(kind.model.objects.used_by_published_roles, CATALOG_FIELDS, catalog_result(kind))
        for kind in KINDS
    ),
)


# --- the query ------------------------------------------------------------

# Words too common to require; PostgreSQL's English configuration drops these too.
STOP_WORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "by", "do", "does", "for", "from", "how", "i",
    "in", "is", "it", "of", "on", "or", "the", "to", "what", "with",
})  # fmt: skip

# A word, or "-word" (not wanted) when the minus starts a term, as in web search.
TERM = re.compile(r"(?:^|(?<=\s))-(\w+)|(\w+)")


@dataclass(frozen=True)
class Terms:
    wanted: tuple
    unwanted: tuple


def parse(text):
    wanted, unwanted = {}, {}
    for minus_word, word in TERM.findall(text.lower()):
        if minus_word:
            unwanted[minus_word] = True
        elif word not in STOP_WORDS:
            wanted[word] = True
    return Terms(tuple(wanted), tuple(unwanted))


# --- PostgreSQL: full-text search -----------------------------------------


def postgres_query(text, terms):
    """The web-search query, widened to word prefixes so "PLC" also finds "PLCs".

    The English stemmer leaves "PLCs" whole, and a half-typed word should still
    match; prefixes of the stemmed words ("calibrating" -> calibr:*) do both.
    Terms are \\w+ only, so they cannot carry tsquery operators.
    """
    prefixes = [f"{word}:*" for word in terms.wanted] + [f"!{word}" for word in terms.unwanted]
    return SearchQuery(text, search_type="websearch", config=CONFIG) | SearchQuery(
        " & ".join(prefixes), search_type="raw", config=CONFIG
    )


def postgres_matches(searchable, text, terms):
    """(record, rank, highlighted html by field name), best first."""
    query = postgres_query(text, terms)
    vector = None
    for item in searchable.fields:
        part = SearchVector(item.expression(), weight=item.weight, config=CONFIG)
        vector = part if vector is None else vector + part
    headlines = {
        f"headline_{item.name}": SearchHeadline(
            item.expression(), query, config=CONFIG, start_sel=START, stop_sel=STOP,
            highlight_all=True,
        )
        for item in searchable.fields
    }  # fmt: skip
    records = (
        searchable.queryset()
        .annotate(document=vector, rank=SearchRank(vector, query), **headlines)
        .filter(document=query)
        .order_by("-rank", searchable.fields[0].name)
    )
    for record in records:
        html = {
            item.name: marked(getattr(record, f"headline_{item.name}"))
            for item in searchable.fields
        }
        yield record, record.rank, html


# --- any other database: word matching in Python --------------------------


def word_start(word):
    return re.compile(rf"\b{re.escape(word)}", re.IGNORECASE)


def python_matches(searchable, text, terms):
    """(record, rank, highlighted html by field name), best first.

    Every wanted word must begin a word of the record, no unwanted one may.
    The rank is (wanted words found in the title, matched words in all).
    """
    wanted = [word_start(word) for word in terms.wanted]
    unwanted = [word_start(word) for word in terms.unwanted]
    longest_first = sorted(terms.wanted, key=len, reverse=True)
    whole_words = re.compile(rf"\b(?:{'|'.join(map(re.escape, longest_first))})\w*", re.IGNORECASE)
    found = []
    for record in searchable.queryset():
        texts = {item.name: item.value(record) or "" for item in searchable.fields}
        document = "\n".join(texts.values())
        if not all(pattern.search(document) for pattern in wanted):
            continue
        if any(pattern.search(document) for pattern in unwanted):
            continue
        title = texts[searchable.fields[0].name]
        rank = (sum(bool(pattern.search(title)) for pattern in wanted),
                len(whole_words.findall(document)))  # fmt: skip
        html = {
            name: marked(whole_words.sub(lambda match: f"{START}{match[0]}{STOP}", value))
            for name, value in texts.items()
        }
        found.append((record, rank, html, title.lower()))
    found.sort(key=lambda item: item[3])
    found.sort(key=lambda item: item[1], reverse=True)
    return [item[:3] for item in found]


# --- results --------------------------------------------------------------


def merged(results):
    """One result per place: lines found on the same page section are listed together."""
    by_place = {}
    for result in results:
        first = by_place.setdefault((result.group, result.url), result)
        if first is result:
            continue
        if len(first.lines) < SHOWN_LINES:
            first.lines += result.lines
        else:
            first.more += 1
    return list(by_place.values())


def find(text):
    """Results for the query `text`: roles, then role sections, then catalog records.

    Costs one database query per kind of record searched, however many match.
    """
    text = text.strip()[:MAX_QUERY_LENGTH]
    terms = parse(text)
    if not terms.wanted:
        return []
    matches = postgres_matches if connection.vendor == "postgresql" else python_matches
    results = []
    for searchable in SEARCHABLES:
        for record, rank, html in matches(searchable, text, terms):
            result = searchable.to_result(record, html)
            result.rank = rank
            results.append(result)
    results = merged(results)
    order = list(GROUPS)
    # Within a group the best rank comes first; sorted() keeps ties in the order found.
    results.sort(key=lambda result: result.rank, reverse=True)
    results.sort(key=lambda result: order.index(result.group))
    return results
