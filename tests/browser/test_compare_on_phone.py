"""The comparison on a 390 px phone: every role on screen, no sideways scrolling, no split words."""

import pytest

from ..test_compare import add_published_role
from .conftest import WIDTHS

BOTH = "/compare/?roles=press-helper,press-technician"
THREE = BOTH + ",machine-operator"
FIRST_SCREEN = 844  # a 390 × 844 phone

# Elements inside the page that scroll sideways on their own: a wide table in a
# scrolling box keeps the page itself narrow but still hides a role off-screen.
SIDEWAYS_SCROLLERS = """() => [...document.querySelectorAll('main *')]
    .filter(e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX))
    .filter(e => e.scrollWidth > e.clientWidth)
    .map(e => e.className || e.tagName)"""
# The line boxes of an element's text: one box means its words were not broken.
LINES = """e => {
    const range = document.createRange();
    range.selectNodeContents(e);
    return range.getClientRects().length;
}"""


@pytest.fixture
def third_role(site):
    add_published_role("machine-operator", "Machine Operator", tools=["safety-glasses"])
    return site


def open_at(page, url, width):
    page.set_viewport_size({"width": width, "height": FIRST_SCREEN})
    assert page.goto(url).status == 200


def in_first_screen(locator):
    box = locator.bounding_box()
    return box is not None and box["y"] + box["height"] <= FIRST_SCREEN


@pytest.mark.parametrize("width", sorted(WIDTHS.values()))
def test_both_roles_fit_the_width_and_the_first_screen(page, site, width):
    open_at(page, site + BOTH, width)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate(SIDEWAYS_SCROLLERS) == []
    for title in ("Press Helper", "Press Technician"):
        assert in_first_screen(page.locator(".lead").get_by_role("link", name=title)), title
        # The summary's first line names each role beside its median pay.
        line = page.locator("#summary-pay li").filter(has_text=title)
        assert line.is_visible()
    # The two roles' entries sit side by side, so each aspect reads across.
    first, second = page.locator(".compare-cell").nth(0), page.locator(".compare-cell").nth(1)
    assert first.bounding_box()["y"] == second.bounding_box()["y"]
    assert second.bounding_box()["x"] + second.bounding_box()["width"] <= width


def test_three_roles_stack_on_a_phone_and_sit_side_by_side_on_a_desktop(page, third_role):
    for width, tops in [(WIDTHS["phone"], 3), (WIDTHS["desktop"], 1)]:
        open_at(page, third_role + THREE, width)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert page.evaluate(SIDEWAYS_SCROLLERS) == []
        cells = page.locator("#aspect-median-pay + .compare-cells > .compare-cell")
        assert cells.count() == 3
        assert len({cells.nth(index).bounding_box()["y"] for index in range(3)}) == tops


def test_no_word_is_hyphenated_on_a_phone(page, site):
    open_at(page, site + BOTH, WIDTHS["phone"])
    hyphenating = page.evaluate(
        "[...document.querySelectorAll('main *')]"
        ".filter(e => getComputedStyle(e).hyphens === 'auto').map(e => e.tagName)"
    )
    assert hyphenating == []
    assert "\u00ad" not in page.locator("main").inner_text()
    for heading in page.locator(".compare-aspect h3").all():
        assert heading.evaluate(LINES) == 1, heading.inner_text()


@pytest.mark.parametrize("url", [BOTH, THREE])
def test_comparison_passes_axe_at_phone_and_desktop_width(third_role, audit, url):
    audit(third_role + url, "compare-" + ("three" if url == THREE else "two"))
