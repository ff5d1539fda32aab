"""What a History revert would change that the editor may not change in the form.

django-reversion restores every object of a revision (and deletes the rows the
object has gained since) before it shows the revert form, and the form only
checks permission for the model being reverted. An editor allowed to change
roles but not FAQs could thus rewrite FAQs through History. This module works
out, without writing anything, which rows the revert would add, change or
delete, and asks the same permission methods the change form's inlines use.

A revert that needs a permission the editor lacks is refused as a whole rather
than applied in part: a partial revert would store a combination of rows that
no revision ever had (ladder rungs from one version, salary bands from
another), while its history entry would claim the revision was restored.
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from reversion.revisions import _follow_relations_recursive

from .models.editorial import ItemReference

ACTIONS = ("add", "change", "delete")


def forbidden_changes(model_admin, request, version):
    """[(action, model)] the revert to version's revision needs and the user may not do."""
    needed = changes_needed(version)
    key = (version._model, str(version.object_id))
    parent = current_objects([key]).get(key)
    allowed = permission_checker(model_admin, request, parent)
    return [
        (action, model)
        for model, actions in sorted(needed.items(), key=lambda item: item[0]._meta.label)
        for action in ACTIONS
        if action in actions and not allowed(model, action)
    ]


def refusal_message(forbidden):
    """One sentence naming each kind of row the editor may not touch, and how."""
    by_action = defaultdict(list)
    for action, model in forbidden:
        by_action[action].append(str(model._meta.verbose_name_plural))
    parts = [f"{action} {', '.join(names)}" for action, names in by_action.items()]
    return (
        f"Restoring this version would {'; '.join(parts)}, which your account may not do, "
        "so it cannot be restored by you; nothing was changed. "
        "Ask an editor who may edit those to restore it."
    )


def changes_needed(version):
    """{model: {"add", "change", "delete"}} for what reverting the revision would write."""
    needed = defaultdict(set)
    stored = {
        (item._model, str(item.object_id)): item for item in version.revision.version_set.all()
    }
    existing = current_objects(stored)
    for (model, object_id), item in stored.items():
        obj = existing.get((model, object_id))
        if obj is None:
            needed[owner(model, item.field_dict)].add(as_item_change(model, "add"))
        elif stored_fields(item) != current_fields(obj, stored_fields(item)):
            needed[owner(model, item.field_dict)].add("change")
    # Mirrors Revision.revert(delete=True): every row reachable now from the
    # revision's objects, but not in the revision, is deleted.
    for obj in existing.values():
        for related in _follow_relations_recursive(obj):
            if (type(related), str(related.pk)) not in stored:
                model = type(related)
                fields = {"content_type_id": getattr(related, "content_type_id", None)}
                needed[owner(model, fields)].add(as_item_change(model, "delete"))
    return needed


# An item's citations and rung fits are part of the item, edited in its row of
# the change form, so writing them needs the right to change that kind of item.


def owner(model, fields):
    """The model whose permission a row needs: its own, or its item's for a citation."""
    if issubclass(model, ItemReference):
        return ContentType.objects.get_for_id(fields["content_type_id"]).model_class()
    return model


def as_item_change(model, action):
    return "change" if issubclass(model, ItemReference) else action


def current_objects(keys):
    """{(model, object_id): the object now}, for those that still exist; one query per model."""
    ids_by_model = defaultdict(list)
    for model, object_id in keys:
        ids_by_model[model].append(object_id)
    found = {}
    for model, ids in ids_by_model.items():
        valid = []
        for object_id in ids:
            try:
                valid.append(model._meta.pk.to_python(object_id))
            except ValidationError:  # an id that is no valid key any more
                continue
        for obj in model._default_manager.filter(pk__in=valid):
            found[(model, str(obj.pk))] = obj
    return found


def stored_fields(item):
    # Values as Python objects: the same number may be stored as "56000" and "56000.00".
    return normalised(item.field_dict, item._model)


def current_fields(obj, like):
    """The object's values now, for the fields the version stored."""
    values = {}
    for field in obj._meta.concrete_fields + obj._meta.many_to_many:
        if field.attname not in like:
            continue
        if field.many_to_many:
            values[field.attname] = list(getattr(obj, field.name).values_list("pk", flat=True))
        else:
            values[field.attname] = getattr(obj, field.attname)
    return normalised(values, type(obj))


def normalised(fields, model):
    # Many-to-many values are lists whose order carries no meaning.
    many = {field.attname for field in model._meta.many_to_many}
    return {name: sorted(value) if name in many else value for name, value in fields.items()}


def permission_checker(model_admin, request, parent):
    """allowed(model, action): the admin's own rules for the model and each of its inlines."""
    inlines = {
        inline.model: inline
        for inline in (
            cls(model_admin.model, model_admin.admin_site) for cls in model_admin.inlines
        )
    }

    def allowed(model, action):
        if model in inlines:
            inline = inlines[model]
            return getattr(inline, f"has_{action}_permission")(request, parent)
        admin = (
            model_admin
            if model is model_admin.model
            else model_admin.admin_site._registry.get(model)
        )
        if admin is None:
            opts = model._meta
            return request.user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")
        if action == "add":
            return admin.has_add_permission(request)
        return getattr(admin, f"has_{action}_permission")(
            request, parent if admin is model_admin else None
        )

    return allowed
