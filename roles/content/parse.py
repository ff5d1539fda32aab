"""Read content files into schema objects, reporting every problem with its line.

Nothing here touches the database: a file either parses into a RoleDocument or
a Catalog, or yields a list of ContentError.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from ..line_endings import normalize_newlines
from ..markdown_limits import MAX_MARKDOWN_NESTING, markdown_problem, nesting
from ..models import Section
from .errors import ContentError
from .partial import LeftOut, validate_what_is_left
from .plain_errors import content_message, relevant_errors
from .schema import KEY_PATTERN, Catalog, FrontMatter, RoleDocument
from .yaml_nodes import Unusual, data_and_lines

FRONT_MATTER_FENCE = "---"
# libyaml's loader is several times faster and reports the same line marks.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
KEY = re.compile(KEY_PATTERN)
HEADING = re.compile(r"^## (?P<title>.+?)\s*$")
SECTION_BY_HEADING = {label: kind for kind, label in Section.Kind.choices}
# Limits that keep a hostile file from exhausting memory or the stack.
MAX_FILE_BYTES = 1_000_000
MAX_LINE_CHARS = 10_000
MAX_YAML_DEPTH = 20


@dataclass(frozen=True)
class ParsedFile:
    """What a content file holds (a RoleDocument or a Catalog), and where each key was.

    A file with mistakes is still parsed as far as it goes: `left_out` then
    records what was left out, `data` is what remains (for further checks,
    never for loading) and `raw` is the YAML as written.
    """

    path: str
    data: RoleDocument | Catalog
    lines: "LineMap"
    raw: dict | None = None
    left_out: LeftOut | None = None

    @property
    def complete(self):
        return not self.left_out

    def line_for(self, *location):
        if self.left_out:
            location = self.left_out.to_file(location)
        return self.lines.line_for(location)


class LineMap:
    """Line numbers of every key and list item in a YAML document, by path."""

    def __init__(self, root_node=None, first_line=1, lines=None):
        self.lines = {} if lines is None else lines
        if root_node is not None:
            self._walk(root_node, (), first_line)

    def _walk(self, node, path, offset):
        self.lines[path] = node.start_mark.line + offset
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                child = (*path, key_node.value)
                self._walk(value_node, child, offset)
                # A key's own line beats its value's: a block list starts below.
                self.lines[child] = key_node.start_mark.line + offset
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self._walk(item, (*path, index), offset)

    def line_for(self, path):
        path = tuple(path)
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path)


def decode(path, raw):
    """Return (text, errors) for the bytes of a content file."""
    if not raw.strip():
        return None, [ContentError(path, None, "the file is empty")]
    if len(raw) > MAX_FILE_BYTES:
        return None, [ContentError(path, 1, f"the file is larger than {MAX_FILE_BYTES:,} bytes")]
    try:
        text = normalize_newlines(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return None, [
            ContentError(
                path,
                line,
                f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x} at byte "
                f"{exc.start}); save it as UTF-8",
            )
        ]
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_LINE_CHARS:
            message = f"the line is longer than {MAX_LINE_CHARS:,} characters"
            return None, [ContentError(path, number, message)]
        if "\x00" in line:
            return None, [ContentError(path, number, "the line contains a NUL character")]
    return text, []


def scan_events(path, text, first_line):
    """Reject aliases, deep nesting and repeated keys before anything is composed."""
    # One [seen keys, next is a key] pair per open mapping; None for a sequence.
    stack = []

    def error(event, message):
        return [ContentError(path, event.start_mark.line + first_line, message)]

    for event in yaml.parse(text, Loader=YAML_LOADER):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            return error(event, "YAML anchors and aliases (&name, *name) are not allowed")
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            stack.pop()
            continue
        if not isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
            continue
        parent = stack[-1] if stack else None
        if parent is not None:
            if parent[1] and isinstance(event, yaml.ScalarEvent):
                if event.value in parent[0]:
                    return error(event, f"key {event.value!r} is given twice in this mapping")
                parent[0].add(event.value)
            parent[1] = not parent[1]
        if isinstance(event, yaml.CollectionStartEvent):
            if len(stack) >= MAX_YAML_DEPTH:
                return error(event, f"the YAML is nested more than {MAX_YAML_DEPTH} levels deep")
            stack.append([set(), True] if isinstance(event, yaml.MappingStartEvent) else None)
    return []


def compose_and_construct(text, first_line):
    """(data, LineMap) from one parse: yaml.compose and yaml.load would parse twice."""
    loader = YAML_LOADER(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        try:
            data, lines = data_and_lines(loader, node, first_line)
            return data, LineMap(lines=lines)
        except Unusual:
            pass
        # Lines first: constructing a mapping with a `<<` key rewrites its node.
        lines = LineMap(node, first_line)
        return loader.construct_document(node), lines
    finally:
        loader.dispose()


def load_yaml(path, text, first_line=1):
    """Parse YAML, returning (data, line_map, errors)."""
    try:
        errors = scan_events(path, text, first_line)
        if errors:
            return None, None, errors
        data, line_map = compose_and_construct(text, first_line)
    except ValueError as exc:  # a date such as 2025-13-45
        return None, None, [ContentError(path, first_line, f"invalid value in the YAML: {exc}")]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark else None
        problem = " ".join(filter(None, [exc.context, exc.problem]))
        # An unclosed bracket or quote is only noticed far below where it opened.
        start = exc.context_mark.line + first_line if exc.context_mark else None
        if start is not None and start != line:
            problem += f" (the construct started on line {start})"
        return None, None, [ContentError(path, line, f"invalid YAML: {problem}")]
    except yaml.YAMLError as exc:  # a control character, reported without a mark
        return None, None, [ContentError(path, first_line, f"invalid YAML: {exc}")]
    if line_map is None:
        return None, None, [ContentError(path, first_line, "the YAML is empty")]
    return data, line_map, []


def schema_errors(path, exc, line_map, data):
    """Turn pydantic's errors into ContentErrors, in plain words, with the key and line."""
    errors = []
    for error in relevant_errors(exc.errors(), data):
        location, message = content_message(error)
        errors.append(ContentError(path, line_map.line_for(location), message))
    return errors


def parse_catalog(path, raw):
    """Return (ParsedFile, errors)."""
    text, errors = decode(path, raw)
    if errors:
        return None, errors
    data, line_map, errors = load_yaml(path, text)
    if errors:
        return None, errors
    if not isinstance(data, dict):
        return None, [ContentError(path, 1, "expected a mapping with sources, tools, skills...")]
    errors = repeated_keys(path, data, line_map)
    try:
        return ParsedFile(path, Catalog.model_validate(data), line_map, data), errors
    except ValidationError as exc:
        errors += schema_errors(path, exc, line_map, data)
    catalog, left_out = validate_what_is_left(Catalog, data)
    if catalog is None:
        return None, errors
    return ParsedFile(path, catalog, line_map, data, left_out), errors


def repeated_keys(path, data, line_map):
    """A key defined twice in one catalog list, found in file order so lines are right."""
    errors = []
    for list_name, entries in data.items():
        seen = set()
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            key = entry.get("key") if isinstance(entry, dict) else None
            if key is None:
                continue  # not a keyed record (an equivalence), or reported as missing
            if key in seen:
                errors.append(
                    ContentError(
                        path,
                        line_map.line_for((list_name, index, "key")),
                        f"{list_name}: key {key!r} is defined twice",
                    )
                )
            seen.add(key)
    return errors


def split_front_matter(path, text):
    """Return (front_text, body_text, body_first_line, errors)."""
    lines = text.split("\n")
    if lines[0].rstrip() != FRONT_MATTER_FENCE:
        return (
            None,
            None,
            None,
            [ContentError(path, 1, "expected front matter: the first line must be '---'")],
        )
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() == FRONT_MATTER_FENCE:
            front = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            return front, body, index + 2, []
    return (
        None,
        None,
        None,
        [ContentError(path, 1, "the front matter is not closed: add a '---' line after it")],
    )


def parse_sections(path, body, first_line):
    """Split the markdown body on level-2 headings. Return (sections, errors)."""
    sections, heading_lines, errors = {}, {}, []
    current, start, buffer = None, first_line, []

    def close():
        if current is not None:
            sections[current] = "\n".join(buffer).strip("\n")

    for number, line in enumerate(body.split("\n"), start=first_line):
        match = HEADING.match(line)
        if match:
            close()
            title = match.group("title")
            current, buffer = SECTION_BY_HEADING.get(title), []
            if current is None:
                expected = ", ".join(f"'## {label}'" for label in SECTION_BY_HEADING)
                errors.append(
                    ContentError(
                        path, number, f"unknown heading '## {title}'; expected one of {expected}"
                    )  # fmt: skip
                )
            elif current in sections:
                errors.append(ContentError(path, number, f"heading '## {title}' appears twice"))
            else:
                heading_lines[current] = number
        elif current is None and line.strip() and not errors:
            errors.append(
                ContentError(
                    path,
                    number,
                    "text before the first '## ' heading; put prose "
                    "under one of the section headings",
                )  # fmt: skip
            )
        else:
            if nesting(line) > MAX_MARKDOWN_NESTING and not errors:
                message = f"lists and quotes are nested more than {MAX_MARKDOWN_NESTING} deep"
                errors.append(ContentError(path, number, message))
            buffer.append(line)
    close()
    if Section.Kind.OVERVIEW not in sections and not errors:
        errors.append(ContentError(path, start, "the '## Overview' section is missing"))
    for kind, text in sections.items():
        label = Section.Kind(kind).label
        if not text.strip():
            errors.append(ContentError(path, heading_lines[kind], f"section '## {label}' is empty"))
        elif not errors and (problem := markdown_problem(text)):
            errors.append(
                ContentError(path, heading_lines[kind], f"section '## {label}': {problem}")
            )
    return sections, errors


def parse_role(path, raw):
    """Return (ParsedFile, errors) for the bytes of a role file."""
    text, errors = decode(path, raw)
    if errors:
        return None, errors
    front_text, body, body_line, errors = split_front_matter(path, text)
    if errors:
        return None, errors
    data, line_map, errors = load_yaml(path, front_text, first_line=2)
    sections, section_errors = parse_sections(path, body, body_line)
    errors += section_errors
    if data is not None and not isinstance(data, dict):
        errors.append(ContentError(path, 2, "the front matter must be a mapping of keys"))
        data = None
    if data is None:
        return None, errors
    try:
        front, left_out = FrontMatter.model_validate(data), None
    except ValidationError as exc:
        errors += schema_errors(path, exc, line_map, data)
        front, left_out = validate_what_is_left(
            FrontMatter, data, lambda remaining: stand_ins(path, remaining)
        )
    if front is None:
        return None, errors
    document = RoleDocument(front=front, sections=sections)
    return ParsedFile(path, document, line_map, data, left_out), errors


def stand_ins(path, front):
    """The front matter with stand-ins for required values that were left out."""
    return {
        "slug": Path(path).stem if KEY.match(Path(path).stem) else "unnamed",
        "title": "(no title)",
        "summary": "(no summary)",
    } | front
