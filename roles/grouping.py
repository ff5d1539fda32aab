"""Items listed under a shared label: duties by area, tools by category, pay bands by source."""

from dataclasses import dataclass
from itertools import groupby


@dataclass
class Group:
    label: object  # a heading, or what the items share (a source, a role)
    items: list


def grouped(items, key):
    """Runs of items with the same key, as Groups; items with one key are together when sorted."""
    return [Group(label, list(group)) for label, group in groupby(items, key=key)]
