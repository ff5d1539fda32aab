"""The rows of a role's lists in the admin, named without a query per row.

Django's autocomplete select looks up its chosen record by itself, so a list
of fifty skills cost fifty queries just to print their names. Here the
formset's rows, loaded once with their records (select_related and
prefetch_related), hand each select its records instead; and a plain select
of records lists its choices once per formset, not once per row.
"""

from django.contrib.admin.widgets import (
    AutocompleteMixin,
    AutocompleteSelect,
    AutocompleteSelectMultiple,
)
from django.forms import ModelChoiceField, Select


class PreloadedChoices:
    """For an autocomplete select: take the chosen records from the rows already loaded."""

    # {str(pk): record}; set on the formset's field, so every row's copy shares it.
    preloaded = None

    def optgroups(self, name, value, attr=None):
        chosen = [v for v in value if str(v) not in self.choices.field.empty_values]
        if self.preloaded is None or any(str(v) not in self.preloaded for v in chosen):
            # A value that is not a loaded row's (a new row, or an edited one
            # posted back): Django's own lookup, one query.
            return super().optgroups(name, value, attr)
        blank = not self.is_required and not self.allow_multiple_selected
        options = [self.create_option(name, "", "", False, 0)] if blank else []
        label = self.choices.field.label_from_instance
        for key in chosen:
            record = self.preloaded[str(key)]
            selected = {str(record.pk)}
            options.append(
                self.create_option(name, record.pk, label(record), selected, len(options))
            )
        return [(None, options, 0)]


class PreloadedAutocompleteSelect(PreloadedChoices, AutocompleteSelect):
    pass


class PreloadedAutocompleteSelectMultiple(PreloadedChoices, AutocompleteSelectMultiple):
    pass


def preloaded_relations(model, names):
    """The autocomplete fields split for loading with the rows: (foreign keys, many-to-many)."""
    fields = [model._meta.get_field(name) for name in names]
    return (
        [field.name for field in fields if field.many_to_one],
        [field.name for field in fields if field.many_to_many],
    )


def preload_choices(formset):
    """Give each preloaded select of the formset the records its rows point to."""
    rows = formset.get_queryset()
    for name, field in formset.form.base_fields.items():
        if not isinstance(field.widget, PreloadedChoices):
            continue
        relation = formset.model._meta.get_field(name)
        if relation.many_to_many:  # prefetched with the rows
            records = [record for row in rows for record in getattr(row, name).all()]
        else:
            records = [getattr(row, name) for row in rows if getattr(row, relation.attname)]
        field.widget.preloaded = {str(record.pk): record for record in records}


def list_choices_once(formset, form):
    """Give the row's plain selects (not autocomplete ones) choices listed once per formset.

    A select of records lists its queryset each time it renders: a query per
    row for the same few rungs or roles.
    """
    listed = formset.__dict__.setdefault("_listed_choices", {})
    for name, field in form.fields.items():
        # A row's own id is a ModelChoiceField too, on a hidden input: never listed.
        plain_select = isinstance(field.widget, Select) and not isinstance(
            field.widget, AutocompleteMixin
        )
        if isinstance(field, ModelChoiceField) and plain_select:
            if name not in listed:
                listed[name] = list(field.choices)
            field.choices = listed[name]
