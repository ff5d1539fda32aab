"""Link-preview text and JSON-LD data blocks for the <head> of every page."""

from django import template
from django.template.loader_tags import BLOCK_CONTEXT_KEY
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .. import formatting, structured_data

register = template.Library()

# og:site_name already says whose page it is.
register.filter("without_site_suffix", formatting.without_site_suffix, is_safe=True)


def json_ld(data):
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(formatting.json_for_script(data)),
    )


@register.simple_tag(takes_context=True)
def block_text(context, name):
    """The page's own content of a block (the title, say), on one line.

    Lets the head repeat the title and description in link-preview tags without
    every page template writing them twice. It reads the block context of the
    extends chain, so use it in base.html's own markup, not inside an include.
    """
    blocks = context.render_context.get(BLOCK_CONTEXT_KEY)
    block = blocks.get_block(name) if blocks else None
    if block is None:
        return ""
    # BlockNode.render picks the most derived override, {{ block.super }} included.
    rendered = block.render(context)
    return mark_safe(formatting.one_line(rendered))  # escaped when it was rendered


@register.simple_tag(takes_context=True)
def breadcrumbs_json_ld(context):
    """The page's breadcrumb trail as a BreadcrumbList; '' on a page without one.

    It reads the context's breadcrumbs, the same [(name, URL)] every page hands
    includes/breadcrumbs.html as crumbs. It belongs in <head>: the pages' safety
    checks (tests/xss.py) accept a JSON-LD block there and nowhere else.
    """
    crumbs = context.get("breadcrumbs")
    if not crumbs:
        return ""
    request = context["request"]
    # A trail's last step may have no link of its own (search results): it is this page.
    absolute = [
        (name, request.build_absolute_uri(url) if url else context["canonical_url"])
        for name, url in crumbs
    ]
    return json_ld(structured_data.breadcrumb_list(absolute))


@register.simple_tag(takes_context=True)
def occupation_json_ld(context, role):
    """The role as an Occupation; its url is the summary, whichever page carries it."""
    summary = context["request"].build_absolute_uri(role.get_absolute_url())
    return json_ld(structured_data.occupation(role, summary, context["canonical_url"]))
