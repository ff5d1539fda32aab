"""Which roles' pages a change to some roles can alter: theirs, and their neighbours'.

A role's pages show something of the roles its ladder, related careers and
comparisons link to (a title, a median pay, a ladder on the career path), and
the career path also shows the ladders of roles that link to it. So a role's
change re-indexes the roles linked to it and from it, one step each way.
"""

from django.db.models import Q

from ..models import Role
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
