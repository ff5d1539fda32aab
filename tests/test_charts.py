"""The role page's pictures: their geometry, and how the page carries them."""

import gzip
import re
from decimal import Decimal
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest

from roles import career_path, charts
from roles.models import LadderRung, PayDistribution, Role, RoleSkill, SalaryBand, Source
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


def band(level="Level", currency="USD", period="year", open_ended=False, **figures):
    values = {name: figures.get(name) for name in ("min", "max", "median", "average")}
    return SimpleNamespace(
        level=level, currency=currency, period=period, max_open_ended=open_ended, **values
    )


def distribution(period="year", **percentiles):
    return SimpleNamespace(
        currency="USD", period=period, PERCENTILES=PayDistribution.PERCENTILES, **percentiles
    )


ANNUAL = distribution(p10=27510, p25=30530, p50=35490, p75=43690, p90=56180)


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


def test_bands_of_two_sources_share_one_scale_per_currency_and_period():
    first = band(min=30000, max=40000)
    second = band(median=85000, average=89000)
    hourly = band(period="hour", average=Decimal("18.68"))
    scales = charts.shared_scales([first, second, hourly], [ANNUAL])
    assert set(scales) == {("USD", "year"), ("USD", "hour")}
    year = scales["USD", "year"]
    assert year.start <= 27510 and year.stop >= 89000
    assert scales["USD", "hour"].stop < 100


# --- pay by level -------------------------------------------------------------


def test_a_band_bar_starts_at_min_and_ends_at_max_with_the_median_between():
    scale = charts.Scale.around([20000, 80000])
    row = charts.band_row(band(min=30000, max=40000, median=36000), scale, top=0)
    start, width = row.bar
    assert start == scale.x(30000)
    assert start + width == pytest.approx(scale.x(40000), abs=0.11)
    assert row.median == scale.x(36000)
    assert start < row.median < start + width
    assert row.tail is None and row.average is None


def test_an_open_ended_band_fades_out_after_its_max_inside_the_scale():
    low, high = Decimal(60000), Decimal(85000)
    scales = charts.shared_scales([band(min=low, max=high, open_ended=True)])
    row = charts.band_row(band(min=low, max=high, open_ended=True), scales["USD", "year"], 0)
    start, width = row.tail
    assert start == pytest.approx(row.bar[0] + row.bar[1], abs=0.11)
    assert width > 0 and start + width <= 100 - charts.EDGE


def test_a_band_with_only_median_and_average_is_two_markers_without_a_bar():
    scale = charts.Scale.around([30000, 90000])
    row = charts.band_row(band(median=40000, average=42000), scale, top=0)
    assert row.bar is None
    assert row.median == scale.x(40000) < row.average == scale.x(42000)
    assert row.lines[-1].figures == "median $40k, avg $42k"


def test_long_level_names_wrap_and_rows_stack_without_overlapping():
    bands = [
        band("Lead Production Technician / Production Supervisor", min=60000, max=85000),
        band("Plant Manager", min=80000, max=130000),
    ]
    scales = charts.shared_scales(bands)
    (panel,) = charts.band_panels(bands, scales)
    first, second = panel.rows
    assert len(first.lines) == 2
    assert all(len(line.text) <= charts.LABEL_CHARS for line in first.lines)
    assert first.bar_y + charts.BAR_PX < second.lines[0].y - 12
    assert second.bar_y + charts.BAR_PX < panel.axis_y < panel.height


def test_bands_in_two_periods_get_a_panel_each():
    bands = [band(average=38860), band(period="hour", average=Decimal("18.68"))]
    panels = charts.band_panels(bands, charts.shared_scales(bands))
    assert [panel.scale.period for panel in panels] == ["year", "hour"]


# --- pay distribution ---------------------------------------------------------


def test_distribution_marks_run_in_percentile_order():
    scale = charts.shared_scales([], [ANNUAL])["USD", "year"]
    chart = charts.distribution_chart(ANNUAL, scale)
    p10, p90 = chart.whisker
    box_start, box_width = chart.box
    assert p10 < box_start < chart.median < box_start + box_width < p90
    assert [label.name for label in chart.labels] == ["P10", "P25", "P50", "P75", "P90"]
    assert [label.x for label in chart.labels] == sorted(label.x for label in chart.labels)
    assert [label.text for label in chart.labels][0] == "$27,510"


def test_distribution_labels_in_one_lane_never_overlap_on_a_phone():
    scale = charts.shared_scales([], [ANNUAL])["USD", "year"]
    chart = charts.distribution_chart(ANNUAL, scale)
    lanes = {}
    for label in chart.labels:
        chars = max(len(label.name), len(label.text))
        lanes.setdefault(label.lane, []).append(charts.label_extent(label.x, chars)[1:])
    for spans in lanes.values():
        for (_, right), (left, _) in zip(spans, spans[1:], strict=False):
            assert left >= right
    above = [label for label in chart.labels if label.lane % 2 == 0]
    below = [label for label in chart.labels if label.lane % 2 == 1]
    assert below, "the crowded P10 and P25 labels should be split above and below"
    assert all(label.value_y < chart.box_y for label in above)
    assert all(label.name_y > chart.box_bottom for label in below)
    assert max(label.value_y for label in chart.labels) < chart.height


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


def test_path_steps_link_to_their_details_and_carry_sourced_pay(loaded):
    SalaryBand.objects.filter(role__slug="press-helper").delete()
    steps = profile_for("press-technician").career_path
    helper, junior = steps[0], steps[1]
    assert not helper.own and junior.own
    assert helper.href == "/roles/press-helper/#rung-helper"
    assert junior.href == "#rung-junior"
    # The helper rung has no bands: the Helper's own median stands in, marked as such.
    (line,) = helper.pay
    assert line.whole_role and line.band.median == Decimal("33000")
    assert line.band.source.key == "state-pay-tables"
    assert [line.band.source.key for line in junior.pay] == [
        "acme-wage-survey",
        "press-guild-guide",
    ]
    assert junior.focus == list(junior.rung.focus[:2]) and junior.more_focus == 1

    steps = profile_for("press-helper").career_path
    assert steps[0].href == "#rung-helper"
    assert steps[1].href == "/roles/press-technician/#rung-junior"
    assert steps[1].pay and not any(line.link for line in steps[1].pay)


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
    html = client.get(f"/roles/{slug}/").text
    for anchor, text_equivalent in (
        ("pay", "<table"),
        ("ladder", '<ol class="ladder"'),
        ("skills", '<ol class="skill-map"'),
    ):
        part = section(html, anchor)
        found = pictures(part)
        assert found, anchor
        assert all(found), anchor
        assert text_equivalent in part, anchor


@pytest.mark.parametrize("slug", SLUGS)
def test_each_pay_chart_and_the_path_cite_their_source(client, loaded, slug):
    html = client.get(f"/roles/{slug}/").text
    figures = re.findall(r'<figure class="chart">.*?</figure>', section(html, "pay"), re.S)
    assert figures
    for figure in figures:
        assert "<svg" in figure and "<table" in figure
        assert re.search(r'<figcaption><span class="cite">Source: ', figure)
    path = re.search(r'<figure class="path-figure">.*?</figure>', section(html, "ladder"), re.S)
    caption = path.group(0).split("<figcaption>")[1]
    # One for each source the path's rungs come from: the helper handbook and the guild's notes.
    assert caption.count('class="cite"') == 2
    assert "Press Helper Handbook" in caption and "Press Guild Career Notes" in caption
    titles = re.findall(r'<p class="step-title"><a href="[^"]+">([^<]+)</a>', path.group(0))
    assert [title.replace("&#x27;", "'") for title in titles] == PATH_TITLES


def test_the_technician_pay_charts_share_one_axis(client, loaded):
    pay = section(client.get("/roles/press-technician/").text, "pay")
    axes = re.findall(r'<svg class="chart-svg bands".*?</svg>', pay, re.S)
    assert len(axes) == 2
    ticks = [re.findall(r'class="tick" x="([\d.]+)%"[^>]*>([^<]*)<', axis) for axis in axes]
    assert ticks[0] == ticks[1] and ticks[0][-1][1] == "$100k/yr"
    # Open-ended ranges (senior and supervisor) fade out; the median-only source draws no bars.
    assert axes[0].count('fill="url(#fade-1)"') == 2
    assert axes[0].count('class="bar"') == 3
    assert 'class="bar"' not in axes[1] and axes[1].count('class="median"') == 2


@pytest.mark.parametrize("slug", SLUGS)
def test_cited_sources_link_only_to_sources_the_page_lists(client, loaded, slug):
    html = client.get(f"/roles/{slug}/").text
    cited = set(re.findall(r'href="#source-([a-z0-9-]+)"', html))
    listed = set(re.findall(r'<li id="source-([a-z0-9-]+)"', html))
    assert cited and cited <= listed


def test_the_skill_map_cites_a_source_that_every_tier_shares(client, loaded):
    url = "/roles/press-technician/"
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
    url = f"/roles/{slug}/"
    before = count_queries(client, url)
    for role in Role.objects.all():
        double_every_item(role)
        double_ladder(role)
    assert SalaryBand.objects.filter(role__slug=slug).count() > 0
    after = client.get(url).text
    assert count_queries(client, url) == before
    assert len(re.findall(r'<p class="step-title">', after)) > len(PATH_TITLES)


@pytest.mark.parametrize("slug", SLUGS)
def test_role_page_stays_under_40_kb_gzipped(client, loaded, slug):
    html = client.get(f"/roles/{slug}/").content
    assert len(gzip.compress(html)) <= 40 * 1024
