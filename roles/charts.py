"""Geometry for the role page's pictures: scales, bar and marker positions, labels.

Plain numbers in, plain numbers out; the templates in templates/roles/charts/ draw
the SVG. Horizontal positions are percentages of the chart's width and vertical
ones are pixels, so a chart stretches to any screen width while its text stays
at the page's own font size (a scaled viewBox would shrink text on a phone).
Which rungs the career path shows is roles/career_path.py's business.
"""

import math
import textwrap
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise

from .formatting import money, period_suffix, salary_band_figures, short_money

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


# --- shared scales ----------------------------------------------------------


def scale_key(item):
    return (item.currency, item.period)


def band_values(band):
    return [to_number(v) for v in (band.min, band.max, band.median, band.average) if v is not None]


def distribution_values(dist):
    return [to_number(getattr(dist, name)) for name in dist.PERCENTILES]


def shared_scales(bands, distributions=()):
    """One scale per currency and period, shared by every pay chart on the page.

    Two sources' bands for the same levels, and a distribution beside them, line up
    on the same axis, so the reader can compare them by eye.
    """
    values = {}
    for band in bands:
        values.setdefault(scale_key(band), []).extend(band_values(band))
    for dist in distributions:
        values.setdefault(scale_key(dist), []).extend(distribution_values(dist))
    scales = {}
    for key, found in values.items():
        span = (max(found) - min(found)) or max(found)
        open_ends = [
            open_end(to_number(band.max), span)
            for band in bands
            if band.max_open_ended and band.max is not None and scale_key(band) == key
        ]
        scales[key] = Scale.around(found + open_ends, currency=key[0], period=key[1])
    return scales


# --- pay by level -----------------------------------------------------------

LINE_PX = 16
BAR_PX = 12
ROW_GAP_PX = 14
AXIS_PX = 22


@dataclass
class LabelLine:
    y: int
    text: str
    figures: str = ""


@dataclass
class BandRow:
    band: object
    lines: list
    bar_y: int
    bar: tuple | None = None  # (x, width) from min to max
    tail: tuple | None = None  # (x, width) of the fade after an open-ended max
    median: float | None = None
    average: float | None = None

    @property
    def mid_y(self):
        return self.bar_y + BAR_PX // 2


@dataclass
class BandPanel:
    """The bands of one currency and period, drawn over one axis."""

    rows: list
    scale: Scale
    height: int
    axis_y: int

    @property
    def ticks(self):
        return self.scale.ticks

    @property
    def tick_y(self):
        return self.axis_y + 15


def label_lines(text, figures, top):
    """Wrap a level's name, and put its figures on the last line when they fit."""
    wrapped = textwrap.wrap(text, LABEL_CHARS) or [""]
    if len(wrapped[-1]) + 2 + len(figures) > LABEL_CHARS:
        wrapped.append("")
    lines = [LabelLine(top + 12 + index * LINE_PX, line) for index, line in enumerate(wrapped)]
    lines[-1].figures = figures
    return lines


def band_row(band, scale, top):
    lines = label_lines(band.level, salary_band_figures(band, short=True), top)
    row = BandRow(band, lines, bar_y=top + len(lines) * LINE_PX + 4)
    low, high = to_number(band.min), to_number(band.max)
    if low is not None and high is not None:
        row.bar = (scale.x(low), round(scale.x(high) - scale.x(low), 1))
        if band.max_open_ended:
            tail_end = min(open_end(high, scale.stop - scale.start), scale.stop)
            row.tail = (scale.x(high), round(scale.x(tail_end) - scale.x(high), 1))
    if band.median is not None:
        row.median = scale.x(band.median)
    if band.average is not None:
        row.average = scale.x(band.average)
    return row


@dataclass
class PayChart:
    """One source's salary bands: the table's rows and the panels drawn above it."""

    source: object
    bands: list
    panels: list

    @property
    def as_of(self):
        return self.bands[0].as_of

    @property
    def marks(self):
        """The kinds of mark drawn, for the key: range, open, median, average."""
        found = set()
        for panel in self.panels:
            for row in panel.rows:
                found |= {
                    name
                    for name, present in (
                        ("range", row.bar),
                        ("open", row.tail),
                        ("median", row.median is not None),
                        ("average", row.average is not None),
                    )
                    if present
                }
        return found


def band_panels(bands, scales):
    """Rows for one source's bands, split by currency and period (each has its own axis)."""
    by_key = {}
    for band in bands:
        by_key.setdefault(scale_key(band), []).append(band)
    panels = []
    for key, group in by_key.items():
        rows, top = [], 0
        for band in group:
            row = band_row(band, scales[key], top)
            rows.append(row)
            top = row.bar_y + BAR_PX + ROW_GAP_PX
        axis_y = top - ROW_GAP_PX + 8
        panels.append(BandPanel(rows, scales[key], height=axis_y + AXIS_PX, axis_y=axis_y))
    return panels


# --- a P10-P90 distribution -------------------------------------------------


@dataclass
class PercentileLabel:
    name: str
    text: str
    x: float
    anchor: str
    lane: int = 0
    name_y: int = 0
    leader: tuple = (0, 0)  # a short line from the label to the box: (top, bottom) pixels

    @property
    def value_y(self):
        return self.name_y + 15


LANE_PX = 34
BOX_PX = 22


@dataclass
class DistributionChart:
    scale: Scale
    whisker: tuple  # (x of P10, x of P90)
    box: tuple  # (x, width) from P25 to P75
    median: float
    labels: list
    box_y: int
    height: int
    box_px: int = BOX_PX

    @property
    def mid_y(self):
        return self.box_y + BOX_PX // 2

    @property
    def box_bottom(self):
        return self.box_y + BOX_PX


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


def distribution_chart(dist, scale):
    """Whiskers from P10 to P90, a box from P25 to P75, the median across it; all five labelled.

    Labels that would overlap on a narrow phone take turns above and below the box
    (even lanes above, odd lanes below, further out as needed).
    """
    values = [(name.upper(), to_number(getattr(dist, name))) for name in dist.PERCENTILES]
    labels = []
    for name, value in values:
        text = money(Decimal(str(value)), dist.currency)
        anchor, left, right = label_extent(scale.x(value), max(len(name), len(text)))
        labels.append((PercentileLabel(name, text, scale.x(value), anchor), (left, right)))
    lanes = assign_lanes([span for _, span in labels])
    lanes_above, lanes_below = max(lanes) // 2 + 1, (max(lanes) + 1) // 2
    box_y = lanes_above * LANE_PX + 6
    for (label, _), lane in zip(labels, lanes, strict=True):
        label.lane = lane
        if lane % 2 == 0:
            label.name_y = box_y - 21 - lane // 2 * LANE_PX
            label.leader = (label.value_y + 4, box_y)
        else:
            label.name_y = box_y + BOX_PX + 18 + lane // 2 * LANE_PX
            label.leader = (box_y + BOX_PX, label.name_y - 12)
    xs = [scale.x(value) for _, value in values]
    return DistributionChart(
        scale=scale,
        whisker=(xs[0], xs[4]),
        box=(xs[1], round(xs[3] - xs[1], 1)),
        median=xs[2],
        labels=[label for label, _ in labels],
        box_y=box_y,
        height=box_y + BOX_PX + 8 + lanes_below * LANE_PX,
    )


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
