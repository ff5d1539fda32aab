"""An editor compares two versions of a role in Chromium and restores the older one from there.

The History and comparison pages run under the site's Content-Security-Policy
with nothing blocked, pass axe at phone and desktop width, and fit a phone.
"""

from django.contrib.auth.models import User
from django.test import Client
from reversion.models import Version

from roles.models import Responsibility, Role, Section

from ..admin_forms import admin_form_data, change_role

PASSWORD = "a-long-test-password"
NEW_SUMMARY = "Helps run the press line and keeps the parts moving."
MORE = "Most helpers learn the job in a few weeks.\n\nSome go on to set up presses."


def sign_in(page, site, next_url):
    page.goto(f"{site}/admin/login/?next={next_url}")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"**{next_url}")


def edit_in_the_admin(role):
    """One save by the editor: the summary, the first duty's wording and the overview."""
    client = Client()
    client.force_login(User.objects.get(username="editor"))
    form = admin_form_data(client.get(f"/admin/roles/role/{role.pk}/change/").content.decode())
    duty = Responsibility.objects.filter(role=role).order_by("position").first()
    overview = Section.objects.get(role=role, kind="overview").body
    (duty_field,) = [name for name, value in form.items() if value == duty.text]
    (overview_field,) = [name for name, value in form.items() if value == overview]
    changes = {duty_field: f"{duty.text} Safely.", overview_field: f"{overview}\n\n{MORE}"}
    response = change_role(client, role, summary=NEW_SUMMARY, **changes)
    assert response.status_code == 302
    return duty


def watch_for_blocked_content(page):
    page.add_init_script(
        "window.violations = [];"
        "document.addEventListener('securitypolicyviolation',"
        " event => window.violations.push(event.violatedDirective + ' ' + event.blockedURI));"
    )


def test_compare_two_versions_and_restore_the_older_one(page, site, audit):
    User.objects.create_superuser("editor", "editor@example.com", PASSWORD)
    role = Role.objects.get(slug="press-helper")
    original_summary = role.summary
    duty = edit_in_the_admin(role)
    history = f"/admin/roles/role/{role.pk}/history/"
    watch_for_blocked_content(page)
    sign_in(page, site, history)

    audit(site + history, "admin-history")
    assert page.evaluate("window.violations") == []
    # The two latest versions are chosen already: one click shows the last save.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Compare the chosen versions").click()
    page.wait_for_url("**/history/compare/?*")  # ?to=…&from=…: the newest is listed first
    compare_url = page.url

    assert page.locator("main h1").inner_text() == "Compare two versions of Press Helper"
    assert page.get_by_role("heading", name="Role: 1 field changed").is_visible()
    assert page.get_by_role("heading", name="Responsibilities: 1 changed").is_visible()
    assert page.get_by_role("heading", name="Sections: 1 changed").is_visible()
    assert page.locator("ins", has_text="Safely.").first.is_visible()
    assert page.evaluate("window.violations") == []

    audit(compare_url, "admin-history-compare")
    assert page.evaluate("window.violations") == []
    # Both versions in full, one click away.
    page.set_viewport_size({"width": 390, "height": 900})
    page.locator("details.history-full summary").first.click()
    assert page.locator("details.history-full[open]").count() == 1

    # Restore the older version from the comparison: the guarded revision page.
    older = Version.objects.get_for_object(role).order_by("pk").reverse()[1]
    page.get_by_role("link", name="Review and restore this version").first.click()
    page.wait_for_url(f"**{history}{older.pk}/")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/roles/role/")
    assert page.evaluate("window.violations") == []

    role.refresh_from_db()
    assert role.summary == original_summary
    assert Responsibility.objects.get(pk=duty.pk).text == duty.text
    assert MORE not in Section.objects.get(role=role, kind="overview").body
