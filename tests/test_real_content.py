"""Smoke tests over the editors' real content/: it loads, every page renders, and the
files survive a load and an export byte for byte.

Every other test runs on tests/fixture_content/. These check no editorial
figure, so editors can change the content freely; they fail only when the
content cannot be loaded or shown at all.
"""

import gzip
import subprocess
import sys
from urllib.parse import urlencode
from xml.etree import ElementTree

import pytest
from django.core.management import call_command
from django.db import transaction

from roles.models import LadderRung, Role

from .conftest import REAL_CONTENT_DIR, ROOT, empty_content_tables

SEED_OVERLAP = ROOT.parent / "shared" / "tools" / "seed_overlap.py"
SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_locations(client, path, where):
    """The addresses a sitemap file lists: the index its files, a file its pages."""
    response = client.get(path)
    assert response.status_code == 200, path
    root = ElementTree.fromstring(response.content)
    return [loc.text.removeprefix("http://testserver") for loc in root.iterfind(where, SITEMAP)]


def real_slugs():
    return sorted(path.stem for path in (REAL_CONTENT_DIR / "roles").glob("*.md"))


def content_files(folder):
    return sorted(
        str(path.relative_to(folder))
        for path in [folder / "catalog.yaml", *(folder / "roles").glob("*.md")]
    )


@pytest.fixture(scope="module")
def real_content(django_db_setup, django_db_blocker):
    """content/ loaded once for this module, inside a transaction rolled back at its end.

    Each test's own transaction is a savepoint inside this one, so the tests
    still cannot see each other's changes, and the fixture content is back
    for the rest of the suite afterwards.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        empty_content_tables()
        call_command("load_content", str(REAL_CONTENT_DIR), verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def real(real_content, db):
    return real_content


def test_every_file_in_content_is_loaded(real):
    assert len(real_slugs()) >= 2
    assert sorted(Role.objects.values_list("slug", flat=True)) == real_slugs()


def test_every_page_type_renders_for_every_real_role(client, real):
    roles = list(Role.objects.filter(status=Role.Status.PUBLISHED).order_by("slug"))
    assert len(roles) >= 2
    slugs = [role.slug for role in roles]
    urls = ["/", "/roles/", "/about/data/", "/robots.txt", "/skills-check/", "/search/"]
    urls += [f"/compare/?roles={','.join(slugs[:3])}", "/tools/", "/skills/", "/certifications/"]
    for role in roles:
        levels = LadderRung.objects.filter(role=role, role_level=True).values_list("key", flat=True)
        urls += [
            f"/roles/{role.slug}/",
            f"/roles/{role.slug}.json",
            f"/search/?{urlencode({'q': role.title})}",
        ]
        for level in ["", *levels]:
            query = f"?level={level}" if level else ""
            for kind in ("/", ".txt", ".md"):
                urls.append(f"/roles/{role.slug}/job-description{kind}{query}")
        skills = "&".join(f"skills={link.skill.key}" for link in role.roleskill_set.all())
        urls.append(f"/skills-check/?{skills}")
    # The sitemap lists every public page, every tool, skill and certification included.
    listed = []
    for path in sitemap_locations(client, "/sitemap.xml", "s:sitemap/s:loc"):
        listed += sitemap_locations(client, path, "s:url/s:loc")
    assert {f"/roles/{slug}/" for slug in slugs} <= set(listed)
    for url in dict.fromkeys(urls + listed):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("slug", ["production-associate", "production-technician"])
def test_a_real_role_page_stays_under_40_kb_gzipped(client, real, slug):
    if slug not in real_slugs():
        pytest.skip(f"content/ no longer has {slug}")
    html = client.get(f"/roles/{slug}/").content
    assert len(gzip.compress(html)) <= 40 * 1024


def test_load_then_export_reproduces_content_byte_for_byte(real, tmp_path):
    exported = tmp_path / "out"
    call_command("export_content", "--output", str(exported), verbosity=0)
    assert content_files(exported) == content_files(REAL_CONTENT_DIR)
    for name in content_files(REAL_CONTENT_DIR):
        assert (exported / name).read_bytes() == (REAL_CONTENT_DIR / name).read_bytes(), name


def test_loading_the_real_content_again_changes_nothing(real):
    before = list(Role.objects.order_by("slug").values_list("slug", "updated_at"))
    call_command("load_content", str(REAL_CONTENT_DIR), verbosity=0)
    assert list(Role.objects.order_by("slug").values_list("slug", "updated_at")) == before


@pytest.mark.skipif(not SEED_OVERLAP.is_file(), reason=f"{SEED_OVERLAP} is not here")
def test_no_prose_is_copied_from_the_source_documents():
    for paths in (["content", "templates", "roles", "careerguide"], ["tests"]):
        result = subprocess.run(
            [sys.executable, str(SEED_OVERLAP), *paths],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stdout + result.stderr
