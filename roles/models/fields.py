"""Field helpers, constraints and choices shared by several model modules.

Kept apart from the models so each model module imports only what it uses,
the querysets can name a published role without importing Role, and the
content-file schema can reuse the validators and choices.
"""

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q

from .help_text import AS_OF, CURRENCY, PERIOD, SOURCE

PARTIAL_DATE = RegexValidator(
    r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$",
    "Write the date as YYYY, YYYY-MM or YYYY-MM-DD.",
)
NON_NEGATIVE = MinValueValidator(0)


def source_field():
    """A figure's source: optional, and kept while anything cites it."""
    return models.ForeignKey(
        "roles.Source", models.PROTECT, null=True, blank=True, related_name="+", help_text=SOURCE
    )


def as_of_field():
    """When a figure held, as its source dates it: YYYY, YYYY-MM or YYYY-MM-DD."""
    return models.CharField(max_length=10, blank=True, validators=[PARTIAL_DATE], help_text=AS_OF)


def currency_field(**kwargs):
    return models.CharField(max_length=3, help_text=CURRENCY, **kwargs)


def pay_period_field(**kwargs):
    return models.CharField(max_length=5, choices=PayPeriod.choices, help_text=PERIOD, **kwargs)


def money_field(**kwargs):
    return models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, validators=[NON_NEGATIVE], **kwargs
    )


def non_negative(model_name, *fields):
    """Database-level guard: no figure below zero, whatever wrote it."""
    return [
        models.CheckConstraint(
            condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0}),
            name=f"{model_name}_{field}_not_negative",
        )
        for field in fields
    ]


def not_above(low, high, name):
    """Database-level guard: low <= high whenever both are given (a range, a min and a median)."""
    return models.CheckConstraint(
        condition=Q(**{f"{low}__isnull": True})
        | Q(**{f"{high}__isnull": True})
        | Q(**{f"{low}__lte": F(high)}),
        name=name,
    )


def positive_in_role(model_name):
    """Each role's items have distinct positions; position orders the page."""
    return models.UniqueConstraint(
        fields=["role", "position"], name=f"{model_name}_unique_position_in_role"
    )


class PayPeriod(models.TextChoices):
    YEAR = "year", "per year"
    MONTH = "month", "per month"
    HOUR = "hour", "per hour"


class RoleStatus(models.TextChoices):
    """Role.Status: only published roles are public; drafts are previews for editors."""

    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
