"""Words and stems: how the index and the query read text, on every database.

Stems are Snowball's English ones (PyStemmer's C code when installed), the
stemmer of PostgreSQL's `english` configuration, computed here once for both
databases: PostgreSQL indexes these stems as they are, so "calibrating" meets
"calibrate" the same way on SQLite and on PostgreSQL.
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

WORD = re.compile(r"\w+")
# PostgreSQL's English configuration leaves these out of every document and
# query; they would match everywhere, so a query never requires them.
STOP_WORDS = frozenset({
    "a", "about", "an", "and", "any", "are", "as", "at", "be", "been", "by", "can", "could",
    "did", "do", "does", "for", "from", "get", "had", "has", "have", "how", "i", "if", "in",
    "into", "is", "it", "its", "me", "my", "of", "on", "or", "our", "should", "so", "than",
    "that", "the", "their", "them", "then", "there", "these", "they", "this", "to", "too", "us",
    "was", "we", "were", "what", "when", "where", "which", "who", "why", "will", "with", "would",
    "you", "your",
    # What is left of a contraction once the apostrophe splits it: "what's", "don't".
    "s", "t", "d", "m", "ll", "re", "ve", "don", "doesn", "didn", "isn", "aren", "wasn", "won",
})  # fmt: skip

_stemmer = snowballstemmer.stemmer("english")
# Words whose stem would merge them with another meaning: "hourly" is about pay,
# "hour" (as in "OSHA 10-Hour") is not.
KEPT_WHOLE = frozenset({"hourly"})


@lru_cache(maxsize=50_000)
def stem(word):
    word = folded(word)
    return word if word in KEPT_WHOLE else _stemmer.stemWord(word)


def folded(word):
    """The word in lower case without accents: "Résumés" -> "resumes", as people type it."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text):
    return [folded(match) for match in WORD.findall(text)]


def stems(text):
    """The text's stems, in order, stop words left out (as PostgreSQL does)."""
    return [stem(word) for word in words(text) if word not in STOP_WORDS]
