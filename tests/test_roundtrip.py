"""The content files and the database describe the same thing, exactly."""

import filecmp

from django.core.management import call_command

from roles.models import Role

from .conftest import CONTENT_DIR


def export_to(path):
    call_command("export_content", "--output", str(path), verbosity=0)
    return path


def content_files(folder):
    return sorted(
        str(path.relative_to(folder))
        for path in [folder / "catalog.yaml", *(folder / "roles").glob("*.md")]
    )


def assert_same_files(exported, original):
    assert content_files(exported) == content_files(original)
    assert sorted(p.name for p in (exported / "roles").iterdir()) == sorted(
        p.name for p in (original / "roles").glob("*.md")
    )
    for name in content_files(original):
        assert (exported / name).read_bytes() == (original / name).read_bytes(), name


def test_load_then_export_reproduces_the_files_byte_for_byte(loaded, tmp_path):
    assert_same_files(export_to(tmp_path / "out"), CONTENT_DIR)


def test_an_export_loads_back_unchanged(loaded, tmp_path):
    first = export_to(tmp_path / "first")
    before = Role.objects.order_by("slug").values_list("slug", "updated_at")

    call_command("load_content", str(first), verbosity=0)
    second = export_to(tmp_path / "second")

    assert list(Role.objects.order_by("slug").values_list("slug", "updated_at")) == list(before)
    comparison = filecmp.dircmp(first, second)
    assert comparison.diff_files == [] and comparison.left_only == [] == comparison.right_only
    assert filecmp.dircmp(first / "roles", second / "roles").diff_files == []


def test_every_profile_is_loaded_with_its_parts(loaded):
    technician = Role.objects.get(slug="press-technician")
    helper = Role.objects.get(slug="press-helper")

    assert Role.objects.get(slug="die-setter").status == Role.Status.DRAFT
    # Two sources disagree on pay by level: both are kept, each with its source.
    band_sources = set(technician.salaryband_set.values_list("source__key", flat=True))
    assert band_sources == {"acme-wage-survey", "press-guild-guide"}
    assert technician.salaryband_set.filter(rung__key="junior").count() == 2
    assert technician.globalpay_set.count() == 2
    assert technician.topemployer_set.filter(name="Brightline Stamping", openings=12).exists()
    assert technician.comparison_set.filter(linked_role=helper).exists()
    assert helper.paydistribution_set.filter(p50=33000).exists()
    assert technician.responsibility_set.filter(example=True).count() == 2
    # The helper's ladder leads into the technician's.
    assert helper.ladderrung_set.filter(linked_role=technician).exists()
    # A tool both roles use is one shared row.
    shared = set(technician.roletool_set.values_list("tool_id", flat=True)) & set(
        helper.roletool_set.values_list("tool_id", flat=True)
    )
    assert shared
