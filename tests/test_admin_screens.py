"""The role editor's screens: each edits its own part, and a save on one leaves the rest alone."""

import re

import pytest
from django.core.management import call_command
from reversion.models import Version

from roles.admin_screens import SCREENS, SCREENS_BY_KEY
from roles.models import FAQ, LadderRung, ProCon, Responsibility, Role, RoleSkill, SalaryBand, Skill

from .admin_forms import admin_form_data

# The fixture technician's largest screen is under 90 KB, its whole editor over
# 400 KB: the budget leaves room, and still catches a screen that shows every list.
SCREEN_BYTES = 150_000
# A fixed number per screen; a query per row (the autocomplete selects' own
# lookups, a select listing its rungs again) made these grow with the lists.
SCREEN_QUERIES = {
    "summary": 14,
    "prose": 8,
    "duties": 12,
    "skills": 10,
    "tools": 13,
    "pay": 16,
    "ladder": 14,
    "entry": 13,
    "careers": 16,
    "more": 12,
}
# Each screen's lists, by the prefix of their management form.
SCREEN_PREFIXES = {
    "summary": set(),
    "prose": {"section_set"},
    "duties": {"responsibility_set", "workingcondition_set"},
    "skills": {"roleskill_set"},
    "tools": {"roletool_set", "rolecertification_set"},
    "pay": {"salaryband_set", "paydistribution_set", "globalpay_set"},
    "ladder": {"ladderrung_set"},
    "entry": {"educationoption_set", "entrystep_set", "occupationcode_set"},
    "careers": {"relatedcareer_set", "comparison_set"},
    "more": {"faq_set", "procon_set", "topemployer_set"},
}


@pytest.fixture
def technician(loaded):
    return Role.objects.get(slug="press-technician")


def screen_url(role, key):
    return f"/admin/roles/role/{role.pk}/change/?screen={key}"


def screen_form(client, role, key):
    return admin_form_data(client.get(screen_url(role, key)).content.decode())


def list_prefixes(form):
    return {name.removesuffix("-TOTAL_FORMS") for name in form if name.endswith("-TOTAL_FORMS")}


def row_index(form, prefix, field, value):
    """N of the row prefix-N whose field holds value."""
    (name,) = [
        name
        for name, posted in form.items()
        if re.fullmatch(rf"{prefix}-\d+-{field}", name) and posted == value
    ]
    return int(name.split("-")[1])


def export(path):
    call_command("export_content", "--output", str(path), verbosity=0)
    return {file.relative_to(path): file.read_text() for file in sorted(path.rglob("*.*"))}


def test_the_screens_and_their_lists_cover_the_whole_editor(admin_client, technician):
    everything = list_prefixes(
        admin_form_data(
            admin_client.get(f"/admin/roles/role/{technician.pk}/change/").content.decode()
        )
    )
    assert [screen.key for screen in SCREENS] == list(SCREEN_PREFIXES)
    # Every list of the whole editor is on exactly one screen.
    assert sorted(everything) == sorted(p for ps in SCREEN_PREFIXES.values() for p in ps)


@pytest.mark.parametrize("key", list(SCREEN_PREFIXES))
def test_each_screen_shows_only_its_fields_and_lists(admin_client, technician, key):
    form = screen_form(admin_client, technician, key)
    assert list_prefixes(form) == SCREEN_PREFIXES[key]
    assert form["edit_stamp"]  # optimistic locking works on every screen
    role_fields = {"title", "slug", "summary", "alternative_titles", "median_pay"}
    if key == "summary":
        assert role_fields <= form.keys()
    else:
        assert not role_fields & form.keys()


def test_the_tabs_link_every_screen_and_mark_the_open_one(admin_client, technician):
    html = admin_client.get(screen_url(technician, "pay")).content.decode()
    tabs = re.findall(r'<li><a href="([^"]+)"( aria-current="page")?>([^<]+)</a></li>', html)
    assert [(url, title) for url, _, title in tabs] == [
        (screen_url(technician, screen.key).replace("&", "&amp;"), screen.title)
        for screen in SCREENS
    ]
    assert [title for _, current, title in tabs if current] == ["Pay"]
    # The save buttons sit at the top as well as at the bottom.
    assert html.count('name="_continue"') == 2


def test_a_list_heading_counts_its_rows(admin_client, technician):
    html = admin_client.get(screen_url(technician, "duties")).content.decode()
    duties = Responsibility.objects.filter(role=technician).count()
    assert f"Responsibilities ({duties})" in html


def test_an_unknown_screen_is_a_404_that_names_the_screens(admin_client, technician):
    response = admin_client.get(screen_url(technician, "salaries"))
    assert response.status_code == 404


def test_the_change_list_opens_a_role_on_its_summary(admin_client, technician):
    html = admin_client.get("/admin/roles/role/").content.decode()
    assert f'href="/admin/roles/role/{technician.pk}/change/?screen=summary"' in html


@pytest.mark.parametrize("key", list(SCREEN_PREFIXES))
def test_an_unchanged_save_of_any_screen_changes_no_file(admin_client, technician, key, tmp_path):
    before = export(tmp_path / "before")
    form = screen_form(admin_client, technician, key)

    response = admin_client.post(screen_url(technician, key), {**form, "_continue": "1"})

    assert response.status_code == 302, response.content.decode()[:2000]
    # Back on the screen that was saved.
    assert response["Location"] == screen_url(technician, key)
    assert export(tmp_path / "after") == before


def test_a_save_on_one_screen_leaves_the_other_screens_untouched(
    admin_client, technician, tmp_path
):
    before = export(tmp_path / "before")
    form = screen_form(admin_client, technician, "more")
    question = form["faq_set-0-question"]
    changed = {"faq_set-0-question": "A question asked on the FAQ screen?"}

    assert admin_client.post(screen_url(technician, "more"), {**form, **changed}).status_code == 302

    after = export(tmp_path / "after")
    assert after.keys() == before.keys()
    changed_files = [name for name in before if before[name] != after[name]]
    assert len(changed_files) == 1
    # The one change, undone, gives the whole export back: nothing else moved.
    name = changed_files[0]
    assert after[name].replace("A question asked on the FAQ screen?", question) == before[name]


def test_the_order_posted_by_a_drag_is_kept_and_numbered_from_zero(admin_client, technician):
    duties = list(Responsibility.objects.filter(role=technician).order_by("position"))
    form = screen_form(admin_client, technician, "duties")
    # What sortable2's script posts after the last duty is dragged to the top: 1, 2, 3…
    dragged = [duties[-1], *duties[:-1]]
    for place, duty in enumerate(dragged, start=1):
        index = row_index(form, "responsibility_set", "id", str(duty.pk))
        form[f"responsibility_set-{index}-position"] = str(place)

    assert admin_client.post(screen_url(technician, "duties"), form).status_code == 302

    saved = Responsibility.objects.filter(role=technician).order_by("position")
    assert list(saved) == dragged
    assert [duty.position for duty in saved] == list(range(len(dragged)))
    # The revision recorded the final positions, so History can restore this order.
    latest = Version.objects.get_for_object(dragged[0]).first()
    assert latest.field_dict["position"] == 0


def test_typed_positions_with_gaps_are_numbered_again(admin_client, technician):
    faqs = list(FAQ.objects.filter(role=technician).order_by("position"))
    form = screen_form(admin_client, technician, "more")
    for place, faq in zip([50, 10, 30], faqs[:3], strict=False):
        index = row_index(form, "faq_set", "id", str(faq.pk))
        form[f"faq_set-{index}-position"] = str(place)

    assert admin_client.post(screen_url(technician, "more"), form).status_code == 302

    positions = list(FAQ.objects.filter(role=technician).values_list("position", flat=True))
    assert sorted(positions) == list(range(len(faqs)))


def test_pros_and_cons_are_numbered_within_their_kind(admin_client, technician):
    before = {
        kind: list(ProCon.objects.filter(role=technician, kind=kind).order_by("position"))
        for kind in ProCon.Kind.values
    }
    form = screen_form(admin_client, technician, "more")

    assert admin_client.post(screen_url(technician, "more"), form).status_code == 302

    for kind, rows in before.items():
        saved = list(ProCon.objects.filter(role=technician, kind=kind).order_by("position"))
        assert saved == rows
        assert [row.position for row in saved] == list(range(len(rows)))


def test_a_new_row_without_a_position_goes_to_the_end(admin_client, technician):
    form = screen_form(admin_client, technician, "more")
    added = int(form["faq_set-TOTAL_FORMS"])
    form |= {
        "faq_set-TOTAL_FORMS": str(added + 1),
        f"faq_set-{added}-question": "Asked last?",
        f"faq_set-{added}-answer": "Yes.",
        f"faq_set-{added}-position": "",
    }

    assert admin_client.post(screen_url(technician, "more"), form).status_code == 302

    last = FAQ.objects.filter(role=technician).order_by("position").last()
    assert last.question == "Asked last?"


@pytest.mark.parametrize("key", list(SCREEN_PREFIXES))
def test_a_stale_save_from_any_screen_is_refused_with_the_input_kept(
    admin_client, technician, key, tmp_path
):
    stale = screen_form(admin_client, technician, key)
    # Someone saves the summary in between.
    summary = screen_form(admin_client, technician, "summary")
    summary["summary"] = "Saved by another editor in between."
    assert admin_client.post(screen_url(technician, "summary"), summary).status_code == 302
    before = export(tmp_path / "before")
    typed = "Typed on the stale page, kept on screen."
    field = next(
        name
        for name in ("summary", "section_set-0-body", "responsibility_set-0-text")
        + ("roleskill_set-0-note", "roletool_set-0-note", "salaryband_set-0-region")
        + ("ladderrung_set-0-title", "entrystep_set-0-text", "faq_set-0-answer")
        + ("relatedcareer_set-0-note",)
        if name in stale
    )

    response = admin_client.post(screen_url(technician, key), {**stale, field: typed})

    html = response.content.decode()
    assert response.status_code == 200
    assert "was changed since you opened it" in html
    assert typed in html
    assert export(tmp_path / "after") == before


@pytest.mark.parametrize("key", list(SCREEN_PREFIXES))
def test_each_screen_stays_within_its_size_and_query_budget(
    admin_client, technician, key, django_assert_num_queries
):
    admin_client.get(screen_url(technician, key))  # the session and caches are warm
    with django_assert_num_queries(SCREEN_QUERIES[key]):
        response = admin_client.get(screen_url(technician, key))
    assert response.status_code == 200
    assert len(response.content) <= SCREEN_BYTES
    assert SCREENS_BY_KEY[key].title in response.content.decode()


def test_more_rows_cost_no_more_queries(admin_client, technician, django_assert_num_queries):
    rung = LadderRung.objects.filter(role=technician).first()
    band = SalaryBand.objects.filter(role=technician).first()
    for offset in range(1, 6):
        skill = Skill.objects.create(key=f"extra-skill-{offset}", name=f"Extra skill {offset}")
        RoleSkill.objects.create(role=technician, skill=skill, position=1000 + offset)
        band.pk, band.position, band.rung = None, 1000 + offset, rung
        band.save()
        rung.skills.add(skill)
    for key in ("skills", "pay", "ladder"):
        admin_client.get(screen_url(technician, key))
        with django_assert_num_queries(SCREEN_QUERIES[key]):
            admin_client.get(screen_url(technician, key))


def test_the_add_page_is_the_summary_screen(admin_client, loaded):
    form = admin_form_data(admin_client.get("/admin/roles/role/add/").content.decode())
    assert {"title", "slug", "summary"} <= form.keys()
    assert list_prefixes(form) == set()


def test_a_history_revert_after_a_screen_save_restores_that_screen(
    admin_client, technician, tmp_path
):
    before = export(tmp_path / "before")
    loaded_version = Version.objects.get_for_object(technician).first()
    form = screen_form(admin_client, technician, "pay")
    form["salaryband_set-0-region"] = "Changed on the pay screen"
    assert admin_client.post(screen_url(technician, "pay"), form).status_code == 302
    assert export(tmp_path / "edited") != before

    revert_url = f"/admin/roles/role/{technician.pk}/history/{loaded_version.pk}/"
    page = admin_form_data(admin_client.get(revert_url).content.decode())
    # The revert form is the whole editor, so it restores every list.
    assert "salaryband_set-TOTAL_FORMS" in page and "faq_set-TOTAL_FORMS" in page
    assert admin_client.post(revert_url, page).status_code == 302

    assert export(tmp_path / "after") == before
