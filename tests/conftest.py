"""Shared fixtures.

The tests run on a small content folder of their own, tests/fixture_content/
(two published roles and a draft, in the format of content/README.md), never
on the editors' content/: an editor changing a figure must not break a test.
Only tests/test_real_content.py reads content/.

The fixture content is loaded once per test database (once per xdist worker),
when the database is created. Each test then runs inside a transaction that
is rolled back, so whatever it changes is gone for the next one.

- A test that asks for `loaded` sees the fixture content (and one that asks
  for test_real_content.py's `real_content`, the real content).
- Any other test that uses the database sees it empty of content (the rows
  are deleted inside the test's transaction, so the deletion is rolled back too).
- Transactional tests (live server, transaction=True) end with Django emptying
  every table; `loaded` loads the content again for them when it is missing.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, transaction

from .commits import as_if_committed

# Playwright's sync API runs an event loop in the test thread; Django's live
# server and ORM calls from tests are still synchronous, so allow them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parent.parent
CONTENT_DIR = Path(__file__).resolve().parent / "fixture_content"
REAL_CONTENT_DIR = ROOT / "content"
# A role of the fixture content: when it is missing, so is the rest.
SENTINEL_SLUG = "press-technician"


def load_fixture_content():
    call_command("load_content", str(CONTENT_DIR), verbosity=0)


def content_tables():
    """Every table load_content writes: the roles app's and the admin history's."""
    models = [
        *apps.get_app_config("roles").get_models(include_auto_created=True),
        *apps.get_app_config("reversion").get_models(),
    ]
    return sorted({m._meta.db_table for m in models if m._meta.managed and not m._meta.proxy})


def empty_content_tables():
    # Foreign keys are checked at commit (Django creates them deferred), and
    # every table that refers to these is emptied too, so the order is free.
    with connection.cursor() as cursor:
        for table in content_tables():
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, created as usual, with the fixture content loaded once."""
    with django_db_blocker.unblock():
        load_fixture_content()


def database_use(request):
    """None, "db" or "transactional_db": how the running test uses the database."""
    marker = request.node.get_closest_marker("django_db")
    names = request.fixturenames
    transactional = "transactional_db" in names or "live_server" in names
    if marker is not None:
        transactional = transactional or marker.kwargs.get(
            "transaction", bool(marker.args and marker.args[0])
        )
    if transactional:
        return "transactional_db"
    if marker is not None or "db" in names:
        return "db"
    return None


@pytest.fixture(autouse=True)
def content_state(request):
    """Without `loaded`, a test that uses the database sees no content at all."""
    use = database_use(request)
    # test_real_content.py's real_content brings its own content.
    if use is None or {"loaded", "real_content"} & set(request.fixturenames):
        return
    request.getfixturevalue(use)
    with transaction.atomic():  # a transactional test has no transaction of its own
        empty_content_tables()


@pytest.fixture
def loaded(db):
    """The fixture content, in the database. Returns its folder."""
    # `db` is named here, not requested at run time: pytest-django decides at
    # collection which tests get a test database (and runs transactional ones last).
    from roles.models import Role

    if not Role.objects.filter(slug=SENTINEL_SLUG).exists():  # emptied by a transactional test
        # As if the load had committed, so the test's own first write bumps the
        # content version again, as it would in production.
        with as_if_committed():
            load_fixture_content()
    return CONTENT_DIR


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Each test starts with no cached pages: another test's database is gone."""
    caches["pages"].clear()


@pytest.fixture
def content_copy(tmp_path):
    """A scratch copy of the fixture content that a test may break without harm."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target, ignore=shutil.ignore_patterns("README.md"))
    return target


# --- template variables that do not resolve ------------------------------------------


def invalid_variables():
    """The list careerguide.test_settings fills; None under other settings."""
    marker = settings.TEMPLATES[0].get("OPTIONS", {}).get("string_if_invalid")
    return getattr(marker, "found", None)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    found = invalid_variables()
    if found is None:
        return (yield)
    found.clear()
    result = yield
    if found:
        unique = sorted(set(found))
        found.clear()
        raise AssertionError(
            "A template used a variable that does not exist:\n  " + "\n  ".join(unique)
        )
    return result
