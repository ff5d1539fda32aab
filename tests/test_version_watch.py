"""Each process learns of committed content writes from PostgreSQL, without a query per page."""

import psycopg
import pytest
from django.db import connection

from roles.models import ContentVersion
from roles.models.version import NOTIFY_CHANNEL
from roles.version_watch import VersionWatch

from .waiting import wait_until


def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("LISTEN/NOTIFY is PostgreSQL's; on SQLite the version is read each time")


def other_process():
    """A connection of its own to the test database, as another app process has."""
    settings = connection.settings_dict
    return psycopg.connect(
        dbname=settings["NAME"], user=settings["USER"] or None, host=settings["HOST"] or None,
        port=settings["PORT"] or None, password=settings["PASSWORD"] or None,
    )  # fmt: skip


def bump_elsewhere(commit=True):
    with other_process() as other:
        other.execute("UPDATE roles_contentversion SET number = number + 1 WHERE id = 1")
        other.execute(f"NOTIFY {NOTIFY_CHANNEL}")
        other.commit() if commit else other.rollback()


@pytest.fixture
def watch(transactional_db):
    postgresql_only()
    ContentVersion.objects.get_or_create(id=1)
    watch = VersionWatch()
    yield watch
    watch.stop_listening()


def test_a_committed_write_elsewhere_is_seen_and_a_cached_page_costs_no_query(
    watch, django_assert_num_queries
):
    before = watch.current()
    assert before == ContentVersion.current()
    with django_assert_num_queries(0):
        assert watch.current() == before
    bump_elsewhere()
    wait_until(lambda remaining: watch.current() == before + 1, "the bump announced", 10)
    assert ContentVersion.current() == before + 1


def test_a_rolled_back_write_is_not_announced(watch):
    before = watch.current()
    bump_elsewhere(commit=False)
    bump_elsewhere()  # a later committed one shows the announcements arrive
    wait_until(lambda remaining: watch.current() == before + 1, "the second bump", 10)


def test_a_lost_listening_connection_falls_back_to_reading_and_listens_again(watch):
    before = watch.current()
    listener_pid = watch.listener.info.backend_pid
    with other_process() as other:
        other.execute("SELECT pg_terminate_backend(%s)", [listener_pid])
        other.commit()
    bump_elsewhere()  # announced to nobody: the listener is gone
    # The next call finds the connection dead and reads the number itself.
    assert wait_until(lambda remaining: watch.current() == before + 1, "the fallback", 10)
    watch.retry_at = 0  # don't wait out the pause before listening again
    assert watch.current() == before + 1
    assert watch.listener is not None and watch.listener.info.backend_pid != listener_pid


def test_inside_a_transaction_the_number_is_read_so_its_own_bump_counts(db):
    watch = VersionWatch()
    before = watch.current()
    ContentVersion.bump()
    assert watch.current() == before + 1
    watch.stop_listening()


def stamp_elsewhere(*tags):
    """What another process's committed write does: a new number, stamped on its tags."""
    with other_process() as other:
        (number,) = other.execute(
            "UPDATE roles_contentversion SET number = number + 1 WHERE id = 1 RETURNING number"
        ).fetchone()
        for tag in tags:
            other.execute(
                "INSERT INTO roles_cachetag (name, number) VALUES (%s, %s)"
                " ON CONFLICT (name) DO UPDATE SET number = EXCLUDED.number",
                [tag, number],
            )
        other.execute("SELECT pg_notify(%s, %s)", [NOTIFY_CHANNEL, " ".join([str(number), *tags])])
        other.commit()
    return number


def test_a_stamp_elsewhere_makes_stale_only_the_pages_with_its_tags_without_a_query(
    watch, django_assert_num_queries
):
    rendered_at = watch.current()
    assert watch.still_current({"role:1", "role:2", "tool:2"}, rendered_at)  # read once, here
    number = stamp_elsewhere("role:1", "role:*")
    wait_until(lambda remaining: watch.current() == number, "the stamp announced", 10)
    with django_assert_num_queries(0):
        assert not watch.still_current({"role:1", "tool:2"}, rendered_at)
        assert watch.still_current({"role:2", "tool:2"}, rendered_at)
        assert watch.still_current({"role:1"}, number)  # rendered after the write
    # A tag first asked for after the stamp is read from the database, with its stamp.
    assert not watch.still_current({"role:*"}, rendered_at)
