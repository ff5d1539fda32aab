"""Markdown that is only plain paragraphs, turned into HTML without the renderer.

Most fields are a sentence or two with no markup at all (a duty, a skill's
note, an FAQ answer), and Python-Markdown spends about a millisecond on each
however plain it is: a third of a large load_content's writes. Text that
provably has nothing for any extension to act on is wrapped in <p> tags
directly; anything else, or anything in doubt, returns None and goes to the
full renderer. tests/test_markdown_plain.py checks the two agree on every
field of the content files and on text built to sit just past the line.
"""

import re

from .markdown_limits import MAX_MARKDOWN_CHARS

# Characters some extension reads as markup (emphasis, links, HTML, entities,
# footnotes, attribute lists, tables, strikethrough), smarty's quotes, dashes and
# ellipses, a line break's two spaces, and characters the sanitizer's serializer
# writes as entities (&nbsp;): text with any of them is left to the renderer.
MARKUP = re.compile(r"[\\`*_\[\]{}<>&#!|~^\"'\t\r\n\xa0]|--|\.\.|  ")
# What makes a paragraph a list item, quote, definition, header or code block.
BLOCK_START = re.compile(r"(?:[-+*:>=]|\d+[.)])(?:\s|$)|\s")
PARAGRAPH_BREAK = "\n\n"


def plain_paragraphs(text):
    """The HTML of text that is only plain one-line paragraphs; None for anything else."""
    if not text or len(text) > MAX_MARKDOWN_CHARS:
        return None  # empty text, and text over the limit, as the renderer has them
    paragraphs = text.split(PARAGRAPH_BREAK)
    for paragraph in paragraphs:
        if (
            not paragraph
            or MARKUP.search(paragraph)
            or BLOCK_START.match(paragraph)
            or paragraph[-1].isspace()
            or not paragraph.isprintable()
        ):
            return None
    return "\n".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
