"""The pay story chart: every source's pay at each rung on one axis, lone figures in words."""

import re

import pytest
from django.template.loader import render_to_string

from roles import charts
from roles.models import LadderRung, PayDistribution, Role, SalaryBand, Source
from roles.profile import RoleProfile

TECHNICIAN_RUNGS = ["Junior Press Technician", "Senior Press Technician", "Press Shift Supervisor"]


def profile_for(slug):
    return RoleProfile(Role.objects.for_role_page().get(slug=slug))


def story_for(slug):
    profile = profile_for(slug)
    return charts.pay_story(profile.pay_table, profile.role.paydistribution_set.all())


def rendered(story):
    return render_to_string("roles/charts/pay_story.html", {"chart": story})


def row_text(row):
    """A row's words as one line, however they wrapped."""
    return " ".join(line.text for line in row.lines)


def rung_row(story, title):
    return next(row for row in story.rows if row.rung and row.rung.title == title)


def add_band(slug, rung, source, **figures):
    role = Role.objects.get(slug=slug)
    return SalaryBand.objects.create(
        role=role, position=99, level="Added level", source=Source.objects.get(key=source),
        rung=LadderRung.objects.get(role=role, key=rung), **figures,
    )  # fmt: skip


def test_every_mark_of_every_source_sits_on_one_scale(loaded):
    story = story_for("press-technician")
    scale = story.scale
    junior_range, junior_guild = rung_row(story, "Junior Press Technician").lanes
    assert junior_range.bar == (scale.x(38000), pytest.approx(scale.x(47000) - scale.x(38000)))
    (supervisor,) = rung_row(story, "Press Shift Supervisor").lanes
    assert supervisor.bar[0] == scale.x(62000)
    # Both sources' figures, open-ended tails included, fit inside the one axis.
    assert scale.start <= 38000 and scale.stop >= 90000
    assert all(
        charts.EDGE <= x <= 100 - charts.EDGE
        for row in story.rows
        for lane in row.lanes
        for x in (lane.bar[0] + lane.bar[1] if lane.bar else None, lane.median, lane.average)
        if x is not None
    )
    html = rendered(story)
    assert html.count('<svg class="pay-story-svg"') == 1
    top = re.findall(rf'class="ps-tick" x="([\d.]+)%" y="{story.top_tick_y}"[^>]*>([^<]+)<', html)
    bottom = re.findall(
        rf'class="ps-tick" x="([\d.]+)%" y="{story.bottom_tick_y}"[^>]*>([^<]+)<', html
    )
    assert top == bottom and top[-1][1].endswith("/yr")
    assert html.count('class="ps-grid"') == len(story.ticks)


def test_rows_follow_the_ladder_and_lanes_follow_the_sources(loaded):
    story = story_for("press-technician")
    assert [row.rung.title for row in story.rows] == TECHNICIAN_RUNGS
    assert [[lane.mark.letter for lane in row.lanes] for row in story.rows] == [
        ["A", "B"],
        ["A", "B"],
        ["A"],
    ]
    assert [mark.source.key for mark in story.marks] == ["acme-wage-survey", "press-guild-guide"]
    # Each source keeps its own pattern, so print and colour-blind readers can tell them apart.
    assert [mark.pattern for mark in story.marks] == [1, 2]
    html = rendered(story)
    titles = re.findall(r'class="ps-text ps-title"[^>]*>([^<]+)<', html)
    assert titles == TECHNICIAN_RUNGS
    tops = [lane.y for row in story.rows for lane in row.lanes]
    assert tops == sorted(tops) and len(set(tops)) == len(tops)


def test_a_tick_marks_each_median_and_average(loaded):
    story = story_for("press-technician")
    scale = story.scale
    _, guild = rung_row(story, "Junior Press Technician").lanes
    assert guild.bar is None
    assert guild.median == scale.x(43000) < guild.average == scale.x(44500)
    html = rendered(story)
    assert f'class="ps-median" x1="{guild.median}%"' in html
    assert f'class="ps-average" x1="{guild.average}%"' in html
    # The open-ended senior and supervisor ranges fade out past their top figure.
    assert html.count('class="ps-tail"') == 2
    assert {"range", "open", "median", "average"} <= story.kinds


def test_a_lone_average_is_stated_and_marked_on_the_spread_not_drawn_as_a_dot(loaded):
    story = story_for("press-helper")
    helper, spread = story.rows
    assert helper.rung.title == "Press Helper" and not helper.lanes
    assert "average $34,500/yr (average $16.60/hr as given)" in row_text(helper)
    assert "one figure, marked on the spread below" in row_text(helper)
    assert spread.rung is None
    (lane,) = spread.lanes
    scale = story.scale
    assert lane.whisker == (scale.x(24000), scale.x(52000))
    assert lane.bar == (scale.x(28000), pytest.approx(scale.x(41000) - scale.x(28000)))
    assert lane.median == scale.x(33000)
    (marker,) = lane.markers
    assert (marker.x, marker.kind) == (scale.x(34500), "average")
    assert marker.label == "Press Helper, avg (A)"
    # The hourly spread is the source's own, so it is quoted rather than drawn on a second axis.
    assert "($11.50–$25/hr as given)" in row_text(spread)
    html = rendered(story)
    assert "<circle" not in html
    assert html.count('class="ps-bar ps-box"') == 1 and 'class="ps-bar"' not in html


def test_without_a_spread_lone_figures_are_words_beside_the_bars(loaded):
    add_band("press-technician", "supervisor", "press-guild-guide", average=70000)
    story = story_for("press-technician")
    supervisor = rung_row(story, "Press Shift Supervisor")
    assert [lane.mark.letter for lane in supervisor.lanes] == ["A"]
    assert (
        "B: average $70,000/yr ≈ average $33.65/hr: one figure, the source gives no range"
        in row_text(supervisor)
    )


def test_with_only_lone_figures_and_no_spread_there_is_no_chart(loaded):
    PayDistribution.objects.filter(role__slug="press-helper").delete()
    story = story_for("press-helper")
    assert not story.drawn
    assert rendered(story).strip() == ""


def test_yearly_figures_carry_an_hourly_equivalent_marked_as_ours(loaded):
    story = story_for("press-technician")
    junior = rung_row(story, "Junior Press Technician")
    assert "A: $38k–$47k/yr ≈ $18.27–$22.60/hr" in row_text(junior)
    assert "≈ median $20.67, average $21.39/hr" in row_text(junior)
    assert story.converted
    assert "≈ marks our conversion" in rendered(story)
    # The helper's source gives hourly figures itself: those are quoted, nothing converted.
    helper = story_for("press-helper")
    assert not helper.converted
    assert "≈" not in rendered(helper)


def test_a_level_spanning_two_rungs_is_drawn_at_both_with_a_note(loaded):
    band = add_band("press-technician", "senior", "resume-study", min=52000, max=78000)
    band.through_rung = LadderRung.objects.get(role=band.role, key="supervisor")
    band.save()
    story = story_for("press-technician")
    note = "One figure for Senior Press Technician to Press Shift Supervisor"
    for title in TECHNICIAN_RUNGS[1:]:
        row = rung_row(story, title)
        (spanning,) = [lane for lane in row.lanes if lane.mark.letter == "C"]
        assert spanning.bar[0] == story.scale.x(52000)
        assert "C: $52k–$78k/yr" in row_text(row) and note in row_text(row)
    junior = rung_row(story, "Junior Press Technician")
    assert "C" not in [lane.mark.letter for lane in junior.lanes]
    noted = [row.rung.title for row in story.rows if any(line.kind == "note" for line in row.lines)]
    assert noted == TECHNICIAN_RUNGS[1:]
    html = rendered(story)
    notes = [line.text for row in story.rows for line in row.lines if line.kind == "note"]
    assert 'class="ps-text ps-note" x="0" dx="20"' in html
    assert all(f">{text}<" in html for text in notes)


def test_the_picture_is_hidden_styled_by_classes_and_its_sources_named(loaded):
    html = rendered(story_for("press-technician"))
    assert re.search(r'<svg class="pay-story-svg"[^>]*aria-hidden="true"', html)
    assert " style=" not in html and "<script" not in html
    caption = html.split("<figcaption>")[1]
    assert "<b>A</b>" in caption and "Acme Wage Survey of Press Shops</a>, March 2024" in caption
    assert "<b>B</b>" in caption and "Press Guild Career Notes</a>, 2025" in caption


@pytest.mark.parametrize("slug", ["press-helper", "press-technician"])
def test_the_chart_reads_only_what_the_role_page_prefetched(
    loaded, slug, django_assert_num_queries
):
    profile = profile_for(slug)
    with django_assert_num_queries(0):
        story = charts.pay_story(profile.pay_table, profile.role.paydistribution_set.all())
        rendered(story)


def test_a_lone_figure_spanning_rungs_is_marked_on_the_spread_once(loaded):
    band = add_band("press-helper", "helper", "state-pay-tables", median=30000)
    band.through_rung = LadderRung.objects.get(role=band.role, key="crew-lead")
    band.save()
    story = story_for("press-helper")
    (lane,) = story.rows[-1].lanes
    assert [(marker.kind, marker.x) for marker in lane.markers] == [
        ("median", story.scale.x(30000)),
        ("average", story.scale.x(34500)),
    ]
    # Its two labels sit apart, and both inside the chart's height.
    first, second = lane.markers
    assert first.label_y != second.label_y and max(first.label_y, second.label_y) < story.height
