"""One small bad fixture per cross-node rule."""

from __future__ import annotations

from tests.conftest import MINIMAL

from vgrklass.report import validate_file


def rules_of(path):
    outcome = validate_file(path)
    return [(p.rule, p.code) for p in outcome.problems], outcome


def test_minimal_file_is_valid(minimal_yaml):
    rules, outcome = rules_of(minimal_yaml)
    assert rules == [] and outcome.exit_code() == 0


def test_duplicated_code_is_an_error_on_the_second_occurrence(write_yaml):
    text = MINIMAL.replace('code: "2.2"', 'code: "2.1"')
    rules, outcome = rules_of(write_yaml(text))
    assert ("dubblett-kod", "2.1") in rules
    problem = next(p for p in outcome.problems if p.rule == "dubblett-kod")
    lines = text.splitlines()
    second = lines.index('      - code: "2.1"', lines.index('      - code: "2.1"') + 1)
    assert problem.line == second + 1
    assert outcome.exit_code() == 1


def test_code_must_nest_in_parent(write_yaml):
    rules, _ = rules_of(write_yaml(MINIMAL.replace('code: "2.1.1"', 'code: "3.1.1"')))
    assert ("kod-förälder", "3.1.1") in rules


def test_pg_cannot_sit_under_pg_and_p_has_no_children(write_yaml):
    rules, _ = rules_of(write_yaml(MINIMAL.replace(
        "            kind: P\n            title: Hantera kostnader",
        "            kind: PG\n            title: Hantera kostnader")))
    assert ("fel-nivå", "2.1.1") in rules


def test_top_level_must_be_vo(write_yaml):
    rules, _ = rules_of(write_yaml(MINIMAL.replace(
        '  - code: "1"\n    kind: VO', '  - code: "1"\n    kind: PG')))
    assert ("fel-nivå", "1") in rules


def test_removed_must_follow_added(write_yaml):
    rules, _ = rules_of(write_yaml(MINIMAL.replace(
        "        added: 2019-01-01", "        added: 2019-01-01\n        removed: 2018-01-01")))
    assert ("datumordning", "2.2") in rules


def test_child_cannot_outlive_parent(write_yaml):
    text = MINIMAL.replace("        kind: PG\n        title: Administrera ekonomi",
                           "        kind: PG\n        title: Administrera ekonomi\n"
                           "        removed: 2020-01-01")
    rules, _ = rules_of(write_yaml(text))
    # 2.1.1 has no removal date, 2.1.2 is removed a year after its parent
    assert ("utanför-förälder", "2.1.1") in rules
    assert ("utanför-förälder", "2.1.2") in rules


def test_child_cannot_start_before_parent(write_yaml):
    text = MINIMAL.replace("        kind: PG\n        title: Administrera ekonomi",
                           "        kind: PG\n        title: Administrera ekonomi\n"
                           "        added: 2020-01-01")
    rules, _ = rules_of(write_yaml(text))
    assert ("utanför-förälder", "2.1.1") in rules


def test_shipped_data_is_valid():
    from vgrklass.datafile import shipped_data_path

    outcome = validate_file(shipped_data_path())
    assert outcome.errors == [], [p.format_text() for p in outcome.errors]


def test_control_characters_in_text_are_an_error_at_their_line(write_yaml):
    text = MINIMAL.replace("description: Här ligger det politiska arbetet.",
                           'description: "Här ligger\\x01 det politiska arbetet."')
    rules, outcome = rules_of(write_yaml(text))
    assert ("styrtecken", "1.1") in rules
    problem = next(p for p in outcome.problems if p.rule == "styrtecken")
    assert problem.line == next(i for i, line in enumerate(text.splitlines(), 1)
                                if "\\x01" in line)
    assert "U+0001" in problem.message
