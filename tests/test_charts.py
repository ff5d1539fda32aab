"""The role page's pictures: their geometry, and how the page carries them."""

import gzip
import re
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest

from roles import career_path, charts
from roles.models import LadderRung, Role, RoleSkill, SalaryBand, Source
from roles.profile import RoleProfile

from .test_pages import count_queries, double_every_item

# The helper's first rung, then the whole technician ladder its second rung leads to.
PATH_TITLES = [
    "Press Helper",
    "Junior Press Technician",
    "Senior Press Technician",
    "Press Shift Supervisor",
]
SLUGS = ["press-helper", "press-technician"]


# --- scales -----------------------------------------------------------------


def test_scale_ticks_are_round_and_cover_the_figures():
    scale = charts.Scale.around([30000, 139000], period="year")
    values = [tick.value for tick in scale.ticks]
    assert values[0] <= 30000 and values[-1] >= 139000
    assert all(value % 25000 == 0 for value in values)
    assert values == sorted(values)
    assert scale.x(scale.start) == charts.EDGE
    assert scale.x(scale.stop) == 100 - charts.EDGE


def test_crowded_tick_labels_are_thinned_and_the_last_names_the_period():
    ticks = charts.Scale.around([30000, 139000], period="year").ticks
    assert ticks[-1].label == "$150k/yr"
    assert not charts.labels_collide([tick for tick in ticks if tick.label])
    assert [tick.label for tick in ticks if tick.label] == ["$50k", "$100k", "$150k/yr"]
    hourly = charts.Scale.around([13.23, 27.01], period="hour").ticks
    assert [tick.label for tick in hourly] == ["$10", "$15", "$20", "$25", "$30/hr"]


def test_a_single_figure_is_measured_from_zero():
    scale = charts.Scale.around([38860])
    assert scale.start == 0 and scale.stop >= 38860


# --- pay by level -------------------------------------------------------------


# --- pay distribution ---------------------------------------------------------


# --- skill map ----------------------------------------------------------------


def test_skill_tiers_rise_left_to_right_with_an_arrow_between_each():
    tiers = [SimpleNamespace(label=name, items=[1, 2]) for name in ("F", "S", "P")]
    chart = charts.skill_steps(tiers)
    xs = [step.x for step in chart.steps]
    heights = [step.height for step in chart.steps]
    assert xs == sorted(xs) and heights == sorted(heights) and len(set(heights)) == 3
    assert all(step.y + step.height == chart.height for step in chart.steps)
    assert len(chart.arrows) == 2
    for (x, _), left, right in zip(chart.arrows, chart.steps, chart.steps[1:], strict=False):
        assert left.x + left.width < x < right.x
    assert charts.skill_steps([]).steps == []


# --- career path (pure) ---------------------------------------------------------


def rung(role_id, key, linked=None):
    return SimpleNamespace(role_id=role_id, key=key, linked_role_id=linked)


def test_a_ladder_linking_in_puts_its_lower_rungs_first():
    associate = [rung(1, "associate", 1), rung(1, "technician", 2), rung(1, "team-leader")]
    technician = [rung(2, "junior", 2), rung(2, "director")]
    path = career_path.join_ladders(2, technician, {1: associate})
    assert [step.key for step in path] == ["associate", "junior", "director"]


def test_a_rung_linking_out_is_replaced_by_the_whole_linked_ladder():
    associate = [rung(1, "associate", 1), rung(1, "technician", 2), rung(1, "team-leader")]
    technician = [rung(2, "junior", 2), rung(2, "director")]
    path = career_path.join_ladders(1, associate, {2: technician})
    assert [step.key for step in path] == ["associate", "junior", "director"]
    # Without the other ladder, this role's own rungs stand as they are.
    assert career_path.join_ladders(1, associate, {}) == associate


# --- career path (on the fixture content) ----------------------------------------


def profile_for(slug):
    return RoleProfile(Role.objects.for_role_page().get(slug=slug))


@pytest.mark.parametrize("slug", SLUGS)
def test_career_path_runs_from_helper_to_supervisor_on_both_pages(loaded, slug):
    steps = profile_for(slug).career_path
    assert [step.rung.title for step in steps] == PATH_TITLES


def test_path_steps_link_to_their_details(loaded):
    steps = profile_for("press-technician").career_path
    helper, junior = steps[0], steps[1]
    assert not helper.own and junior.own
    assert helper.href == "/roles/press-helper/career-path/#rung-helper"
    assert junior.href == "#rung-junior"

    steps = profile_for("press-helper").career_path
    assert steps[0].href == "#rung-helper"
    assert steps[1].href == "/roles/press-technician/career-path/#rung-junior"


def test_the_career_path_page_names_the_neighbouring_profiles_rungs(client, loaded):
    html = client.get("/roles/press-technician/career-path/").text
    before = html[html.index("Before step 1:") :]
    before = before[: before.index("</p>")]
    assert '<a href="/roles/press-helper/career-path/#rung-helper">Press Helper</a>' in before
    assert "(on the Press Helper career path)" in before


def test_a_draft_role_drops_out_of_the_path(loaded):
    Role.objects.filter(slug="press-helper").update(status=Role.Status.DRAFT)
    titles = [step.rung.title for step in profile_for("press-technician").career_path]
    assert titles == PATH_TITLES[1:]


# --- the page -------------------------------------------------------------------


def section(html, anchor):
    start = html.index(f'<section id="{anchor}"')
    return html[start : html.index("</section>", start)]


class PictureFinder(HTMLParser):
    """Each <svg>, and whether assistive technology skips it or reads it as one named image."""

    VOID = {"br", "img", "input", "meta", "link", "hr"}

    def __init__(self):
        super().__init__()
        self.open, self.pictures = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        hidden = attrs.get("aria-hidden") == "true" or any(hidden for _, hidden in self.open)
        named = attrs.get("role") == "img" and "aria-labelledby" in attrs
        if tag == "svg":
            self.pictures.append(hidden or named)
        if tag not in self.VOID:
            self.open.append((tag, hidden))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_endtag(self, tag):
        while self.open and self.open.pop()[0] != tag:
            pass


def pictures(html):
    finder = PictureFinder()
    finder.feed(html)
    return finder.pictures


@pytest.mark.parametrize("slug", SLUGS)
def test_every_picture_is_hidden_or_labelled_beside_its_text(client, loaded, slug):
    html = client.get(f"/roles/{slug}/full/").text
    for anchor, text_equivalent in (
        ("pay", "<table"),
        ("skills", '<ol class="skill-map"'),
    ):
        part = section(html, anchor)
        found = pictures(part)
        assert found, anchor
        assert all(found), anchor
        assert text_equivalent in part, anchor


@pytest.mark.parametrize("slug", SLUGS)
def test_each_pay_chart_cites_its_source_and_the_ladder_names_its_neighbours(client, loaded, slug):
    html = client.get(f"/roles/{slug}/full/").text
    (story,) = re.findall(r'<figure class="pay-story">.*?</figure>', section(html, "pay"), re.S)
    assert "<svg" in story and re.search(r'<figcaption>.*<span class="cite">Source: ', story, re.S)
    # The ladder is shown once, with the rungs of the profiles it joins named beside it.
    ladder = section(html, "ladder")
    assert ladder.count('<ol class="ladder">') == 1 and "path-figure" not in ladder
    neighbours = re.findall(r'<p class="path-link">(.*?)</p>', ladder, re.S)
    titles = [title for part in neighbours for title in re.findall(r'">([^<]+)</a>', part)]
    own = [rung.title for rung in LadderRung.objects.filter(role__slug=slug)]
    assert [title for title in PATH_TITLES if title not in own] == titles


@pytest.mark.parametrize("slug", SLUGS)
def test_cited_sources_link_only_to_sources_the_page_lists(client, loaded, slug):
    html = client.get(f"/roles/{slug}/full/").text
    cited = set(re.findall(r'href="#source-([a-z0-9-]+)"', html))
    listed = set(re.findall(r'<li id="source-([a-z0-9-]+)"', html))
    assert cited and cited <= listed


def test_the_skill_map_cites_a_source_that_every_tier_shares(client, loaded):
    url = "/roles/press-technician/full/"
    assert 'class="cite"' not in section(client.get(url).text, "skills").split("<ol")[0]
    guide = Source.objects.get(key="press-guild-guide")
    links = RoleSkill.objects.filter(role__slug="press-technician").exclude(tier="")
    for link in links:  # the guide cited last, after whatever each skill cites already
        link.citations.create(source=guide, position=99)
    head = section(client.get(url).text, "skills").split('<ol class="skill-map"')[0]
    assert '<a href="#source-press-guild-guide">Press Guild Career Notes</a>' in head


def double_ladder(role):
    """Copy every rung (and its salary bands) under new keys, at new positions."""
    rungs = list(LadderRung.objects.filter(role=role))
    if not rungs:
        return
    offset = max(item.position for item in rungs) + 1
    for original in rungs:
        bands = list(original.salary_bands.all())
        copy = LadderRung.objects.get(pk=original.pk)
        copy.pk = None
        copy.key = f"{original.key}-copy"
        copy.position += offset
        copy.save()
        for item in bands:
            item.pk, item.rung = None, copy
            item.position += 1000
            item.save()


@pytest.mark.parametrize("slug", SLUGS)
def test_query_count_stays_fixed_when_pay_and_ladders_double(client, loaded, slug):
    url = f"/roles/{slug}/full/"
    before = count_queries(client, url)
    for role in Role.objects.all():
        double_every_item(role)
        double_ladder(role)
    assert SalaryBand.objects.filter(role__slug=slug).count() > 0
    after = client.get(url).text
    assert count_queries(client, url) == before
    rungs = LadderRung.objects.filter(role__slug=slug).count()
    assert after.count('<p class="step-of">') == rungs > len(PATH_TITLES)


@pytest.mark.parametrize("slug", SLUGS)
def test_role_page_stays_under_40_kb_gzipped(client, loaded, slug):
    html = client.get(f"/roles/{slug}/full/").content
    assert len(gzip.compress(html)) <= 40 * 1024
