"""A content file's YAML node tree to data and line numbers, in one walk.

PyYAML's constructor goes through every node by way of its tag table and
generators; for the plain mappings, lists and strings content files are made
of, a direct walk builds the same dicts and lists in a fraction of the time,
noting each key's line on the way (parse.LineMap). Scalars other than
strings (numbers, dates, booleans) are still built by the loader's own
constructor. Anything unusual (a tag, a merge key `<<`, a key that is not a
scalar, a value the constructor refuses) raises Unusual, and the caller
builds the document the ordinary way, which also reports the error as before.
"""

from yaml.nodes import MappingNode, ScalarNode, SequenceNode

STR = "tag:yaml.org,2002:str"
MAP = "tag:yaml.org,2002:map"
SEQ = "tag:yaml.org,2002:seq"
SPECIAL_KEYS = {"tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"}


class Unusual(Exception):
    """The document needs PyYAML's constructor."""


def data_and_lines(loader, node, first_line):
    """(data, {path: line}) as loader.construct_document(node) and parse.LineMap give them."""
    lines = {}
    try:
        return _Walk(loader, lines, first_line).node(node, ()), lines
    except Exception as exc:
        # Built again the ordinary way: the same data, or the same error.
        loader.constructed_objects, loader.recursive_objects = {}, {}
        raise Unusual from exc


class _Walk:
    def __init__(self, loader, lines, offset):
        self.loader, self.lines, self.offset = loader, lines, offset

    def node(self, node, path):
        self.lines[path] = node.start_mark.line + self.offset
        kind, tag = type(node), node.tag
        if kind is ScalarNode:
            return node.value if tag == STR else self.loader.construct_object(node)
        if kind is MappingNode and tag == MAP:
            return self.mapping(node, path)
        if kind is SequenceNode and tag == SEQ:
            return [self.node(item, (*path, index)) for index, item in enumerate(node.value)]
        raise Unusual

    def mapping(self, node, path):
        result = {}
        for key_node, value_node in node.value:
            if type(key_node) is not ScalarNode or key_node.tag in SPECIAL_KEYS:
                raise Unusual
            key = key_node.value
            child = (*path, key)
            if key_node.tag != STR:
                key = self.loader.construct_object(key_node)
            result[key] = self.node(value_node, child)
            # A key's own line beats its value's: a block list starts below.
            self.lines[child] = key_node.start_mark.line + self.offset
        return result
