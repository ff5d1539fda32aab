"""The content version, known to each process without a query per request.

ContentVersion.bump() sends a PostgreSQL NOTIFY in the writing transaction,
which PostgreSQL delivers to every listener when, and only if, that
transaction commits. Each process keeps one connection that LISTENs; before
each page-cache lookup it takes the notifications already waiting on that
socket (a poll, not a round trip), and only when one has come does it read the
number again. So a cached page costs no query (the version read cost 0.5 ms,
over half of a cached page), and a write by any process, load_content from the
command line included, changes the key of every cached page as soon as its
commit is announced, whatever Redis remembered.

The number is read from the database on every call where that cannot work: on
SQLite (no LISTEN), inside a transaction (it must see its own uncommitted
bump; the test suite runs each test in one), and while the listening
connection is down (it is retried every few seconds).
"""

import os
import threading
import time

import psycopg
from django.db import DEFAULT_DB_ALIAS, connections

from .models import ContentVersion
from .models.version import NOTIFY_CHANNEL, SINGLETON

RETRY_AFTER = 5  # seconds between attempts to listen again after a failure
CONNECT_TIMEOUT = 2  # seconds


class VersionWatch:
    def __init__(self, alias=DEFAULT_DB_ALIAS):
        self.alias = alias
        self.listener = None
        self.listening_in = None  # the pid that listens; a fork must listen again
        self.known = None
        self.retry_at = 0.0
        self.lock = threading.Lock()

    def current(self):
        connection = connections[self.alias]
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            with self.lock:
                known = self.watched()
            if known is not None:
                return known
        return ContentVersion.current()

    def watched(self):
        """The number as of the last notification, or None if not listening now."""
        try:
            if self.listener is None or self.listening_in != os.getpid():
                if time.monotonic() < self.retry_at:
                    return None
                self.listen()
            if list(self.listener.notifies(timeout=0)):  # drain every one waiting
                self.known = self.read()
        except psycopg.Error:
            self.stop_listening()
            self.retry_at = time.monotonic() + RETRY_AFTER
            return None
        return self.known

    def listen(self):
        settings = connections[self.alias].settings_dict
        self.listener = psycopg.connect(
            dbname=settings["NAME"],
            user=settings["USER"] or None,
            password=settings["PASSWORD"] or None,
            host=settings["HOST"] or None,
            port=settings["PORT"] or None,
            autocommit=True,
            connect_timeout=CONNECT_TIMEOUT,
        )
        self.listening_in = os.getpid()
        self.listener.execute(f"LISTEN {NOTIFY_CHANNEL}")
        # Read only after LISTEN: a bump committed in between is then announced too.
        self.known = self.read()

    def read(self):
        row = self.listener.execute(
            "SELECT number FROM roles_contentversion WHERE id = %s", [SINGLETON]
        ).fetchone()
        return row[0] if row else 0

    def stop_listening(self):
        if self.listener is not None and self.listening_in == os.getpid():
            self.listener.close()
        self.listener = self.listening_in = self.known = None


watch = VersionWatch()
