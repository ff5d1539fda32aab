"""The index's words (SearchWord) and how often each occurs, for "did you mean" and rarity.

A word's count is the sum over the entries that hold it, so a refresh of a
few roles adjusts the counts by what it removed and added, and ends with the
same table a full rebuild would write.
"""

from collections import Counter

from ..models import SearchWord
from .text import stem, words

BATCH = 500
MIN_WORD_LENGTH = 3  # "did you mean" offers no shorter word
MAX_LENGTH = 100  # SearchWord.word's


def counted(texts):
    """Counter of the words worth offering in the texts (each a tuple of an entry's texts)."""
    counts = Counter()
    for parts in texts:
        for text in parts:
            counts.update(
                word[:MAX_LENGTH]
                for word in words(text)
                if len(word) >= MIN_WORD_LENGTH and word.isalpha()
            )
    return counts


TEXT_FIELDS = ("title", "page_name", "context", "body")  # the texts of an entry worth offering


def entry_texts(entries):
    return (tuple(getattr(entry, name) for name in TEXT_FIELDS) for entry in entries)


def row(word, count):
    return SearchWord(word=word, stem=stem(word)[:MAX_LENGTH], count=count)


def replace(counts):
    """The table holds exactly these counts."""
    SearchWord.objects.all().delete()
    SearchWord.objects.bulk_create(
        [row(word, count) for word, count in counts.items()], batch_size=BATCH
    )


def adjust(added, removed):
    """Add the counts of added entries' words and take away those of removed ones."""
    change = Counter(added)
    change.subtract(removed)
    change = {word: delta for word, delta in change.items() if delta}
    if not change:
        return
    stored = {found.word: found for found in SearchWord.objects.filter(word__in=change)}
    updated, emptied, created = [], [], []
    for word, delta in change.items():
        found = stored.get(word)
        if found is None:
            if delta > 0:
                created.append(row(word, delta))
        elif found.count + delta > 0:
            found.count += delta
            updated.append(found)
        else:
            emptied.append(found.pk)
    SearchWord.objects.filter(pk__in=emptied).delete()
    SearchWord.objects.bulk_update(updated, ["count"], batch_size=BATCH)
    SearchWord.objects.bulk_create(created, batch_size=BATCH)
