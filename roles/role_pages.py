"""A role profile's pages: which question each answers, and which sections it holds.

A profile is read as several short pages, in the order a job seeker asks (what
is it, what do they do, where, how to get in, what it pays, is there work,
where it leads, what else is like it), the way the Occupational Outlook
Handbook splits an occupation. Each section lives on exactly one page, and
all of them on the full profile, so an old link to /roles/<slug>/#pay can be
sent to the page that now holds it. Each section also says what it reads of
the role (SECTION_READS), so that a page fetches only what it shows.
"""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class RolePage:
    name: str  # URL name in the roles namespace: "duties" is roles:duties
    path: str  # under /roles/<slug>/: "duties/" ("" for the summary)
    title: str  # its heading and its label in the profile's navigation
    question: str  # what it answers, as the summary's link to it says
    sections: tuple  # section keys (SECTION_TEMPLATES), in page order

    def url(self, role):
        return reverse(f"roles:{self.name}", args=[role.slug])


# Each section's template in templates/roles/role/. Prose-only sections (a
# Section.Kind with no structured data of its own) share _prose.html.
SECTION_TEMPLATES = {
    "key-facts": "_key_facts.html",
    "outlook-facts": "_outlook_facts.html",
    "overview": "_overview.html",
    "occupation-codes": "_occupation_codes.html",
    "responsibilities": "_responsibilities.html",
    "work-setting": "_work_setting.html",
    "work-life": "_work_life.html",
    "tools": "_tools.html",
    "skills": "_skills.html",
    "education": "_education.html",
    "certifications": "_certifications.html",
    "getting-started": "_getting_started.html",
    "pay": "_pay.html",
    "pay-factors": "_pay_factors.html",
    "ladder": "_ladder.html",
    "pros-cons": "_pros_cons.html",
    "faqs": "_faqs.html",
    "related": "_related.html",
    "employers": "_employers.html",
}
PROSE_TEMPLATE = "_prose.html"


@dataclass(frozen=True)
class Reads:
    """What a section shows beyond the role's own fields, so that a page fetches just that.

    lists are the role's item lists (Role accessors: "faq_set"), prose its Section
    kinds. The section is on the page when one of shown_by (by default every one
    of lists) has an item, or its prose exists. Items of a cited list show their
    sources; career_path adds the ladders of the profiles this one joins.
    """

    lists: tuple = ()
    prose: tuple = ()
    cited: tuple = ()
    shown_by: tuple = None
    career_path: bool = False

    @property
    def showing_lists(self):
        return self.lists if self.shown_by is None else self.shown_by


PAY_LISTS = ("salaryband_set", "paydistribution_set", "globalpay_set")
# A prose-only section (a Section kind not below) reads its own prose.
SECTION_READS = {
    "key-facts": Reads(),
    "outlook-facts": Reads(),
    "overview": Reads(prose=("overview",)),
    "occupation-codes": Reads(lists=("occupationcode_set",)),
    "responsibilities": Reads(lists=("responsibility_set",)),
    "work-setting": Reads(
        lists=("workingcondition_set",), prose=("work-setting",), cited=("workingcondition_set",)
    ),
    "work-life": Reads(prose=("work-life",)),
    "tools": Reads(lists=("roletool_set",)),
    # The skill map names the source its tiers share, from the skills' citations.
    "skills": Reads(lists=("roleskill_set",), cited=("roleskill_set",)),
    "education": Reads(
        lists=("educationoption_set",), prose=("education",), cited=("educationoption_set",)
    ),
    "certifications": Reads(lists=("rolecertification_set",)),
    "getting-started": Reads(
        lists=("entrystep_set",), prose=("getting-started",), cited=("entrystep_set",)
    ),
    # The pay table's rows are ladder rungs.
    "pay": Reads(lists=(*PAY_LISTS, "ladderrung_set"), shown_by=PAY_LISTS),
    "pay-factors": Reads(prose=("pay-factors",)),
    "ladder": Reads(
        lists=("ladderrung_set", "salaryband_set"), shown_by=("ladderrung_set",), career_path=True
    ),
    "pros-cons": Reads(lists=("procon_set",)),
    "faqs": Reads(lists=("faq_set",), cited=("faq_set",)),
    "related": Reads(lists=("relatedcareer_set", "comparison_set"), cited=("relatedcareer_set",)),
    "employers": Reads(lists=("topemployer_set",)),
}
# The summary's own parts: the first steps, the links to a comparison and to job
# descriptions (from the ladder, related careers and comparisons), the job in
# brief, and the Occupation data block (codes, and the distribution behind the range).
SUMMARY_READS = Reads(
    lists=(
        "entrystep_set", "ladderrung_set", "relatedcareer_set", "comparison_set",
        "occupationcode_set", "paydistribution_set",
    ),
    prose=("overview",),
)  # fmt: skip


def section_reads(key):
    return SECTION_READS.get(key) or Reads(prose=(key,))


SUMMARY = RolePage("detail", "", "Summary", "What the job is, in brief", ("key-facts",))
PAGES = [
    SUMMARY,
    RolePage(
        "duties",
        "duties/",
        "What they do",
        "What the work involves, day to day",
        ("overview", "responsibilities"),
    ),
    RolePage(
        "work-environment",
        "work-environment/",
        "Work environment",
        "Where and when the work happens, and what makes it hard",
        ("work-setting", "work-life", "role-challenges", "diversity"),
    ),
    RolePage(
        "how-to-become",
        "how-to-become/",
        "How to become one",
        "The steps that get you hired, and how to show what you can do",
        ("getting-started", "portfolio"),
    ),
    RolePage(
        "education",
        "education/",
        "Education and training",
        "Schooling and training, with cost and length",
        ("education",),
    ),
    RolePage(
        "skills",
        "skills/",
        "Skills, tools and certificates",
        "What employers ask you to know, use and hold",
        ("skills", "tools", "certifications"),
    ),
    RolePage(
        "pay",
        "pay/",
        "Pay",
        "What it pays at each step, and what moves pay",
        ("pay", "pay-factors"),
    ),
    RolePage(
        "outlook",
        "outlook/",
        "Job outlook",
        "Whether there will be work, and who is hiring",
        (
            "outlook-facts",
            "market-reality",
            "industry-trends",
            "employers",
            "global-outlook",
            "remote-work",
            "visas",
        ),
    ),
    RolePage(
        "career-path",
        "career-path/",
        "Career path",
        "Where the job leads, step by step",
        ("ladder", "growth-paths"),
    ),
    RolePage(
        "similar",
        "similar/",
        "Similar jobs",
        "Other jobs like this one, and how they compare",
        ("related", "occupation-codes"),
    ),
    RolePage(
        "faq", "faq/", "FAQ", "Common questions, and the job's pros and cons", ("faqs", "pros-cons")
    ),
]
FULL = RolePage(
    "full",
    "full/",
    "Full profile",
    "Everything on one page, to print or read straight through",
    tuple(key for page in PAGES for key in page.sections),
)
ALL_PAGES = [*PAGES, FULL]
BY_NAME = {page.name: page for page in ALL_PAGES}


@dataclass(frozen=True)
class PageReads:
    """What one page fetches: what its sections show, and whether the sections it lists have any.

    The summary and the full profile list every page's sections; a short page only its own.
    """

    sections: tuple  # the keys of the sections it lists, shown or not
    lists: frozenset
    prose: frozenset
    cited: frozenset
    career_path: bool
    # Shown nowhere on the page, but whether it has anything decides a link or a heading.
    lists_present: frozenset
    prose_present: frozenset


def reads_of(page):
    shown = [section_reads(key) for key in page.sections]
    if page is SUMMARY:
        shown.append(SUMMARY_READS)
    # The summary links to every page's sections, the full profile lists them in its contents.
    sections = FULL.sections if page in (SUMMARY, FULL) else page.sections
    listed = [section_reads(key) for key in sections]
    lists = frozenset(name for reads in shown for name in reads.lists)
    prose = frozenset(kind for reads in shown for kind in reads.prose)
    return PageReads(
        sections=sections,
        lists=lists,
        prose=prose,
        cited=frozenset(name for reads in shown for name in reads.cited),
        career_path=any(reads.career_path for reads in shown),
        lists_present=frozenset(name for reads in listed for name in reads.showing_lists) - lists,
        prose_present=frozenset(kind for reads in listed for kind in reads.prose) - prose,
    )


READS = {page.name: reads_of(page) for page in ALL_PAGES}


def page_holding(section_key):
    """The page (not the full profile) a section is on."""
    return next(page for page in PAGES if section_key in page.sections)
