"""An Editor in Chromium: searches tools; told at the field of a bad link or a lost Overview."""

from pathlib import Path

import pytest
from django.contrib.auth.models import User

from roles.models import FAQ, Role

from ..test_editor_groups import groups  # noqa: F401 (a fixture)
from .conftest import WIDTHS

SHOTS = Path("/tmp/shots16")
PASSWORD = "a-long-test-password"


@pytest.fixture
def editor_page(page, site, groups):  # noqa: F811 (the fixture imported above)
    user = User.objects.create_user("group-editor", password=PASSWORD, is_staff=True)
    user.groups.add(groups["Editors"])
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", "group-editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{site}/admin/")
    return page


def shoot(page, name, locator=None):
    SHOTS.mkdir(exist_ok=True)
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        target = locator or page
        options = {} if locator else {"full_page": False}
        target.screenshot(path=str(SHOTS / f"{name}-{label}.png"), **options)


def open_group(page, prefix):
    summary = page.locator(f"#{prefix}-group summary").first
    if summary.count() and page.locator(f"#{prefix}-group details[open]").count() == 0:
        summary.click()


def edit_role(page, site, slug, prefix):
    """Open a role's editor with one inline list unfolded; returns the role."""
    role = Role.objects.get(slug=slug)
    page.goto(f"{site}/admin/roles/role/{role.pk}/change/")
    open_group(page, prefix)
    return role


def save(page):
    page.locator("input[name=_save]").first.click()
    page.wait_for_load_state()


def test_an_editor_is_told_at_the_field_about_a_javascript_link(editor_page, site):
    page = editor_page
    role = edit_role(page, site, "press-technician", "faq_set")
    page.evaluate("window.scrollTo(0, 0)")
    shoot(page, "help-text-top")
    answer = page.locator("#id_faq_set-0-answer")
    typed = "Ask the lead hand; the rota is [here](JaVaScRiPt:alert(1))."
    answer.fill(typed)

    save(page)

    error = page.locator("#faq_set-0 .errorlist").first
    error.wait_for()
    assert 'the link "JaVaScRiPt:alert(1)"' in error.inner_text()
    assert page.locator("#id_faq_set-0-answer").input_value() == typed
    error.scroll_into_view_if_needed()
    shoot(page, "faq-bad-link", page.locator("#faq_set-0"))
    assert "javascript" not in FAQ.objects.filter(role=role).first().answer.lower()


def test_an_editor_is_told_the_overview_is_required(editor_page, site):
    page = editor_page
    role = edit_role(page, site, "die-setter", "section_set")
    page.locator("#id_section_set-0-DELETE").check()

    save(page)

    message = page.locator("#section_set-group .errorlist.nonform, #section_set-group .errorlist")
    message.first.wait_for()
    assert "The Overview section is missing" in message.first.inner_text()
    shoot(page, "overview-missing", page.locator("#section_set-group"))
    assert role.section_set.filter(kind="overview").exists()


def test_an_editor_can_search_tools_in_a_role(editor_page, site):
    page = editor_page
    edit_role(page, site, "press-technician", "roletool_set")
    page.locator("#roletool_set-0 .field-tool .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill("pl")
    # The answer of /admin/autocomplete/, which needs the Editors' view rights.
    page.locator(".select2-results__option", has_text="PLC").first.wait_for()
    shoot(page, "tool-autocomplete")
