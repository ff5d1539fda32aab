"""Plain paragraphs skip the renderer (roles/markdown_plain.py) and come out the same.

The shortcut is only worth having if it never changes a page: every text it
takes must render exactly as Python-Markdown and the sanitizer render it.
"""

import random
from pathlib import Path

import pytest
import yaml

from roles.markdown import render_markdown, render_markdown_inline, render_with_extensions
from roles.markdown_limits import MAX_MARKDOWN_CHARS, MarkdownTooComplex
from roles.markdown_plain import plain_paragraphs

from .conftest import CONTENT_DIR

PLAIN = [
    "Sets up and runs the filling line.",
    "Reads work orders, checks labels and counts stock at 6:00 a.m. (first shift).",
    "Two paragraphs.\n\nThe second one, with 100% of the 3/4 inch parts.",
    "Ünïcode — dashes – and “curly quotes” pass as they are.",
    "1.5 years on the line, then Team Lead.",
]
# Each has something an extension or the sanitizer acts on: the shortcut must not take it.
NOT_PLAIN = [
    "",
    "Don't skip the check.",
    'A "quoted" word.',
    "A -- dash.",
    "Wait...",
    "*stress*",
    "snake_case",
    "a [link](https://example.com)",
    "<b>bold</b>",
    "Fish & chips",
    "# Heading",
    "- item",
    "+ item",
    "* item",
    "1. item",
    "12) item",
    "> quote",
    ": a definition",
    "    code",
    " leading space",
    "trailing space ",
    "two  spaces",
    "line\nbreak",
    "three\n\n\nbreaks",
    "a\xa0non-breaking space",
    "a | table",
    "~~gone~~",
    "x^2",
    "attr {: .class }",
    "back\\slash",
    "tick `code`",
    "x" * (MAX_MARKDOWN_CHARS + 1),
]


@pytest.mark.parametrize("text", PLAIN)
def test_plain_paragraphs_take_the_shortcut_and_match_the_renderer(text):
    assert plain_paragraphs(text) is not None
    assert plain_paragraphs(text) == render_with_extensions(text)


@pytest.mark.parametrize("text", NOT_PLAIN, ids=lambda text: repr(text[:20]))
def test_text_with_anything_to_render_goes_to_the_renderer(text):
    assert plain_paragraphs(text) is None


def test_text_over_the_limit_is_still_refused():
    with pytest.raises(MarkdownTooComplex):
        render_markdown("x" * (MAX_MARKDOWN_CHARS + 1))


def test_an_inline_plain_text_loses_its_paragraph():
    assert render_markdown_inline("Runs the line.") == "Runs the line."


# Letters, spaces and every character the shortcut treats specially, weighted towards
# the ordinary so that many random texts are plain and many are just past the line.
ALPHABET = "abcdefgh ijk  lmno  ABC 0123 .,;:?()/%$+=@-–— \n\n\n'\"*_[]<>&#!|~^`{}\\\t\xa0é"


def random_texts(count, seed=17):
    chance = random.Random(seed)
    for _ in range(count):
        yield "".join(chance.choice(ALPHABET) for _ in range(chance.randint(1, 40)))


def test_random_text_the_shortcut_takes_renders_the_same():
    taken = 0
    for text in random_texts(20000):
        shortcut = plain_paragraphs(text)
        if shortcut is not None:
            taken += 1
            assert shortcut == render_with_extensions(text), repr(text)
    assert taken > 500  # enough texts took the shortcut for the comparison to mean something


def markdown_values(node):
    """Every string in a parsed YAML tree: the fields a content file writes."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from markdown_values(value)
    elif isinstance(node, list):
        for value in node:
            yield from markdown_values(value)


def content_texts():
    """The strings of the fixture content's files: front matter values and body sections."""
    for path in sorted(Path(CONTENT_DIR).rglob("*.md")) + sorted(Path(CONTENT_DIR).rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".md" and text.startswith("---"):
            front, _, body = text[3:].partition("\n---")
            yield from markdown_values(yaml.safe_load(front))
            yield from (part.strip() for part in body.split("\n## "))
        elif path.suffix == ".yaml":
            yield from markdown_values(yaml.safe_load(text))


def test_every_text_of_the_content_files_renders_the_same_either_way():
    texts = list(content_texts())
    taken = [text for text in texts if plain_paragraphs(text) is not None]
    assert len(taken) > 20
    for text in taken:
        assert plain_paragraphs(text) == render_with_extensions(text), repr(text)
