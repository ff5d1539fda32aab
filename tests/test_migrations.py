"""Migrations that move data keep it: an item's one source becomes its first citation."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("roles", "0007_salary_band_through_rung")]
AFTER = [("roles", "0008_editorial_layer")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_each_items_source_becomes_its_first_citation():
    old = migrate(BEFORE)
    try:
        Source = old.get_model("roles", "Source")
        Role = old.get_model("roles", "Role")
        guide = Source.objects.create(key="guide", title="Guide", publisher="Guild")
        survey = Source.objects.create(key="survey", title="Survey", publisher="Acme")
        role = Role.objects.create(slug="press-setter", title="Press Setter", summary="Sets.")
        skill = old.get_model("roles", "Skill").objects.create(
            key="dies", name="Dies", kind="technical"
        )
        duty = old.get_model("roles", "Responsibility").objects.create(
            role=role, position=0, text="Set dies.", source=guide
        )
        unsourced = old.get_model("roles", "FAQ").objects.create(
            role=role, position=0, question="Why?", answer="Because."
        )
        share = old.get_model("roles", "RoleSkill").objects.create(
            role=role, position=0, skill=skill, share=12, source=survey, as_of="2025"
        )
        course = old.get_model("roles", "EducationOption").objects.create(
            role=role, position=0, name="Course", cost_low=100, currency="USD", source=survey
        )

        new = migrate(AFTER)

        Citation = new.get_model("roles", "Citation")

        def cited(model_name, pk):
            return list(
                Citation.objects.filter(content_type__model=model_name, object_id=pk).values_list(
                    "position", "source__key", "note"
                )
            )

        assert cited("responsibility", duty.pk) == [(0, "guide", "")]
        assert cited("faq", unsourced.pk) == []
        assert cited("roleskill", share.pk) == [(0, "survey", "")]
        link = new.get_model("roles", "RoleSkill").objects.get(pk=share.pk)
        assert (link.share_source.key, link.share_as_of) == ("survey", "2025")
        option = new.get_model("roles", "EducationOption").objects.get(pk=course.pk)
        assert option.cost_source.key == "survey" and cited("educationoption", course.pk)
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
