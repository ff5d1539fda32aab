"""The registry of the three kinds of shared record: tools, skills and certifications.

Each kind is one CatalogKind saying all that differs between them: the record
model, the model that links a record to a role, the catalog page's words, how
records are grouped and what says what a record is. Everything that treats
the three alike (catalog pages, search, skills check, comparison, sitemap,
content files, open data, the role querysets) loops over KINDS instead of
naming them; names like "tools", "roletool_set" and "roles:tool-detail" are
derived from the models here and nowhere else.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.text import capfirst

from .grouping import Group
from .models import Certification, RoleCertification, RoleSkill, RoleTool, Skill, Tool


@dataclass(frozen=True)
class CatalogKind:
    model: type  # the shared record, e.g. Tool
    link_model: type  # a role's link to one record, e.g. RoleTool (its field `tool`)
    heading: str  # the catalog index page's heading
    intro: str  # and its first paragraph
    facts: Callable  # record -> [(label, value)]: what the record is, on its own page
    group_field: str = ""  # a choice field records are listed under, in its choices' order
    group_heading: str = "{}"  # how one of those choices reads as a heading

    @property
    def name(self):
        """'tool': the link's field to the record, and the route names (roles:tool-index)."""
        return self.model._meta.model_name

    @property
    def plural(self):
        """'tools': the list in catalog.yaml and in role files, and a ladder rung's field."""
        return f"{self.name}s"

    @property
    def param(self):
        """The skills check's query parameter (?tools=...), also the role page's section id."""
        return self.plural

    @property
    def label(self):
        """'Tools', as a heading."""
        return capfirst(self.model._meta.verbose_name_plural)

    title = label  # the name the catalog templates use

    @property
    def link_set(self):
        """'roletool_set': a role's links to records of this kind."""
        return f"{self.link_model._meta.model_name}_set"

    @property
    def url_name(self):
        """The route of one record's page (record.get_absolute_url() is the same page)."""
        return f"roles:{self.name}-detail"

    @property
    def index_url_name(self):
        return f"roles:{self.name}-index"

    @property
    def index_url(self):
        return reverse(self.index_url_name)

    def counted(self, number):
        """'1 tool', '3 tools'."""
        return f"{number} {self.model._meta.verbose_name if number == 1 else self.label.lower()}"

    def records_of(self, role):
        """The records a role lists, in its order (from a queryset that prefetches its links)."""
        return [getattr(link, self.name) for link in getattr(role, self.link_set).all()]

    def grouped(self, items, record=lambda item: item):
        """Items under their record's group heading, in the order the choices are declared.

        Empty groups are left out. A kind without groups gives one unlabelled group.
        """
        items = list(items)
        if not self.group_field:
            return [Group("", items)]
        choices = self.model._meta.get_field(self.group_field).choices
        buckets = [
            (label, [item for item in items if getattr(record(item), self.group_field) == value])
            for value, label in choices
        ]
        return [Group(self.group_heading.format(label), found) for label, found in buckets if found]


TOOLS = CatalogKind(
    model=Tool,
    link_model=RoleTool,
    heading="Tools and technology",
    intro="The machines, instruments, software and methods that manufacturing roles work with, "
    "grouped by what they are for.",
    facts=lambda tool: [("Category", tool.get_category_display())],
    group_field="category",
)
SKILLS = CatalogKind(
    model=Skill,
    link_model=RoleSkill,
    heading="Skills",
    intro="What manufacturing roles ask of the people who do them: technical know-how first, "
    "then the soft skills that hold a team together.",
    facts=lambda skill: [("Kind", f"{skill.get_kind_display()} skill")],
    group_field="kind",
    group_heading="{} skills",
)
CERTIFICATIONS = CatalogKind(
    model=Certification,
    link_model=RoleCertification,
    heading="Certifications",
    intro="Credentials and courses that manufacturing roles ask for or reward, from A to Z.",
    facts=lambda cert: [("Issued by", cert.issuer)] if cert.issuer else [],
)

# The order the site lists them in: catalog.yaml, the sitemap, search results, open data.
KINDS = (TOOLS, SKILLS, CERTIFICATIONS)
