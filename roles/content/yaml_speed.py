"""PyYAML's emitter, the same output in less time: its two character-by-character loops.

Every load dumps each role file's canonical text to remember its digest
(sync.py), and PyYAML spends most of a dump in Emitter.analyze_scalar and
Emitter.write_plain, which look at one character at a time in Python. The
versions here find the same things with regular expressions; where a case
is not covered, the original runs. libyaml's emitter would be faster still,
but it does not always write what PyYAML writes, and the canonical text must
not change: the stored digests and the committed files depend on it.
tests/test_load_speed.py compares the two analyses on awkward strings.
"""

import re

from yaml.emitter import Emitter, ScalarAnalysis

SPACE_OR_BREAK = "\0 \t\r\n\x85\u2028\u2029"
BREAKS = "\n\x85\u2028\u2029"
LEADING_INDICATORS = "#,[]{}&*!|>'\"%@`"
ANY_BREAK = re.compile(f"[{BREAKS}]")
FLOW_INSIDE = re.compile(r"[,?\[\]{}:]")
BLOCK_COLON = re.compile(f":(?:[{SPACE_OR_BREAK}]|\\Z)")
COMMENT = re.compile(f"[{SPACE_OR_BREAK}]#")
BREAK_SPACE = re.compile(f"[{BREAKS}] ")
SPACE_BREAK = re.compile(f" [{BREAKS}]")
# Characters PyYAML escapes: all but these with allow_unicode, all but ASCII without.
SPECIAL_UNICODE = re.compile(
    "[^\n\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010fffe]"
)
SPECIAL_ASCII = re.compile("[^\n\x20-\x7e]")


def analyze(scalar, allow_unicode):
    """Emitter.analyze_scalar's ScalarAnalysis, found a pattern at a time."""
    first = scalar[0]
    followed = len(scalar) == 1 or scalar[1] in SPACE_OR_BREAK
    block = flow = scalar.startswith(("---", "..."))
    if first in LEADING_INDICATORS or (first == "-" and followed):
        block = flow = True
    elif first in "?:":
        flow = True
        block = block or followed
    if FLOW_INSIDE.search(scalar, 1):
        flow = True
    if BLOCK_COLON.search(scalar, 1) or COMMENT.search(scalar):
        block = flow = True
    line_breaks = ANY_BREAK.search(scalar) is not None
    special = (SPECIAL_UNICODE if allow_unicode else SPECIAL_ASCII).search(scalar) is not None
    last = scalar[-1]
    edges = first == " " or last == " " or first in BREAKS or last in BREAKS
    break_space = BREAK_SPACE.search(scalar) is not None
    space_break = SPACE_BREAK.search(scalar) is not None

    flow_plain = block_plain = single_quoted = block_style = True
    if edges:
        flow_plain = block_plain = False
    if last == " ":
        block_style = False
    if break_space:
        flow_plain = block_plain = single_quoted = False
    if space_break or special:
        flow_plain = block_plain = single_quoted = block_style = False
    if line_breaks:
        flow_plain = block_plain = False
    if flow:
        flow_plain = False
    if block:
        block_plain = False
    return ScalarAnalysis(
        scalar=scalar,
        empty=False,
        multiline=line_breaks,
        allow_flow_plain=flow_plain,
        allow_block_plain=block_plain,
        allow_single_quoted=single_quoted,
        allow_double_quoted=True,
        allow_block=block_style,
    )


class QuickEmitter(Emitter):
    """Mixed into a Dumper in front of yaml.emitter.Emitter."""

    def analyze_scalar(self, scalar):
        if not scalar:
            return super().analyze_scalar(scalar)
        return analyze(scalar, self.allow_unicode)

    def write_plain(self, text, split=True):
        # The original writes the text piece by piece, breaking lines only past
        # best_width or at a line break: with neither in reach, it writes it whole.
        fits = self.column + len(text) + 1 <= self.best_width
        if not text or self.encoding or not fits or ANY_BREAK.search(text):
            return super().write_plain(text, split)
        if self.root_context:
            self.open_ended = True
        if not self.whitespace:
            text = " " + text
        self.column += len(text)
        self.stream.write(text)
        self.whitespace = False
        self.indention = False
