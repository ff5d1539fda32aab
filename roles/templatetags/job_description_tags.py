"""Job-description links for the role page, and markdown escaping for the .md export."""

from django import template
from django.utils.html import format_html, format_html_join

from ..formatting import markdown_escape
from ..job_description import job_description_url, level_label, offered_levels

register = template.Library()

register.filter("md", markdown_escape)


@register.simple_tag
def job_description_links(role):
    """'Job description: All levels · Junior · ...' for the role page's header."""
    links = [(job_description_url("roles:job-description", role), "All levels")] + [
        (job_description_url("roles:job-description", role, rung.key), level_label(role, rung))
        for rung in offered_levels(role)
    ]
    return format_html(
        '<div class="jd-links"><span>Job description:</span><ul>{}</ul></div>',
        format_html_join("", '<li><a href="{}">{}</a></li>', links),
    )


@register.simple_tag
def job_description_level_keys(role):
    """The keys of the ladder rungs that have a job description of this role."""
    return {rung.key for rung in offered_levels(role)}
