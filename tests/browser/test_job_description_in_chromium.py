"""The job-description page in headless Chromium: layout and axe, the copy button, and print."""

import os
import shutil
import subprocess

import pytest

from .conftest import ARTIFACTS

URL = "/roles/press-technician/job-description/"
PAGES = {
    "job-description": URL,
    "job-description-senior": URL + "?level=senior",
    "job-description-unknown-level": URL + "?level=chief",
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_job_description_fits_and_passes_axe(page, site, audit, name):
    audit(site + PAGES[name], name, status=400 if name.endswith("unknown-level") else 200)


def test_copy_button_copies_the_plain_text_of_the_level(browser, site):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site + URL + "?level=senior")
    button = page.get_by_role("button", name="Copy as plain text")
    button.click()
    status = page.get_by_role("status")
    status.filter(has_text="Copied").wait_for()
    # The site's Permissions-Policy allows writing to the clipboard, not reading
    # it: read it back from a blank page of the same origin served without that policy.
    reader = context.new_page()
    reader.route(site + "/clipboard-reader", lambda route: route.fulfill(body="<!doctype html>"))
    reader.goto(site + "/clipboard-reader")
    copied = reader.evaluate("navigator.clipboard.readText()")
    expected = page.request.get(site + "/roles/press-technician/job-description.txt?level=senior")
    assert copied == expected.text()
    assert copied.startswith("SENIOR PRESS TECHNICIAN\n")
    context.close()


def test_without_javascript_there_is_no_button_and_the_downloads_remain(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + URL + "?level=senior")
    assert page.get_by_role("button", name="Copy as plain text").count() == 0
    assert page.get_by_role("link", name="Plain text (.txt)").is_visible()
    assert page.get_by_role("link", name="Markdown (.md)").is_visible()
    context.close()


def test_print_keeps_the_description_and_its_sources_but_no_site_controls(page, site):
    if not shutil.which("pdftotext") and not os.environ.get("CAREERGUIDE_REQUIRE_BROWSER"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    page.goto(site + URL + "?level=senior")
    page.get_by_role("button", name="Copy as plain text").wait_for()  # the script has run
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
    assert "Responsibilities" in text and "Replace worn punches and springs" in text
    assert "Source: Press Guild Career Notes, 2025" in text
    assert "Sources" in text
    for absent in ("Skills check", "Compare", "Search", "Download", "Plain text (.txt)",
                   "Markdown (.md)", "Copy as plain text", "All levels"):  # fmt: skip
        assert absent not in text, absent
