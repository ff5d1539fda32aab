"""Pages for tools, skills and certifications: what each is, and which roles need it."""

import re

import pytest

from roles.models import (
    Certification,
    LadderRung,
    Role,
    RoleCertification,
    RoleSkill,
    RoleTool,
    Skill,
    Tool,
)

from .budgets import CONTENT_VERSION

INDEXES = {"tool": "/tools/", "skill": "/skills/", "certification": "/certifications/"}
KINDS = {
    # kind: (model, link model, section id on a role page, a record both roles use)
    "tool": (Tool, RoleTool, "tools", "safety-glasses"),
    "skill": (Skill, RoleSkill, "skills", "fault-finding"),
    "certification": (Certification, RoleCertification, "certifications", "press-safety-bronze"),
}


def hrefs(html, prefix):
    return set(re.findall(rf'href="({re.escape(prefix)}[^"]*)"', html))


def main(html):
    return html[html.index("<main") : html.index("</main>")]


def section(html, anchor):
    start = html.index(f'<section id="{anchor}"')
    return html[start : html.index("</section>", start)]


def breadcrumbs_of(html):
    start = html.index('aria-label="Breadcrumb"')
    return html[start : html.index("</nav>", start)]


def blocks_by_h2(html):
    """The page cut at each h2: {heading text: html up to the next h2}."""
    parts = re.split(r"<h2[^>]*>(.*?)</h2>", html)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def assert_one_h1_and_no_skipped_heading(html):
    levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]
    assert levels.count(1) == 1
    for previous, current in zip(levels, levels[1:], strict=False):
        assert current <= previous + 1, (previous, current)


# --- index pages ----------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(INDEXES))
def test_index_lists_every_record_with_breadcrumbs(client, loaded, kind):
    model = KINDS[kind][0]
    response = client.get(INDEXES[kind])
    assert response.status_code == 200
    html = response.text
    assert_one_h1_and_no_skipped_heading(html)
    listed = hrefs(main(html), INDEXES[kind])
    assert listed == {record.get_absolute_url() for record in model.objects.all()}
    crumbs = re.findall(r"<li>(.*?)</li>", breadcrumbs_of(html))
    title = {"tool": "Tools", "skill": "Skills", "certification": "Certifications"}[kind]
    assert crumbs == ['<a href="/">Home</a>', f'<span aria-current="page">{title}</span>']


def test_tool_index_groups_tools_by_category_in_category_order(client, loaded):
    blocks = blocks_by_h2(client.get("/tools/").text)
    labels = [
        label for value, label in Tool.Category.choices if Tool.objects.filter(category=value)
    ]
    assert [heading for heading in blocks if heading in labels] == labels
    for tool in Tool.objects.all():
        assert tool.get_absolute_url() in blocks[tool.get_category_display()], tool.key


def test_skill_index_puts_technical_skills_before_soft_skills(client, loaded):
    blocks = blocks_by_h2(client.get("/skills/").text)
    assert [h for h in blocks if h.endswith("skills")] == ["Technical skills", "Soft skills"]
    for skill in Skill.objects.all():
        heading = "Technical skills" if skill.kind == "technical" else "Soft skills"
        assert f'href="{skill.get_absolute_url()}"' in blocks[heading], skill.key


def test_certification_index_is_alphabetical_whatever_the_case(client, loaded):
    Certification.objects.create(key="first-aid", name="basic first aid")
    html = client.get("/certifications/").text
    found = re.findall(r'href="/certifications/([a-z0-9-]+)/"', html)
    names = dict(Certification.objects.values_list("key", "name"))
    assert [names[key] for key in found] == sorted(names.values(), key=str.casefold)


def test_index_names_the_roles_that_need_each_record(client, loaded):
    html = client.get("/tools/").text
    plc = html[html.index('href="/tools/plc/"') :]
    assert plc[: plc.index("</li>")].endswith("Needed by Press Technician</span>")
    glasses = html[html.index('href="/tools/safety-glasses/"') :]
    assert "Needed by Press Helper and Press Technician" in glasses[: glasses.index("</li>")]


# --- detail pages ---------------------------------------------------------------


def test_tool_page_says_what_it_is_and_which_roles_and_rungs_need_it(client, loaded):
    tool = Tool.objects.get(key="plc")
    response = client.get("/tools/plc/")
    assert response.status_code == 200
    html = response.text
    assert_one_h1_and_no_skipped_heading(html)
    assert f"<h1>{tool.name}</h1>" in html
    assert "Automation and controls" in html
    assert tool.description_html in html
    link = RoleTool.objects.get(tool=tool, role__slug="press-technician")
    roles = section(html, "roles")
    assert 'href="/roles/press-technician/#tools"' in roles
    assert link.note in roles
    assert "/roles/press-helper/" not in roles
    rungs = LadderRung.objects.filter(tools=tool)
    assert [rung.key for rung in rungs] == ["senior"]
    ladder = section(html, "ladder")
    assert hrefs(ladder, "/roles/") == {
        f"/roles/{rung.role.slug}/#rung-{rung.key}" for rung in rungs
    }
    for rung in rungs:
        assert rung.title in ladder


def test_breadcrumbs_lead_home_then_to_the_index(client, loaded):
    html = client.get("/tools/plc/").text
    crumbs = re.findall(r"<li>(.*?)</li>", breadcrumbs_of(html))
    assert crumbs[0] == '<a href="/">Home</a>'
    assert crumbs[1] == '<a href="/tools/">Tools</a>'
    assert "Press logic controllers" in crumbs[2]


def test_skill_page_shows_each_roles_tier(client, loaded):
    html = section(client.get("/skills/fault-finding/").text, "roles")
    tiers = {
        link.role.slug: link.get_tier_display()
        for link in RoleSkill.objects.filter(skill__key="fault-finding")
    }
    assert tiers == {"press-helper": "Specialized", "press-technician": "Foundational"}
    for slug, tier in tiers.items():
        card = html[html.index(f'href="/roles/{slug}/#skills"') :]
        assert f"<dt>Skill-map tier</dt><dd>{tier}</dd>" in card[: card.index("</li>")]


def test_skill_share_is_shown_with_its_source_and_date(client, loaded):
    link = RoleSkill.objects.get(skill__key="die-setting", role__slug="press-technician")
    assert link.share == 18 and link.share_source.key == "resume-study"
    html = client.get("/skills/die-setting/").text
    assert "<dt>Workers who list it</dt><dd>18% " in html
    assert (
        '<span class="cite">Source: <a href="#source-resume-study">'
        "Résumé Study of Press Staff</a>, January 2025</span>"
    ) in html
    # The cited source is listed in full on the page.
    sources = section(html, "sources")
    assert 'id="source-resume-study"' in sources
    assert link.share_source.publisher in sources


def test_skill_without_a_share_cites_nothing(client, loaded):
    assert not RoleSkill.objects.filter(skill__key="fault-finding", share__isnull=False)
    html = client.get("/skills/fault-finding/").text
    assert 'class="cite"' not in html
    assert '<section id="sources"' not in html


def test_certification_page_names_its_issuer(client, loaded):
    cert = Certification.objects.get(key="press-safety-bronze")
    html = client.get("/certifications/press-safety-bronze/").text
    assert f"<dt>Issued by</dt><dd>{cert.issuer}</dd>" in html
    assert hrefs(section(html, "roles"), "/roles/") == {
        "/roles/press-helper/#certifications",
        "/roles/press-technician/#certifications",
    }


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_detail_page_links_to_the_skills_check_with_the_record_ticked(client, loaded, kind):
    key = KINDS[kind][3]
    html = client.get(f"{INDEXES[kind]}{key}/").text
    assert f'href="/skills-check/?{KINDS[kind][2]}={key}"' in html


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_unknown_key_gets_the_sites_own_404(client, loaded, kind):
    response = client.get(f"{INDEXES[kind]}no-such-thing/")
    assert response.status_code == 404
    assert "We could not find that page" in response.text
    assert "Manufacturing Career Guide" in response.text


def test_a_record_no_role_uses_still_has_a_page(client, loaded):
    tool = Tool.objects.create(key="torque-wrench", name="Torque wrench", category="hand-tools")
    html = client.get(tool.get_absolute_url()).text
    assert "<h1>Torque wrench</h1>" in html
    assert "No published role in the guide lists this tool" in html
    assert "No career ladder in the guide names this tool" in html
    index = client.get("/tools/").text
    entry = index[index.index('href="/tools/torque-wrench/"') :]
    assert "No role in the guide needs it yet" in entry[: entry.index("</li>")]


def test_a_skill_named_only_on_a_ladder_says_so(client, loaded):
    # The helper's ladder names leadership at its crew-lead rung, its skill list does not.
    assert not RoleSkill.objects.filter(skill__key="leadership", role__slug="press-helper")
    html = client.get("/skills/leadership/").text
    assert "/roles/press-helper/#skills" not in html
    assert 'href="/roles/press-helper/#rung-crew-lead"' in section(html, "ladder")
    index = client.get("/skills/").text
    entry = index[index.index('href="/skills/leadership/"') :]
    assert "Press Helper" in entry[: entry.index("</li>")]


def test_draft_roles_are_hidden_from_catalog_pages(client, loaded):
    Role.objects.filter(slug="press-helper").update(status=Role.Status.DRAFT)
    only_helper = Tool.objects.filter(role_links__role__slug="press-helper").exclude(
        role_links__role__slug="press-technician"
    )
    tool = only_helper.exclude(rungs__role__slug="press-technician").get()
    assert tool.key == "forklift"
    # Only a draft uses it now, so it is hidden with the draft.
    assert client.get(tool.get_absolute_url()).status_code == 404
    assert tool.get_absolute_url() not in client.get(INDEXES["tool"]).text
    for url in INDEXES.values():
        assert "Press Helper" not in client.get(url).text
    for kind in KINDS:
        assert "/roles/press-helper/" not in client.get(f"{INDEXES[kind]}{KINDS[kind][3]}/").text


# --- role pages link here -------------------------------------------------------


@pytest.mark.parametrize("slug", ["press-helper", "press-technician"])
def test_every_item_on_a_role_page_links_to_its_own_page(client, loaded, slug):
    role = Role.objects.get(slug=slug)
    html = client.get(role.get_absolute_url()).text
    for kind, (_model, link_model, anchor, _key) in KINDS.items():
        records = [getattr(link, kind) for link in link_model.objects.filter(role=role)]
        assert records
        expected = {record.get_absolute_url() for record in records}
        assert hrefs(section(html, anchor), INDEXES[kind]) == expected, kind
        for url in expected:
            assert f'<a href="{url}">' in html
    # Each link leads to a page that exists.
    for url in sorted(
        hrefs(html, "/tools/") | hrefs(html, "/skills/") | hrefs(html, "/certifications/")
    ):
        assert client.get(url).status_code == 200, url


# --- queries --------------------------------------------------------------------


# the records, their published roles' links, their published rungs
INDEX_QUERIES = 3 + CONTENT_VERSION
# the record, its published roles' links, its published rungs
DETAIL_QUERIES = 3 + CONTENT_VERSION


def add_a_role_using_everything():
    """A third published role whose list and ladder name every record."""
    role = Role.objects.create(slug="line-lead", title="Line Lead", summary="Leads a line.")
    rung = LadderRung.objects.create(role=role, position=0, key="lead", title="Line lead")
    for position, tool in enumerate(Tool.objects.all()):
        RoleTool.objects.create(role=role, tool=tool, position=position)
    for position, skill in enumerate(Skill.objects.all()):
        RoleSkill.objects.create(role=role, skill=skill, position=position, tier="specialized")
    for position, cert in enumerate(Certification.objects.all()):
        RoleCertification.objects.create(role=role, certification=cert, position=position)
    rung.tools.set(Tool.objects.all())
    rung.skills.set(Skill.objects.all())
    rung.certifications.set(Certification.objects.all())


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_query_counts_are_fixed_and_do_not_grow_with_links(
    client, loaded, django_assert_num_queries, kind
):
    detail = f"{INDEXES[kind]}{KINDS[kind][3]}/"
    with django_assert_num_queries(INDEX_QUERIES):
        assert client.get(INDEXES[kind]).status_code == 200
    with django_assert_num_queries(DETAIL_QUERIES):
        assert client.get(detail).status_code == 200
    add_a_role_using_everything()
    with django_assert_num_queries(INDEX_QUERIES):
        assert "Line Lead" in client.get(INDEXES[kind]).text
    with django_assert_num_queries(DETAIL_QUERIES):
        html = client.get(detail).text
    assert 'href="/roles/line-lead/#rung-lead"' in html
