"""What editors do in the admin: validate, save with history, revert, preview drafts, rename."""

import io

import pytest
from django.core.management import CommandError, call_command
from reversion.models import Version

from roles.models import LadderRung, Responsibility, Role, SalaryBand, SlugRedirect

from .admin_forms import admin_form_data, change_role
from .conftest import CONTENT_DIR


@pytest.fixture
def technician(loaded):
    return Role.objects.get(slug="press-technician")


def form_index(role, model, **lookup):
    """The inline form number of one item on the role's change page (ordered by position)."""
    items = list(model.objects.filter(role=role).order_by("position"))
    return next(index for index, item in enumerate(items) if all(
        getattr(item, name) == value for name, value in lookup.items()
    ))  # fmt: skip


def test_role_form_round_trips_without_changes(admin_client, technician):
    response = change_role(admin_client, technician)
    assert response.status_code == 302, response.content.decode()[:3000]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param(
            {"salaryband_set-0-min": "90000"},
            "Pay is out of order: it must be min ≤ median ≤ max.",
            id="pay-out-of-order",
        ),
        pytest.param(
            {"salaryband_set-0-source": ""},
            "A salary figure needs a source.",
            id="figure-without-source",
        ),
        pytest.param(
            {"median_pay_source": ""},
            "A figure needs a source.",
            id="key-fact-without-source",
        ),
        pytest.param(
            {"responsibility_set-1-position": "0"},
            "Two rows have the same position.",
            id="duplicate-position",
        ),
    ],
)
def test_admin_form_explains_what_is_wrong(admin_client, technician, change, message):
    before = list(SalaryBand.objects.filter(role=technician).values())
    response = change_role(admin_client, technician, **change)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert list(SalaryBand.objects.filter(role=technician).values()) == before


def test_two_items_can_trade_positions(admin_client, technician):
    first, second = Responsibility.objects.filter(role=technician).order_by("position")[:2]
    response = change_role(
        admin_client,
        technician,
        **{"responsibility_set-0-position": "1", "responsibility_set-1-position": "0"},
    )
    assert response.status_code == 302
    reordered = list(Responsibility.objects.filter(role=technician).order_by("position")[:2])
    assert reordered == [second, first]


def test_a_rung_may_not_link_to_its_own_role(admin_client, technician):
    index = form_index(technician, LadderRung, key="senior")
    response = change_role(
        admin_client, technician, **{f"ladderrung_set-{index}-linked_role": str(technician.pk)}
    )
    assert response.status_code == 200
    assert "A rung cannot link to its own role" in response.content.decode()


def test_every_admin_save_records_a_revision_with_its_items(admin_client, technician):
    index = form_index(technician, Responsibility, position=0)
    field = f"responsibility_set-{index}-text"
    response = change_role(admin_client, technician, **{field: "Keep the line **running**."})
    assert response.status_code == 302

    version = Version.objects.get_for_object(technician).first()
    assert version.revision.user.username == "admin"
    stored_models = {v.content_type.model for v in version.revision.version_set.all()}
    assert {"role", "responsibility", "salaryband", "ladderrung", "section"} <= stored_models
    item = Responsibility.objects.get(role=technician, position=0)
    assert item.text_html == "Keep the line <strong>running</strong>."


def test_history_page_lists_who_changed_what_and_revert_restores_it(admin_client, technician):
    original = Responsibility.objects.get(role=technician, position=0).text
    change_role(admin_client, technician, summary="A first edited summary.")
    first_edit = Version.objects.get_for_object(technician).first()
    index = form_index(technician, Responsibility, position=0)
    change_role(
        admin_client,
        technician,
        summary="A second edited summary.",
        **{f"responsibility_set-{index}-text": "Changed duty."},
    )

    history = admin_client.get(f"/admin/roles/role/{technician.pk}/history/").content.decode()
    assert "admin" in history and "Changed" in history

    revert_url = f"/admin/roles/role/{technician.pk}/history/{first_edit.pk}/"
    form = admin_form_data(admin_client.get(revert_url).content.decode())
    assert admin_client.post(revert_url, form).status_code == 302

    technician.refresh_from_db()
    assert technician.summary == "A first edited summary."
    assert Responsibility.objects.get(role=technician, position=0).text == original


def test_drafts_are_hidden_from_the_public_and_previewed_by_staff(client, admin_client, technician):
    Role.objects.filter(pk=technician.pk).update(status=Role.Status.DRAFT)
    assert client.get("/roles/press-technician/").status_code == 404
    preview = admin_client.get("/roles/press-technician/")
    assert preview.status_code == 200
    assert "Only editors can see this page" in preview.content.decode()


def test_the_page_shows_when_the_facts_were_last_reviewed(client, technician):
    assert "Facts last reviewed 14 February 2026" in client.get("/roles/press-technician/").text


def test_a_renamed_role_answers_its_old_urls_with_a_permanent_redirect(
    admin_client, client, technician
):
    assert change_role(admin_client, technician, slug="stamping-technician").status_code == 302
    assert (
        change_role(
            admin_client, Role.objects.get(pk=technician.pk), slug="line-technician"
        ).status_code
        == 302
    )

    for old in ("press-technician", "stamping-technician"):
        response = client.get(f"/roles/{old}/")
        assert response.status_code == 301
        assert response["Location"] == "/roles/line-technician/"
    assert client.get("/roles/line-technician/").status_code == 200
    assert set(SlugRedirect.objects.values_list("old_slug", flat=True)) == {
        "press-technician",
        "stamping-technician",
    }


def test_a_slug_taken_again_stops_redirecting(client, technician):
    technician.slug = "line-technician"
    technician.save()
    technician.slug = "press-technician"
    technician.save()
    assert not SlugRedirect.objects.filter(old_slug="press-technician").exists()
    assert client.get("/roles/press-technician/").status_code == 200
    assert client.get("/roles/line-technician/").status_code == 301


def load(*args):
    stderr = io.StringIO()
    call_command("load_content", *args, stdout=io.StringIO(), stderr=stderr)
    return stderr.getvalue()


def test_load_refuses_to_overwrite_an_admin_edit(admin_client, technician, content_copy):
    change_role(admin_client, technician, summary="Edited in the admin.")
    edited_file = content_copy / "roles" / "press-technician.md"
    edited_file.write_text(
        edited_file.read_text().replace("title: Press Technician\n", "title: Technician\n")
    )

    stderr = io.StringIO()
    with pytest.raises(CommandError):
        call_command("load_content", str(content_copy), stderr=stderr)

    message = stderr.getvalue()
    assert "role 'press-technician' was changed in the admin" in message
    assert "export_content" in message and "--force" in message
    technician.refresh_from_db()
    assert technician.summary == "Edited in the admin."
    assert technician.title == "Press Technician"


def test_force_replaces_the_admin_edit_which_stays_in_history(
    admin_client, technician, content_copy
):
    change_role(admin_client, technician, summary="Edited in the admin.")
    load(str(content_copy), "--force")
    technician.refresh_from_db()
    assert technician.summary != "Edited in the admin."
    summaries = [
        version.field_dict["summary"] for version in Version.objects.get_for_object(technician)
    ]
    assert "Edited in the admin." in summaries


def test_export_writes_admin_edits_back_so_the_next_load_accepts_them(
    admin_client, technician, tmp_path, settings
):
    content = tmp_path / "content"
    settings.CONTENT_DIR = content
    call_command("export_content", verbosity=0)
    change_role(admin_client, technician, summary="Edited in the admin.")

    call_command("export_content", verbosity=0)

    assert (
        "summary: Edited in the admin." in (content / "roles" / "press-technician.md").read_text()
    )
    assert load(str(content)) == ""
    technician.refresh_from_db()
    assert technician.summary == "Edited in the admin."


def test_export_removes_the_file_of_a_renamed_role(admin_client, technician, tmp_path, settings):
    content = tmp_path / "content"
    settings.CONTENT_DIR = content
    call_command("export_content", verbosity=0)
    change_role(admin_client, technician, slug="line-technician")

    call_command("export_content", verbosity=0)

    names = sorted(path.name for path in (content / "roles").iterdir())
    assert names == ["die-setter.md", "line-technician.md", "press-helper.md"]


def test_unedited_roles_load_as_before(technician):
    # Loading the same files after a load is not an overwrite, so it is never refused.
    assert load(str(CONTENT_DIR)) == ""


def test_a_load_records_one_revision_per_role_with_its_items(loaded):
    revisions = {}
    for role in Role.objects.all():
        (version,) = Version.objects.get_for_object(role)
        revisions[role.slug] = version.revision
        assert version.revision.comment == "Loaded from content files"
        stored = set(version.revision.version_set.values_list("content_type__model", "object_id"))
        # Every responsibility, band, rung and the rest.
        for items in (role.responsibility_set, role.salaryband_set, role.ladderrung_set,
                      role.section_set, role.faq_set):  # fmt: skip
            for item in items.all():
                assert (item._meta.model_name, str(item.pk)) in stored, item
    technician = Role.objects.get(slug="press-technician")
    assert revisions[technician.slug].version_set.count() > 50
    assert len({revision.pk for revision in revisions.values()}) == len(revisions) == 3


def test_a_load_empties_the_page_cache_so_the_new_text_is_served(client, technician, content_copy):
    url = "/roles/press-technician/"
    assert "A summary changed in the file." not in client.get(url).text  # now cached
    path = content_copy / "roles" / "press-technician.md"
    old = f"summary: {technician.summary}"
    path.write_text(path.read_text().replace(old, "summary: A summary changed in the file.", 1))
    load(str(content_copy))
    assert "A summary changed in the file." in client.get(url).text
