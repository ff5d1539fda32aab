"""An editor moves between the role editor's screens and reorders a duty by dragging it."""

from pathlib import Path

from django.contrib.auth.models import User

from roles.admin_screens import SCREENS
from roles.models import Responsibility, Role

from .conftest import ARTIFACTS, WIDTHS

SHOTS = Path("/tmp/shots16")
PASSWORD = "a-long-test-password"


def sign_in(page, site, next_url):
    User.objects.create_superuser("editor", "editor@example.com", PASSWORD)
    page.goto(f"{site}/admin/login/?next={next_url}")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


def watch_policy_violations(page):
    page.add_init_script(
        "window.violations = [];"
        "document.addEventListener('securitypolicyviolation',"
        " event => window.violations.push(event.violatedDirective + ' ' + event.blockedURI));"
    )


def shoot(page, name):
    for folder in (ARTIFACTS, SHOTS):
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_drag_a_duty_to_the_top_and_save(page, site):
    role = Role.objects.get(slug="press-technician")
    duties = list(Responsibility.objects.filter(role=role).order_by("position"))
    duties_url = f"/admin/roles/role/{role.pk}/change/?screen=duties"
    watch_policy_violations(page)
    sign_in(page, site, duties_url)
    page.wait_for_url(f"**{duties_url}")
    page.wait_for_load_state("networkidle")

    page.locator("#responsibility_set-group summary").first.click()
    rows = page.locator("#responsibility_set-group tr.has_original")
    # The handle is the row's first cell (django-admin-sortable2).
    rows.nth(2).locator("td.original p").drag_to(rows.nth(0).locator("td.original p"))
    positions = page.locator("#responsibility_set-group input._reorder_")
    assert positions.nth(0).input_value() == "1"  # renumbered by sortable2's script
    # The save row at the top saves as well as the one at the bottom.
    page.locator(".submit-row").first.locator("input[name=_continue]").click()
    page.wait_for_url(f"**{duties_url}")

    assert "was changed successfully" in page.content()
    saved = list(Responsibility.objects.filter(role=role).order_by("position"))
    assert saved[0] == duties[2]
    assert saved[1:3] == duties[:2]
    assert page.evaluate("window.violations") == []


def test_the_tabs_lead_to_each_screen_and_every_screen_fits_a_laptop(page, site):
    role = Role.objects.get(slug="press-technician")
    summary_url = f"/admin/roles/role/{role.pk}/change/?screen=summary"
    watch_policy_violations(page)
    sign_in(page, site, summary_url)
    page.wait_for_url(f"**{summary_url}")

    for screen in SCREENS:
        page.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})
        page.locator("nav.editor-screens").get_by_role("link", name=screen.title).click()
        page.wait_for_url(f"**screen={screen.key}")
        current = page.locator("nav.editor-screens a[aria-current=page]")
        assert current.inner_text() == screen.title
        for details in page.locator("#content-main details").all():
            details.locator("summary").first.click()  # every list open: the widest case
        # Salary bands used to need sideways scrolling on a laptop.
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the {screen.key} screen is {overflow}px too wide on a laptop"
        for label, width in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": 900})
            shoot(page, f"admin-screen-{screen.key}-{label}")
    assert page.locator("#salaryband_set-group").count() == 0  # on the last screen: not pay
    assert page.evaluate("window.violations") == []
