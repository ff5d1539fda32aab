"""The Editors and Publishers groups made by migration 0012: what their members may do."""

import importlib
import re
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from roles.editor_groups import EDITORS, MODEL_ACTIONS, PUBLISHERS, grant_rights_operation
from roles.models import FAQ, Role, Tool

from .admin_forms import admin_form_data
from .test_migrations import migrate

GROUPS_MIGRATION = importlib.import_module("roles.migrations.0012_editor_groups")
BEFORE = [("roles", "0011_staged_changes")]
AFTER = [("roles", "0012_editor_groups")]


@pytest.fixture
def groups(db):
    """The groups as the migration made them.

    A transactional test ends with every table emptied, groups included; the
    migration's own step makes them again for the tests that run after it.
    """
    if Group.objects.filter(name__in=[EDITORS, PUBLISHERS]).count() != 2:
        GROUPS_MIGRATION.create_groups(apps, SimpleNamespace(connection=connection))
    return {group.name: group for group in Group.objects.filter(name__in=[EDITORS, PUBLISHERS])}


def member(name, group):
    user = User.objects.create_user(name, password="pw", is_staff=True)
    user.groups.add(group)
    return User.objects.get(pk=user.pk)  # a fresh object: no cached permissions


@pytest.fixture
def editor(groups):
    return member("an-editor", groups[EDITORS])


@pytest.fixture
def publisher(groups):
    return member("a-publisher", groups[PUBLISHERS])


def logged_in(client, user):
    client.force_login(user)
    return client


def inline_lists(html):
    """{formset prefix: (rows shown, rows may be added, rows may be deleted)} of a change page."""
    prefixes = re.findall(r'name="([\w-]+)-TOTAL_FORMS"', html)
    return {
        prefix: (
            int(re.search(rf'name="{prefix}-TOTAL_FORMS"[^>]*value="(\d+)"', html).group(1)),
            f'name="{prefix}-__prefix__-' in html,
            f'name="{prefix}-0-DELETE"' in html,
        )
        for prefix in prefixes
    }


# --- the rights ------------------------------------------------------------------


def test_an_editor_may_not_publish_and_a_publisher_may(editor, publisher):
    assert editor.has_perm("roles.change_role")
    assert not editor.has_perm("roles.publish_role")
    assert publisher.has_perm("roles.change_role")
    assert publisher.has_perm("roles.publish_role")


def edited_models():
    """Every roles model the admin edits: registered ones and every inline list."""
    found = set()
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label == "roles":
            found.add(model)
            found.update(inline.model for inline in model_admin.inlines)
    return found


def test_both_groups_may_edit_every_model_the_admin_edits(editor, publisher):
    # A model added to the admin later fails here until a migration grants
    # its rights (roles/editor_groups.py, grant_rights_operation).
    models = edited_models()
    assert {Role, FAQ, Tool} <= models
    for user in (editor, publisher):
        missing = [
            f"{model._meta.app_label}.{action}_{model._meta.model_name}"
            for model in models
            for action in MODEL_ACTIONS
            if not user.has_perm(f"{model._meta.app_label}.{action}_{model._meta.model_name}")
        ]
        assert missing == [], user.username


def test_a_later_model_gets_its_rights_through_one_migration_step(groups):
    # What a future migration does for a new model (roles/editor_groups.py).
    step = grant_rights_operation(["slugredirect"])
    schema_editor = SimpleNamespace(connection=connection)

    step.code(apps, schema_editor)
    assert member("later-editor", groups[EDITORS]).has_perm("roles.delete_slugredirect")
    assert member("later-publisher", groups[PUBLISHERS]).has_perm("roles.view_slugredirect")

    step.reverse_code(apps, schema_editor)
    assert not member("undone-editor", groups[EDITORS]).has_perm("roles.view_slugredirect")
    assert member("still-editor", groups[EDITORS]).has_perm("roles.change_role")


def test_a_misspelt_model_name_stops_the_migration_with_its_name(groups):
    step = grant_rights_operation(["salary_band"])
    with pytest.raises(LookupError, match="no permission add_salary_band, change_salary_band"):
        step.code(apps, SimpleNamespace(connection=connection))


# --- in the admin ----------------------------------------------------------------


def test_an_editor_sees_every_inline_list_a_superuser_sees(client, admin_client, editor, loaded):
    role = Role.objects.get(slug="press-technician")
    url = f"/admin/roles/role/{role.pk}/change/"
    as_superuser = inline_lists(admin_client.get(url).content.decode())

    response = logged_in(client, editor).get(url)

    assert response.status_code == 200
    assert len(as_superuser) == len(admin.site._registry[Role].inlines)
    assert inline_lists(response.content.decode()) == as_superuser
    # Every list may grow, and every list with rows may lose one.
    assert all(can_add for _, can_add, _ in as_superuser.values())
    assert all(can_delete for rows, _, can_delete in as_superuser.values() if rows)
    assert sum(rows for rows, _, _ in as_superuser.values()) > 20


@pytest.mark.parametrize(
    "model_name, field_name, term, expected",
    [
        ("roletool", "tool", "plc", "PLC"),
        ("salaryband", "source", "", None),
        ("ladderrung", "skills", "", None),
        ("rolecertification", "certification", "", None),
    ],
)
def test_an_editor_may_search_tools_sources_and_the_rest(
    client, editor, loaded, model_name, field_name, term, expected
):
    query = {"app_label": "roles", "model_name": model_name, "field_name": field_name, "term": term}

    response = logged_in(client, editor).get("/admin/autocomplete/", query)

    assert response.status_code == 200
    results = response.json()["results"]
    assert results
    if expected:
        assert any(expected in result["text"] for result in results)


def test_staff_outside_the_groups_may_not_search(client, loaded):
    nobody = User.objects.create_user("staff-only", password="pw", is_staff=True)
    query = {"app_label": "roles", "model_name": "roletool", "field_name": "tool", "term": ""}
    assert logged_in(client, nobody).get("/admin/autocomplete/", query).status_code == 403


def add_row(data, prefix, **values):
    """Add a row to an inline list as the "Add another" button does."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    template = {
        name.replace("__prefix__", str(index)): value
        for name, value in data.items()
        if name.startswith(f"{prefix}-__prefix__-")
    }
    data.update(template)
    data.update({f"{prefix}-{index}-{name}": value for name, value in values.items()})
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)


def save_role(client, role, change):
    url = f"/admin/roles/role/{role.pk}/change/"
    data = admin_form_data(client.get(url).content.decode())
    change(data)
    response = client.post(url, data)
    assert response.status_code == 302, response.context and [
        (formset.prefix, formset.errors, formset.non_form_errors())
        for formset in (inline.formset for inline in response.context["inline_admin_formsets"])
        if not formset.is_valid()
    ]


def test_an_editor_may_add_change_and_delete_a_roles_items(client, editor, loaded):
    # A draft: its changes apply at once, with no publishing step in between.
    role = Role.objects.get(slug="die-setter")
    assert role.status == Role.Status.DRAFT
    client = logged_in(client, editor)

    save_role(
        client,
        role,
        lambda data: add_row(data, "faq_set", position="0", question="Who?", answer="The lead."),
    )
    assert list(FAQ.objects.filter(role=role).values_list("question", flat=True)) == ["Who?"]

    save_role(client, role, lambda data: data.update({"faq_set-0-question": "Who sets dies?"}))
    assert FAQ.objects.get(role=role).question == "Who sets dies?"

    save_role(client, role, lambda data: data.update({"faq_set-0-DELETE": "on"}))
    assert not FAQ.objects.filter(role=role).exists()


def test_an_editor_may_add_change_and_delete_a_catalog_record(client, editor, loaded):
    client = logged_in(client, editor)
    page = client.get("/admin/roles/tool/add/").content.decode()
    data = admin_form_data(page, form_id="tool_form")
    data.update(key="torque-wrench", name="Torque wrench", category="hand-tools")
    assert client.post("/admin/roles/tool/add/", data).status_code == 302
    tool = Tool.objects.get(key="torque-wrench")

    url = f"/admin/roles/tool/{tool.pk}/change/"
    data = admin_form_data(client.get(url).content.decode(), form_id="tool_form")
    data["name"] = "Torque wrenches"
    assert client.post(url, data).status_code == 302
    assert Tool.objects.get(pk=tool.pk).name == "Torque wrenches"

    delete = client.post(f"/admin/roles/tool/{tool.pk}/delete/", {"post": "yes"})
    assert delete.status_code == 302
    assert not Tool.objects.filter(pk=tool.pk).exists()


# --- the migration ---------------------------------------------------------------


def group_rights(historical_apps):
    Group = historical_apps.get_model("auth", "Group")
    return {
        group.name: {permission.codename for permission in group.permissions.all()}
        for group in Group.objects.filter(name__in=[EDITORS, PUBLISHERS])
    }


@pytest.mark.django_db(transaction=True)
def test_the_migration_makes_the_groups_and_takes_them_away_again():
    try:
        before = migrate(BEFORE)
        assert group_rights(before) == {}

        after = migrate(AFTER)
        rights = group_rights(after)
        assert rights[PUBLISHERS] - rights[EDITORS] == {"publish_role"}
        for codename in ("change_role", "delete_faq", "add_salaryband", "view_source", "view_tool"):
            assert codename in rights[EDITORS]
        assert "publish_role" not in rights[EDITORS]

        assert group_rights(migrate(BEFORE)) == {}
        # Forwards again, as on a database migrated back and forth.
        assert group_rights(migrate(AFTER)) == rights
    finally:
        migrate(migrate_leaves())


def migrate_leaves():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()
