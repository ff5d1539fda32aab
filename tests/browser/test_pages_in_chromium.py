"""Every page type, opened in headless Chromium at phone and desktop widths."""

import pytest

from roles import role_pages

PAGES = {
    "home": "/",
    "role-list": "/roles/",
    **{
        f"role-technician-{page.name}": f"/roles/press-technician/{page.path}"
        for page in role_pages.ALL_PAGES
    },
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
    page.goto(site + PAGES["role-technician-full"])
    links = page.locator("nav.toc a")
    assert links.count() > 15
    for index in range(links.count()):
        anchor = links.nth(index).get_attribute("href")
        assert page.locator(f"section{anchor}").count() == 1, anchor
