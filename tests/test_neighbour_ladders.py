"""The search index reads the ladders every role's career path joins at once.

A role page reads its neighbours' ladders with its own (one query a role,
queries.ladder_and_neighbours()); for a chunk of roles the index finds them
all in three (queries.add_neighbour_ladders()), and each role's career path
must come out the same either way.
"""

from roles.models import Role
from roles.models.queries import add_neighbour_ladders, ladder_and_neighbours
from roles.profile import RoleProfile

from .test_search_incremental import add_copies, load


def ladders(role):
    return {
        pk: [rung.pk for rung in rungs] for pk, rungs in RoleProfile(role).neighbour_ladders.items()
    }


def test_each_roles_neighbours_are_those_it_finds_alone(loaded, content_copy):
    add_copies(content_copy, 1, 3)
    load(content_copy)
    alone = {
        role.pk: {pk: [rung.pk for rung in rungs] for pk, rungs in others.items()}
        for role in Role.objects.published()
        for _, others in [ladder_and_neighbours(role, career_path=True)]
    }
    assert any(alone.values())  # the fixture's ladders do link to one another

    together = list(Role.objects.published().for_role_page())
    add_neighbour_ladders(together)

    assert {role.pk: ladders(role) for role in together} == alone
    # In title order, as the career path lists them.
    for role in together:
        assert list(ladders(role)) == list(alone[role.pk])


def test_three_queries_however_many_roles(loaded, content_copy, django_assert_num_queries):
    few = list(Role.objects.published())
    with django_assert_num_queries(3):
        add_neighbour_ladders(few)
    add_copies(content_copy, 1, len(few))
    load(content_copy)
    twice = list(Role.objects.published())
    assert len(twice) == 2 * len(few)
    with django_assert_num_queries(3):
        add_neighbour_ladders(twice)
