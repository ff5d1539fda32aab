"""Formatting for figures and their sources on role pages."""

import datetime
from decimal import Decimal

from django import template
from django.utils.html import format_html

register = template.Library()

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
MONTHS = [datetime.date(2000, month, 1).strftime("%B") for month in range(1, 13)]


@register.filter
def money(value, currency="USD"):
    """$47,430 or €40,000 or $18.68; whole amounts lose their cents."""
    if value in (None, ""):
        return ""
    value = Decimal(value)
    digits = f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"
    symbol = CURRENCY_SYMBOLS.get(currency)
    return f"{symbol}{digits}" if symbol else f"{digits} {currency}"


@register.filter
def per(period):
    return PERIOD_SUFFIX.get(period, "")


@register.filter
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


@register.filter
def number(value):
    if value in (None, ""):
        return ""
    value = Decimal(value)
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value.normalize():,}"


@register.simple_tag
def cite(source, as_of="", link=True):
    """A short source note; on a role page it links to the page's full source list."""
    if source is None:
        return ""
    date = partial_date(as_of or source.date)
    if not link:
        return format_html('<span class="cite">Source: {}, {}</span>', source.title, date)
    return format_html(
        '<span class="cite">Source: <a href="#source-{}">{}</a>, {}</span>',
        source.key,
        source.title,
        date,
    )
