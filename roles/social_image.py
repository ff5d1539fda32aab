"""The picture a link preview shows: a 1200 × 630 PNG card, drawn with Pillow.

Drawing only. A Card is plain text (what roles/views/social.py decides a
role's card says); render_png() turns it into PNG bytes, the same bytes for
the same card, so the page cache's ETag stays put until the content changes.
The colours are the site's own (static/css/site.css), so a shared link looks
like the site it leads to.
"""

import io
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
SITE_NAME = "Manufacturing Career Guide"

INK = "#1c2430"
MUTED = "#556070"
ACCENT = "#0b5cad"
PAPER = "#ffffff"

MARGIN = 80
TEXT_WIDTH = WIDTH - 2 * MARGIN
HEADER_HEIGHT = 96
STRIPE_HEIGHT = 14
LINE_SPACING = 1.2
# Largest first: a long title steps down until it fits in TITLE_LINES lines.
TITLE_SIZES = (72, 64, 56, 48)
TITLE_LINES = 3
SMALL_PRINT_LINES = 2
ELLIPSIS = "…"


class FontFamily(NamedTuple):
    """Font files to try in turn: paths, or names Pillow looks up in the system's font folders."""

    regular: tuple[str, ...]
    bold: tuple[str, ...]


# DejaVu ships with Debian and most Linux images; Liberation is the common second.
SYSTEM_FONTS = FontFamily(
    regular=("DejaVuSans.ttf", "LiberationSans-Regular.ttf"),
    bold=("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf"),
)


@dataclass(frozen=True)
class Card:
    """What a card says. Only the title is required; a figure comes with its label."""

    title: str
    figure_label: str = ""
    figure: str = ""
    small_print: str = ""

    def alt_text(self):
        """The card's words as one sentence, for og:image:alt."""
        figure = f"{self.figure_label}: {self.figure}" if self.figure_label else self.figure
        parts = [self.title, figure, self.small_print, SITE_NAME]
        return ". ".join(part.rstrip(".") for part in parts if part) + "."


@lru_cache(maxsize=32)
def load_font(candidates, size):
    """The first of candidates that loads at size, else Pillow's own font: a card always draws."""
    for name in candidates:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


def line_height(size):
    # From the requested size, not the font's metrics: Pillow's fallback font has none.
    return round(size * LINE_SPACING)


def wrap(draw, text, font, width):
    """text in lines no wider than width, broken between words (a single long word stays whole)."""
    lines = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(candidate, font=font) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


def clip(draw, lines, font, width, most):
    """At most `most` lines; if some were cut, the last kept one ends in an ellipsis."""
    if len(lines) <= most:
        return lines
    last = lines[most - 1]
    while last and draw.textlength(last + ELLIPSIS, font=font) > width:
        last = last[:-1].rstrip()
    return [*lines[: most - 1], last + ELLIPSIS]


def fit_title(draw, title, fonts):
    """The largest title size whose wrapped lines fit, and those lines."""
    for size in TITLE_SIZES:
        font = load_font(fonts.bold, size)
        lines = wrap(draw, title, font, TEXT_WIDTH)
        if len(lines) <= TITLE_LINES:
            return font, size, lines
    return font, size, clip(draw, lines, font, TEXT_WIDTH, TITLE_LINES)


def draw_lines(draw, lines, font, size, top, fill):
    """Draw lines from top down; returns the y below the last one."""
    for line in lines:
        draw.text((MARGIN, top), line, font=font, fill=fill)
        top += line_height(size)
    return top


def draw_factory_mark(draw, left, top, scale):
    """The favicon's factory (static/img/favicon.svg's 32-unit drawing), in white."""
    outline = [(5, 27), (5, 5), (9, 5), (9, 15), (15, 10), (15, 15), (21, 10), (21, 15), (27, 10)]
    outline.append((27, 27))
    draw.polygon([(left + x * scale, top + y * scale) for x, y in outline], fill=PAPER)


def draw_header(draw, fonts):
    draw.rectangle((0, 0, WIDTH, HEADER_HEIGHT), fill=INK)
    mark_size = 56
    mark_top = (HEADER_HEIGHT - mark_size) // 2
    draw.rounded_rectangle(
        (MARGIN, mark_top, MARGIN + mark_size, mark_top + mark_size), radius=10, fill=ACCENT
    )
    draw_factory_mark(draw, MARGIN, mark_top, mark_size / 32)
    size = 34
    name_top = (HEADER_HEIGHT - line_height(size)) // 2
    draw.text(
        (MARGIN + mark_size + 24, name_top),
        SITE_NAME,
        font=load_font(fonts.bold, size),
        fill=PAPER,
    )


def render_png(card, fonts=SYSTEM_FONTS):
    """The card as PNG bytes, WIDTH × HEIGHT."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw_header(draw, fonts)
    draw.rectangle((0, HEIGHT - STRIPE_HEIGHT, WIDTH, HEIGHT), fill=ACCENT)

    # The small print sits on the bottom edge; the title and figure share what is above it.
    small_size = 24
    small_font = load_font(fonts.regular, small_size)
    small_lines = clip(
        draw,
        wrap(draw, card.small_print, small_font, TEXT_WIDTH),
        small_font,
        TEXT_WIDTH,
        SMALL_PRINT_LINES,
    )
    small_top = HEIGHT - STRIPE_HEIGHT - 36 - line_height(small_size) * len(small_lines)
    draw_lines(draw, small_lines, small_font, small_size, small_top, MUTED)

    title_font, title_size, title_lines = fit_title(draw, card.title, fonts)
    label_size, figure_size, gap = 28, 60, 36
    block_height = line_height(title_size) * len(title_lines)
    label_height = line_height(label_size) if card.figure_label else 0
    if card.figure:
        block_height += gap + label_height + line_height(figure_size)
    # Centred in the space between the header and the small print.
    space_top, space_bottom = HEADER_HEIGHT + 40, small_top - 24
    top = space_top + max(0, (space_bottom - space_top - block_height) // 2)
    top = draw_lines(draw, title_lines, title_font, title_size, top, INK)
    if card.figure:
        top += gap
        if card.figure_label:
            label_font = load_font(fonts.bold, label_size)
            draw.text((MARGIN, top), card.figure_label.upper(), font=label_font, fill=MUTED)
        top += label_height
        draw.text((MARGIN, top), card.figure, font=load_font(fonts.bold, figure_size), fill=ACCENT)

    output = io.BytesIO()
    image.save(output, "PNG", optimize=True)
    return output.getvalue()
