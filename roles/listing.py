"""Long lists shown a page at a time: the page number, the page's rows, and the links between pages.

The role list and the catalog indexes read their query the same way, and so
does the page cache (roles/canonical.py), so the two always agree on which
page an address names: blank values and the defaults are dropped, and page 1
is the address without a page number.

A page costs one query: its rows come with the total count alongside (a
window count over the filtered rows), so no separate COUNT is run. A page
past the last one has no rows, which is all its 404 needs to know. A value
the list does not offer is a 400 (as elsewhere on the site); a page number
that names no page is a 404, past the end or not a number at all.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import Count, Window
from django.http import Http404

from .formatting import number as formatted_number

PAGE = "page"
TOTAL = "list_total"  # the annotation carrying the count of every row, on each row


class BadListQuery(ValueError):
    """A value in the address the list does not offer; the page answers 400 with message."""

    def __init__(self, param, message):
        super().__init__(message)
        self.param = param
        self.message = message


@dataclass(frozen=True)
class ListParams:
    """The query parameters of one list: its choices (with their defaults), then the page."""

    defaults: dict = field(default_factory=dict)  # {param: the value meant when it is left out}
    page: str = PAGE


def cleaned(query, param):
    """The distinct non-blank values of param, sorted: what the address says about it."""
    return sorted({value.strip() for value in query.getlist(param)} - {""})


def normal_page(value):
    """'007' -> '7'; page 1 -> '' (the address without it); anything else as it came."""
    if value.isdecimal() and value.isascii():
        value = str(int(value))
    return "" if value == "1" else value


def canonical_pairs(params, query):
    """The list's query as the page cache and the canonical link know it.

    A value the list does not offer is kept, not dropped: the page answers it
    with a 400, and must not share its address with the list unfiltered.
    """
    pairs = []
    for param, default in params.defaults.items():
        values = cleaned(query, param)
        if values != [default]:
            pairs += [(param, value) for value in values]
    pages = [normal_page(value) for value in cleaned(query, params.page)]
    pairs += [(params.page, value) for value in sorted(set(pages) - {""})]
    return pairs


def chosen(query, param, default=""):
    """The one value of param, or default; BadListQuery when the address gives two."""
    values = cleaned(query, param)
    if len(values) > 1:
        raise BadListQuery(param, f"Choose one value for “{param}”, not {len(values)}.")
    return values[0] if values else default


def page_number(query, param=PAGE):
    """The page the address asks for; Http404 for one that cannot be a page.

    As Django's own paginated views do: ?page=abc or ?page=0 names no page of
    the list, as a page past the last one does not.
    """
    pages = {normal_page(value) or "1" for value in cleaned(query, param)} or {"1"}
    value = pages.pop() if len(pages) == 1 else ""  # two different pages name none
    if not (value.isdecimal() and value.isascii()) or int(value) < 1:
        raise Http404("There is no such page of this list.")
    return int(value)


class CountedPaginator(Paginator):
    """Django's paginator, told the count the page's own query read."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # count is a cached_property: this is its cached value


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None for the gap between distant pages
    url: str = ""
    current: bool = False


@dataclass
class ListPage:
    """One page of a list, with what its navigation and its count need."""

    page: Page
    noun: tuple  # ("role", "roles"): how the count reads
    path: str  # the list's address
    pairs: list  # its canonical query without the page: every link keeps it
    page_param: str = PAGE

    @property
    def items(self):
        return self.page.object_list

    @property
    def total(self):
        return self.page.paginator.count

    @property
    def is_split(self):
        return self.page.paginator.num_pages > 1

    def url_of(self, number):
        """The address of page number of the list; page 1's has no page number."""
        query = urlencode([*self.pairs, *([(self.page_param, number)] if number > 1 else [])])
        return f"{self.path}?{query}" if query else self.path

    @property
    def links(self):
        """A link to the first and last pages and those around this one, a gap between."""
        if not self.is_split:
            return []
        number = self.page.number
        elided = self.page.paginator.get_elided_page_range(number, on_each_side=2, on_ends=1)
        return [
            PageLink(None)
            if to == Paginator.ELLIPSIS
            else PageLink(to, self.url_of(to), to == number)
            for to in elided
        ]

    @property
    def previous_url(self):
        return self.url_of(self.page.number - 1) if self.page.has_previous() else ""

    @property
    def next_url(self):
        return self.url_of(self.page.number + 1) if self.page.has_next() else ""

    @property
    def count_text(self):
        """'Showing 25–48 of 1,000 roles', or '3 roles' when they fit on one page."""
        singular, plural = self.noun
        words = singular if self.total == 1 else plural
        if not self.is_split:
            return f"{formatted_number(self.total)} {words}"
        first, last = self.page.start_index(), self.page.end_index()
        return f"Showing {first}–{last} of {formatted_number(self.total)} {words}"


def page_of(rows, number, per_page, *, path, pairs, noun, page_param=PAGE):
    """Page number of the queryset rows, as a ListPage; Http404 past the last page.

    pairs is the list's canonical query without the page: every link keeps it.
    """
    start = (number - 1) * per_page
    found = list(rows.annotate(**{TOTAL: Window(Count("pk"))})[start : start + per_page])
    if not found and number > 1:
        raise Http404("There is no such page of this list.")
    total = getattr(found[0], TOTAL) if found else 0
    page = Page(found, number, CountedPaginator(rows, per_page, total))
    return ListPage(page, noun, path, pairs, page_param)
