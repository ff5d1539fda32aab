"""Geometry for the role page's pictures: scales, bar and marker positions, labels.

Plain numbers in, plain numbers out; the templates in templates/roles/charts/ draw
the SVG. Horizontal positions are percentages of the chart's width and vertical
ones are pixels, so a chart stretches to any screen width while its text stays
at the page's own font size (a scaled viewBox would shrink text on a phone).
Which rungs the career path shows is roles/career_path.py's business.
"""

import math
import textwrap
import types
from dataclasses import dataclass, field
from itertools import pairwise

from .formatting import (
    hourly_equivalent,
    pay_range,
    period_suffix,
    salary_band_figures,
    short_money,
)

# Room kept at each end of a scale so edge markers are not cut in half (percent).
EDGE = 2.0
# Width to plan labels for: a small phone, less the page margins (pixels).
NARROWEST_CHART_PX = 300
# A generous glyph width at the charts' font size, for figures set close together (pixels).
CHAR_PX = 7.2
# Characters of a level's name per line: running text averages about 6.5px a glyph,
# so this fits the narrowest width (checked in Chromium at 390px and 1280px).
LABEL_CHARS = 44
# An open-ended range ("$85,000+") fades out over this share of the data's span.
OPEN_END_SHARE = 0.08


def to_number(value):
    return None if value is None else float(value)


def nice_step(span, max_ticks=5):
    """The smallest of 1, 2, 2.5 or 5 times a power of ten that needs at most max_ticks steps."""
    raw = span / max_ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw - 1e-9)


@dataclass
class Tick:
    value: float
    x: float
    label: str
    anchor: str


@dataclass
class Scale:
    """A linear map from money to a horizontal position, with round tick values."""

    start: float
    stop: float
    step: float
    currency: str = "USD"
    period: str = ""

    @classmethod
    def around(cls, values, currency="USD", period="", max_ticks=5):
        low, high = min(values), max(values)
        if high == low:
            # A single figure: measure it from zero, so its size still reads.
            low = 0.0
        if high == low:
            high = 1.0
        step = nice_step(high - low, max_ticks)
        start = math.floor(low / step + 1e-9) * step
        stop = math.ceil(high / step - 1e-9) * step
        return cls(start, stop, step, currency, period)

    def x(self, value):
        share = (float(value) - self.start) / (self.stop - self.start)
        return round(EDGE + share * (100 - 2 * EDGE), 1)

    @property
    def ticks(self):
        count = round((self.stop - self.start) / self.step)
        values = [self.start + index * self.step for index in range(count + 1)]
        ticks = [
            Tick(value, self.x(value), short_money(value, self.currency), edge_anchor(index, count))
            for index, value in enumerate(values)
        ]
        # The last label names the unit, so an hourly axis never reads as a yearly one.
        ticks[-1].label += period_suffix(self.period)
        if labels_collide(ticks):
            # Too crowded for a narrow phone: label every other tick, counting from the last.
            for tick in ticks[-2::-2]:
                tick.label = ""
        return ticks


def labels_collide(ticks, gap=2.0):
    spans = [label_extent(tick.x, len(tick.label), tick.anchor)[1:] for tick in ticks]
    return any(left < right + gap for (_, right), (left, _) in pairwise(spans))


def edge_anchor(index, last):
    """Tick labels at the two ends are drawn inward, so they stay inside the chart."""
    return "start" if index == 0 else "end" if index == last else "middle"


def open_end(value, span):
    """Where the fading tail of an open-ended range stops."""
    return value + span * OPEN_END_SHARE


# --- figures and labels -----------------------------------------------------


def scale_key(item):
    return (item.currency, item.period)


def band_values(band):
    return [to_number(v) for v in (band.min, band.max, band.median, band.average) if v is not None]


def distribution_values(dist):
    return [to_number(getattr(dist, name)) for name in dist.PERCENTILES]


def label_extent(x, chars, anchor=None):
    """Where a label sits, as (anchor, left, right) in percent on the narrowest chart.

    Without an anchor, one is chosen that keeps the label inside the chart.
    """
    width = chars * CHAR_PX / NARROWEST_CHART_PX * 100
    if anchor is None:
        anchor = "start" if x - width / 2 < 0 else "end" if x + width / 2 > 100 else "middle"
    if anchor == "start":
        return anchor, x, x + width
    if anchor == "end":
        return anchor, x - width, x
    return anchor, x - width / 2, x + width / 2


def assign_lanes(spans, gap=2.0):
    """Give each (left, right) span the first lane where it clears the span before it."""
    lane_ends, lanes = [], []
    for left, right in spans:
        lane = next((i for i, end in enumerate(lane_ends) if left >= end + gap), len(lane_ends))
        if lane == len(lane_ends):
            lane_ends.append(right)
        lane_ends[lane] = right
        lanes.append(lane)
    return lanes


# --- the skill map ----------------------------------------------------------


@dataclass
class TierStep:
    label: str
    count: int
    x: float
    width: float
    y: int
    height: int

    @property
    def name_y(self):
        return self.y + 21

    @property
    def count_y(self):
        return self.y + 39


@dataclass
class SkillSteps:
    steps: list
    arrows: list = field(default_factory=list)  # (x, y) of each arrow between steps
    height: int = 0


def skill_steps(tiers, gap=4.0, base_px=52, rise_px=18):
    """Tiers as a rising staircase, left to right, with an arrow from each step to the next."""
    count = len(tiers)
    if not count:
        return SkillSteps([])
    width = round((100 - gap * (count - 1)) / count, 1)
    height = base_px + rise_px * (count - 1)
    steps = [
        TierStep(
            tier.label,
            len(tier.items),
            x=round(index * (width + gap), 1),
            width=width,
            y=height - (base_px + rise_px * index),
            height=base_px + rise_px * index,
        )
        for index, tier in enumerate(tiers)
    ]
    arrows = [
        (round(step.x + step.width + gap / 2, 1), height - base_px // 2) for step in steps[:-1]
    ]
    return SkillSteps(steps, arrows, height)


# --- the pay story: every source's pay at each rung, on one axis --------------
#
# A row per ladder rung with pay; in it a lane per source: a bar from lowest to
# highest with a tick at the median (solid) or average (dashed). Sources differ
# by letter and fill pattern as well as colour. A lone figure is no picture (a
# dot says nothing about spread): it is stated in words, and marked on the
# role's P10-P90 spread when there is one, which is drawn at the foot on the
# same axis.

STORY_LINE_PX = 16
STORY_BAR_PX = 14
STORY_AXIS_PX = 22  # tick labels above the first row and below the last
# Fill patterns (solid, hatched, cross-hatched, dotted); after four they repeat
# and the letters still tell sources apart.
PATTERNS = 4
# A lane's text starts after its source's swatch, so it wraps a little sooner.
SWATCH_CHARS = 4
PERIOD_ORDER = {"year": 0, "hour": 1, "month": 2}


@dataclass
class SourceMark:
    """A source as the chart shows it: a letter and a pattern, named in the key."""

    source: object
    letter: str
    pattern: int
    as_of: str = ""


@dataclass
class TextLine:
    y: int
    text: str
    mark: SourceMark | None = None  # a swatch before the line
    indent: bool = False  # set in past the swatches, under its source's line
    kind: str = ""  # "title" or "note", for the stylesheet


@dataclass
class Marker:
    """A lone figure drawn against a spread: a tick and a label below it."""

    x: float
    kind: str  # "median" or "average"
    label: str
    anchor: str
    label_y: int = 0


@dataclass
class Lane:
    mark: SourceMark
    y: int  # top of the bar
    bar: tuple | None = None  # (x, width) from lowest to highest
    tail: tuple | None = None  # (x, width) of the fade after an open-ended top
    median: float | None = None
    average: float | None = None
    whisker: tuple | None = None  # a spread's (x of P10, x of P90); its box is the bar
    markers: list = field(default_factory=list)

    @property
    def mid_y(self):
        return self.y + STORY_BAR_PX // 2

    @property
    def bottom(self):
        return self.y + STORY_BAR_PX


@dataclass
class StoryRow:
    rung: object  # None for the role-wide spread
    top: int
    lines: list = field(default_factory=list)
    lanes: list = field(default_factory=list)
    bottom: int = 0


@dataclass
class PayStory:
    scale: Scale | None
    marks: list
    rows: list
    height: int = 0
    kinds: set = field(default_factory=set)  # marks drawn, for the key
    converted: bool = False  # whether any figure is our hourly conversion

    @property
    def drawn(self):
        return self.scale is not None

    @property
    def ticks(self):
        return self.scale.ticks if self.scale else []

    @property
    def top_tick_y(self):
        return 12

    @property
    def grid_top(self):
        return STORY_AXIS_PX - 4

    @property
    def grid_bottom(self):
        return self.height - STORY_AXIS_PX + 4

    @property
    def bottom_tick_y(self):
        return self.height - 4

    @property
    def patterns(self):
        return sorted({mark.pattern for mark in self.marks})


def figure_count(band):
    return sum(value is not None for value in (band.min, band.max, band.median, band.average))


def drawable(band):
    """A range, or two figures to set side by side; a lone figure is stated, not drawn."""
    return (band.min is not None and band.max is not None) or figure_count(band) >= 2


def main_key(bands, distributions):
    """The currency and period the chart draws: the one most figures use, yearly first."""
    counts = {}
    for item in [*(band for band in bands if drawable(band)), *distributions]:
        counts[scale_key(item)] = counts.get(scale_key(item), 0) + 1
    if not counts:
        return None
    return min(counts, key=lambda key: (-counts[key], PERIOD_ORDER.get(key[1], 9), key))


def source_marks(table, distributions):
    sources = list(table.sources)
    sources += [d.source for d in distributions if d.source_id not in {s.pk for s in sources}]
    sources = list({source.pk: source for source in sources}.values())
    as_of = {}
    for _, cells in table.rows:
        for cell in cells:
            for band in cell.bands:
                as_of.setdefault(band.source_id, band.as_of)
    for dist in distributions:
        as_of.setdefault(dist.source_id, dist.as_of)
    return {
        source.pk: SourceMark(source, chr(ord("A") + index), index % PATTERNS + 1, as_of[source.pk])
        for index, source in enumerate(sources)
    }


class _Layout:
    """A running top edge, so rows, lines and bars stack without overlapping."""

    def __init__(self, top):
        self.y = top

    def text(self, text, mark=None, kind="", indent=False):
        """Wrapped lines; a swatch before the first when mark is given, the rest indented."""
        indent = indent or mark is not None
        chars = LABEL_CHARS - (SWATCH_CHARS if indent else 0)
        lines = []
        for index, part in enumerate(textwrap.wrap(text, chars) or [""]):
            lines.append(TextLine(self.y + 12, part, mark if index == 0 else None, indent, kind))
            self.y += STORY_LINE_PX
        return lines

    def bar(self):
        top = self.y + 3
        self.y = top + STORY_BAR_PX + 8
        return top


def per_year_text(band):
    figures = salary_band_figures(band, short=True)
    return figures + period_suffix(band.period)


def conversion_text(band, converted):
    hourly = hourly_equivalent(band) if converted else ""
    return f" ≈ {hourly}" if hourly else ""


def band_lane(band, mark, scale, layout):
    lane = Lane(mark, layout.bar())
    low, high = to_number(band.min), to_number(band.max)
    if low is not None and high is not None:
        lane.bar = (scale.x(low), round(scale.x(high) - scale.x(low), 1))
        if band.max_open_ended:
            tail_end = min(open_end(high, scale.stop - scale.start), scale.stop)
            lane.tail = (scale.x(high), round(scale.x(tail_end) - scale.x(high), 1))
    if band.median is not None:
        lane.median = scale.x(band.median)
    if band.average is not None:
        lane.average = scale.x(band.average)
    return lane


def lone_figure(band):
    """(name, value) of a band's one figure: median, average, or a lone min or max."""
    return next(
        (name, getattr(band, name))
        for name in ("median", "average", "min", "max")
        if getattr(band, name) is not None
    )


def markable(band):
    """A lone median or average can be marked on a spread; a lone min or max says too little."""
    return not drawable(band) and lone_figure(band)[0] in ("median", "average")


def spread_lane(dist, mark, scale, layout, lone):
    """A P10-P90 spread: whiskers, the P25-P75 box as its bar, the median, lone figures on it."""
    xs = [scale.x(getattr(dist, name)) for name in dist.PERCENTILES]
    lane = Lane(mark, layout.bar(), bar=(xs[1], round(xs[3] - xs[1], 1)), median=xs[2])
    lane.whisker = (xs[0], xs[4])
    labelled = []
    for rung, band_mark, band in lone:
        kind, value = lone_figure(band)
        text = f"{rung.title}, {'avg' if kind == 'average' else kind} ({band_mark.letter})"
        anchor, left, right = label_extent(scale.x(value), len(text))
        labelled.append((Marker(scale.x(value), kind, text, anchor), (left, right)))
    labelled.sort(key=lambda item: item[0].x)
    lanes = assign_lanes([span for _, span in labelled])
    for (marker, _), row in zip(labelled, lanes, strict=True):
        marker.label_y = lane.bottom + 16 + row * STORY_LINE_PX
        lane.markers.append(marker)
    if lanes:
        layout.y = lane.bottom + 8 + (max(lanes) + 1) * STORY_LINE_PX
    return lane


def spread_text(dist, others):
    """'P10–P90 $24k–$52k/yr, median $33k', with the source's own hourly spread or ours."""
    low, mid, high = (getattr(dist, name) for name in ("p10", "p50", "p90"))
    text = (
        f"{dist.label}: P10–P90 {pay_range(low, high, dist.currency, short=True)}"
        f"{period_suffix(dist.period)}, median {short_money(mid, dist.currency)}"
    )
    own = next((o for o in others if o.source_id == dist.source_id and o.period == "hour"), None)
    if own is not None:
        return text + f" ({pay_range(own.p10, own.p90, own.currency, 'hour')} as given)", False
    as_band = types.SimpleNamespace(
        min=low, max=high, median=None, average=None, max_open_ended=False,
        currency=dist.currency, period=dist.period,
    )  # fmt: skip
    converted = conversion_text(as_band, True)
    return text + converted, bool(converted)


def pay_story(table, distributions=()):
    """One chart of a role's pay: table is RoleProfile.pay_table, distributions its spreads."""
    distributions = list(distributions)
    bands = [band for _, cells in table.rows for cell in cells for band in cell.bands]
    key = main_key(bands, distributions)
    marks = source_marks(table, distributions)
    if key is None:
        return PayStory(None, list(marks.values()), [])
    spreads = [dist for dist in distributions if scale_key(dist) == key]
    # A level spanning rungs is in two rows, but is one figure: marked once, at its first.
    lone = {
        band.pk: (rung, marks[band.source_id], band)
        for rung, cells in reversed(table.rows)
        for cell in cells
        for band in cell.bands
        if spreads and markable(band) and scale_key(band) == key
    }
    lone = list(lone.values())
    drawn = [band for band in bands if drawable(band) and scale_key(band) == key]
    story = PayStory(story_scale(key, drawn, spreads, lone), list(marks.values()), [])
    layout = _Layout(STORY_AXIS_PX)
    for rung, cells in table.rows:
        row = StoryRow(rung, layout.y, layout.text(rung.title, kind="title"))
        for cell in cells:
            story.converted |= add_cell(row, cell, marks, story.scale, key, lone, layout)
        story.rows.append(row)
        row.bottom, layout.y = layout.y, layout.y + 6
    others = [dist for dist in distributions if dist not in spreads]
    for dist in spreads:
        mark = marks[dist.source_id]
        row = StoryRow(
            None, layout.y, layout.text("The spread of pay across the role", kind="title")
        )
        text, converted = spread_text(dist, others)
        story.converted |= converted
        row.lines += layout.text(f"{mark.letter}: {text}", mark)
        row.lanes.append(spread_lane(dist, mark, story.scale, layout, lone))
        story.rows.append(row)
        row.bottom, layout.y = layout.y, layout.y + 6
    story.kinds = {kind for row in story.rows for lane in row.lanes for kind in lane_kinds(lane)}
    story.height = layout.y + STORY_AXIS_PX - 6
    return story


def story_scale(key, drawn, spreads, lone):
    """The one axis: every drawn band, spread and marked figure, and room for open ends."""
    values = [v for band in drawn for v in band_values(band)]
    values += [v for dist in spreads for v in distribution_values(dist)]
    values += [to_number(lone_figure(band)[1]) for _, _, band in lone]
    span = (max(values) - min(values)) or max(values)
    values += [
        open_end(to_number(b.max), span) for b in drawn if b.max_open_ended and b.max is not None
    ]
    return Scale.around(values, currency=key[0], period=key[1])


def lane_kinds(lane):
    """The kinds of mark a lane draws, for the key."""
    if lane.whisker is not None:
        return {"spread", "median", *(marker.kind for marker in lane.markers)}
    present = {
        "range": lane.bar is not None,
        "open": lane.tail is not None,
        "median": lane.median is not None,
        "average": lane.average is not None,
    }
    return {kind for kind, shown in present.items() if shown}


def add_cell(row, cell, marks, scale, key, lone, layout):
    """One source's figures at one rung: a lane per band drawn, words for the rest.

    Returns whether any figure in it is our hourly conversion.
    """
    converted = False
    # The source's figures in another period (an hourly average beside a yearly
    # one) join the text of its first band on the scale.
    others = [band for band in cell.bands if scale_key(band) != key]
    any_on_scale = len(others) < len(cell.bands)
    for band in cell.bands:
        mark = marks[band.source_id]
        if scale_key(band) != key:
            if not any_on_scale:
                # Nothing of this source's is on the scale here: say what it gives.
                text = f"{mark.letter}: {salary_band_figures(band)}, not drawn on this scale"
                row.lines += layout.text(text, mark)
            continue
        hourly = conversion_text(band, cell.converted)
        converted |= bool(hourly)
        own = "".join(f" ({salary_band_figures(o)} as given)" for o in others)
        others = []
        if drawable(band):
            row.lines += layout.text(f"{mark.letter}: {per_year_text(band)}{hourly}{own}", mark)
        else:
            marked = any(band.pk == other.pk for _, _, other in lone)
            where = "marked on the spread below" if marked else "the source gives no range"
            text = f"{mark.letter}: {salary_band_figures(band)}{hourly}{own}: one figure, {where}"
            row.lines += layout.text(text, mark)
        if band.through_rung_id:
            note = f"One figure for {band.rung.title} to {band.through_rung.title}"
            row.lines += layout.text(note, kind="note", indent=True)
        if drawable(band):
            row.lanes.append(band_lane(band, mark, scale, layout))
    return converted
