"""Write schema objects into the database.

Each instance is checked with full_clean() before it is saved, so the loader
and the admin enforce the same rules; a failure becomes a ContentError that
points at the line the value came from. Callers run this inside a transaction
and roll back when any error was collected.
"""

from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import ProtectedError

from .. import caching
from ..catalog import KINDS
from ..models import (
    FAQ,
    Citation,
    Cited,
    Comparison,
    EducationOption,
    EntryStep,
    Equivalence,
    GlobalPay,
    LadderRung,
    OccupationCode,
    PayDistribution,
    ProCon,
    RelatedCareer,
    Responsibility,
    Role,
    RungFit,
    SalaryBand,
    Section,
    Source,
    TopEmployer,
    WorkingCondition,
)
from ..models.editorial import create_in_history
from .errors import ContentError
from .key_facts import FIELD_LOCATIONS, KEY_FACT_FIELDS, WORK_LIFE_FIELDS, empty_value
from .plain_errors import describe_location
from .schema import cited_key

# catalog.yaml's lists and the model each fills: sources, then each catalog kind.
CATALOG_MODELS = {"sources": Source, **{kind.plural: kind.model for kind in KINDS}}

# Model fields whose file key has another name.
ITEM_FIELD_KEYS = {"linked_role": "role"}
# Item fields that name a rung of the role's own ladder by its key.
RUNG_FIELDS = ("rung", "through_rung")
# The editorial layer's file keys, stored as Citation and RungFit rows.
EDITORIAL_FIELDS = ("sources", "applies_at")


class Writer:
    """Saves records, collecting validation problems instead of stopping at the first.

    A careful writer saves a file already known to have mistakes, only to find
    the problems a save reveals; the load is rolled back whatever happens. A
    row the database refuses (a rung key listed twice, say, reported already)
    is then skipped instead of ending the run.
    """

    def __init__(self, path, line_for, careful=False, left_out=None):
        self.path = path
        self.line_for = line_for
        self.careful = careful
        # What was left out of a file with mistakes (partial.LeftOut), if anything.
        self.left_out = left_out
        self.errors = []

    @contextmanager
    def guarded(self):
        """For a careful writer, a savepoint that swallows what the database refuses."""
        if not self.careful:
            yield
            return
        try:
            with transaction.atomic():
                yield
        except DatabaseError:
            pass  # the file's own errors, reported already, are the cause

    def error(self, location, message):
        if self.left_out and self.left_out.touches(location):
            return  # the item lost a value to a mistake already reported: not a new one
        line = self.line_for(*location)
        self.errors.append(
            ContentError(self.path, line, f"{describe_location(location)}: {message}")
        )

    def check(self, instance, location, field_locations=None, check_unique=True):
        """full_clean() the instance, recording its problems; True when it has none."""
        # A foreign key set here points at a record this run looked up or saved (the
        # references were checked before anything was written), and the database
        # enforces it too: checking it again would cost one query per key.
        linked = [
            field.name
            for field in instance._meta.concrete_fields
            if field.many_to_one and getattr(instance, field.attname) is not None
        ]
        try:
            instance.full_clean(
                exclude=linked, validate_unique=check_unique, validate_constraints=check_unique
            )
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
        return True

    def save(self, instance, location, field_locations=None, check_unique=True):
        if not self.check(instance, location, field_locations, check_unique):
            return False
        with self.guarded():
            instance.save()
        return instance.pk is not None


class References:
    """Catalog records by key, and roles by slug, looked up once per run."""

    def __init__(self):
        self.by_model = {
            model: {obj.key: obj for obj in model.objects.all()}
            for model in CATALOG_MODELS.values()
        }
        self.by_model[Role] = {obj.slug: obj for obj in Role.objects.all()}
        self.sources = self.by_model[Source]
        self.roles = self.by_model[Role]

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


def equivalence_entries(rows=None):
    """Equivalences (all of them, or the prefetched rows given) as catalog.yaml lists them."""
    from .schema import EquivalenceEntry

    if rows is None:
        rows = Equivalence.objects.prefetch_related(*(kind.plural for kind in KINDS))
    return [
        EquivalenceEntry(
            **{kind.plural: [record.key for record in getattr(row, kind.plural).all()]
               for kind in KINDS},
            note=row.note or None,
        )
        for row in rows
    ]  # fmt: skip


def save_equivalences(catalog, writer):
    """Make the database's equivalences those of the file, if they differ."""
    if equivalence_entries() == catalog.equivalences:
        return
    Equivalence.objects.all().delete()
    # Only records the file lists: one it drops is still in the database until
    # prune_catalog() removes it, but an equivalence may not name it.
    listed = {
        kind.plural: {
            record.key: record
            for record in kind.model.objects.filter(
                key__in=[entry.key for entry in getattr(catalog, kind.plural)]
            )
        }
        for kind in KINDS
    }
    for index, entry in enumerate(catalog.equivalences):
        equivalence = Equivalence.objects.create(position=index, note=entry.note or "")
        for kind in KINDS:
            records = listed[kind.plural]
            for number, key in enumerate(getattr(entry, kind.plural)):
                if key not in records:
                    location = ("equivalences", index, kind.plural, number)
                    writer.error(location, f"unknown {kind.name} key {key!r}")
            found = [records[key] for key in getattr(entry, kind.plural) if key in records]
            getattr(equivalence, kind.plural).set(found)


def prune_catalog(catalog, writer):
    """Delete catalog records the file no longer lists, unless a role still uses them."""
    for list_name, model in CATALOG_MODELS.items():
        keep = {entry.key for entry in getattr(catalog, list_name)}
        for instance in model.objects.exclude(key__in=keep):
            # A ladder rung's link is many-to-many, which PROTECT cannot guard.
            users = set()
            for relation in ("rungs", "role_links"):
                if hasattr(instance, relation):
                    links = getattr(instance, relation).select_related("role")
                    users |= {str(link.role) for link in links}
            if not users:
                try:
                    instance.delete()
                except ProtectedError as exc:
                    users = {str(getattr(obj, "role", obj)) for obj in exc.protected_objects}
            if users:
                writer.error(
                    (list_name,),
                    f"{instance.key!r} was removed from the catalog but is still used by "
                    f"{', '.join(sorted(users))}",
                )


# --- roles ------------------------------------------------------------------


def role_fields(front, refs):
    fields = {
        "title": front.title,
        "status": front.status,
        "last_reviewed": front.last_reviewed,
        "summary": front.summary,
        "alternative_titles": list(front.alternative_titles),
    }
    groups = [
        (getattr(front.key_facts, group), mapping) for group, mapping in KEY_FACT_FIELDS.items()
    ]
    for values, mapping in [*groups, (front.work_life, WORK_LIFE_FIELDS)]:
        for key, field in mapping.items():
            value = getattr(values, key) if values is not None else None
            if key == "source":
                value = refs.source(value)
            fields[field] = empty_value(field) if value is None else value
    return fields


def save_role_row(front, refs, writer):
    """Create or update the Role row itself; its items are written by save_role_items."""
    role = refs.roles.get(front.slug) or Role(slug=front.slug)
    for name, value in role_fields(front, refs).items():
        setattr(role, name, value)
    if writer.save(role, (), field_locations=FIELD_LOCATIONS):
        refs.roles[role.slug] = role
    return role


ITEM_LISTS = [
    ("occupation_codes", OccupationCode),
    ("responsibilities", Responsibility),
    ("working_conditions", WorkingCondition),
    *((kind.plural, kind.link_model) for kind in KINDS),
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
        if name in EDITORIAL_FIELDS:
            continue
        if name == "role":
            fields["linked_role"] = refs.role(value)
            continue
        if name in RUNG_FIELDS:
            fields[name] = rungs.get(value)
            continue
        field = model._meta.get_field(name)
        if field.many_to_many:
            # An unknown key is reported by the reference check; the load is then rolled back.
            records = refs.lookup(field.related_model)
            many[name] = [records[key] for key in value if key in records]
        elif field.is_relation:
            fields[name] = refs.lookup(field.related_model).get(value) if value else None
        elif isinstance(value, list):
            fields[name] = list(value)
        elif value is None and not field.null:
            fields[name] = ""
        else:
            fields[name] = value
    return fields, many


def new_item(role, model, list_name, index, item, refs, rungs):
    """(unsaved instance, its many-to-many values) for one item of a role's file."""
    fields, many = item_fields(model, item, refs, rungs)
    if model is ProCon:
        fields["kind"] = list_name[:3]
    return model(role=role, position=index, **fields), many


def save_role_items(role, document, refs, writer):
    """Replace every item of a role with the ones in its document, row by row.

    The way for files with mistakes (see Writer.careful); bulk.py writes the rest.
    """
    for model in ITEM_MODELS:
        model.objects.filter(role=role).delete()
    rungs, editorial = {}, []
    for list_name, model in ITEM_LISTS:
        for index, item in enumerate(getattr(document.front, list_name)):
            instance, many = new_item(role, model, list_name, index, item, refs, rungs)
            # Unique by construction: positions come from the list index, and the
            # loader has already refused repeated keys, so skip a query per row.
            if writer.save(instance, (list_name, index), check_unique=False):
                for name, values in many.items():
                    getattr(instance, name).set(values)
                if model is LadderRung:
                    rungs[instance.key] = instance
                if issubclass(model, Cited):
                    editorial.append((instance, item))
    # After the whole list is saved: an item earlier in the file names later rungs.
    citations, fits = editorial_rows(editorial, refs, rungs)
    for model, rows in ((Citation, citations), (RungFit, fits)):
        caching.note_written(model, create_in_history(model, rows))
    for kind, body in document.sections.items():
        writer.save(Section(role=role, kind=kind, body=body), (), check_unique=False)


def editorial_rows(items, refs, rungs):
    """The citations and rung fits of each (saved instance, file item), unsaved.

    Keys were checked before anything was written, and the schema refuses a
    source cited twice or a rung listed twice, so inserting them cannot fail.
    """
    citations, fits = [], []
    for instance, item in items:
        # Rows name the item by content type and id: setting `item` on each row would
        # look its content type up once a row rather than once an item.
        kind = ContentType.objects.get_for_model(type(instance))
        on_item = {"content_type_id": kind.pk, "object_id": instance.pk}
        for position, entry in enumerate(item.sources):
            note = "" if isinstance(entry, str) else entry.note or ""
            source = refs.source(cited_key(entry))
            citations.append(Citation(**on_item, position=position, source=source, note=note))
        for key, requirement in getattr(item, "applies_at", {}).items():
            if key in rungs:  # else the rung itself failed, and that error rolls all back
                fits.append(RungFit(**on_item, rung=rungs[key], requirement=requirement))
    return citations, fits
