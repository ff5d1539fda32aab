"""The Word (.docx) download, rendered from the same JobDescription as the page.

It follows the plain-text and markdown exports section for section, but uses Word's
own structure (Title, Heading 1, List Bullet, List Number), so a recruiter who
pastes it into a template or a job board keeps the headings and the bullets.
"""

import io
import re
from datetime import UTC, datetime

import docx
from docx.shared import Pt

from ..formatting import full_stop, partial_date

SITE_NAME = "Manufacturing career guide"

# Everything XML 1.0 allows. lxml refuses the rest (NUL, BEL, lone surrogates ...)
# with a ValueError, so one stray character in a recruiter's details would fail the
# whole download.
XML_FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text):
    return XML_FORBIDDEN.sub("", str(text))


def add_paragraph(doc, style, *runs):
    """A paragraph of runs: plain strings, or (text, {"bold": True}) pairs."""
    paragraph = doc.add_paragraph(style=style)
    for run in runs:
        text, formatting = run if isinstance(run, tuple) else (run, {})
        added = paragraph.add_run(xml_safe(text))
        for name, value in formatting.items():
            setattr(added.font, name, value)
    return paragraph


def note_mark(note):
    # The .txt writes "[1]"; in Word the number itself, raised, reads as a note mark.
    return (str(note.number), {"superscript": True})


def labelled(doc, style, label, text):
    return add_paragraph(doc, style, (f"{label}:", {"bold": True}), f" {text}")


def heading(doc, text):
    doc.add_heading(xml_safe(text), level=1)


def render_docx(description):
    jd = description
    doc = docx.Document()
    set_properties(doc.core_properties, jd)

    doc.add_heading(xml_safe(jd.title), level=0)
    add_paragraph(doc, "Subtitle", "Job description")
    for fact in jd.facts:
        # Read as one block of details, as on the page, not as paragraphs of their own.
        labelled(doc, None, fact.label, fact.value).paragraph_format.space_after = Pt(2)
    if jd.pay:
        add_paragraph(
            doc, None, ("Pay:", {"bold": True}), f" {jd.pay.text}", note_mark(jd.pay.footnote)
        )

    heading(doc, "About the job")
    for paragraph in jd.opening:
        add_paragraph(doc, None, paragraph)

    heading(doc, "What you will do")
    marks = [note_mark(jd.duties_note)] if jd.duties_note else []
    add_paragraph(doc, None, jd.duties_intro, *marks)
    for duty in jd.duties:
        add_paragraph(doc, "List Bullet", duty.plain)

    for title, lines in [
        ("What you bring", jd.required),
        ("Nice to have", jd.preferred),
        ("Working conditions", jd.working_conditions),
    ]:
        if lines:
            heading(doc, title)
            for line in lines:
                labelled(doc, "List Bullet", line.label, line.text)

    heading(doc, "Sources")
    # List Number counts from 1 on its own; the notes are numbered 1, 2, ... in order,
    # so Word's numbers are the ones the marks in the body point to.
    for note in jd.footnotes:
        add_paragraph(doc, "List Number", note.text)
    add_paragraph(
        doc, None, f"Built from the {jd.role.title} profile on this site, which draws on:"
    )
    for source in jd.sources:
        add_paragraph(doc, "List Bullet", *source_runs(source))

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def source_runs(source):
    date = f", {partial_date(source.date)}" if source.date else ""
    url = f" {source.url}" if source.url else ""
    return (full_stop(source.title), {"bold": True}), f" {source.publisher}{date}.{url}"


def set_properties(properties, jd):
    # python-docx's template says it was written by "python-docx" in 2013; a file a
    # recruiter downloads should name the site, not a person or a library.
    now = datetime.now(UTC).replace(microsecond=0)
    properties.title = xml_safe(f"{jd.title} job description")
    properties.author = SITE_NAME
    properties.last_modified_by = SITE_NAME
    properties.comments = ""
    properties.keywords = ""
    properties.subject = ""
    properties.revision = 1
    properties.created = now
    properties.modified = now
