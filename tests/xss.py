"""A corpus of script-injection payloads, and a checker for rendered HTML."""

from html.parser import HTMLParser

PAYLOADS = [
    "<script>alert('script')</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert('nested')</script>",
    "<img src=x onerror=alert('img')>",
    '<img src="x" onerror="alert(1)"//',
    "<svg onload=alert('svg')>",
    '<svg><a xlink:href="javascript:alert(1)"><text>svg link</text></a></svg>',
    "<details open ontoggle=alert('details')>x</details>",
    '<a href="javascript:alert(1)">raw js link</a>',
    '<a href="&#106;avascript:alert(1)">entity js link</a>',
    '<a href="data:text/html,<script>alert(1)</script>">data link</a>',
    "[md js link](javascript:alert(1))",
    "[md mixed case](JaVaScRiPt:alert(1))",
    "[md ref link][evil]\n\n[evil]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "![md image](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '![md image title](x.png "x" onerror="alert(1)")',
    '[md link attrs](https://example.com "t" onclick="alert(1)")',
    "<iframe src=https://evil.example></iframe>",
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<div style="background:url(javascript:alert(1))">styled</div>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '"><script>alert("breakout")</script>',
    "{{ 7|add:7 }}{% debug %}",
]

DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "frame", "frameset", "base", "meta",
                  "form", "style", "link", "applet"}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")


class ExecutableMarkupFinder(HTMLParser):
    """Collects every place in a page where markup could run script."""

    def __init__(self, allowed_script_prefix="/static/"):
        super().__init__(convert_charrefs=True)
        self.allowed_script_prefix = allowed_script_prefix
        self.problems = []
        self.in_head = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "head":
            self.in_head = True
        if tag == "script" and (attributes.get("src") or "").startswith(self.allowed_script_prefix):
            pass  # the site's own script files
        elif tag == "script" and self.in_head and attributes == {"type": "application/ld+json"}:
            pass  # the site's JSON-LD: a data block, never run
        elif tag in {"meta", "link", "style"} and self.in_head:
            pass  # the site's own head
        elif tag == "form" and (attributes.get("action") or "").startswith("/"):
            pass  # the site's own forms post to its own paths
        elif tag in DANGEROUS_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            value = (value or "").strip().lower().replace("\t", "").replace("\n", "")
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            if name in URL_ATTRIBUTES and value.startswith(BAD_SCHEMES):
                self.problems.append(f"<{tag} {name}={value[:30]}>")
            if name == "style" and ("url(" in value or "expression(" in value):
                self.problems.append(f"<{tag} style={value[:30]}>")

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False


def executable_markup(html):
    finder = ExecutableMarkupFinder()
    finder.feed(html)
    finder.close()
    return finder.problems
