"""The Editors and Publishers groups (roles/editor_groups.py says who may do what).

The model list is written out here, not read from the models, so that this
migration does the same on every database whatever models come later; a
later model gets its rights in its own migration (see roles/editor_groups.py).
"""

from django.db import migrations

from roles.editor_groups import (
    EVERY_GROUP,
    PUBLISH,
    PUBLISHERS,
    grant,
    model_codenames,
)

# Every model an editor works on in the admin: the role, its prose sections and
# items, an item's citations and rung fits, and the shared catalog. Viewing the
# catalog is also what the admin's autocomplete for these records requires.
EDITED_MODELS = [
    "role",
    "section",
    "occupationcode",
    "responsibility",
    "workingcondition",
    "roletool",
    "roleskill",
    "rolecertification",
    "educationoption",
    "entrystep",
    "ladderrung",
    "salaryband",
    "paydistribution",
    "globalpay",
    "procon",
    "faq",
    "relatedcareer",
    "comparison",
    "topemployer",
    "citation",
    "rungfit",
    "source",
    "tool",
    "skill",
    "certification",
    "equivalence",
]


def create_groups(apps, schema_editor):
    grant(apps, schema_editor, model_codenames(EDITED_MODELS), EVERY_GROUP)
    grant(apps, schema_editor, [PUBLISH], [PUBLISHERS])


def delete_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name__in=EVERY_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("roles", "0011_staged_changes"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
