"""/about/data/ and the open data it points to, in headless Chromium."""

import json


def test_about_data_fits_and_passes_axe(page, site, audit):
    audit(site + "/about/data/", "about-data")
    assert page.locator("nav.breadcrumbs li").all_inner_texts() == ["Home", "About the data"]
    # The example scrolls sideways inside its box, and a keyboard can reach it to do so.
    example = page.locator("pre.data-example")
    example.focus()
    assert page.evaluate("document.activeElement.tagName") == "PRE"


def test_footer_leads_to_about_data_and_its_links_to_the_json(page, site):
    page.goto(site + "/")
    page.locator("footer a", has_text="About the data").click()
    page.wait_for_url("**/about/data/")
    with page.expect_response("**/roles/press-technician.json") as answer:
        page.locator("main a", has_text="Press Technician").click()
    response = answer.value
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    assert response.headers["access-control-allow-origin"] == "*"
    assert json.loads(response.body())["profile"]["title"] == "Press Technician"


def test_role_page_head_carries_its_occupation_for_crawlers(page, site):
    page.goto(site + "/roles/press-helper/")
    blocks = page.locator('script[type="application/ld+json"]').all_text_contents()
    types = [json.loads(block)["@type"] for block in blocks]
    assert types == ["BreadcrumbList", "Occupation"]
    canonical = page.locator('link[rel="canonical"]').get_attribute("href")
    assert canonical == site + "/roles/press-helper/"
    assert page.locator('meta[property="og:url"]').get_attribute("content") == canonical
