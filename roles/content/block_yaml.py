"""The canonical YAML of a content file, written directly: what PyYAML would write, faster.

serialize.dump_yaml asks PyYAML for block style, keys in order, unicode as
is and no line wrapping. For the shapes content files have (a mapping of
scalars, mappings and lists of scalars or mappings) that output follows a
few rules, applied here without PyYAML's event machinery, which costs some
ten microseconds a value. Each scalar is written in the style PyYAML's
emitter would choose, from the same analysis (yaml_speed.analyze). Anything
else (an empty list, a list in a list, a line break PyYAML writes in a
quoted string, a key of 128 characters) raises Unsupported, and the caller
lets PyYAML write the whole document. tests/test_load_speed.py compares the
two on the content files and on generated documents.
"""

import datetime
import re
from decimal import Decimal

from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from .yaml_speed import BREAKS, analyze

STR, INT, FLOAT = "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
BOOL, NULL = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"
TIMESTAMP = "tag:yaml.org,2002:timestamp"
INDENT = 2
# PyYAML writes a key on its line below 128 characters, its tag ("!!str") counted.
SIMPLE_KEY_LIMIT = 100
# Characters PyYAML's double-quoted style writes as they are (with allow_unicode).
ESCAPES = {
    "\0": "0", "\x07": "a", "\x08": "b", "\x09": "t", "\x0a": "n", "\x0b": "v", "\x0c": "f",
    "\x0d": "r", "\x1b": "e", '"': '"', "\\": "\\", "\x85": "N", "\xa0": "_", "\u2028": "L",
    "\u2029": "P",
}  # fmt: skip

# Most values: printable ASCII that neither starts with an indicator, nor ends in a
# space, nor holds ": " or " #". PyYAML's analysis of these allows every block style.
QUIET = re.compile(r"[A-Za-z0-9(](?:[ -~]*[!-~])?")
LOUD = re.compile(r":(?: |\Z)| #")

_resolver = Resolver()


class Unsupported(Exception):
    """A document this writer does not reproduce exactly; PyYAML writes it instead."""


def dump(data):
    """The text yaml.dump(data, Dumper=CanonicalDumper, ...) writes, as serialize.dump_yaml asks."""
    if not isinstance(data, dict) or not data:
        raise Unsupported
    lines = []
    _Writer(lines).mapping(data, 0, "")
    return "".join(lines)


class _Writer:
    def __init__(self, lines):
        self.lines = lines
        # A date or Decimal met twice as the same object would be written as an alias.
        self.seen = set()

    def mapping(self, mapping, indent, first_prefix):
        prefix = first_prefix or " " * indent
        for key, value in mapping.items():
            if not isinstance(key, str):
                raise Unsupported
            text, _ = self.scalar(key, simple_key=True)
            self.value(f"{prefix}{text}:", value, indent, in_mapping=True)
            prefix = " " * indent

    def sequence(self, items, indent):
        for item in items:
            self.value(" " * indent + "-", item, indent, in_mapping=False)

    def value(self, head, value, indent, in_mapping):
        """Write head (a key and its colon, or a dash) and the value that follows it."""
        if isinstance(value, dict):
            if not value:
                raise Unsupported
            if in_mapping:
                self.lines.append(head + "\n")
                self.mapping(value, indent + INDENT, "")
            else:  # a list item's first key goes on the dash's line
                self.mapping(value, indent + INDENT, head + " ")
        elif isinstance(value, list):
            if not value or not in_mapping:
                raise Unsupported
            self.lines.append(head + "\n")
            self.sequence(value, indent)  # a list under a key is not indented further
        else:
            text, style = self.scalar(value)
            if style == "|":
                self.literal(head, text, indent + INDENT)
            else:
                self.lines.append(f"{head} {text}\n")

    def literal(self, head, text, indent):
        if text.endswith("\n\n") or text == "\n" or any(ch in text for ch in BREAKS[1:]):
            # Kept line breaks (PyYAML may end the document with "..."), or breaks other than \n.
            raise Unsupported
        hints = ("2" if text[0] in " \n" else "") + ("" if text.endswith("\n") else "-")
        self.lines.append(f"{head} |{hints}\n")
        body = text if text.endswith("\n") else text + "\n"
        pad = " " * indent
        self.lines += [f"{pad}{line}\n" if line else "\n" for line in body[:-1].split("\n")]

    def scalar(self, value, simple_key=False):
        """(text, style) as PyYAML's representer and emitter write the value."""
        tag, text, style = self.represent(value)
        implicit_plain = _resolver.resolve(ScalarNode, text, (True, False)) == tag
        if not text:
            if simple_key:
                raise Unsupported
            # Empty: never plain unless implicit, and "" resolves to null.
            if not implicit_plain and tag == STR:
                return "''", "'"
            raise Unsupported
        if QUIET.fullmatch(text) and not LOUD.search(text):
            multiline, block_plain, block, single_quoted = False, True, True, True
        else:
            analysis = analyze(text, True)
            multiline, block_plain = analysis.multiline, analysis.allow_block_plain
            block, single_quoted = analysis.allow_block, analysis.allow_single_quoted
        if simple_key and (multiline or len(text) >= SIMPLE_KEY_LIMIT):
            raise Unsupported
        if implicit_plain and block_plain:
            return text, ""
        if tag != STR:
            raise Unsupported  # would be written with its tag
        if style == "|":
            if not simple_key and block:
                return text, "|"
            return double_quoted(text), '"'  # a multi-line string is never single-quoted
        if single_quoted:
            if any(ch in BREAKS for ch in text):
                raise Unsupported  # PyYAML breaks the quoted string over lines
            return "'" + text.replace("'", "''") + "'", "'"
        return double_quoted(text), '"'

    def represent(self, value):
        """(tag, text, style) as SafeRepresenter and serialize.py's representers give them."""
        if isinstance(value, str):
            return STR, value, "|" if "\n" in value else None
        if value is None:
            return NULL, "null", None
        if isinstance(value, bool):
            return BOOL, "true" if value else "false", None
        if isinstance(value, int):
            return INT, str(value), None
        if isinstance(value, (Decimal, datetime.date)):
            if id(value) in self.seen:
                raise Unsupported
            self.seen.add(id(value))
        if isinstance(value, Decimal):
            if value == value.to_integral_value():
                return INT, str(int(value)), None
            return self.represent_float(float(value.normalize()))
        if isinstance(value, float):
            return self.represent_float(value)
        if type(value) is datetime.date:
            return TIMESTAMP, value.isoformat(), None
        raise Unsupported

    @staticmethod
    def represent_float(value):
        if value != value or value in (float("inf"), float("-inf")):
            raise Unsupported
        text = repr(value).lower()
        if "." not in text and "e" in text:
            text = text.replace("e", ".0e", 1)
        return FLOAT, text, None


def double_quoted(text):
    out = []
    for ch in text:
        plain = ch not in '"\\\x85\u2028\u2029\ufeff' and (
            "\x20" <= ch <= "\x7e" or "\xa0" <= ch <= "\ud7ff" or "\ue000" <= ch <= "\ufffd"
        )
        if plain:
            out.append(ch)
        elif ch in ESCAPES:
            out.append("\\" + ESCAPES[ch])
        elif ch <= "\xff":
            out.append(f"\\x{ord(ch):02X}")
        elif ch <= "\uffff":
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(f"\\U{ord(ch):08X}")
    return '"' + "".join(out) + '"'
