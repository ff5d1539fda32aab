"""The Word (.docx) export: real Word structure, the same words as the .txt, safe on any input."""

import io
import re

import docx
import pytest

from roles.formatting import full_stop
from roles.job_description import build_job_description, render_text
from roles.job_description.document import Fact
from roles.job_description.word import SITE_NAME, render_docx, xml_safe
from roles.models import Role

LEVELS = {
    "press-technician": ["", "junior", "senior", "supervisor"],
    "press-helper": ["", "helper", "crew-lead"],
}
EVERY_LEVEL = [(slug, level) for slug, levels in LEVELS.items() for level in levels]
HOSTILE = "Acme <b>&</b> Co ]]> &amp; <!-- x --> {{ role }}"


def described(slug, level=""):
    return build_job_description(Role.objects.for_job_description().get(slug=slug), level)


def opened(description):
    return docx.Document(io.BytesIO(render_docx(description)))


def paragraphs(document):
    return [(p.style.name, p.text) for p in document.paragraphs]


def section(document, title):
    """The paragraphs after one Heading 1, up to the next."""
    rows = paragraphs(document)
    start = rows.index(("Heading 1", title)) + 1
    end = next((i for i in range(start, len(rows)) if rows[i][0] == "Heading 1"), len(rows))
    return rows[start:end]


def expected_headings(description):
    optional = [
        ("What you bring", description.required),
        ("Nice to have", description.preferred),
        ("Working conditions", description.working_conditions),
    ]
    return [
        "About the job",
        "What you will do",
        *(title for title, lines in optional if lines),
        "Sources",
    ]


def words_of_docx(document):
    """The words a reader sees, without the raised note marks (the .txt writes them '[1]')."""
    text = " ".join(
        "".join(run.text for run in p.runs if not run.font.superscript) for p in document.paragraphs
    )
    return re.findall(r"[a-z0-9]+", text.lower())


def words_of_text(text):
    return re.findall(r"[a-z0-9]+", re.sub(r"\[\d+\]", " ", text).lower())


@pytest.mark.parametrize("slug,level", EVERY_LEVEL)
def test_headings_in_the_order_of_the_text_export(loaded, slug, level):
    description = described(slug, level)
    document = opened(description)
    headings = [text for style, text in paragraphs(document) if style == "Heading 1"]
    assert headings == expected_headings(description)


@pytest.mark.parametrize("slug,level", EVERY_LEVEL)
def test_same_words_as_the_text_export(loaded, slug, level):
    description = described(slug, level)
    text = render_text(description, "roles/job_description.txt")
    assert words_of_docx(opened(description)) == words_of_text(text)


def test_title_and_kicker_open_the_document(loaded):
    description = described("press-technician", "junior")
    rows = paragraphs(opened(description))
    assert rows[:2] == [("Title", description.title), ("Subtitle", "Job description")]


def test_duties_are_word_bullets_in_plain_text(loaded):
    description = described("press-technician", "senior")
    rows = section(opened(description), "What you will do")
    assert rows[0] == ("Normal", f"{description.duties_intro}{description.duties_note.number}")
    assert rows[1:] == [("List Bullet", text) for text in description.duty_texts]
    assert description.duty_texts
    assert not any("**" in text or "](" in text for _, text in rows)


def test_pay_line_with_a_raised_note_number(loaded):
    description = described("press-technician", "junior")
    assert description.pay, "the fixture gives junior pay"
    document = opened(description)
    [line] = [p for p in document.paragraphs if p.text.startswith("Pay:")]
    number = str(description.pay.footnote.number)
    assert line.text == f"Pay: {description.pay.text}{number}"
    assert line.runs[0].text == "Pay:" and line.runs[0].bold
    assert line.runs[-1].text == number and line.runs[-1].font.superscript
    assert paragraphs(document)[2] == ("Normal", line.text)  # under the kicker, with no facts


def test_asked_lines_have_bold_labels(loaded):
    description = described("press-technician", "senior")
    document = opened(description)
    bring = [p for p in document.paragraphs if p.style.name == "List Bullet"]
    for asked in description.required:
        [line] = [p for p in bring if p.text == f"{asked.label}: {asked.text}"]
        assert line.runs[0].text == f"{asked.label}:" and line.runs[0].bold
        assert not line.runs[1].bold


def test_sources_come_last_as_numbered_notes_then_bullets(loaded):
    description = described("press-technician", "junior")
    rows = paragraphs(opened(description))
    assert [style for style, _ in rows].count("Heading 1") == len(expected_headings(description))
    last_heading = max(i for i, (style, _) in enumerate(rows) if style == "Heading 1")
    assert rows[last_heading] == ("Heading 1", "Sources")

    notes = description.footnotes
    # Word numbers List Number paragraphs from 1, so the notes must be 1, 2, ... in order.
    assert [note.number for note in notes] == list(range(1, len(notes) + 1))
    sources = description.sources
    assert sources
    built_from = f"Built from the {description.role.title} profile on this site, which draws on:"
    after = rows[last_heading + 1 :]
    assert after[: len(notes) + 1] == [
        *(("List Number", note.text) for note in notes),
        ("Normal", built_from),
    ]
    listed = after[len(notes) + 1 :]
    assert [style for style, _ in listed] == ["List Bullet"] * len(sources)
    for (_, text), source in zip(listed, sources, strict=True):
        assert text.startswith(f"{full_stop(source.title)} {source.publisher}")
        if source.url:
            assert text.endswith(f". {source.url}")


def test_facts_come_first_with_hostile_text_kept_literally(loaded):
    description = described("press-technician", "junior")
    description.facts = [Fact("Company", HOSTILE), Fact("Location", "Dayton, OH")]
    body = render_docx(description)
    document = docx.Document(io.BytesIO(body))
    rows = paragraphs(document)
    assert rows[2:4] == [("Normal", f"Company: {HOSTILE}"), ("Normal", "Location: Dayton, OH")]
    assert rows[4][1].startswith("Pay:")
    fact = document.paragraphs[2]
    assert fact.runs[0].text == "Company:" and fact.runs[0].bold
    # Escaped in the XML, not taken as markup: no <b> element got into the file.
    assert b"<b>" not in body.replace(b"&lt;b&gt;", b"")


def test_control_characters_do_not_break_the_file(loaded):
    description = described("press-technician", "junior")
    description.facts = [Fact("Shift\x0b", "Nights\x00\x07 only\ufffe"), Fact("Pay\x1f", "\ud800")]
    description.title = "Press\x08 Technician"
    document = opened(description)
    rows = paragraphs(document)
    assert rows[0] == ("Title", "Press Technician")
    assert rows[2:4] == [("Normal", "Shift: Nights only"), ("Normal", "Pay: ")]
    assert document.core_properties.title == "Press Technician job description"


def test_xml_safe_drops_only_what_xml_forbids():
    assert xml_safe("a\x00b\x07c\x1fd\x7fe") == "abcd\x7fe"
    assert xml_safe("tab\tline\nreturn\r") == "tab\tline\nreturn\r"
    assert xml_safe("lone \ud800 surrogate \ufffe\uffff") == "lone  surrogate "
    assert xml_safe("Café – 30 °C ✓ 𝄞") == "Café – 30 °C ✓ 𝄞"
    assert xml_safe(42) == "42"


def test_core_properties_name_the_site_and_no_one(loaded):
    description = described("press-technician", "supervisor")
    properties = opened(description).core_properties
    assert properties.title == f"{description.title} job description"
    assert properties.author == properties.last_modified_by == SITE_NAME
    assert "python-docx" not in properties.comments
    assert properties.created.year >= 2025
