"""The role itself, its renamed slugs, and the base of every per-role item."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from . import help_text as h
from .fields import (
    RoleStatus,
    as_of_field,
    currency_field,
    money_field,
    non_negative,
    not_above,
    pay_period_field,
    source_field,
)
from .queries import RoleItemQuerySet, RoleQuerySet


class Role(models.Model):
    Status = RoleStatus

    class Stress(models.TextChoices):
        LOW = "low", "Low"
        MODERATE = "moderate", "Moderate"
        HIGH = "high", "High"

    class Balance(models.TextChoices):
        POOR = "poor", "Poor"
        FAIR = "fair", "Fair"
        GOOD = "good", "Good"
        EXCELLENT = "excellent", "Excellent"

    slug = models.SlugField(unique=True, max_length=80, help_text=h.SLUG)
    title = models.CharField(max_length=120)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PUBLISHED, help_text=h.STATUS
    )
    last_reviewed = models.DateField(null=True, blank=True)
    summary = models.CharField(max_length=200)
    alternative_titles = models.JSONField(default=list, blank=True)

    median_pay = money_field(
        help_text="The middle of what people in the role earn, per the source."
    )
    median_pay_currency = currency_field(blank=True)
    median_pay_period = pay_period_field(blank=True)
    median_pay_note = models.CharField(max_length=300, blank=True, help_text=h.PAY_NOTE)
    median_pay_source = source_field()
    median_pay_as_of = as_of_field()

    pay_low = money_field(help_text=h.LOW)
    pay_high = money_field(help_text=h.HIGH)
    pay_high_open_ended = models.BooleanField(default=False, help_text=h.OPEN_ENDED)
    pay_currency = currency_field(blank=True)
    pay_period = pay_period_field(blank=True)
    pay_note = models.CharField(max_length=300, blank=True, help_text=h.PAY_NOTE)
    pay_source = source_field()
    pay_as_of = as_of_field()

    growth_percent = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    growth_label = models.CharField(max_length=100, blank=True)
    growth_period = models.CharField(max_length=20, blank=True, help_text=h.YEARS)
    growth_source = source_field()
    growth_as_of = as_of_field()
    # The official yardstick for the figure above, in the site's words, with
    # its own source: a growth label is always the source's, never the site's.
    growth_context = models.CharField(max_length=600, blank=True)
    growth_context_source = source_field()
    growth_context_as_of = as_of_field()

    annual_openings = models.PositiveIntegerField(null=True, blank=True)
    annual_openings_approximate = models.BooleanField(default=False)
    annual_openings_period = models.CharField(max_length=20, blank=True, help_text=h.YEARS)
    annual_openings_source = source_field()
    annual_openings_as_of = as_of_field()

    typical_education = models.CharField(max_length=300, blank=True)
    typical_education_source = source_field()
    typical_education_as_of = as_of_field()

    # On-the-job training once hired, as the source words it ("Moderate-term").
    training = models.CharField(max_length=300, blank=True)
    training_source = source_field()
    training_as_of = as_of_field()

    stress_level = models.CharField(max_length=10, choices=Stress.choices, blank=True)
    balance_rating = models.CharField(max_length=10, choices=Balance.choices, blank=True)
    work_life_source = source_field()

    updated_at = models.DateTimeField(auto_now=True)

    objects = RoleQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        constraints = [
            not_above("pay_low", "pay_high", name="role_pay_low_not_above_high"),
            *non_negative("role", "median_pay", "pay_low", "pay_high"),
        ]
        # Changing a role stages the change; publishing it is a right of its own.
        permissions = [("publish_role", "Can publish roles and their pending changes")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        previous = Role.objects.filter(pk=self.pk).values_list("slug", flat=True).first()
        super().save(*args, **kwargs)
        self.record_rename(previous)

    def get_absolute_url(self):
        return reverse("roles:detail", args=[self.slug])

    def record_rename(self, previous_slug):
        """After a save: old addresses under previous_slug redirect here from now on."""
        # A slug now in use is no longer an old one, whoever had it before.
        SlugRedirect.objects.filter(old_slug=self.slug).delete()
        if previous_slug and previous_slug != self.slug:
            SlugRedirect.objects.update_or_create(old_slug=previous_slug, defaults={"role": self})

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    def clean(self):
        errors = {}
        if self.pay_low is not None and self.pay_high is not None and self.pay_low > self.pay_high:
            errors["pay_low"] = "The low end of the pay range is above the high end."
        figures = [
            ("median_pay", self.median_pay is not None),
            ("pay", self.pay_low is not None or self.pay_high is not None),
            ("growth", self.growth_percent is not None),
            ("annual_openings", self.annual_openings is not None),
            ("typical_education", bool(self.typical_education)),
            ("training", bool(self.training)),
        ]
        for prefix, present in figures:
            if present and getattr(self, f"{prefix}_source_id") is None:
                errors[f"{prefix}_source"] = "A figure needs a source."
        if errors:
            raise ValidationError(errors)


class SlugRedirect(models.Model):
    """A slug a role used to have. Its old URLs answer with a 301 to the current one.

    Pointing at the role, not at the next slug, means a chain of renames never
    costs more than one redirect.
    """

    old_slug = models.SlugField(unique=True, max_length=80)
    role = models.ForeignKey(Role, models.CASCADE, related_name="old_slugs")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.old_slug} → {self.role.slug}"


class SyncState(models.Model):
    """A digest of what the content files and the database last agreed on.

    load_content and export_content record it; an edit made in the admin since
    then changes the database's digest, which is how load_content knows not to
    overwrite that edit.
    """

    key = models.CharField(max_length=100, unique=True)
    digest = models.CharField(max_length=64)
    updated_at = models.DateTimeField(auto_now=True)
    # The content version (ContentVersion) the database stood at when the digest was
    # taken: a change stamped above it may not be in the digest. None: not known.
    content_version = models.PositiveBigIntegerField(null=True, blank=True)

    def __str__(self):
        return self.key


class RoleItem(models.Model):
    """An ordered item that belongs to one role."""

    role = models.ForeignKey(Role, models.CASCADE)
    position = models.PositiveIntegerField()

    objects = RoleItemQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position"]


class Sourced(models.Model):
    source = source_field()
    as_of = as_of_field()

    class Meta:
        abstract = True
