"""Nested lists indented by 2 or 3 spaces, as editors (and most editors' tools) type them.

Python-Markdown nests a list item only when it is indented by a full tab stop
(4 spaces): "- a\\n  - b" comes out as one flat list. Most other markdown
(CommonMark, GitHub) nests an item as soon as it starts under its parent's
text, so that is what editors expect. This preprocessor re-indents the lines
of a list to Python-Markdown's tab stops before the list is parsed; text that
already uses 4 spaces comes out unchanged. No maintained extension does this
without breaking the 4-space lists already in content/ (mdx_truly_sane_lists
fixes the indent at one width).
"""

import re
from dataclasses import dataclass

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

TAB_STOP = 4
# A list item's first line: its indent, its marker and the spaces after it.
LIST_ITEM = re.compile(r"^(?P<indent> *)(?P<marker>[*+-]|\d+\.)(?P<gap> +)\S")
# "* * *" and "- - -" are rules, not list items.
RULE = re.compile(r"^ {0,3}([-*_])( *\1){2,} *$")
# After markdown's own whitespace clean-up (30) and fenced code (25), which
# stashes fenced blocks so their lines are never touched here.
PRIORITY = 24


@dataclass(frozen=True)
class OpenItem:
    """A list item whose children may follow: where the editor put it, and where it goes."""

    typed_indent: int
    typed_text_column: int
    indent: int

    @property
    def shift(self):
        return self.indent - self.typed_indent


def indent_of(line):
    return len(line) - len(line.lstrip(" "))


class NestedListIndent(Preprocessor):
    def run(self, lines):
        return list(reindent_lists(lines))


def reindent_lists(lines):
    open_items = []  # the innermost last
    after_blank = False
    for line in lines:
        if not line.strip():
            after_blank = True
            yield line
            continue
        typed = indent_of(line)
        item = None if RULE.match(line) else LIST_ITEM.match(line)
        if item and (open_items or typed < TAB_STOP):
            # A sibling or an uncle closes the items it does not start under.
            while open_items and typed < open_items[-1].typed_text_column:
                open_items.pop()
            indent = TAB_STOP * len(open_items) if open_items else typed
            text_offset = len(item["marker"]) + len(item["gap"])
            open_items.append(OpenItem(typed, typed + text_offset, indent))
            line = " " * indent + line[typed:]
        elif open_items:
            owner = next((o for o in reversed(open_items) if o.typed_text_column <= typed), None)
            if owner is not None:
                # More of an item's text: at least one tab stop inside it.
                depth = open_items.index(owner) + 1
                indent = max(typed + owner.shift, TAB_STOP * depth)
                line = " " * indent + line[typed:]
            elif after_blank:
                open_items = []  # text back at the margin ends the list
        after_blank = False
        yield line


class NestedListIndentExtension(Extension):
    def extendMarkdown(self, md):
        md.preprocessors.register(NestedListIndent(md), "nested_list_indent", PRIORITY)
