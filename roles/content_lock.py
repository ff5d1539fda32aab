"""One lock for every content write, so load_content and admin saves take turns.

Without it, an admin save made during a load waited on the loader's row locks
past gunicorn's timeout and then wrote its stale values over the load. Every
content-writing transaction now takes this lock before its first write and
waits at most a few seconds for it; the loser is told to try again, and has
written nothing.

The lock is the single ContentVersion row. On PostgreSQL it is a row lock
(SELECT ... FOR UPDATE with a transaction-local lock_timeout). SQLite locks the
whole database for a writing transaction, so taking its write lock early (by
writing the row without changing it) under a short busy timeout gives the
same guarantee. Both locks last until the transaction ends, and taking the
lock again in the same transaction succeeds at once.
"""

from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, OperationalError, connections, transaction

from .models import ContentVersion
from .models.version import SINGLETON

LOCK_TIMEOUT_SECONDS = 3

BUSY_MESSAGE = (
    "Content is being loaded or saved by someone else right now, so nothing was saved. "
    "Try again in a moment."
)


class ContentBusy(Exception):
    def __init__(self, message=BUSY_MESSAGE):
        super().__init__(message)


def lock_content(using=DEFAULT_DB_ALIAS, timeout=LOCK_TIMEOUT_SECONDS):
    """Hold the content write lock until the current transaction ends, or raise ContentBusy."""
    connection = connections[using]
    if not connection.in_atomic_block:
        raise RuntimeError("lock_content() must run inside transaction.atomic()")
    take = _lock_postgresql if connection.vendor == "postgresql" else _lock_sqlite
    try:
        # A savepoint: on PostgreSQL a timed-out statement aborts its transaction,
        # and the admin still has to render the form with the error after it.
        with transaction.atomic(using=using):
            if not take(connection, timeout):
                ContentVersion.objects.using(using).get_or_create(id=SINGLETON)
                take(connection, timeout)
    except OperationalError as exc:  # PostgreSQL's lock timeout, SQLite's "database is locked"
        raise ContentBusy() from exc


@contextmanager
def content_write(using=DEFAULT_DB_ALIAS):
    """A transaction that holds the content write lock from its start."""
    with transaction.atomic(using=using):
        lock_content(using)
        yield


def _table(connection):
    return connection.ops.quote_name(ContentVersion._meta.db_table)


def _lock_postgresql(connection, timeout):
    """Lock the row; False when there is no row to lock."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('lock_timeout')")
        previous = cursor.fetchone()[0]
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", [f"{int(timeout * 1000)}ms"])
        cursor.execute(f"SELECT id FROM {_table(connection)} WHERE id = %s FOR UPDATE", [SINGLETON])
        found = cursor.fetchone() is not None
        # Only the wait for this lock is short; later statements keep the usual limit.
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", [previous])
    return found


def _lock_sqlite(connection, timeout):
    """Take the database's write lock; False when the row is missing (the lock is held anyway)."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        previous = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        try:
            cursor.execute(
                f"UPDATE {_table(connection)} SET number = number WHERE id = %s", [SINGLETON]
            )
            found = cursor.rowcount > 0
        finally:
            # The busy timeout belongs to the connection, not the transaction.
            cursor.execute(f"PRAGMA busy_timeout = {int(previous)}")
    return found
