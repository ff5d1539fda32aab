"""The role page's link to a side-by-side comparison."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

from ..comparison import canonical_query, comparison_partners

register = template.Library()


@register.simple_tag
def comparison_link(role):
    """'Compare with X' for a role from the role page's queryset; '' when there is no partner."""
    partners = comparison_partners(role)
    if not partners:
        return ""
    query = canonical_query([role.slug, *(partner.slug for partner in partners)])
    return format_html(
        '<p class="compare-link"><a href="{}?{}">Compare with {}</a></p>',
        reverse("roles:compare"),
        query,
        " and ".join(partner.title for partner in partners),
    )
