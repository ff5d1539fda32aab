"""Checks of the editorial layer in a parsed role file, each pointing at its line.

They run on the parsed document rather than in the schema, so that a file with
one of these mistakes is still checked for everything else (unknown keys and
rungs among them) in the same run.
"""

from collections import Counter

from .errors import ContentError
from .schema import CITING_LISTS, cited_key

# Fields naming the source of one figure inside a cited item.
FIGURE_SOURCES = ("share_source", "cost_source", "pay_source", "education_source")


def editorial_errors(parsed):
    """ContentErrors for one parsed role file (a ParsedFile holding a RoleDocument)."""
    front = parsed.data.front
    errors = []

    def error(location, message):
        if parsed.left_out and parsed.left_out.touches(location):
            return  # a slip made by leaving out a value in error, reported already
        errors.append(ContentError(parsed.path, parsed.line_for(*location), message))

    for list_name in sorted(CITING_LISTS, key=list(type(front).model_fields).index):
        for index, item in enumerate(getattr(front, list_name)):
            where = f"{list_name}[{index}]"
            keys = [cited_key(entry) for entry in item.sources]
            counts = Counter(keys)
            for number, key in enumerate(keys):
                if counts[key] > 1 and keys.index(key) != number:
                    error(
                        (list_name, index, "sources", number),
                        f"{where}.sources: cites {key} more than once; cite a source once, "
                        "with a note for what it adds",
                    )
            for name in FIGURE_SOURCES:
                figure_source = getattr(item, name, None)
                if figure_source and figure_source not in counts:
                    error(
                        (list_name, index, name),
                        f"{where}.{name}: {figure_source} is cited here but is not in the "
                        "item's sources; add it to `sources`, so the item cites all of them",
                    )
            if not hasattr(item, "applies_at"):
                continue
            if item.applies_at and not item.applies_basis:
                error(
                    (list_name, index, "applies_at"),
                    f"{where}.applies_basis: required with applies_at; write `sources` when "
                    "the cited sources say which levels, or `editorial` when it is the "
                    "site's own call",
                )
            if item.applies_basis and not item.applies_at:
                error(
                    (list_name, index, "applies_basis"),
                    f"{where}.applies_basis: given without applies_at; leave both out for "
                    "the default, every level of the role, preferred",
                )
    for index, band in enumerate(front.salary_bands):
        if band.rung is None:
            error(
                ("salary_bands", index),
                f"salary_bands[{index}]: pay level '{band.level}' is mapped to no rung; add "
                "`rung:` with the key of the ladder rung it is paid at (and `through_rung:` "
                "if it spans two)",
            )
    return errors
