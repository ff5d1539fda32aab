"""One line ending, LF, for every piece of text the site stores.

Browsers post textareas with CRLF, and a file saved on Windows has CRLF too.
Stored as sent, an unchanged admin save would rewrite every markdown field,
the history would show every section as changed, and an export would differ
from the committed files on every line. Text is normalised where it enters:
the content loader decodes files through ``normalize_newlines``, and the
model fields below normalise on validation (the admin) and on every save or
bulk insert (everything else).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from markdownx.models import MarkdownxField

from .markdown_limits import markdown_problem


def normalize_newlines(text):
    """CRLF and lone CR become LF; anything that is not a string passes through."""
    if isinstance(text, str) and "\r" in text:
        return text.replace("\r\n", "\n").replace("\r", "\n")
    return text


class NormalizedNewlinesMixin:
    def to_python(self, value):
        return normalize_newlines(super().to_python(value))

    def pre_save(self, model_instance, add):
        value = normalize_newlines(super().pre_save(model_instance, add))
        setattr(model_instance, self.attname, value)
        return value


class TextField(NormalizedNewlinesMixin, models.TextField):
    """A plain multi-line text field stored with LF line endings."""


class MarkdownField(NormalizedNewlinesMixin, MarkdownxField):
    """A markdown field (with the admin's markdownx editor) stored with LF line endings.

    Validation refuses text over the limits of roles/markdown_limits.py. It is
    checked here rather than by a validator in the field's arguments, which a
    migration would have to record, and the message names the field because
    an inline's errors are shown far from its label.
    """

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        problem = markdown_problem(value)
        if problem:
            raise ValidationError(
                "%(field)s: %(problem)s.",
                code="markdown_limit",
                params={"field": capfirst(self.verbose_name), "problem": problem},
            )
