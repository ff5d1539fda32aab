"""Building the search index from the content, and keeping it in step with it.

The index is rebuilt after every committed content change (roles/caching.py
schedules it), in one transaction, so a search sees the old index or the new
one, never half of each. If a rebuild failed or was skipped, the next search
notices that the index was built from an older content version and rebuilds
it first: slower once, never wrong for long.
"""

import logging
from collections import Counter

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.utils import timezone

from ..models import SearchEntry, SearchIndexState, SearchWord
from ..models.search import SINGLETON
from ..version_watch import watch
from .passages import all_entries
from .text import stem, words

logger = logging.getLogger(__name__)

BATCH = 500
MIN_WORD_LENGTH = 3  # "did you mean" offers no shorter word


def vocabulary(entries):
    counts = Counter()
    for entry in entries:
        for text in (entry.title, entry.page_name, entry.context, entry.body):
            counts.update(word for word in words(text) if len(word) >= MIN_WORD_LENGTH)
    return [
        SearchWord(word=word[:100], stem=stem(word)[:100], count=count)
        for word, count in counts.items()
        if word.isalpha()
    ]


def rebuild(content_version=None):
    """Rebuild the whole index from the published content; returns the number of entries."""
    with transaction.atomic():
        state, _ = SearchIndexState.objects.select_for_update().get_or_create(id=SINGLETON)
        version = watch.current() if content_version is None else content_version
        if content_version is not None and state.content_version == version:
            return state.entries  # another process rebuilt it while this one waited
        entries = list(all_entries())
        SearchEntry.objects.all().delete()
        SearchWord.objects.all().delete()
        SearchEntry.objects.bulk_create(entries, batch_size=BATCH)
        if connection.vendor == "postgresql":
            SearchEntry.objects.update(
                document=SearchVector("title_stems", weight="A", config="simple")
                + SearchVector("page_stems", weight="B", config="simple")
                + SearchVector("context_stems", weight="C", config="simple")
                + SearchVector("body_stems", weight="D", config="simple")
            )
        SearchWord.objects.bulk_create(vocabulary(entries), batch_size=BATCH)
        state.content_version = version
        state.built_at = timezone.now()
        state.entries = len(entries)
        state.save()
    return len(entries)


def built_version():
    return SearchIndexState.objects.values_list("content_version", flat=True).first()


def ensure_fresh():
    """Rebuild the index first if the content has changed since it was built."""
    current = watch.current()
    if built_version() != current:
        rebuild(current)


def rebuild_after_commit():
    """The content changed and committed: bring the index up to date (failures only logged)."""
    try:
        ensure_fresh()
    except Exception:  # the search rebuilds on its next request; the write itself stands
        logger.exception("search index rebuild failed; the next search will retry")
