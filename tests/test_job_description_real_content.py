"""Job descriptions on the editors' real content/: length, duties, overlap, requirements, voice.

Issue 15's yardsticks for a description a recruiter can use: 400 to 700 words a
level, 8 to 12 duties chosen for it, the most junior and most senior levels
sharing at most half of their duties, and no talk about sources before the
"Sources" heading at the end.
"""

import pytest

from roles.job_description import build_job_description
from roles.job_description.selection import MAX_DUTIES, MIN_DUTIES
from roles.models import Role, Source

from .test_job_description import (
    SOURCE_TALK,
    before_sources,
    main_text,
    page_url,
    word_sequence,
    words,
)
from .test_real_content import real, real_content, real_slugs  # noqa: F401 (the fixtures)

ROLES = ["production-associate", "production-technician"]
# The levels each real role offers: its own, then the rung that supervises them.
OFFERED = {
    "production-technician": ["junior", "mid", "senior", "lead", "supervisor"],
    "production-associate": ["associate", "team-leader"],
}


@pytest.fixture
def role_in(real):  # noqa: F811 (the imported fixture)
    def role(slug):
        if slug not in real_slugs():
            pytest.skip(f"content/ no longer has {slug}")
        return Role.objects.for_job_description().get(slug=slug)

    return role


def every_level():
    return [(slug, level) for slug in ROLES for level in ["", *OFFERED[slug]]]


@pytest.mark.parametrize("slug", ROLES)
def test_every_rung_a_recruiter_hires_for_is_a_level(role_in, slug):
    description = build_job_description(role_in(slug))
    assert [level.key for level in description.levels] == OFFERED[slug]


def test_a_rung_that_is_another_role_links_to_that_roles_description(client, role_in):
    role_in("production-associate")
    page = client.get(page_url("production-associate", "associate")).text
    assert 'href="/roles/production-technician/job-description/"' in page
    assert client.get(page_url("production-associate", "technician")).status_code == 400
    for rung in ("manager", "director"):  # a management profile's job, not this one's
        assert client.get(page_url("production-technician", rung)).status_code == 400


@pytest.mark.parametrize("slug,level", every_level())
def test_each_level_runs_400_to_700_words_with_8_to_12_duties(client, role_in, slug, level):
    description = build_job_description(role_in(slug), level)
    assert MIN_DUTIES <= len(description.duties) <= MAX_DUTIES
    text = client.get(page_url(slug, level, ".txt")).content.decode("utf-8")
    assert 400 <= words(before_sources(text)) <= 700, words(before_sources(text))
    page = client.get(page_url(slug, level)).text
    assert word_sequence(main_text(page)) == word_sequence(text)
    assert page.count('<ul id="duties">') == 1


def shared(role, first, second):
    first = build_job_description(role, first).duty_texts
    second = build_job_description(role, second).duty_texts
    return len(set(first) & set(second)), min(len(first), len(second))


@pytest.mark.parametrize("slug", ROLES)
def test_the_most_junior_and_most_senior_levels_share_at_most_half(role_in, slug):
    role = role_in(slug)
    common, fewest = shared(role, OFFERED[slug][0], OFFERED[slug][-1])
    assert common <= fewest / 2
    # The top level of the role itself, below the supervisor, too.
    top = [rung.key for rung in role.ladder if rung.role_level][-1]
    common, fewest = shared(role, OFFERED[slug][0], top)
    assert common <= fewest / 2 or top == OFFERED[slug][0]


def test_the_junior_level_asks_only_for_what_fits_it(client, role_in):
    role_in("production-technician")
    junior = client.get(page_url("production-technician", "junior", ".txt")).text
    lead = client.get(page_url("production-technician", "lead", ".txt")).text
    for absent in ("Six Sigma Black Belt", "master's degree", "Six Sigma Green Belt"):
        assert absent not in junior, absent
    assert "PLC-controlled machines and robots" not in junior
    assert "Six Sigma Black Belt" in lead  # a nice-to-have where the content says so
    bring = junior[junior.index("WHAT YOU BRING") : junior.index("NICE TO HAVE")]
    assert "- Education: High school diploma or GED\n" in bring


@pytest.mark.parametrize("slug,level", every_level())
def test_no_talk_about_sources_before_the_sources_heading(client, role_in, slug, level):
    role_in(slug)
    names = [name for source in Source.objects.all() for name in (source.title, source.publisher)]
    page = main_text(client.get(page_url(slug, level)).text)
    text = client.get(page_url(slug, level, ".txt")).content.decode("utf-8")
    md = client.get(page_url(slug, level, ".md")).text
    for version in (page, text, md):
        body = before_sources(version)
        assert not SOURCE_TALK.search(body), SOURCE_TALK.search(body)
        assert not [name for name in names if len(name) > 3 and name in body]


@pytest.mark.parametrize("slug,level", [("production-technician", "junior"),
                                        ("production-technician", "supervisor")])  # fmt: skip
def test_pay_is_one_range_near_the_top_with_its_sources_in_a_note(client, role_in, slug, level):
    description = build_job_description(role_in(slug), level)
    text = client.get(page_url(slug, level, ".txt")).content.decode("utf-8")
    pay_line = f"Pay: {description.pay.text} [1]"
    assert pay_line in text and text.index(pay_line) < text.index("ABOUT THE JOB")
    assert " a year (about " in pay_line and pay_line.count("–") == 2
    note = text[text.index("\nSOURCES\n") :]
    assert "[1] The range runs from the lowest to the highest figure" in note
    assert all(source.title in note for source in description.pay.footnote.sources)
