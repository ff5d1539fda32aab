import os
import shutil
from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.management import call_command

# Playwright's sync API runs an event loop in the test thread; Django's live
# server and ORM calls from tests are still synchronous, so allow them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Each test starts with no cached pages: another test's database is gone."""
    caches["pages"].clear()


@pytest.fixture
def content_copy(tmp_path):
    """A scratch copy of content/ that a test may break without harm."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target, ignore=shutil.ignore_patterns("_draft", "README.md"))
    return target


@pytest.fixture
def loaded(db):
    """The real content, loaded."""
    call_command("load_content", str(CONTENT_DIR), verbosity=0)
