"""What a search asks for: the concepts in the words typed, widened by synonyms, typos mended.

"how to become a production technician" becomes three concepts, each matched
by any of its terms: (become | start | training | requirements | ...),
(production), (technician | tech). A word the index has never seen (and no
synonym knows) is taken for a typo and replaced by the nearest word the index
holds, which the results page offers as "did you mean".
"""

import re
from dataclasses import dataclass, field

from . import lexicon, spelling, synonyms
from .text import STOP_WORDS, stem, words

MAX_QUERY_LENGTH = 200
# Words past these are left out: a question is a few words, and each typo costs a lookup.
MAX_CONCEPTS = 10
MAX_CORRECTIONS = 3  # words looked up as typos
# "-word" (not wanted) when the minus starts a term, as in web search.
UNWANTED = re.compile(r"(?:^|(?<=\s))-(\w+)")


@dataclass(frozen=True)
class Term:
    """One way of saying a concept: its stems, all required; the last may be a word's start."""

    stems: tuple
    prefix: bool = False  # the typed word may be the start of a longer one ("calib")
    typed: bool = True  # the searcher's own word, not a synonym of it


@dataclass(frozen=True)
class Concept:
    typed: str  # as the searcher wrote it, mended if it was a typo
    terms: tuple  # of Term; any one matches


@dataclass
class Query:
    text: str
    concepts: list = field(default_factory=list)
    unwanted: list = field(default_factory=list)  # stems no result may hold
    corrections: dict = field(default_factory=dict)  # typed word -> the word searched instead

    @property
    def is_empty(self):
        return not self.concepts

    @property
    def corrected_text(self):
        """The query as searched, when a typo was mended: "techncian" -> "technician"."""
        if not self.corrections:
            return ""
        return re.sub(r"\w+", lambda m: self.corrections.get(m[0].lower(), m[0]), self.text)

    def exact_stems(self):
        """The stems to mark in results: one-word terms' (a phrase's words alone mislead)."""
        return {t.stems[0] for c in self.concepts for t in c.terms if len(t.stems) == 1}

    def prefixes(self):
        return {term.stems[-1] for c in self.concepts for term in c.terms if term.prefix}


def group_terms(group, typed):
    """A synonym group's terms; the one typed, if one word, may also start a longer word."""
    return tuple(
        Term(
            tuple(stem(word) for word in term if word not in STOP_WORDS),
            prefix=term == typed and len(term) == 1 and len(term[0]) >= 3,
            typed=term == typed,
        )
        for term in group
    )


def parse(text, known_words=None):
    """The query in text, read against the index's words (a Lexicon; the index's own if None)."""
    index_words = lexicon.current() if known_words is None else known_words
    text = " ".join(text.split())[:MAX_QUERY_LENGTH]
    query = Query(text)
    query.unwanted = [stem(word) for word in UNWANTED.findall(text.lower())]
    tokens = words(UNWANTED.sub(" ", text))
    groups = synonyms.current()
    plain = {token for token in tokens if token not in STOP_WORDS}
    known, speller, attempts = index_words.known(plain), spelling.Speller(index_words), 0
    position = 0
    while position < len(tokens) and len(query.concepts) < MAX_CONCEPTS:
        term = groups.longest_term_at(tokens, position)
        if term is not None:
            query.concepts.append(Concept(" ".join(term), group_terms(groups.group_of(term), term)))
            position += len(term)
            continue
        token = tokens[position]
        position += 1
        if token in STOP_WORDS:
            continue
        if token not in known and groups.term_like(token) is None and attempts < MAX_CORRECTIONS:
            attempts += 1
            mended = speller.nearest(token)
            if mended and mended != token:
                query.corrections[token] = mended
                token = mended
        like = groups.term_like(token)
        if like:
            query.concepts.append(Concept(token, group_terms(groups.group_of(like), like)))
        else:
            # Its stem, or the start of a longer word: "PLC" finds "PLCs".
            query.concepts.append(Concept(token, (Term((stem(token),), prefix=len(token) >= 3),)))
    return query
