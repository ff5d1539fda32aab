"""Role profiles and the shared records they refer to.

A Role owns ordered child records (responsibilities, salary bands, ladder
rungs ...). Tools, skills, certifications and sources are shared: a tool both
roles use is one row. Markdown prose is rendered once, on save, into a
matching ``*_html`` field so pages never render markdown per request.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from markdownx.models import MarkdownxField

from .markdown import render_markdown, render_markdown_inline

PARTIAL_DATE = RegexValidator(
    r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$",
    "Write the date as YYYY, YYYY-MM or YYYY-MM-DD.",
)
NON_NEGATIVE = MinValueValidator(0)


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


def positive_in_role(model_name):
    """Each role's items have distinct positions; position orders the page."""
    return models.UniqueConstraint(
        fields=["role", "position"], name=f"{model_name}_unique_position_in_role"
    )


class PayPeriod(models.TextChoices):
    YEAR = "year", "per year"
    MONTH = "month", "per month"
    HOUR = "hour", "per hour"


# --- shared records -------------------------------------------------------


class Source(models.Model):
    key = models.SlugField(unique=True, max_length=80)
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200)
    url = models.URLField(blank=True, max_length=500)
    date = models.CharField(
        max_length=10, blank=True, validators=[PARTIAL_DATE], help_text="When it was published."
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["key"]

    def __str__(self):
        return f"{self.publisher}: {self.title}"


class CatalogEntry(models.Model):
    key = models.SlugField(unique=True, max_length=80)
    name = models.CharField(max_length=200)
    description = MarkdownxField(blank=True)
    description_html = models.TextField(blank=True, editable=False)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.description_html = render_markdown(self.description)
        super().save(*args, **kwargs)


class Tool(CatalogEntry):
    class Category(models.TextChoices):
        MACHINERY = "machinery", "Machinery and lines"
        HAND_TOOLS = "hand-tools", "Hand and power tools"
        MEASUREMENT = "measurement", "Measurement and inspection"
        MATERIAL_HANDLING = "material-handling", "Material handling"
        AUTOMATION = "automation", "Automation and controls"
        SOFTWARE = "software", "Software and data"
        SAFETY = "safety", "Safety equipment"
        METHODS = "methods", "Methods and documentation"
        COMMUNICATION = "communication", "Communication"

    category = models.CharField(max_length=30, choices=Category.choices)

    def get_absolute_url(self):
        return reverse("roles:tool-detail", kwargs={"key": self.key})


class Skill(CatalogEntry):
    class Kind(models.TextChoices):
        TECHNICAL = "technical", "Technical"
        SOFT = "soft", "Soft"

    kind = models.CharField(max_length=10, choices=Kind.choices)

    def get_absolute_url(self):
        return reverse("roles:skill-detail", kwargs={"key": self.key})


class Certification(CatalogEntry):
    issuer = models.CharField(max_length=200, blank=True)

    def get_absolute_url(self):
        return reverse("roles:certification-detail", kwargs={"key": self.key})


# --- the role -------------------------------------------------------------


class Role(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    class Stress(models.TextChoices):
        LOW = "low", "Low"
        MODERATE = "moderate", "Moderate"
        HIGH = "high", "High"

    class Balance(models.TextChoices):
        POOR = "poor", "Poor"
        FAIR = "fair", "Fair"
        GOOD = "good", "Good"
        EXCELLENT = "excellent", "Excellent"

    slug = models.SlugField(unique=True, max_length=80)
    title = models.CharField(max_length=120)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    last_reviewed = models.DateField(null=True, blank=True)
    summary = models.CharField(max_length=200)
    alternative_titles = models.JSONField(default=list, blank=True)

    median_pay = money_field()
    median_pay_currency = models.CharField(max_length=3, blank=True)
    median_pay_period = models.CharField(max_length=5, choices=PayPeriod.choices, blank=True)
    median_pay_note = models.CharField(max_length=300, blank=True)
    median_pay_source = models.ForeignKey(
        Source, models.PROTECT, null=True, blank=True, related_name="+"
    )
    median_pay_as_of = models.CharField(max_length=10, blank=True, validators=[PARTIAL_DATE])

    pay_low = money_field()
    pay_high = money_field()
    pay_high_open_ended = models.BooleanField(default=False)
    pay_currency = models.CharField(max_length=3, blank=True)
    pay_period = models.CharField(max_length=5, choices=PayPeriod.choices, blank=True)
    pay_note = models.CharField(max_length=300, blank=True)
    pay_source = models.ForeignKey(Source, models.PROTECT, null=True, blank=True, related_name="+")
    pay_as_of = models.CharField(max_length=10, blank=True, validators=[PARTIAL_DATE])

    growth_percent = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    growth_label = models.CharField(max_length=100, blank=True)
    growth_period = models.CharField(max_length=20, blank=True)
    growth_source = models.ForeignKey(
        Source, models.PROTECT, null=True, blank=True, related_name="+"
    )
    growth_as_of = models.CharField(max_length=10, blank=True, validators=[PARTIAL_DATE])

    annual_openings = models.PositiveIntegerField(null=True, blank=True)
    annual_openings_approximate = models.BooleanField(default=False)
    annual_openings_period = models.CharField(max_length=20, blank=True)
    annual_openings_source = models.ForeignKey(
        Source, models.PROTECT, null=True, blank=True, related_name="+"
    )
    annual_openings_as_of = models.CharField(max_length=10, blank=True, validators=[PARTIAL_DATE])

    typical_education = models.CharField(max_length=300, blank=True)
    typical_education_source = models.ForeignKey(
        Source, models.PROTECT, null=True, blank=True, related_name="+"
    )
    typical_education_as_of = models.CharField(max_length=10, blank=True, validators=[PARTIAL_DATE])

    stress_level = models.CharField(max_length=10, choices=Stress.choices, blank=True)
    balance_rating = models.CharField(max_length=10, choices=Balance.choices, blank=True)
    work_life_source = models.ForeignKey(
        Source, models.PROTECT, null=True, blank=True, related_name="+"
    )

    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(pay_low__isnull=True)
                | Q(pay_high__isnull=True)
                | Q(pay_low__lte=F("pay_high")),
                name="role_pay_low_not_above_high",
            ),
            *non_negative("role", "median_pay", "pay_low", "pay_high"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        previous = Role.objects.filter(pk=self.pk).values_list("slug", flat=True).first()
        super().save(*args, **kwargs)
        # A slug now in use is no longer an old one, whoever had it before.
        SlugRedirect.objects.filter(old_slug=self.slug).delete()
        if previous and previous != self.slug:
            SlugRedirect.objects.update_or_create(old_slug=previous, defaults={"role": self})

    def get_absolute_url(self):
        return reverse("roles:detail", args=[self.slug])

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

    def __str__(self):
        return self.key


class RoleItem(models.Model):
    """An ordered item that belongs to one role."""

    role = models.ForeignKey(Role, models.CASCADE)
    position = models.PositiveIntegerField()

    class Meta:
        abstract = True
        ordering = ["position"]


class Sourced(models.Model):
    source = models.ForeignKey(Source, models.PROTECT, null=True, blank=True, related_name="+")
    as_of = models.CharField(max_length=10, blank=True, validators=[PARTIAL_DATE])

    class Meta:
        abstract = True


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
    note = models.TextField(blank=True)
    source = models.ForeignKey(Source, models.PROTECT, related_name="+")

    class Meta(RoleItem.Meta):
        constraints = [positive_in_role("occupationcode")]

    def __str__(self):
        return str(self.code)


class Responsibility(RoleItem):
    area = models.CharField(max_length=100, blank=True)
    text = MarkdownxField(help_text="One duty, in a sentence. Markdown (bold, links) is allowed.")
    text_html = models.TextField(blank=True, editable=False)
    example = models.BooleanField(
        default=False,
        help_text="A line from one worker's résumé: shown on the role page as an example, "
        "left out of job descriptions.",
    )
    source = models.ForeignKey(Source, models.PROTECT, null=True, blank=True, related_name="+")

    class Meta(RoleItem.Meta):
        verbose_name_plural = "responsibilities"
        constraints = [positive_in_role("responsibility")]

    def __str__(self):
        return str(self.text)

    def save(self, *args, **kwargs):
        self.text_html = render_markdown_inline(self.text)
        super().save(*args, **kwargs)


class WorkingCondition(RoleItem):
    """A concrete condition of the job, as a job description lists it."""

    class Kind(models.TextChoices):
        SHIFTS = "shifts", "Shifts and hours"
        PPE = "ppe", "Protective equipment"
        PHYSICAL = "physical", "Physical demands"
        ENVIRONMENT = "environment", "Environment"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    text = models.CharField(max_length=300)
    source = models.ForeignKey(Source, models.PROTECT, null=True, blank=True, related_name="+")

    class Meta(RoleItem.Meta):
        constraints = [positive_in_role("workingcondition")]

    def __str__(self):
        return self.text


class RoleTool(RoleItem):
    tool = models.ForeignKey(Tool, models.PROTECT, related_name="role_links")
    note = models.CharField(max_length=300, blank=True)

    class Meta(RoleItem.Meta):
        constraints = [
            positive_in_role("roletool"),
            models.UniqueConstraint(fields=["role", "tool"], name="roletool_once_per_role"),
        ]

    def __str__(self):
        return str(self.tool)


class RoleSkill(RoleItem):
    class Tier(models.TextChoices):
        FOUNDATIONAL = "foundational", "Foundational"
        SPECIALIZED = "specialized", "Specialized"
        PROFESSIONAL = "professional", "Professional"

    skill = models.ForeignKey(Skill, models.PROTECT, related_name="role_links")
    tier = models.CharField(max_length=12, choices=Tier.choices, blank=True)
    share = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[NON_NEGATIVE, MaxValueValidator(100)],
        help_text="Percent of workers who list this skill.",
    )
    note = models.CharField(max_length=300, blank=True)
    source = models.ForeignKey(Source, models.PROTECT, null=True, blank=True, related_name="+")
    as_of = models.CharField(max_length=10, blank=True, validators=[PARTIAL_DATE])

    class Meta(RoleItem.Meta):
        constraints = [
            positive_in_role("roleskill"),
            *non_negative("roleskill", "share"),
            models.UniqueConstraint(fields=["role", "skill"], name="roleskill_once_per_role"),
        ]

    def __str__(self):
        return str(self.skill)

    def clean(self):
        if self.share is not None and self.source_id is None:
            raise ValidationError({"source": "A skill share is a figure and needs a source."})


class RoleCertification(RoleItem):
    certification = models.ForeignKey(Certification, models.PROTECT, related_name="role_links")
    note = models.CharField(max_length=300, blank=True)

    class Meta(RoleItem.Meta):
        constraints = [
            positive_in_role("rolecertification"),
            models.UniqueConstraint(
                fields=["role", "certification"], name="rolecertification_once_per_role"
            ),
        ]

    def __str__(self):
        return str(self.certification)


class EducationOption(RoleItem, Sourced):
    name = models.CharField(max_length=200)
    duration = models.CharField(max_length=60, blank=True)
    cost_low = money_field()
    cost_high = money_field()
    currency = models.CharField(max_length=3, blank=True)
    note = models.TextField(blank=True)

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
        if has_cost and self.source_id is None:
            errors["source"] = "A cost is a figure and needs a source."
        if errors:
            raise ValidationError(errors)


class EntryStep(RoleItem):
    title = models.CharField(max_length=200)
    text = MarkdownxField(blank=True)
    text_html = models.TextField(blank=True, editable=False)
    duration = models.CharField(max_length=60, blank=True)
    source = models.ForeignKey(Source, models.PROTECT, null=True, blank=True, related_name="+")

    class Meta(RoleItem.Meta):
        constraints = [positive_in_role("entrystep")]

    def __str__(self):
        return str(self.title)

    def save(self, *args, **kwargs):
        self.text_html = render_markdown(self.text)
        super().save(*args, **kwargs)


class LadderRung(RoleItem):
    key = models.SlugField(max_length=40)
    title = models.CharField(max_length=200)
    years_min = models.PositiveSmallIntegerField(null=True, blank=True)
    years_max = models.PositiveSmallIntegerField(null=True, blank=True)
    linked_role = models.ForeignKey(
        Role, models.SET_NULL, null=True, blank=True, related_name="ladder_mentions"
    )
    role_level = models.BooleanField(
        default=False,
        help_text="This rung is a level of the role itself (job descriptions offer it).",
    )
    summary = models.TextField(blank=True)
    focus = models.JSONField(default=list, blank=True)
    skills = models.ManyToManyField(Skill, blank=True, related_name="rungs")
    tools = models.ManyToManyField(Tool, blank=True, related_name="rungs")
    certifications = models.ManyToManyField(Certification, blank=True, related_name="rungs")
    source = models.ForeignKey(Source, models.PROTECT, null=True, blank=True, related_name="+")

    class Meta(RoleItem.Meta):
        constraints = [
            positive_in_role("ladderrung"),
            models.UniqueConstraint(fields=["role", "key"], name="ladderrung_key_unique_in_role"),
            models.CheckConstraint(
                condition=Q(years_min__isnull=True)
                | Q(years_max__isnull=True)
                | Q(years_min__lte=F("years_max")),
                name="ladderrung_years_in_order",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if None not in (self.years_min, self.years_max) and self.years_min > self.years_max:
            errors["years_min"] = "The first year is after the last year."
        if self.linked_role_id is not None and self.linked_role_id == self.role_id:
            errors["linked_role"] = (
                "A rung cannot link to its own role: link only to another role's profile."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def years_label(self):
        if self.years_min is None and self.years_max is None:
            return ""
        if self.years_max is None:
            return f"{self.years_min}+ years"
        return f"{self.years_min or 0}–{self.years_max} years"


class SalaryBand(RoleItem, Sourced):
    level = models.CharField(max_length=200)
    rung = models.ForeignKey(
        LadderRung, models.SET_NULL, null=True, blank=True, related_name="salary_bands"
    )
    min = money_field()
    max = money_field()
    max_open_ended = models.BooleanField(default=False)
    median = money_field()
    average = money_field()
    currency = models.CharField(max_length=3, default="USD")
    period = models.CharField(max_length=5, choices=PayPeriod.choices, default=PayPeriod.YEAR)
    region = models.CharField(max_length=100, blank=True)

    class Meta(RoleItem.Meta):
        constraints = [
            positive_in_role("salaryband"),
            models.CheckConstraint(
                condition=Q(min__isnull=True) | Q(max__isnull=True) | Q(min__lte=F("max")),
                name="salaryband_min_not_above_max",
            ),
            models.CheckConstraint(
                condition=Q(min__isnull=True) | Q(median__isnull=True) | Q(min__lte=F("median")),
                name="salaryband_min_not_above_median",
            ),
            models.CheckConstraint(
                condition=Q(median__isnull=True) | Q(max__isnull=True) | Q(median__lte=F("max")),
                name="salaryband_median_not_above_max",
            ),
            *non_negative("salaryband", "min", "max", "median", "average"),
        ]

    def __str__(self):
        return str(self.level)

    def clean(self):
        errors = {}
        if all(value is None for value in [self.min, self.median, self.max, self.average]):
            errors["min"] = "Give at least one of min, max, median or average."
        out_of_order = "Pay is out of order: it must be min ≤ median ≤ max."
        if self.min is not None and any(
            value is not None and self.min > value for value in (self.median, self.max)
        ):
            errors["min"] = out_of_order
        elif None not in (self.median, self.max) and self.median > self.max:
            errors["median"] = out_of_order
        if None not in (self.min, self.average, self.max) and not (
            self.min <= self.average <= self.max
        ):
            errors["average"] = "The average lies outside min to max."
        if self.source_id is None:
            errors["source"] = "A salary figure needs a source."
        if self.rung_id and self.rung.role_id != self.role_id:
            errors["rung"] = "The rung belongs to another role's ladder."
        if errors:
            raise ValidationError(errors)


class PayDistribution(RoleItem, Sourced):
    label = models.CharField(max_length=200)
    currency = models.CharField(max_length=3, default="USD")
    period = models.CharField(max_length=5, choices=PayPeriod.choices, default=PayPeriod.YEAR)
    region = models.CharField(max_length=100, blank=True)
    p10 = money_field()
    p25 = money_field()
    p50 = money_field()
    p75 = money_field()
    p90 = money_field()

    PERCENTILES = ("p10", "p25", "p50", "p75", "p90")

    class Meta(RoleItem.Meta):
        constraints = [
            positive_in_role("paydistribution"),
            *non_negative("paydistribution", "p10", "p25", "p50", "p75", "p90"),
        ]

    def __str__(self):
        return str(self.label)

    def clean(self):
        values = [getattr(self, name) for name in self.PERCENTILES]
        errors = {}
        if any(value is None for value in values):
            errors["p10"] = "A distribution needs all of P10, P25, P50, P75 and P90."
        elif values != sorted(values):
            errors["p50"] = "Percentiles are out of order: P10 ≤ P25 ≤ P50 ≤ P75 ≤ P90."
        if self.source_id is None:
            errors["source"] = "A pay distribution needs a source."
        if errors:
            raise ValidationError(errors)

    @property
    def percentiles(self):
        return [(name.upper(), getattr(self, name)) for name in self.PERCENTILES]


class GlobalPay(RoleItem, Sourced):
    country = models.CharField(max_length=100)
    currency = models.CharField(max_length=3)
    low = money_field()
    high = money_field()
    usd_low = money_field()
    usd_high = money_field()
    period = models.CharField(max_length=5, choices=PayPeriod.choices, default=PayPeriod.YEAR)

    class Meta(RoleItem.Meta):
        verbose_name_plural = "global pay"
        constraints = [
            positive_in_role("globalpay"),
            models.CheckConstraint(
                condition=Q(low__isnull=True) | Q(high__isnull=True) | Q(low__lte=F("high")),
                name="globalpay_low_not_above_high",
            ),
            *non_negative("globalpay", "low", "high", "usd_low", "usd_high"),
        ]

    def __str__(self):
        return str(self.country)

    def clean(self):
        errors = {}
        for low, high in (("low", "high"), ("usd_low", "usd_high")):
            low_value, high_value = getattr(self, low), getattr(self, high)
            if None not in (low_value, high_value) and low_value > high_value:
                errors[low] = "The low figure is above the high figure."
        if self.source_id is None:
            errors["source"] = "Pay figures need a source."
        if errors:
            raise ValidationError(errors)


class ProCon(RoleItem):
    class Kind(models.TextChoices):
        PRO = "pro", "Pro"
        CON = "con", "Con"

    kind = models.CharField(max_length=3, choices=Kind.choices)
    text = models.TextField()
    source = models.ForeignKey(Source, models.PROTECT, null=True, blank=True, related_name="+")

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


class FAQ(RoleItem):
    question = models.CharField(max_length=300)
    answer = MarkdownxField()
    answer_html = models.TextField(blank=True, editable=False)
    source = models.ForeignKey(Source, models.PROTECT, null=True, blank=True, related_name="+")

    class Meta(RoleItem.Meta):
        verbose_name = "FAQ"
        verbose_name_plural = "FAQs"
        constraints = [positive_in_role("faq")]

    def __str__(self):
        return str(self.question)

    def save(self, *args, **kwargs):
        self.answer_html = render_markdown(self.answer)
        super().save(*args, **kwargs)


class RelatedCareer(RoleItem):
    title = models.CharField(max_length=200)
    linked_role = models.ForeignKey(
        Role, models.SET_NULL, null=True, blank=True, related_name="related_mentions"
    )
    note = models.TextField(blank=True)
    source = models.ForeignKey(Source, models.PROTECT, null=True, blank=True, related_name="+")

    class Meta(RoleItem.Meta):
        constraints = [positive_in_role("relatedcareer")]

    def __str__(self):
        return str(self.title)


class Comparison(RoleItem, Sourced):
    title = models.CharField(max_length=200)
    linked_role = models.ForeignKey(
        Role, models.SET_NULL, null=True, blank=True, related_name="comparison_mentions"
    )
    summary = MarkdownxField(blank=True)
    summary_html = models.TextField(blank=True, editable=False)
    this_role_skills = models.JSONField(default=list, blank=True)
    other_role_skills = models.JSONField(default=list, blank=True)

    class Meta(RoleItem.Meta):
        constraints = [positive_in_role("comparison")]

    def __str__(self):
        return str(self.title)

    def save(self, *args, **kwargs):
        self.summary_html = render_markdown(self.summary)
        super().save(*args, **kwargs)


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


class Section(models.Model):
    """One prose section of a role page, written in markdown."""

    class Kind(models.TextChoices):
        OVERVIEW = "overview", "Overview"
        WORK_SETTING = "work-setting", "Work setting"
        EDUCATION = "education", "Education and training"
        GETTING_STARTED = "getting-started", "Getting started"
        PAY_FACTORS = "pay-factors", "Pay factors"
        GLOBAL_OUTLOOK = "global-outlook", "Global outlook"
        MARKET_REALITY = "market-reality", "Market reality"
        ROLE_CHALLENGES = "role-challenges", "Role challenges"
        GROWTH_PATHS = "growth-paths", "Growth paths"
        INDUSTRY_TRENDS = "industry-trends", "Industry trends"
        WORK_LIFE = "work-life", "Work-life balance"
        PORTFOLIO = "portfolio", "Portfolio tips"
        DIVERSITY = "diversity", "Diversity and inclusion"
        REMOTE_WORK = "remote-work", "Remote work"
        VISAS = "visas", "Visas and relocation"

    role = models.ForeignKey(Role, models.CASCADE)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(editable=False)
    body = MarkdownxField()
    body_html = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["role", "kind"], name="section_once_per_role")
        ]

    def __str__(self):
        return self.get_kind_display()

    def save(self, *args, **kwargs):
        self.position = self.Kind.values.index(self.kind)
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)
