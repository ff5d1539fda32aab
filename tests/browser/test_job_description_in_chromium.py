"""The job-description page in headless Chromium: layout and axe, the copy button, and print."""

import os
import shutil
import subprocess

import pytest

from .conftest import ARTIFACTS

URL = "/roles/press-technician/job-description/"
CUSTOMISED = (
    "?level=senior&company=Acme+Stamping&location=Dayton%2C+OH&pay_min=24&pay_max=31.50"
    "&pay_period=hour&employment_type=FULL_TIME&shift=Nights"
)
PAGES = {
    "job-description": URL,
    "job-description-senior": URL + "?level=senior",
    "job-description-unknown-level": URL + "?level=chief",
    "job-description-customised": URL + CUSTOMISED,
    "job-description-refused": URL + "?level=senior&pay_min=30&pay_max=20&company=Acme",
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_job_description_fits_and_passes_axe(page, site, audit, name):
    refused = name.endswith(("unknown-level", "refused"))
    audit(site + PAGES[name], name, status=400 if refused else 200)


def test_copy_button_copies_rich_text_with_the_plain_text_behind_it(browser, site):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site + URL + CUSTOMISED)
    page.get_by_role("button", name="Copy", exact=True).click()
    page.get_by_role("status").filter(has_text="Copied").wait_for()
    # The site's Permissions-Policy allows writing to the clipboard, not reading
    # it: read it back from a blank page of the same origin served without that policy.
    reader = context.new_page()
    reader.route(site + "/clipboard-reader", lambda route: route.fulfill(body="<!doctype html>"))
    reader.goto(site + "/clipboard-reader")
    copied = reader.evaluate("navigator.clipboard.readText()")
    rich = reader.evaluate(
        """async () => {
            const [item] = await navigator.clipboard.read();
            return await (await item.getType("text/html")).text();
        }"""
    )
    expected = page.request.get(site + "/roles/press-technician/job-description.txt" + CUSTOMISED)
    assert copied == expected.text()
    assert copied.startswith("SENIOR PRESS TECHNICIAN\n")
    assert '<ul id="duties">' in rich and "Acme Stamping" in rich and "<h2" in rich
    assert "<form" not in rich and 'href="#note-' not in rich
    context.close()


def test_without_javascript_there_is_no_button_and_the_downloads_remain(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + URL + "?level=senior")
    assert page.get_by_role("button", name="Copy", exact=True).count() == 0
    assert page.get_by_role("link", name="Plain text (.txt)").is_visible()
    assert page.get_by_role("link", name="Markdown (.md)").is_visible()
    assert page.get_by_role("link", name="Word (.docx)").is_visible()
    context.close()


def test_print_keeps_the_description_and_its_sources_but_no_site_controls(page, site):
    if not shutil.which("pdftotext") and not os.environ.get("CAREERGUIDE_REQUIRE_BROWSER"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    page.goto(site + URL + CUSTOMISED)
    page.get_by_role("button", name="Copy", exact=True).wait_for()  # the script has run
    page.emulate_media(media="print")
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / "job-description-senior.pdf"
    margins = {side: "15mm" for side in ("top", "bottom", "left", "right")}
    page.pdf(path=str(pdf), format="A4", margin=margins)
    extracted = subprocess.run(
        ["/usr/bin/pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = " ".join(extracted.split())  # lines wrap wherever the page ends them
    assert "Senior Press Technician" in text
    assert "What you will do" in text and "Company: Acme Stamping" in text
    assert "Pay: $24–$31.50 an hour" in text
    assert "Sources" in text and "Press Guild Career Notes. The Press Guild, 2025." in text
    for absent in ("Skills check", "Compare", "Search", "Download", "Plain text (.txt)",
                   "Markdown (.md)", "Copy", "All levels", "Customise", "Update the",
                   "Job posting markup"):  # fmt: skip
        assert absent not in text, absent
