"""Two app processes behind one PostgreSQL and one Redis: an edit made through
one is served by the other at once, and makes stale there only the pages that
showed what it changed. Real gunicorn, real HTTP, no mocks."""

import json
import os
import re
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
import redis
import requests

from .admin_forms import admin_form_data
from .conftest import CONTENT_DIR
from .waiting import wait_for_http

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = os.environ.get(
    "CAREERGUIDE_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
REDIS_BASE = os.environ.get("CAREERGUIDE_TEST_REDIS", "redis://127.0.0.1:6379")
REDIS_DATABASES = (10, 11)  # default cache, page cache
ROLE = "/roles/press-helper/"
UNRELATED = "/tools/plc/"  # a tool only the other role uses: no part of press-helper on it


def reachable(host, port):
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex((host, port)) == 0


def services_or_skip():
    missing = [name for name, port in (("PostgreSQL", 5432), ("Redis", 6379))
               if not reachable("127.0.0.1", port)]  # fmt: skip
    if missing:
        if os.environ.get("CAREERGUIDE_REQUIRE_SERVICES"):
            pytest.fail(f"{', '.join(missing)} not running")
        pytest.skip(f"{', '.join(missing)} not running")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def shared_services():
    services_or_skip()
    name = f"careerguide_twoproc_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DATABASE_URL": PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}",
        "REDIS_URL": f"{REDIS_BASE}/{REDIS_DATABASES[0]}",
        "REDIS_PAGES_DB": str(REDIS_DATABASES[1]),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_DEBUG": "0",
        "DJANGO_SUPERUSER_PASSWORD": "a-long-test-password",
        # The test settings: no collectstatic needed, fast password hashing, and
        # load_content reads the tests' own content.
        "DJANGO_SETTINGS_MODULE": "careerguide.test_settings",
    }
    for number in REDIS_DATABASES:
        redis.Redis.from_url(f"{REDIS_BASE}/{number}").flushdb()
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["load_content", "-v0", str(CONTENT_DIR)],
        ["createsuperuser", "--noinput", "--username", "editor", "--email", "e@example.org"],
    ):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, timeout=300
        )
    yield env
    for number in REDIS_DATABASES:
        redis.Redis.from_url(f"{REDIS_BASE}/{number}").flushdb()
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def two_servers(shared_services, tmp_path):
    servers = []
    for label in ("a", "b"):
        port = free_port()
        log = (tmp_path / f"gunicorn-{label}.log").open("w")
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py",
             "--bind", f"127.0.0.1:{port}", "--workers", "1", "careerguide.wsgi"],
            cwd=ROOT, env=shared_services, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        servers.append((f"http://127.0.0.1:{port}", process, tmp_path / f"gunicorn-{label}.log"))
    for url, process, log in servers:
        # A busy machine makes the first answer slow: that is "not ready yet", up to the deadline.
        wait_for_http(f"{url}/healthz", f"gunicorn at {url} (log: {log})", 90, process)
    yield servers
    for _, process, _ in servers:
        process.terminate()
    for _, process, _ in servers:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)


def edit_summary(base_url, text):
    """Sign in to the admin through one server and change a role's summary there."""
    session = requests.Session()
    login = session.get(f"{base_url}/admin/login/")
    token = session.cookies["csrftoken"]
    session.post(
        f"{base_url}/admin/login/",
        data={"username": "editor", "password": "a-long-test-password",
              "csrfmiddlewaretoken": token, "next": "/admin/"},
        headers={"Referer": login.url},
    )  # fmt: skip
    changelist = session.get(f"{base_url}/admin/roles/role/?q=press-helper")
    change_url = base_url + re.search(r'href="(/admin/roles/role/\d+/change/)', changelist.text)[1]
    form = admin_form_data(session.get(change_url).text)
    form["summary"] = text
    response = session.post(change_url, data=form, headers={"Referer": change_url})
    assert response.status_code == 200
    assert "was changed successfully" in response.text


def test_an_edit_through_one_process_is_served_by_the_other_at_once(two_servers):
    (url_a, _, log_a), (url_b, _, _) = two_servers
    # Both processes have the page, and B has it in the shared cache.
    assert requests.get(url_a + ROLE).status_code == 200
    before = requests.get(url_b + ROLE)
    again = requests.get(url_b + ROLE, headers={"If-None-Match": before.headers["ETag"]})
    assert again.status_code == 304 and again.headers["X-Page-Cache"] == "hit"
    requests.get(url_b + UNRELATED)
    assert requests.get(url_b + UNRELATED).headers["X-Page-Cache"] == "hit"

    edit_summary(url_a, "Edited through server A, read through server B.")

    after = requests.get(url_b + ROLE)
    assert after.headers["X-Page-Cache"] == "miss"
    assert "Edited through server A, read through server B." in after.text
    # Only what showed the role went stale, in the other process too.
    assert requests.get(url_b + UNRELATED).headers["X-Page-Cache"] == "hit"
    assert requests.get(url_b + ROLE).headers["X-Page-Cache"] == "hit"
    assert after.headers["ETag"] != before.headers["ETag"]
    assert (
        requests.get(url_b + ROLE, headers={"If-None-Match": before.headers["ETag"]}).status_code
        == 200
    )

    # Each process wrote a structured request log line for each request.
    lines = [json.loads(line) for line in log_a.read_text().splitlines() if line.startswith("{")]
    requests_logged = [line for line in lines if line["logger"] == "careerguide.requests"]
    assert any(line["path"] == ROLE and line["status"] == 200 for line in requests_logged)
    assert all(
        len(line["request_id"]) == 32 and line["duration_ms"] >= 0 for line in requests_logged
    )
