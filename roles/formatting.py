"""How the site writes its figures, dates and short texts.

Every page, chart, job description and JSON-LD block formats through these
functions, so a figure reads the same wherever it appears. They take plain
values (or any object with the named attributes) and return plain text; the
template tags in roles/templatetags/ only register them, and the template
escapes what they return like any other variable.
"""

import datetime
import html
import json
import re
import types
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import strip_tags

# --- money --------------------------------------------------------------------

CURRENCY_SYMBOLS = {
    "USD": "$",
    "EUR": "€",
    "GBP": "£",
    "JPY": "¥",
    "KRW": "₩",
    "CAD": "CA$",
    "AUD": "A$",
    "MXN": "MX$",
    "INR": "₹",
}
PERIOD_SUFFIX = {"year": "/yr", "month": "/mo", "hour": "/hr"}


def money(value, currency="USD"):
    """$47,430 or €40,000 or $18.68; whole amounts lose their cents."""
    if value in (None, ""):
        return ""
    value = Decimal(value)
    digits = f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"
    symbol = CURRENCY_SYMBOLS.get(currency)
    return f"{symbol}{digits}" if symbol else f"{digits} {currency}"


def short_money(value, currency="USD"):
    """Chart labels: $40k, $27.5k, $18.68, $15."""
    value = float(value)
    symbol = CURRENCY_SYMBOLS.get(currency, "")
    suffix = "" if symbol else f" {currency}"
    if value >= 1000:
        thousands = f"{value / 1000:.1f}".removesuffix(".0")
        return f"{symbol}{thousands}k{suffix}"
    return money(Decimal(str(round(value, 2))), currency)


def period_suffix(period):
    """'/yr' for 'year': the unit written straight after a figure."""
    return PERIOD_SUFFIX.get(period, "")


def pay_range(low, high, currency="USD", period="", open_ended=False, short=False):
    """'$30,000–$40,000+/yr': every range of money on the site (pay, costs) is written here.

    open_ended adds '+' (the source gives no top). Without a high figure the range
    is its low one ('$500' for a course that costs that); short writes chart labels.
    """
    amount = short_money if short else money
    if low is None:
        text = f"up to {amount(high, currency)}" if high is not None else ""
    elif high is None:
        text = amount(low, currency)
    else:
        text = f"{amount(low, currency)}–{amount(high, currency)}"
    if text and open_ended:
        text += "+"
    return text + period_suffix(period) if text else ""


def role_pay_range(role, period=True):
    """A role's key-facts range; period=False leaves the '/yr' to the caller's markup."""
    return pay_range(
        role.pay_low,
        role.pay_high,
        role.pay_currency,
        role.pay_period if period else "",
        open_ended=role.pay_high_open_ended,
    )


def salary_band_figures(band, short=False):
    """'$55,000–$70,000, median $65,000, average $68,000/yr': what a salary band gives.

    short is the chart's label beside the bar ('$55k–$70k, median $65k, avg $68k'),
    whose axis already names the period. band is a SalaryBand or anything shaped
    like one (min, max, max_open_ended, median, average, currency, period).
    """
    amount = short_money if short else money
    parts = []
    if band.min is not None:
        parts.append(
            pay_range(
                band.min, band.max, band.currency, open_ended=band.max_open_ended, short=short
            )
        )
    if band.median is not None:
        parts.append(f"median {amount(band.median, band.currency)}")
    if band.average is not None:
        parts.append(f"{'avg' if short else 'average'} {amount(band.average, band.currency)}")
    text = ", ".join(parts)
    return text if short or not text else text + period_suffix(band.period)


HOURS_A_YEAR = 2080  # 40 hours a week, 52 weeks: the usual conversion of a salary


def per_hour(yearly):
    """A yearly amount as pay per hour, to the cent; None stays None."""
    if yearly is None:
        return None
    return (Decimal(yearly) / HOURS_A_YEAR).quantize(Decimal("0.01"))


def hourly_equivalent(band):
    """A yearly band's figures divided by 2,080 hours ('$14.42–$19.23/hr'); '' otherwise."""
    if band.period != "year":
        return ""
    hourly = types.SimpleNamespace(
        **{name: per_hour(getattr(band, name)) for name in ("min", "max", "median", "average")},
        max_open_ended=band.max_open_ended,
        currency=band.currency,
        period="hour",
    )
    return salary_band_figures(hourly)


def json_number(value):
    """A Decimal as the JSON number a reader expects: 47430, not 47430.00 or "47430"."""
    return int(value) if value == value.to_integral_value() else float(value)


# --- other figures --------------------------------------------------------------


def number(value):
    """12,300 or 2.5: thousands separated, no trailing zeros."""
    if value in (None, ""):
        return ""
    value = Decimal(value)
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value.normalize():,}"


def years_range(low, high):
    """'0–2 years' or '5+ years' of experience; '' when neither end is given."""
    if low is None and high is None:
        return ""
    if high is None:
        return f"{low}+ years"
    return f"{low or 0}–{high} years"


# --- dates and sources ----------------------------------------------------------

MONTHS = [datetime.date(2000, month, 1).strftime("%B") for month in range(1, 13)]


def partial_date(value):
    """'2023-05' -> 'May 2023'; '2025' stays; '' -> 'date not given'."""
    if not value:
        return "date not given"
    parts = value.split("-")
    if len(parts) == 1:
        return parts[0]
    month = MONTHS[int(parts[1]) - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    return f"{int(parts[2])} {month} {parts[0]}"


def figure_date(source, as_of=""):
    """The date a figure's source note gives: when the figure applies, else when published."""
    return partial_date(as_of or source.date)


def source_note(source, as_of=""):
    """'Source: <title>, <date>', the plain-text note beside every figure."""
    return f"Source: {source.title}, {figure_date(source, as_of)}"


# --- plain text -----------------------------------------------------------------


def plain_text(rendered_html):
    """Rendered markdown as the words a reader sees, without tags or entities."""
    return html.unescape(strip_tags(rendered_html)).strip()


def one_line(text):
    """Runs of whitespace, line breaks included, as single spaces."""
    return " ".join(text.split())


def signed_percent(value):
    """'+1%', '−6%' (a true minus: a hyphen reads as a dash), '0%'."""
    sign = "+" if value > 0 else "−" if value < 0 else ""
    return f"{sign}{number(abs(value))}%"


def full_stop(text):
    """End a sentence once: 'Do this' -> 'Do this.', 'Is it?' stays."""
    return text if text.endswith((".", "?", "!")) else f"{text}."


def lower_first(text):
    """'Quality control' -> 'quality control', but 'PLC work' stays as it is."""
    if len(text) > 1 and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def sentence_list(names, conjunction="and"):
    """'a, b and c'; with semicolons when a name has its own 'and' ('x and y; z; and w')."""
    names = list(names)
    if len(names) < 2:
        return "".join(names)
    if any(f" {conjunction} " in name for name in names) and len(names) > 2:
        return f"{'; '.join(names[:-1])}; {conjunction} {names[-1]}"
    return f"{', '.join(names[:-1])} {conjunction} {names[-1]}"


MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]])")
# Not every markdown reader takes a backslash before < or & (Python-Markdown
# does not); an HTML entity means the character itself in all of them.
MARKDOWN_ENTITIES = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;"}


def markdown_escape(text):
    """Plain words (names, notes) as markdown that shows them exactly, and never as HTML."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", str(text).translate(MARKDOWN_ENTITIES))


SITE_TITLE_SUFFIX = " · Manufacturing career guide"


def without_site_suffix(title):
    """'X · Manufacturing career guide' -> 'X', for places that name the site separately."""
    return title.removesuffix(SITE_TITLE_SUFFIX)


# Inside <script> only "</script" (or "<!--") ends the data early; escaping
# every <, > and & as JSON \u escapes rules that out whatever the text holds,
# and JSON readers decode them back to the same characters.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_for_script(data):
    """Compact JSON that is safe to place inside a <script> element as it is."""
    # DjangoJSONEncoder: breadcrumb labels may be lazy strings (verbose names).
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return text.translate(JSON_SCRIPT_ESCAPES)
