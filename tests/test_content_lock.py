"""load_content and admin saves take turns on one lock, on SQLite and PostgreSQL.

Real processes on a database of their own: one holds the lock in the middle of
a write, while load_content and a gunicorn-served admin save try to write.
Both losers give up within seconds with a clear error and write nothing; the
holder's write stands, and the admin form opened before it cannot overwrite it.
"""

import json
import os
import re
import select
import subprocess
import sys
import time
import uuid

import psycopg
import pytest
import requests
from django.apps import apps

from .admin_forms import admin_form_data
from .conftest import CONTENT_DIR
from .test_admin_integrity import messages_on
from .test_two_processes import PG_ADMIN_URL, ROOT, free_port, reachable
from .waiting import wait_for_http

PASSWORD = "a-long-test-password"
HOLDER_SUMMARY = "Written by the process that holds the content lock."
BUSY = "Content is being loaded or saved by someone else right now"
# Well below gunicorn's 30 s worker timeout, which the old row-lock wait (33 s) passed.
LOSER_SECONDS = 20

# Takes the lock as every content write does, writes, then waits to be told to commit.
HOLDER = f"""
import sys
from roles.content_lock import content_write
from roles.models import Role
with content_write():
    role = Role.objects.get(slug="press-helper")
    role.summary = {HOLDER_SUMMARY!r}
    role.save()
    print("locked", flush=True)
    sys.stdin.readline()
"""


def postgresql_database():
    if not reachable("127.0.0.1", 5432):
        if os.environ.get("CAREERGUIDE_REQUIRE_SERVICES"):
            pytest.fail("PostgreSQL not running")
        pytest.skip("PostgreSQL not running")
    name = f"careerguide_lock_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}", name


@pytest.fixture(params=["sqlite", "postgresql"])
def environment(request, tmp_path):
    """Settings for processes sharing one freshly migrated and loaded database."""
    if request.param == "sqlite":
        database_url, pg_name = f"sqlite:///{tmp_path / 'site.sqlite3'}", None
    else:
        database_url, pg_name = postgresql_database()
    unwanted = {"DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL", "REDIS_PAGES_DB"}
    env = {
        **{key: value for key, value in os.environ.items() if key not in unwanted},
        "DATABASE_URL": database_url,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_DEBUG": "0",
        "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
        "DJANGO_SETTINGS_MODULE": "careerguide.test_settings",
    }
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["load_content", "-v0", str(CONTENT_DIR)],
        ["createsuperuser", "--noinput", "--username", "editor", "--email", "e@example.org"],
    ):
        manage(env, *command, check=True)
    yield env
    if pg_name:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')


def manage(env, *arguments, check=False):
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=check,
    )  # fmt: skip


@pytest.fixture
def server(environment, tmp_path):
    port = free_port()
    log_path = tmp_path / "gunicorn.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py",
             "--bind", f"127.0.0.1:{port}", "--workers", "1", "careerguide.wsgi"],
            cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(f"{url}/healthz", f"gunicorn (log: {log_path})", 90, process)
        # On a shared machine another test's server may have answered on this port.
        assert f"Listening at: {url}" in log_path.read_text(), log_path.read_text()
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)


def signed_in(url):
    session = requests.Session()
    login = session.get(f"{url}/admin/login/")
    session.post(
        f"{url}/admin/login/",
        data={"username": "editor", "password": PASSWORD,
              "csrfmiddlewaretoken": session.cookies["csrftoken"], "next": "/admin/"},
        headers={"Referer": login.url},
    )  # fmt: skip
    return session


def every_row(env):
    """Every content and history record, by (model, primary key)."""
    dump = manage(env, "dumpdata", "roles", "reversion", check=True).stdout
    return {(record["model"], record["pk"]): record["fields"] for record in json.loads(dump)}


def derived_models():
    """The search index's tables: rebuilt from the content after the holder's write."""
    models = apps.get_app_config("roles").get_models()
    return {m._meta.label_lower for m in models if getattr(m, "derived_from_content", False)}


def without(rows, *keys):
    left_out = {"roles.contentversion", *derived_models()}
    return {
        key: fields
        for key, fields in rows.items()
        # The content version counts writes; the holder's write moves it on.
        if key not in keys and key[0] not in left_out
    }


def start_holder(env):
    holder = subprocess.Popen(
        [sys.executable, "manage.py", "shell", "-v0", "-c", HOLDER],
        cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    ready, _, _ = select.select([holder.stdout], [], [], 60)
    line = holder.stdout.readline() if ready else ""
    if line.strip() != "locked":
        holder.kill()
        pytest.fail(f"the lock holder did not start: {line!r} {holder.stderr.read()}")
    return holder


def timed(action):
    started = time.monotonic()
    result = action()
    return result, time.monotonic() - started


def test_loaders_and_editors_wait_briefly_for_the_lock_then_write_nothing(
    environment, server, content_copy
):
    session = signed_in(server)
    changelist = session.get(f"{server}/admin/roles/role/?q=press-helper").text
    role_pk = int(re.search(r'href="/admin/roles/role/(\d+)/change/', changelist)[1])
    change_url = f"{server}/admin/roles/role/{role_pk}/change/"
    opened_form = admin_form_data(session.get(change_url).text)
    technician_file = content_copy / "roles" / "press-technician.md"
    text = technician_file.read_text()
    summary = re.search(r"^summary: .*$", text, re.M)[0]
    technician_file.write_text(text.replace(summary, "summary: Summary from the files."))
    before = every_row(environment)

    holder = start_holder(environment)
    try:
        load, load_seconds = timed(lambda: manage(environment, "load_content", str(content_copy)))
        save, save_seconds = timed(
            lambda: session.post(
                change_url,
                data={**opened_form, "summary": "The editor's summary."},
                headers={"Referer": change_url},
                timeout=60,
            )
        )
    finally:
        holder.stdin.write("\n")
        holder.stdin.close()
        assert holder.wait(timeout=60) == 0, holder.stderr.read()

    assert load.returncode == 1
    assert BUSY in load.stderr and "The database was not changed." in load.stderr
    assert load_seconds < LOSER_SECONDS
    assert save.status_code == 200
    assert BUSY in save.text
    assert save_seconds < LOSER_SECONDS
    after = every_row(environment)
    holder_row = ("roles.role", role_pk)
    assert after[holder_row]["summary"] == HOLDER_SUMMARY
    assert without(after, holder_row) == without(before, holder_row)

    # The lock is free now, but the form was opened before the holder's write.
    stale = session.post(
        change_url, data={**opened_form, "summary": "The editor's summary."},
        headers={"Referer": change_url},
    )  # fmt: skip
    assert "This role was changed since you opened it" in stale.text
    assert every_row(environment) == after

    # Both writers get through once the lock is free. (Only this file: the
    # holder's edit makes load_content refuse press-helper's, as it should.)
    assert manage(environment, "load_content", "-v0", str(technician_file)).returncode == 0
    fresh = admin_form_data(session.get(change_url).text)
    saved = session.post(
        change_url, data={**fresh, "summary": "Saved after reloading."},
        headers={"Referer": change_url},
    )  # fmt: skip
    assert "was changed successfully" in saved.text
    final = every_row(environment)
    assert final[holder_row]["summary"] == "Saved after reloading."
    technician = next(
        fields for (model, _), fields in final.items()
        if model == "roles.role" and fields["title"] == "Press Technician"
    )  # fmt: skip
    assert technician["summary"] == "Summary from the files."


# --- every admin write path, against a lock held by another connection (PostgreSQL) ---


@pytest.fixture
def lock_held_elsewhere(transactional_db, loaded):
    """A second connection to the test database, holding the content lock."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs a second connection to the same database: PostgreSQL")
    settings = connection.settings_dict
    other = psycopg.connect(
        dbname=settings["NAME"], user=settings["USER"], password=settings["PASSWORD"],
        host=settings["HOST"], port=settings["PORT"] or 5432,
    )  # fmt: skip
    other.execute("SELECT id FROM roles_contentversion FOR UPDATE")
    yield
    other.rollback()
    other.close()


def test_catalog_saves_deletes_and_reverts_give_way_to_the_lock(admin_client, lock_held_elsewhere):
    from reversion.models import Version

    from roles.models import Role, Tool

    tool = Tool.objects.order_by("key").first()
    url = f"/admin/roles/tool/{tool.pk}/change/"
    form = admin_form_data(admin_client.get(url).content.decode(), form_id="tool_form")

    saved, seconds = timed(lambda: admin_client.post(url, {**form, "name": "Renamed"}))
    assert saved.status_code == 200 and BUSY in saved.content.decode()
    assert seconds < LOSER_SECONDS

    deleted = admin_client.post(f"/admin/roles/tool/{tool.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302 and any(BUSY in m for m in messages_on(deleted))

    role = Role.objects.get(slug="press-helper")
    version = Version.objects.get_for_object(role).first()
    reverted = admin_client.post(f"/admin/roles/role/{role.pk}/history/{version.pk}/", {})
    assert reverted.status_code == 302 and any(BUSY in m for m in messages_on(reverted))

    assert Tool.objects.get(pk=tool.pk).name == tool.name
    assert Version.objects.get_for_object(role).first() == version
