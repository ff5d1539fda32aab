"""The plain data a job description is made of.

The HTML page, the plain-text export and the markdown export all render one
JobDescription, so the three never disagree about what the description says.
"""

from dataclasses import dataclass

from django.urls import reverse

from ..formatting import full_stop, source_note
from ..models import Role


def job_description_url(name, role, level_key=""):
    url = reverse(name, args=[role.slug])
    return f"{url}?level={level_key}" if level_key else url


@dataclass
class SourceNote:
    """'Source: <title>, <date>', the note every figure carries."""

    source: object
    as_of: str = ""

    @property
    def text(self):
        return source_note(self.source, self.as_of)


def source_note_for(source, as_of=""):
    """The note for a figure, or None when the record names no source."""
    return SourceNote(source, as_of) if source is not None else None


@dataclass
class Line:
    """One statement of the description, with its source note when it gives a figure."""

    text: str
    note: str = ""
    cite: SourceNote | None = None

    @property
    def sentence(self):
        """The statement and its note as running text, for the text exports."""
        return f"{full_stop(self.text)} {self.note}" if self.note else self.text


@dataclass
class HeadedList:
    """Items under one heading: duties in an area, skills of a kind, tools of a category."""

    label: str
    items: list


@dataclass
class Duty:
    text: str  # markdown, as written (the markdown export)
    html: str  # rendered from that markdown (the page)
    plain: str  # the rendered text without markup (the plain-text export)
    focus: bool = False


@dataclass
class LevelOption:
    key: str
    label: str
    title: str
    url: str
    current: bool


@dataclass
class LevelFocus:
    title: str
    summary: str
    focus: list
    skills: list
    tools: list
    certifications: list
    cite: SourceNote | None
    step: str  # "Step 2 of 7 on the career ladder", as the role page numbers it


@dataclass
class JobDescription:
    role: Role
    title: str
    level: str  # the rung key, or "" for the role as a whole
    levels: list
    summary: str
    overview: list
    at_this_level: LevelFocus | None
    responsibilities: list
    education: list
    experience: list
    certifications: list
    skills: list
    tools: list
    working_conditions: list
    pay: list
    pay_note: str
    sources: list

    @property
    def filename_stem(self):
        parts = [self.role.slug, self.level, "job-description"]
        return "-".join(part for part in parts if part)

    @property
    def page_url(self):
        return job_description_url("roles:job-description", self.role, self.level)

    @property
    def txt_url(self):
        return job_description_url("roles:job-description-txt", self.role, self.level)

    @property
    def md_url(self):
        return job_description_url("roles:job-description-md", self.role, self.level)


class UnknownLevel(Exception):
    def __init__(self, key, levels):
        super().__init__(key)
        self.key = key
        self.levels = levels
