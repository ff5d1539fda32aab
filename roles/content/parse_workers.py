"""Role files read and parsed, and their prose rendered, by worker processes.

Parsing a role file (YAML, the schema's checks, the line map), rendering its
prose sections' markdown and writing its canonical text (for the digest the
next load compares with, sync.py) are Python work of about 80 ms a file:
over a minute of a thousand-file load on one core. In a management command
with many files (workers.py), forked workers do a share each and send back
the parsed file, its errors, the HTML of its sections and its canonical text.
Doing it here rather than at the save changes nothing: these are functions of
the file alone, and the saves take the very HTML that render_markdown gives
for the text (markdown.known_renderings()). Anywhere else, or if the workers
fail, the files are parsed in this process and the rest is done as needed.
"""

import logging
from concurrent.futures.process import BrokenProcessPool
from contextlib import suppress
from functools import partial
from typing import NamedTuple

from django.conf import settings

from .. import workers
from ..markdown import render_markdown
from ..markdown_limits import MarkdownTooComplex
from .errors import ContentError
from .parse import MAX_FILE_BYTES, parse_role
from .serialize import document_to_text
from .sync import digest

# Below this many files, starting the workers costs more than they save.
MIN_FILES = 50
# Files per message to a worker: few enough that the workers finish together.
SHARES_PER_WORKER = 8

logger = logging.getLogger(__name__)


def read_file(path, errors):
    """The file's bytes (at most one byte over the size limit), or None with an error."""
    try:
        with path.open("rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:  # a directory named x.md, a symlink loop, no permission
        errors.append(ContentError(str(path), 1, f"cannot read the file: {exc.strerror}"))
        return None


def read_role(path):
    """(ParsedFile or None, errors) for the role file at path."""
    errors = []
    raw = read_file(path, errors)
    if raw is None:
        return None, errors
    item, parse_errors = parse_role(str(path), raw)
    return item, errors + parse_errors


class Ahead(NamedTuple):
    """What the workers worked out ahead of the saves."""

    rendered: dict  # {markdown: HTML} of the files' prose sections
    texts: dict  # {file path: serialize.document_to_text()} of each complete file


def read_and_render(path, agreed=None):
    """read_role(path), {markdown: HTML} for the file's prose, and its canonical text.

    agreed: {slug: digest} of the texts the files and the database last agreed
    on (sync.agreed_digests()). A file that still reads so is most likely
    not written, so its prose is not rendered: a save renders what it lacks.
    """
    item, errors = read_role(path)
    if item is None or not item.complete:
        return item, errors, {}, None
    text = document_to_text(item.data)
    if agreed and agreed.get(item.data.front.slug) == digest(text):
        return item, errors, {}, text
    rendered = {}
    for body in item.data.sections.values():
        # Text over the limits is left for the save to refuse, with its file and line.
        with suppress(MarkdownTooComplex):
            rendered[body] = render_markdown(body)
    return item, errors, rendered, text


def worth_it(paths):
    minimum = getattr(settings, "CONTENT_PARSE_WORKERS_MIN_FILES", MIN_FILES)
    return workers.in_command() and workers.count() > 1 and len(paths) >= minimum


def read_roles(paths, agreed=dict):
    """((ParsedFile or None, errors) for each path, in order; and Ahead.

    agreed: returns read_and_render()'s agreed (sync.agreed_digests), when workers run.
    """
    if worth_it(paths):
        work = partial(read_and_render, agreed=agreed())
        try:
            with workers.forked_pool(len(paths)) as pool:
                at_once = max(1, len(paths) // (workers.count() * SHARES_PER_WORKER))
                results = list(pool.map(work, paths, chunksize=at_once))
        except BrokenProcessPool:
            logger.exception("load_content: the parsing workers failed; parsing in this process")
        else:
            ahead = Ahead({}, {})
            for item, _, rendered, text in results:
                ahead.rendered.update(rendered)
                if text is not None:
                    ahead.texts[item.path] = text
            return [(item, errors) for item, errors, _, _ in results], ahead
    return [read_role(path) for path in paths], Ahead({}, {})
