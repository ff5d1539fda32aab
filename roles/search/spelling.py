"""The nearest word the index holds to a query word it does not.

PostgreSQL answers with pg_trgm's trigram similarity over the index's words
(a GIN trigram index keeps it fast however many there are); other databases
ask rapidfuzz, over the same words, kept per index build (lexicon.py). Which
words the index knows at all is the lexicon's to say.
"""

from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection
from rapidfuzz import fuzz, process

from ..models import SearchWord

MIN_TYPO_LENGTH = 4  # shorter words are too often another real word one letter off
TRIGRAM_THRESHOLD = 0.35
FUZZ_THRESHOLD = 75  # rapidfuzz's ratio, 0-100


class Speller:
    """Mends a query's typos: one query a typo on PostgreSQL, none elsewhere."""

    def __init__(self, lexicon):
        self.lexicon = lexicon

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
        found = process.extractOne(
            word, self.lexicon.by_frequency, scorer=fuzz.ratio, score_cutoff=FUZZ_THRESHOLD
        )
        return found[0] if found else None
