"""build_job_description(): a role's job description, for the role as a whole or one level."""

from ..profile import RoleProfile
from . import wording
from .document import (
    HeadedList,
    JobDescription,
    LevelOption,
    Line,
    UnknownLevel,
    job_description_url,
)
from .selection import (
    collect_source_notes,
    level_focus,
    listed_sources,
    responsibility_groups,
    role_levels,
)


def level_options(role, current):
    return [
        LevelOption(
            rung.key,
            wording.level_label(role, rung),
            rung.title,
            job_description_url("roles:job-description", role, rung.key),
            rung.key == current,
        )
        for rung in role_levels(role)
    ]


def build_job_description(role, level_key=""):
    """The job description of role (from Role.objects.for_job_description()), at a level or not.

    Raises UnknownLevel when level_key names no level of this role.
    """
    levels = role_levels(role)
    rung = None
    if level_key:
        rung = next((item for item in levels if item.key == level_key), None)
        if rung is None:
            raise UnknownLevel(level_key, level_options(role, ""))
    profile = RoleProfile(role)
    working_conditions = [
        HeadedList(
            group.label,
            # Not figures: their sources are in the description's list of sources.
            [Line(item.text) for item in group.items],
        )
        for group in profile.working_condition_groups
    ]
    education_lines = wording.education(role)
    experience_lines = wording.experience([rung] if rung else levels)
    pay_lines, pay_note = wording.pay(role, rung)
    notes = collect_source_notes(education_lines, experience_lines, working_conditions, pay_lines)
    return JobDescription(
        role=role,
        title=rung.title if rung else role.title,
        level=rung.key if rung else "",
        levels=level_options(role, rung.key if rung else ""),
        summary=role.summary,
        overview=wording.overview(role, profile, rung, levels),
        at_this_level=level_focus(rung),
        responsibilities=responsibility_groups(profile, rung),
        education=education_lines,
        experience=experience_lines,
        certifications=wording.certifications(role),
        skills=[
            HeadedList(kind.label, [link.skill.name for link in kind.items])
            for kind in profile.skills_by_kind
            if kind.items
        ],
        tools=[
            HeadedList(category.label, [link.tool.name for link in category.items])
            for category in profile.tool_groups
        ],
        working_conditions=working_conditions,
        pay=pay_lines,
        pay_note=pay_note,
        sources=listed_sources(role, notes, rung),
    )
