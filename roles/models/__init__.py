"""Role profiles and the shared records they refer to.

A Role owns ordered child records (responsibilities, salary bands, ladder
rungs ...). Tools, skills, certifications and sources are shared: a tool both
roles use is one row. Markdown prose is rendered once, on save, into a
matching ``*_html`` field so pages never render markdown per request.

The models live in one module per concern; everything is re-exported here so
``from roles.models import X`` is the one import path.
"""

from .cache_tags import CacheTag
from .catalog import CatalogEntry, Certification, Equivalence, Skill, Source, Tool
from .editorial import ApplicabilityBasis, Citation, Cited, FitsRungs, RungFit
from .fields import (
    NON_NEGATIVE,
    PARTIAL_DATE,
    PayPeriod,
    money_field,
    non_negative,
    positive_in_role,
)
from .items import (
    FAQ,
    Comparison,
    EducationOption,
    EntryStep,
    OccupationCode,
    ProCon,
    RelatedCareer,
    Responsibility,
    TopEmployer,
    WorkingCondition,
)
from .ladder import LadderRung
from .links import RoleCertification, RoleSkill, RoleTool
from .pay import GlobalPay, PayDistribution, SalaryBand
from .role import Role, RoleItem, SlugRedirect, Sourced, SyncState
from .search import SearchEntry, SearchIndexState, SearchWord
from .sections import Section
from .staging import PendingChange
from .version import ContentVersion

__all__ = [
    "ApplicabilityBasis",
    "Citation",
    "Cited",
    "FitsRungs",
    "RungFit",
    "FAQ",
    "NON_NEGATIVE",
    "PARTIAL_DATE",
    "CatalogEntry",
    "Certification",
    "Comparison",
    "CacheTag",
    "ContentVersion",
    "EducationOption",
    "EntryStep",
    "Equivalence",
    "GlobalPay",
    "LadderRung",
    "OccupationCode",
    "PayDistribution",
    "PayPeriod",
    "PendingChange",
    "ProCon",
    "RelatedCareer",
    "Responsibility",
    "Role",
    "RoleCertification",
    "RoleItem",
    "RoleSkill",
    "RoleTool",
    "SalaryBand",
    "SearchEntry",
    "SearchIndexState",
    "SearchWord",
    "Section",
    "Skill",
    "SlugRedirect",
    "Source",
    "Sourced",
    "SyncState",
    "Tool",
    "TopEmployer",
    "WorkingCondition",
    "money_field",
    "non_negative",
    "positive_in_role",
]
