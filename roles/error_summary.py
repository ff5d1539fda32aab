"""Every problem of a refused admin save, each saying where it is and linking there.

Django's admin says "Please correct the errors below." and leaves the editor
to scroll a long page for the red boxes, some inside collapsed lists. The
summary built here names each one ("Salary bands, row 3: Low end: ...") and
points at the element to jump to, so it works as plain links without
JavaScript. An error on a hidden field (the edit stamp, a row's id) is told
without that field's name, linked to its row or not at all: the editor could
neither see nor change the field.

The main form's own non-field errors are left out: the admin prints them right
under its note, as the first lines of the summary.
"""

from dataclasses import dataclass

from django.utils.text import capfirst


@dataclass(frozen=True)
class Problem:
    where: str  # "" for the form as a whole
    message: str
    anchor: str  # an element id on the page, or "" when there is nowhere to go


def form_problems(form, where_prefix="", form_anchor=""):
    """A form's field errors in field order, then (when asked) its non-field errors."""
    problems = []
    for name, field in form.fields.items():
        bound = form[name]
        for message in form.errors.get(name, []):
            if field.widget.is_hidden:
                problems.append(Problem(where_prefix, message, form_anchor))
            else:
                where = f"{where_prefix}: {bound.label}" if where_prefix else str(bound.label)
                problems.append(Problem(where, message, bound.id_for_label or form_anchor))
    return problems


def row_problems(inline_admin_formset):
    formset = inline_admin_formset.formset
    plural = capfirst(list_name(inline_admin_formset.opts))
    group = f"{formset.prefix}-group"  # the id Django's inline templates give the list
    problems = [Problem(plural, message, group) for message in formset.non_form_errors()]
    for index, form in enumerate(formset.forms):
        if not form.errors or marked_for_deletion(form):
            continue
        row, anchor = f"{plural}, row {index + 1}", f"{formset.prefix}-{index}"
        problems += [Problem(row, message, anchor) for message in form.non_field_errors()]
        problems += form_problems(form, where_prefix=row, form_anchor=anchor)
    return problems


def list_name(inline):
    """The list's name as declared, as Django's InlineModelAdmin works it out.

    Not the instance's verbose_name_plural: the role editor's screens add the
    row count to it for the list's heading (roles/admin_screens.py).
    """
    declared = type(inline)
    if declared.verbose_name_plural:
        return declared.verbose_name_plural
    if declared.verbose_name:
        return f"{declared.verbose_name}s"
    return inline.model._meta.verbose_name_plural


def marked_for_deletion(form):
    # The formset does not validate a row that is being deleted; neither do we.
    return bool(getattr(form, "cleaned_data", {}).get("DELETE"))


def change_form_problems(adminform, inline_admin_formsets):
    """The problems of the main form, then of each inline list, in page order."""
    problems = form_problems(adminform.form)
    for inline_admin_formset in inline_admin_formsets:
        problems += row_problems(inline_admin_formset)
    return problems
