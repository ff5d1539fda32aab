"""A whole index rendered by worker processes reads exactly as one rendered here.

PostgreSQL only (roles/search/parallel.py): the workers read the committed
content through connections of their own, so the tests commit theirs
(transactional_db) and lower the thresholds to build from a few roles.
"""

import pytest
from django.db import connection, transaction

from roles import workers
from roles.models import Role, SearchEntry
from roles.search import index, parallel, passages, rows


@pytest.fixture
def in_workers(transactional_db, loaded, settings, monkeypatch):
    """Workers for any build with more than one chunk, and a chunk per role."""
    if connection.vendor != "postgresql":
        pytest.skip("the index is built in worker processes on PostgreSQL only")
    settings.SEARCH_INDEX_PARALLEL_MIN_ROLES = 1
    settings.WORKER_PROCESSES = 2
    monkeypatch.setattr(passages, "ROLES_AT_ONCE", 1)
    assert Role.objects.published().count() > 1  # so there are chunks to share out
    with workers.allowed():
        yield


def digests(entries):
    return [rows.digest(entry) for entry in entries]


def test_workers_render_the_same_entries_in_the_same_order(in_workers):
    chunks = [[pk] for pk in Role.objects.published().values_list("pk", flat=True)]
    assert parallel.worth_it(chunks)
    here = list(passages.all_entries())
    with transaction.atomic():
        in_workers_entries = list(passages.all_entries(in_parallel=True))
        # This process's own connection, open while the workers ran, still works.
        assert Role.objects.published().count() == len(chunks)
    assert len(in_workers_entries) == len(here) > len(chunks)
    assert digests(in_workers_entries) == digests(here)


def test_a_rebuild_in_workers_writes_the_index_a_serial_one_does(in_workers, settings):
    settings.WORKER_PROCESSES = 1  # one worker: never worth it, so this build is serial
    serial_count = index.rebuild()
    serial = sorted(SearchEntry.objects.values_list("digest", flat=True))
    SearchEntry.objects.all().delete()
    settings.WORKER_PROCESSES = 2
    assert index.rebuild(in_parallel=True) == serial_count
    assert sorted(SearchEntry.objects.values_list("digest", flat=True)) == serial
    assert not SearchEntry.objects.filter(document__isnull=True).exists()


def test_workers_that_cannot_start_leave_the_build_to_this_process(in_workers, monkeypatch):
    def broken_start():
        raise RuntimeError("no connection for this worker")

    monkeypatch.setattr(parallel, "_start_worker", broken_start)
    chunks = [[pk] for pk in Role.objects.published().values_list("pk", flat=True)]
    assert parallel.mapped(passages.chunk_entries, chunks) is None
    assert digests(passages.all_entries(in_parallel=True)) == digests(passages.all_entries())


def test_requests_sqlite_and_small_builds_stay_in_this_process(db, settings):
    settings.WORKER_PROCESSES = 2
    settings.SEARCH_INDEX_PARALLEL_MIN_ROLES = 10
    nine_roles = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
    ten_roles = [*nine_roles, [10]]
    assert not parallel.worth_it(ten_roles)  # outside a command, as in a server process
    with workers.allowed():
        assert not parallel.worth_it(nine_roles)
        assert parallel.worth_it(ten_roles) == (connection.vendor == "postgresql")
        assert not parallel.worth_it([list(range(1, 20))])  # one chunk: nothing to share
        settings.WORKER_PROCESSES = 1
        assert not parallel.worth_it(ten_roles)
