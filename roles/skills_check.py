"""How far the skills, tools and certifications a person has go toward each role.

Pure functions over model instances. A target is a published role (its
requirements are its RoleSkill, RoleTool and RoleCertification links) or one
rung of a published role's career ladder (its M2M skills, tools and
certifications). Matches are ranked nearest first.
"""

from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Prefetch

from .models import Role, RoleCertification, RoleSkill, RoleTool, Skill, Tool
from .profile import Group


@dataclass(frozen=True)
class Kind:
    param: str  # the query-string name, also the key of every per-kind dict here
    label: str
    singular: str
    url_name: str  # the record's own page

    def counted(self, number):
        return f"{number} {self.singular if number == 1 else self.label.lower()}"


KINDS = [
    Kind("skills", "Skills", "skill", "roles:skill-detail"),
    Kind("tools", "Tools", "tool", "roles:tool-detail"),
    Kind("certifications", "Certifications", "certification", "roles:certification-detail"),
]
PARAMS = [kind.param for kind in KINDS]


def and_list(parts):
    """'a, b and c'."""
    return " and ".join(filter(None, [", ".join(parts[:-1]), parts[-1]])) if parts else ""


def roles_for_check():
    """Published roles with every requirement and next step: nine queries, however many."""
    return Role.objects.filter(status=Role.Status.PUBLISHED).prefetch_related(
        Prefetch("roleskill_set", RoleSkill.objects.select_related("skill")),
        Prefetch("roletool_set", RoleTool.objects.select_related("tool")),
        Prefetch(
            "rolecertification_set", RoleCertification.objects.select_related("certification")
        ),
        "entrystep_set",
        "ladderrung_set__skills",
        "ladderrung_set__tools",
        "ladderrung_set__certifications",
    )


# --- what can be measured against -------------------------------------------


@dataclass
class Target:
    title: str
    role: Role
    rung: object  # the LadderRung, or None when the target is the role itself
    rung_number: int  # 1-based place on the ladder; breaks ties, lower first
    rung_count: int
    records: dict  # param -> list of records
    next_steps: list  # entry step titles for a role, focus areas for a rung

    @property
    def is_role(self):
        return self.rung is None

    @property
    def url(self):
        url = self.role.get_absolute_url()
        return url if self.is_role else f"{url}#rung-{self.rung.key}"


def role_target(role, rungs):
    own = [number for number, rung in enumerate(rungs, 1) if rung.role_level]
    return Target(
        title=role.title,
        role=role,
        rung=None,
        rung_number=own[0] if own else 1,
        rung_count=len(rungs),
        records={
            "skills": [link.skill for link in role.roleskill_set.all()],
            "tools": [link.tool for link in role.roletool_set.all()],
            "certifications": [link.certification for link in role.rolecertification_set.all()],
        },
        next_steps=list(role.entrystep_set.all()),
    )


def rung_target(role, rung, number, rung_count):
    return Target(
        title=rung.title,
        role=role,
        rung=rung,
        rung_number=number,
        rung_count=rung_count,
        records={param: list(getattr(rung, param).all()) for param in PARAMS},
        next_steps=list(rung.focus),
    )


def targets_for(roles):
    targets = []
    for role in roles:
        rungs = list(role.ladderrung_set.all())
        targets.append(role_target(role, rungs))
        targets += [rung_target(role, rung, n, len(rungs)) for n, rung in enumerate(rungs, 1)]
    return targets


def offered_records(targets):
    """Every record some target needs, by name: the boxes the form offers."""
    offered = {}
    for param in PARAMS:
        unique = {r.key: r for target in targets for r in target.records[param]}
        offered[param] = sorted(unique.values(), key=lambda record: record.name.lower())
    return offered


@dataclass
class Fieldset:
    param: str
    legend: str
    groups: list  # of Group; a group with a label gets its own nested fieldset
    checked: set


def form_fieldsets(offered, selection):
    """The form's fieldsets: skills by kind, tools by category, certifications."""
    skills = [
        Group(f"{label} skills", [skill for skill in offered["skills"] if skill.kind == kind])
        for kind, label in Skill.Kind.choices
    ]
    tools = [
        Group(label, [tool for tool in offered["tools"] if tool.category == category])
        for category, label in Tool.Category.choices
    ]
    groups = {
        "skills": [group for group in skills if group.items],
        "tools": [group for group in tools if group.items],
        "certifications": [Group("", offered["certifications"])],
    }
    return [
        Fieldset(kind.param, kind.label, groups[kind.param], selection.have[kind.param])
        for kind in KINDS
    ]


# --- what the person has ------------------------------------------------------


@dataclass
class Selection:
    have: dict  # param -> set of known keys
    unknown: dict = field(default_factory=dict)  # param -> unknown keys, in the order given

    @property
    def is_empty(self):
        return not any(self.have.values())

    @property
    def unknown_keys(self):
        return [key for keys in self.unknown.values() for key in keys]

    @property
    def summary(self):
        """'4 skills, 0 tools and 1 certification'."""
        return and_list([kind.counted(len(self.have[kind.param])) for kind in KINDS])


def read_selection(values, offered):
    """values: param -> list of keys as given. Keys the form does not offer are set aside."""
    have, unknown = {}, {}
    for param in PARAMS:
        known = {record.key for record in offered[param]}
        given = list(dict.fromkeys(values.get(param, [])))
        have[param] = {key for key in given if key in known}
        unknown[param] = [key for key in given if key not in known]
    return Selection(have, unknown)


# --- how near each target is ----------------------------------------------------


@dataclass
class Missing:
    kind: Kind
    items: list


@dataclass
class Match:
    target: Target
    have: int
    total: int
    missing: list  # of Missing, one per kind with something missing

    @property
    def percent(self):
        # Rounded down: 99.6% is not yet "100%".
        return 100 * self.have // self.total

    @property
    def missing_count(self):
        return self.total - self.have

    @property
    def summary(self):
        """'3 skills, 1 tool and 2 certifications'."""
        return and_list([group.kind.counted(len(group.items)) for group in self.missing])

    @property
    def missing_certifications(self):
        return next(
            (group.items for group in self.missing if group.kind.param == "certifications"), []
        )

    @property
    def missing_skills_and_tools(self):
        # Certifications are listed apart, as something to earn.
        return [group for group in self.missing if group.kind.param != "certifications"]


def match(target, selection):
    have = total = 0
    missing = []
    for kind in KINDS:
        records = target.records[kind.param]
        absent = [record for record in records if record.key not in selection.have[kind.param]]
        total += len(records)
        have += len(records) - len(absent)
        if absent:
            missing.append(Missing(kind, absent))
    return Match(target, have, total, missing)


def ranked_matches(targets, selection):
    """Nearest first: highest share matched, then the lower rung, then roles before rungs."""
    matches = [match(target, selection) for target in targets]
    matches = [item for item in matches if item.total]
    return sorted(
        matches,
        key=lambda item: (
            -Fraction(item.have, item.total),
            item.target.rung_number,
            not item.target.is_role,
            item.target.title,
        ),
    )
