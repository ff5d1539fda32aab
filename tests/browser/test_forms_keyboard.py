"""The compare and skills-check forms: keyboard only, and axe on every state."""

import pytest

BOTH = "/compare/?roles=press-helper,press-technician"
PAGES = {
    "compare-form": "/compare/",
    "compare": BOTH,
    "compare-unknown": "/compare/?roles=press-helper,welder",
    "skills-check": "/skills-check/",
    # An old-style address (a record's page links so), with a key the guide does not list.
    "skills-check-result": "/skills-check/?skills=quality-inspection&skills=teamwork"
    "&tools=safety-glasses&certifications=press-safety-bronze&skills=juggling",
    "skills-check-few": "/skills-check/?have=clear-speaking",
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
    tab_to(page, "#role-press-helper")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "role-press-technician"
    page.keyboard.press("Space")
    tab_to(page, ".compare-form button[type=submit]", limit=3)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # The form's repeated parameters land on the short, shareable address.
    assert page.url == site + BOTH
    assert page.locator("h1").inner_text() == "Press Helper vs. Press Technician"
    assert page.locator(".compare-aspect").first.locator(".compare-cell").count() == 2
    # A role's full list of duties opens from the keyboard.
    tab_to(page, ".compare-cell summary")
    assert page.locator("#role-press-helper").is_checked()


def test_skills_check_form_by_keyboard_alone(page, site):
    page.goto(site + "/skills-check/")
    tab_to(page, "#have-quality-inspection")
    page.keyboard.press("Space")
    tab_to(page, "#have-press-safety-bronze")
    page.keyboard.press("Space")
    tab_to(page, ".check-form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "have=quality-inspection" in page.url
    assert "have=press-safety-bronze" in page.url
    assert page.locator("#results-h").inner_text() == "Your matches"
    nearest = page.locator("#matches > li").first
    assert nearest.locator(".nearest-label").inner_text() == "Your nearest step"
    assert "match" in nearest.locator(".score").inner_text()
    # Two ticks are few: the box pointing to where the ladders start is there.
    assert page.locator(".start-here").is_visible()
    # The form on the result page keeps the boxes ticked.
    assert page.locator("#have-quality-inspection").is_checked()
    assert page.locator("#have-press-safety-bronze").is_checked()
    assert not page.locator("#have-teamwork").is_checked()


@pytest.mark.parametrize("name", sorted(PAGES))
def test_form_pages_are_accessible_at_phone_and_desktop_width(site, audit, name):
    audit(site + PAGES[name], name, status=400 if name == "compare-unknown" else 200)
