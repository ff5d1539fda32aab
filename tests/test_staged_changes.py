"""Staged changes: an Editor's save of a published role waits, unseen, for a Publisher."""

import pytest
from django.test import Client
from reversion.models import Revision, Version

from roles.models import FAQ, PendingChange, Role

from .admin_forms import admin_form_data
from .editor_users import staff_member

PUBLISHED_SUMMARY = (
    "Sets up, runs and fixes stamping presses so that parts come out right and on time."
)
PROPOSED_SUMMARY = "Proposed by an editor: sets up and tunes the presses."


@pytest.fixture
def technician(loaded):
    return Role.objects.get(slug="press-technician")


def staff_in(group_name, username):
    """A signed-in client for a staff member of one of the groups migration 0012 makes."""
    client = Client()
    client.force_login(staff_member(group_name, username))
    return client


@pytest.fixture
def editor(db):
    return staff_in("Editors", "erin-editor")


@pytest.fixture
def second_editor(db):
    return staff_in("Editors", "sam-editor")


@pytest.fixture
def publisher(db):
    return staff_in("Publishers", "pat-publisher")


def change_url(role):
    return f"/admin/roles/role/{role.pk}/change/"


def open_form(client, role):
    response = client.get(change_url(role))
    assert response.status_code == 200
    return admin_form_data(response.content.decode())


def save(client, role, form, **changes):
    return client.post(change_url(role), {**form, **changes})


def public_text(role_or_slug, path=""):
    slug = getattr(role_or_slug, "slug", role_or_slug)
    response = Client().get(f"/roles/{slug}/{path}")
    assert response.status_code == 200
    return response.content.decode()


def propose(client, role, **changes):
    response = save(client, role, open_form(client, role), **changes)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def messages_on(response):
    return [str(message) for message in response.wsgi_request._messages]


def publish(client, role):
    return client.post(f"/admin/roles/role/{role.pk}/publish/")


def new_faq_fields(form, question, answer):
    """The fields of one new FAQ row added at the end of the FAQ inline."""
    count = int(form["faq_set-TOTAL_FORMS"])
    positions = [
        int(value)
        for name, value in form.items()
        if name.startswith("faq_set-") and name.endswith("-position") and value
    ]
    prefix = f"faq_set-{count}"
    return {
        "faq_set-TOTAL_FORMS": str(count + 1),
        f"{prefix}-question": question,
        f"{prefix}-answer": answer,
        f"{prefix}-position": str(max(positions, default=0) + 10),
        f"{prefix}-role": "",
        f"{prefix}-id": "",
    }


# --- an Editor's save waits -------------------------------------------------------------


def test_an_editors_save_of_a_published_role_is_pending_and_invisible_to_the_public(
    editor, technician
):
    response = propose(editor, technician, summary=PROPOSED_SUMMARY)

    technician.refresh_from_db()
    assert technician.summary == PUBLISHED_SUMMARY
    assert PROPOSED_SUMMARY not in public_text(technician)
    assert PUBLISHED_SUMMARY in public_text(technician)
    pending = PendingChange.objects.get(role=technician)
    assert pending.author.username == "erin-editor"
    assert any("saved as a pending change" in text for text in messages_on(response))
    assert not any("successfully" in text for text in messages_on(response))


def test_the_editor_reopens_the_pending_version_not_the_published_one(editor, technician):
    propose(editor, technician, summary=PROPOSED_SUMMARY)

    page = editor.get(change_url(technician)).content.decode()

    assert admin_form_data(page)["summary"] == PROPOSED_SUMMARY
    assert "Pending change, not public yet" in page
    assert "erin-editor" in page


def test_a_publisher_publishes_the_pending_change(editor, publisher, technician):
    propose(editor, technician, summary=PROPOSED_SUMMARY)

    response = publish(publisher, technician)

    assert response.status_code == 302
    technician.refresh_from_db()
    assert technician.summary == PROPOSED_SUMMARY
    assert PROPOSED_SUMMARY in public_text(technician)
    assert not PendingChange.objects.filter(role=technician).exists()
    latest = Version.objects.get_for_object(technician).order_by("-pk").first().revision
    assert latest.comment.startswith("Published the change erin-editor saved on")
    assert latest.user.username == "pat-publisher"


def test_an_editor_may_not_publish(editor, technician):
    propose(editor, technician, summary=PROPOSED_SUMMARY)

    assert publish(editor, technician).status_code == 403
    assert editor.get(f"/admin/roles/role/{technician.pk}/publish/").status_code == 403
    technician.refresh_from_db()
    assert technician.summary == PUBLISHED_SUMMARY


def test_an_added_row_keeps_its_id_from_form_to_form_to_publishing(editor, publisher, technician):
    form = open_form(editor, technician)
    propose_response = save(
        editor, technician, form, **new_faq_fields(form, "Is there overtime?", "Often in spring.")
    )
    assert propose_response.status_code == 302, propose_response.content.decode()[:3000]
    assert not FAQ.objects.filter(question="Is there overtime?").exists()

    # The second save edits the row the first one added: its id must still hold.
    form = open_form(editor, technician)
    row = next(name for name, value in form.items() if value == "Is there overtime?")
    answer_field = row.replace("-question", "-answer")
    assert save(editor, technician, form, **{answer_field: "Mostly in spring."}).status_code == 302
    publish(publisher, technician)

    faq = FAQ.objects.get(question="Is there overtime?")
    assert faq.role == technician
    assert faq.answer == "Mostly in spring."
    assert "Is there overtime?" in public_text(technician, "faq/")


def test_ids_held_by_a_pending_change_are_not_handed_to_other_rows(editor, publisher, technician):
    form = open_form(editor, technician)
    save(editor, technician, form, **new_faq_fields(form, "Is there overtime?", "In spring."))
    helper = Role.objects.get(slug="press-helper")
    other = FAQ.objects.create(role=helper, position=999, question="Other role?", answer="Yes.")

    publish(publisher, technician)

    other.refresh_from_db()
    assert other.role == helper and other.question == "Other role?"
    assert FAQ.objects.get(question="Is there overtime?").role == technician


def test_discarding_drops_the_pending_change_and_the_site_stays(editor, technician):
    propose(editor, technician, summary=PROPOSED_SUMMARY)

    response = editor.post(f"/admin/roles/role/{technician.pk}/discard/")

    assert response.status_code == 302
    assert not PendingChange.objects.filter(role=technician).exists()
    assert admin_form_data(editor.get(change_url(technician)).content.decode())["summary"] == (
        PUBLISHED_SUMMARY
    )


def test_a_publishers_save_of_the_pending_version_publishes_it_with_their_edit(
    editor, publisher, technician
):
    propose(editor, technician, summary=PROPOSED_SUMMARY)
    form = open_form(publisher, technician)
    assert form["summary"] == PROPOSED_SUMMARY

    assert save(publisher, technician, form, title="Press Technician II").status_code == 302

    technician.refresh_from_db()
    assert (technician.summary, technician.title) == (PROPOSED_SUMMARY, "Press Technician II")
    assert not PendingChange.objects.filter(role=technician).exists()


def test_a_refused_save_of_the_pending_version_changes_nothing(editor, publisher, technician):
    propose(editor, technician, summary=PROPOSED_SUMMARY)
    form = open_form(publisher, technician)

    response = save(publisher, technician, form, summary="")

    assert response.status_code == 200
    technician.refresh_from_db()
    assert technician.summary == PUBLISHED_SUMMARY
    assert PendingChange.objects.filter(role=technician).exists()


# --- two editors on one page ------------------------------------------------------------


def test_two_editors_saving_from_the_same_pending_page_the_second_is_refused(
    editor, second_editor, technician
):
    propose(editor, technician, summary=PROPOSED_SUMMARY)
    first = open_form(editor, technician)
    second = open_form(second_editor, technician)
    assert save(editor, technician, first, title="First editor's title").status_code == 302

    response = save(second_editor, technician, second, title="Second editor's title")

    assert response.status_code == 200
    page = response.content.decode()
    assert "was changed since you opened it, by erin-editor" in page
    assert admin_form_data(page)["title"] == "Second editor's title"  # their input stays on screen
    assert admin_form_data(editor.get(change_url(technician)).content.decode())["title"] == (
        "First editor's title"
    )


def test_a_form_opened_before_a_pending_change_cannot_overwrite_it(
    editor, second_editor, technician
):
    stale = open_form(second_editor, technician)
    propose(editor, technician, summary=PROPOSED_SUMMARY)

    response = save(second_editor, technician, stale, title="Made on the published version")

    assert "was changed since you opened it" in response.content.decode()
    assert admin_form_data(editor.get(change_url(technician)).content.decode())["summary"] == (
        PROPOSED_SUMMARY
    )


# --- preview ----------------------------------------------------------------------------


def test_staff_preview_the_pending_version_as_the_real_site(editor, technician):
    propose(editor, technician, summary=PROPOSED_SUMMARY)

    start = editor.get(f"/admin/roles/role/{technician.pk}/preview/")
    assert start.status_code == 302 and start["Location"] == "/roles/press-technician/"
    preview = editor.get("/roles/press-technician/").content.decode()
    assert PROPOSED_SUMMARY in preview
    assert "Preview, not public" in preview
    assert PROPOSED_SUMMARY in editor.get("/roles/").content.decode()

    # Nobody else sees it, and the page cache did not keep it.
    assert PROPOSED_SUMMARY not in public_text(technician)
    technician.refresh_from_db()
    assert technician.summary == PUBLISHED_SUMMARY

    editor.get(f"/admin/roles/role/{technician.pk}/preview/stop/")
    assert PROPOSED_SUMMARY not in editor.get("/roles/press-technician/").content.decode()


def test_a_preview_of_a_renamed_role_opens_at_its_new_address(editor, technician):
    propose(editor, technician, slug="press-setter")

    start = editor.get(f"/admin/roles/role/{technician.pk}/preview/")

    assert start["Location"] == "/roles/press-setter/"
    assert editor.get("/roles/press-setter/").status_code == 200
    assert Client().get("/roles/press-setter/").status_code == 404


def test_publishing_a_rename_keeps_the_old_address_working(editor, publisher, technician):
    propose(editor, technician, slug="press-setter")

    publish(publisher, technician)

    moved = Client().get("/roles/press-technician/")
    assert moved.status_code == 301 and moved["Location"].endswith("/roles/press-setter/")


# --- drafts, status and deletion ---------------------------------------------------------


def test_a_role_an_editor_adds_starts_as_a_draft_and_a_publisher_publishes_it(
    editor, publisher, loaded
):
    page = editor.get("/admin/roles/role/add/").content.decode()
    form = admin_form_data(page)
    assert 'name="status"' not in page  # read-only for an Editor
    form.update(title="Die Maker", slug="die-maker", summary="Builds dies.")
    response = editor.post("/admin/roles/role/add/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    role = Role.objects.get(slug="die-maker")
    assert role.status == Role.Status.DRAFT
    assert Client().get("/roles/die-maker/").status_code == 404

    publish(publisher, role)

    role.refresh_from_db()
    assert role.status == Role.Status.PUBLISHED


def test_an_editor_may_neither_publish_by_status_nor_delete_a_published_role(editor, technician):
    form = open_form(editor, technician)
    assert "status" not in form
    propose(editor, technician, status="draft")
    technician.refresh_from_db()
    assert technician.is_published

    assert editor.get(f"/admin/roles/role/{technician.pk}/delete/").status_code == 403


def test_an_editors_save_of_a_draft_is_direct(editor, loaded):
    draft = Role.objects.get(slug="die-setter")

    propose(editor, draft, summary="Draft text, saved at once.")

    draft.refresh_from_db()
    assert draft.summary == "Draft text, saved at once."
    assert not PendingChange.objects.exists()


def test_an_editors_revert_from_history_of_a_published_role_is_pending(
    editor, publisher, technician
):
    loaded_version = Version.objects.get_for_object(technician).order_by("pk").first()
    form = open_form(publisher, technician)
    save(publisher, technician, form, summary="Published by the publisher.")
    url = f"/admin/roles/role/{technician.pk}/history/{loaded_version.pk}/"

    response = editor.post(url, admin_form_data(editor.get(url).content.decode()))

    assert response.status_code == 302
    technician.refresh_from_db()
    assert technician.summary == "Published by the publisher."
    assert PendingChange.objects.filter(role=technician).exists()


def test_a_publishers_restore_waits_until_the_pending_change_is_published_or_discarded(
    editor, publisher, technician
):
    loaded_version = Version.objects.get_for_object(technician).order_by("pk").first()
    save(publisher, technician, open_form(publisher, technician), summary="Published first.")
    propose(editor, technician, summary=PROPOSED_SUMMARY)
    url = f"/admin/roles/role/{technician.pk}/history/{loaded_version.pk}/"

    for response in (publisher.get(url), publisher.post(url, {"summary": PUBLISHED_SUMMARY})):
        assert response.status_code == 302
        assert response["Location"] == change_url(technician)
        refusal = [text for text in messages_on(response) if "pending change" in text][-1]
        assert "has a pending change (erin-editor saved on" in refusal
        assert "Publish or discard it" in refusal
    technician.refresh_from_db()
    assert technician.summary == "Published first."
    pending = PendingChange.objects.get(role=technician)
    assert publish(publisher, technician).status_code == 302
    assert not PendingChange.objects.filter(pk=pending.pk).exists()
    # With nothing pending, the same restore goes through.
    response = publisher.post(url, admin_form_data(publisher.get(url).content.decode()))
    assert response.status_code == 302
    technician.refresh_from_db()
    assert technician.summary == PUBLISHED_SUMMARY  # as loaded


def test_the_role_list_shows_and_filters_pending_changes(editor, technician):
    propose(editor, technician, summary=PROPOSED_SUMMARY)

    pending_only = editor.get("/admin/roles/role/?pending=yes").content.decode()

    assert "Press Technician" in pending_only
    assert "Press Helper" not in pending_only


def test_a_look_at_the_pending_version_in_one_thread_hides_no_change_in_another(technician):
    # Muting signals while a preview renders once switched them off for the
    # whole process, so a Publisher's publish in another thread bumped nothing.
    import threading

    from roles import caching
    from roles.models import ContentVersion

    looking, done = threading.Event(), threading.Event()

    def look():
        with caching.looking_only():
            looking.set()
            done.wait(10)

    other = threading.Thread(target=look)
    other.start()
    looking.wait(10)
    try:
        before = ContentVersion.current()
        technician.summary = "Changed while someone else previews."
        technician.save()
        assert ContentVersion.current() == before + 1
    finally:
        done.set()
        other.join()
    with caching.looking_only():
        technician.save()
        assert ContentVersion.current() == before + 1  # in the look itself: no change


def test_a_preview_leaves_requests_that_show_no_content_alone(editor, technician):
    propose(editor, technician, summary=PROPOSED_SUMMARY)
    editor.get(f"/admin/roles/role/{technician.pk}/preview/")

    favicon = editor.get("/favicon.ico")

    assert not hasattr(favicon.wsgi_request, "pending_preview")
    assert editor.get("/roles/press-technician/").wsgi_request.pending_preview.role == technician


def test_deleting_a_role_takes_its_pending_change_and_its_revision_along(
    editor, publisher, technician
):
    propose(editor, technician, summary=PROPOSED_SUMMARY)
    pending_revision = PendingChange.objects.get(role=technician).revision_id

    response = publisher.post(f"/admin/roles/role/{technician.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not Revision.objects.filter(pk=pending_revision).exists()
    # Recovering the role brings back what the public last saw, not the unpublished change.
    deleted = Version.objects.get_deleted(Role).get(object_id=str(technician.pk))
    assert deleted.field_dict["summary"] == PUBLISHED_SUMMARY
