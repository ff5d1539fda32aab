"""Admin fields for the editorial layer: an item's sources and the rungs it fits.

An item is edited as one row of its role's page, and Django's admin cannot
nest a table of citations inside a row, so both are short text fields, one
line per source or rung, written the way the content files write them.
"""

import reversion
from django import forms
from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from .models import Citation, Cited, FitsRungs, LadderRung, RungFit, Source
from .models.editorial import create_in_history

SOURCES_HELP = (
    "One source per line, by its key, most important first. Add what that source says "
    'differently after a colon: "seed-002: says 2–5 years".'
)
APPLIES_HELP = (
    'One rung per line: "junior: required" or "senior: preferred". Leave empty for '
    '"every level of the role, preferred".'
)


def text_lines(text):
    """(line number, stripped text) for each non-blank line."""
    return [
        (number, line.strip()) for number, line in enumerate(text.splitlines(), 1) if line.strip()
    ]


def split_pair(line):
    key, _, rest = line.partition(":")
    return key.strip(), rest.strip()


def parse_pairs(text, problem):
    """[(key, rest)] of "key: rest" lines, or a ValidationError naming each bad line.

    problem(key, rest) returns what is wrong with a line, or None.
    """
    errors, pairs = [], []
    for number, line in text_lines(text or ""):
        key, rest = split_pair(line)
        message = problem(key, rest)
        if message is None and key in dict(pairs):
            message = f"{key!r} is listed twice; name it once."
        if message:
            errors.append(f"Line {number}: {message}")
        else:
            pairs.append((key, rest))
    if errors:
        raise forms.ValidationError(errors)
    return pairs


class CitationsField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 2, "cols": 40})

    def __init__(self, **kwargs):
        super().__init__(required=False, help_text=SOURCES_HELP, label="Sources", **kwargs)

    def clean(self, value):
        """[(Source, note)] in order, or a ValidationError naming each bad line."""
        text = super().clean(value) or ""
        keys = [split_pair(line)[0] for _, line in text_lines(text)]
        known = Source.objects.in_bulk(keys, field_name="key")

        def problem(key, note):
            if key not in known:
                return f"no source has the key {key!r}."
            return "the note is over 300 characters." if len(note) > 300 else None

        return [(known[key], note) for key, note in parse_pairs(text, problem)]


class AppliesAtField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 2, "cols": 24})

    def __init__(self, **kwargs):
        super().__init__(required=False, help_text=APPLIES_HELP, label="Applies at", **kwargs)

    def parse(self, value, rungs):
        """[(LadderRung, requirement)] in the order given; rungs is {key: rung} of the role."""

        def problem(key, requirement):
            if key not in rungs:
                names = ", ".join(rungs) or "none yet: save the ladder first"
                return f"the ladder has no rung {key!r} (it has {names})."
            if requirement not in RungFit.Requirement.values:
                return f"write {key}: required or {key}: preferred."
            return None

        return [(rungs[key], requirement) for key, requirement in parse_pairs(value, problem)]


def replace_rows(model, item, rows):
    """Make item's rows of model (Citation or RungFit) exactly rows, a list of field dicts."""
    existing = model.objects.filter(
        content_type=ContentType.objects.get_for_model(item), object_id=item.pk
    )
    names = list(rows[0]) if rows else []
    if [{name: getattr(row, name) for name in names} for row in existing] == rows:
        return
    existing.delete()
    create_in_history(model, [model(item=item, **fields) for fields in rows])


def citation_lines(item):
    return "\n".join(
        f"{citation.source.key}: {citation.note}" if citation.note else citation.source.key
        for citation in item.citation_list()
    )


def fit_lines(item):
    return "\n".join(f"{fit.rung.key}: {fit.requirement}" for fit in item.fits.all())


class EditorialItemForm(forms.ModelForm):
    """A cited item's row, with its "Sources" (prefetch citations__source)."""

    citations_text = CitationsField()
    # Each text field, the model of the rows it edits, and how it writes them.
    row_fields = {"citations_text": (Citation, citation_lines)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name, (_, lines) in self.row_fields.items():
                self.initial[name] = lines(self.instance)

    def rows(self, name):
        """The field's rows as field values, for replace_rows()."""
        citations = self.cleaned_data.get("citations_text") or []
        return [
            {"position": index, "source": source, "note": note}
            for index, (source, note) in enumerate(citations)
        ]

    def _save_m2m(self):
        super()._save_m2m()
        for name, (model, _) in self.row_fields.items():
            replace_rows(model, self.instance, self.rows(name))


class RungFitItemForm(EditorialItemForm):
    """A cited item that may name its rungs: adds "Applies at" (prefetch fits__rung too)."""

    applies_text = AppliesAtField()
    row_fields = {**EditorialItemForm.row_fields, "applies_text": (RungFit, fit_lines)}

    def clean(self):
        cleaned = super().clean()
        rungs = {
            rung.key: rung for rung in LadderRung.objects.filter(role_id=self.instance.role_id)
        }
        try:
            cleaned["fits"] = self.fields["applies_text"].parse(cleaned.get("applies_text"), rungs)
        except forms.ValidationError as error:
            self.add_error("applies_text", error)
            cleaned["fits"] = []
        if cleaned["fits"] and not cleaned.get("applies_basis"):
            self.add_error(
                "applies_basis",
                "Say who decided these rungs: the cited sources, or the site's editors.",
            )
        if not cleaned["fits"] and cleaned.get("applies_basis"):
            cleaned["applies_basis"] = ""  # no rungs named: the default, which needs no basis
        return cleaned

    def rows(self, name):
        if name != "applies_text":
            return super().rows(name)
        fits = self.cleaned_data.get("fits") or []
        return [{"rung": rung, "requirement": requirement} for rung, requirement in fits]


def editorial_form(model):
    """The row form for a cited model, or None for one that cites nothing."""
    if issubclass(model, FitsRungs):
        return RungFitItemForm
    return EditorialItemForm if issubclass(model, Cited) else None


def register_history():
    """Keep citations and rung fits in each item's history, so a revert brings them back.

    The admin registers inline models itself, but without these relations; it
    leaves models already registered alone, so this runs first.
    """
    reversion.register(Citation)
    reversion.register(RungFit)
    for model in apps.get_app_config("roles").get_models():
        if issubclass(model, Cited) and not reversion.is_registered(model):
            relations = ["citations", "fits"] if issubclass(model, FitsRungs) else ["citations"]
            reversion.register(model, follow=relations)


register_history()
