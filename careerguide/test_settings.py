"""Settings for the test suite: the site's own settings, runnable in a fresh clone.

pyproject.toml points pytest at this module. It changes only what tests need:

- static files are served from the app and project folders, so no
  `collectstatic` (and no manifest of hashed names) is needed first;
- a template variable that does not resolve is recorded, and tests/conftest.py
  fails the test that rendered it (Django itself would print nothing);
- passwords are hashed quickly, since tests create and sign in users often;
- `load_content` and `export_content` default to the tests' own small content
  folder, never to the real `content/`.

Tests that start other processes (gunicorn, manage.py) choose the settings
those processes use themselves.
"""

import threading

from .settings import *  # noqa: F403
from .settings import BASE_DIR, STORAGES, TEMPLATES, database

# Persistent connections as before, not the production pool: a test thread
# holds its connection for the whole test, and threads and live servers beside
# it would wait on a pool sized for one request per process.
DATABASES = {"default": database(pool=False)}

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# WhiteNoise finds files where runserver would: no STATIC_ROOT needed.
WHITENOISE_USE_FINDERS = True

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

CONTENT_DIR = BASE_DIR / "tests" / "fixture_content"
SEARCH_SYNONYMS_FILE = CONTENT_DIR / "search" / "synonyms.yaml"

# Templates whose missing variables fail a test: the project's own, not Django's
# or a library's (the admin's templates rely on silent failures).
PROJECT_TEMPLATE_DIRS = (str(BASE_DIR / "templates"), str(BASE_DIR / "roles" / "templates"))


class InvalidVariable(str):
    """string_if_invalid that notes each variable a project template could not resolve.

    Django formats string_if_invalid with the variable's name ("%s" in it) and
    renders the result. This renders nothing, as Django's default does, but
    remembers the template and the variable, so tests/conftest.py can fail the
    test that rendered them.
    """

    def __new__(cls):
        instance = super().__new__(cls, "%s")
        instance.found = []
        instance.lock = threading.Lock()
        return instance

    def __mod__(self, variable):
        origin = template_origin()
        if origin and origin.startswith(PROJECT_TEMPLATE_DIRS):
            with self.lock:
                self.found.append(f"{origin}: {{{{ {variable} }}}}")
        return ""


def template_origin():
    """The file of the template node being rendered, found up the call stack."""
    import sys

    from django.template.base import Node

    frame = sys._getframe(2)
    while frame is not None:
        node = frame.f_locals.get("self")
        if isinstance(node, Node) and getattr(node, "origin", None) is not None:
            return str(node.origin.name)
        frame = frame.f_back
    return None


TEMPLATES = [
    {**TEMPLATES[0], "OPTIONS": {**TEMPLATES[0]["OPTIONS"], "string_if_invalid": InvalidVariable()}}
]
