"""The role list with 36 roles in headless Chromium: its pages, filters and sort."""

from copy import copy
from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe

from roles.models import Role

PAGES = {
    "role-list": "/roles/",
    "role-list-page-2": "/roles/?page=2",
    "role-list-filtered": "/roles/?education=high-school&sort=pay",
    "role-list-nothing-matches": "/roles/?education=none&pay=85k-plus",
}


@pytest.fixture
def many_roles(site):
    """34 copies of the fixture's two published roles, their figures varied, beside them."""
    originals = list(Role.objects.published().order_by("slug"))
    copies = []
    for number in range(34):
        original = originals[number % 2]
        role = copy(original)
        role.pk = None
        role.slug = f"{original.slug}-copy-{number:02d}"
        role.title = f"{original.title} ({number + 1})"
        role.median_pay = original.median_pay + Decimal(1500 * number)
        role.growth_percent = Decimal(number % 9) - 3
        copies.append(role)
    Role.objects.bulk_create(copies)
    return site


@pytest.mark.parametrize("name", sorted(PAGES))
def test_role_list_fits_and_passes_axe(many_roles, audit, name):
    audit(many_roles + PAGES[name], name)


def test_filter_sort_and_page_through_without_script(page, many_roles):
    page.goto(many_roles + "/roles/")
    assert page.locator(".list-count").inner_text() == "Showing 1–24 of 36 roles"
    page.get_by_label("Median pay", exact=True).select_option("55k-70k")
    page.get_by_label("Median pay, highest first").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Show roles").press("Enter")
    assert "pay=55k-70k" in page.url and "sort=pay" in page.url
    count = page.locator(".list-count").inner_text()
    assert count.endswith("matching your choices")
    figures = page.locator(".card-facts div:first-child dd").all_inner_texts()
    amounts = [int(text.split("/")[0].strip("$").replace(",", "")) for text in figures]
    assert amounts == sorted(amounts, reverse=True) and all(55000 <= a < 70000 for a in amounts)
    # The form shows what is chosen.
    assert page.get_by_label("Median pay", exact=True).input_value() == "55k-70k"

    page.goto(many_roles + "/roles/")
    nav = page.get_by_role("navigation", name="Pages of roles")
    with page.expect_navigation():
        nav.get_by_role("link", name="Next page").click()
    assert page.url.endswith("/roles/?page=2")
    assert nav.locator('[aria-current="page"]').inner_text() == "2"
    assert page.locator(".list-count").inner_text() == "Showing 25–36 of 36 roles"


# --- on a phone: the filters folded away, the roles first ---------------------------------

PHONE = {"width": 390, "height": 844}
FILTERED = "/roles/?education=high-school&outlook=under-5&sort=pay"


def folded(page):
    return page.locator("details.list-filters").get_attribute("open") is None


def first_role_in_first_screen(page):
    """The first card's title is whole on screen, the page not scrolled."""
    title = page.locator(".cards .card").first.get_by_role("heading")
    box = title.bounding_box()
    unscrolled = page.evaluate("window.scrollY") == 0
    return unscrolled and box is not None and 0 <= box["y"] <= PHONE["height"] - box["height"]


def assert_axe_finds_nothing(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("query", ["/roles/", FILTERED], ids=["whole-list", "filtered"])
def test_on_a_phone_the_first_role_is_in_the_first_screen(page, many_roles, screenshot, query):
    page.set_viewport_size(PHONE)
    page.goto(many_roles + query)
    assert folded(page)
    assert not page.get_by_label("Median pay", exact=True).is_visible()
    assert first_role_in_first_screen(page)
    screenshot(page, f"role-list-phone-{'filtered' if '?' in query else 'whole'}")
    assert_axe_finds_nothing(page)


def test_on_a_phone_the_folded_filters_open_and_pass_axe(page, many_roles, screenshot):
    page.set_viewport_size(PHONE)
    page.goto(many_roles + FILTERED)
    summary = page.locator("details.list-filters > summary")
    assert "2 applied" in summary.inner_text()
    # What narrows the list is said above it while the form is folded.
    applied = page.locator(".list-applied")
    assert applied.is_visible()
    assert "Education needed: High school diploma or less" in applied.inner_text()
    summary.focus()
    page.keyboard.press("Enter")
    assert not folded(page)
    assert page.get_by_label("Median pay", exact=True).is_visible()
    screenshot(page, "role-list-phone-filters-open")
    assert_axe_finds_nothing(page)


def test_on_a_phone_the_filters_work_without_script(browser, many_roles):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(many_roles + "/roles/")
        summary = page.locator("details.list-filters > summary")
        assert summary.inner_text() == "Filter and sort"
        summary.click()
        page.get_by_label("Median pay", exact=True).select_option("55k-70k")
        page.get_by_label("Median pay, highest first").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Show roles").click()
        assert "pay=55k-70k" in page.url and "sort=pay" in page.url
        # The new list starts folded again, says why it is short, and shows a role first.
        assert folded(page)
        assert "1 applied" in summary.inner_text()
        assert page.locator(".list-count").inner_text().endswith("matching your choices")
        assert first_role_in_first_screen(page)
        chip = page.get_by_role("link", name="Median pay: $55,000 to $69,999 (remove this filter)")
        with page.expect_navigation():
            chip.click()
        assert page.url.endswith("/roles/?sort=pay")
        assert summary.inner_text() == "Filter and sort"
        assert page.locator(".list-count").inner_text() == "Showing 1–24 of 36 roles"
    finally:
        context.close()


def test_on_a_desktop_the_form_is_shown_in_full(page, many_roles):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(many_roles + FILTERED)
    assert not page.locator("details.list-filters > summary").is_visible()
    for label in ("Education needed", "Median pay", "Projected job growth"):
        assert page.get_by_label(label, exact=True).is_visible()
    assert page.get_by_role("button", name="Show roles").is_visible()
