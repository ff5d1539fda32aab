"""Staff users in the Editors and Publishers groups, as migration 0012 makes them."""

import importlib
from types import SimpleNamespace

from django.apps import apps
from django.contrib.auth.models import Group, User
from django.db import connection

PASSWORD = "a-long-test-password"


def ensure_groups():
    """The groups again after a transactional test emptied every table (migrations ran once)."""
    if Group.objects.filter(name__in=["Editors", "Publishers"]).count() < 2:
        migration = importlib.import_module("roles.migrations.0012_editor_groups")
        migration.create_groups(apps, SimpleNamespace(connection=connection))


def staff_member(group_name, username):
    ensure_groups()
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user
