"""Audit the role pages as a reader's browser sees them: size, Lighthouse, the W3C checker.

    .venv/bin/python bench/page_audit.py http://127.0.0.1:8000 [--lighthouse] [--vnu]
                                        [--node-modules /opt/tools/node_modules]

Needs a running site with the real content loaded. Prints, for each page of
both role profiles, the words in <main> and the DOM elements in the document
at a 390 x 844 phone viewport (each page except full/ should stay within 1,500
words and 800 elements), and where the summary's quick facts end. With
--lighthouse, the four Lighthouse scores of the summary, pay and career-path
pages with the mobile and desktop presets; with --vnu, the W3C HTML checker's
errors on every page type. Lighthouse and vnu-jar come from npm
(`npm install lighthouse vnu-jar`; vnu needs a Java runtime) and use Debian's
Chromium; nothing is downloaded at run time.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerguide.settings")

from tests.browser.chromium import CHROMIUM, CHROMIUM_FLAGS  # noqa: E402 (needs ROOT on the path)

ROLES = ["production-technician", "production-associate"]
LIGHTHOUSE_PAGES = ["", "pay/", "career-path/"]
OTHER_PAGE_TYPES = [
    "/",
    "/roles/",
    "/compare/",
    "/skills-check/?skills=forklift-operation",
    "/search/?q=forklift",
    "/skills/preventive-maintenance/",
    "/tools/",
    "/about/data/",
    "/roles/production-technician/job-description/",
    "/no-such-page/",
]


def role_page_paths():
    import django

    django.setup()
    from roles.role_pages import ALL_PAGES

    return [page.path for page in ALL_PAGES]


def sizes(site):
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 390, "height": 844})
        for role in ROLES:
            for path in role_page_paths():
                page.goto(f"{site}/roles/{role}/{path}")
                rows.append(
                    {
                        "page": f"{role}/{path}",
                        "words": page.evaluate(
                            "document.querySelector('main').innerText.split(/\\s+/)"
                            ".filter(Boolean).length"
                        ),
                        "elements": page.evaluate("document.querySelectorAll('*').length"),
                        "wider_than_phone": page.evaluate(
                            "document.documentElement.scrollWidth > innerWidth"
                        ),
                        "quick_facts_end": page.evaluate(
                            "(() => { const e = document.getElementById('quick-facts');"
                            " return e ? Math.round(e.getBoundingClientRect().bottom + scrollY)"
                            " : null })()"
                        ),
                    }
                )
        browser.close()
    return rows


def lighthouse(site, node_modules):
    binary = Path(node_modules) / ".bin" / "lighthouse"
    results = []
    for role in ROLES:
        for path in LIGHTHOUSE_PAGES:
            for preset in ("mobile", "desktop"):
                with tempfile.NamedTemporaryFile(suffix=".json") as report:
                    command = [
                        str(binary),
                        f"{site}/roles/{role}/{path}",
                        "--quiet",
                        f"--chrome-flags={' '.join(CHROMIUM_FLAGS)}",
                        "--output=json",
                        f"--output-path={report.name}",
                    ]
                    if preset == "desktop":
                        command.append("--preset=desktop")
                    env = os.environ | {"CHROME_PATH": CHROMIUM}
                    subprocess.run(command, check=True, env=env, capture_output=True)
                    data = json.loads(Path(report.name).read_text())
                scores = {key: round(cat["score"] * 100) for key, cat in data["categories"].items()}
                results.append({"page": f"{role}/{path}", "preset": preset, **scores})
    return results


def vnu(site, node_modules):
    jar = Path(node_modules) / "vnu-jar" / "build" / "dist" / "vnu.jar"
    urls = [f"/roles/{role}/{path}" for role in ROLES for path in role_page_paths()]
    urls += OTHER_PAGE_TYPES
    with tempfile.TemporaryDirectory() as folder:
        files = []
        for number, url in enumerate(urls):
            target = Path(folder) / f"{number:02d}.html"
            try:
                body = urllib.request.urlopen(site + url).read()
            except urllib.error.HTTPError as error:  # the 404 page is checked too
                body = error.read()
            target.write_bytes(body)
            files.append((url, target))
        checked = subprocess.run(
            [
                "java",
                "-jar",
                str(jar),
                "--errors-only",
                "--format",
                "json",
                *map(str, dict(files).values()),
            ],
            capture_output=True,
            text=True,
        )
        messages = json.loads(checked.stderr or '{"messages": []}')["messages"]
        by_file = {str(path): url for url, path in files}
        found = []
        for message in messages:
            where = by_file.get(message["url"].removeprefix("file:"), message["url"])
            found.append(f"{where}: {message['message']}")
        return len(urls), found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", help="the running site, e.g. http://127.0.0.1:8000")
    parser.add_argument("--lighthouse", action="store_true")
    parser.add_argument("--vnu", action="store_true")
    parser.add_argument("--node-modules", default="/opt/tools/node_modules")
    options = parser.parse_args()
    site = options.site.rstrip("/")
    print(f"{'page':42} {'words':>6} {'elements':>9}  wider  quick facts end")
    for row in sizes(site):
        end = row["quick_facts_end"] if row["quick_facts_end"] is not None else ""
        wider = "yes" if row["wider_than_phone"] else "no"
        print(f"{row['page']:42} {row['words']:6} {row['elements']:9}  {wider:5}  {end}")
    if options.lighthouse:
        print("\nLighthouse (performance, accessibility, best practices, SEO):")
        for row in lighthouse(site, options.node_modules):
            scores = ", ".join(
                str(row[key]) for key in ("performance", "accessibility", "best-practices", "seo")
            )
            print(f"  {row['page']:36} {row['preset']:8} {scores}")
    if options.vnu:
        count, errors = vnu(site, options.node_modules)
        print(f"\nW3C HTML checker: {len(errors)} errors on {count} pages")
        for error in errors:
            print(f"  {error}")


if __name__ == "__main__":
    main()
