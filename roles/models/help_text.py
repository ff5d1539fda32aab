"""What the admin says under a field whose meaning is not plain from its name.

Kept in one place because the same kind of field (a source, an as-of date, a
currency) appears on many models, and an editor should read one explanation
of it everywhere. The link rule restates roles/markdown_links.py.
"""

SOURCE = (
    "Where this figure comes from: one of the records under Sources (a survey, an "
    "official table, a report). Type part of its key, title or publisher to find it."
)
AS_OF = (
    "When the figure held, as the source dates it (not the day you typed it in): "
    "YYYY, YYYY-MM or YYYY-MM-DD, such as 2025 or 2025-05."
)
CURRENCY = "Three capital letters, as in USD, EUR or GBP."
PERIOD = "The span one amount covers: a year, a month or an hour of work."
LOW = "The lower end; it may not be above the upper end."
HIGH = "The upper end; it may not be below the lower end."
OPEN_ENDED = (
    "Tick when the source gives the upper figure as a floor (\u201cand more\u201d): "
    "the site then shows it with a + after it."
)
YEARS = "The years the figure covers, as the source words them: 2024–34."
PAY_NOTE = "What the figure is, if not plain: a median, an entry wage, one region only."
USD_EQUIVALENT = "The same amount in US dollars, as the source converts it."
PERCENTILE = "Amounts at the 10th, 25th, 50th (median), 75th and 90th percentile, in order."

# The admin shows help text as HTML, so none of it may contain a "<".
SLUG = (
    "The role's address: the slug press-setter makes /roles/press-setter/. Lower-case "
    "letters, digits and hyphens. If you change it, the old address keeps working and "
    "sends readers here."
)
STATUS = (
    "Draft: hidden from the public; staff can preview it. Published: on the site. "
    "Only members of Publishers may publish a role or a change to it."
)

MARKDOWN = (
    "Markdown: **bold**, *italics*, lists (- item), tables and [text](link). A link "
    "must be a web address (https://\u2026) or a page of this site (/\u2026); others, "
    "such as javascript: or data: links, are refused. Images and scripts are removed."
)


def markdown(what):
    """The markdown help, after a sentence saying what the field holds."""
    return f"{what} {MARKDOWN}"
