"""Writing passages into SearchEntry: only those that changed, each stamped with a digest.

A row's digest sums up everything it holds, so a refresh compares digests
instead of texts: a passage that reads the same keeps its row (and its id),
one that changed is deleted and inserted anew, and PostgreSQL's vectors are
computed for the new rows only.

On PostgreSQL new rows go in with COPY, their vectors left empty, and one
UPDATE then fills every empty vector: building a multi-row INSERT in Python
took longer than PostgreSQL took to store the rows (a first build of 1,000
roles writes about 90,000). A refresh holds the index's lock
(roles/search/index.py), so the empty vectors are all its own.
"""

import hashlib
import json
from collections import defaultdict

from django.contrib.postgres.search import SearchVector
from django.db import connection

from ..models import SearchEntry
from .vocabulary import TEXT_FIELDS

BATCH = 500
# Part of every digest: a change to how passages are stored replaces every row once.
ROW_FORMAT = 1
HELD = (
    "role_pk", "page_url", "page_title", "label", "url", "title", "page_name", "context",
    "body", "position", "boost", "title_stems", "page_stems", "context_stems", "body_stems",
)  # fmt: skip


def digest(entry):
    held = [ROW_FORMAT, *(getattr(entry, name) for name in HELD)]
    text = json.dumps(held, ensure_ascii=False, separators=(",", ":"))
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def vectors():
    """PostgreSQL's vectors of a row's stems, for its GIN indexes (roles/search/candidates.py)."""
    return {
        "document": SearchVector("title_stems", weight="A", config="simple")
        + SearchVector("page_stems", weight="B", config="simple")
        + SearchVector("context_stems", weight="C", config="simple")
        + SearchVector("body_stems", weight="D", config="simple"),
        "heading": SearchVector("title_stems", "page_stems", "context_stems", config="simple"),
    }


def sync(wanted, rows, removed_texts=False):
    """Make the rows (a SearchEntry queryset) hold exactly the wanted passages.

    Returns (the entries inserted, the texts of the rows deleted, if asked for).
    """
    for entry in wanted:
        entry.digest = digest(entry)
    spare = defaultdict(list)  # digest -> ids of rows holding it
    for pk, held in rows.values_list("id", "digest"):
        spare[held].append(pk)
    inserted = []
    for entry in wanted:
        if spare.get(entry.digest):
            spare[entry.digest].pop()
        else:
            inserted.append(entry)
    deleted = [pk for pks in spare.values() for pk in pks]
    texts = []
    for start in range(0, len(deleted), BATCH):
        batch = SearchEntry.objects.filter(pk__in=deleted[start : start + BATCH])
        if removed_texts:
            texts += batch.values_list(*TEXT_FIELDS)
        batch.delete()
    if connection.vendor == "postgresql":
        copy_in(inserted)
    else:
        SearchEntry.objects.bulk_create(inserted, batch_size=BATCH)
    return inserted, texts


COPIED = (*HELD, "digest")


def copy_in(entries):
    """Insert the entries with PostgreSQL's COPY, then compute their vectors."""
    if not entries:
        return
    table = connection.ops.quote_name(SearchEntry._meta.db_table)
    columns = ", ".join(
        connection.ops.quote_name(SearchEntry._meta.get_field(name).column) for name in COPIED
    )
    copying = f"COPY {table} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(copying) as copy:
        for entry in entries:
            copy.write_row([getattr(entry, name) for name in COPIED])
    SearchEntry.objects.filter(document__isnull=True).update(**vectors())
