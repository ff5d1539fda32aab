"""What really changed between two revisions of a record: its fields, and its rows.

Works on django-reversion's stored versions alone, so any two revisions can be
compared, and the revision being saved can be compared with the one before it.
A field counts as changed only when its value differs as a Python value: a
number stored as "56000" and as "56000.00", or a text stored once with CRLF
line endings, is the same value. An item's position counts only when the item
moved relative to the others: renumbering 10, 20, 30 to 0, 1, 2 moves nothing.

A record's rows are those django-reversion follows from it (a role's items,
each item's citations and rung fits). Citations and rung fits are shown as part
of their item, as the lines of its "Sources" and "Applies at" fields, because
that is where an editor edits them, and because a changed list of sources is
stored as new rows with new ids.

load_content writes a role's items anew, with new ids. Rows are matched by id
first, then by their natural key (a section's kind, a rung's key), then by
their names in order, so a comparison across a load shows what changed rather
than every row removed and added.
"""

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from difflib import SequenceMatcher
from functools import cached_property

from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import ForeignObjectRel
from django.utils.text import capfirst
from reversion.revisions import _get_options

from .admin_editorial import EditorialItemForm, RungFitItemForm
from .history_text_diff import text_diff_html
from .models import Citation, RungFit
from .models.editorial import ItemReference

POSITION = "position"
# An item's citations and rung fits, named as the fields of its row in the admin.
REFERENCE_LABELS = {
    Citation: EditorialItemForm.base_fields["citations_text"].label,
    RungFit: RungFitItemForm.base_fields["applies_text"].label,
}
# A value longer than this, or on several lines, is shown as a text difference.
SHORT_TEXT = 100
# Texts this long on both sides (a summary, a duty) read better with the changed words marked.
WORDING = 30


# --- the rows a revision stores ---------------------------------------------------


@dataclass(eq=False)
class StoredRow:
    """One row as a revision stored it: its raw field values, as serialised."""

    model: type
    pk: str
    values: dict
    label: str
    # The field that ties the row to its parent row (a role item's "role").
    parent_link: str | None = None
    # {field label: [line, ...]}: the citations or rung fits that belong to the row.
    references: dict = field(default_factory=dict)

    @property
    def key(self):
        return (self.model, self.pk)

    @property
    def position(self):
        return self.values.get(POSITION)


def stored_rows(versions):
    rows = []
    for version in versions:
        model = version._model
        if model is None:  # a model that no longer exists
            continue
        if version.format != "json":
            raise ValueError(
                f"A stored version of {model._meta.verbose_name} is in the {version.format!r} "
                "format; the history comparison reads only JSON versions."
            )
        (data,) = json.loads(version.serialized_data)
        pk = str(version.object_id)
        rows.append(StoredRow(model, pk, data["fields"], version.object_repr))
    return rows


def record_rows(model, pk, versions):
    """(the record's row or None, {key: row} of the rows followed from it, in follow order)."""
    by_model = defaultdict(list)
    for row in stored_rows(versions):
        by_model[row.model].append(row)
    record = next((row for row in by_model[model] if row.pk == str(pk)), None)
    children = {}
    if record is not None:
        follow(record, by_model, children)
    return record, children


def follow(row, by_model, children):
    """Collect the rows django-reversion follows from row: its items and their references."""
    for name in _get_options(row.model).follow:
        relation = followed_relation(row.model, name)
        if isinstance(relation, GenericRelation):
            content_type = ContentType.objects.get_for_model(row.model).pk
            references = [
                reference
                for reference in by_model[relation.related_model]
                if reference.values.get(relation.content_type_field_name) == content_type
                and str(reference.values.get(relation.object_id_field_name)) == row.pk
            ]
            row.references[reference_label(relation.related_model)] = reference_lines(references)
        elif relation.one_to_many:
            link = relation.field.name
            for child in sorted(by_model[relation.related_model], key=order_key):
                if str(child.values.get(link)) == row.pk and child.key not in children:
                    child.parent_link = link
                    children[child.key] = child
                    follow(child, by_model, children)


def followed_relation(model, name):
    """The relation django-reversion follows by name: a field, or a reverse accessor (role_set)."""
    for relation in model._meta.get_fields():
        reverse = isinstance(relation, ForeignObjectRel)
        accessor = relation.get_accessor_name() if reverse else relation.name
        if accessor == name:
            return relation
    raise LookupError(f"{model.__name__} has no relation {name!r} for its history to follow.")


def reference_label(model):
    return REFERENCE_LABELS.get(model) or capfirst(model._meta.verbose_name_plural)


def reference_lines(references):
    """Each reference as the line the admin field shows; in order where order means something."""
    if references and POSITION in references[0].values:
        return [reference.label for reference in sorted(references, key=order_key)]
    return sorted(reference.label for reference in references)


def order_key(row):
    number = int(row.pk) if row.pk.isdigit() else 0
    return (row.position if row.position is not None else 0, number, row.pk)


# --- values -----------------------------------------------------------------------


def compared_fields(model):
    """The fields an editor edits: not the key, nor values derived on save (text_html)."""
    fields = [*model._meta.concrete_fields, *model._meta.many_to_many]
    return [
        each
        for each in fields
        if each.editable and not each.primary_key and not issubclass(model, ItemReference)
    ]


def normalised(model_field, raw):
    """The stored value as Python compares it: "56000" == "56000.00", CRLF == LF."""
    if raw is None:
        return None
    if model_field.many_to_many:
        return tuple(sorted(str(pk) for pk in raw))
    if model_field.is_relation:
        return str(raw)
    try:
        return model_field.to_python(raw)
    except ValidationError:  # stored before a validator was added: compare as stored
        return raw


def empty_like(value):
    return value in (None, "", [], (), {})


def is_default(model_field, value):
    """A value the row would have had anyway (an unticked box): not worth listing."""
    return (
        model_field.has_default()
        and not callable(model_field.default)
        and (value == model_field.default)
    )


def same(before, after):
    return before == after or (empty_like(before) and empty_like(after))


class Side:
    """Names the values of one of the two revisions: related rows by their stored names."""

    def __init__(self, record, children, looked_up):
        self.labels = {row.key: row.label for row in children.values()}
        if record is not None:
            self.labels[record.key] = record.label
        self.looked_up = looked_up  # shared by both sides: a record's name now

    def name_of(self, model, pk):
        key = (model, str(pk))
        if key in self.labels:
            return self.labels[key]
        if key not in self.looked_up:
            obj = model._default_manager.filter(pk=pk).first()
            self.looked_up[key] = (
                str(obj) if obj else f"{model._meta.verbose_name} {pk} (since deleted)"
            )
        return self.looked_up[key]

    def text(self, model_field, value):
        """The value as an editor reads it: names, not ids; labels, not choice codes."""
        if empty_like(value):
            return ""
        if model_field.many_to_many:
            return "\n".join(sorted(self.name_of(model_field.related_model, pk) for pk in value))
        if model_field.is_relation:
            return self.name_of(model_field.related_model, value)
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return "Yes" if value else "No"
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return "\n".join(value)  # lists of texts are edited one per line
        if isinstance(value, list | dict):
            return json.dumps(value, indent=2, ensure_ascii=False)
        if isinstance(value, date | datetime | time):
            return value.isoformat()
        if isinstance(value, Decimal) and isinstance(model_field, models.DecimalField):
            # As the admin form shows it: 40000 and 40000.00 are one amount.
            return str(value.quantize(Decimal(1).scaleb(-model_field.decimal_places)))
        return str(value)


def is_long(model_field, *texts):
    long_kinds = (models.TextField, models.JSONField, models.ManyToManyField)
    return (model_field is not None and isinstance(model_field, long_kinds)) or any(
        "\n" in text or len(text) > SHORT_TEXT for text in texts
    )


# --- the differences --------------------------------------------------------------


class FieldChange:
    """One field that differs; its texts are worked out only when shown."""

    def __init__(self, name, before, after, model_field=None):
        self.name = name
        self._before, self._after = before, after
        self.model_field = model_field

    @cached_property
    def before(self):
        return self._before() if callable(self._before) else self._before

    @cached_property
    def after(self):
        return self._after() if callable(self._after) else self._after

    @property
    def long(self):
        return is_long(self.model_field, self.before, self.after)

    @property
    def as_text_diff(self):
        """Shown as one text with the changed words marked: long text, or a sentence or two."""
        if self.long:
            return True
        wording = self.model_field is None or not (
            self.model_field.is_relation or self.model_field.choices
        )
        return wording and min(len(self.before), len(self.after)) > WORDING

    @property
    def worth_showing_in_full(self):
        """A text long enough that its difference leaves parts out, or on several lines."""
        return any(len(text) > 300 or text.count("\n") > 1 for text in (self.before, self.after))

    @cached_property
    def diff_html(self):
        return text_diff_html(self.before, self.after)


@dataclass
class RowChange:
    kind: str  # "added", "removed" or "changed"
    model: type
    label: str
    fields: list
    rank: int


@dataclass
class GroupChange:
    """The changes to one kind of row (a role's responsibilities, say)."""

    model: type
    rows: list

    @property
    def title(self):
        return capfirst(self.model._meta.verbose_name_plural)

    @cached_property
    def counts(self):
        """{"added": n, "removed": n, "changed": n}; a kind with no rows counts 0."""
        return Counter(row.kind for row in self.rows)


@dataclass
class RevisionDiff:
    record_fields: list
    groups: list

    @property
    def is_empty(self):
        return not self.record_fields and not self.groups

    def change_message(self):
        """The differences in the format of Django's admin log (LogEntry.change_message)."""
        message = []
        if self.record_fields:
            message.append({"changed": {"fields": [change.name for change in self.record_fields]}})
        for group in self.groups:
            for row in group.rows:
                entry = {"name": str(row.model._meta.verbose_name), "object": row.label}
                if row.kind == "changed":
                    entry["fields"] = [change.name for change in row.fields]
                message.append({"deleted" if row.kind == "removed" else row.kind: entry})
        return message


def compare_revisions(model, pk, older_versions, newer_versions):
    """The RevisionDiff of the record model/pk from one set of stored versions to another."""
    old_record, old_children = record_rows(model, pk, older_versions)
    new_record, new_children = record_rows(model, pk, newer_versions)
    pairs = pair_children(old_children, new_children)
    comparison = Comparison(
        old=Side(old_record, old_children, looked_up := {}),
        new=Side(new_record, new_children, looked_up),
        renamed={old.key: new.pk for old, new in pairs if old and new},
    )
    record_fields = []
    if old_record is not None and new_record is not None:
        record_fields = comparison.field_changes(old_record, new_record)
    return RevisionDiff(record_fields, comparison.groups(pairs))


def pair_children(old_children, new_children):
    """[(old row or None, new row or None)]: the same row in both revisions, where it is in both."""
    models_in_order = list(
        dict.fromkeys(row.model for row in [*new_children.values(), *old_children.values()])
    )
    pairs = []
    for kind in models_in_order:
        old = [row for row in old_children.values() if row.model is kind]
        new = [row for row in new_children.values() if row.model is kind]
        pairs.extend(pair_rows(kind, old, new))
    return pairs


def pair_rows(kind, old, new):
    new_by_pk = {row.pk: row for row in new}
    pairs = [(row, new_by_pk.pop(row.pk)) for row in old if row.pk in new_by_pk]
    paired = {row.pk for row, _ in pairs}
    old_left = [row for row in old if row.pk not in paired]
    new_left = list(new_by_pk.values())
    for key_fields in natural_keys(kind):
        by_key = {tuple(row.values.get(name) for name in key_fields): row for row in new_left}
        for row in list(old_left):
            match = by_key.pop(tuple(row.values.get(name) for name in key_fields), None)
            if match is not None:
                pairs.append((row, match))
                old_left.remove(row)
                new_left.remove(match)
    return pairs + pair_by_name(old_left, new_left)


def natural_keys(kind):
    """Field names that identify a row among its parent's rows, besides its id."""
    keys = []
    for constraint in kind._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields:
            names = [
                name
                for name in constraint.fields
                if name != POSITION and not kind._meta.get_field(name).many_to_one
            ]
            if names:
                keys.append(names)
    return keys


def pair_by_name(old, new):
    """Rows without a common id, lined up in order by name; the leftovers added or removed."""
    matcher = SequenceMatcher(None, [row.label for row in old], [row.label for row in new])
    pairs = []
    for _, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        olds, news = old[old_start:old_end], new[new_start:new_end]
        common = min(len(olds), len(news))
        pairs.extend(zip(olds[:common], news[:common], strict=True))
        pairs.extend((row, None) for row in olds[common:])
        pairs.extend((None, row) for row in news[common:])
    return pairs


@dataclass
class Comparison:
    old: Side
    new: Side
    renamed: dict  # {(model, old pk): new pk} for rows stored anew under another id

    def field_changes(self, old, new):
        if old.values == new.values and old.references == new.references:
            return []  # stored alike to the letter: most rows of most saves
        changes = []
        for model_field in compared_fields(new.model):
            name = model_field.name
            if name in (new.parent_link, POSITION) or name not in old.values:
                continue  # a field added since the old revision has no value to compare with
            if name not in new.values:
                continue
            before = self.comparable(model_field, normalised(model_field, old.values[name]))
            after = normalised(model_field, new.values[name])
            if not same(before, after):
                changes.append(self.change(model_field, old.values[name], new.values[name]))
        for label in dict.fromkeys([*old.references, *new.references]):
            before, after = old.references.get(label, []), new.references.get(label, [])
            if before != after:
                changes.append(FieldChange(label, "\n".join(before), "\n".join(after)))
        return changes

    def comparable(self, model_field, value):
        """An old value of a link to a row that was stored anew: the row's new id."""
        if not model_field.is_relation or value is None:
            return value
        related = model_field.related_model
        if model_field.many_to_many:
            return tuple(sorted(self.renamed.get((related, pk), pk) for pk in value))
        return self.renamed.get((related, value), value)

    def change(self, model_field, raw_before, raw_after):
        return FieldChange(
            capfirst(model_field.verbose_name),
            lambda: self.old.text(model_field, normalised(model_field, raw_before)),
            lambda: self.new.text(model_field, normalised(model_field, raw_after)),
            model_field,
        )

    def whole_row(self, row, side, added):
        """Every filled-in field of a row that was added (after) or removed (before)."""
        changes = []
        for model_field in compared_fields(row.model):
            name = model_field.name
            value = normalised(model_field, row.values.get(name))
            if (
                name in (row.parent_link, POSITION)
                or empty_like(value)
                or is_default(model_field, value)
            ):
                continue
            text = side.text(model_field, value)
            before, after = ("", text) if added else (text, "")
            changes.append(
                FieldChange(capfirst(model_field.verbose_name), before, after, model_field)
            )
        for label, lines in row.references.items():
            if lines:
                text = "\n".join(lines)
                before, after = ("", text) if added else (text, "")
                changes.append(FieldChange(label, before, after))
        return changes

    def groups(self, pairs):
        by_model = defaultdict(list)
        for old, new in pairs:
            by_model[(new or old).model].append((old, new))
        groups = []
        for kind, kind_pairs in by_model.items():
            moves = moved_rows(kind_pairs)
            rows = []
            for old, new in kind_pairs:
                if old is None:
                    rows.append(self.row_change("added", new, self.whole_row(new, self.new, True)))
                elif new is None:
                    rows.append(
                        self.row_change("removed", old, self.whole_row(old, self.old, False))
                    )
                else:
                    changes = self.field_changes(old, new)
                    if new.key in moves:
                        changes.insert(0, moves[new.key])
                    if changes:
                        rows.append(self.row_change("changed", new, changes))
            if rows:
                groups.append(GroupChange(kind, sorted(rows, key=lambda row: row.rank)))
        return groups

    def row_change(self, kind, row, changes):
        return RowChange(kind, row.model, row.label, changes, rank=order_key(row)[0])


def moved_rows(pairs):
    """{new row key: FieldChange of its place} for the rows that moved relative to the others.

    The rows kept in order are the longest common run of the two orders; a
    renumbering that keeps the order moves nothing.
    """
    both = [(old, new) for old, new in pairs if old and new]
    if not both or POSITION not in both[0][1].values:
        return {}
    olds = sorted((old for old, _ in pairs if old), key=order_key)
    news = sorted((new for _, new in pairs if new), key=order_key)
    old_rank = {row.key: rank for rank, row in enumerate(olds, 1)}
    new_rank = {row.key: rank for rank, row in enumerate(news, 1)}
    new_of = {old.key: new.key for old, new in both}
    old_order = [new_of[row.key] for row in olds if row.key in new_of]
    new_order = [row.key for row in news if row.key in new_of.values()]
    matcher = SequenceMatcher(None, old_order, new_order, autojunk=False)
    kept = {
        key
        for block in matcher.get_matching_blocks()
        for key in old_order[block.a : block.a + block.size]
    }
    moves = {}
    for old, new in both:
        if new.key not in kept:
            moves[new.key] = FieldChange(
                "Position",
                f"{old_rank[old.key]} of {len(olds)}",
                f"{new_rank[new.key]} of {len(news)}",
            )
    return moves
