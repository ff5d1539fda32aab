"""An Editor proposes a change to a published role; a Publisher previews and publishes it."""

from axe_playwright_python.sync_playwright import Axe

from roles.models import Role

from ..editor_users import PASSWORD, staff_member
from .conftest import WIDTHS

PROPOSED = "Sets up and tunes the presses, proposed by an editor."


def sign_in(browser, site, username):
    context = browser.new_context(viewport={"width": WIDTHS["desktop"], "height": 900})
    page = context.new_page()
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{site}/admin/")
    return page


def shoot_both_widths(page, screenshot, name):
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"{name}-{label}")
    page.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})


def test_an_editor_proposes_and_a_publisher_previews_and_publishes(browser, site, screenshot):
    staff_member("Editors", "erin")
    staff_member("Publishers", "pat")
    role = Role.objects.get(slug="press-technician")
    published = role.summary
    change = f"{site}/admin/roles/role/{role.pk}/change/?screen=summary"
    visitor = browser.new_page()

    editor = sign_in(browser, site, "erin")
    editor.goto(change)
    assert "your save becomes a pending change" in editor.locator(".staging-bar").inner_text()
    editor.fill("#id_summary", PROPOSED)
    editor.locator("input[name=_continue]").first.click()
    editor.wait_for_url("**/change/?screen=summary")
    assert "saved as a pending change" in editor.locator(".messagelist").inner_text()
    assert "Pending change, not public yet" in editor.locator(".staging-bar").inner_text()
    assert editor.locator("#id_summary").input_value() == PROPOSED
    shoot_both_widths(editor, screenshot, "admin-pending-change-editor")
    visitor.goto(f"{site}/roles/press-technician/")
    assert published in visitor.content() and PROPOSED not in visitor.content()

    publisher = sign_in(browser, site, "pat")
    publisher.goto(change)
    publisher.get_by_role("link", name="Preview the site with this change").click()
    publisher.wait_for_url(f"{site}/roles/press-technician/")
    assert "Preview, not public" in publisher.locator(".preview-banner").inner_text()
    assert PROPOSED in publisher.content()
    results = Axe().run(publisher)
    assert results.violations_count == 0, results.generate_report()
    shoot_both_widths(publisher, screenshot, "public-pending-preview")
    visitor.reload()
    assert PROPOSED not in visitor.content()

    publisher.get_by_role("link", name="Back to the editor").click()
    publisher.get_by_role("button", name="Publish this change").click()
    assert "Published the pending change" in publisher.locator(".messagelist").inner_text()
    visitor.reload()
    assert PROPOSED in visitor.content()
    publisher.goto(f"{site}/roles/press-technician/")
    assert publisher.locator(".preview-banner").count() == 0
