import os
import shutil
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from .chromium import CHROMIUM, CHROMIUM_FLAGS

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
WIDTHS = {"phone": 390, "desktop": 1280}


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
            # Where the browser is required (CI), a missing one makes the tests fail.
            if not shutil.which(CHROMIUM) and not os.environ.get("CAREERGUIDE_REQUIRE_BROWSER"):
                item.add_marker(pytest.mark.skip(reason=f"{CHROMIUM} is not installed"))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's Chromium, never a downloaded one: this machine cannot fetch browsers.
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


@pytest.fixture
def site(live_server, transactional_db, loaded):
    """A live server with the fixture content loaded.

    The live server's thread must see the content, so these tests commit it.
    Django empties every table after each of them; `loaded` loads the content
    again for the next one (a small load).
    """
    return live_server.url


@pytest.fixture
def audit(page, screenshot):
    """Open a page at phone and desktop width: it fits, has one h1, and axe finds nothing."""
    axe = Axe()

    def check(url, name, status=200, method="GET"):
        if method != "GET":
            # The browser navigates as usual; only the request's method is changed.
            page.route(url, lambda route: route.continue_(method=method))
        for label, width in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": 900})
            response = page.goto(url)
            assert response.status == status, url
            assert page.locator("main h1").count() == 1
            # Nothing may push a phone reader's page sideways.
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{name} overflows by {overflow}px at {width}px"
            screenshot(page, f"{name}-{label}")
            results = axe.run(page)
            assert results.violations_count == 0, results.generate_report()

    return check


@pytest.fixture
def screenshot():
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, name):
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
