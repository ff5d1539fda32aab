"""The content files and the database describe the same thing, exactly."""

import filecmp

from django.core.management import call_command

from roles.models import Role

from .conftest import CONTENT_DIR


def export_to(path):
    call_command("export_content", "--output", str(path), verbosity=0)
    return path


def test_load_then_export_reproduces_the_files_byte_for_byte(loaded, tmp_path):
    exported = export_to(tmp_path / "out")

    for name in [
        "catalog.yaml",
        *[f"roles/{p.name}" for p in (CONTENT_DIR / "roles").glob("*.md")],
    ]:
        assert (exported / name).read_bytes() == (CONTENT_DIR / name).read_bytes(), name
    assert sorted(p.name for p in (exported / "roles").iterdir()) == sorted(
        p.name for p in (CONTENT_DIR / "roles").glob("*.md")
    )


def test_an_export_loads_back_unchanged(loaded, tmp_path):
    first = export_to(tmp_path / "first")
    before = Role.objects.order_by("slug").values_list("slug", "updated_at")

    call_command("load_content", str(first), verbosity=0)
    second = export_to(tmp_path / "second")

    assert list(Role.objects.order_by("slug").values_list("slug", "updated_at")) == list(before)
    comparison = filecmp.dircmp(first, second)
    assert comparison.diff_files == [] and comparison.left_only == [] == comparison.right_only
    assert filecmp.dircmp(first / "roles", second / "roles").diff_files == []


def test_both_profiles_are_loaded_with_their_parts(loaded):
    technician = Role.objects.get(slug="production-technician")
    associate = Role.objects.get(slug="production-associate")

    # Seeds 002 and 004 disagree on pay by level: both are kept, each with its source.
    band_sources = set(technician.salaryband_set.values_list("source__key", flat=True))
    assert {"seed-002", "seed-004"} <= band_sources
    assert technician.globalpay_set.count() >= 8
    assert technician.topemployer_set.filter(name="Corteva", openings=43).exists()
    assert technician.comparison_set.count() >= 4
    assert associate.paydistribution_set.filter(p50=35490).exists()
    # The Associate's ladder leads into the Technician's.
    assert associate.ladderrung_set.filter(linked_role=technician).exists()
    # A tool both roles use is one shared row.
    shared = set(technician.roletool_set.values_list("tool_id", flat=True)) & set(
        associate.roletool_set.values_list("tool_id", flat=True)
    )
    assert shared
