"""The two groups editors are put in, and the rights each holds.

- Editors may add, change, delete and view every role, every item of a role
  and every catalog record (the view rights are what the admin's autocomplete
  for tools, sources and the rest asks for). Their changes to a published
  role wait as a pending change.
- Publishers may do all of that and publish (roles.publish_role).

The groups are made by migration 0012_editor_groups. These helpers take the
migration's historical `apps`, so a migration that uses them keeps working
however the models change later.

A model added later gets its rights in a migration of its own, after the one
that creates the model:

    from roles.editor_groups import grant_rights_operation

    operations = [grant_rights_operation(["newmodel"])]
"""

from functools import partial

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
PUBLISHERS = "Publishers"
EVERY_GROUP = (EDITORS, PUBLISHERS)
MODEL_ACTIONS = ("add", "change", "delete", "view")
PUBLISH = "publish_role"


def model_codenames(model_names):
    """The add, change, delete and view permission codenames of each model."""
    return [f"{action}_{name}" for name in model_names for action in MODEL_ACTIONS]


def create_missing_permissions(apps, using):
    """Create the permissions of every model migrated so far.

    Django creates permissions only once a whole `migrate` run has finished,
    so on a fresh database they do not exist yet when this migration runs.
    """
    for app_config in apps.get_app_configs():
        # The migration state's app configs have no models module, which
        # create_permissions takes to mean "an app without models".
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True
        try:
            create_permissions(app_config, verbosity=0, using=using, apps=apps)
        finally:
            app_config.models_module = original


def permissions(apps, using, codenames, app_label="roles"):
    """The roles app's permissions with these codenames; every one must exist."""
    Permission = apps.get_model("auth", "Permission")
    found = list(
        Permission.objects.using(using).filter(
            content_type__app_label=app_label, codename__in=codenames
        )
    )
    missing = sorted(set(codenames) - {permission.codename for permission in found})
    if missing:
        raise LookupError(
            f"The {app_label} app has no permission {', '.join(missing)}: is the model "
            "name spelled as Django spells it (lower case, no spaces), and is the model "
            "created by an earlier migration?"
        )
    return found


def grant(apps, schema_editor, codenames, group_names=EVERY_GROUP):
    """Give each named group (made here if missing) these roles permissions."""
    using = schema_editor.connection.alias
    create_missing_permissions(apps, using)
    rights = permissions(apps, using, codenames)
    Group = apps.get_model("auth", "Group")
    # Rows of the through table, not group.permissions.add(): add() sends
    # m2m_changed, which the page cache takes for a change to the content.
    Right = Group.permissions.through
    for name in group_names:
        group, _ = Group.objects.using(using).get_or_create(name=name)
        Right.objects.using(using).bulk_create(
            [Right(group_id=group.pk, permission_id=right.pk) for right in rights],
            ignore_conflicts=True,
        )


def revoke(apps, schema_editor, codenames, group_names=EVERY_GROUP):
    """Take these roles permissions from each named group that exists."""
    using = schema_editor.connection.alias
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    rights = Permission.objects.using(using).filter(
        content_type__app_label="roles", codename__in=codenames
    )
    groups = Group.objects.using(using).filter(name__in=group_names)
    Group.permissions.through.objects.using(using).filter(
        group__in=groups, permission__in=rights
    ).delete()


def grant_rights_operation(model_names):
    """A reversible migration step: both groups may add, change, delete and view these models."""
    codenames = model_codenames(model_names)
    # partial, not lambda: squashmigrations can write a partial out again.
    return migrations.RunPython(
        partial(grant, codenames=codenames), partial(revoke, codenames=codenames)
    )
