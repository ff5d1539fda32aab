"""A large search-index refresh runs after the save that caused it, in a thread.

Committed writes (transactional_db), as a server process makes them, on
PostgreSQL: the index's lock is held from a second connection, as another
process's refresh would hold it, to show the save does not wait for it.
INLINE_MAX_ROLES is lowered so that a few fixture roles make a "large" change.
"""

import logging
import threading

import pytest
from django.db import connection, transaction

from roles import workers
from roles.models import ContentVersion, Responsibility, Role
from roles.search import background, find, index, passages

from .test_version_watch import other_process

SLUG = "press-technician"


def result_pages(query):
    return [result.url.split("#")[0] for result in find(query).results]


@pytest.fixture
def committed(transactional_db, loaded):
    if connection.vendor != "postgresql":
        pytest.skip("a second connection holds the index's lock: PostgreSQL")
    index.rebuild()
    yield
    assert background.wait(60), "a refresh thread outlived its test"


@pytest.fixture
def large(monkeypatch):
    monkeypatch.setattr(index, "INLINE_MAX_ROLES", 0)


@pytest.fixture
def rendering_threads(monkeypatch):
    """The names of the threads that render role pages for the index."""
    names, render = [], passages.role_entries

    def recording(role):
        names.append(threading.current_thread().name)
        return render(role)

    monkeypatch.setattr(passages, "role_entries", recording)
    return names


def save_duty(text):
    duty = Responsibility.objects.filter(role__slug=SLUG).first()
    with transaction.atomic():
        duty.text = text
        duty.save()


def test_a_save_does_not_wait_while_another_refresh_holds_the_index(committed):
    other = other_process()
    other.execute("SELECT id FROM roles_searchindexstate FOR UPDATE")
    try:
        save_duty("Wax the zeppelin.")
        # Back from the save, its commit included, with the index still locked elsewhere.
        assert index.built_version() < ContentVersion.current()
        assert not background.wait(timeout=0.2)  # its refresh waits for the lock, in a thread
    finally:
        other.rollback()
        other.close()
    assert background.wait(60)
    assert index.built_version() == ContentVersion.current()
    assert f"/roles/{SLUG}/duties/" in result_pages("zeppelin")


def test_a_large_change_is_indexed_after_the_save_in_a_thread(committed, large, rendering_threads):
    save_duty("Wax the zeppelin.")
    assert background.wait(60)
    assert set(rendering_threads) == {"search-index-refresh"}
    assert index.built_version() == ContentVersion.current()
    assert f"/roles/{SLUG}/duties/" in result_pages("zeppelin")


def test_a_small_change_is_indexed_in_the_save_itself(committed, rendering_threads):
    save_duty("Wax the zeppelin.")
    assert index.built_version() == ContentVersion.current()  # no waiting needed
    assert set(rendering_threads) == {threading.current_thread().name}
    assert f"/roles/{SLUG}/duties/" in result_pages("zeppelin")


def test_a_command_indexes_even_a_large_change_before_it_ends(committed, large, rendering_threads):
    with workers.allowed():
        save_duty("Wax the zeppelin.")
    assert index.built_version() == ContentVersion.current()
    assert set(rendering_threads) == {threading.current_thread().name}


def test_a_search_on_an_index_far_behind_reads_it_as_it_was_then_catches_up(committed, large):
    role = Role.objects.get(slug=SLUG)
    # A change whose refresh was lost (a worker stopped mid-way): the index is behind.
    Responsibility.objects.filter(role=role).update(
        text="Wax the zeppelin.", text_html="<p>Wax the zeppelin.</p>"
    )
    ContentVersion.bump()
    assert result_pages("zeppelin") == []  # the old index, searched at once
    assert background.wait(60)
    assert index.built_version() == ContentVersion.current()
    assert f"/roles/{SLUG}/duties/" in result_pages("zeppelin")


def test_a_refresh_that_fails_in_its_thread_is_logged_and_caught_up_later(
    committed, large, monkeypatch, caplog
):
    def broken(role):
        raise RuntimeError("the renderer broke")

    monkeypatch.setattr(passages, "role_entries", broken)
    with caplog.at_level(logging.ERROR, logger="roles.search.background"):
        save_duty("Wax the zeppelin.")
        assert background.wait(60)
    assert "the refresh after the response failed" in caplog.text
    assert index.built_version() < ContentVersion.current()  # the old index stands, whole
    monkeypatch.undo()
    index.refresh_after_commit(None)  # the next change's refresh, here inline
    assert background.wait(60)
    assert index.built_version() == ContentVersion.current()
