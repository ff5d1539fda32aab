"""Which roles' pages a change can alter: theirs and their neighbours', or those showing a record.

A role's pages show something of the roles its ladder, related careers and
comparisons link to (a title, a median pay, a ladder on the career path), and
the career path also shows the ladders of roles that link to it. So a role's
change re-indexes the roles linked to it and from it, one step each way.

A shared record (a tool, skill, certification or source) is on the pages of
the roles whose rows point at it: a role's tool list or ladder rung names a
tool, a pay band or a citation names its source. So a change to the record
itself re-indexes those roles (and, through affected(), their neighbours),
found from the relations the models declare rather than from a list kept here.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from .. import page_tags
from ..models import Role
from ..models.editorial import ItemReference
from ..models.queries import ROLE_LINKING_ITEMS


def linking_models():
    by_accessor = {
        relation.get_accessor_name(): relation.related_model
        for relation in Role._meta.related_objects
        if relation.field.name == "role"
    }
    return [by_accessor[name] for name in ROLE_LINKING_ITEMS]


def affected(role_ids):
    """The roles, with the roles linked to or from them (one query per kind of link)."""
    found = set(role_ids)
    if not found:
        return found
    for model in linking_models():
        links = model.objects.filter(
            Q(linked_role__in=role_ids) | Q(role__in=role_ids, linked_role__isnull=False)
        )
        for role, linked in links.values_list("role_id", "linked_role_id"):
            found.update((role, linked))
    return found


def pointing_fields(model, target):
    """The names of model's foreign keys and many-to-many fields to the model target."""
    return [
        field.name
        for field in model._meta.get_fields()
        if field.concrete and (field.many_to_one or field.many_to_many)
        and field.related_model is target
    ]  # fmt: skip


def pointing_at(model, target, pks):
    """A condition on model: one of its fields points at a target record with these pks."""
    found = Q()
    for name in pointing_fields(model, target):
        found |= Q(**{f"{name}__in": pks})
    return found


def role_of(model):
    """What names a row's role on model: "pk" on a role, "role_id" on what a role owns."""
    if model is Role:
        return "pk"
    if page_tags.owned_by_role(model):
        return "role_id"
    return None  # not a role's (an equivalence): no role page shows it through this row


def cited_roles(reference_model, target, pks):
    """The roles owning the items whose citations (or other references) point at the records."""
    references = reference_model.objects.filter(pointing_at(reference_model, target, pks))
    found, by_type = set(), {}
    for content_type, object_id in references.values_list("content_type_id", "object_id"):
        by_type.setdefault(content_type, set()).add(object_id)
    for content_type, object_ids in by_type.items():
        item_model = ContentType.objects.get_for_id(content_type).model_class()
        field = role_of(item_model) if item_model is not None else None
        if field is not None:
            items = item_model._default_manager.filter(pk__in=object_ids).order_by()
            found.update(items.values_list(field, flat=True))
    return found


def roles_showing(records):
    """The roles whose rows point at the records ({model name: pks}, of the app's own models).

    One query per model that points at a kind, and for citations one per kind
    of item cited: a fixed number, however many roles use the record.
    """
    found = set()
    for name, pks in records.items():
        target = apps.get_model("roles", name)
        for model in page_tags.content_models():
            if not pointing_fields(model, target):
                continue
            if issubclass(model, ItemReference):
                found |= cited_roles(model, target, pks)
            elif (field := role_of(model)) is not None:
                rows = model._default_manager.filter(pointing_at(model, target, pks))
                found.update(rows.order_by().values_list(field, flat=True).distinct())
    return found
