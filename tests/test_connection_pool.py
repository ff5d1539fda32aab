"""The psycopg connection pool of the production settings, on a real PostgreSQL.

Settings are read in a fresh interpreter with the environment a deployment
would give it; requests go through a real gunicorn. The database "stops" by a
cut in a TCP relay in front of the real server: established connections drop
and new ones are refused, as when PostgreSQL goes down.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress

import psycopg
import pytest
import requests

from .conftest import CONTENT_DIR
from .test_content_lock import manage, postgresql_database
from .test_two_processes import PG_ADMIN_URL, ROOT, free_port
from .waiting import wait_for_http

PG_URL = "postgres://postgres@127.0.0.1:5432/careerguide"
# Whatever the shell that runs the tests says about these, each test sets its own.
DEPLOYMENT_VARIABLES = ("DJANGO_", "GUNICORN_", "WEB_CONCURRENCY", "DATABASE_URL", "REDIS_")
POSTING = "/roles/press-helper/job-posting.json?company=Acme+{}&location=Springfield"


def production(**variables):
    """The environment of a deployment on the site's own settings, not the tests'."""
    inherited = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(DEPLOYMENT_VARIABLES) and name != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    return inherited | {
        "DJANGO_SETTINGS_MODULE": "careerguide.settings",
        "DJANGO_DEBUG": "0",
        "REQUEST_LOG_LEVEL": "WARNING",
        **variables,
    }


def default_database(**variables):
    script = "import json; from django.conf import settings; print(json.dumps(settings.DATABASES))"
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=production(**variables),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)["default"]


# --- settings ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("variables", "pool"),
    [
        ({}, {"min_size": 1, "max_size": 2, "timeout": 5.0}),
        # gthread workers: one connection for each thread of the process.
        ({"GUNICORN_THREADS": "4"}, {"min_size": 1, "max_size": 5, "timeout": 5.0}),
        (
            {
                "DJANGO_DB_POOL_MIN_SIZE": "2",
                "DJANGO_DB_POOL_MAX_SIZE": "6",
                "DJANGO_DB_POOL_TIMEOUT": "2.5",
            },
            {"min_size": 2, "max_size": 6, "timeout": 2.5},
        ),
    ],
)
def test_postgresql_gets_a_pool_by_default(variables, pool):
    database = default_database(DATABASE_URL=PG_URL, **variables)
    assert database["OPTIONS"]["pool"] == pool
    assert database["CONN_MAX_AGE"] == 0  # Django refuses a pool beside persistent connections
    assert database["CONN_HEALTH_CHECKS"] is True  # the pool checks a connection before lending it


@pytest.mark.parametrize(
    "variables",
    [
        {"DATABASE_URL": PG_URL, "DJANGO_DB_POOL": "0"},
        {"DATABASE_URL": "sqlite:////tmp/careerguide-pool-test.sqlite3"},
        {"DATABASE_URL": PG_URL, "DJANGO_SETTINGS_MODULE": "careerguide.test_settings"},
    ],
    ids=["switched-off", "sqlite", "test-settings"],
)
def test_persistent_connections_without_a_pool(variables):
    database = default_database(**variables)
    assert "pool" not in database.get("OPTIONS", {})
    assert database["CONN_MAX_AGE"] == 60


# --- a live server ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def loaded_database():
    """A PostgreSQL database, migrated and loaded with the fixture content: (url, name)."""
    url, name = postgresql_database()
    env = production(DATABASE_URL=url)
    try:
        manage(env, "migrate", "--noinput", "-v0", check=True)
        manage(env, "load_content", "-v0", str(CONTENT_DIR), check=True)
        yield url, name
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def gunicorn(env, log_path, healthy=200):
    """gunicorn with the repo's gunicorn.conf.py; yields its URL once /healthz gives `healthy`."""
    url = f"http://127.0.0.1:{free_port()}"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "careerguide.wsgi"],
            cwd=ROOT,
            env=env | {"GUNICORN_BIND": url.removeprefix("http://")},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for_http(f"{url}/healthz", f"gunicorn (log: {log_path})", 90, process, healthy)
        yield url
    finally:
        process.send_signal(signal.SIGQUIT)  # gunicorn's quick shutdown: nothing here needs more
        with suppress(subprocess.TimeoutExpired):
            process.wait(timeout=20)
        process.kill()  # does nothing to a process already reaped
        process.wait()


def client_backends(name):
    """(pid, start) of every client connection to database name but this one."""
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as connection:
        rows = connection.execute(
            "SELECT pid, backend_start FROM pg_stat_activity WHERE datname = %s"
            " AND backend_type = 'client backend' AND pid <> pg_backend_pid()",
            [name],
        ).fetchall()
    return set(rows)


def test_four_threads_share_two_pooled_connections(loaded_database, tmp_path):
    url, name = loaded_database
    # Fewer connections than threads: a request that kept its connection would
    # leave the third concurrent request waiting out the pool's timeout (a 500).
    env = production(
        DATABASE_URL=url,
        WEB_CONCURRENCY="1",
        GUNICORN_THREADS="4",
        DJANGO_DB_POOL_MAX_SIZE="2",
        DJANGO_DB_POOL_TIMEOUT="5",
    )
    with gunicorn(env, tmp_path / "gunicorn.log") as base:
        # Each posting is for a new company: a new page, rendered from the database.
        for number in range(10):
            response = requests.get(base + POSTING.format(number), timeout=30)
            assert response.status_code == 200
            assert f"Acme {number} is hiring" in response.json()["description"]
        after_one_at_a_time = client_backends(name)
        with ThreadPoolExecutor(8) as clients:
            statuses = list(
                clients.map(
                    lambda number: requests.get(base + POSTING.format(number), timeout=30),
                    range(10, 90),
                )
            )
        assert [response.status_code for response in statuses] == [200] * 80
        after_together = client_backends(name)
    # Two pooled connections and the process's LISTEN connection (roles/version_watch.py),
    # the same ones throughout: none opened or closed per request.
    assert len(after_together) <= 3
    assert after_one_at_a_time <= after_together


# --- an unreachable database ------------------------------------------------------------

QUICK = 3  # seconds: the health check waits 1 s for the pool, the pool itself 10 s


def timed_health(base):
    started = time.monotonic()
    response = requests.get(f"{base}/healthz", timeout=30)
    return response, time.monotonic() - started


def test_healthz_fails_fast_when_the_database_port_is_closed(tmp_path):
    closed = free_port()
    env = production(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{closed}/careerguide",
        WEB_CONCURRENCY="1",
        DJANGO_DB_POOL_TIMEOUT="10",
    )
    with gunicorn(env, tmp_path / "gunicorn.log", healthy=503) as base:
        response, seconds = timed_health(base)
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "PoolTimeout"}
    assert seconds < QUICK


class Relay:
    """A TCP relay to PostgreSQL that can be cut and joined again on the same port."""

    def __init__(self, target=("127.0.0.1", 5432)):
        self.target = target
        self.port = free_port()
        self.sockets = []
        self.listener = None

    def start(self):
        self.listener = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self.accept, args=(self.listener,), daemon=True).start()

    def accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # cut
            server = socket.create_connection(self.target)
            self.sockets += [client, server]
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self.pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def pump(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
            sink.shutdown(socket.SHUT_WR)  # one side hung up: tell the other
        except OSError:
            pass

    def cut(self):
        if self.listener is None:
            return
        self.listener.shutdown(socket.SHUT_RDWR)  # wakes accept()
        self.listener.close()
        self.listener = None
        for connection in self.sockets:
            with suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
            connection.close()
        self.sockets = []


def test_healthz_fails_fast_when_the_database_stops_and_recovers_after(loaded_database, tmp_path):
    _, name = loaded_database
    relay = Relay()
    relay.start()
    env = production(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{relay.port}/{name}",
        WEB_CONCURRENCY="1",
        DJANGO_DB_POOL_TIMEOUT="10",
    )
    try:
        with gunicorn(env, tmp_path / "gunicorn.log") as base:
            relay.cut()  # the pool's connection is gone, and no new one can be made
            response, seconds = timed_health(base)
            assert response.status_code == 503
            assert seconds < QUICK
            relay.start()
            # The pool opens a new connection by itself: the process comes back into rotation.
            wait_for_http(f"{base}/healthz", "healthz after the database came back", 30)
    finally:
        relay.cut()
