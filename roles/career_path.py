"""The career path on a role page: this role's ladder joined to the ladders around it.

A role's own ladder often starts or ends in another profile (an associate's top
rung is a technician's first job). The path follows it across: the rungs of a
ladder that leads here come first, and a rung that leads to another profiled
role is replaced by that role's whole ladder. Plain data in, plain data out;
templates/roles/charts/career_path.html draws it.
"""

from dataclasses import dataclass


@dataclass
class PayLine:
    """One pay figure on a path step; link says whether its source is in the page's list."""

    band: object
    link: bool
    whole_role: bool = False


@dataclass
class RolePay:
    """A role's headline median, standing in for a rung that has no pay of its own.

    Shaped like a SalaryBand (the fields it lacks are None), so the step's pay
    reads the same way whichever it is.
    """

    median: object
    currency: str
    period: str
    source: object
    as_of: str
    min = max = average = None
    max_open_ended = False


@dataclass
class PathStep:
    rung: object
    own: bool
    href: str  # the title's link
    details: str  # where every focus area is listed
    pay: list
    focus: list
    more_focus: int = 0


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


def represented_role_id(rung):
    """The role a rung stands for: the one it links to, or its own for its own levels."""
    if rung.linked_role_id is not None:
        return rung.linked_role_id
    return rung.role_id if rung.role_level else None


def rung_pay(rung, roles_by_id, cited_keys):
    """The rung's salary bands; failing those, the median of the role the rung stands for."""
    bands = rung.pay_bands()
    whole_role = False
    if not bands and represented_role_id(rung) in roles_by_id:
        role = roles_by_id[represented_role_id(rung)]
        if role.median_pay is not None:
            bands = [
                RolePay(
                    role.median_pay,
                    role.median_pay_currency,
                    role.median_pay_period,
                    role.median_pay_source,
                    role.median_pay_as_of,
                )
            ]
            whole_role = True
    return [
        PayLine(band, link=band.source is not None and band.source.key in cited_keys,
                whole_role=whole_role)
        for band in bands
    ]  # fmt: skip


def path_steps(role, rungs, roles_by_id, cited_keys, focus_shown=2):
    """Each rung of the path with its link, pay and first few focus areas.

    A rung of this role links to its details further down the page, or to the role
    it names; a rung of another role links to its details on that role's page.
    """
    steps = []
    for rung in rungs:
        own = rung.role_id == role.id
        details = f"#rung-{rung.key}" if own else rung.get_absolute_url()
        href = details
        # A link to a role the page may not show (a draft) arrives as no linked_role.
        if own and rung.linked_role is not None and rung.linked_role_id != role.id:
            href = rung.linked_role.get_absolute_url()
        focus = list(rung.focus)
        steps.append(
            PathStep(
                rung,
                own,
                href,
                details,
                rung_pay(rung, roles_by_id, cited_keys),
                focus[:focus_shown],
                more_focus=max(len(focus) - focus_shown, 0),
            )
        )
    return steps
