"""How far the skills, tools and certifications a person has go toward each role.

Pure functions over model instances. A target is a published role (its
requirements are its RoleSkill, RoleTool and RoleCertification links) or one
rung of a published role's career ladder (its M2M skills, tools and
certifications). Matches are ranked nearest first.
"""

from dataclasses import dataclass, field
from fractions import Fraction

from .catalog import CERTIFICATIONS, SKILLS, TOOLS
from .formatting import sentence_list
from .models import Role

# Skills first: they are what most people can tick; certifications, to earn, come last.
KINDS = [SKILLS, TOOLS, CERTIFICATIONS]
PARAMS = [kind.param for kind in KINDS]


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
        return self.role.get_absolute_url() if self.is_role else self.rung.get_absolute_url()


def role_target(role, rungs):
    own = [number for number, rung in enumerate(rungs, 1) if rung.role_level]
    return Target(
        title=role.title,
        role=role,
        rung=None,
        rung_number=own[0] if own else 1,
        rung_count=len(rungs),
        records={kind.param: kind.records_of(role) for kind in KINDS},
        next_steps=list(role.entrystep_set.all()),
    )


def rung_target(role, rung, number, rung_count):
    return Target(
        title=rung.title,
        role=role,
        rung=rung,
        rung_number=number,
        rung_count=rung_count,
        records={kind.param: list(getattr(rung, kind.plural).all()) for kind in KINDS},
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
    groups: list  # of grouping.Group; a group with a label gets its own nested fieldset
    checked: set


def form_fieldsets(offered, selection):
    """The form's fieldsets: skills by kind, tools by category, certifications."""
    return [
        Fieldset(
            kind.param, kind.label, kind.grouped(offered[kind.param]), selection.have[kind.param]
        )
        for kind in KINDS
    ]


# --- what the person has ------------------------------------------------------


@dataclass
class Ticked:
    """The records a person says they have, by kind."""

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
        return sentence_list([kind.counted(len(self.have[kind.param])) for kind in KINDS])


def read_selection(values, offered):
    """values: param -> list of keys as given. Keys the form does not offer are set aside."""
    have, unknown = {}, {}
    for param in PARAMS:
        known = {record.key for record in offered[param]}
        given = list(dict.fromkeys(values.get(param, [])))
        have[param] = {key for key in given if key in known}
        unknown[param] = [key for key in given if key not in known]
    return Ticked(have, unknown)


# --- how near each target is ----------------------------------------------------


@dataclass
class Missing:
    kind: object  # a CatalogKind
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
        return sentence_list([group.kind.counted(len(group.items)) for group in self.missing])

    @property
    def missing_certifications(self):
        return next((group.items for group in self.missing if group.kind is CERTIFICATIONS), [])

    @property
    def missing_skills_and_tools(self):
        # Certifications are listed apart, as something to earn.
        return [group for group in self.missing if group.kind is not CERTIFICATIONS]


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
