"""Django admin for editors: every model, with history, markdown preview and checks."""

from adminsortable2.admin import SortableAdminBase, SortableInlineAdminMixin
from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminTextareaWidget, RelatedFieldWidgetWrapper
from django.contrib.postgres.forms import SimpleArrayField
from django.db import models
from django.utils.html import format_html
from markdownx.models import MarkdownxField
from markdownx.widgets import AdminMarkdownxWidget

from . import models as m
from .admin_checks import SectionFormSet
from .admin_editorial import editorial_form
from .admin_guards import STAMP_FIELD, ContentAdmin, StaleEditForm
from .admin_list_rows import (
    PreloadedAutocompleteSelect,
    PreloadedAutocompleteSelectMultiple,
    list_choices_once,
    preload_choices,
    preloaded_relations,
)
from .admin_screens import ScreenedAdminMixin
from .admin_staging import StagedChangesAdmin
from .content.key_facts import ROLE_SOURCE_FIELDS
from .models.queries import citation_prefetches

MARKDOWN_WIDGETS = {MarkdownxField: {"widget": AdminMarkdownxWidget}}
POSITION_HELP = (
    "Drag the row by its handle, or type a number: lower numbers come first. "
    "On save the list is numbered again from 0 in the order shown."
)


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
            if name not in self.fields:
                continue  # on an editor screen without this field: it must not be saved
            self.fields[name] = lines_field(label)
            self.fields[name].initial = self.initial.get(name) or []

    def clean(self):
        data = super().clean()
        for name in self.list_fields.keys() & self.fields.keys():
            data[name] = [line.strip() for line in data.get(name) or [] if line.strip()]
        return data


# --- shared records ---------------------------------------------------------------


@admin.register(m.Source)
class SourceAdmin(ContentAdmin):
    # An address typed without a scheme is a web page's: assume https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
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


EQUIVALENCE_MEMBERS = ("tools", "skills", "certifications")


class EquivalenceForm(StaleEditForm):
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

    def get_queryset(self, request):
        # Each row is named after its members: three queries a row without this.
        return super().get_queryset(request).prefetch_related(*EQUIVALENCE_MEMBERS)


# --- a role's ordered items -----------------------------------------------------------


class ItemFormSet(forms.BaseInlineFormSet):
    # Rows are saved one at a time, so two rows trading positions would meet
    # the unique (role, position) rule halfway. Rows that move are first parked
    # on positions far above any in use.
    PARKING_OFFSET = 1_000_000

    def __init__(self, *args, default_order_direction=None, default_order_field=None, **kwargs):
        # django-admin-sortable2 passes its ordering here, and marks the list
        # draggable when the formset has it. Its own formset would hide the
        # position; this one keeps it a visible number, for the keyboard.
        self.default_order_direction = default_order_direction
        self.default_order_field = default_order_field
        super().__init__(*args, **kwargs)
        preload_choices(self)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "position" in form.fields and (index is None or index >= self.initial_form_count()):
            # A new row may leave it empty: it goes to the end of the list.
            form.fields["position"].required = False

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        list_choices_once(self, form)
        return form

    def save(self, commit=True):
        saved = super().save(commit)
        if commit and self.instance.pk:
            self.renumber()
        return saved

    def save_new(self, form, commit=True):
        if form.instance.position is None:
            last = self.model.objects.filter(role=self.instance).order_by("-position").first()
            form.instance.position = last.position + 1 if last else 0
        return super().save_new(form, commit)

    def renumber(self):
        """Number the role's rows 0, 1, 2… in their saved order, as load_content does.

        Dragging posts 1, 2, 3…, typing may leave gaps; the rows that end up
        elsewhere are parked first (the unique rule again), then saved one by
        one, so the revision being recorded sees their final positions.
        """
        ordering = self.model._meta.ordering
        # Pros and cons are numbered within their kind: ordering ["kind", "position"].
        groups = ordering[: ordering.index("position")]
        rows = self.model.objects.filter(role=self.instance).order_by(*groups, "position", "pk")
        moving, numbered = [], {}
        for row in rows:
            group = tuple(getattr(row, name) for name in groups)
            index = numbered[group] = numbered.get(group, -1) + 1
            if row.position != index:
                moving.append((index, row))
        for index, row in moving:
            self.model.objects.filter(pk=row.pk).update(position=self.PARKING_OFFSET + index)
        for index, row in moving:
            row.position = index
            row.save(update_fields=["position"])

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


class ItemInline(SortableInlineAdminMixin, admin.TabularInline):
    fk_name = "role"
    formset = ItemFormSet
    # Rows are dragged by the handle in their first cell: django-admin-sortable2's
    # table, with the whitespace between its tags left out (a fifth of its size).
    template = "admin/roles/edit_inline/sortable_tabular.html"
    extra = 0
    classes = ["collapse"]
    # Items are short: small editors keep a long list of rows scannable.
    formfield_overrides = {
        MarkdownxField: {"widget": AdminMarkdownxWidget(attrs={"rows": 3})},
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 50})},
    }

    def __init__(self, parent_model, admin_site):
        super().__init__(parent_model, admin_site)
        # sortable2 takes the first ordering field, which for pros and cons is
        # their kind; the rows are always dragged by position.
        self.default_order_direction, self.default_order_field = "", "position"

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        if issubclass(self.model, m.Cited):
            # Each row's "Sources" and "Applies at" fields, without a query per row.
            rows = rows.prefetch_related(*citation_prefetches(self.model))
        # The records the rows' selects show (and their names), loaded with the rows.
        joined, prefetched = preloaded_relations(self.model, self.get_autocomplete_fields(request))
        return rows.select_related(*joined).prefetch_related(*prefetched)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return super().formfield_for_foreignkey(
            db_field, request, **self.preloaded_widget(db_field, request, kwargs)
        )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return super().formfield_for_manytomany(
            db_field, request, **self.preloaded_widget(db_field, request, kwargs)
        )

    def preloaded_widget(self, db_field, request, kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            widget = (
                PreloadedAutocompleteSelectMultiple
                if db_field.many_to_many
                else PreloadedAutocompleteSelect
            )
            kwargs["widget"] = widget(db_field, self.admin_site, using=kwargs.get("using"))
        return kwargs

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "position":
            field.help_text = POSITION_HELP
            # A class, not a style attribute: the Content-Security-Policy allows
            # no inline styles, and each one blocked is a console error.
            classes = field.widget.attrs.get("class", "")
            # _reorder_ is the input sortable2's script renumbers after a drag.
            field.widget.attrs["class"] = f"{classes} item-position _reorder_".strip()
        if isinstance(getattr(field, "widget", None), RelatedFieldWidgetWrapper):
            # Four links (add, change, delete, view) beside every source and
            # skill of every row were a third of a screen's HTML, and their
            # template a good part of its time; sources and catalog records
            # are edited on their own pages.
            field.widget = field.widget.widget
        return field


class StackedItemInline(ItemInline):
    """For items with long text: one field per line instead of a table row."""

    template = "admin/roles/edit_inline/sortable_stacked.html"


def inline(model, base=ItemInline, **options):
    """An inline admin for one kind of role item; a cited item's row edits its citations."""
    if editorial_form(model):
        options.setdefault("form", editorial_form(model))
    return type(f"{model.__name__}Inline", (base,), {"model": model, **options})


class SectionInline(admin.StackedInline):
    model = m.Section
    formset = SectionFormSet  # keeps the Overview that load_content requires
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


class SalaryBandInline(StackedItemInline):
    model = m.SalaryBand
    formset = SalaryBandFormSet
    autocomplete_fields = ["source"]
    # Fourteen columns did not fit a laptop's width: each band is a short
    # block of related fields instead, which also stacks on a phone.
    # (sortable2 adds the position last.)
    fields = [
        ("level", "region"),
        ("rung", "through_rung"),
        ("min", "median", "max"),
        ("average", "max_open_ended"),
        ("currency", "period"),
        ("source", "as_of"),
    ]


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

    class Meta:
        # A summary runs to 200 characters: a one-line box showed a third of it.
        widgets = {"summary": AdminTextareaWidget(attrs={"rows": 3})}


def fact_fieldset(title, *fields):
    return (title, {"fields": fields, "classes": ["collapse"]})


@admin.register(m.Role)
class RoleAdmin(StagedChangesAdmin, ScreenedAdminMixin, SortableAdminBase, ContentAdmin):
    form = RoleForm
    save_on_top = True
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
