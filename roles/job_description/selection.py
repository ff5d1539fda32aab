"""What a job description takes from the profile: the records, the level's duties, the sources.

The role comes from Role.objects.for_job_description(), which prefetches all of it.
"""

import re
from collections import Counter

from ..formatting import plain_text
from .document import Duty, HeadedList, LevelFocus, source_note_for


def role_levels(role):
    """The ladder rungs that are levels of the role itself, from any queryset."""
    levels = getattr(role, "levels", None)
    if levels is None:  # the role page's queryset prefetches the whole ladder
        levels = [rung for rung in role.ladderrung_set.all() if rung.role_level]
    return levels


def level_focus(rung):
    if rung is None:
        return None
    return LevelFocus(
        title=rung.title,
        summary=rung.summary,
        focus=list(rung.focus),
        skills=[skill.name for skill in rung.skills.all()],
        tools=[tool.name for tool in rung.tools.all()],
        certifications=[certification.name for certification in rung.certifications.all()],
        cite=source_note_for(rung.source),
        step=f"Step {rung.step_number} of {rung.step_count} on the career ladder",
    )


# --- duties, and which of them a level focuses on ---------------------------

# Emphasis by level, kept deliberately simple: a duty is a focus of the level
# when it shares a meaningful word with the level's focus areas. Words are cut
# to their first six letters so "maintain" meets "maintenance"; short words, a
# few filler words, and words found in many of the role's duties (such as
# "production" or "equipment") are ignored, since they would match nearly
# every duty and say nothing about the level.
STEM_LENGTH = 6
FILLER_TEXT = """
    about after again also always among apply being carry done each every find follow from
    good have help high into keep learn make more need other over part same small spot start
    take than that their them then they this those through together under well what when where
    which while whole with without work your
"""
FILLER_WORDS = frozenset(FILLER_TEXT.split())


def stems(text):
    words = re.findall(r"[a-z]+", text.lower())
    return {word[:STEM_LENGTH] for word in words if len(word) >= 4 and word not in FILLER_WORDS}


def focus_stems(rung, duty_texts):
    # A word in more than an eighth of the duties (and more than two) is too common to count.
    limit = max(2, len(duty_texts) / 8)
    counts = Counter(stem for text in duty_texts for stem in stems(text))
    common = {stem for stem, count in counts.items() if count > limit}
    return set().union(*(stems(item) for item in rung.focus)) - common


def duty_groups(profile):
    """The profile's duty groups without résumé examples, which are one worker's
    history rather than duties of the job; groups left empty are dropped."""
    groups = []
    for group in profile.responsibility_groups:
        items = [item for item in group.items if not item.example]
        if items:
            groups.append(HeadedList(group.label, items))
    return groups


def responsibility_groups(profile, rung):
    """The duty groups; at a level, the duties it focuses on come first, marked."""
    groups = duty_groups(profile)
    texts = [item.text for group in groups for item in group.items]
    wanted = focus_stems(rung, texts) if rung else set()
    marked = []
    for group in groups:
        items = [
            Duty(
                item.text,
                item.text_html,
                plain_text(item.text_html),
                bool(wanted & stems(item.text)),
            )
            for item in group.items
        ]
        # sorted() is stable: within each kind, the profile's own order stands.
        marked.append(HeadedList(group.label, sorted(items, key=lambda duty: not duty.focus)))
    return marked


# --- sources ---------------------------------------------------------------


def collect_source_notes(*parts):
    found = []
    for part in parts:
        for item in part:
            if isinstance(item, HeadedList):
                found += collect_source_notes(item.items)
            elif getattr(item, "cite", None):
                found.append(item.cite)
    return found


def listed_sources(role, notes, rung):
    """Every source the description cites, and those of its duties, in a stable order."""
    found = [note.source for note in notes]
    for items in (role.responsibility_set, role.workingcondition_set):
        found += [source for item in items.all() for source in item.sources]
    if rung is not None and rung.source:
        found.append(rung.source)
    unique = {source.key: source for source in found if source is not None}
    return [unique[key] for key in sorted(unique)]
