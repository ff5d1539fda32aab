"""How near the competencies a person has bring them to each step of each career ladder.

A competency is one thing a person can do, whatever the catalog calls it: the
records an Equivalence joins (the forklift skill, the forklift tool and the
forklift certificate) are one competency; any other record is one on its own.

A target is one rung of a published role's ladder. A rung that stands for
another published role (its linked_role) is not one: that role's own rungs
are. What a rung asks for (content/README.md, "The editorial layer"):

- the rung's own skills, tools and certifications, required;
- the role's links that name the rung in applies_at, as they say;
- the role's links that name no rung, preferred, if the rung is a level of the role;
- what the rungs below it on the same ladder ask for: a lead still needs what
  a junior needs. So a higher rung never asks for less, and someone with
  little ticked comes out nearest the lower rungs.

A competency counts once per rung, at its strongest; required weighs
REQUIRED, preferred PREFERRED (Match says how a score is made). Pure
functions over the roles RoleQuerySet.for_skills_check() reads, and the
equivalences' members.
"""

from dataclasses import dataclass, field
from fractions import Fraction

from .catalog import CERTIFICATIONS, KINDS, SKILLS, TOOLS
from .models import Equivalence, RungFit, Skill, Tool

# The form's one parameter (?have=<competency key>), then the record-by-kind
# parameters older links use (?skills=teamwork, from a record's page).
HAVE = "have"
PARAMS = [HAVE, *(kind.param for kind in (SKILLS, TOOLS, CERTIFICATIONS))]

REQUIRED, PREFERRED = 3, 1  # how much a competency weighs in a rung's score
WEIGHTS = {RungFit.Requirement.REQUIRED: REQUIRED, RungFit.Requirement.PREFERRED: PREFERRED}
# Below this many ticks a person is most likely starting out: entry rungs come first.
FEW = 3
NEXT_COUNT = 5  # missing competencies a card names before "everything else"
OPEN_CARDS = 3  # the nearest cards show what to add; the rest fold it away
MAX_BOXES = 90  # the form stays one a person can read through

# A competency is named after its skill (what a person can do), else its tool,
# else its certification; its topic comes from its tool, else its skill's kind.
LABEL_ORDER = (SKILLS, TOOLS, CERTIFICATIONS)
CATEGORY = Tool.Category
TOPICS = [
    ("Safety", {CATEGORY.SAFETY}),
    ("Machines and automation", {CATEGORY.MACHINERY, CATEGORY.AUTOMATION}),
    ("Hand tools", {CATEGORY.HAND_TOOLS}),
    ("Quality and measurement", {CATEGORY.MEASUREMENT}),
    ("Materials and warehouse", {CATEGORY.MATERIAL_HANDLING}),
    ("Computers and data", {CATEGORY.SOFTWARE}),
    ("Methods and improvement", {CATEGORY.METHODS}),
    ("Other technical skills", {Skill.Kind.TECHNICAL}),
    ("People and teamwork", {CATEGORY.COMMUNICATION, Skill.Kind.SOFT}),
    ("Certifications", {"certification"}),
]


# --- competencies ----------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    kind: object  # a CatalogKind
    record: object

    @property
    def id(self):
        return (self.kind.name, self.record.pk)


@dataclass(eq=False)
class Competency:
    key: str
    members: list  # of Member, the one it is named after first

    @property
    def label(self):
        return self.members[0].record.name

    @property
    def other_names(self):
        return [member.record.name for member in self.members[1:]]

    @property
    def page(self):
        return self.members[0].record

    @property
    def certificates(self):
        """Certifications that prove it, when it is not itself named after one."""
        return [m.record for m in self.members[1:] if m.kind is CERTIFICATIONS]

    @property
    def topic(self):
        for member in self.members:
            if member.kind is TOOLS:
                return topic_of(member.record.category)
        first = self.members[0]
        return topic_of(first.record.kind if first.kind is SKILLS else "certification")


def topic_of(group):
    return next(title for title, groups in TOPICS if group in groups)


def equivalence_members():
    """(equivalence id, member id) for every member of every equivalence: one query per kind."""
    pairs = []
    for kind in KINDS:
        through = getattr(Equivalence, kind.plural).through
        pairs += [
            (equivalence, (kind.name, pk))
            for equivalence, pk in through.objects.values_list("equivalence_id", f"{kind.name}_id")
        ]
    return pairs


def joined(members, pairs):
    """The members in groups, those an equivalence joins (directly or through another) together."""
    parent = {member_id: member_id for member_id in members}

    def root(node):
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    by_equivalence = {}
    for equivalence, member_id in pairs:
        if member_id in parent:
            by_equivalence.setdefault(equivalence, []).append(member_id)
    for same in by_equivalence.values():
        for other in same[1:]:
            parent[root(other)] = root(same[0])
    groups = {}
    for member_id, member in members.items():
        groups.setdefault(root(member_id), []).append(member)
    return list(groups.values())


def naming_order(member):
    return (LABEL_ORDER.index(member.kind), member.record.name.lower())


@dataclass
class Catalog:
    """The competencies some target asks for, and which one each record is."""

    competencies: list  # in label order
    by_key: dict  # competency key -> Competency
    by_member: dict  # Member.id -> Competency
    by_record_key: dict  # (param, record key) -> Competency, for older links
    # Any member's key that names one competency: a shared ?have= address keeps
    # working when an editor joins its record to another in an equivalence.
    aliases: dict = field(default_factory=dict)


def catalog_of(members, pairs):
    """members: Member.id -> Member, each record some target asks for."""
    competencies = [sorted(group, key=naming_order) for group in joined(members, pairs)]
    competencies.sort(key=lambda group: naming_order(group[0]))
    by_key = {}
    for group in competencies:
        first = group[0]
        key = first.record.key
        if key in by_key:  # a tool and a skill may share a key
            key = f"{first.kind.name}-{key}"
        by_key[key] = Competency(key, group)
    by_member = {m.id: c for c in by_key.values() for m in c.members}
    by_record_key = {(m.kind.param, m.record.key): c for c in by_key.values() for m in c.members}
    claims = {}
    for competency in by_key.values():
        for member in competency.members:
            claims.setdefault(member.record.key, set()).add(competency.key)
    aliases = {key: by_key[next(iter(keys))] for key, keys in claims.items() if len(keys) == 1}
    return Catalog(list(by_key.values()), by_key, by_member, by_record_key, aliases)


# --- what each rung asks for -------------------------------------------------------


@dataclass
class Need:
    competency: Competency
    weight: int  # REQUIRED or PREFERRED
    since: int  # the lowest step of the ladder that asks for it
    listed: bool = False  # a rung (this or one below) names it among its own records

    @property
    def required(self):
        return self.weight == REQUIRED


@dataclass
class Target:
    role: object
    rung: object
    step: int  # place on the role's ladder, counting every rung as the career path does
    step_count: int
    entry: bool  # a first step: the lowest rung of a ladder no other ladder leads into
    record_needs: dict  # Member.id -> (Member, weight, listed): what the rung itself asks for
    needs: dict = field(default_factory=dict)  # competency key -> Need, with rungs below

    @property
    def title(self):
        return self.rung.title

    @property
    def url(self):
        return self.rung.get_absolute_url()


def own_needs(role, rung):
    """Member.id -> (Member, weight, listed): what the rung itself asks for, at its strongest.

    listed: the rung names the record among its own (the ladder's headline list).
    """
    found = {}

    def add(kind, record, weight, listed=False):
        member = Member(kind, record)
        _, strongest, was_listed = found.get(member.id, (None, 0, False))
        found[member.id] = (member, max(weight, strongest), listed or was_listed)

    for kind in KINDS:
        for record in getattr(rung, kind.plural).all():
            add(kind, record, REQUIRED, listed=True)
        for link in getattr(role, kind.link_set).all():
            fits = {fit.rung_id: fit.requirement for fit in link.fits.all()}
            if rung.pk in fits:
                add(kind, getattr(link, kind.name), WEIGHTS[fits[rung.pk]])
            elif not fits and rung.role_level:
                add(kind, getattr(link, kind.name), PREFERRED)
    return found


def targets_for(roles):
    """Every rung of every role's ladder that is not another of these roles."""
    roles = list(roles)
    role_ids = {role.pk for role in roles}
    led_into = set()  # roles another ladder leads into: their first rung is not an entry
    targets = []
    for role in roles:
        rungs = list(role.ladderrung_set.all())
        own = [(n, rung) for n, rung in enumerate(rungs, 1) if rung.linked_role_id not in role_ids]
        led_into |= {rung.linked_role_id for rung in rungs} & (role_ids - {role.pk})
        targets += [
            Target(role, rung, n, len(rungs), i == 0, own_needs(role, rung))
            for i, (n, rung) in enumerate(own)
        ]
    firsts = [target for target in targets if target.entry]
    # If every ladder leads into another (a loop), each ladder's first rung is an entry.
    starts = {id(t) for t in firsts if t.role.pk not in led_into} or {id(t) for t in firsts}
    for target in targets:
        target.entry = id(target) in starts
    return targets


def with_needs(targets, catalog):
    """Each target's competencies: its own and the rungs' below it, each at its strongest."""
    ladders = {}  # role pk -> competency key -> Need, over the rungs seen so far
    for target in targets:
        ladder = ladders.setdefault(target.role.pk, {})
        for member, weight, listed in target.record_needs.values():
            competency = catalog.by_member.get(member.id)
            if competency is None:  # one the form leaves out (lightest()): it cannot be ticked
                continue
            need = ladder.get(competency.key)
            if need is None:
                ladder[competency.key] = Need(competency, weight, target.step, listed)
            elif weight > need.weight or listed > need.listed:
                ladder[competency.key] = Need(
                    competency, max(weight, need.weight), need.since, listed or need.listed
                )
        target.needs = dict(ladder)
    return targets


def lightest(catalog, targets, keep=MAX_BOXES):
    """The competencies past the first `keep`, by how much the rungs lean on them.

    Each rung's own word counts (required 2, preferred 1), summed over the rungs;
    at the same weight a tool goes first, then a certification: the form is
    about what a person can do.
    """
    weight = dict.fromkeys((c.key for c in catalog.competencies), 0)
    for target in targets:
        strongest = {}
        for member, need, _ in target.record_needs.values():
            key = catalog.by_member[member.id].key
            strongest[key] = max(strongest.get(key, 0), need)
        for key, need in strongest.items():
            weight[key] += need
    kept_first = (SKILLS, CERTIFICATIONS, TOOLS)
    ranked = sorted(
        catalog.competencies,
        key=lambda c: (-weight[c.key], kept_first.index(c.members[0].kind), c.label.lower()),
    )
    return ranked[keep:]


def without(catalog, left_out):
    gone = {competency.key for competency in left_out}
    competencies = [c for c in catalog.competencies if c.key not in gone]
    return Catalog(
        competencies,
        {c.key: c for c in competencies},
        {m_id: c for m_id, c in catalog.by_member.items() if c.key not in gone},
        {k: c for k, c in catalog.by_record_key.items() if c.key not in gone},
        {k: c for k, c in catalog.aliases.items() if c.key not in gone},
    )


@dataclass
class SkillsCheck:
    """The targets, and the competencies the form offers."""

    targets: list
    catalog: Catalog


def skills_check_for(roles, pairs, max_boxes=MAX_BOXES):
    """roles: published, read with for_skills_check(); pairs: equivalence_members().

    Past max_boxes competencies the lightest are left out of the form and so of
    every score: what a person cannot tick must not count against them.
    """
    targets = targets_for(roles)
    members = {m_id: m for t in targets for m_id, (m, _, _) in t.record_needs.items()}
    catalog = catalog_of(members, pairs)
    catalog = without(catalog, lightest(catalog, targets, max_boxes))
    return SkillsCheck(with_needs(targets, catalog), catalog)


# --- the form ------------------------------------------------------------------------


@dataclass
class Fieldset:
    legend: str
    competencies: list


def form_fieldsets(catalog):
    """The boxes by topic, in TOPICS' order, A to Z in each; a topic nobody needs is left out."""
    by_topic = {title: [] for title, _ in TOPICS}
    for competency in sorted(catalog.competencies, key=lambda c: c.label.lower()):
        by_topic[competency.topic].append(competency)
    return [Fieldset(title, found) for title, found in by_topic.items() if found]


# --- what the person has ------------------------------------------------------------


@dataclass
class Ticked:
    have: set  # competency keys
    unknown: list  # values in the address the form does not offer, in the order given

    @property
    def is_empty(self):
        return not self.have

    @property
    def few(self):
        return len(self.have) < FEW

    @property
    def summary(self):
        count = len(self.have)
        return f"{count} thing{'' if count == 1 else 's'}"


def read_selection(values, catalog):
    """values: param -> list of keys as given; ?skills=teamwork counts as the competency."""
    have, unknown = set(), []
    for param in PARAMS:
        for key in dict.fromkeys(values.get(param, [])):
            if param == HAVE:
                competency = catalog.by_key.get(key) or catalog.aliases.get(key)
            else:
                competency = catalog.by_record_key.get((param, key))
            if competency:
                have.add(competency.key)
            elif key not in unknown:
                unknown.append(key)
    return Ticked(have, unknown)


# --- how near each rung is ------------------------------------------------------------


@dataclass
class Match:
    """How far what a person has overlaps what a rung asks for.

    Of the rung's weight plus the person's ticks the rung does not use (each as
    heavy as a requirement), the share they have: a rung that ignores much of
    what someone can do fits them less, and someone who has all a senior needs
    and a lead's planning besides is nearer the lead.
    """

    target: Target
    have: int  # the weight of what the person has
    total: int  # the weight of all the rung asks for
    missing: list  # of Need, nearest first
    unused: int = 0  # the person's ticks the rung does not ask for

    @property
    def share(self):
        return Fraction(self.have, self.total + REQUIRED * self.unused)

    @property
    def percent(self):
        # Rounded down, so 99.6% is not yet "100%"; but a match is never "0%".
        return max(1, int(100 * self.share))

    @property
    def required_count(self):
        return sum(need.required for need in self.target.needs.values())

    @property
    def required_have(self):
        return self.required_count - sum(need.required for need in self.missing)

    @property
    def preferred_count(self):
        return len(self.target.needs) - self.required_count

    @property
    def preferred_have(self):
        return self.preferred_count - sum(not need.required for need in self.missing)

    @property
    def next_needs(self):
        return self.missing[:NEXT_COUNT]

    @property
    def later_needs(self):
        return self.missing[NEXT_COUNT:]


def nearest_first(need):
    """Required before preferred; then what lower rungs already ask for; then what a
    rung names itself (the ladder's headline list) before the rest; then by name."""
    return (-need.weight, need.since, not need.listed, need.competency.label.lower())


def match(target, selection):
    needs = target.needs.values()
    have = sum(need.weight for need in needs if need.competency.key in selection.have)
    missing = sorted(
        (n for n in needs if n.competency.key not in selection.have), key=nearest_first
    )
    unused = len(selection.have - target.needs.keys())
    return Match(target, have, sum(need.weight for need in needs), missing, unused)


STEP_HANDICAP = 0.015  # of the share, per step above the first, at a share of nothing


def ranked_matches(targets, selection):
    """Nearest first; rungs the person has nothing of are left out.

    By share (Match), less a little for each step up the ladder, the less the
    nearer the rung is to complete: of two rungs about as near, the lower comes
    first, since it is on the way to the higher (a hobbyist's PLC skills match
    a senior technician's list as well as a junior's, but the junior job is
    the one to apply for), while a rung someone has all of still comes before
    the ones below it. Then the rung that uses more of what the person has,
    then the lower step. Two ticks say little about how far along
    someone is, so then entry rungs come first and the rest climb step by step
    (two PLC boxes make a junior technician, not a senior one).
    """
    matches = [match(target, selection) for target in targets if target.needs]
    matches = [item for item in matches if item.have]
    matches.sort(
        key=lambda item: (
            -(item.share - STEP_HANDICAP * (item.target.step - 1) * (1 - item.share)),
            -item.have,
            item.target.step,
            item.target.title,
        )
    )
    if selection.few:
        matches.sort(key=lambda item: (not item.target.entry, item.target.step))
    return matches


def entry_targets(targets):
    return [target for target in targets if target.entry]
