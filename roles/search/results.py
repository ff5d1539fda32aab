"""A search's answer: the matching pages, best first, each with the passages that matched.

One result per page; its link goes to the best passage's section on that
page, and up to SHOWN_HITS passages are quoted below it with the matched
words marked.
"""

import logging
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from . import index, lexicon
from .candidates import with_shown_fields
from .matching import matching, rarity
from .query import Query, parse
from .text import WORD, stem

logger = logging.getLogger(__name__)

MAX_RESULTS = 20  # pages
SHOWN_HITS = 3  # passages quoted per page
SNIPPET_WORDS = 28
NEAR_ENOUGH = 0.85  # a passage scoring this share of a page's best may take its link


@dataclass
class Hit:
    title: SafeString
    url: str
    snippet: SafeString


@dataclass
class PageResult:
    title: SafeString
    url: str  # the best passage's deep link
    label: str  # what the page is: "Production Technician profile", "Certification"
    hits: list = field(default_factory=list)
    more: int = 0  # matching passages beyond the ones quoted


@dataclass
class Outcome:
    query: Query
    results: list
    relaxed: bool = False  # no page had every word; these have some
    pages_found: int = 0  # results shows at most MAX_RESULTS of them

    @property
    def count(self):
        return len(self.results)


class Marker:
    """Marks the words of a text that the query matched, escaping everything else."""

    def __init__(self, query):
        self.exact = query.exact_stems()
        self.prefixes = tuple(query.prefixes())
        self.seen = {}  # word -> matches(word): the same words recur in every snippet

    def matches(self, word):
        found = self.seen.get(word)
        if found is None:
            word_stem = stem(word)
            found = self.seen[word] = word_stem in self.exact or word_stem.startswith(self.prefixes)
        return found

    def mark(self, text):
        out, last = [], 0
        for found in WORD.finditer(text):
            out.append(escape(text[last : found.start()]))
            word = escape(found[0])
            out.append(f"<mark>{word}</mark>" if self.matches(found[0]) else word)
            last = found.end()
        out.append(escape(text[last:]))
        return mark_safe("".join(out))

    def snippet(self, text):
        """About SNIPPET_WORDS words of the text around its first match."""
        pieces = text.split()
        first = next(
            (n for n, piece in enumerate(pieces) if any(map(self.matches, WORD.findall(piece)))),
            0,
        )
        start = max(0, first - SNIPPET_WORDS // 3)
        end = start + SNIPPET_WORDS
        shown = " ".join(pieces[start:end])
        html = self.mark(shown)
        before = "… " if start else ""
        after = " …" if end < len(pieces) else ""
        return mark_safe(f"{before}{html}{after}")


def grouped(scored, marker):
    """(page results, pages found): one per page, in the order of their best passages."""
    shown = set(list(dict.fromkeys(item.entry.page_url for item in scored))[:MAX_RESULTS])
    with_shown_fields([item.entry for item in scored if item.entry.page_url in shown])
    pages, best, beyond = {}, {}, set()
    for item in scored:
        entry = item.entry
        page = pages.get(entry.page_url)
        if page is None:
            if len(pages) == MAX_RESULTS:
                beyond.add(entry.page_url)
                continue
            page = pages[entry.page_url] = PageResult(
                marker.mark(entry.page_title), entry.url, entry.label
            )
            best[entry.page_url] = (item.score, entry.position)
        elif near_enough_and_higher(item, best[entry.page_url]):
            # As good a match higher up the page: the link opens there.
            page.url = entry.url
            best[entry.page_url] = (best[entry.page_url][0], entry.position)
        if len(page.hits) == SHOWN_HITS:
            page.more += 1
            continue
        title = entry.title if entry.title != entry.page_title else ""
        page.hits.append(Hit(marker.mark(title), entry.url, marker.snippet(entry.body)))
    return list(pages.values()), len(pages) + len(beyond)


def near_enough_and_higher(item, best):
    """True if the passage matches about as well as its page's best, and comes before it.

    best is (the page's best score, the position of the passage its link opens).
    """
    (best_found, best_weighted), position = best
    found, weighted = item.score
    return (
        found == best_found
        and weighted >= NEAR_ENOUGH * best_weighted
        and item.entry.position < position
    )


def find(text):
    """The answer to the query `text` (an empty Outcome for an empty query)."""
    if not text.strip():
        return Outcome(parse("", lexicon.EMPTY), [])
    try:
        built_at = index.ensure_fresh()
    except Exception:  # a helper failing makes the search older, never an error page
        logger.exception("search index rebuild failed; searching the index as it was")
        built_at = index.built_at()
    words = lexicon.of_index(built_at)
    query = parse(text, words)
    if query.is_empty:
        return Outcome(query, [])
    weights = rarity(query, words)
    scored, relaxed = matching(query, weights), False
    if not scored and len(query.concepts) > 1:
        scored, relaxed = matching(query, weights, relaxed=True), True
    shown, found = grouped(scored, Marker(query))
    return Outcome(query, shown, relaxed, found)
