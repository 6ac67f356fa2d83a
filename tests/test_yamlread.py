"""yamlread: YAML text → plain data with positions, refusing what the format never needs."""

from __future__ import annotations

import pytest

from vgrklass.problems import DataError
from vgrklass.yamlread import MAX_DEPTH, parse_yaml


def parse(text: str):
    return parse_yaml(text, "t.yaml")


def test_values_keep_source_text_except_null_bool_numbers():
    data, _, problems = parse('a: 2021-01-01\nb: "2.4"\nc: 2.4\nd: 3\ne: ~\nf: true\n'
                              "g: ja\nh: !!str 12\ni: 0x1f\n")
    assert problems == []
    assert data == {"a": "2021-01-01", "b": "2.4", "c": 2.4, "d": 3, "e": None, "f": True,
                    "g": "ja", "h": "12", "i": 31}


def test_positions_of_values_and_keys():
    text = "meta:\n  title: X\nnodes:\n  - code: \"1\"\n    kind: VO\n"
    _, positions, _ = parse(text)
    assert positions.of(("meta", "title")) == (2, 10)
    assert positions.of_key(("meta", "title")) == (2, 3)
    assert positions.of(("nodes", 0)) == (4, 5)
    assert positions.of(("nodes", 0, "kind")) == (5, 11)
    # unknown paths fall back to the nearest enclosing value
    assert positions.of(("nodes", 0, "title")) == (4, 5)


def test_every_duplicate_key_is_reported_and_the_first_wins():
    text = "a: 1\nb:\n  x: 1\n  x: 2\na: [3]\n"
    data, positions, problems = parse(text)
    assert data == {"a": 1, "b": {"x": 1}}
    assert [(p.rule, p.line, p.column) for p in problems] == [
        ("dubblett-nyckel", 4, 3), ("dubblett-nyckel", 5, 1)]
    assert "första gången på rad 3" in problems[0].message
    assert positions.of(("a",)) == (1, 4)  # the duplicate did not overwrite the position


def test_collection_as_key_is_a_problem_not_a_crash():
    data, _, problems = parse("? [a, b]\n: 1\nc: 2\n")
    assert data == {"c": 2}
    assert [p.rule for p in problems] == ["ogiltig-nyckel"]


@pytest.mark.parametrize(
    ("text", "rule", "line"),
    [
        ("a: &x 1\nb: *x\n", "alias", 2),
        ("a: {x: 1}\nb:\n  <<: {y: 2}\n", "alias", 3),
        ("a: 1\n---\nb: 2\n", "flera-dokument", 2),
        ("a:\n\tb: 1\n", "yaml-syntax", 2),
        ('a: "öppen\nb: 1\n', "yaml-syntax", 3),
        ("a: b\x07\n", "yaml-syntax", 1),
        ("a: x\u2028y\n", "osynligt-tecken", 1),
    ],
)
def test_refused_input_stops_with_line(text, rule, line):
    with pytest.raises(DataError) as info:
        parse(text)
    [problem] = info.value.problems
    assert (problem.rule, problem.line) == (rule, line)
    assert info.value.stopped and not info.value.unreadable


def test_tab_message_is_swedish_and_specific():
    with pytest.raises(DataError) as info:
        parse("a:\n\tb: 1\n")
    assert "tabbtecken" in info.value.problems[0].message


def test_nesting_up_to_the_limit_is_fine_and_beyond_is_refused():
    data, _, _ = parse("[" * MAX_DEPTH + "]" * MAX_DEPTH)
    depth = 0
    while isinstance(data, list) and data:
        data, depth = data[0], depth + 1
    assert depth == MAX_DEPTH - 1  # the innermost list is empty
    with pytest.raises(DataError) as info:
        parse("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))
    assert info.value.problems[0].rule == "för-djup"


def test_only_comments_gives_no_data():
    data, _, problems = parse("# bara kommentarer\n")
    assert data is None and problems == []


# Inputs that provoke each of libyaml's messages (issue 17: nine still reached users in
# English). Whatever the parser says, the user reads Swedish.
SYNTAX_ERRORS = [
    "a: 1\n...\nb: 2\n",  # a pasted document end
    "%\na: 1\n",
    "%FOO bar\n---\na: 1\n",
    "%YAML1.1\n---\na: 1\n",
    "%YAML 1.1x\n---\na: 1\n",
    "%YAML 2.0\n---\na: 1\n",
    "%YAML 1.1\n%YAML 1.1\n---\na: 1\n",
    "%TAG ! tag:a,2000:\n%TAG ! tag:b,2000:\n---\na: 1\n",
    "a: !<%zz> x\n",
    "a: !<x x\n",
    "a: !<> x\n",
    "a: !x!y z\n",
    "a: & x\n",
    "a: *\n",
    'a: "\\xZZ"\n',
    'a: "\\uD800"\n',
    'a: "\\q"\n',
    'a: "x\n---\ny"\n',
    "a: |0\n  x\n",
    "a: |-+\n  x\n",
    "a:\n  - b\n c: d\n",
    "a: b: c\n",
    "a: [1, 2\n",
    "a: {b: 1\n",
    "? a\n? b\n: c\n:d\n",
    "a: 'x\n",
    "- a\nb: c\n",
    "a: @x\n",
    "a: `x\n",
    "a:\n\t- b\n",
    "a: b\n  c: d\n",
]
_ENGLISH = ("did not", "found", "expected", "could not", "while", "not allowed", "mapping",
            "scanning", "parsing")


@pytest.mark.parametrize("text", SYNTAX_ERRORS)
def test_every_syntax_error_is_described_in_swedish(text):
    with pytest.raises(DataError) as info:
        parse(text)
    [problem] = info.value.problems
    assert problem.message.startswith("YAML-syntaxfel: ") or "tecknet" in problem.message
    assert not any(word in problem.message for word in _ENGLISH), problem.message
    assert problem.line is not None


def test_a_pasted_document_end_is_named_with_its_line():
    with pytest.raises(DataError) as info:
        parse("a: 1\nb: 2\n...\nc: 3\n")
    [problem] = info.value.problems
    assert "'...' (rad 3)" in problem.message and problem.line == 4


def test_numbers_and_booleans_keep_the_text_they_were_written_as():
    data, positions, _ = parse("code: 1.10\nb: 0x1F\nc: True\nd: text\n")
    assert data["code"] == 1.1
    assert positions.source == {("code",): "1.10", ("b",): "0x1F", ("c",): "True"}
