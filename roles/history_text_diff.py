"""A readable difference of two texts: the words removed and added, marked in place.

A section of a role runs to thousands of characters; showing it twice, before
and after, leaves the reader to find the one sentence that changed. Here the
text is shown once, with what was removed struck through and what was added
underlined, and long unchanged stretches cut down to the words around each
change. diff-match-patch finds the changes by characters and then widens them
to whole words ("semantic cleanup"), which reads better than a character diff.
"""

from diff_match_patch import diff_match_patch
from django.utils.html import escape
from django.utils.safestring import mark_safe

# Unchanged text kept before and after each change, in characters.
CONTEXT = 160
# A long text with many small changes could keep the matcher busy; past this
# many seconds it settles for a coarser (still correct) difference.
TIME_LIMIT = 0.5
GAP = (
    '<span class="history-diff-gap">…'
    '<span class="visually-hidden"> (unchanged text left out) </span></span>'
)
SPOKEN = {-1: "Removed: ", 1: "Added: "}
TAGS = {-1: "del", 1: "ins"}


def text_diff_html(before, after):
    """HTML of after compared with before, safe to show: every piece of text is escaped."""
    matcher = diff_match_patch()
    matcher.Diff_Timeout = TIME_LIMIT
    pieces = matcher.diff_main(before, after)
    matcher.diff_cleanupSemantic(pieces)
    html = []
    last = len(pieces) - 1
    for index, (operation, text) in enumerate(pieces):
        if operation == matcher.DIFF_EQUAL:
            html.append(unchanged(text, at_start=index == 0, at_end=index == last))
        else:
            html.append(marked(operation, text))
    return mark_safe("".join(html))


def marked(operation, text):
    """A removed or added piece; a piece that is only spaces or line breaks is made visible."""
    shown = escape(text)
    if not text.strip():
        shown = shown.replace(" ", "·").replace("\t", "→").replace("\n", "¶\n")
    tag = TAGS[operation]
    return f'<{tag}><span class="visually-hidden">{SPOKEN[operation]}</span>{shown}</{tag}>'


def unchanged(text, at_start, at_end):
    """Unchanged text, cut down to CONTEXT characters on the side(s) that touch a change."""
    keep_head = not at_start  # text before the first change needs only its end
    keep_tail = not at_end
    budget = CONTEXT * (keep_head + keep_tail)
    if len(text) <= budget + CONTEXT // 2:
        return escape(text)
    head = cut_after_word(text[:CONTEXT]) if keep_head else ""
    tail = cut_before_word(text[-CONTEXT:]) if keep_tail else ""
    return f"{escape(head)}{GAP}{escape(tail)}"


def cut_after_word(text):
    """text up to its last whole word."""
    cut = max(text.rfind(" "), text.rfind("\n"))
    return text[: cut + 1] if cut > 0 else text


def cut_before_word(text):
    """text from its first whole word."""
    spaces = [index for index in (text.find(" "), text.find("\n")) if index >= 0]
    return text[min(spaces) + 1 :] if spaces else text
