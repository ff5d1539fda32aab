"""The skills check with many roles: a fixed number of queries, a page of the nearest cards.

The roles here are made by the tests on top of the fixture content: each a
three-rung ladder whose rungs list two tools and a skill, with a link that
fits its middle rung and one that names no rung. Their titles number them.
"""

import re
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.contenttypes.models import ContentType

from roles import skills_check_memo
from roles.models import LadderRung, Role, RoleSkill, RoleTool, RungFit, Skill, Tool
from roles.skills_check import (
    LATER_COUNT,
    NEXT_COUNT,
    PAGE_SIZE,
    START_COUNT,
    ranked_matches,
    read_selection,
)

from .test_skills_check import CHECK_QUERIES, CheckPage, check, check_url

TICKS = {"have": ["teamwork", "safety-glasses", "wrench-set"]}


def add_roles(count, start=0):
    """count more published roles, each a ladder of three with a link fitting its middle rung."""
    tools = [Tool.objects.get(key=key) for key in ("safety-glasses", "wrench-set", "plc")]
    skills = [Skill.objects.get(key=key) for key in ("quality-inspection", "leadership")]
    link_type = ContentType.objects.get_for_model(RoleTool)
    for number in range(start, start + count):
        role = Role.objects.create(
            slug=f"generated-{number:03d}", title=f"Generated {number:03d}", summary="Made."
        )
        rungs = [
            LadderRung.objects.create(
                role=role, position=position, key=key, title=f"{key.title()} {number:03d}",
                role_level=True,
            )
            for position, key in enumerate(["entry", "skilled", "lead"])
        ]  # fmt: skip
        for rung in rungs:
            rung.tools.set(tools[:2])
            rung.skills.set(skills[:1])
        link = RoleTool.objects.create(role=role, position=0, tool=tools[2])
        RungFit.objects.create(
            content_type=link_type, object_id=link.pk, rung=rungs[1], requirement="required"
        )
        RoleSkill.objects.create(role=role, position=0, skill=skills[1])  # no rung: preferred


def cards(html):
    return CheckPage(html).matches


def page_links(html):
    """The href of each link in the matches' page navigation, by its text."""
    nav = re.search(r'<nav class="pagination".*?</nav>', html, re.S)
    if nav is None:
        return {}
    found = re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)', nav.group(0))
    return {text: href.replace("&amp;", "&") for href, text in found}


# --- the bound ----------------------------------------------------------------------------


@pytest.mark.parametrize("ticks", [{}, TICKS, {"have": ["teamwork"]}])
def test_queries_stay_the_same_when_the_roles_double(
    client, loaded, django_assert_num_queries, ticks
):
    add_roles(6)
    with django_assert_num_queries(CHECK_QUERIES):
        first = client.get(check_url(ticks)).text
    add_roles(6, start=6)
    assert Role.objects.published().count() == 2 + 12
    with django_assert_num_queries(CHECK_QUERIES):
        second = client.get(check_url(ticks)).text
    if ticks:
        assert "on the guide's 8 career ladders" in first
        assert "on the guide's 14 career ladders" in second


def test_the_address_s_page_is_a_page_of_the_full_ranking(client, loaded):
    add_roles(10)
    ranking = [
        {"role": m.target.role.slug, "rung": m.target.rung.key, "score": str(m.percent)}
        for m in ranked_matches(check().targets, read_selection(TICKS, check().catalog))
    ]
    assert len(ranking) > 2 * PAGE_SIZE
    pages, url = [], check_url(TICKS)
    while url:
        html = client.get(url).text
        pages.append(cards(html))
        url = page_links(html).get("Next")
    assert [len(found) for found in pages[:-1]] == [PAGE_SIZE] * (len(pages) - 1)
    assert [card for found in pages for card in found] == ranking


def test_a_page_says_how_many_steps_were_weighed_and_which_it_shows(client, loaded):
    add_roles(10)
    total = len(ranked_matches(check().targets, read_selection(TICKS, check().catalog)))
    first = client.get(check_url(TICKS)).text
    # Ten generated ladders of three, and the fixture's five rungs on two.
    assert "We checked your answers against all 35 steps on the guide's 12 career ladders" in first
    assert f"Showing 1–{PAGE_SIZE} of {total} matching steps" in first
    assert "Your nearest step" in first
    second = client.get(check_url({**TICKS, "page": "2"})).text
    assert f"Showing {PAGE_SIZE + 1}–{2 * PAGE_SIZE} of {total} matching steps" in second
    # The list goes on numbering where the last page stopped; nothing there is "nearest".
    assert f'<ol id="matches" class="matches" start="{PAGE_SIZE + 1}">' in second
    assert "Your nearest step" not in second and " open>" not in second


def test_page_links_keep_the_ticks_in_the_address(client, loaded):
    add_roles(10)
    # Ticked the old way, from a record's page: the links say the same boxes as ?have=.
    html = client.get(check_url({"skills": ["teamwork"], "tools": ["safety-glasses"]})).text
    query = parse_qs(urlsplit(page_links(html)["Next"]).query)
    assert query == {"have": ["safety-glasses", "teamwork"], "page": ["2"]}
    second = client.get(page_links(html)["Next"]).text
    ticked = {value for _, value, checked in CheckPage(second).boxes.values() if checked}
    assert ticked == {"safety-glasses", "teamwork"}
    previous = parse_qs(urlsplit(page_links(second)["Previous"]).query)
    assert previous == {"have": ["safety-glasses", "teamwork"]}  # page 1 has no page number


@pytest.mark.parametrize("asked, shown", [("abc", 1), ("0", 1), ("999", "last")])
def test_a_page_that_is_not_one_shows_the_first_or_the_last(client, loaded, asked, shown):
    add_roles(10)
    total = len(ranked_matches(check().targets, read_selection(TICKS, check().catalog)))
    last = -(-total // PAGE_SIZE)
    response = client.get(check_url({**TICKS, "page": asked}))
    assert response.status_code == 200
    number = last if shown == "last" else shown
    first_card = (number - 1) * PAGE_SIZE + 1
    assert f"Showing {first_card}–" in response.text


def test_the_two_role_site_shows_every_card_on_one_page(client, loaded):
    html = client.get(check_url(TICKS)).text
    assert len(cards(html)) == 5
    assert "all 5 steps on the guide's 2 career ladders: 5 of them" in html
    assert 'class="pagination"' not in html and "Showing" not in html


def test_start_here_names_a_few_first_steps_those_matched_first(client, loaded):
    add_roles(10)
    html = client.get(check_url({"have": ["teamwork"]})).text
    start = html[html.index('class="start-here"') : html.index('id="matches"')]
    assert start.count("<li>") == START_COUNT
    assert f"These are {START_COUNT} of the 11 first steps in the guide" in start
    # Teamwork is none of the generated ladders' (their skill is another): the Helper, matched,
    # comes first.
    assert start.index("Press Helper") < start.index("Generated")


def test_a_card_lists_a_bounded_tail_of_what_is_missing(client, loaded):
    technician = Role.objects.get(slug="press-technician")
    supervisor = LadderRung.objects.get(role=technician, key="supervisor")
    extra = [
        Skill.objects.create(key=f"extra-{n:02d}", name=f"Extra skill {n:02d}", kind="soft")
        for n in range(NEXT_COUNT + LATER_COUNT)
    ]
    supervisor.skills.add(*extra)
    html = client.get(check_url({"have": ["die-setting", "leadership", "plc"]})).text
    card = html[html.index('data-rung="supervisor"') :]
    card = card[: card.index("</li>\n    \n")] if "</li>\n    \n" in card else card
    missing = next(
        m for m in ranked_matches(
            check().targets,
            read_selection({"have": ["die-setting", "leadership", "plc"]}, check().catalog),
        )
        if m.target.rung.key == "supervisor"
    ).missing  # fmt: skip
    unshown = len(missing) - NEXT_COUNT - LATER_COUNT
    assert unshown > 0
    assert f"{len(missing) - NEXT_COUNT} more this step asks for" in card
    assert f"And {unshown} more: <a href=" in card
    assert card.count('<span class="need-tag">') == NEXT_COUNT + LATER_COUNT


# --- kept between requests ----------------------------------------------------------------


class Builds:
    def __init__(self):
        self.count = 0

    def __call__(self):
        self.count += 1
        return object()


def test_the_ladders_are_kept_for_a_content_version_and_made_again_after_it(monkeypatch):
    builds, version = Builds(), [5]
    monkeypatch.setattr(skills_check_memo, "build", builds)
    monkeypatch.setattr(skills_check_memo.watch, "current", lambda: version[0])
    skills_check_memo.forget()
    first = skills_check_memo.current_check()
    assert skills_check_memo.current_check() is first and builds.count == 1
    version[0] = 6  # any write to the content, in any process
    assert skills_check_memo.current_check() is not first and builds.count == 2
    skills_check_memo.forget()


def test_inside_a_transaction_the_ladders_are_made_afresh_and_not_kept(monkeypatch):
    builds = Builds()
    monkeypatch.setattr(skills_check_memo, "build", builds)
    monkeypatch.setattr(skills_check_memo.watch, "current", lambda: 5)
    monkeypatch.setattr(skills_check_memo, "connection", SimpleNamespace(in_atomic_block=True))
    skills_check_memo.forget()
    skills_check_memo.current_check()
    skills_check_memo.current_check()
    assert builds.count == 2 and not skills_check_memo._kept
