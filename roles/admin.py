"""Django admin for editors: every model, with history, markdown preview and checks."""

from django import forms
from django.contrib import admin
from django.contrib.postgres.forms import SimpleArrayField
from django.db import models
from django.utils.html import format_html
from markdownx.models import MarkdownxField
from markdownx.widgets import AdminMarkdownxWidget

from . import models as m
from .admin_editorial import editorial_form
from .admin_guards import STAMP_FIELD, ContentAdmin, StaleEditForm
from .content.key_facts import ROLE_SOURCE_FIELDS
from .models.queries import citation_prefetches

MARKDOWN_WIDGETS = {MarkdownxField: {"widget": AdminMarkdownxWidget}}
POSITION_HELP = "Lower numbers come first. Leave gaps (10, 20, 30) to make inserting easy."


def lines_field(label, required=False):
    """A list of short texts, edited one per line instead of as JSON."""
    return SimpleArrayField(
        forms.CharField(),
        delimiter="\n",
        required=required,
        label=label,
        help_text="One per line.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class LinesForm(forms.ModelForm):
    """Edits the model's JSON list fields one item per line."""

    list_fields = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in self.list_fields.items():
            self.fields[name] = lines_field(label)
            self.fields[name].initial = self.initial.get(name) or []

    def clean(self):
        data = super().clean()
        for name in self.list_fields:
            data[name] = [line.strip() for line in data.get(name) or [] if line.strip()]
        return data


# --- shared records ---------------------------------------------------------------


@admin.register(m.Source)
class SourceAdmin(ContentAdmin):
    list_display = ["key", "title", "publisher", "date"]
    search_fields = ["key", "title", "publisher"]


class CatalogAdmin(ContentAdmin):
    search_fields = ["key", "name"]
    formfield_overrides = MARKDOWN_WIDGETS
    prepopulated_fields = {"key": ["name"]}


@admin.register(m.Tool)
class ToolAdmin(CatalogAdmin):
    list_display = ["name", "key", "category"]
    list_filter = ["category"]


@admin.register(m.Skill)
class SkillAdmin(CatalogAdmin):
    list_display = ["name", "key", "kind"]
    list_filter = ["kind"]


@admin.register(m.Certification)
class CertificationAdmin(CatalogAdmin):
    list_display = ["name", "key", "issuer"]


class EquivalenceForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        kinds = ("tools", "skills", "certifications")
        members = sum(len(cleaned.get(name) or []) for name in kinds)
        if members < 2:
            raise forms.ValidationError(
                "An equivalence needs at least two records; a record is not equivalent to itself."
            )
        return cleaned


@admin.register(m.Equivalence)
class EquivalenceAdmin(ContentAdmin):
    """Records that are one competency to a job seeker (see models.Equivalence)."""

    form = EquivalenceForm
    list_display = ["__str__", "position", "note"]
    autocomplete_fields = ["tools", "skills", "certifications"]
    search_fields = ["tools__name", "skills__name", "certifications__name", "note"]


# --- a role's ordered items -----------------------------------------------------------


class ItemFormSet(forms.BaseInlineFormSet):
    # Rows are saved one at a time, so two rows trading positions would meet
    # the unique (role, position) rule halfway. Rows that move are first parked
    # on positions far above any in use.
    PARKING_OFFSET = 1_000_000

    def save_existing_objects(self, commit=True):
        if commit:
            moving = [
                form.instance.pk
                for form in self.initial_forms
                if form.instance.pk and "position" in form.changed_data
            ]
            for offset, pk in enumerate(moving, start=1):
                self.model.objects.filter(pk=pk).update(position=self.PARKING_OFFSET + offset)
        return super().save_existing_objects(commit)

    def get_unique_error_message(self, unique_check):
        if "position" in unique_check:
            return (
                "Two rows have the same position. Give each row its own number; "
                "the list is shown in position order."
            )
        return super().get_unique_error_message(unique_check)


class ItemInline(admin.TabularInline):
    fk_name = "role"
    formset = ItemFormSet
    extra = 0
    classes = ["collapse"]
    # Items are short: small editors keep a long list of rows scannable.
    formfield_overrides = {
        MarkdownxField: {"widget": AdminMarkdownxWidget(attrs={"rows": 3})},
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 50})},
    }

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        if issubclass(self.model, m.Cited):
            # Each row's "Sources" and "Applies at" fields, without a query per row.
            rows = rows.prefetch_related(*citation_prefetches(self.model))
        return rows

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "position":
            field.help_text = POSITION_HELP
            # A class, not a style attribute: the Content-Security-Policy allows
            # no inline styles, and each one blocked is a console error.
            classes = field.widget.attrs.get("class", "")
            field.widget.attrs["class"] = f"{classes} item-position".strip()
        return field


class StackedItemInline(ItemInline):
    """For items with long text: one field per line instead of a table row."""

    template = admin.StackedInline.template


def inline(model, base=ItemInline, **options):
    """An inline admin for one kind of role item; a cited item's row edits its citations."""
    if editorial_form(model):
        options.setdefault("form", editorial_form(model))
    return type(f"{model.__name__}Inline", (base,), {"model": model, **options})


class SectionInline(admin.StackedInline):
    model = m.Section
    extra = 0
    formfield_overrides = MARKDOWN_WIDGETS
    verbose_name = "prose section"


OccupationCodeInline = inline(m.OccupationCode, autocomplete_fields=["source"])


ResponsibilityInline = inline(m.Responsibility)

WorkingConditionInline = inline(m.WorkingCondition)


RoleToolInline = inline(m.RoleTool, autocomplete_fields=["tool"])


RoleSkillInline = inline(m.RoleSkill, autocomplete_fields=["skill", "share_source"])


RoleCertificationInline = inline(m.RoleCertification, autocomplete_fields=["certification"])


EducationOptionInline = inline(m.EducationOption, autocomplete_fields=["cost_source"])


EntryStepInline = inline(m.EntryStep, base=StackedItemInline)


class SalaryBandFormSet(ItemFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        # Only rungs of the role being edited make sense here. The role comes
        # from the formset, not the URL: the history pages that revert a role
        # pass its id positionally, and a rung list read from the URL there
        # came out empty, so a revert unlinked every band.
        rungs = m.LadderRung.objects.filter(role_id=self.instance.pk)
        form.fields["rung"].queryset = form.fields["through_rung"].queryset = rungs


class SalaryBandInline(ItemInline):
    model = m.SalaryBand
    formset = SalaryBandFormSet
    autocomplete_fields = ["source"]


PayDistributionInline = inline(m.PayDistribution, autocomplete_fields=["source"])


GlobalPayInline = inline(m.GlobalPay, autocomplete_fields=["source"])


class LadderRungForm(LinesForm):
    list_fields = {"focus": "Focus areas"}


class LadderRungInline(StackedItemInline):
    model = m.LadderRung
    form = LadderRungForm
    autocomplete_fields = ["source", "skills", "tools", "certifications"]


ProConInline = inline(m.ProCon)


FAQInline = inline(m.FAQ, base=StackedItemInline)


RelatedCareerInline = inline(
    m.RelatedCareer, base=StackedItemInline, autocomplete_fields=["pay_source", "education_source"]
)


class ComparisonForm(LinesForm):
    list_fields = {
        "this_role_skills": "Skills that lean to this role",
        "other_role_skills": "Skills that lean to the other role",
    }


class ComparisonInline(StackedItemInline):
    model = m.Comparison
    form = ComparisonForm
    autocomplete_fields = ["source"]


TopEmployerInline = inline(m.TopEmployer, autocomplete_fields=["source"])


# --- the role ---------------------------------------------------------------------


class RoleForm(StaleEditForm, LinesForm):
    list_fields = {"alternative_titles": "Other titles people use"}


def fact_fieldset(title, *fields):
    return (title, {"fields": fields, "classes": ["collapse"]})


@admin.register(m.Role)
class RoleAdmin(ContentAdmin):
    form = RoleForm
    list_display = ["title", "status", "last_reviewed", "updated_at", "view_on_site_link"]
    list_filter = ["status"]
    search_fields = ["title", "slug", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["updated_at"]
    autocomplete_fields = ROLE_SOURCE_FIELDS
    fieldsets = [
        (None, {"fields": ["title", "slug", "status", "last_reviewed", "updated_at", STAMP_FIELD]}),
        (None, {"fields": ["summary", "alternative_titles"]}),
        fact_fieldset(
            "Median pay",
            "median_pay",
            "median_pay_currency",
            "median_pay_period",
            "median_pay_note",
            "median_pay_source",
            "median_pay_as_of",
        ),
        fact_fieldset(
            "Pay range",
            "pay_low",
            "pay_high",
            "pay_high_open_ended",
            "pay_currency",
            "pay_period",
            "pay_note",
            "pay_source",
            "pay_as_of",
        ),
        fact_fieldset(
            "Growth outlook",
            "growth_percent",
            "growth_label",
            "growth_period",
            "growth_source",
            "growth_as_of",
            "growth_context",
            "growth_context_source",
            "growth_context_as_of",
        ),
        fact_fieldset(
            "Annual openings",
            "annual_openings",
            "annual_openings_approximate",
            "annual_openings_period",
            "annual_openings_source",
            "annual_openings_as_of",
        ),
        fact_fieldset(
            "Typical education",
            "typical_education",
            "typical_education_source",
            "typical_education_as_of",
        ),
        fact_fieldset("On-the-job training", "training", "training_source", "training_as_of"),
        fact_fieldset("Work-life balance", "stress_level", "balance_rating", "work_life_source"),
    ]
    inlines = [
        SectionInline,
        OccupationCodeInline,
        ResponsibilityInline,
        WorkingConditionInline,
        RoleToolInline,
        RoleSkillInline,
        RoleCertificationInline,
        EducationOptionInline,
        EntryStepInline,
        LadderRungInline,
        SalaryBandInline,
        PayDistributionInline,
        GlobalPayInline,
        ProConInline,
        FAQInline,
        RelatedCareerInline,
        ComparisonInline,
        TopEmployerInline,
    ]

    class Media:
        css = {"all": ["css/admin.css"]}

    @admin.display(description="On site")
    def view_on_site_link(self, role):
        return format_html('<a href="{}">View on site</a>', role.get_absolute_url())
