"""The prose sections of a role page, one per kind, in a fixed order."""

from django.db import models

from ..line_endings import MarkdownField
from ..markdown import render_markdown
from . import help_text as h
from .role import Role


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
    body = MarkdownField(
        help_text=h.markdown("The section's text; its heading is set by its kind.")
    )
    body_html = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["role", "kind"], name="section_once_per_role")
        ]

    def __str__(self):
        return self.get_kind_display()

    def save(self, *args, **kwargs):
        self.fill_derived()
        super().save(*args, **kwargs)

    def fill_derived(self):
        """Set the fields computed from the others; save() calls it, and so do bulk inserts."""
        self.position = self.Kind.values.index(self.kind)
        self.body_html = render_markdown(self.body)
