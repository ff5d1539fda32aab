"""A growth category is always the source's words, credited to it, beside the official yardstick."""

import re

from roles.models import ContentVersion, Role

ROLE = "/roles/press-technician/outlook/"


def growth_fact(html):
    found = re.search(r"<dt>Growth outlook</dt><dd>(.*?)</dd>", html, re.S)
    assert found, "no growth outlook in the key facts"
    return found.group(1)


def test_the_label_is_quoted_and_credited_to_its_source(client, loaded):
    fact = growth_fact(client.get(ROLE).text)
    assert "Acme Research Group calls this “a little growth”." in fact
    assert "(a little growth)" not in fact  # never as the site's own words


def test_the_official_yardstick_is_shown_with_its_own_source(client, loaded):
    fact = growth_fact(client.get(ROLE).text)
    assert "The guild&#x27;s yardstick is the average for all trades" in fact
    assert 'href="#source-press-guild-guide"' in fact


def test_without_a_label_or_context_only_the_figure_shows(client, loaded):
    Role.objects.filter(slug="press-technician").update(growth_label="", growth_context="")
    ContentVersion.bump()  # update() sends no signal: record the write as a save would
    fact = growth_fact(client.get(ROLE).text)
    assert "calls this" not in fact and "yardstick" not in fact
    assert "2%" in fact


def test_open_data_carries_the_context_and_its_source(client, loaded):
    data = client.get("/roles/press-technician.json").json()
    context = data["profile"]["key_facts"]["growth_context"]
    assert context["source"] == "press-guild-guide"
    assert context["text"].startswith("The guild's yardstick")
