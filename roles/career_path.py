"""The career path around a role's ladder: the ladders of profiles it joins.

A role's own ladder often starts or ends in another profile (an associate's top
rung is a technician's first job). The path follows it across: the rungs of a
ladder that leads here come first, and a rung that leads to another profiled
role is replaced by that role's whole ladder. The career-path page names those
other rungs before and after its own, each linking to its own profile.
"""

from dataclasses import dataclass


@dataclass
class PathStep:
    rung: object
    own: bool
    href: str  # where the rung's details are: below on this page, or on its own profile


def join_ladders(role_id, own_rungs, other_ladders):
    """This role's ladder joined to the ladders it links to, or that link into it.

    other_ladders maps a role id to that role's rungs, lowest first. Rungs that come
    before another ladder's link into this role go first; a rung of this role that
    links to another role with a ladder is replaced by that whole ladder, which
    carries the path on from there to its top.
    """
    path = []
    for rungs in other_ladders.values():
        links_in = [i for i, rung in enumerate(rungs) if rung.linked_role_id == role_id]
        if links_in:
            path = list(rungs[: links_in[0]])
            break
    for rung in own_rungs:
        linked = rung.linked_role_id
        if linked not in (None, role_id) and other_ladders.get(linked):
            return path + list(other_ladders[linked])
        path.append(rung)
    return path


def path_steps(role, rungs):
    """Each rung of the path with its link.

    A rung of this role links to its details on the page, or to the role it
    names; a rung of another role links to its details on that role's page.
    """
    steps = []
    for rung in rungs:
        own = rung.role_id == role.id
        href = f"#rung-{rung.key}" if own else rung.get_absolute_url()
        # A link to a role the page may not show (a draft) arrives as no linked_role.
        if own and rung.linked_role is not None and rung.linked_role_id != role.id:
            href = rung.linked_role.get_absolute_url()
        steps.append(PathStep(rung, own, href))
    return steps
