"""The editors' synonyms file: read, checked, and each mistake named with its line."""

import os

from django.core.management import call_command
from django.test.utils import override_settings

from roles.search import synonyms
from roles.search.query import parse as parse_query


def parsed(text):
    return synonyms.parse("synonyms.yaml", text.encode())


def test_groups_are_read_as_terms_of_words():
    found, errors = parsed("groups:\n- [pay, salary, night shift]\n- [gloves, hand protection]\n")
    assert errors == []
    assert found.group_of(("salary",)) == (("pay",), ("salary",), ("night", "shift"))
    assert found.longest_term_at(["hand", "protection", "now"], 0) == ("hand", "protection")
    assert found.longest_term_at(["hand", "now"], 0) is None


def test_each_mistake_is_named_with_its_line():
    text = (
        "groups:\n"  # 1
        "- [pay, salary]\n"  # 2
        "- [pay, wage]\n"  # 3: pay again
        "- [lonely]\n"  # 4: one term
        "- [Night Shift, nights]\n"  # 5: capitals
        "- [a b c d e, f]\n"  # 6: too long
    )
    _, errors = parsed(text)
    messages = [str(error) for error in errors]
    assert messages == [
        "synonyms.yaml:3: groups[1]: 'pay' is already in the group on line 2",
        "synonyms.yaml:4: groups[2]: a group is a list of at least two terms",
        "synonyms.yaml:5: groups[3]: 'Night Shift' is not a term: write lower-case words, "
        "separated by single spaces",
        "synonyms.yaml:6: groups[4]: 'a b c d e' is longer than 4 words",
    ]


def test_broken_yaml_and_a_wrong_shape_are_reported():
    _, errors = parsed("groups:\n- [pay, salary\n")
    assert errors and errors[0].message.startswith("invalid YAML")
    _, errors = parsed("- [pay, salary]\n")
    assert [str(error) for error in errors] == [
        "synonyms.yaml:1: expected `groups:`, a list of lists"
    ]


def test_a_broken_file_means_no_synonyms_not_an_error(tmp_path, loaded):
    broken = tmp_path / "synonyms.yaml"
    broken.write_text("groups:\n- [salary]\n")
    with override_settings(SEARCH_SYNONYMS_FILE=broken):
        assert synonyms.current().groups == ()
        assert parse_query("salary").concepts[0].terms[0].stems == ("salari",)


def test_manage_py_check_warns_with_file_and_line(tmp_path, capsys):
    broken = tmp_path / "synonyms.yaml"
    broken.write_text("groups:\n- [pay, salary]\n- [pay, wage]\n")
    with override_settings(SEARCH_SYNONYMS_FILE=broken):
        call_command("check")
    err = capsys.readouterr().err
    assert f"{broken}:3: groups[1]: 'pay' is already in the group on line 2" in err


def test_an_edit_to_the_file_is_used_without_a_restart(tmp_path, loaded):
    path = tmp_path / "synonyms.yaml"
    path.write_text("groups:\n- [pay, salary]\n")
    with override_settings(SEARCH_SYNONYMS_FILE=path):
        assert synonyms.current().group_of(("wage",)) is None
        path.write_text("groups:\n- [pay, salary, wage]\n")
        os.utime(path, ns=(1, 2))  # a new modification time, however fast the write
        assert synonyms.current().group_of(("wage",)) is not None
