"""A role's ordered items that are neither pay, ladder nor catalog links."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models

from ..line_endings import MarkdownField, TextField
from ..markdown import render_markdown, render_markdown_inline
from . import help_text as h
from .catalog import Source
from .editorial import Cited, FitsRungs
from .fields import (
    as_of_field,
    currency_field,
    money_field,
    non_negative,
    pay_period_field,
    positive_in_role,
    source_field,
)
from .role import Role, RoleItem, Sourced

SOC_CODE = RegexValidator(r"^\d{2}-\d{4}(\.\d{2})?$", "Write the code as 51-9061 or 51-9061.00.")


class OccupationCode(RoleItem):
    class System(models.TextChoices):
        ONET = "O*NET-SOC", "O*NET-SOC"
        SOC = "SOC 2018", "SOC 2018"

    class Match(models.TextChoices):
        EXACT = "exact", "Listed for this title"
        CLOSEST = "closest", "Closest match"
        ALTERNATIVE = "alternative", "Alternative"

    system = models.CharField(max_length=12, choices=System.choices)
    code = models.CharField(max_length=12)
    title = models.CharField(max_length=200)
    match = models.CharField(max_length=12, choices=Match.choices)
    note = TextField(blank=True)
    source = models.ForeignKey(Source, models.PROTECT, related_name="+", help_text=h.SOURCE)

    class Meta(RoleItem.Meta):
        constraints = [positive_in_role("occupationcode")]

    def __str__(self):
        return str(self.code)


class Responsibility(RoleItem, Cited, FitsRungs):
    area = models.CharField(max_length=100, blank=True)
    text = MarkdownField(help_text=h.markdown("One duty, in a sentence."))
    text_html = models.TextField(blank=True, editable=False)
    example = models.BooleanField(
        default=False,
        help_text="A line from one worker's résumé: shown on the role page as an example, "
        "left out of job descriptions.",
    )

    class Meta(RoleItem.Meta):
        verbose_name_plural = "responsibilities"
        constraints = [positive_in_role("responsibility")]

    def __str__(self):
        return str(self.text)

    def save(self, *args, **kwargs):
        self.fill_derived()
        super().save(*args, **kwargs)

    def fill_derived(self):
        """Set the fields computed from the others; save() calls it, and so do bulk inserts."""
        self.text_html = render_markdown_inline(self.text)


class WorkingCondition(RoleItem, Cited):
    """A concrete condition of the job, as a job description lists it."""

    class Kind(models.TextChoices):
        SHIFTS = "shifts", "Shifts and hours"
        PPE = "ppe", "Protective equipment"
        PHYSICAL = "physical", "Physical demands"
        ENVIRONMENT = "environment", "Environment"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    text = models.CharField(max_length=300)

    class Meta(RoleItem.Meta):
        constraints = [positive_in_role("workingcondition")]

    def __str__(self):
        return self.text


class EducationOption(RoleItem, Cited, FitsRungs):
    name = models.CharField(max_length=200)
    duration = models.CharField(max_length=60, blank=True)
    cost_low = money_field(help_text=h.LOW)
    cost_high = money_field(help_text=h.HIGH)
    currency = currency_field(blank=True)
    note = TextField(blank=True)
    cost_source = models.ForeignKey(
        Source,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=h.SOURCE,
    )
    as_of = as_of_field()

    class Meta(RoleItem.Meta):
        constraints = [
            positive_in_role("educationoption"),
            *non_negative("educationoption", "cost_low", "cost_high"),
        ]

    def __str__(self):
        return str(self.name)

    def clean(self):
        errors = {}
        if None not in (self.cost_low, self.cost_high) and self.cost_low > self.cost_high:
            errors["cost_low"] = "The low cost is above the high cost."
        has_cost = self.cost_low is not None or self.cost_high is not None
        if has_cost and not self.currency:
            errors["currency"] = "A cost needs a currency."
        if has_cost and self.cost_source_id is None:
            errors["cost_source"] = "A cost is a figure and needs a source."
        if errors:
            raise ValidationError(errors)


class EntryStep(RoleItem, Cited):
    title = models.CharField(max_length=200)
    text = MarkdownField(blank=True, help_text=h.markdown("What to do at this step, and how."))
    text_html = models.TextField(blank=True, editable=False)
    duration = models.CharField(max_length=60, blank=True)

    class Meta(RoleItem.Meta):
        constraints = [positive_in_role("entrystep")]

    def __str__(self):
        return str(self.title)

    def save(self, *args, **kwargs):
        self.fill_derived()
        super().save(*args, **kwargs)

    def fill_derived(self):
        self.text_html = render_markdown(self.text)


class ProCon(RoleItem, Cited):
    class Kind(models.TextChoices):
        PRO = "pro", "Pro"
        CON = "con", "Con"

    kind = models.CharField(max_length=3, choices=Kind.choices)
    text = TextField()

    class Meta(RoleItem.Meta):
        verbose_name = "pro or con"
        verbose_name_plural = "pros and cons"
        ordering = ["kind", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["role", "kind", "position"], name="procon_unique_position_in_role"
            )
        ]

    def __str__(self):
        return str(self.text)


class FAQ(RoleItem, Cited):
    question = models.CharField(max_length=300)
    answer = MarkdownField(help_text=h.markdown("The answer, a short paragraph or two."))
    answer_html = models.TextField(blank=True, editable=False)

    class Meta(RoleItem.Meta):
        verbose_name = "FAQ"
        verbose_name_plural = "FAQs"
        constraints = [positive_in_role("faq")]

    def __str__(self):
        return str(self.question)

    def save(self, *args, **kwargs):
        self.fill_derived()
        super().save(*args, **kwargs)

    def fill_derived(self):
        self.answer_html = render_markdown(self.answer)


class RelatedCareer(RoleItem, Cited):
    """Another job a reader of this profile may consider, with the figures a source gives."""

    title = models.CharField(max_length=200)
    linked_role = models.ForeignKey(
        Role, models.SET_NULL, null=True, blank=True, related_name="related_mentions"
    )
    soc_code = models.CharField(
        max_length=10, blank=True, validators=[SOC_CODE], help_text="Only a code a source gives."
    )
    pay = money_field()
    pay_currency = currency_field(blank=True)
    pay_period = pay_period_field(blank=True)
    pay_note = models.CharField(
        max_length=200, blank=True, help_text="What the figure is: median, or an average where."
    )
    pay_source = source_field()
    pay_as_of = as_of_field()
    education = models.CharField(max_length=200, blank=True)
    education_source = source_field()
    note = TextField(blank=True)

    class Meta(RoleItem.Meta):
        constraints = [
            positive_in_role("relatedcareer"),
            *non_negative("relatedcareer", "pay"),
        ]

    def __str__(self):
        return str(self.title)

    def clean(self):
        errors = {}
        if self.pay is not None:
            for name, given in [
                ("pay_currency", self.pay_currency),
                ("pay_period", self.pay_period),
                ("pay_source", self.pay_source_id),
            ]:
                if not given:
                    errors[name] = "Pay needs a currency, a period and a source."
        if self.education and self.education_source_id is None:
            errors["education_source"] = "The education needs a source."
        if errors:
            raise ValidationError(errors)


class Comparison(RoleItem, Sourced):
    title = models.CharField(max_length=200)
    linked_role = models.ForeignKey(
        Role, models.SET_NULL, null=True, blank=True, related_name="comparison_mentions"
    )
    summary = MarkdownField(blank=True, help_text=h.markdown("How the two roles differ."))
    summary_html = models.TextField(blank=True, editable=False)
    this_role_skills = models.JSONField(default=list, blank=True)
    other_role_skills = models.JSONField(default=list, blank=True)

    class Meta(RoleItem.Meta):
        constraints = [positive_in_role("comparison")]

    def __str__(self):
        return str(self.title)

    def save(self, *args, **kwargs):
        self.fill_derived()
        super().save(*args, **kwargs)

    def fill_derived(self):
        self.summary_html = render_markdown(self.summary)


class TopEmployer(RoleItem, Sourced):
    name = models.CharField(max_length=200)
    openings = models.PositiveIntegerField(null=True, blank=True)

    class Meta(RoleItem.Meta):
        constraints = [positive_in_role("topemployer")]

    def __str__(self):
        return str(self.name)

    def clean(self):
        if self.source_id is None:
            raise ValidationError({"source": "A hiring figure needs a source."})
