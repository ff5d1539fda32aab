"""Keep checking a file after a mistake: leave out what is broken, validate the rest.

A file whose front matter fails the schema would otherwise be dropped whole,
and its unknown keys, editorial slips and pay out of order would only show up
on the next run. Instead, each value the schema refused is left out (then the
item holding it, if that makes a required key go missing) until what is left
validates. That partial document is checked for everything else; it is never
loaded, since the file's own errors already stop the load.

Lists shrink as items are left out, so every location in the partial document
is translated back to the file's own, for the right line numbers.
"""

from pydantic import ValidationError

from .plain_errors import file_location

# Each round leaves out more; a file needing more rounds than this is beyond rescue.
MAX_ROUNDS = 8
_DROPPED = object()
# How deep a location names one item: (list, index) or (key_facts, fact).
ITEM_DEPTH = 2


class LeftOut:
    """The parts of a file's data left out, by their location in the file."""

    def __init__(self, data):
        self.data = data
        self.locations = set()

    def __bool__(self):
        return bool(self.locations)

    def to_file(self, location):
        """The file's location of a location in the partial document."""
        node, result = self.data, []
        for part in location:
            if isinstance(node, list) and isinstance(part, int):
                kept = [
                    index for index in range(len(node)) if (*result, index) not in self.locations
                ]
                part = kept[part] if part < len(kept) else part
            result.append(part)
            node = _child(node, part)
        return tuple(result)

    def leave_out(self, file_location):
        """Leave out the deepest part of the file that exists on the way to file_location.

        Return False when nothing more can be left out there (the whole document).
        """
        node, existing = self.data, ()
        for part in file_location:
            node = _child(node, part)
            if node is None:
                break
            existing = (*existing, part)
        if not existing or existing in self.locations:
            return False
        self.locations.add(existing)
        return True

    def touches(self, location):
        """True when something was left out of the item (or key fact) at location."""
        item = self.to_file(location)[:ITEM_DEPTH]
        return any(left[:ITEM_DEPTH] == item for left in self.locations)

    def remaining(self):
        return _without(self.data, (), self.locations)


def _child(node, part):
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return None


def _without(node, location, left_out):
    if location in left_out:
        return _DROPPED
    if isinstance(node, dict):
        pairs = ((key, _without(value, (*location, key), left_out)) for key, value in node.items())
        return {key: value for key, value in pairs if value is not _DROPPED}
    if isinstance(node, list):
        items = (_without(item, (*location, index), left_out) for index, item in enumerate(node))
        return [item for item in items if item is not _DROPPED]
    return node


def validate_what_is_left(schema, data, fill_required=None):
    """(the partial document or None, LeftOut) for data that failed schema validation.

    fill_required(data) puts stand-ins for top-level required values left out:
    the whole document cannot be left out.
    """
    left_out = LeftOut(data)
    for _ in range(MAX_ROUNDS):
        remaining = left_out.remaining()
        if fill_required is not None:
            remaining = fill_required(remaining)
        try:
            return schema.model_validate(remaining), left_out
        except ValidationError as exc:
            progressed = False
            for error in exc.errors():
                location = file_location(error["loc"])
                if error["type"] == "missing":
                    location = location[:-1]  # the item (or fact) that lacks it
                progressed |= left_out.leave_out(left_out.to_file(location))
            if not progressed:
                break
    return None, left_out
