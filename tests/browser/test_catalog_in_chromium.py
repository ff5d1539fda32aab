"""Tool, skill and certification pages, opened in headless Chromium at phone and desktop width."""

import pytest

PAGES = {
    "tool-index": "/tools/",
    "tool-detail": "/tools/plc/",
    "skill-index": "/skills/",
    "skill-detail": "/skills/die-setting/",  # has a share, so a citation and a source list
    "certification-index": "/certifications/",
    "certification-detail": "/certifications/press-safety-bronze/",
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_catalog_page_fits_and_passes_axe(page, site, audit, name):
    audit(site + PAGES[name], name)
    crumbs = page.locator("nav.breadcrumbs li")
    assert crumbs.first.inner_text() == "Home" and crumbs.count() in (2, 3)


def test_role_page_link_leads_to_the_tool_page_and_back_to_the_rung(page, site):
    page.goto(site + "/roles/press-technician/skills/")
    page.locator("#tools a", has_text="Press logic controllers").first.click()
    page.wait_for_url("**/tools/plc/")
    page.locator("#ladder a", has_text="Senior Press Technician").click()
    page.wait_for_url("**/roles/press-technician/career-path/#rung-senior")
    assert page.locator("#rung-senior").is_visible()
