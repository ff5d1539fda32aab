"""Every page type, opened in headless Chromium at phone and desktop widths."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import WIDTHS

PAGES = {
    "home": "/",
    "role-list": "/roles/",
    "role-technician": "/roles/production-technician/",
    "role-associate": "/roles/production-associate/",
    "not-found": "/roles/no-such-role/",
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_renders_accessibly_at_phone_and_desktop_width(page, site, screenshot, name):
    axe = Axe()
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        response = page.goto(site + PAGES[name])
        assert response.status == (404 if name == "not-found" else 200)
        assert page.locator("h1").count() == 1
        # The stylesheet loaded: the header is dark, not the browser's default white.
        header_colour = page.evaluate(
            "getComputedStyle(document.querySelector('.site-header')).backgroundColor"
        )
        assert header_colour == "rgb(28, 36, 48)"
        # Nothing may force a phone reader to scroll sideways.
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} overflows by {overflow}px at {width}px"
        screenshot(page, f"{name}-{label}")
        results = axe.run(page)
        assert results.violations_count == 0, results.generate_report()


def test_table_of_contents_links_reach_their_sections(page, site):
    page.goto(site + PAGES["role-technician"])
    links = page.locator("nav.toc a")
    assert links.count() > 15
    for index in range(links.count()):
        anchor = links.nth(index).get_attribute("href")
        assert page.locator(f"section{anchor}").count() == 1, anchor
