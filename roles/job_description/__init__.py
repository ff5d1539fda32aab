"""A ready-to-use job description built from a role profile, at one level or for the whole role.

build_job_description() turns a role (from Role.objects.for_job_description()) into the
plain data of document.py; the HTML page, the plain-text export and the markdown
export all render that same object. selection.py decides what the description
takes from the profile (and which duties a level focuses on), wording.py writes
its sentences.
"""

from .build import build_job_description, level_options
from .document import JobDescription, UnknownLevel, job_description_url
from .exports import render_text
from .selection import offered_levels, role_levels
from .wording import level_label

__all__ = [
    "JobDescription",
    "UnknownLevel",
    "build_job_description",
    "job_description_url",
    "level_label",
    "level_options",
    "offered_levels",
    "render_text",
    "role_levels",
]
