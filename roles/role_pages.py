"""A role profile's pages: which question each answers, and which sections it holds.

A profile is read as several short pages, in the order a job seeker asks (what
is it, what do they do, where, how to get in, what it pays, is there work,
where it leads, what else is like it), the way the Occupational Outlook
Handbook splits an occupation. Each section lives on exactly one page, and
all of them on the full profile, so an old link to /roles/<slug>/#pay can be
sent to the page that now holds it.
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


def page_holding(section_key):
    """The page (not the full profile) a section is on."""
    return next(page for page in PAGES if section_key in page.sections)
