"""A draft role, and the records only drafts use, never reach the public.

A published role links to the fixture's draft (die-setter) in every way the
model allows: a rung of its ladder, a related career, a comparison; the
draft's own ladder links back into published ladders; and each kind of
catalog record has entries that only the draft uses, in its lists or on its
ladder. Then every public page, export and feed is crawled as the public
sees it, and the raw bytes of each answer are searched for anything naming
the draft or its records.
"""

import re
from urllib.parse import urljoin, urlsplit

import pytest

from roles.models import (
    Certification,
    Comparison,
    LadderRung,
    RelatedCareer,
    Role,
    RoleCertification,
    RoleSkill,
    RoleTool,
    Skill,
    Tool,
)

DRAFT_SLUG = "die-setter"
# Seeds a crawl from "/" could not reach: queries, feeds, and every export.
SEEDS = [
    "/",
    "/sitemap.xml",
    "/robots.txt",
    "/search/?q=setter",
    "/search/?q=zeta",
    "/search/?q=changeover",
    "/compare/?roles=press-helper,press-technician",
    "/skills-check/",
]
# Where a crawl stops: not public pages, or not ours to check here.
SKIPPED_PREFIXES = ("/admin/", "/static/", "/editor/", "/__")
LINK = re.compile(rb"""(?:href|src)=["']([^"'#]*)|<loc>([^<]*)</loc>|"(?:url|page)": "([^"]*)\"""")


@pytest.fixture
def draft_links(loaded):
    """Link the published press helper to the draft every way the model allows.

    Returns the catalog records only the draft uses.
    """
    draft = Role.objects.get(slug=DRAFT_SLUG)
    assert not draft.is_published
    helper = Role.objects.get(slug="press-helper")
    technician = Role.objects.get(slug="press-technician")
    # The linking items' own titles are the helper's words; the draft's name is not.
    LadderRung.objects.create(
        role=helper, position=10, key="changeover", title="Changeover step", linked_role=draft
    )
    RelatedCareer.objects.create(
        role=helper, position=10, title="Changeover work", linked_role=draft
    )
    Comparison.objects.create(
        role=helper, position=10, title="Changeover crew", summary="Similar.", linked_role=draft
    )
    # The draft's ladder leads into both published ladders.
    first = LadderRung.objects.create(
        role=draft, position=0, key="setter", title="Setter apprentice"
    )
    LadderRung.objects.create(
        role=draft, position=1, key="helper", title="Helper", linked_role=helper
    )
    LadderRung.objects.create(
        role=draft, position=2, key="tech", title="Tech", linked_role=technician
    )
    only_draft = []
    for kind, model, link_model, extra in (
        ("tool", Tool, RoleTool, {"category": "machinery"}),
        ("skill", Skill, RoleSkill, {"kind": "technical"}),
        ("certification", Certification, RoleCertification, {}),
    ):
        listed = model.objects.create(
            key=f"zeta-listed-{kind}", name=f"Zeta listed {kind}", **extra
        )
        link_model.objects.create(role=draft, position=0, **{kind: listed})
        on_ladder = model.objects.create(key=f"zeta-rung-{kind}", name=f"Zeta rung {kind}", **extra)
        getattr(first, f"{kind}s").add(on_ladder)
        only_draft += [listed, on_ladder]
    # A record published roles use, which the draft uses too.
    RoleSkill.objects.create(role=draft, position=1, skill=Skill.objects.get(key="die-setting"))
    return only_draft


def forbidden_words(only_draft):
    draft = Role.objects.get(slug=DRAFT_SLUG)
    words = {draft.slug, draft.title}
    for record in only_draft:
        words |= {record.key, record.name, record.get_absolute_url()}
    return {word.encode() for word in words}


def links_in(path, body):
    found = set()
    for match in LINK.finditer(body):
        url = next(group for group in match.groups() if group is not None).decode()
        parts = urlsplit(urljoin(f"http://testserver{path}", url))
        if parts.netloc == "testserver" and not parts.path.startswith(SKIPPED_PREFIXES):
            found.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def crawl(client):
    """Every page the public can reach from the seeds: {path: response}."""
    seen, queue = {}, list(SEEDS)
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        response = client.get(path)
        seen[path] = response
        if response.status_code == 200 and len(seen) < 500:
            queue += sorted(links_in(path, response.content) - seen.keys())
    return seen


def test_no_public_page_names_or_links_the_draft_or_what_only_it_uses(client, draft_links):
    forbidden = forbidden_words(draft_links)
    pages = crawl(client)
    # The crawl reached every kind of page and export.
    reached = " ".join(pages)
    for expected in (
        "/roles/press-helper/full/",
        "/roles/press-helper.json",
        "/roles/press-helper/job-description/",
        "/roles/press-helper/job-description.txt",
        "/roles/press-helper/job-description.md",
        "/tools/forklift/",
        "/skills/die-setting/",
        "/certifications/",
        "/about/data/",
    ):
        assert expected in reached, expected
    leaks = {
        path: sorted(word.decode() for word in forbidden if word in response.content)
        for path, response in pages.items()
    }
    found = [f"{path}: {', '.join(words)}" for path, words in sorted(leaks.items()) if words]
    assert not found, "\n".join(found)
    broken = {path: r.status_code for path, r in pages.items() if r.status_code >= 400}
    assert broken == {}


def test_items_linking_to_the_draft_keep_their_own_words_unlinked(client, draft_links):
    html = client.get("/roles/press-helper/full/").text
    for title in ("Changeover step", "Changeover work", "Changeover crew"):
        assert title in html
    data = client.get("/roles/press-helper.json").json()["profile"]
    rung = next(rung for rung in data["ladder"] if rung["key"] == "changeover")
    assert rung.get("role") is None
    assert [c.get("role") for c in data["related_careers"]] == ["press-technician", None, None]
    assert all(item.get("role") is None for item in data["comparisons"])


def test_records_only_drafts_use_are_not_found(client, draft_links):
    for record in draft_links:
        response = client.get(record.get_absolute_url())
        assert response.status_code == 404, record.key
        assert "We could not find that page" in response.text


def test_a_record_a_published_role_also_uses_names_only_published_roles(client, draft_links):
    html = client.get("/skills/die-setting/").text
    assert "/roles/press-technician/skills/#skills" in html
    assert b"die-setter" not in client.get("/skills/die-setting/").content


def test_a_record_stays_public_once_a_published_role_lists_it(client, draft_links):
    record = next(r for r in draft_links if r.key == "zeta-listed-tool")
    RoleTool.objects.create(
        role=Role.objects.get(slug="press-technician"), position=99, tool=record
    )
    assert client.get(record.get_absolute_url()).status_code == 200
    assert record.get_absolute_url() in client.get("/tools/").text


def test_editors_previewing_the_draft_still_see_it(admin_client, draft_links):
    response = admin_client.get(f"/roles/{DRAFT_SLUG}/")
    assert response.status_code == 200
    assert "Die Setter" in response.text


def test_a_next_step_that_is_a_draft_is_named_but_not_linked(client, draft_links):
    # The helper's ladder now leads straight to the draft, on the compare page too.
    rung = LadderRung.objects.get(role__slug="press-helper", key="technician")
    rung.linked_role = Role.objects.get(slug=DRAFT_SLUG)
    rung.save()
    for url in ("/compare/?roles=press-helper,press-technician", "/roles/press-helper/full/"):
        body = client.get(url).content
        assert rung.title.encode() in body, url
        assert b"die-setter" not in body, url
        assert b"Die Setter" not in body, url
