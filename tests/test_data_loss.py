"""Editors' work survives: a revert or an unchanged save changes nothing they did not ask for."""

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from reversion.models import Version

from roles.models import LadderRung, Role, SalaryBand, Section, Source

from .admin_forms import admin_form_data, change_role


def database_state():
    """Every row of the roles app as data, leaving out only the clocks that a save moves."""
    rows = []
    for model in apps.get_app_config("roles").get_models():
        if model._meta.model_name == "syncstate" or getattr(model, "derived_from_content", False):
            continue
        for row in serializers.serialize("python", model.objects.order_by("pk")):
            row["fields"].pop("updated_at", None)
            rows.append(row)
    return rows


@pytest.fixture
def role(db):
    source = Source.objects.create(key="survey", title="Pay survey", publisher="A bureau")
    role = Role.objects.create(
        slug="press-operator", title="Press Operator", summary="Runs presses."
    )
    junior = LadderRung.objects.create(
        role=role, position=0, key="junior", title="Junior", role_level=True
    )
    senior = LadderRung.objects.create(
        role=role, position=1, key="senior", title="Senior", role_level=True
    )
    for position, rung in enumerate([junior, senior]):
        low = 30_000 + position * 10_000
        SalaryBand.objects.create(
            role=role, position=position, level=rung.title, rung=rung, min=low, max=low + 10_000,
            source=source,
        )  # fmt: skip
    Section.objects.create(
        role=role, kind="overview", body="First line.\n\nSecond paragraph.\n- a\n- b"
    )
    return role


def revision_url(role, version):
    return f"/admin/roles/role/{role.pk}/history/{version.pk}/"


def test_reverting_to_the_current_revision_changes_nothing(admin_client, role):
    assert change_role(admin_client, role).status_code == 302
    before = database_state()
    current = Version.objects.get_for_object(role).first()

    page = admin_client.get(revision_url(role, current)).content.decode()
    response = admin_client.post(revision_url(role, current), admin_form_data(page))

    assert response.status_code == 302
    assert database_state() == before
    assert set(SalaryBand.objects.values_list("rung__key", flat=True)) == {"junior", "senior"}


def test_reverting_to_an_older_revision_restores_exactly_that_state(admin_client, role):
    assert change_role(admin_client, role).status_code == 302
    older_state = database_state()
    older = Version.objects.get_for_object(role).first()
    page = admin_form_data(
        admin_client.get(f"/admin/roles/role/{role.pk}/change/").content.decode()
    )
    band, rung = next(
        (key, value) for key, value in page.items() if key.endswith("-rung") and value
    )
    other_rung = role.ladderrung_set.exclude(pk=rung).first().pk
    response = change_role(admin_client, role, summary="Edited.", **{band: str(other_rung)})
    assert response.status_code == 302
    assert database_state() != older_state

    form = admin_form_data(admin_client.get(revision_url(role, older)).content.decode())
    assert admin_client.post(revision_url(role, older), form).status_code == 302

    assert database_state() == older_state


def crlf(data):
    return {
        key: value.replace("\n", "\r\n") if isinstance(value, str) else value
        for key, value in data.items()
    }


def test_an_unchanged_save_posted_with_crlf_leaves_the_export_byte_identical(
    admin_client, role, tmp_path
):
    call_command("export_content", output=str(tmp_path / "before"), verbosity=0)
    url = f"/admin/roles/role/{role.pk}/change/"
    data = crlf(admin_form_data(admin_client.get(url).content.decode()))
    assert any("\r\n" in value for value in data.values() if isinstance(value, str))

    assert admin_client.post(url, data).status_code == 302

    call_command("export_content", output=str(tmp_path / "after"), verbosity=0)
    before = sorted((tmp_path / "before").rglob("*.*"))
    after = sorted((tmp_path / "after").rglob("*.*"))
    assert [p.relative_to(tmp_path / "before") for p in before] == [
        p.relative_to(tmp_path / "after") for p in after
    ]
    for old, new in zip(before, after, strict=True):
        assert old.read_bytes() == new.read_bytes(), old.name
    assert "\r" not in Section.objects.get(role=role).body


def test_a_content_file_saved_with_crlf_loads_with_lf(db, tmp_path):
    content = tmp_path / "content"
    (content / "roles").mkdir(parents=True)
    (content / "catalog.yaml").write_bytes(
        b"sources:\r\n- key: survey\r\n  title: Pay survey\r\n  publisher: A bureau\r\n"
    )
    (content / "roles" / "press-operator.md").write_bytes(
        b"---\r\nslug: press-operator\r\ntitle: Press Operator\r\nsummary: Runs presses.\r\n---\r\n"
        b"## Overview\r\n\r\nFirst line.\r\nSecond line.\r\n"
    )
    call_command("load_content", str(content), verbosity=0)

    body = Section.objects.get(role__slug="press-operator").body
    assert body == "First line.\nSecond line."


@pytest.mark.django_db(transaction=True)
def test_the_migration_rewrites_stored_crlf_as_lf():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = [("roles", "0002_responsibility_example")], [("roles", "0003_lf_line_endings")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    old_role = old_apps.get_model("roles", "Role").objects.create(slug="r", title="R", summary="S")
    old_apps.get_model("roles", "Section").objects.create(
        role=old_role, kind="overview", position=0, body="One.\r\nTwo.\rThree.", body_html=""
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert Section.objects.get(role__slug="r").body == "One.\nTwo.\nThree."
