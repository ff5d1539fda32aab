"""The index's words with their counts, read once per index build and kept by each process.

Every search asks which of its words the index knows and how common each
stem is. The answer only changes when the index does, so each process reads
SearchWord (a few thousand rows) again only when SearchIndexState.built_at
has moved, instead of asking the database twice a search.
"""

import bisect
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from ..models import SearchIndexState, SearchWord
from .text import stem


@dataclass(frozen=True)
class Lexicon:
    words: tuple  # sorted, for "does any word start with this"
    stems: frozenset
    stem_counts: Counter  # stem -> how often its words occur in the index
    word_counts: dict

    def knows_start(self, start):
        """True if some word of the index is start or begins with it."""
        at = bisect.bisect_left(self.words, start)
        return at < len(self.words) and self.words[at].startswith(start)

    def known(self, words):
        """The words the index holds as a word, a stem, or the start of a longer word."""
        # Numbers and codes ("10", "51-9199") are never typos.
        given, words = set(words), {word for word in words if word.isalpha()}
        stems = {stem(word): word for word in words}
        known = {word for word in words if self.knows_start(word)}
        known |= {word for found, word in stems.items() if found in self.stems}
        return known | (given - words)

    @cached_property
    def by_frequency(self):
        """Most frequent first: of two words as near, the commoner one wins."""
        return sorted(self.word_counts, key=lambda word: (-self.word_counts[word], word))


EMPTY = Lexicon((), frozenset(), Counter(), {})


def read():
    stem_counts, word_counts = Counter(), {}
    for word, word_stem, count in SearchWord.objects.values_list("word", "stem", "count"):
        stem_counts[word_stem] += count
        word_counts[word] = count
    return Lexicon(tuple(sorted(word_counts)), frozenset(stem_counts), stem_counts, word_counts)


# One index build's (built_at, lexicon) in this process; replaced in one step, for threads.
_kept = {"current": (None, EMPTY)}


def of_index(built_at):
    """The lexicon of the index built at built_at (SearchIndexState.built_at)."""
    kept_at, lexicon = _kept["current"]
    if kept_at != built_at:
        lexicon = read() if built_at is not None else EMPTY
        _kept["current"] = (built_at, lexicon)
    return lexicon


def current():
    """The lexicon of the index as it is now (one query for when it was built)."""
    return of_index(SearchIndexState.objects.values_list("built_at", flat=True).first())
