"""Every page type, opened in headless Chromium at phone and desktop widths."""

import pytest

PAGES = {
    "home": "/",
    "role-list": "/roles/",
    "role-technician": "/roles/press-technician/",
    "role-helper": "/roles/press-helper/",
    "not-found": "/roles/no-such-role/",
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_renders_accessibly_at_phone_and_desktop_width(page, site, audit, name):
    audit(site + PAGES[name], name, status=404 if name == "not-found" else 200)
    # The stylesheet loaded: the header is dark, not the browser's default white.
    header_colour = page.evaluate(
        "getComputedStyle(document.querySelector('.site-header')).backgroundColor"
    )
    assert header_colour == "rgb(28, 36, 48)"


def test_table_of_contents_links_reach_their_sections(page, site):
    page.goto(site + PAGES["role-technician"])
    links = page.locator("nav.toc a")
    assert links.count() > 15
    for index in range(links.count()):
        anchor = links.nth(index).get_attribute("href")
        assert page.locator(f"section{anchor}").count() == 1, anchor
