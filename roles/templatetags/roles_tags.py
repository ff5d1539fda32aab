"""Template names for the site's formatting (roles/formatting.py), and the source note tag."""

from django import template
from django.utils.html import format_html, format_html_join

from .. import formatting

register = template.Library()

register.filter("money", formatting.money)
register.filter("per", formatting.period_suffix)
register.filter("number", formatting.number)
register.filter("partial_date", formatting.partial_date)
register.filter("full_stop", formatting.full_stop)
register.filter("signed_percent", formatting.signed_percent)
register.filter("salary_band_figures", formatting.salary_band_figures)
register.filter("hourly_equivalent", formatting.hourly_equivalent)
register.simple_tag(formatting.pay_range, name="pay_range")
register.simple_tag(formatting.role_pay_range, name="role_pay_range")


@register.simple_tag(name="cite")
def source_note_html(source, as_of="", link=True):
    """A figure's source note; on a page with a source list it links to the full reference."""
    if source is None:
        return ""
    date = formatting.figure_date(source, as_of)
    if not link:
        return format_html('<span class="cite">Source: {}, {}</span>', source.title, date)
    return format_html(
        '<span class="cite">Source: <a href="#source-{}">{}</a>, {}</span>',
        source.key,
        source.title,
        date,
    )


@register.simple_tag(name="cite_sources")
def item_sources_html(item, link=True):
    """Every source an item cites, in its order, each with its note: "Sources: A; B (says 2–5)".

    Expects the item's citations prefetched with their sources (citation_prefetches()).
    """
    citations = item.citation_list()
    if not citations:
        return ""
    anchor = '<a href="#source-{}">{}</a>' if link else "{1}"
    parts = format_html_join(
        "; ",
        anchor + ", {}{}",
        (
            (
                citation.source.key,
                citation.source.title,
                formatting.figure_date(citation.source),
                format_html(" ({})", citation.note) if citation.note else "",
            )
            for citation in citations
        ),
    )
    label = "Sources" if len(citations) > 1 else "Source"
    return format_html('<span class="cite">{}: {}</span>', label, parts)
