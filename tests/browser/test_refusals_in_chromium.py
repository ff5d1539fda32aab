"""The pages that say no: a method a public page does not take, and a sign-in lockout."""

from .conftest import WIDTHS

ROLE = "/roles/press-technician/"


def test_a_post_to_a_public_page_gets_the_sites_405(page, site, audit):
    audit(site + ROLE, "method-not-allowed", status=405, method="POST")
    assert page.get_by_role("heading", name="This page can only be read").is_visible()
    page.get_by_role("link", name="Open the page").click()
    assert page.url == site + ROLE


def test_the_lockout_page_after_five_wrong_passwords(page, site, screenshot, django_user_model):
    from axe_playwright_python.sync_playwright import Axe

    django_user_model.objects.create_user("editor", password="correct horse battery", is_staff=True)
    page.goto(site + "/admin/login/")
    for _ in range(5):
        page.get_by_label("Username").fill("editor")
        page.get_by_label("Password").fill("wrong password!")
        page.get_by_role("button", name="Log in").click()
    assert page.get_by_role("heading", name="Too many sign-in attempts").is_visible()
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"lockout-{label}")
        results = Axe().run(page)
        assert results.violations_count == 0, results.generate_report()
