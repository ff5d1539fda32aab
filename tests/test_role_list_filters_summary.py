"""The role list says what narrows it: "Filter and sort · N applied" on the folded form,
and the filters in use above the results, each a link to the list without it."""

import re
from html import unescape

import pytest
from django.http import QueryDict

from roles import role_filters


def visible_text(html):
    """The words a sighted reader sees: tags and the screen-reader-only words left out."""
    html = re.sub(r'<span class="visually-hidden">[^<]*</span>', "", html)
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


def summary_of(html):
    return visible_text(re.search(r"<summary>(.*?)</summary>", html, re.S)[1])


def applied_block(html):
    found = re.search(r'<div class="list-applied">(.*?)\n</div>', html, re.S)
    return found[1] if found else ""


def removal_links(html):
    """{the filter's label: the address of the list without it}."""
    links = re.findall(
        r'<a href="([^"]+)"><span class="list-applied-name">([^:<]+):</span>', applied_block(html)
    )
    return {label: unescape(href) for href, label in links}


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ("", 0),
        ("sort=pay", 0),  # an order narrows nothing
        ("education=high-school", 1),
        ("education=high-school&outlook=under-5&sort=outlook", 2),
        ("education=bachelor&pay=55k-70k&outlook=5-plus", 3),
        ("education=&pay=", 0),  # blank is no choice
    ],
)
def test_the_applied_count_is_the_number_of_filters_in_use(query, count):
    choice, problems = role_filters.read(QueryDict(query))
    assert problems == []
    assert choice.applied_count == count
    assert len(choice.applied()) == count


def test_each_applied_filter_links_to_the_list_without_it_keeping_the_order():
    choice, _ = role_filters.read(QueryDict("outlook=under-5&education=high-school&sort=pay"))
    assert [(item.filter.param, item.without_query) for item in choice.applied()] == [
        ("education", "outlook=under-5&sort=pay"),
        ("outlook", "education=high-school&sort=pay"),
    ]


def test_the_folded_form_says_nothing_is_applied_on_the_whole_list(client, loaded):
    html = client.get("/roles/").text
    assert summary_of(html) == "Filter and sort"
    assert '<details class="list-filters">' in html  # closed
    assert applied_block(html) == ""


@pytest.mark.parametrize(
    ("query", "summary"),
    [
        ("education=high-school", "Filter and sort · 1 applied"),
        ("education=high-school&outlook=under-5&sort=pay", "Filter and sort · 2 applied"),
        ("sort=outlook", "Filter and sort"),
    ],
)
def test_the_folded_form_says_how_many_filters_are_applied(client, loaded, query, summary):
    html = client.get(f"/roles/?{query}").text
    assert summary_of(html) == summary
    # The count is said to a screen reader as a phrase, not as "dot".
    spoken = re.search(r"<summary>(.*?)</summary>", html, re.S)[1]
    if "applied" in summary:
        assert (
            '<span aria-hidden="true"> · </span><span class="visually-hidden">, </span>' in spoken
        )


def test_the_filters_in_use_are_named_above_the_results(client, loaded):
    html = client.get("/roles/?education=high-school&outlook=under-5&sort=pay").text
    block = applied_block(html)
    assert html.index('class="list-applied"') < html.index('<ul class="cards">')
    assert html.index('class="list-count"') < html.index('class="list-applied"')
    assert removal_links(html) == {
        "Education needed": "/roles/?outlook=under-5&sort=pay",
        "Projected job growth": "/roles/?education=high-school&sort=pay",
    }
    text = visible_text(block)
    assert "Education needed: High school diploma or less" in text
    assert "Projected job growth: 0% to 4.9%" in text
    assert "Sorted by median pay, highest first" in text
    # Two or more: one link clears them all, the order kept.
    assert '<a class="list-applied-clear" href="/roles/?sort=pay">Clear the filters</a>' in block
    # Each link says to a screen reader what following it does.
    assert block.count('<span class="visually-hidden"> (remove this filter)</span>') == 2


def test_one_filter_needs_no_clear_all_link(client, loaded):
    html = client.get("/roles/?education=high-school").text
    block = applied_block(html)
    assert removal_links(html) == {"Education needed": "/roles/"}
    assert "list-applied-clear" not in block
    assert "Sorted by" not in block


def test_an_order_alone_is_said_without_a_filter_list(client, loaded):
    block = applied_block(client.get("/roles/?sort=outlook").text)
    assert visible_text(block) == "Sorted by job growth, highest first"
    assert "<ul" not in block


def test_an_empty_result_leaves_the_summary_to_the_loosening_links(client, loaded):
    html = client.get("/roles/?education=none&pay=85k-plus").text
    assert summary_of(html) == "Filter and sort · 2 applied"
    assert '<div class="list-empty">' in html
    assert applied_block(html) == ""  # the loosening links already name each choice


def test_a_refused_choice_opens_the_form_at_the_field(client, loaded):
    response = client.get("/roles/?pay=a-lot&education=high-school")
    assert response.status_code == 400
    html = response.text
    assert '<details class="list-filters" open>' in html
    assert summary_of(html) == "Filter and sort · 1 applied"  # the valid choice still counts
