"""A role's links to the shared catalog: its tools, skills and certifications."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models

from .catalog import Certification, Skill, Tool
from .editorial import Cited, FitsRungs
from .fields import (
    NON_NEGATIVE,
    as_of_field,
    non_negative,
    positive_in_role,
    source_field,
)
from .role import RoleItem


class RoleTool(RoleItem, Cited, FitsRungs):
    tool = models.ForeignKey(Tool, models.PROTECT, related_name="role_links")
    note = models.CharField(max_length=300, blank=True)

    class Meta(RoleItem.Meta):
        constraints = [
            positive_in_role("roletool"),
            models.UniqueConstraint(fields=["role", "tool"], name="roletool_once_per_role"),
        ]

    def __str__(self):
        return str(self.tool)


class RoleSkill(RoleItem, Cited, FitsRungs):
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
    share_source = source_field()
    share_as_of = as_of_field()

    class Meta(RoleItem.Meta):
        constraints = [
            positive_in_role("roleskill"),
            *non_negative("roleskill", "share"),
            models.UniqueConstraint(fields=["role", "skill"], name="roleskill_once_per_role"),
        ]

    def __str__(self):
        return str(self.skill)

    def clean(self):
        if self.share is not None and self.share_source_id is None:
            raise ValidationError({"share_source": "A skill share is a figure and needs a source."})


class RoleCertification(RoleItem, Cited, FitsRungs):
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
