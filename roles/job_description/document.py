"""The plain data a job description is made of.

The HTML page, the plain-text export and the markdown export all render one
JobDescription, so the three never disagree about what the description says.
Later formats (a .docx, JobPosting data) read the same object.
"""

from dataclasses import dataclass, field

from django.urls import reverse

from ..models import Role
from .customise import Choices, duty_key


def job_description_url(name, role, level_key="", query=""):
    """The address of a description; query (already encoded) carries the recruiter's choices."""
    url = reverse(name, args=[role.slug])
    if query:
        return f"{url}?{query}"
    return f"{url}?level={level_key}" if level_key else url


@dataclass
class Duty:
    text: str  # markdown, as written (the markdown export)
    html: str  # rendered from that markdown (the page)
    plain: str  # the rendered text without markup (the plain-text export)

    @property
    def key(self):
        return duty_key(self.plain)


@dataclass
class Asked:
    """Things of one kind a level asks for: 'Skills: Troubleshooting; Teamwork'.

    Semicolons, since names have commas of their own ("Press Safety Card, Bronze").
    """

    label: str
    items: list

    @property
    def text(self):
        return "; ".join(self.items)


@dataclass
class Footnote:
    """A note under "Sources" that a mark in the body points to."""

    number: int
    text: str
    sources: list

    @property
    def anchor(self):
        return f"note-{self.number}"


@dataclass
class Pay:
    text: str  # '$30,000–$40,000 a year (about $14.42–$19.23 an hour)'
    footnote: Footnote


@dataclass
class HeadedList(Asked):
    """Sentences under one heading: the working conditions of one kind."""

    @property
    def text(self):
        return " ".join(self.items)


@dataclass
class Fact:
    """A line of the recruiter's own details at the top: 'Location: Dayton, OH'."""

    label: str
    value: str


@dataclass
class LevelOption:
    key: str
    label: str
    title: str
    url: str
    current: bool


@dataclass
class OtherRole:
    """A ladder rung that is another role on this site, with that role's own description."""

    title: str
    url: str


@dataclass
class JobDescription:
    role: Role
    title: str
    level: str  # the rung key, or "" for the role as a whole
    levels: list  # LevelOption
    other_roles: list  # OtherRole
    opening: list  # paragraphs
    pay: Pay | None
    duties_intro: str
    duties: list  # Duty
    required: list  # Asked
    preferred: list  # Asked
    working_conditions: list  # HeadedList of str
    footnotes: list  # Footnote
    sources: list  # Source, everything the description is built from
    facts: list = field(default_factory=list)  # Fact: the employer's details, when given
    duties_note: Footnote | None = None  # how the duties were chosen
    choices: Choices = field(default_factory=Choices)  # the recruiter's, from the form
    offered_duties: list = field(default_factory=list)  # Duty: every duty the form offers

    @property
    def query(self):
        """The query string that names this description: its level and the recruiter's choices."""
        return self.choices.query

    @property
    def filename_stem(self):
        parts = [self.role.slug, self.level, "job-description"]
        return "-".join(part for part in parts if part)

    def url_of(self, name):
        return job_description_url(name, self.role, self.level, self.query)

    @property
    def page_url(self):
        return self.url_of("roles:job-description")

    @property
    def txt_url(self):
        return self.url_of("roles:job-description-txt")

    @property
    def md_url(self):
        return self.url_of("roles:job-description-md")

    @property
    def docx_url(self):
        return self.url_of("roles:job-description-docx")

    @property
    def posting_url(self):
        return self.url_of("roles:job-posting")

    @property
    def duty_texts(self):
        return [duty.plain for duty in self.duties]


class UnknownLevel(Exception):
    def __init__(self, key, levels):
        super().__init__(key)
        self.key = key
        self.levels = levels
