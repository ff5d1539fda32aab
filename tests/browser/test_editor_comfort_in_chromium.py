"""The editor's comfort in Chromium: markdown previews only on demand, a warning
before unsaved work is lost, an error summary whose links land on the fields,
and the editor's guide, at phone and desktop width."""

import shutil
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

from roles.models import Role

from ..admin_forms import change_role
from .admin_sign_in import PASSWORD, sign_in
from .conftest import ARTIFACTS, WIDTHS

PREVIEW = "/markdownx/markdownify/"
# Where the lead looks at the screens; the tests also keep them in test-artifacts/.
SHOTS = Path("/tmp/shots16")


@pytest.fixture
def signed_in(page, site):
    """Sign in as a superuser; returns a function that opens an admin page."""
    User.objects.create_superuser("editor", "editor@example.com", PASSWORD)
    sign_in(page, site)

    def open_page(path):
        page.goto(f"{site}{path}")
        page.wait_for_load_state("networkidle")

    return open_page


@pytest.fixture
def role_editor(signed_in):
    role = Role.objects.get(slug="press-technician")
    path = f"/admin/roles/role/{role.pk}/change/"
    signed_in(path)
    return path


@pytest.fixture
def previews(page):
    """Every preview request the page sends, as the text of the box it was for."""
    sent = []

    def note(request):
        if PREVIEW in request.url:
            sent.append(multipart_value(request.post_data, "content"))

    page.on("request", note)
    return sent


def multipart_value(body, name):
    marker = f'name="{name}"\r\n\r\n'
    # The browser sends a text area's lines with CRLF, as a form submission does.
    return body.split(marker, 1)[1].split("\r\n--", 1)[0].replace("\r\n", "\n")


def keep(page, screenshot, name):
    path = screenshot(page, name)
    SHOTS.mkdir(exist_ok=True)
    shutil.copy(path, SHOTS / path.name)


def visible_markdown_boxes(page):
    return page.locator("textarea.markdownx-editor:visible")


# --- markdown previews ----------------------------------------------------------------


def test_opening_a_role_sends_no_preview_and_editing_one_box_previews_only_it(
    page, role_editor, previews
):
    boxes = page.locator("textarea.markdownx-editor")
    assert boxes.count() > 10
    page.wait_for_timeout(1500)  # markdownx's start-up would have asked by now
    assert previews == []

    box = visible_markdown_boxes(page).first
    with page.expect_response(f"**{PREVIEW}"):
        box.click()
        box.press("Control+a")
        box.press_sequentially("- Check the die\n  - Top half\n  - Bottom half", delay=15)
    pane = box.locator("xpath=ancestor::div[contains(@class, 'markdownx')][1]").locator(
        ".markdownx-preview"
    )
    pane.locator("ul ul li").first.wait_for()
    assert pane.locator("ul ul li").all_inner_texts() == ["Top half", "Bottom half"]
    page.wait_for_timeout(1000)
    # One request after the pause in typing, with that box's text, and none for any other box.
    assert previews == ["- Check the die\n  - Top half\n  - Bottom half"]


def test_the_preview_button_previews_a_box_without_editing_it(page, role_editor, previews):
    box = visible_markdown_boxes(page).nth(1)
    wrapper = box.locator("xpath=ancestor::div[contains(@class, 'markdownx')][1]")
    with page.expect_response(f"**{PREVIEW}"):
        wrapper.get_by_role("button", name="Preview").click()
    pane = wrapper.locator(".markdownx-preview")
    pane.locator("p").first.wait_for()
    assert previews == [box.input_value()]


def test_a_row_added_on_the_page_previews_like_the_others(page, role_editor, previews):
    page.locator("#responsibility_set-group summary").first.click()
    page.locator("#responsibility_set-group .add-row a").click()
    rows = page.locator("#responsibility_set-group textarea.markdownx-editor:visible")
    new_box = rows.last
    with page.expect_response(f"**{PREVIEW}"):
        new_box.fill("A **new** duty.")
    wrapper = new_box.locator("xpath=ancestor::div[contains(@class, 'markdownx')][1]")
    wrapper.locator(".markdownx-preview strong").wait_for()
    assert wrapper.get_by_role("button", name="Preview").count() == 1
    assert previews == ["A **new** duty."]


# --- the unsaved-changes warning -------------------------------------------------------


def dialogs_of(page):
    seen = []

    def note(dialog):
        seen.append(dialog.type)
        dialog.dismiss()  # stay on the page

    page.on("dialog", note)
    return seen


def test_leaving_with_unsaved_changes_asks_first(page, site, role_editor):
    seen = dialogs_of(page)
    page.locator("#id_title").press("End")
    page.locator("#id_title").press_sequentially(" (edited)")
    page.locator("div.breadcrumbs a").first.click()
    page.wait_for_timeout(500)
    assert seen == ["beforeunload"]
    assert page.url == f"{site}{role_editor}"
    assert page.locator("#id_title").input_value().endswith(" (edited)")


def test_leaving_an_unchanged_form_or_saving_does_not_ask(page, site, role_editor):
    seen = dialogs_of(page)
    page.locator("div.breadcrumbs a").first.click()
    page.wait_for_url(f"{site}/admin/")
    page.go_back()
    page.locator("#id_title").press("End")
    page.locator("#id_title").press_sequentially(" (saved)")
    page.locator("input[name=_save]").first.click()
    page.wait_for_url(f"{site}/admin/roles/role/")
    assert seen == []
    assert Role.objects.get(slug="press-technician").title.endswith(" (saved)")


# --- the error summary -----------------------------------------------------------------


def refuse_a_save(page):
    """A save refused for an empty title and a salary band without its level."""
    page.locator("#id_title").fill("")
    # The band is in a folded list: emptied the way a script would, without opening it.
    page.locator("[name^=salaryband][name$='-2-level']").evaluate("input => { input.value = '' }")
    page.locator("input[name=_save]").first.click()
    page.wait_for_load_state("networkidle")


def test_the_links_of_the_error_summary_land_on_the_fields(page, role_editor, screenshot):
    refuse_a_save(page)
    summary = page.locator("ul.error-summary")
    assert summary.locator("a").all_inner_texts() == [
        "Title: This field is required.",
        "Salary bands, row 3: Level: This field is required.",
    ]
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.evaluate("window.scrollTo(0, 0)")
        keep(page, screenshot, f"editor-refused-save-{label}")

    summary.get_by_role("link", name="Salary bands, row 3: Level: This field is required.").click()
    level = page.locator("[name^=salaryband][name$='-2-level']")
    assert level.is_visible()
    assert page.evaluate("location.hash") == f"#{level.get_attribute('id')}"
    top, bottom = level.evaluate(
        "e => [e.getBoundingClientRect().top, e.getBoundingClientRect().bottom]"
    )
    assert top > -1 and bottom <= page.viewport_size["height"]  # scrolled into view


def test_a_save_from_a_stale_page_says_why_at_the_top(page, role_editor, screenshot):
    other = Client()
    other.force_login(User.objects.create_superuser("second-editor", "s@example.org", "x"))
    role = Role.objects.get(slug="press-technician")
    assert change_role(other, role, summary="Saved by the second editor.").status_code == 302

    page.locator("#id_title").press("End")
    page.locator("#id_title").press_sequentially(" (stale)")
    page.locator("input[name=_save]").first.click()
    page.wait_for_load_state("networkidle")

    top = page.locator("p.errornote + ul.errorlist.nonfield")
    assert "This role was changed since you opened it, by second-editor" in top.inner_text()
    assert page.locator("#id_title").input_value().endswith(" (stale)")  # the input is kept
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        keep(page, screenshot, f"editor-stale-save-{label}")


def test_without_javascript_the_summary_still_links_and_the_form_still_saves(
    browser, site, screenshot
):
    User.objects.create_superuser("editor", "editor@example.com", PASSWORD)
    role = Role.objects.get(slug="press-technician")
    page = browser.new_context(java_script_enabled=False).new_page()
    path = f"/admin/roles/role/{role.pk}/change/"
    sign_in(page, site, path)
    assert page.locator(".markdown-preview-button").count() == 0  # no button that cannot work

    page.locator("#id_title").fill("")
    page.locator("input[name=_save]").first.click()
    link = page.locator("ul.error-summary a", has_text="Title: This field is required.")
    assert link.get_attribute("href") == "#id_title"

    page.locator("#id_title").fill("Press Technician, saved without JavaScript")
    page.locator("input[name=_save]").first.click()
    page.wait_for_url(f"{site}/admin/roles/role/")
    assert Role.objects.get(pk=role.pk).title == "Press Technician, saved without JavaScript"
    page.context.close()


# --- the editor's guide -----------------------------------------------------------------


def test_the_editors_guide_reads_at_phone_and_desktop_width(page, signed_in, audit):
    signed_in("/admin/")
    page.get_by_role("link", name="Editor's guide").click()
    page.wait_for_url("**/admin/guide/")
    assert page.locator("#site-name").inner_text() == "Manufacturing Career Guide"
    # It fits a phone, has one h1, and axe finds nothing, at both widths.
    audit(page.url, "editor-guide")
    for label in WIDTHS:
        SHOTS.mkdir(exist_ok=True)
        shutil.copy(ARTIFACTS / f"editor-guide-{label}.png", SHOTS)
