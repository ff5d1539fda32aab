"""Search entries know their role and carry a digest, and a heading vector with a GIN index.

So the index is refreshed role by role (roles/search/index.py), and a search
takes its candidates from GIN indexes without ranking every match, through
the function roles_search_candidates (roles/search/candidates.py says why).
The rows already there have none of this: the index is marked as never built,
and the next refresh or search (or `manage.py rebuild_search_index`) rebuilds it.
"""

import django.contrib.postgres.search
from django.db import migrations, models

# Two tiers of at most `wanted` ids each: every concept in the heading, then
# (only if that tier is short) a match anywhere. Only GIN bitmap scans, which
# stop at the limit; no worker processes, whose rows would come in any order.
CREATE_FUNCTION = """
CREATE FUNCTION roles_search_candidates(
    heading_query tsquery, document_query tsquery, wanted integer
)
RETURNS SETOF bigint LANGUAGE sql STABLE ROWS 300
SET enable_seqscan = off SET enable_indexscan = off SET max_parallel_workers_per_gather = 0
AS $$
    WITH headed AS MATERIALIZED (
        SELECT id FROM roles_searchentry WHERE heading @@ heading_query LIMIT wanted
    )
    SELECT id FROM headed
    UNION
    (SELECT id FROM roles_searchentry
     WHERE (SELECT count(*) FROM headed) < wanted AND document @@ document_query
     LIMIT wanted)
$$
"""
POSTGRES = [
    ("CREATE INDEX roles_searchentry_heading ON roles_searchentry USING gin (heading)",
     "DROP INDEX IF EXISTS roles_searchentry_heading"),
    (CREATE_FUNCTION, "DROP FUNCTION IF EXISTS roles_search_candidates(tsquery, tsquery, integer)"),
]  # fmt: skip


def create_postgres_objects(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for create, _ in POSTGRES:
            schema_editor.execute(create)


def drop_postgres_objects(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for _, drop in reversed(POSTGRES):
            schema_editor.execute(drop)


def mark_index_unbuilt(apps, schema_editor):
    apps.get_model("roles", "SearchIndexState").objects.update(content_version=0, built_at=None)


class Migration(migrations.Migration):
    dependencies = [("roles", "0015_cache_tags")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="role_pk",
            field=models.PositiveBigIntegerField(db_index=True, null=True),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="digest",
            field=models.CharField(default="", max_length=32),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="heading",
            field=django.contrib.postgres.search.SearchVectorField(null=True),
        ),
        migrations.RunPython(create_postgres_objects, drop_postgres_objects),
        migrations.RunPython(mark_index_unbuilt, migrations.RunPython.noop),
    ]
