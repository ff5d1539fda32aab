"""What the index holds: every public page cut into the passages a reader finds there.

A role's pages are rendered with the templates that serve them and then cut
at their headings, so the index says what the pages say (pay levels, FAQs,
rungs, shifts, employers, prose), every passage knows the sub-page and
#section it is on, and nothing needs a second description to keep in step.
What a reader does not read as text is left out: charts (drawn as SVG),
hidden labels, and source notes, which would make every page match a
publisher's name.

Catalog records (tools, skills, certifications) are one passage each.
"""

from dataclasses import dataclass

from django.utils.text import capfirst
from lxml import html as lxml_html

from .. import role_pages
from ..catalog import KINDS
from ..models import Role, SearchEntry
from ..models.queries import add_neighbour_ladders
from ..profile import RoleProfile
from ..views.pages import render_parts
from . import parallel
from .text import stems

# Passages out-rank each other by where they are, before any word is counted.
SUMMARY_BOOST = 1.5  # the role itself: its title, other names and summary
PASSAGE_BOOST = 1.0  # a section's opening, or one question, rung or sub-heading in it
CATALOG_BOOST = 1.1  # a tool's, skill's or certification's own page

NOT_READ_AS_TEXT = (
    ".//svg | .//script | .//style | .//*[@aria-hidden='true']"
    " | .//*[contains(concat(' ', normalize-space(@class), ' '), ' cite ')]"
    " | .//*[contains(concat(' ', normalize-space(@class), ' '), ' visually-hidden ')]"
)
ITEMS = ".//details | .//li[@id] | .//dl/div[dt] | .//h3"
# Elements a reader sees as apart from their neighbours: their text must not run together.
BLOCKS = {"p", "li", "dt", "dd", "div", "td", "th", "tr", "h2", "h3", "h4", "summary", "br"}


@dataclass
class Passage:
    url: str
    title: str
    body: str
    boost: float
    section: str = ""  # the heading of the section it is in, which names it too


def text_of(element):
    return " ".join(element.text_content().split())


def readable(html):
    """The rendered HTML as a tree, without what a reader does not read as text."""
    tree = lxml_html.fragment_fromstring(html or "<p></p>", create_parent="div")
    for element in tree.xpath(NOT_READ_AS_TEXT):
        element.drop_tree()  # keeps the text that follows the element
    for element in tree.iter(*BLOCKS):
        element.tail = " " + (element.tail or "")
    return tree


def cut_items(section, anchor_url):
    """The section's questions, rungs and sub-headings as passages, removed from the section."""
    passages = []
    for item in section.xpath(ITEMS):
        if item.getparent() is None:  # inside an item already cut
            continue
        url = f"{anchor_url.split('#')[0]}#{item.get('id')}" if item.get("id") else anchor_url
        if item.tag == "details":
            summary = item.find("summary")
            title = text_of(summary) if summary is not None else ""
            if summary is not None:
                summary.drop_tree()
            body = text_of(item)
        elif item.tag in {"li", "div"}:  # a rung, or a term and its descriptions
            heading = item.find(".//h3") if item.tag == "li" else item.find("dt")
            title = text_of(heading) if heading is not None else ""
            if heading is not None:
                heading.drop_tree()
            body = text_of(item)
        else:  # an h3: the passage runs to the next heading
            title, parts = text_of(item), []
            for sibling in list(item.itersiblings()):
                if sibling.tag in {"h2", "h3"}:
                    break
                parts.append(text_of(sibling))
                sibling.drop_tree()
            body = " ".join(parts)
        item.drop_tree()
        if title or body:
            passages.append(Passage(url, title, body, PASSAGE_BOOST))
    return passages


def section_passages(html, page_url):
    """Each <section id> of a page's body: its opening, then its items."""
    passages = []
    for section in readable(html).xpath("./section[@id]"):
        anchor_url = f"{page_url}#{section.get('id')}"
        heading = section.find("h2")
        title = text_of(heading) if heading is not None else ""
        if heading is not None:
            heading.drop_tree()
        items = cut_items(section, anchor_url)
        for item in items:
            item.section = title
        opening = text_of(section)
        if opening:
            passages.append(Passage(anchor_url, title, opening, PASSAGE_BOOST))
        passages += items
    return passages


def role_pages_passages(role):
    """(page title, page url, passages) for each page of a published role."""
    profile = RoleProfile(role)
    summary_body = " ".join(
        part
        for part in (
            role.summary,
            "Also called: " + ", ".join(role.alternative_titles) if role.alternative_titles else "",
            text_of(readable(profile.first_paragraph)),
            text_of(readable(summary_facts(role, profile))),
        )
        if part
    )
    url = role.get_absolute_url()
    yield role.title, url, [Passage(url, role.title, summary_body, SUMMARY_BOOST)]
    for page in role_pages.PAGES:
        if page is role_pages.SUMMARY:
            continue
        context = {"role": role, "profile": profile, "page": page}
        body = render_parts(None, profile.parts(page), context)
        yield f"{role.title} · {page.title}", page.url(role), section_passages(body, page.url(role))


def summary_facts(role, profile):
    context = {"role": role, "profile": profile, "page": role_pages.SUMMARY}
    return render_parts(None, profile.parts(role_pages.SUMMARY), context)


def entry(page_title, page_url, context, passage, position, label, role_pk=None):
    page_name = page_title.rsplit(" · ", 1)[-1] if " · " in page_title else ""
    return SearchEntry(
        role_pk=role_pk,
        page_url=page_url,
        page_title=page_title[:300],
        page_name=page_name[:200],
        label=label[:200],
        url=passage.url[:400],
        title=passage.title[:300],
        context=context[:600],
        body=passage.body,
        position=position,
        boost=passage.boost,
        title_stems=" ".join(stems(passage.title)),
        page_stems=" ".join(stems(f"{page_name} {passage.section}")),
        context_stems=" ".join(stems(context)),
        body_stems=" ".join(stems(passage.body)),
    )


def role_entries(role):
    names = ", ".join([role.title, *role.alternative_titles])
    label = f"{role.title} profile"
    for page_title, page_url, passages in role_pages_passages(role):
        for position, passage in enumerate(passages):
            yield entry(page_title, page_url, names, passage, position, label, role.pk)


def catalog_where(kind, record):
    """'Tool · Machinery and lines', 'Certification': what the record is."""
    what = capfirst(kind.model._meta.verbose_name)
    if not kind.group_field:
        return what
    return f"{what} · {getattr(record, f'get_{kind.group_field}_display')()}"


def catalog_entries():
    for kind in KINDS:
        for record in kind.model.objects.used_by_published_roles():
            url = record.get_absolute_url()
            where = catalog_where(kind, record)
            body = " ".join(filter(None, [record.description, getattr(record, "issuer", "")]))
            passage = Passage(url, record.name, body, CATALOG_BOOST)
            yield entry(record.name, url, where, passage, 0, label=where)


ROLES_AT_ONCE = 100  # a published role's whole profile, prefetched, is large


def roles_to_render(pks):
    """These published roles, with all that their pages show."""
    roles = list(Role.objects.published().for_role_page().filter(pk__in=pks))
    add_neighbour_ladders(roles)  # else each role's career path costs a query
    return roles


def chunk_entries(pks):
    """The entries of these published roles' pages."""
    for role in roles_to_render(pks):
        yield from role_entries(role)


def all_entries(in_parallel=False):
    """Every published page's entries; in_parallel: the content read is all committed."""
    pks = list(Role.objects.published().values_list("pk", flat=True))
    chunks = [pks[start : start + ROLES_AT_ONCE] for start in range(0, len(pks), ROLES_AT_ONCE)]
    rendered = parallel.mapped(chunk_entries, chunks) if in_parallel else None
    if rendered is not None:
        yield from rendered
    else:
        for chunk in chunks:
            yield from chunk_entries(chunk)
    yield from catalog_entries()
