"""The compare and skills-check forms: keyboard only, and axe on every state."""

import pytest

BOTH = "/compare/?roles=production-associate,production-technician"
PAGES = {
    "compare-form": "/compare/",
    "compare": BOTH,
    "compare-unknown": "/compare/?roles=production-associate,welder",
    "skills-check": "/skills-check/",
    "skills-check-result": "/skills-check/?skills=machine-operation&skills=teamwork"
    "&tools=ppe&certifications=osha-10&skills=juggling",
}


def tab_to(page, selector, limit=400):
    """Press Tab until the element matching selector has focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_compare_form_by_keyboard_alone(page, site):
    page.goto(site + "/compare/")
    tab_to(page, "#role-production-associate")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "role-production-technician"
    page.keyboard.press("Space")
    tab_to(page, ".compare-form button[type=submit]", limit=3)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # The form's repeated parameters land on the short, shareable address.
    assert page.url == site + BOTH
    assert page.locator("h1").inner_text() == "Production Associate vs. Production Technician"
    assert page.locator("table.compare th[scope=col]").count() == 2
    # The wide table scrolls inside its own region, which the keyboard can reach.
    tab_to(page, ".table-scroll")
    assert page.locator("#role-production-associate").is_checked()


def test_skills_check_form_by_keyboard_alone(page, site):
    page.goto(site + "/skills-check/")
    tab_to(page, "#skills-machine-operation")
    page.keyboard.press("Space")
    tab_to(page, "#certifications-osha-10")
    page.keyboard.press("Space")
    tab_to(page, ".check-form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "skills=machine-operation" in page.url and "certifications=osha-10" in page.url
    assert page.locator("#results-h").inner_text() == "Your matches"
    nearest = page.locator(".match-card").first
    assert nearest.locator(".nearest-label").inner_text() == "Your nearest next step"
    assert "match: you have" in nearest.locator(".score").inner_text()
    # The form on the result page keeps the boxes ticked.
    assert page.locator("#skills-machine-operation").is_checked()
    assert page.locator("#certifications-osha-10").is_checked()
    assert not page.locator("#skills-teamwork").is_checked()


@pytest.mark.parametrize("name", sorted(PAGES))
def test_form_pages_are_accessible_at_phone_and_desktop_width(site, audit, name):
    audit(site + PAGES[name], name, status=400 if name == "compare-unknown" else 200)
