"""Pages for tools, skills and certifications: what each is, and which roles need it."""

import re
from html import unescape

import pytest

from roles.caching import clear_pages
from roles.models import (
    ApplicabilityBasis,
    Certification,
    Citation,
    Equivalence,
    LadderRung,
    Role,
    RoleCertification,
    RoleSkill,
    RoleTool,
    RungFit,
    Skill,
    Source,
    Tool,
)
from roles.role_pages import page_holding

from .budgets import CONTENT_VERSION

INDEXES = {"tool": "/tools/", "skill": "/skills/", "certification": "/certifications/"}
KINDS = {
    # kind: (model, link model, section id on a role page, a record both roles use)
    "tool": (Tool, RoleTool, "tools", "safety-glasses"),
    "skill": (Skill, RoleSkill, "skills", "fault-finding"),
    "certification": (Certification, RoleCertification, "certifications", "press-safety-bronze"),
}


def role_url(slug, section_key):
    """Where a role's section lives: the profile page that holds it (roles/role_pages.py)."""
    return f"/roles/{slug}/{page_holding(section_key).path}#{section_key}"


def rung_url(slug, key):
    return role_url(slug, "ladder").replace("#ladder", f"#rung-{key}")


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
    assert f'href="{role_url("press-technician", "tools")}"' in roles
    assert link.note in roles
    assert "/roles/press-helper/" not in roles
    rungs = LadderRung.objects.filter(tools=tool)
    assert [rung.key for rung in rungs] == ["senior"]
    ladder = section(html, "ladder")
    assert hrefs(ladder, "/roles/") == {rung_url(rung.role.slug, rung.key) for rung in rungs}
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
        card = html[html.index(f'href="{role_url(slug, "skills")}"') :]
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
        role_url("press-helper", "certifications"),
        role_url("press-technician", "certifications"),
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
    assert role_url("press-helper", "skills") not in html
    assert f'href="{rung_url("press-helper", "crew-lead")}"' in section(html, "ladder")
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


# --- equivalents ----------------------------------------------------------------


def add_a_forklift_skill():
    """A skill the helper lists, made one competency with the forklift and the forklift card."""
    skill = Skill.objects.create(key="forklift-driving", name="Forklift driving", kind="technical")
    RoleSkill.objects.create(role=Role.objects.get(slug="press-helper"), skill=skill, position=9)
    Equivalence.objects.get(tools__key="forklift").skills.add(skill)
    return skill


def test_each_member_of_an_equivalence_links_the_others(client, loaded):
    skill = add_a_forklift_skill()
    members = [
        skill,
        Tool.objects.get(key="forklift"),
        Certification.objects.get(key="forklift-card"),
    ]
    for record in members:
        html = section(client.get(record.get_absolute_url()).text, "equivalents")
        others = {member.get_absolute_url() for member in members if member != record}
        assert hrefs(html, "/") == others, record.key
        assert "A forklift card is how employers see the skill." in html
    skill_page = section(client.get(skill.get_absolute_url()).text, "equivalents")
    assert 'Forklift Licence</a> <span class="muted">· certification</span>' in skill_page
    assert 'Forklift</a> <span class="muted">· tool</span>' in skill_page


def test_a_record_in_no_equivalence_has_no_equivalents_section(client, loaded):
    assert not Equivalence.objects.filter(tools__key="plc")
    assert '<section id="equivalents"' not in client.get("/tools/plc/").text


def test_an_equivalent_only_drafts_use_is_never_linked(client, loaded):
    draft = Role.objects.get(slug="die-setter")
    assert draft.status == Role.Status.DRAFT
    secret = Tool.objects.create(key="secret-press", name="Secret press", category="machinery")
    RoleTool.objects.create(role=draft, tool=secret, position=99)
    Equivalence.objects.get(tools__key="forklift").tools.add(secret)
    # An equivalence whose only other member is the draft's says nothing at all.
    alone = Equivalence.objects.create(position=5, note="The secret press is run by PLC.")
    alone.tools.add(secret, Tool.objects.get(key="plc"))
    for url in ("/tools/forklift/", "/certifications/forklift-card/", "/tools/plc/"):
        html = client.get(url).text
        assert "secret-press" not in html and "Secret press" not in html, url
    assert '<section id="equivalents"' not in client.get("/tools/plc/").text
    assert "The secret press" not in client.get("/tools/plc/").text
    assert client.get("/tools/forklift/").text.count("/certifications/forklift-card/") == 1


# --- which levels need it ---------------------------------------------------------


def card_of(html, slug, anchor):
    """The role's card in the "Roles that need it" section."""
    roles = section(html, "roles")
    card = roles[roles.index(f'href="{role_url(slug, anchor)}"') :]
    return card[: card.index("</li>")]


def levels_of(card):
    return unescape(re.search(r"<dt>At which levels</dt><dd>(.*?)</dd>", card).group(1))


def fit(link, basis, **requirements):
    """Make the link fit the named rungs of its role's ladder, as applies_at would."""
    link.applies_basis = basis
    link.save()
    for key, requirement in requirements.items():
        rung = LadderRung.objects.get(role=link.role, key=key)
        RungFit.objects.create(item=link, rung=rung, requirement=requirement)


def test_an_item_naming_no_rung_is_preferred_at_every_level_of_the_role(client, loaded):
    link = RoleSkill.objects.get(skill__key="fault-finding", role__slug="press-technician")
    assert not link.fits.exists()
    levels = LadderRung.objects.filter(role=link.role, role_level=True)
    assert [rung.key for rung in levels] == ["junior", "senior"]
    card = card_of(client.get("/skills/fault-finding/").text, "press-technician", "skills")
    assert levels_of(card) == (
        "Preferred at every level of the role: Junior Press Technician and Senior Press Technician"
    )


def test_rungs_named_on_the_sources_word_say_so(client, loaded):
    link = RoleSkill.objects.get(skill__key="fault-finding", role__slug="press-technician")
    fit(
        link,
        ApplicabilityBasis.SOURCES,
        senior="required",
        supervisor="required",
        junior="preferred",
    )
    source = Source.objects.get(key="press-guild-guide")
    Citation.objects.create(item=link, source=source, position=0)
    html = client.get("/skills/fault-finding/").text
    card = card_of(html, "press-technician", "skills")
    assert levels_of(card) == (
        "Required at Senior Press Technician and Press Shift Supervisor; "
        "preferred at Junior Press Technician (the sources' word)"
    )
    # The sources are named on the card and listed in full on the page.
    assert f'<a href="#source-{source.key}">{source.title}</a>' in card
    assert f'id="source-{source.key}"' in section(html, "sources")
    # The helper's link names no rung: the default, untouched by the technician's rungs.
    helper = card_of(html, "press-helper", "skills")
    assert levels_of(helper) == "Preferred at every level of the role: Press Helper"


def test_rungs_named_by_the_editors_are_our_call(client, loaded):
    link = RoleTool.objects.get(tool__key="plc", role__slug="press-technician")
    fit(link, ApplicabilityBasis.EDITORIAL, senior="required")
    card = card_of(client.get("/tools/plc/").text, "press-technician", "tools")
    assert levels_of(card) == "Required at Senior Press Technician (our call)"


def test_a_card_names_the_rungs_of_its_roles_ladder_that_list_the_record(client, loaded):
    html = client.get("/skills/fault-finding/").text
    ladder = r"<dt>Its career ladder lists it at</dt><dd>(.*?)</dd>"
    technician = card_of(html, "press-technician", "skills")
    assert re.search(ladder, technician).group(1) == "Junior Press Technician"
    # The helper's ladder names it at its technician rung, which is another role.
    helper = card_of(html, "press-helper", "skills")
    assert re.search(ladder, helper).group(1) == "Press Technician"
    # A record no rung names says nothing of a ladder.
    assert not LadderRung.objects.filter(
        role__slug="press-technician", skills__key="clear-speaking"
    )
    card = card_of(client.get("/skills/clear-speaking/").text, "press-technician", "skills")
    assert "Its career ladder" not in card


# --- role pages link here -------------------------------------------------------


@pytest.mark.parametrize("slug", ["press-helper", "press-technician"])
def test_every_item_on_a_role_page_links_to_its_own_page(client, loaded, slug):
    role = Role.objects.get(slug=slug)
    html = ""
    for kind, (_model, link_model, anchor, _key) in KINDS.items():
        page = client.get(page_holding(anchor).url(role)).text
        html += page
        records = [getattr(link, kind) for link in link_model.objects.filter(role=role)]
        assert records
        expected = {record.get_absolute_url() for record in records}
        assert hrefs(section(page, anchor), INDEXES[kind]) == expected, kind
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
# the record; its published roles' links, their citations, rung fits and roles' levels; its
# published rungs; its equivalences and their public tools, skills and certifications
DETAIL_QUERIES = 10 + CONTENT_VERSION


def samples():
    """The record of each kind that both roles use."""
    return [model.objects.get(key=key) for model, _link, _anchor, key in KINDS.values()]


def make_equivalent(position, *records):
    equivalence = Equivalence.objects.create(position=position)
    for record in records:
        getattr(equivalence, f"{record._meta.model_name}s").add(record)


def add_a_role_using_everything():
    """A third published role whose list and ladder name every record, each on named rungs.

    Each of its links cites a source and fits both of its rungs, and each sample
    record gets a second equivalence.
    """
    role = Role.objects.create(slug="line-lead", title="Line Lead", summary="Leads a line.")
    for position, key in enumerate(["lead", "head"]):
        LadderRung.objects.create(
            role=role, position=position, key=key, title=f"Line {key}", role_level=True
        )
    source = Source.objects.get(key="press-guild-guide")
    for kind, (model, link_model, _anchor, _key) in KINDS.items():
        for position, record in enumerate(model.objects.all()):
            link = link_model.objects.create(role=role, position=position, **{kind: record})
            fit(link, ApplicabilityBasis.EDITORIAL, lead="required", head="preferred")
            Citation.objects.create(item=link, source=source, position=0)
        for rung in role.ladderrung_set.all():
            getattr(rung, f"{kind}s").set(model.objects.all())
    others = [Tool.objects.get(key="wrench-set"), Skill.objects.get(key="teamwork")]
    make_equivalent(9, *samples(), *others, Certification.objects.get(key="press-safety-silver"))


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_query_counts_are_fixed_and_do_not_grow_with_links(
    client, loaded, django_assert_num_queries, kind
):
    detail = f"{INDEXES[kind]}{KINDS[kind][3]}/"
    make_equivalent(8, *samples())
    with django_assert_num_queries(INDEX_QUERIES):
        assert client.get(INDEXES[kind]).status_code == 200
    with django_assert_num_queries(DETAIL_QUERIES):
        assert client.get(detail).status_code == 200
    add_a_role_using_everything()
    # Inside the test's one transaction only its first write empties the page cache;
    # the commit that would empty it again never comes.
    clear_pages()
    with django_assert_num_queries(INDEX_QUERIES):
        assert "Line Lead" in client.get(INDEXES[kind]).text
    with django_assert_num_queries(DETAIL_QUERIES):
        html = client.get(detail).text
    assert f'href="{rung_url("line-lead", "lead")}"' in html
    assert "Required at Line lead; preferred at Line head (our call)" in html
    # Both of its equivalences: the two other samples, and three more records.
    assert len(hrefs(section(html, "equivalents"), "/")) == 5
