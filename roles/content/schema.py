"""The shape of the content files, as documented in content/README.md.

These classes describe the files, not the database: they check types, required
keys and unknown keys, and their field order is the order the exporter writes.
Business rules (pay in order, sources present) live in the Django models so
that the admin and the loader enforce the same ones.
"""

import datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ..markdown_limits import markdown_problem
from ..models import (
    PARTIAL_DATE,
    ApplicabilityBasis,
    OccupationCode,
    PayPeriod,
    Role,
    RoleSkill,
    RungFit,
    Skill,
    Tool,
    WorkingCondition,
)


def one_of(choices):
    """The values a model's TextChoices allow, as a type: files accept what the database does.

    Declaration order is kept, so an error lists the values as the model does.
    """
    return Literal[tuple(choices.values)]


def _date_to_text(value):
    # YAML reads an unquoted 2025 as an int and 2025-01-08 as a date; both
    # mean the same as the quoted form, so accept them.
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


# The patterns are named so that an error can say in words what each one wants.
KEY_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
CURRENCY_PATTERN = r"^[A-Z]{3}$"
SOC_CODE_PATTERN = r"^\d{2}-\d{4}(\.\d{2})?$"
Key = Annotated[str, StringConstraints(pattern=KEY_PATTERN, max_length=80)]
PartialDate = Annotated[
    str, BeforeValidator(_date_to_text), StringConstraints(pattern=PARTIAL_DATE.regex.pattern)
]
# The database keeps a rung's skills as a set; sorting makes the file's order canonical.
KeySet = Annotated[list[Key], AfterValidator(sorted)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Money = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2)]
Currency = Annotated[str, StringConstraints(pattern=CURRENCY_PATTERN)]
Period = one_of(PayPeriod)


def _renderable(text):
    # The same limits as the admin's, so a file cannot hold what a save refuses.
    problem = markdown_problem(text)
    if problem:
        raise PydanticCustomError("markdown_limit", "{problem}", {"problem": problem})
    return text


Markdown = Annotated[str, AfterValidator(_renderable)]
MarkdownText = Annotated[Text, AfterValidator(_renderable)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- the editorial layer: an item's sources and the rungs it fits ----------


class CitationEntry(Strict):
    source: Key
    note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)] | None = None


def _bare_key_without_note(entry):
    # One way to write each citation, so that a load followed by an export is exact.
    if isinstance(entry, CitationEntry) and not entry.note:
        return entry.source
    return entry


def cited_key(entry):
    """The source key of a citation, written bare or as a mapping."""
    return entry if isinstance(entry, str) else entry.source


Citation = Annotated[Key | CitationEntry, AfterValidator(_bare_key_without_note)]
Sources = list[Citation]
Requirement = one_of(RungFit.Requirement)
# Rung key -> required | preferred; left out, the item fits every level, preferred.
AppliesAt = dict[Key, Requirement]


# --- catalog.yaml ---------------------------------------------------------


class SourceEntry(Strict):
    key: Key
    title: Text
    publisher: Text
    url: str | None = None
    date: PartialDate | None = None
    note: str | None = None


class ToolEntry(Strict):
    key: Key
    name: Text
    category: one_of(Tool.Category)
    description: Markdown | None = None


class SkillEntry(Strict):
    key: Key
    name: Text
    kind: one_of(Skill.Kind)
    description: Markdown | None = None


class CertificationEntry(Strict):
    key: Key
    name: Text
    issuer: str | None = None
    description: Markdown | None = None


def _by_key(entries):
    return sorted(entries, key=lambda entry: entry.key)


def _sorted_once(keys):
    if len(set(keys)) != len(keys):
        repeated = sorted({key for key in keys if keys.count(key) > 1})
        raise PydanticCustomError(
            "repeated_member", "{keys} listed twice", {"keys": ", ".join(repeated)}
        )
    return sorted(keys)


MemberKeys = Annotated[list[Key], AfterValidator(_sorted_once)]


class EquivalenceEntry(Strict):
    """Records of different kinds that are one competency (models.Equivalence)."""

    # Sorted on load, as the database keeps no order within an equivalence.
    tools: MemberKeys = []
    skills: MemberKeys = []
    certifications: MemberKeys = []
    note: str | None = None

    @model_validator(mode="after")
    def two_records_at_least(self):
        if len(self.tools) + len(self.skills) + len(self.certifications) < 2:
            raise PydanticCustomError(
                "lonely_equivalence",
                "an equivalence needs at least two records; a record is not equivalent to itself",
            )
        return self


class Catalog(Strict):
    # The database has no order for shared records; the file's order is by key.
    sources: Annotated[list[SourceEntry], AfterValidator(_by_key)] = []
    tools: Annotated[list[ToolEntry], AfterValidator(_by_key)] = []
    skills: Annotated[list[SkillEntry], AfterValidator(_by_key)] = []
    certifications: Annotated[list[CertificationEntry], AfterValidator(_by_key)] = []
    # In the file's order, which the admin keeps as each equivalence's position.
    equivalences: list[EquivalenceEntry] = []


# --- roles/<slug>.md front matter ------------------------------------------


class MedianPay(Strict):
    amount: Money
    currency: Currency
    period: Period
    note: str | None = None
    source: Key
    as_of: PartialDate | None = None


class PayRange(Strict):
    low: Money | None = None
    high: Money | None = None
    open_ended: bool = False
    currency: Currency
    period: Period
    note: str | None = None
    source: Key
    as_of: PartialDate | None = None


class Growth(Strict):
    percent: Decimal
    label: str | None = None
    period: str | None = None
    source: Key
    as_of: PartialDate | None = None


class AnnualOpenings(Strict):
    count: Annotated[int, Field(ge=0)]
    approximate: bool = False
    period: str | None = None
    source: Key
    as_of: PartialDate | None = None


class SourcedText(Strict):
    """A key fact given in words (typical education, the growth yardstick), with its source."""

    text: Text
    source: Key
    as_of: PartialDate | None = None


class KeyFacts(Strict):
    median_pay: MedianPay | None = None
    pay_range: PayRange | None = None
    growth: Growth | None = None
    growth_context: SourcedText | None = None
    annual_openings: AnnualOpenings | None = None
    typical_education: SourcedText | None = None
    training: SourcedText | None = None


class WorkLife(Strict):
    stress: one_of(Role.Stress) | None = None
    balance: one_of(Role.Balance) | None = None
    source: Key | None = None


class OccupationCodeItem(Strict):
    system: one_of(OccupationCode.System)
    code: Annotated[str, StringConstraints(pattern=SOC_CODE_PATTERN)]
    title: Text
    match: one_of(OccupationCode.Match)
    note: str | None = None
    source: Key


class ResponsibilityItem(Strict):
    text: MarkdownText
    area: str | None = None
    example: bool = False
    applies_at: AppliesAt = {}
    applies_basis: one_of(ApplicabilityBasis) | None = None
    sources: Sources = []


class WorkingConditionItem(Strict):
    kind: one_of(WorkingCondition.Kind)
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
    sources: Sources = []


class ToolItem(Strict):
    tool: Key
    note: str | None = None
    applies_at: AppliesAt = {}
    applies_basis: one_of(ApplicabilityBasis) | None = None
    sources: Sources = []


class SkillItem(Strict):
    skill: Key
    tier: one_of(RoleSkill.Tier) | None = None
    share: Annotated[Decimal, Field(ge=0, le=100)] | None = None
    share_source: Key | None = None
    share_as_of: PartialDate | None = None
    note: str | None = None
    applies_at: AppliesAt = {}
    applies_basis: one_of(ApplicabilityBasis) | None = None
    sources: Sources = []


class CertificationItem(Strict):
    certification: Key
    note: str | None = None
    applies_at: AppliesAt = {}
    applies_basis: one_of(ApplicabilityBasis) | None = None
    sources: Sources = []


class EducationOptionItem(Strict):
    name: Text
    duration: str | None = None
    cost_low: Money | None = None
    cost_high: Money | None = None
    currency: Currency | None = None
    cost_source: Key | None = None
    as_of: PartialDate | None = None
    note: str | None = None
    applies_at: AppliesAt = {}
    applies_basis: one_of(ApplicabilityBasis) | None = None
    sources: Sources = []


class EntryStepItem(Strict):
    title: Text
    text: Markdown | None = None
    duration: str | None = None
    sources: Sources = []


class SalaryBandItem(Strict):
    level: Text
    rung: Key | None = None
    through_rung: Key | None = None
    min: Money | None = None
    max: Money | None = None
    max_open_ended: bool = False
    median: Money | None = None
    average: Money | None = None
    currency: Currency = "USD"
    period: Period = PayPeriod.YEAR.value
    region: str | None = None
    source: Key
    as_of: PartialDate | None = None


class PayDistributionItem(Strict):
    label: Text
    currency: Currency = "USD"
    period: Period = PayPeriod.YEAR.value
    region: str | None = None
    p10: Money
    p25: Money
    p50: Money
    p75: Money
    p90: Money
    source: Key
    as_of: PartialDate | None = None


class GlobalPayItem(Strict):
    country: Text
    currency: Currency
    low: Money | None = None
    high: Money | None = None
    usd_low: Money | None = None
    usd_high: Money | None = None
    period: Period = PayPeriod.YEAR.value
    source: Key
    as_of: PartialDate | None = None


class LadderRungItem(Strict):
    key: Key
    title: Text
    years_min: Annotated[int, Field(ge=0)] | None = None
    years_max: Annotated[int, Field(ge=0)] | None = None
    role: Key | None = None
    role_level: bool = False
    summary: str | None = None
    focus: list[Text] = []
    skills: KeySet = []
    tools: KeySet = []
    certifications: KeySet = []
    source: Key | None = None


class TextItem(Strict):
    text: Text
    sources: Sources = []


class FAQItem(Strict):
    question: Text
    answer: MarkdownText
    sources: Sources = []


class RelatedCareerItem(Strict):
    title: Text
    role: Key | None = None
    soc_code: Annotated[str, StringConstraints(pattern=SOC_CODE_PATTERN)] | None = None
    pay: Money | None = None
    pay_currency: Currency | None = None
    pay_period: Period | None = None
    pay_note: str | None = None
    pay_source: Key | None = None
    pay_as_of: PartialDate | None = None
    education: str | None = None
    education_source: Key | None = None
    note: str | None = None
    sources: Sources = []


class ComparisonItem(Strict):
    title: Text
    role: Key | None = None
    summary: Markdown | None = None
    this_role_skills: list[Text] = []
    other_role_skills: list[Text] = []
    source: Key | None = None
    as_of: PartialDate | None = None


class TopEmployerItem(Strict):
    name: Text
    openings: Annotated[int, Field(ge=0)] | None = None
    source: Key
    as_of: PartialDate | None = None


class FrontMatter(Strict):
    slug: Key
    # Slugs the role had before: their addresses redirect to it (models.SlugRedirect).
    # The database keeps them unordered; sorting makes the file's order canonical.
    old_slugs: KeySet = []
    title: Text
    status: one_of(Role.Status) = Role.Status.PUBLISHED.value
    last_reviewed: PartialDate | None = None
    summary: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    alternative_titles: list[Text] = []
    occupation_codes: list[OccupationCodeItem] = []
    key_facts: KeyFacts = KeyFacts()
    work_life: WorkLife = WorkLife()
    responsibilities: list[ResponsibilityItem] = []
    working_conditions: list[WorkingConditionItem] = []
    tools: list[ToolItem] = []
    skills: list[SkillItem] = []
    certifications: list[CertificationItem] = []
    education_options: list[EducationOptionItem] = []
    entry_steps: list[EntryStepItem] = []
    salary_bands: list[SalaryBandItem] = []
    pay_distributions: list[PayDistributionItem] = []
    global_pay: list[GlobalPayItem] = []
    ladder: list[LadderRungItem] = []
    pros: list[TextItem] = []
    cons: list[TextItem] = []
    faqs: list[FAQItem] = []
    related_careers: list[RelatedCareerItem] = []
    comparisons: list[ComparisonItem] = []
    top_employers: list[TopEmployerItem] = []


class RoleDocument(Strict):
    """A whole role file: its front matter and its prose sections."""

    front: FrontMatter
    sections: dict[str, str]


def item_schema(list_name):
    """The schema class of one entry in a front-matter list, e.g. SalaryBandItem."""
    return FrontMatter.model_fields[list_name].annotation.__args__[0]


# The front matter's lists whose items cite their sources as a list (`sources:`).
CITING_LISTS = frozenset(
    name
    for name, field in FrontMatter.model_fields.items()
    if getattr(field.annotation, "__origin__", None) is list
    and "sources" in getattr(item_schema(name), "model_fields", {})
)
