"""The content version and the cache tags' stamps, known to each process without a query.

Each write stamps cache tags (roles/models/cache_tags.py) and sends a
PostgreSQL NOTIFY in its transaction, "<version> <tag> <tag> ...", which
PostgreSQL delivers to every listener when, and only if, that transaction
commits. Each process keeps one connection that LISTENs; before each
page-cache lookup it takes the notifications already waiting on that socket (a
poll, not a round trip) and applies them to what it knows. A tag it has not
seen yet is read once, on that connection, and then kept up to date by the
notifications. So a cached page costs no query, and a write by any process,
load_content from the command line included, makes every page that showed
what it changed stale as soon as its commit is announced, whatever Redis
remembered.

Both are read from the database on every call where that cannot work: on
SQLite (no LISTEN), inside a transaction (it must see its own uncommitted
stamps; the test suite runs each test in one), and while the listening
connection is down (it is retried every few seconds).
"""

import os
import threading
import time

import psycopg
from django.db import DEFAULT_DB_ALIAS, connections

from .models import CacheTag, ContentVersion
from .models.cache_tags import EVERYTHING
from .models.version import NOTIFY_CHANNEL, SINGLETON

RETRY_AFTER = 5  # seconds between attempts to listen again after a failure
CONNECT_TIMEOUT = 2  # seconds


class VersionWatch:
    def __init__(self, alias=DEFAULT_DB_ALIAS):
        self.alias = alias
        self.listener = None
        self.listening_in = None  # the pid that listens; a fork must listen again
        self.known = None
        self.stamps = {}  # tag -> the version it last changed at, as announced
        self.retry_at = 0.0
        self.lock = threading.Lock()

    def current(self):
        """The content version: a page rendered now is as new as this number."""
        if self.can_watch():
            with self.lock:
                if self.watched():
                    return self.known
        return ContentVersion.current()

    def still_current(self, tags, version):
        """Whether a page rendered at version, showing what tags name, is still up to date."""
        names = {*tags, EVERYTHING}
        stamps = None
        if self.can_watch():
            with self.lock:
                if self.watched():
                    stamps = self.stamps_of(names)
        if stamps is None:
            stamps = CacheTag.numbers(names)
        return max(stamps.values()) <= version

    def can_watch(self):
        connection = connections[self.alias]
        return connection.vendor == "postgresql" and not connection.in_atomic_block

    def watched(self):
        """Whether this process is listening, with every notification waiting applied."""
        try:
            if self.listener is None or self.listening_in != os.getpid():
                if time.monotonic() < self.retry_at:
                    return False
                self.listen()
            # Drained whole first: the generator holds the connection, which apply() may query.
            for notify in list(self.listener.notifies(timeout=0)):
                self.apply(notify.payload)
        except psycopg.Error:
            self.stop_listening()
            self.retry_at = time.monotonic() + RETRY_AFTER
            return False
        return True

    def apply(self, payload):
        if not payload:  # sent by hand (NOTIFY with no payload): start again from the database
            self.known, self.stamps = self.read(), {}
            return
        number, *tags = payload.split()
        number = int(number)
        self.known = max(self.known, number)
        for tag in tags:
            self.stamps[tag] = max(self.stamps.get(tag, 0), number)

    def stamps_of(self, names):
        unseen = [name for name in names if name not in self.stamps]
        if unseen:
            rows = self.listener.execute(
                "SELECT name, number FROM roles_cachetag WHERE name = ANY(%s)", [unseen]
            ).fetchall()
            # Only after LISTEN, so a stamp committed after this read is announced.
            self.stamps.update(dict.fromkeys(unseen, 0) | dict(rows))
        return {name: self.stamps[name] for name in names}

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
        self.stamps = {}  # a forked process's copy of its parent's may be behind
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
        self.stamps = {}  # notifications may have been missed meanwhile


watch = VersionWatch()
