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
REQUIRED, preferred PREFERRED (Match says how a score is made).

With a thousand roles there are some 5,000 rungs, each asking for dozens of
things: what one rung asks for is kept once per ladder (Ask: the step it is
first asked for, first required, first listed), each rung's total is summed
once, and a person's score only looks at what they ticked. The full list of
what a rung asks for (Target.needs) is made only for the cards shown.
Computed from the plain rows roles/skills_check_rows.py reads, and the
equivalences' members.
"""

import sys
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property

from .catalog import CERTIFICATIONS, KINDS, SKILLS, TOOLS
from .models import Equivalence, Skill, Tool
from .skills_check_rows import PREFERRED, REQUIRED, code_of, read_rows

# The form's one parameter (?have=<competency key>), then the record-by-kind
# parameters older links use (?skills=teamwork, from a record's page).
HAVE = "have"
TICK_PARAMS = [HAVE, *(kind.param for kind in (SKILLS, TOOLS, CERTIFICATIONS))]
PAGE = "page"  # which page of the matches; the address keeps it, so a page can be shared
PARAMS = [*TICK_PARAMS, PAGE]  # all that changes what the page shows (roles/canonical.py)

# Below this many ticks a person is most likely starting out: entry rungs come first.
FEW = 3
NEXT_COUNT = 5  # missing competencies a card names before "everything else"
# ... and how many of everything else it folds away: with one box ticked a rung
# may miss eighty things, and twelve cards of eighty links are a long page to send.
LATER_COUNT = 15
OPEN_CARDS = 3  # the nearest cards show what to add; the rest fold it away
MAX_BOXES = 90  # the form stays one a person can read through
PAGE_SIZE = 12  # cards a page shows: the nearest few, not thousands
START_COUNT = 5  # first steps the "start here" box names
NEVER = sys.maxsize  # the step of something no rung of the ladder does

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


@dataclass(eq=False)
class Competency:
    key: str
    members: list  # of skills_check_rows.Record, the one it is named after first

    @property
    def label(self):
        return self.members[0].name

    @property
    def other_names(self):
        return [member.name for member in self.members[1:]]

    @property
    def page(self):
        return self.members[0]

    @property
    def url(self):
        return self.members[0].url

    @property
    def certificates(self):
        """Certifications that prove it, when it is not itself named after one."""
        return [m for m in self.members[1:] if m.kind is CERTIFICATIONS]

    @property
    def topic(self):
        for member in self.members:
            if member.kind is TOOLS:
                return topic_of(member.group)
        return topic_of(self.members[0].group)  # a skill's kind, or "certification"


def topic_of(group):
    return next(title for title, groups in TOPICS if group in groups)


def equivalence_members():
    """(equivalence id, record code) for every member of every equivalence: one query per kind."""
    pairs = []
    for index, kind in enumerate(KINDS):
        through = getattr(Equivalence, kind.plural).through
        pairs += [
            (equivalence, code_of(index, pk))
            for equivalence, pk in through.objects.values_list("equivalence_id", f"{kind.name}_id")
        ]
    return pairs


def joined(members, pairs):
    """The members in groups, those an equivalence joins (directly or through another) together."""
    parent = {code: code for code in members}

    def root(node):
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    by_equivalence = {}
    for equivalence, code in pairs:
        if code in parent:
            by_equivalence.setdefault(equivalence, []).append(code)
    for same in by_equivalence.values():
        for other in same[1:]:
            parent[root(other)] = root(same[0])
    groups = {}
    for code, member in members.items():
        groups.setdefault(root(code), []).append(member)
    return list(groups.values())


def naming_order(member):
    return (LABEL_ORDER.index(member.kind), member.name.lower())


@dataclass
class Catalog:
    """The competencies some target asks for, and which one each record is."""

    competencies: list  # in label order
    by_key: dict  # competency key -> Competency
    by_member: dict  # record code -> Competency
    by_record_key: dict  # (param, record key) -> Competency, for older links
    # Any member's key that names one competency: a shared ?have= address keeps
    # working when an editor joins its record to another in an equivalence.
    aliases: dict = field(default_factory=dict)


def catalog_of(members, pairs):
    """members: record code -> Record, each record some target asks for."""
    competencies = [sorted(group, key=naming_order) for group in joined(members, pairs)]
    competencies.sort(key=lambda group: naming_order(group[0]))
    by_key = {}
    for group in competencies:
        first = group[0]
        key = first.key
        if key in by_key:  # a tool and a skill may share a key
            key = f"{first.kind.name}-{key}"
        by_key[key] = Competency(key, group)
    by_member = {m.code: c for c in by_key.values() for m in c.members}
    by_record_key = {(m.kind.param, m.key): c for c in by_key.values() for m in c.members}
    claims = {}
    for competency in by_key.values():
        for member in competency.members:
            claims.setdefault(member.key, set()).add(competency.key)
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


@dataclass(frozen=True)
class Ask:
    """One competency a ladder asks for: from which step, and how."""

    competency: Competency
    since: int  # the lowest step that asks for it
    required_from: int  # the lowest step that requires it, or NEVER
    listed_from: int  # the lowest step that names it among its own records, or NEVER

    def need_at(self, step):
        weight = REQUIRED if self.required_from <= step else PREFERRED
        return Need(self.competency, weight, self.since, self.listed_from <= step)


@dataclass(eq=False)
class Ladder:
    role: object  # skills_check_rows.RoleRow
    targets: list  # its rungs that are targets, lowest first
    asks: dict = field(default_factory=dict)  # competency key -> Ask

    def needs_at(self, step):
        return {key: a.need_at(step) for key, a in self.asks.items() if a.since <= step}


@dataclass(eq=False)
class Target:
    role: object  # skills_check_rows.RoleRow
    rung: object  # skills_check_rows.RungRow
    step: int  # place on the role's ladder, counting every rung as the career path does
    step_count: int
    entry: bool  # a first step: the lowest rung of a ladder no other ladder leads into
    ladder: Ladder = None
    total: int = 0  # the weight of all it asks for
    need_count: int = 0  # how many competencies it asks for

    @property
    def title(self):
        return self.rung.title

    @property
    def url(self):
        return self.rung.url

    @property
    def needs(self):
        """competency key -> Need: its own and the rungs' below it, each at its strongest.

        Made anew at each call, not kept: a few cards need it, and thousands of
        targets holding it would hold hundreds of thousands of Needs.
        """
        return self.ladder.needs_at(self.step)


def ladders_of(rows):
    """A Ladder per role with rungs: its rungs that are not another of these roles."""
    role_pks = {role.pk for role in rows.roles}
    rungs_of = {}
    for rung in rows.rungs:
        rungs_of.setdefault(rung.role.pk, []).append(rung)
    led_into = set()  # roles another ladder leads into: their first rung is not an entry
    ladders = []
    for role in rows.roles:
        rungs = rungs_of.get(role.pk, [])
        own = [(n, rung) for n, rung in enumerate(rungs, 1) if rung.linked_role_id not in role_pks]
        led_into |= {r.linked_role_id for r in rungs if r.linked_role_id in role_pks} - {role.pk}
        ladder = Ladder(role, [])
        ladder.targets = [
            Target(role, rung, n, len(rungs), i == 0, ladder) for i, (n, rung) in enumerate(own)
        ]
        if ladder.targets:
            ladders.append(ladder)
    firsts = [ladder.targets[0] for ladder in ladders]
    # If every ladder leads into another (a loop), each ladder's first rung is an entry.
    starts = {id(t) for t in firsts if t.role.pk not in led_into} or {id(t) for t in firsts}
    for target in firsts:
        target.entry = id(target) in starts
    return ladders


def own_needs(rows, ladders):
    """rung pk -> {record code: weight}, and rung pk -> {codes it lists}: what a rung itself asks.

    At its strongest. Listed: the rung names the record among its own (the
    ladder's headline list).
    """
    weights, listed, rung_role, levels = {}, {}, {}, {}
    for ladder in ladders:
        for target in ladder.targets:
            pk = target.rung.pk
            weights[pk], listed[pk], rung_role[pk] = {}, set(), ladder.role.pk
            if target.rung.role_level:
                levels.setdefault(ladder.role.pk, []).append(weights[pk])
    for rung_pk, code in rows.rung_records:
        if rung_pk in weights:
            weights[rung_pk][code] = REQUIRED
            listed[rung_pk].add(code)
    for role_pk, code, rung_pk, weight in rows.links:
        if rung_pk is None:  # names no rung: preferred at the role's levels
            for found in levels.get(role_pk, ()):
                found.setdefault(code, PREFERRED)
        elif rung_role.get(rung_pk) == role_pk and weight:
            found = weights[rung_pk]
            if found.get(code, 0) < weight:
                found[code] = weight
    return weights, listed


def ladder_asks(ladders, weights, listed, catalog):
    """Each ladder's asks, over every competency; and how much the rungs lean on each.

    The lean, for lightest(): each rung's own word (its strongest, required or
    preferred) summed over the rungs. The members of one competency are
    weighed together only within a rung: that is all that may make two
    records one (the asks take each step's strongest anyway).
    """
    competency_of = {code: c.key for code, c in catalog.by_member.items()}
    joined = {c.key for c in catalog.competencies if len(c.members) > 1}
    lean = {}  # a plain dict: this loop runs some 300,000 times at 1,000 roles
    found = {}  # id(ladder) -> key -> [since, required_from, listed_from]
    for ladder in ladders:
        asks = found[id(ladder)] = {}
        for target in ladder.targets:
            step, pk = target.step, target.rung.pk
            strongest = {}  # of the competencies with more than one member, in this rung
            for code, weight in weights[pk].items():
                key = competency_of[code]
                ask = asks.get(key)
                if ask is None:
                    asks[key] = [step, step if weight == REQUIRED else NEVER, NEVER]
                elif weight == REQUIRED and ask[1] == NEVER:
                    ask[1] = step
                if key in joined:
                    strongest[key] = max(weight, strongest.get(key, 0))
                else:
                    lean[key] = lean.get(key, 0) + weight
            for key, weight in strongest.items():
                lean[key] = lean.get(key, 0) + weight
            for code in listed[pk]:
                ask = asks[competency_of[code]]
                if ask[2] == NEVER:
                    ask[2] = step
    return found, Counter(lean)


def lightest(catalog, lean, keep=MAX_BOXES):
    """The competencies past the first `keep`, by how much the rungs lean on them.

    lean: competency key -> each rung's own word (required REQUIRED, preferred
    PREFERRED), summed over the rungs; at the same weight a tool goes first,
    then a certification: the form is about what a person can do.
    """
    kept_first = (SKILLS, CERTIFICATIONS, TOOLS)
    ranked = sorted(
        catalog.competencies,
        key=lambda c: (-lean[c.key], kept_first.index(c.members[0].kind), c.label.lower()),
    )
    return ranked[keep:]


def without(catalog, left_out):
    gone = {competency.key for competency in left_out}
    competencies = [c for c in catalog.competencies if c.key not in gone]
    return Catalog(
        competencies,
        {c.key: c for c in competencies},
        {code: c for code, c in catalog.by_member.items() if c.key not in gone},
        {k: c for k, c in catalog.by_record_key.items() if c.key not in gone},
        {k: c for k, c in catalog.aliases.items() if c.key not in gone},
    )


def with_totals(ladder, asks):
    """Each target's total weight and count, counted once per step, not once per competency."""
    since, required = Counter(), Counter()
    for ask in asks.values():
        since[ask.since] += 1
        required[ask.required_from] += 1
    asked = strong = 0
    for target in ladder.targets:
        asked += since[target.step]
        strong += required[target.step]
        target.need_count = asked
        target.total = REQUIRED * strong + PREFERRED * (asked - strong)


@dataclass
class SkillsCheck:
    """The targets, and the competencies the form offers."""

    targets: list
    catalog: Catalog
    ladders: list = field(default_factory=list)
    lean: Counter = field(default_factory=Counter)  # lightest()'s measure, before the cap


def skills_check_for(roles, pairs, max_boxes=MAX_BOXES):
    """roles: a queryset of the published roles; pairs: equivalence_members().

    Past max_boxes competencies the lightest are left out of the form and so of
    every score: what a person cannot tick must not count against them.
    """
    rows = read_rows(roles)
    ladders = ladders_of(rows)
    weights, listed = own_needs(rows, ladders)
    used = set().union(*weights.values())
    catalog = catalog_of({code: rows.records[code] for code in sorted(used)}, pairs)
    found, lean = ladder_asks(ladders, weights, listed, catalog)
    catalog = without(catalog, lightest(catalog, lean, max_boxes))
    shared = {}  # ladders alike ask alike: one Ask each, less to keep (skills_check_memo)
    for ladder in ladders:
        ladder.asks = {}
        for key, steps in found[id(ladder)].items():
            if key in catalog.by_key:
                ask = (key, *steps)
                ladder.asks[key] = shared.get(ask) or shared.setdefault(
                    ask, Ask(catalog.by_key[key], *steps)
                )
        with_totals(ladder, ladder.asks)
    targets = [target for ladder in ladders for target in ladder.targets]
    return SkillsCheck(targets, catalog, ladders, lean)


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
    for param in TICK_PARAMS:
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


class Match:
    """How far what a person has overlaps what a rung asks for.

    Of the rung's weight plus the person's ticks the rung does not use (each as
    heavy as a requirement), the share they have: a rung that ignores much of
    what someone can do fits them less, and someone who has all a senior needs
    and a lead's planning besides is nearer the lead.

    What is missing is worked out when a card asks for it: of thousands of
    matches, a page shows a dozen.
    """

    def __init__(self, target, have, total, missing=None, unused=0, ticked=frozenset()):
        self.target = target
        self.have = have  # the weight of what the person has
        self.total = total  # the weight of all the rung asks for
        self.unused = unused  # the person's ticks the rung does not ask for
        self.ticked = ticked  # competency keys
        if missing is not None:
            self.missing = missing

    @cached_property
    def needs(self):
        return self.target.needs

    @cached_property
    def missing(self):
        """What the rung asks for that the person has not ticked, nearest first (Need)."""
        gaps = (need for need in self.needs.values() if need.competency.key not in self.ticked)
        return sorted(gaps, key=nearest_first)

    @property
    def share(self):
        return Fraction(self.have, self.total + REQUIRED * self.unused)

    @property
    def percent(self):
        # Rounded down, so 99.6% is not yet "100%"; but a match is never "0%".
        return max(1, int(100 * self.share))

    @property
    def required_count(self):
        return sum(need.required for need in self.needs.values())

    @property
    def required_have(self):
        return self.required_count - sum(need.required for need in self.missing)

    @property
    def preferred_count(self):
        return len(self.needs) - self.required_count

    @property
    def preferred_have(self):
        return self.preferred_count - sum(not need.required for need in self.missing)

    @property
    def next_needs(self):
        return self.missing[:NEXT_COUNT]

    @property
    def later_needs(self):
        return self.missing[NEXT_COUNT:]

    @property
    def next_count(self):
        return min(NEXT_COUNT, len(self.missing))

    @property
    def later_count(self):
        return len(self.missing) - self.next_count

    @property
    def shown_needs(self):
        """What the card lists: the next few, then a bounded tail folded away."""
        return self.missing[: NEXT_COUNT + LATER_COUNT]

    @property
    def unshown_count(self):
        return len(self.missing) - len(self.shown_needs)


def nearest_first(need):
    """Required before preferred; then what lower rungs already ask for; then what a
    rung names itself (the ladder's headline list) before the rest; then by name."""
    return (-need.weight, need.since, not need.listed, need.competency.label.lower())


def scored(targets, have):
    """A Match for each target the person has something of, with no list of what is missing.

    Only the ticked competencies are looked at: per ladder, what it asks of
    them; per rung, those asked for by its step.
    """
    hits_of = {}  # id(ladder) -> its Asks of what the person has
    matches = []
    for target in targets:
        ladder = target.ladder
        hits = hits_of.get(id(ladder))
        if hits is None:
            asks = ladder.asks
            hits = hits_of[id(ladder)] = [asks[key] for key in have if key in asks]
        step, got, used = target.step, 0, 0
        for ask in hits:
            if ask.since <= step:
                used += 1
                got += REQUIRED if ask.required_from <= step else PREFERRED
        if got:
            matches.append(Match(target, got, target.total, unused=len(have) - used, ticked=have))
    return matches


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
    matches = scored(targets, selection.have)

    def nearness(item):
        # As a float: thousands of Fractions would cost more than the rest of the sort.
        share = item.have / (item.total + REQUIRED * item.unused)
        step = item.target.step
        return (
            -(share - STEP_HANDICAP * (step - 1) * (1 - share)),
            -item.have,
            step,
            item.target.title,
        )

    matches.sort(key=nearness)
    if selection.few:
        matches.sort(key=lambda item: (not item.target.entry, item.target.step))
    return matches


def entry_targets(targets):
    return [target for target in targets if target.entry]


def first_steps(targets, matches, count=START_COUNT):
    """Up to count entry rungs, those the person has something of first (in match order)."""
    matched = [item.target for item in matches if item.target.entry]
    seen = {id(target) for target in matched}
    rest = [t for t in entry_targets(targets) if id(t) not in seen]
    return (matched + rest)[:count]
