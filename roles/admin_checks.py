"""Rules a role saved in the admin must meet because the content files must meet them.

load_content refuses a role file without an '## Overview' section
(roles/content/parse.py), so an admin save must not leave a role without one:
export_content would write a file that the next load refuses. Markdown links
are checked by the markdown fields themselves (roles/line_endings.py asks
roles/markdown_limits.py, as the loader does).
"""

from django import forms

from .models import Section

OVERVIEW_MISSING = (
    "The Overview section is missing: every role needs one, since it opens the "
    "role's page and the content files require it. Add a prose section of kind "
    "Overview, or untick Delete on the one you have."
)


class SectionFormSet(forms.BaseInlineFormSet):
    """A role's prose sections, which must keep an Overview."""

    def clean(self):
        super().clean()
        kinds = {
            form.cleaned_data.get("kind")
            for form in self.forms
            if getattr(form, "cleaned_data", None) and not self._should_delete_form(form)
        }
        if Section.Kind.OVERVIEW not in kinds:
            raise forms.ValidationError(OVERVIEW_MISSING, code="overview_missing")
