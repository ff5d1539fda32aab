"""pydantic's validation errors in an editor's words.

pydantic speaks of patterns, dictionaries and union members; an editor wrote
YAML. Each error becomes "FIELD: what is wrong", naming the field as the file
does (salary_bands[0].min) and saying what to write instead.
"""

import datetime
from decimal import Decimal

import yaml
from pydantic import BaseModel

from ..models import PARTIAL_DATE
from . import schema
from .schema import CITING_LISTS, CURRENCY_PATTERN, KEY_PATTERN, SOC_CODE_PATTERN

# What a value that fails a pattern should look like, by pattern.
PATTERN_ADVICE = {
    KEY_PATTERN: "write it in lowercase letters, digits and single hyphens, such as press-helper",
    PARTIAL_DATE.regex.pattern: "write the date as YYYY, YYYY-MM or YYYY-MM-DD",
    CURRENCY_PATTERN: "write the currency as a three-letter code in capitals, such as USD",
    SOC_CODE_PATTERN: "write the occupation code as 00-0000 or 00-0000.00, such as 51-9199",
}
NUMBER_ERRORS = {"decimal_parsing", "decimal_type", "int_parsing", "int_type", "float_parsing"}
MAPPING = "a mapping (lines of `key: value`)"
LIST = "a list (lines starting with `- `)"
# Input kinds as YAML names them, for "expected text, got a list".
YAML_KINDS = {dict: "a mapping", list: "a list", bool: "true or false"}
MAX_SHOWN_VALUE_CHARS = 60


def describe_location(location):
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


# pydantic names the member of a union it tried in an error's location.
UNION_TAGS = {"str", "constrained-str"} | {
    name
    for name, value in vars(schema).items()
    if isinstance(value, type) and issubclass(value, BaseModel)
}


def is_union_tag(part):
    """True for 'constrained-str' or 'CitationEntry' in ('sources', 0, 'CitationEntry', 'note')."""
    return part in UNION_TAGS


def file_location(location):
    """A pydantic location as a path into the file: no union tags, no '[key]' marker."""
    return tuple(part for part in location if not is_union_tag(part) and part != "[key]")


def relevant_errors(errors, data, prefix=()):
    """Each error once, from the union member that fits the value written.

    A citation may be a key or a mapping: for a mapping, what the key form
    thinks of it is noise, and the reverse.
    """
    kept = []
    for error in errors:
        location = (*prefix, *error["loc"])
        tags = [index for index, part in enumerate(location) if is_union_tag(part)]
        if tags:
            written = value_at(data, location[: tags[0]])
            if isinstance(written, dict) != location[tags[0]][:1].isupper():
                continue
        kept.append(error)
    return kept


def value_at(data, location):
    for part in location:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def shown(value):
    """A value as it would look in the file, cut short."""
    if isinstance(value, str):
        text = repr(value)
    elif isinstance(value, (datetime.date, Decimal)):
        text = str(value)
    else:
        text = yaml.safe_dump(value, default_flow_style=True, width=1000).strip()
        text = text.removesuffix("...").strip()
    if len(text) > MAX_SHOWN_VALUE_CHARS:
        text = text[: MAX_SHOWN_VALUE_CHARS - 1] + "…"
    return text


def plain_message(error):
    """What is wrong, in plain words, for one pydantic error (without the field)."""
    kind, context, value = error["type"], error.get("ctx") or {}, error["input"]
    got = f", got {shown(value)}"
    if kind == "missing":
        return "required field is missing"
    if kind == "string_pattern_mismatch":
        advice = PATTERN_ADVICE.get(context.get("pattern"), "this is not in the expected form")
        return f"{advice}{got}"
    if kind in NUMBER_ERRORS:
        return f"expected a plain number{got}"
    if kind in {"bool_type", "bool_parsing"}:
        return f"expected true or false{got}"
    if (
        kind == "string_type"
        and isinstance(value, (int, float, Decimal))
        and value is not True
        and value is not False
    ):
        return f"expected text, got the number {value}; put it in quotes to keep it as text"
    if kind == "string_type":
        return f"expected text{_kind_of(value)}"
    if kind == "list_type":
        return f"expected {LIST}{_kind_of(value, got)}"
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return f"expected {MAPPING}{_kind_of(value, got)}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is longer than {context['max_length']:,} characters"
    if kind == "decimal_max_places":
        return f"has more than {context['decimal_places']} decimal places{got}"
    if kind in {"decimal_max_digits", "decimal_whole_digits"}:
        return f"is too large a number{got}"
    if kind in {"date_from_datetime_parsing", "date_parsing", "date_type"}:
        return f"write the date as YYYY-MM-DD{got}"
    # literal_error ("input should be 'year', 'month' or 'hour'"), greater_than_equal
    # and our own errors (markdown limits, equivalences) already read plainly.
    message = error["msg"]
    message = message[:1].lower() + message[1:]
    return message if kind.startswith(("markdown", "lonely", "repeated")) else f"{message}{got}"


def _kind_of(value, otherwise=""):
    for kind, name in YAML_KINDS.items():
        if isinstance(value, kind):
            return f", got {name}"
    return otherwise


def content_message(error, prefix=()):
    """(file location, message) for one pydantic error."""
    raw_location = (*prefix, *error["loc"])
    location = file_location(raw_location)
    field = describe_location(location)
    if error["type"] == "extra_forbidden":
        if location[-1] == "source" and location[0] in CITING_LISTS:
            return location, (
                f"{field}: {location[0]} cite their sources as a list; write `sources:`, "
                "a list of source keys, instead of `source:`"
            )
        return location, f"unknown key {field!r}; see content/README.md for the keys allowed here"
    return location, f"{field}: {plain_message(error)}"
