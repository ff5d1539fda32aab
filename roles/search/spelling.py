"""Which query words the index knows, and the nearest known word to one it does not.

PostgreSQL answers with pg_trgm's trigram similarity over the index's words
(a GIN trigram index keeps it fast however many there are); other databases
ask rapidfuzz, over the same words read once per index build.
"""

from functools import lru_cache

from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection
from django.db.models import Q
from rapidfuzz import fuzz, process

from ..models import SearchIndexState, SearchWord
from .text import stem

MIN_TYPO_LENGTH = 4  # shorter words are too often another real word one letter off
TRIGRAM_THRESHOLD = 0.35
FUZZ_THRESHOLD = 75  # rapidfuzz's ratio, 0-100


def known_words(words):
    """The words the index holds as a word, a stem, or the start of a longer word."""
    # Numbers and codes ("10", "51-9199") are never typos.
    given, words = set(words), {word for word in words if word.isalpha()}
    if not words:
        return given
    stems = {stem(word): word for word in words}
    condition = Q(word__in=words) | Q(stem__in=stems)
    for word in words:
        condition |= Q(word__startswith=word)
    rows = SearchWord.objects.filter(condition).values_list("word", "stem")
    known = set()
    for found_word, found_stem in rows:
        known |= {word for word in words if found_word.startswith(word)}
        if found_stem in stems:
            known.add(stems[found_stem])
    return known | (given - words)


class Speller:
    """Mends a query's typos, reading what it needs from the index at most once per query."""

    def __init__(self):
        self.vocabulary = None

    def nearest(self, word):
        """The index's word nearest to a word it does not hold, or None if none is near."""
        if len(word) < MIN_TYPO_LENGTH or not word.isalpha():
            return None
        if connection.vendor == "postgresql":
            return (
                SearchWord.objects.annotate(similarity=TrigramSimilarity("word", word))
                .filter(word__trigram_similar=word, similarity__gte=TRIGRAM_THRESHOLD)
                .order_by("-similarity", "-count", "word")
                .values_list("word", flat=True)
                .first()
            )
        if self.vocabulary is None:
            built = SearchIndexState.objects.values_list("built_at", flat=True).first()
            self.vocabulary = vocabulary_of(built)
        found = process.extractOne(
            word, self.vocabulary, scorer=fuzz.ratio, score_cutoff=FUZZ_THRESHOLD
        )
        return found[0] if found else None


@lru_cache(maxsize=2)
def vocabulary_of(index_built_at):
    # Most frequent first: of two words as near, the commoner one wins, as on PostgreSQL.
    return list(SearchWord.objects.order_by("-count", "word").values_list("word", flat=True))
