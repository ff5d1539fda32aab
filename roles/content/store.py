"""Write schema objects into the database.

Each instance is checked with full_clean() before it is saved, so the loader
and the admin enforce the same rules; a failure becomes a ContentError that
points at the line the value came from. Callers run this inside a transaction
and roll back when any error was collected.
"""

from django.core.exceptions import ValidationError
from django.db.models import ProtectedError

from ..models import (
    FAQ,
    Certification,
    Comparison,
    EducationOption,
    EntryStep,
    GlobalPay,
    LadderRung,
    OccupationCode,
    PayDistribution,
    ProCon,
    RelatedCareer,
    Responsibility,
    Role,
    RoleCertification,
    RoleSkill,
    RoleTool,
    SalaryBand,
    Section,
    Skill,
    Source,
    Tool,
    TopEmployer,
)
from .errors import ContentError
from .parse import describe_location

CATALOG_MODELS = {
    "sources": Source,
    "tools": Tool,
    "skills": Skill,
    "certifications": Certification,
}

# Where a Role field's value sits in the front matter, for error messages.
ROLE_FIELD_LOCATIONS = {
    "median_pay": ("key_facts", "median_pay", "amount"),
    "median_pay_source": ("key_facts", "median_pay", "source"),
    "pay_low": ("key_facts", "pay_range", "low"),
    "pay_high": ("key_facts", "pay_range", "high"),
    "pay_source": ("key_facts", "pay_range", "source"),
    "growth_source": ("key_facts", "growth", "source"),
    "annual_openings_source": ("key_facts", "annual_openings", "source"),
    "typical_education": ("key_facts", "typical_education", "text"),
    "typical_education_source": ("key_facts", "typical_education", "source"),
    "stress_level": ("work_life", "stress"),
    "balance_rating": ("work_life", "balance"),
}
# Model fields whose file key has another name.
ITEM_FIELD_KEYS = {"linked_role": "role", "rung": "rung"}


class Writer:
    """Saves records, collecting validation problems instead of stopping at the first."""

    def __init__(self, path, line_for):
        self.path = path
        self.line_for = line_for
        self.errors = []

    def error(self, location, message):
        line = self.line_for(*location)
        self.errors.append(
            ContentError(self.path, line, f"{describe_location(location)}: {message}")
        )

    def save(self, instance, location, field_locations=None):
        try:
            instance.full_clean()
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                if field == "__all__":
                    where = location
                elif field_locations and field in field_locations:
                    where = field_locations[field]
                else:
                    where = (*location, ITEM_FIELD_KEYS.get(field, field))
                for message in messages:
                    self.error(where, message)
            return False
        instance.save()
        return True


class References:
    """Catalog records by key, looked up once per run."""

    def __init__(self):
        self.sources = {obj.key: obj for obj in Source.objects.all()}
        self.tools = {obj.key: obj for obj in Tool.objects.all()}
        self.skills = {obj.key: obj for obj in Skill.objects.all()}
        self.certifications = {obj.key: obj for obj in Certification.objects.all()}
        self.roles = {obj.slug: obj for obj in Role.objects.all()}
        self.by_model = {
            Source: self.sources,
            Tool: self.tools,
            Skill: self.skills,
            Certification: self.certifications,
            Role: self.roles,
        }

    def lookup(self, model):
        return self.by_model[model]

    def source(self, key):
        return self.sources.get(key) if key else None

    def role(self, slug):
        return self.roles.get(slug) if slug else None


# --- catalog ----------------------------------------------------------------


def save_catalog(catalog, writer):
    """Create or update every catalog record; return the keys present per list."""
    for list_name, model in CATALOG_MODELS.items():
        existing = {obj.key: obj for obj in model.objects.all()}
        for index, entry in enumerate(getattr(catalog, list_name)):
            fields = {name: value or "" for name, value in entry.model_dump().items()}
            instance = existing.get(entry.key) or model(key=entry.key)
            if any(getattr(instance, name) != value for name, value in fields.items()):
                for name, value in fields.items():
                    setattr(instance, name, value)
                writer.save(instance, (list_name, index))


def prune_catalog(catalog, writer):
    """Delete catalog records the file no longer lists, unless a role still uses them."""
    for list_name, model in CATALOG_MODELS.items():
        keep = {entry.key for entry in getattr(catalog, list_name)}
        for instance in model.objects.exclude(key__in=keep):
            try:
                instance.delete()
            except ProtectedError as exc:
                users = sorted({str(getattr(obj, "role", obj)) for obj in exc.protected_objects})
                writer.error(
                    (list_name,),
                    f"{instance.key!r} was removed from the catalog but is still used by "
                    f"{', '.join(users)}",
                )


# --- roles ------------------------------------------------------------------


def role_fields(front, refs):
    facts, work_life = front.key_facts, front.work_life
    median, pay, growth = facts.median_pay, facts.pay_range, facts.growth
    openings, education = facts.annual_openings, facts.typical_education
    return {
        "title": front.title,
        "status": front.status,
        "last_reviewed": front.last_reviewed,
        "summary": front.summary,
        "alternative_titles": list(front.alternative_titles),
        "median_pay": median.amount if median else None,
        "median_pay_currency": median.currency if median else "",
        "median_pay_period": median.period if median else "",
        "median_pay_note": (median.note or "") if median else "",
        "median_pay_source": refs.source(median.source) if median else None,
        "median_pay_as_of": (median.as_of or "") if median else "",
        "pay_low": pay.low if pay else None,
        "pay_high": pay.high if pay else None,
        "pay_high_open_ended": pay.open_ended if pay else False,
        "pay_currency": pay.currency if pay else "",
        "pay_period": pay.period if pay else "",
        "pay_note": (pay.note or "") if pay else "",
        "pay_source": refs.source(pay.source) if pay else None,
        "pay_as_of": (pay.as_of or "") if pay else "",
        "growth_percent": growth.percent if growth else None,
        "growth_label": (growth.label or "") if growth else "",
        "growth_period": (growth.period or "") if growth else "",
        "growth_source": refs.source(growth.source) if growth else None,
        "growth_as_of": (growth.as_of or "") if growth else "",
        "annual_openings": openings.count if openings else None,
        "annual_openings_approximate": openings.approximate if openings else False,
        "annual_openings_period": (openings.period or "") if openings else "",
        "annual_openings_source": refs.source(openings.source) if openings else None,
        "annual_openings_as_of": (openings.as_of or "") if openings else "",
        "typical_education": education.text if education else "",
        "typical_education_source": refs.source(education.source) if education else None,
        "typical_education_as_of": (education.as_of or "") if education else "",
        "stress_level": work_life.stress or "",
        "balance_rating": work_life.balance or "",
        "work_life_source": refs.source(work_life.source),
    }


def save_role_row(front, refs, writer):
    """Create or update the Role row itself; its items are written by save_role_items."""
    role = refs.roles.get(front.slug) or Role(slug=front.slug)
    for name, value in role_fields(front, refs).items():
        setattr(role, name, value)
    locations = {name: loc for name, loc in ROLE_FIELD_LOCATIONS.items()}
    if writer.save(role, (), field_locations=locations):
        refs.roles[role.slug] = role
    return role


ITEM_LISTS = [
    ("occupation_codes", OccupationCode),
    ("responsibilities", Responsibility),
    ("tools", RoleTool),
    ("skills", RoleSkill),
    ("certifications", RoleCertification),
    ("education_options", EducationOption),
    ("entry_steps", EntryStep),
    ("ladder", LadderRung),
    ("salary_bands", SalaryBand),
    ("pay_distributions", PayDistribution),
    ("global_pay", GlobalPay),
    ("pros", ProCon),
    ("cons", ProCon),
    ("faqs", FAQ),
    ("related_careers", RelatedCareer),
    ("comparisons", Comparison),
    ("top_employers", TopEmployer),
]
ITEM_MODELS = sorted({model for _, model in ITEM_LISTS} | {Section}, key=lambda m: m.__name__)


def item_fields(model, item, refs, rungs):
    """Model field values for one file item; many-to-many values come back separately."""
    fields, many = {}, {}
    for name, value in item:
        if name == "role":
            fields["linked_role"] = refs.role(value)
            continue
        if name == "rung":
            fields["rung"] = rungs.get(value)
            continue
        field = model._meta.get_field(name)
        if field.many_to_many:
            many[name] = [refs.lookup(field.related_model)[key] for key in value]
        elif field.is_relation:
            fields[name] = refs.lookup(field.related_model).get(value) if value else None
        elif isinstance(value, list):
            fields[name] = list(value)
        elif value is None and not field.null:
            fields[name] = ""
        else:
            fields[name] = value
    return fields, many


def save_role_items(role, document, refs, writer):
    """Replace every item of a role with the ones in its document."""
    for model in ITEM_MODELS:
        model.objects.filter(role=role).delete()
    rungs = {}
    for list_name, model in ITEM_LISTS:
        for index, item in enumerate(getattr(document.front, list_name)):
            fields, many = item_fields(model, item, refs, rungs)
            if model is ProCon:
                fields["kind"] = list_name[:3]
            instance = model(role=role, position=index, **fields)
            if writer.save(instance, (list_name, index)):
                for name, values in many.items():
                    getattr(instance, name).set(values)
                if model is LadderRung:
                    rungs[instance.key] = instance
    for kind, body in document.sections.items():
        writer.save(Section(role=role, kind=kind, body=body), ())
