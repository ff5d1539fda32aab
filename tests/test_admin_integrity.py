"""History reverts respect the change form's per-inline permissions, and a form
opened before someone else's write cannot save its stale values over it."""

import io

import pytest
from django.contrib.auth.models import Permission, User
from django.core.management import call_command
from django.db import connection
from reversion.models import Version

from roles.models import FAQ, Role, Section

from .admin_forms import admin_form_data, change_role
from .conftest import content_tables


@pytest.fixture
def technician(loaded):
    return Role.objects.get(slug="press-technician")


def editor(client, *codenames):
    """A staff user with exactly these roles-app permissions, signed in on client.

    They may publish, so that a revert takes effect at once instead of waiting
    as a pending change (tests/test_staged_changes.py): these tests are about
    which rows a revert may write.
    """
    user = User.objects.create_user("limited-editor", password="x", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="roles", codename__in=[*codenames, "publish_role"]
        )
    )
    client.force_login(user)
    return client


def every_row():
    """Every row of every content and history table, to prove nothing was written."""
    rows = {}
    with connection.cursor() as cursor:
        for table in content_tables():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")
            rows[table] = cursor.fetchall()
    return rows


def loaded_version(role):
    """The role's revision from load_content, before any admin edit."""
    return Version.objects.get_for_object(role).last()


def revert_url(role, version):
    return f"/admin/roles/role/{role.pk}/history/{version.pk}/"


def form_field(form, prefix, suffix, value):
    """The name of the inline field (prefix-N-suffix) whose current value is value."""
    return next(
        name
        for name, current in form.items()
        if name.startswith(f"{prefix}-") and name.endswith(f"-{suffix}") and current == value
    )


def edit_first_faq(admin_client, role, question):
    faq = FAQ.objects.filter(role=role).order_by("position").first()
    form = admin_form_data(
        admin_client.get(f"/admin/roles/role/{role.pk}/change/").content.decode()
    )
    name = form_field(form, "faq_set", "question", faq.question)
    assert change_role(admin_client, role, **{name: question}).status_code == 302
    return faq


def attempt_revert(client, role, version):
    """Open the revert form as a browser would and submit it."""
    page = client.get(revert_url(role, version))
    assert page.status_code == 200
    return page, client.post(revert_url(role, version), admin_form_data(page.content.decode()))


def messages_on(response):
    return [str(message) for message in response.wsgi_request._messages]


# --- row 13: reverts check the inlines' permissions ----------------------------------


def test_an_editor_who_may_not_edit_faqs_cannot_change_them_through_a_revert(
    admin_client, client, technician
):
    before_load = loaded_version(technician)
    faq = edit_first_faq(admin_client, technician, "A question only an FAQ editor may set?")
    rows = every_row()

    limited = editor(client, "view_role", "change_role")
    page, response = attempt_revert(limited, technician, before_load)

    assert "would change FAQs" in page.content.decode()  # warned before submitting
    assert response.status_code == 302
    assert response.url == f"/admin/roles/role/{technician.pk}/history/"
    (message,) = messages_on(response)
    assert "Restoring this version would change FAQs" in message
    assert "nothing was changed" in message
    assert every_row() == rows
    faq.refresh_from_db()
    assert faq.question == "A question only an FAQ editor may set?"


def test_a_revert_that_would_delete_a_faq_needs_the_delete_permission(
    admin_client, client, technician
):
    before_load = loaded_version(technician)
    form = admin_form_data(
        admin_client.get(f"/admin/roles/role/{technician.pk}/change/").content.decode()
    )
    added = int(form["faq_set-TOTAL_FORMS"])
    change_role(
        admin_client,
        technician,
        **{
            "faq_set-TOTAL_FORMS": str(added + 1),
            f"faq_set-{added}-question": "Added after the load?",
            f"faq_set-{added}-answer": "Yes.",
            f"faq_set-{added}-position": "900",
        },
    )
    assert FAQ.objects.filter(role=technician, question="Added after the load?").exists()
    rows = every_row()

    limited = editor(client, "view_role", "change_role", "view_faq", "change_faq", "add_faq")
    _, response = attempt_revert(limited, technician, before_load)

    (message,) = messages_on(response)
    assert "would delete FAQs" in message
    assert "change FAQs" not in message  # those it may change
    assert every_row() == rows


def test_an_editor_with_every_permission_the_revert_needs_may_revert(
    admin_client, client, technician
):
    before_load = loaded_version(technician)
    original = FAQ.objects.filter(role=technician).order_by("position").first().question
    faq = edit_first_faq(admin_client, technician, "Changed by the full editor?")
    change_role(admin_client, technician, summary="Changed with the FAQ.")

    allowed = editor(client, "view_role", "change_role", "view_faq", "change_faq")
    _, response = attempt_revert(allowed, technician, before_load)

    assert response.status_code == 302, messages_on(response)
    faq.refresh_from_db()
    technician.refresh_from_db()
    assert faq.question == original
    assert technician.summary != "Changed with the FAQ."


def test_a_role_only_revert_needs_only_the_role_permission(admin_client, client, technician):
    before_load = loaded_version(technician)
    loaded_summary = technician.summary
    change_role(admin_client, technician, summary="Changed in the role row only.")

    limited = editor(client, "view_role", "change_role")
    page, response = attempt_revert(limited, technician, before_load)

    assert "may not do" not in page.content.decode()
    assert response.status_code == 302
    technician.refresh_from_db()
    assert technician.summary == loaded_summary


def test_section_permissions_are_checked_separately_from_faq_permissions(
    admin_client, client, technician
):
    before_load = loaded_version(technician)
    section = Section.objects.filter(role=technician).order_by("position").first()
    form = admin_form_data(
        admin_client.get(f"/admin/roles/role/{technician.pk}/change/").content.decode()
    )
    name = form_field(form, "section_set", "body", section.body)
    change_role(admin_client, technician, **{name: "A body written by a section editor."})
    rows = every_row()

    limited = editor(client, "view_role", "change_role", "view_faq", "change_faq", "add_faq")
    _, response = attempt_revert(limited, technician, before_load)

    (message,) = messages_on(response)
    assert f"would change {Section._meta.verbose_name_plural}" in message
    assert "FAQ" not in message
    assert every_row() == rows


# --- row 14 (b): a form opened before another write is refused ---------------------


def open_form(client, role):
    return admin_form_data(client.get(f"/admin/roles/role/{role.pk}/change/").content.decode())


def submit(client, role, form, **changes):
    return client.post(f"/admin/roles/role/{role.pk}/change/", {**form, **changes})


def test_a_form_opened_before_another_editors_save_is_refused(admin_client, client, technician):
    stale = open_form(admin_client, technician)
    other = User.objects.create_superuser("second-editor", "s@example.org", "x")
    client.force_login(other)
    assert change_role(client, technician, summary="Saved by the second editor.").status_code == 302
    rows = every_row()

    response = submit(admin_client, technician, stale, summary="The first editor's stale save.")

    assert response.status_code == 200
    text = response.content.decode()
    assert "This role was changed since you opened it, by second-editor at" in text
    assert "reload the page to see the changes" in text
    assert every_row() == rows
    technician.refresh_from_db()
    assert technician.summary == "Saved by the second editor."


def test_an_inline_only_change_also_makes_an_open_form_stale(admin_client, client, technician):
    stale = open_form(admin_client, technician)
    other = User.objects.create_superuser("faq-editor", "f@example.org", "x")
    client.force_login(other)
    edit_first_faq(client, technician, "Changed by the FAQ editor?")
    rows = every_row()

    response = submit(admin_client, technician, stale, summary="Stale.")

    assert "was changed since you opened it, by faq-editor" in response.content.decode()
    assert every_row() == rows


def test_a_form_opened_before_a_load_is_refused_and_the_load_stands(
    admin_client, technician, content_copy
):
    stale = open_form(admin_client, technician)
    edited_file = content_copy / "roles" / "press-technician.md"
    text = edited_file.read_text()
    assert f"summary: {technician.summary}\n" in text
    edited_file.write_text(
        text.replace(f"summary: {technician.summary}\n", "summary: Summary from the files.\n")
    )
    call_command("load_content", str(content_copy), stdout=io.StringIO())
    rows = every_row()

    response = submit(admin_client, technician, stale, summary="Stale admin summary.")

    assert "was changed since you opened it, by a content load (load_content)" in (
        response.content.decode()
    )
    assert every_row() == rows
    technician.refresh_from_db()
    assert technician.summary == "Summary from the files."


def test_a_fresh_form_saves_after_a_refusal(admin_client, client, technician):
    stale = open_form(admin_client, technician)
    change_role(admin_client, technician, summary="In between.")
    assert submit(admin_client, technician, stale, summary="Stale.").status_code == 200

    assert change_role(admin_client, technician, summary="After reloading.").status_code == 302
    technician.refresh_from_db()
    assert technician.summary == "After reloading."


def test_a_revert_form_opened_before_another_save_is_refused(admin_client, client, technician):
    before_load = loaded_version(technician)
    change_role(admin_client, technician, summary="First admin edit.")
    page = admin_client.get(revert_url(technician, before_load))
    change_role(admin_client, technician, summary="Saved while the revert form was open.")
    rows = every_row()

    response = admin_client.post(
        revert_url(technician, before_load), admin_form_data(page.content.decode())
    )

    assert response.status_code == 200
    assert "was changed since you opened it" in response.content.decode()
    assert every_row() == rows


@pytest.mark.parametrize("model_name", ["tool", "source"])
def test_a_catalog_form_opened_before_another_save_is_refused(
    admin_client, client, loaded, model_name
):
    from django.apps import apps

    record = apps.get_model("roles", model_name).objects.order_by("pk").first()
    url = f"/admin/roles/{model_name}/{record.pk}/change/"
    form_id = f"{model_name}_form"
    stale = admin_form_data(admin_client.get(url).content.decode(), form_id)
    text_field = "name" if model_name == "tool" else "title"
    other = User.objects.create_superuser("catalog-editor", "c@example.org", "x")
    client.force_login(other)
    fresh = admin_form_data(client.get(url).content.decode(), form_id)
    assert client.post(url, {**fresh, text_field: "Saved first"}).status_code == 302

    response = admin_client.post(url, {**stale, text_field: "Saved from a stale page"})

    assert response.status_code == 200
    assert "was changed since you opened it, by catalog-editor" in response.content.decode()
    record.refresh_from_db()
    assert getattr(record, text_field) == "Saved first"
