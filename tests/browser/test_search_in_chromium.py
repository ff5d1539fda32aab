"""Site search in headless Chromium: keyboard use, deep links, and axe on its four states."""

import pytest

PAGES = {
    "search-results": "/search/?q=quality",
    "search-did-you-mean": "/search/?q=qualty",
    "search-empty": "/search/",
    "search-no-hits": "/search/?q=zeppelin",
}


def test_header_search_box_works_from_the_keyboard_alone(page, site):
    page.goto(site + "/")
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "site-search-q":
            break
    assert page.evaluate("document.activeElement.id") == "site-search-q"
    page.keyboard.type("PLC")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/search/?q=PLC")
    assert page.locator("h1").inner_text() == "Results for “PLC”"
    marks = page.locator(".search-results mark")
    assert marks.count() >= 2  # the tool and the duty that name PLCs
    assert marks.first.is_visible()
    # The highlight is a real colour, not the browser's default, and its text stays dark.
    background = marks.first.evaluate("mark => getComputedStyle(mark).backgroundColor")
    assert background == "rgb(255, 226, 138)"


@pytest.mark.parametrize("name", sorted(PAGES))
def test_search_page_is_accessible_at_phone_and_desktop_width(site, audit, name):
    audit(site + PAGES[name], name)


def test_a_result_opens_its_sub_page_at_the_section(page, site):
    page.goto(site + "/search/?q=rotating+shifts")
    first = page.locator("#results > li").first.locator("a").first
    href = first.get_attribute("href")
    assert "#" in href
    with page.expect_navigation():
        first.click()
    anchor = href.split("#", 1)[1]
    assert page.url.endswith(href)
    # The section is scrolled into view: its top is inside the window.
    top = page.locator(f"#{anchor}").evaluate("element => element.getBoundingClientRect().top")
    assert 0 <= top < page.viewport_size["height"]
