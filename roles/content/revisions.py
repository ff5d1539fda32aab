"""History entries for roles whose rows were inserted in bulk.

A bulk insert sends no post_save, so django-reversion sees none of the rows.
This writes the revision a `reversion.create_revision()` block around the
row-by-row saves would have written: one per role, holding a version of each
item, citation, rung fit and section, then of the role, serialised as
django-reversion serialises them. The text is built here rather than by
django.core.serializers, which sets up a serializer, a stream and the
pure-Python JSON encoder for every object, several times the cost of the row
itself; tests/test_load_speed.py checks that the two agree, model by model.
"""

from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, router
from django.utils import timezone
from django.utils.encoding import force_str, is_protected_type
from reversion import create_revision
from reversion.models import Revision, Version
from reversion.revisions import _get_options
from reversion.signals import post_revision_commit, pre_revision_commit

# What json.dumps(..., cls=DjangoJSONEncoder, ensure_ascii=False) builds, made once.
ENCODER = DjangoJSONEncoder(ensure_ascii=False)
BATCH = 2000


@cache
def _plan(model):
    """(options, local fields, many-to-many fields) the serializer writes, in its order."""
    options = _get_options(model)
    selected = options.fields
    local, many = [], []
    concrete = model._meta.concrete_model
    for field in concrete._meta.local_fields:
        # A foreign key is selected by its name, which is its attname without "_id".
        name = field.attname if field.remote_field is None else field.attname[:-3]
        if field.serialize and (selected is None or name in selected):
            local.append(field)
    for field in concrete._meta.local_many_to_many:
        chosen = field.serialize and (selected is None or field.attname in selected)
        if chosen and field.remote_field.through._meta.auto_created:
            many.append(field)
    return options, local, many


def _value(obj, field):
    value = field.value_from_object(obj)
    return value if is_protected_type(value) else field.value_to_string(obj)


def _related_pks(obj, field):
    cached = getattr(obj, "_prefetched_objects_cache", {}).get(field.name)
    related = (
        cached if cached is not None else getattr(obj, field.name).select_related(None).only("pk")
    )
    return [_value(other, other._meta.pk) for other in related]


def serialized(obj):
    """The serialized_data django-reversion stores for obj."""
    options, local, many = _plan(type(obj))
    if options.format != "json" or options.use_natural_foreign_keys:
        return serializers.serialize(
            options.format,
            (obj,),
            fields=options.fields,
            use_natural_foreign_keys=options.use_natural_foreign_keys,
        )
    fields = {field.name: _value(obj, field) for field in local}
    for field in many:
        fields[field.name] = _related_pks(obj, field)
    data = {"model": str(obj._meta), "pk": _value(obj, obj._meta.pk), "fields": fields}
    return f"[{ENCODER.encode(data)}]"


class Versions:
    """Makes Version rows, looking up each model's content type and database once."""

    def __init__(self):
        self.models = {}

    def of(self, obj):
        model = type(obj)
        if model not in self.models:
            options = _plan(model)[0]
            kind = ContentType.objects.get_for_model(
                model, for_concrete_model=options.for_concrete_model
            )
            self.models[model] = (options, kind, router.db_for_write(model, instance=obj))
        options, kind, db = self.models[model]
        return Version(
            content_type_id=kind.pk,
            object_id=force_str(getattr(obj, options.object_id_field)),
            db=db,
            format=options.format,
            serialized_data=serialized(obj),
            object_repr=force_str(obj),
        )


def record(histories, comment):
    """One revision for each list of saved objects in histories, with a version of each.

    The objects of a list in the order their saves would have recorded them,
    and with their many-to-many values prefetched, or each costs a query.
    """
    revisions, versions, make = [], [], Versions()
    for objects in histories:
        revision = Revision(date_created=timezone.now(), comment=comment)
        recorded = [make.of(obj) for obj in objects]
        pre_revision_commit.send(sender=create_revision, revision=revision, versions=recorded)
        revisions.append((revision, recorded))
    Revision.objects.bulk_create([revision for revision, _ in revisions])
    for revision, recorded in revisions:
        for version in recorded:
            version.revision_id = revision.pk
        versions += recorded
    insert(versions)
    for revision, recorded in revisions:
        post_revision_commit.send(sender=create_revision, revision=revision, versions=recorded)


def insert(versions):
    """Version.objects.bulk_create(versions), through COPY on PostgreSQL.

    Nothing refers to a version, so its id need not come back, and COPY
    takes a fraction of the time of Django's INSERT for the hundreds of
    thousands of versions of a large load.
    """
    connection = connections[router.db_for_write(Version)]
    if connection.vendor != "postgresql":
        Version.objects.bulk_create(versions, batch_size=BATCH)
        return
    # Every column is text or an integer, written as the attribute holds it.
    fields = [field for field in Version._meta.concrete_fields if not field.primary_key]
    table = connection.ops.quote_name(Version._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for version in versions:
            copy.write_row([getattr(version, field.attname) for field in fields])
