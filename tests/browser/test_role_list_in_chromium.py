"""The role list with 36 roles in headless Chromium: its pages, filters and sort."""

from copy import copy
from decimal import Decimal

import pytest

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
