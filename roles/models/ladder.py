"""A role's career ladder: the rungs from entry level up, some of them levels of the role."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from ..formatting import years_range
from ..line_endings import TextField
from .catalog import Certification, Skill, Tool
from .fields import not_above, positive_in_role, source_field
from .queries import LadderRungQuerySet
from .role import Role, RoleItem


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
    summary = TextField(blank=True)
    focus = models.JSONField(default=list, blank=True)
    skills = models.ManyToManyField(Skill, blank=True, related_name="rungs")
    tools = models.ManyToManyField(Tool, blank=True, related_name="rungs")
    certifications = models.ManyToManyField(Certification, blank=True, related_name="rungs")
    source = source_field()

    objects = LadderRungQuerySet.as_manager()

    class Meta(RoleItem.Meta):
        constraints = [
            positive_in_role("ladderrung"),
            models.UniqueConstraint(fields=["role", "key"], name="ladderrung_key_unique_in_role"),
            not_above("years_min", "years_max", name="ladderrung_years_in_order"),
        ]

    def pay_bands(self):
        """The salary bands that start or end at this rung (prefetch both relations).

        A level spanning three rungs or more is shown at its first and last; the
        note on it names both.
        """
        return [*self.salary_bands.all(), *self.salary_bands_ending.all()]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        """The rung on its role's career-path page (reads role: select or prefetch it)."""
        return reverse("roles:career-path", args=[self.role.slug]) + f"#rung-{self.key}"

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
        return years_range(self.years_min, self.years_max)
