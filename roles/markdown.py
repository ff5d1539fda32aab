"""Markdown to safe HTML.

This is the one renderer the site uses: models call it when they save, and
django-markdownx calls it (through MARKDOWNX_MARKDOWNIFY_FUNCTION) for the
editor's live preview, so the preview shows exactly what the page will show.
Text over the limits of roles/markdown_limits.py is never rendered: the admin, the
preview and the loader refuse it first, with a message, and anything else
that tries gets MarkdownTooComplex rather than a worker busy for minutes.
"""

import contextvars
import threading

import markdown
import nh3

from .context_values import set_within
from .markdown_limits import MarkdownTooComplex, rendering_problem
from .markdown_lists import NestedListIndentExtension
from .markdown_plain import plain_paragraphs

# Lists nest at 2 or 3 spaces as well as at 4 (roles/markdown_lists.py).
MARKDOWN_EXTENSIONS = ["extra", "sane_lists", "smarty", NestedListIndentExtension()]

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em",
    "h3", "h4", "h5", "h6", "hr", "li", "ol", "p", "pre", "strong", "sub",
    "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "td": {"align"},
    "th": {"align"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


_renderers = threading.local()


def renderer():
    """This thread's Markdown instance: setting up the extensions costs more than most fields.

    Reused after reset(), which Python-Markdown provides for exactly this; an
    instance is not safe to share between threads.
    """
    if not hasattr(_renderers, "markdown"):
        _renderers.markdown = markdown.Markdown(
            extensions=MARKDOWN_EXTENSIONS, output_format="html"
        )
    return _renderers.markdown


_known = contextvars.ContextVar("markdown_known_renderings", default=None)


def known_renderings(rendered):
    """In the block, render_markdown takes the HTML of these texts from rendered.

    rendered: {markdown: what render_markdown returned for it}, made by worker
    processes that render a large load's prose while it is parsed.
    """
    return set_within(_known, rendered)


def render_markdown(text):
    """Render markdown to HTML and strip anything that could run as script."""
    known = _known.get()
    if known and text in known:
        return known[text]
    plain = plain_paragraphs(text)
    if plain is not None:
        return plain
    return render_with_extensions(text)


def render_with_extensions(text):
    """render_markdown for any text, through Python-Markdown and the sanitizer."""
    problem = rendering_problem(text)
    if problem:
        raise MarkdownTooComplex(problem)
    html = renderer().reset().convert(text or "")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


def render_markdown_inline(text):
    """Like render_markdown, without the paragraph around a single line."""
    html = render_markdown(text)
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return html[3:-4]
    return html
