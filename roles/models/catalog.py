"""The shared records roles refer to: sources, tools, skills and certifications.

A tool both roles use is one row; the roles link to it through RoleTool
(and RoleSkill, RoleCertification in links.py).
"""

from django.db import models
from django.urls import reverse

from ..line_endings import MarkdownField, TextField
from ..markdown import render_markdown
from . import help_text as h
from .fields import PARTIAL_DATE
from .queries import CatalogQuerySet


class Source(models.Model):
    key = models.SlugField(unique=True, max_length=80)
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200)
    url = models.URLField(blank=True, max_length=500)
    date = models.CharField(
        max_length=10, blank=True, validators=[PARTIAL_DATE], help_text="When it was published."
    )
    note = TextField(blank=True)
    # When it was last saved: an admin form opened before then may not save (admin_guards).
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key"]

    def __str__(self):
        return f"{self.publisher}: {self.title}"


class CatalogEntry(models.Model):
    key = models.SlugField(unique=True, max_length=80)
    name = models.CharField(max_length=200)
    description = MarkdownField(
        blank=True, help_text=h.markdown("What it is and what it is used for, in a few sentences.")
    )
    description_html = models.TextField(blank=True, editable=False)
    # When it was last saved: an admin form opened before then may not save (admin_guards).
    updated_at = models.DateTimeField(auto_now=True)

    objects = CatalogQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.description_html = render_markdown(self.description)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        # roles/urls.py names each kind's pages after its model: roles:tool-detail ...
        return reverse(f"roles:{self._meta.model_name}-detail", kwargs={"key": self.key})


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


class Skill(CatalogEntry):
    class Kind(models.TextChoices):
        TECHNICAL = "technical", "Technical"
        SOFT = "soft", "Soft"

    kind = models.CharField(max_length=10, choices=Kind.choices)


class Certification(CatalogEntry):
    issuer = models.CharField(max_length=200, blank=True)


class Equivalence(models.Model):
    """Records of different kinds that are one competency to a job seeker.

    The skill "forklift operation", the tool "forklifts and pallet jacks" and
    the forklift operator certification name one thing a person can do, so the
    skills check and search can treat them as one. catalog.yaml lists these under
    `equivalences`, in the order kept here.
    """

    position = models.PositiveIntegerField(default=0)
    note = models.CharField(max_length=300, blank=True)
    tools = models.ManyToManyField(Tool, blank=True, related_name="equivalences")
    skills = models.ManyToManyField(Skill, blank=True, related_name="equivalences")
    certifications = models.ManyToManyField(Certification, blank=True, related_name="equivalences")
    # When it was last saved: an admin form opened before then may not save (admin_guards).
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        if not self.pk:
            return "New equivalence"
        members = [*self.tools.all(), *self.skills.all(), *self.certifications.all()]
        return " = ".join(member.name for member in members) or "Empty equivalence"
