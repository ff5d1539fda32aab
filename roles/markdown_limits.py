"""What a markdown field may hold, so that rendering it cannot tie up a worker.

Python-Markdown is quadratic on some inputs: 12,000 `[` in one field take
minutes, because for every `[` the link parser steps through the rest of the
paragraph looking for its `]` (and for every `](` through the rest looking
for the `)`). Python's HTML parser does the same from every `<tag` to the next
`>`, the footnote extension compares every reference to a footnote with
every earlier one, and the tables extension re-reads the rest of a block
after each heading it splits off. Each of these costs is counted here, in one linear pass,
and a field over budget is refused before it is rendered. bench/markdown_limits.py
measures the inputs and the budgets: within them the worst case renders in
well under a second, and the largest real field is far inside every limit.

The admin form, the admin preview and the content loader ask markdown_problem,
which adds the link check of roles/markdown_links.py, so what one refuses the
others refuse too. render_markdown asks only rendering_problem: a bad link in
a row written some other way is still dropped by the sanitizer, not an error.
"""

import bisect
import re

from .markdown_links import link_problem

# The largest real field (a role's Education section) is about 7,700 characters.
MAX_MARKDOWN_CHARS = 16_000
# Characters the link parser may step through, summed over every `[` and `](`.
MAX_BRACKET_SCAN = 1_000_000
# Characters the HTML parser may step through, summed over every `<tag`.
MAX_TAG_SCAN = 4_000_000
MAX_FOOTNOTE_REFERENCES = 100
# Deeper lists and quotes make Python-Markdown recurse past Python's stack.
MAX_MARKDOWN_NESTING = 16
# Lines between two blank lines. The real content's longest run is 8 lines.
MAX_BLOCK_LINES = 200

NESTING_MARKER = r"(?:>|[-*+]|\d{1,9}[.)])(?:[ \t]+|$)"
NESTING_MARKERS = re.compile(f"(?:{NESTING_MARKER})+")
BLANK_LINES = re.compile(r"\n[ \t]*\n")
BRACKETS = re.compile(r"\]\(|[\[\]()]")
TAG_START = re.compile(r"</?[A-Za-z]")
FOOTNOTE_REFERENCE = re.compile(r"\[\^")


class MarkdownTooComplex(ValueError):
    """Raised by render_markdown for text that rendering_problem refuses."""


def markdown_problem(text):
    """Why this markdown may not be saved, as a phrase; None when it may."""
    # The links are found by rendering, so only text within the limits is looked at.
    return rendering_problem(text) or link_problem(text)


def rendering_problem(text):
    """Why this markdown may not be rendered, as a phrase; None when it may."""
    if not text:
        return None
    if len(text) > MAX_MARKDOWN_CHARS:
        return (
            f"the markdown is {len(text):,} characters long; "
            f"the limit is {MAX_MARKDOWN_CHARS:,} characters"
        )
    if max(map(nesting, text.split("\n"))) > MAX_MARKDOWN_NESTING:
        return f"lists and quotes are nested more than {MAX_MARKDOWN_NESTING} deep"
    blocks = BLANK_LINES.split(text)
    if max(block.strip("\n").count("\n") + 1 for block in blocks) > MAX_BLOCK_LINES:
        return (
            f"more than {MAX_BLOCK_LINES} lines in a row without a blank line; "
            "put blank lines between paragraphs"
        )
    if sum(map(bracket_scan, blocks)) > MAX_BRACKET_SCAN:
        return (
            "too many unclosed or deeply nested '[' and '(' brackets to render; "
            "close each link's brackets, or escape a literal bracket as \\["
        )
    if tag_scan(text) > MAX_TAG_SCAN:
        return "too many '<' with no closing '>' to render; write a literal '<' as &lt;"
    if len(FOOTNOTE_REFERENCE.findall(text)) > MAX_FOOTNOTE_REFERENCES:
        return f"more than {MAX_FOOTNOTE_REFERENCES} footnote references ([^...])"
    return None


def nesting(line):
    """How deep a markdown line's list items and block quotes go (roughly)."""
    stripped = line.lstrip(" \t")
    markers = NESTING_MARKERS.match(stripped)
    if not markers:
        return 0
    count = len(re.findall(NESTING_MARKER, markers.group()))
    return (len(line) - len(stripped)) // 2 + count


def bracket_scan(block):
    """How far the link parser steps through one paragraph, over all its brackets.

    A `[` is scanned to its matching `]`, and the `(` of a `](` to its matching
    `)`; one left open is scanned to the end of the paragraph. A plain `(` is
    never scanned, but it still nests inside a link's parentheses.
    """
    cost = 0
    squares, rounds = [], []  # open positions; rounds holds (position, is a link target)
    for match in BRACKETS.finditer(block):
        mark, position = match.group(), match.start()
        if mark == "[":
            squares.append(position)
        elif mark == "](":
            if squares:
                cost += position - squares.pop()
            rounds.append((position, True))
        elif mark == "]":
            if squares:
                cost += position - squares.pop()
        elif mark == "(":
            rounds.append((position, False))
        elif rounds:
            start, is_link = rounds.pop()
            cost += position - start if is_link else 0
    end = len(block)
    cost += sum(end - position for position in squares)
    cost += sum(end - position for position, is_link in rounds if is_link)
    return cost


def tag_scan(text):
    """How far the HTML parser steps, from every `<tag` to the next `>`."""
    closes = [match.start() for match in re.finditer(">", text)]
    cost = 0
    for match in TAG_START.finditer(text):
        index = bisect.bisect_left(closes, match.start())
        cost += (closes[index] if index < len(closes) else len(text)) - match.start()
    return cost
