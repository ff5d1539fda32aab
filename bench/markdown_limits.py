"""How long hostile markdown takes to render without roles/markdown_limits.py, and with it.

    .venv/bin/python bench/markdown_limits.py [--cap SECONDS]

For each input: the time Python-Markdown alone takes (stopped at --cap), and
the time render_markdown takes to refuse it. Then the worst inputs the limits
let through (each just inside one budget), and, for the largest real role's
fields, the time of the check beside the time of the whole render, to show
the guard costs nothing that matters.
"""

import argparse
import os
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerguide.settings")

import django  # noqa: E402

django.setup()

import markdown  # noqa: E402

from roles.content.parse import parse_role  # noqa: E402
from roles.markdown import MARKDOWN_EXTENSIONS, render_markdown  # noqa: E402
from roles.markdown_limits import MarkdownTooComplex, markdown_problem  # noqa: E402

HOSTILE = {
    "12,000 [": "[" * 12_000,
    "200 [ then 15,800 letters": "[" * 200 + "a" * 15_800,
    "6,000 ![": "![" * 6_000,
    "3,000 [ then 3,000 ]": "[" * 3_000 + "]" * 3_000,
    "3,000 [a](": "[a](" * 3_000,
    "5,000 <a": "<a " * 5_000,
    "2,000 footnote references": "[^1]: a\n\n" + "[^1] " * 2_000,
    "600-deep list": "".join("  " * depth + "- x\n" for depth in range(600)),
    "4,000 headings in one block": "# a\n" * 4_000,
}
HEADINGS_IN_BLOCKS = "\n".join(["# a\n" * 200] * 19)  # 3,800 headings, 200 to a block
# Each just inside one budget: the slowest the limits allow.
WORST_ALLOWED = {
    "1,000 [ (bracket budget)": "[" * 1_000,
    "62 [ then 15,900 letters": "[" * 62 + "a" * 15_900,
    "1,000 [ then 1,000 ]": "[" * 1_000 + "]" * 1_000,
    "1,600 <a (tag budget)": "<a " * 1_600,
    "99 footnote references": "[^1]: a\n\n" + "[^1] " * 99,
    "3,800 headings (block limit)": HEADINGS_IN_BLOCKS,
    "2,285 links (size limit)": "[a](b) " * 2_285,
    "every budget at once": HEADINGS_IN_BLOCKS[:10_000]
    + "\n\n"
    + "[" * 1_000
    + "\n\n"
    + "<a " * 1_600,
}


class Stopped(Exception):
    pass


def seconds(function, text, cap):
    """Wall-clock seconds for function(text); None if it ran past cap or refused."""

    def stop(*_):
        raise Stopped

    signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, cap)
    start = time.perf_counter()
    try:
        function(text)
        return time.perf_counter() - start, "rendered"
    except Stopped:
        return None, f"still running after {cap:g} s"
    except MarkdownTooComplex:
        return time.perf_counter() - start, "refused"
    except RecursionError:
        return time.perf_counter() - start, "RecursionError"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def python_markdown(text):
    markdown.markdown(text, extensions=MARKDOWN_EXTENSIONS)


def show(result):
    elapsed, outcome = result
    figure = f"{elapsed * 1000:9.1f} ms" if elapsed is not None else "          -"
    return f"{figure} {outcome:<26}"


def largest_real_role():
    path = max((ROOT / "content" / "roles").glob("*.md"), key=lambda p: p.stat().st_size)
    parsed, errors = parse_role(str(path), path.read_bytes())
    assert not errors, errors
    front = parsed.data.front
    fields = [*parsed.data.sections.values()]
    fields += [item.text for item in front.responsibilities]
    fields += [item.text or "" for item in front.entry_steps]
    fields += [item.answer for item in front.faqs]
    fields += [item.summary or "" for item in front.comparisons]
    return path, fields


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cap", type=float, default=60.0, help="seconds per unguarded render")
    args = parser.parse_args()

    print(f"{'input':<30} {'Python-Markdown alone':>37} {'render_markdown':>37}")
    for label, text in HOSTILE.items():
        before = seconds(python_markdown, text, args.cap)
        after = seconds(render_markdown, text, args.cap)
        print(f"{label:<30} {show(before)} {show(after)}")

    print("\nThe slowest inputs the limits let through:")
    for label, text in WORST_ALLOWED.items():
        print(f"{label:<30} {show(seconds(render_markdown, text, args.cap))}")

    path, fields = largest_real_role()
    longest = max(map(len, fields))
    print(f"\n{path.name}, {len(fields)} fields, the longest {longest:,} characters:")
    rounds = 20
    for name, function in [
        ("the check alone", markdown_problem),
        ("render_markdown", render_markdown),
    ]:
        start = time.perf_counter()
        for _ in range(rounds):
            for field in fields:
                function(field)
        per_role = (time.perf_counter() - start) / rounds * 1000
        print(f"  {name}: {per_role:.1f} ms per role")


if __name__ == "__main__":
    main()
