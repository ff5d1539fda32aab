"""History you can review: each entry names only what really changed, and any two
revisions of a role or a catalog record compare field by field, with a way back."""

import re

import pytest
import reversion
from django.contrib.admin.models import LogEntry
from django.core.management import call_command
from reversion.models import Version

from roles.admin_history import previous_versions
from roles.history_diff import compare_revisions
from roles.models import (
    FAQ,
    Citation,
    LadderRung,
    PendingChange,
    Responsibility,
    Role,
    SalaryBand,
    Section,
    Source,
    Tool,
)

from .admin_forms import admin_form_data
from .test_admin_integrity import editor

LONG_OVERVIEW = (
    "Press operators keep a line of stamping presses running through the shift. "
    "They load coils, start each run and watch the parts that come out.\n\n"
    "Most of the day is spent at the press: checking parts against the drawing, "
    "clearing jams and noting what went wrong so the next shift knows.\n\n"
    "The work is loud and physical, and it pays by the hour in most plants. "
    "Operators who learn to set up dies move on to technician jobs."
)


@pytest.fixture
def role(db):
    """A small role with every kind of row the history follows, recorded as one revision."""
    survey = Source.objects.create(key="survey", title="Pay survey", publisher="A bureau")
    Source.objects.create(key="guide", title="Trade guide", publisher="A guild")
    with reversion.create_revision():
        role = Role.objects.create(
            slug="press-operator", title="Press Operator", summary="Runs presses."
        )
        junior = LadderRung.objects.create(
            role=role, position=0, key="junior", title="Junior", role_level=True
        )
        LadderRung.objects.create(
            role=role, position=1, key="senior", title="Senior", role_level=True
        )
        SalaryBand.objects.create(
            role=role, position=0, level="Operator", rung=junior, min=30_000, max=40_000,
            source=survey,
        )  # fmt: skip
        Section.objects.create(role=role, kind="overview", body=LONG_OVERVIEW)
        duties = [
            Responsibility.objects.create(role=role, position=position, text=text)
            for position, text in enumerate(
                ["Load coils into the press.", "Check parts against the drawing.", "Clear jams."]
            )
        ]
        Citation.objects.create(item=duties[0], position=0, source=survey)
        FAQ.objects.create(role=role, position=0, question="Is it loud?", answer="Yes, very.")
        reversion.add_to_revision(role)
        reversion.set_comment("Made for the test")
    return role


def change_url(role):
    return f"/admin/roles/role/{role.pk}/change/"


def history_url(role):
    return f"/admin/roles/role/{role.pk}/history/"


def form_of(client, role):
    return admin_form_data(client.get(change_url(role)).content.decode())


def row_field(form, prefix, suffix, value):
    """The name of the inline field prefix-N-suffix whose value is value."""
    return next(
        name
        for name, current in form.items()
        if re.fullmatch(rf"{prefix}-\d+-{suffix}", name) and current == value
    )


def save(client, role, data):
    response = client.post(change_url(role), data)
    assert response.status_code == 302, response.content.decode()[:3000]


def latest_comment(role):
    return Version.objects.get_for_object(role).first().revision.comment


def versions_of(obj):
    return list(Version.objects.get_for_object(obj).order_by("pk"))


def compare(client, obj, older, newer, app_model="roles/role"):
    url = f"/admin/{app_model}/{obj.pk}/history/compare/?from={older.pk}&to={newer.pk}"
    return client.get(url)


# --- 2. each history entry names only what really changed -------------------------


def test_an_unchanged_save_posted_with_crlf_names_no_field(admin_client, role):
    data = form_of(admin_client, role)
    crlf = {k: v.replace("\n", "\r\n") if isinstance(v, str) else v for k, v in data.items()}
    assert any("\r\n" in value for value in crlf.values() if isinstance(value, str))

    save(admin_client, role, crlf)

    assert latest_comment(role) == "No fields changed."
    entry = LogEntry.objects.filter(object_id=str(role.pk)).latest("pk")
    assert entry.get_change_message() == "No fields changed."


def test_a_number_posted_without_its_decimals_is_no_change(admin_client, role):
    data = form_of(admin_client, role)
    band_min = row_field(data, "salaryband_set", "min", "30000.00")
    data.update({band_min: "30000", "summary": "Runs and minds presses."})

    save(admin_client, role, data)

    assert latest_comment(role) == "Changed Summary."


def renumber(role, step):
    """Record a revision in which the role's duties are numbered 0, step, 2 * step ..."""
    with reversion.create_revision():
        duties = Responsibility.objects.filter(role=role).order_by("position")
        for index, duty in enumerate(duties):
            Responsibility.objects.filter(pk=duty.pk).update(position=1000 + index)
        for index, duty in enumerate(Responsibility.objects.filter(role=role).order_by("position")):
            duty.position = index * step
            duty.save()
        reversion.add_to_revision(role)


def test_renumbered_positions_that_keep_the_order_are_no_change(admin_client, role):
    renumber(role, 10)
    older, newer = versions_of(role)
    assert older.revision.version_set.count() == newer.revision.version_set.count()

    diff = compare_revisions(
        Role, role.pk, older.revision.version_set.all(), newer.revision.version_set.all()
    )

    assert diff.is_empty
    # An admin save from the renumbered list (which may renumber it again) names nothing either.
    save(admin_client, role, form_of(admin_client, role))
    assert latest_comment(role) == "No fields changed."


def test_a_row_that_really_moved_is_named_and_only_that_row(admin_client, role):
    data = form_of(admin_client, role)
    # "Clear jams." goes to the top; the other two keep their order.
    data.update(
        {
            "responsibility_set-0-position": "1",
            "responsibility_set-1-position": "2",
            "responsibility_set-2-position": "0",
        }
    )

    save(admin_client, role, data)

    assert latest_comment(role) == "Changed Position for responsibility “Clear jams.”."


def test_rows_added_removed_and_changed_are_named_by_their_names(admin_client, role):
    data = form_of(admin_client, role)
    jams = row_field(data, "responsibility_set", "text", "Clear jams.")
    data[jams.replace("-text", "-DELETE")] = "on"
    data[row_field(data, "salaryband_set", "max", "40000.00")] = "42000"
    data.update(
        {
            "faq_set-TOTAL_FORMS": "2",
            "faq_set-1-position": "1",
            "faq_set-1-question": "Is there shift work?",
            "faq_set-1-answer": "Usually two shifts.",
        }
    )

    save(admin_client, role, data)

    comment = latest_comment(role)
    assert "Changed Max for salary band “Operator”." in comment
    assert "Deleted responsibility “Clear jams.”." in comment
    assert "Added FAQ “Is there shift work?”." in comment
    # Nothing else: the other rows, posted as they were, are not named.
    assert "Load coils" not in comment and "Is it loud" not in comment
    assert "Section" not in comment and "Overview" not in comment


def test_a_new_source_is_named_once_as_that_items_sources(admin_client, role):
    data = form_of(admin_client, role)
    sources = row_field(data, "responsibility_set", "citations_text", "survey")
    data[sources] = "survey\nguide: says the same"

    save(admin_client, role, data)

    assert latest_comment(role) == (
        "Changed Sources for responsibility “Load coils into the press.”."
    )
    item = Responsibility.objects.get(role=role, position=0)
    assert [citation.source.key for citation in item.citations.all()] == ["survey", "guide"]


def test_a_restore_says_it_restored_and_names_what_it_changed(admin_client, role):
    first = versions_of(role)[0]
    data = form_of(admin_client, role)
    data["summary"] = "An edited summary."
    save(admin_client, role, data)

    revert_url = f"{history_url(role)}{first.pk}/"
    form = admin_form_data(admin_client.get(revert_url).content.decode())
    assert admin_client.post(revert_url, form).status_code == 302

    role.refresh_from_db()
    assert role.summary == "Runs presses."
    comment = latest_comment(role)
    assert comment.startswith("Reverted to previous version, saved on ")
    assert comment.endswith(". Changed Summary.")


# --- 1. any two revisions, compared field by field, with a way back -----------------


def edit_overview_and_rows(client, role):
    """One save that changes a word of the overview, a duty, a band, a source and the FAQs."""
    data = form_of(client, role)
    overview = row_field(data, "section_set", "body", LONG_OVERVIEW)
    data[overview] = LONG_OVERVIEW.replace("loud and physical", "loud, hot and physical")
    data[row_field(data, "responsibility_set", "text", "Clear jams.")] = "Clear jams safely."
    data[row_field(data, "salaryband_set", "max", "40000.00")] = "42000"
    data[row_field(data, "responsibility_set", "citations_text", "survey")] = "guide"
    data[row_field(data, "faq_set", "question", "Is it loud?").replace("-question", "-DELETE")] = (
        "on"
    )
    data["summary"] = "Runs and minds presses."
    save(client, role, data)


def test_two_revisions_compare_field_by_field_and_row_by_row(admin_client, role):
    edit_overview_and_rows(admin_client, role)
    older, newer = versions_of(role)

    response = compare(admin_client, role, older, newer)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Role: 1 field changed" in html
    assert "Runs presses." in html and "Runs and minds presses." in html
    assert "Responsibilities: 2 changed" in html
    assert "Salary bands: 1 changed" in html
    assert "FAQs: 1 removed" in html
    assert "Sections: 1 changed" in html
    # The source list of the first duty, as the lines an editor types.
    (sources,) = [
        article
        for article in re.findall(r"<article.*?</article>", html, re.S)
        if "Load coils into the press." in article
    ]
    assert "<dt>Sources</dt>" in sources
    assert ">survey</del>" in sources and ">guide</ins>" in sources
    assert "40000.00" in html and "42000.00" in html


def test_long_markdown_shows_one_text_with_the_changed_words_marked(admin_client, role):
    edit_overview_and_rows(admin_client, role)
    older, newer = versions_of(role)

    html = compare(admin_client, role, older, newer).content.decode()

    diff = html.split('class="history-text history-diff">', 1)[1].split("</div>", 1)[0]
    assert '<ins><span class="visually-hidden">Added: </span>, hot</ins>' in diff
    # Only the words around the change are kept: the first paragraph is left out.
    assert "They load coils" not in diff
    assert "unchanged text left out" in diff
    # Both versions in full are one click away, closed by default.
    assert '<details class="history-full">' in html


def test_the_comparison_reads_the_same_whichever_way_round_it_is_asked(admin_client, role):
    edit_overview_and_rows(admin_client, role)
    older, newer = versions_of(role)

    forwards = compare(admin_client, role, older, newer).content.decode()
    backwards = compare(admin_client, role, newer, older).content.decode()

    def body(html):
        return html.split('id="content-main"', 1)[1]

    assert body(forwards) == body(backwards)


def test_two_versions_with_the_same_content_say_so(admin_client, role):
    save(admin_client, role, form_of(admin_client, role))
    older, newer = versions_of(role)

    html = compare(admin_client, role, older, newer).content.decode()

    assert "These two versions are the same" in html


def test_the_comparison_links_to_the_guarded_restore_of_each_version(admin_client, role):
    edit_overview_and_rows(admin_client, role)
    older, newer = versions_of(role)
    html = compare(admin_client, role, older, newer).content.decode()
    restore = f"{history_url(role)}{older.pk}/"
    assert f'href="{restore}">Review and restore this version' in html
    assert f'href="{history_url(role)}{newer.pk}/">Review and restore this version' in html

    form = admin_form_data(admin_client.get(restore).content.decode())
    assert admin_client.post(restore, form).status_code == 302

    role.refresh_from_db()
    assert role.summary == "Runs presses."
    assert FAQ.objects.filter(role=role, question="Is it loud?").exists()
    assert Section.objects.get(role=role).body == LONG_OVERVIEW


def test_the_history_page_offers_a_comparison_of_every_save(admin_client, role):
    edit_overview_and_rows(admin_client, role)
    older, newer = versions_of(role)

    html = admin_client.get(history_url(role)).content.decode()

    compare_link = f"{history_url(role)}compare/?from={older.pk}&amp;to={newer.pk}"
    assert f'href="{compare_link}">Show the changes' in html
    assert f'name="from" value="{older.pk}" id="history-from-{older.pk}" checked' in html
    assert f'name="to" value="{newer.pk}" id="history-to-{newer.pk}" checked' in html
    assert f'action="{history_url(role)}compare/"' in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        pytest.param("", 'Choose a version in the "From" column of the history.', id="none"),
        pytest.param("from={older}", 'Choose a version in the "To" column', id="one"),
        pytest.param("from={older}&to={older}", "The same version is chosen twice", id="same"),
        pytest.param(
            "from={older}&to={foreign}",
            'The "To" version ({foreign}) is not in the history of this role',
            id="another-roles-version",
        ),
        pytest.param("from={older}&to=abc", 'The "To" version (abc) is not in', id="not-a-number"),
    ],
)
def test_a_bad_choice_of_versions_is_explained_on_the_history_page(
    admin_client, role, query, message
):
    older = versions_of(role)[0]
    with reversion.create_revision():
        other = Role.objects.create(slug="other", title="Other", summary="Another role.")
    foreign = versions_of(other)[0]
    values = {"older": older.pk, "foreign": foreign.pk}

    url = f"{history_url(role)}compare/?{query.format(**values)}"
    response = admin_client.get(url, follow=True)

    assert response.redirect_chain == [(history_url(role), 302)]
    shown = [str(m) for m in response.context["messages"]]
    assert all(text.startswith("Cannot compare: ") for text in shown)
    assert any(message.format(**values) in text for text in shown), shown


def test_a_user_who_may_not_view_roles_may_not_compare_them(client, role):
    older = versions_of(role)[0]
    editor(client, "view_tool")
    assert compare(client, role, older, older).status_code == 403


def test_rows_the_user_may_not_view_are_left_out_and_said_to_be(admin_client, client, role):
    edit_overview_and_rows(admin_client, role)
    older, newer = versions_of(role)
    viewer = editor(client, "view_role", "view_section", "view_responsibility", "view_salaryband")

    html = compare(viewer, role, older, newer).content.decode()

    assert "Responsibilities: 2 changed" in html
    assert "FAQs: 1 removed" not in html and "Yes, very." not in html
    assert "not shown because your account may not view them: FAQs." in html


def test_a_catalog_record_compares_too(admin_client, db):
    with reversion.create_revision():
        tool = Tool.objects.create(
            key="press-brake", name="Press brake", category="machinery",
            description="Bends sheet metal.",
        )  # fmt: skip
    url = f"/admin/roles/tool/{tool.pk}/change/"
    data = admin_form_data(admin_client.get(url).content.decode(), form_id="tool_form")
    data["description"] = "Bends sheet metal along a straight line."
    assert admin_client.post(url, data).status_code == 302
    older, newer = versions_of(tool)

    html = compare(admin_client, tool, older, newer, app_model="roles/tool").content.decode()

    assert newer.revision.comment == "Changed Description."
    assert "Tool: 1 field changed" in html
    assert "along a straight line" in html.split("history-diff", 1)[1]


def test_a_comparison_across_a_load_matches_rows_stored_anew(admin_client, loaded, content_copy):
    technician = Role.objects.get(slug="press-technician")
    before = versions_of(technician)[-1]
    old_ids = set(Responsibility.objects.filter(role=technician).values_list("pk", flat=True))
    path = content_copy / "roles" / "press-technician.md"
    text = path.read_text()
    duty = Responsibility.objects.filter(role=technician).order_by("position").first().text
    assert text.count(duty) == 1
    path.write_text(text.replace(duty, f"{duty} Every shift."))

    call_command("load_content", str(content_copy), verbosity=0)

    after = versions_of(technician)[-1]
    new_ids = set(Responsibility.objects.filter(role=technician).values_list("pk", flat=True))
    assert not old_ids & new_ids  # the load stored every duty anew
    html = compare(admin_client, technician, before, after).content.decode()
    assert "Responsibilities: 1 changed" in html
    assert "Every shift." in html
    for word in ("added", "removed"):
        assert not re.search(rf"<h2[^>]*>[^<]*\d+ {word}", html), word


def test_text_in_a_comparison_is_escaped(admin_client, role):
    data = form_of(admin_client, role)
    data["summary"] = "<script>alert(1)</script> presses"
    save(admin_client, role, data)
    older, newer = versions_of(role)

    html = compare(admin_client, role, older, newer).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; presses" in html


def test_a_pending_change_is_marked_and_never_taken_for_the_version_before(admin_client, role):
    published = versions_of(role)[0]
    with reversion.create_revision():
        role.summary = "A summary waiting for a Publisher."
        role.save()
    pending = versions_of(role)[-1]
    Role.objects.filter(pk=role.pk).update(summary="Runs presses.")  # the public row as it was
    PendingChange.objects.create(role=role, revision=pending.revision)

    html = admin_client.get(history_url(role)).content.decode()

    (pending_row,) = [row for row in html.split("<tr>") if f"history/{pending.pk}/" in row]
    assert "Pending, not published" in pending_row
    assert html.count("Pending, not published") == 1
    # What a save changed is worked out from the published version, not the pending one.
    assert {version.pk for version in previous_versions(Role, role.pk)} == {
        version.pk for version in published.revision.version_set.all()
    }
