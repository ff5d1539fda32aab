"""The plain-text and markdown downloads, rendered from the same JobDescription as the page."""

import re

from django.template.loader import render_to_string


def tidy(text):
    """Template output as clean text: no trailing spaces, one blank line between blocks."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"


def render_text(description, template):
    return tidy(render_to_string(template, {"jd": description}))
