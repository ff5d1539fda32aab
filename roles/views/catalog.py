"""Pages for the shared records: every tool, skill and certification, and who needs it.

One index and one detail view serve all three kinds; a ``Kind`` holds what
differs between them (model, labels, grouping, the facts that say what a
record is).
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlencode

from django.db.models import Prefetch
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.text import capfirst

from ..caching import cached_page
from ..models import Certification, LadderRung, Role, Skill, Tool
from ..profile import Group
from .pages import breadcrumbs


def grouped_by_choice(field, choices):
    """Group records under each choice's label, in the order the choices are declared."""

    def group(usages):
        buckets = [
            (label, [usage for usage in usages if getattr(usage.record, field) == value])
            for value, label in choices
        ]
        return [Group(label, items) for label, items in buckets if items]

    return group


def one_group(usages):
    return [Group("", list(usages))]


@dataclass(frozen=True)
class Kind:
    model: type
    heading: str
    intro: str
    group: Callable
    facts: Callable  # record -> [(label, value)]: what the record is
    shows_skill_map: bool = False  # role links carry a tier and a sourced share

    @property
    def name(self):
        """Singular, as in the route names: tool -> roles:tool-index."""
        return self.model._meta.model_name

    @property
    def param(self):
        """Plural: the skills check's GET parameter and the role page's section id."""
        return f"{self.name}s"

    @property
    def title(self):
        return capfirst(self.model._meta.verbose_name_plural)

    @property
    def index_url(self):
        return reverse(f"roles:{self.name}-index")

    def records(self):
        """Records with their published roles' links and ladder rungs, in three queries."""
        published = {"role__status": Role.Status.PUBLISHED}
        link_model = self.model.role_links.rel.related_model
        related = ("role", "source") if self.shows_skill_map else ("role",)
        links = link_model.objects.filter(**published).select_related(*related)
        rungs = LadderRung.objects.filter(**published).select_related("role")
        return self.model.objects.order_by(Lower("name")).prefetch_related(
            Prefetch("role_links", links.order_by("role__title"), to_attr="published_links"),
            Prefetch("rungs", rungs.order_by("role__title", "position"), to_attr="published_rungs"),
        )


@dataclass
class Usage:
    """A record and where published roles use it."""

    record: object

    @property
    def links(self):
        return self.record.published_links

    @cached_property
    def ladders(self):
        """Rungs that name the record, one group per role whose ladder they are on."""
        groups = {}
        for rung in self.record.published_rungs:
            groups.setdefault(rung.role_id, Group(rung.role, [])).items.append(rung)
        return list(groups.values())

    @cached_property
    def roles(self):
        """Every published role that lists the record or names it on its ladder."""
        found = {link.role.pk: link.role for link in self.links}
        found.update((group.label.pk, group.label) for group in self.ladders)
        return sorted(found.values(), key=lambda role: role.title)

    @cached_property
    def sources(self):
        """Sources of the figures shown (skill shares), each once."""
        shares = [link for link in self.links if getattr(link, "share", None) is not None]
        cited = {link.source.key: link.source for link in shares}
        return [cited[key] for key in sorted(cited)]


TOOLS = Kind(
    model=Tool,
    heading="Tools and technology",
    intro="The machines, instruments, software and methods that manufacturing roles work with, "
    "grouped by what they are for.",
    group=grouped_by_choice("category", Tool.Category.choices),
    facts=lambda tool: [("Category", tool.get_category_display())],
)
SKILLS = Kind(
    model=Skill,
    heading="Skills",
    intro="What manufacturing roles ask of the people who do them: technical know-how first, "
    "then the soft skills that hold a team together.",
    group=grouped_by_choice("kind", [("technical", "Technical skills"), ("soft", "Soft skills")]),
    facts=lambda skill: [("Kind", f"{skill.get_kind_display()} skill")],
    shows_skill_map=True,
)
CERTIFICATIONS = Kind(
    model=Certification,
    heading="Certifications",
    intro="Credentials and courses that manufacturing roles ask for or reward, from A to Z.",
    group=one_group,
    facts=lambda cert: [("Issued by", cert.issuer)] if cert.issuer else [],
)


@cached_page
def index(request, kind):
    usages = [Usage(record) for record in kind.records()]
    context = {
        "kind": kind,
        "groups": kind.group(usages),
        "count": len(usages),
        "breadcrumbs": breadcrumbs((kind.title, kind.index_url)),
    }
    return render(request, "roles/catalog_index.html", context)


@cached_page
def detail(request, kind, key):
    record = get_object_or_404(kind.records(), key=key)
    check_url = f"{reverse('roles:skills-check')}?{urlencode({kind.param: record.key})}"
    context = {
        "kind": kind,
        "record": record,
        "facts": kind.facts(record),
        "usage": Usage(record),
        "check_url": check_url,
        "breadcrumbs": breadcrumbs(
            (kind.title, kind.index_url), (record.name, record.get_absolute_url())
        ),
    }
    return render(request, "roles/catalog_detail.html", context)


def tool_index(request):
    return index(request, TOOLS)


def tool_detail(request, key):
    return detail(request, TOOLS, key)


def skill_index(request):
    return index(request, SKILLS)


def skill_detail(request, key):
    return detail(request, SKILLS, key)


def certification_index(request):
    return index(request, CERTIFICATIONS)


def certification_detail(request, key):
    return detail(request, CERTIFICATIONS, key)
