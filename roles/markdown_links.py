"""Which links a markdown field may hold: web addresses and pages of this site.

The page's sanitizer (roles/markdown.py) already drops a `javascript:` link,
but silently: the editor sees a link vanish, or a broken one go live. This
check tells the editor instead, before the text is saved. It is asked by
markdown_problem (roles/markdown_limits.py), so the admin form, the admin
preview and the content loader refuse the same links.

Links are found the way the page gets them: the text is rendered by
Python-Markdown (inline, reference and automatic links, and raw HTML all
become attributes) and every URL attribute is read back by Python's HTML
parser, which decodes character references (`&#106;avascript:`) as a browser
would. Then, as browsers do, tabs and newlines inside the URL are dropped and
spaces at its ends trimmed, so `java&#x09;script:` is still `javascript:`.
"""

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

import markdown
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

WEB_SCHEMES = ("http", "https")
# The attributes through which HTML loads or opens a URL.
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "cite"}
SCRIPT_SCHEMES = {"javascript", "vbscript"}
SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
# What browsers remove from a URL before reading it (the WHATWG URL standard).
INSIDE_IGNORED = re.compile(r"[\t\n\r]")
ENDS_IGNORED = "".join(map(chr, range(0x21)))
SHOWN_LINK_CHARS = 80
REPORTED_LINKS = 3

ALLOWED = "link only to web addresses (https://…) or to pages of this site (/…)"
is_web_address = URLValidator(schemes=list(WEB_SCHEMES))
is_email = EmailValidator()


@dataclass(frozen=True)
class BadLink:
    """A link the page may not carry: as written, why not, and its line in the text."""

    link: str
    reason: str
    line: int | None

    def __str__(self):
        shown = " ".join(self.link.split())  # a link broken over lines, on one line
        if len(shown) > SHOWN_LINK_CHARS:
            shown = shown[:SHOWN_LINK_CHARS] + "…"
        where = f" on line {self.line}" if self.line else ""
        return f'the link "{shown}"{where} {self.reason}'


def link_problem(text):
    """What is wrong with the text's links, as a phrase; None when every link is fine."""
    found = bad_links(text)
    if not found:
        return None
    phrase = "; ".join(map(str, found[:REPORTED_LINKS]))
    if len(found) > REPORTED_LINKS:
        phrase += f"; and {len(found) - REPORTED_LINKS} more bad links"
    return phrase


def bad_links(text):
    """[BadLink] for each link in the markdown that is not allowed, in order.

    Render only text within markdown_problem's limits: this renders it.
    """
    if not text or ("[" not in text and "<" not in text):
        return []  # no markdown link or HTML tag can be written without either
    # Imported here: roles.markdown imports the limits, which import this module.
    from .markdown import MARKDOWN_EXTENSIONS

    collector = UrlCollector()
    collector.feed(markdown.markdown(text, extensions=MARKDOWN_EXTENSIONS, output_format="html"))
    collector.close()
    found = []
    for raw, url in collector.urls:
        reason = url_problem(url)
        if reason:
            written, line = where_written(text, raw, url)
            found.append(BadLink(written, reason, line))
    return found


def url_problem(url):
    """Why a link's URL (decoded, as in the page) is refused, or None."""
    url = INSIDE_IGNORED.sub("", url).strip(ENDS_IGNORED)
    scheme = SCHEME.match(url)
    if scheme:
        return scheme_problem(scheme.group(1).lower(), url)
    if url.startswith("//"):
        return f"leaves out https: at the start; write https:{url} instead"
    if not url.startswith(("/", "#")):
        return f"is neither a web address nor a path of this site; {ALLOWED}"
    if re.search(r"\s", url) or "\\" in url:
        return "contains a space or a backslash; a path of this site has neither"
    return None


def scheme_problem(scheme, url):
    if scheme in SCRIPT_SCHEMES:
        return f"would run a script in the reader's browser; {ALLOWED}"
    if scheme == "data":
        return f"carries a whole file inside it (a data: link); {ALLOWED}"
    if scheme == "mailto":
        address = url[len("mailto:") :].split("?", 1)[0]
        return None if valid(is_email, address) else "is not a well-formed email address"
    if scheme not in WEB_SCHEMES:
        return f"uses {scheme}:, which the site does not link to; {ALLOWED}"
    if re.search(r"\s", url):
        return "contains a space; a web address has none (write %20 if the address needs one)"
    if not urlsplit(url).hostname:
        return f"has no host name after {scheme}://, as in https://example.com/page"
    if not valid(is_web_address, url):
        return "is not a well-formed web address; check the host name, as in https://example.com"
    return None


def valid(validator, value):
    try:
        validator(value)
    except ValidationError:
        return False
    return True


def where_written(text, raw, url):
    """The link as the editor wrote it, and its line, found in the text (or None)."""
    for written in (raw, url):
        position = text.find(written) if written else -1
        if position >= 0:
            return written, text.count("\n", 0, position) + 1
    return url, None


class UrlCollector(HTMLParser):
    """Every URL attribute of rendered HTML: (as written in the tag, as the browser decodes it)."""

    RAW_ATTRIBUTE = r"""(?:^|\s){name}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))"""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in URL_ATTRIBUTES and value is not None:
                self.urls.append((self.raw_value(name), value))

    handle_startendtag = handle_starttag

    def raw_value(self, name):
        # Python-Markdown writes & in a URL as &amp;; the editor wrote &.
        tag = self.get_starttag_text() or ""
        match = re.search(self.RAW_ATTRIBUTE.format(name=re.escape(name)), tag, re.IGNORECASE)
        raw = next((group for group in match.groups() if group is not None), "") if match else ""
        return raw.replace("&amp;", "&")
