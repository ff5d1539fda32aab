"""An edit stamp on every catalog record, so a stale admin form cannot save over a newer edit."""

import django.utils.timezone
from django.db import migrations, models

MODELS = ["source", "tool", "skill", "certification", "equivalence"]


class Migration(migrations.Migration):
    dependencies = [("roles", "0013_help_text")]

    operations = [
        migrations.AddField(
            model_name=name,
            name="updated_at",
            field=models.DateTimeField(auto_now=True, default=django.utils.timezone.now),
            preserve_default=False,
        )
        for name in MODELS
    ]
