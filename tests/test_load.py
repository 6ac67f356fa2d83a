from __future__ import annotations

import datetime as dt

import pytest
from tests.conftest import MINIMAL

from vgrklass.datafile import shipped_data_path
from vgrklass.load import load_structure, parse_file
from vgrklass.problems import DataError


def test_minimal_file_loads_with_parents_children_and_lines(minimal_yaml):
    s = load_structure(minimal_yaml)
    assert list(s.nodes) == ["1", "1.1", "2", "2.1", "2.1.1", "2.1.2", "2.2"]
    node = s.get("P 2.1.1")
    assert node.parent == "2.1" and node.kind == "P"
    assert node.examples == ("leverantörsfaktura", "följesedel")
    assert [a.code for a in s.ancestors(node)] == ["2", "2.1"]
    assert s.nodes["2.1"].children == ("2.1.1", "2.1.2")
    assert node.line == MINIMAL.splitlines().index('          - code: "2.1.1"') + 1
    assert s.nodes["2.1.2"].removed == dt.date(2021, 1, 1)
    assert s.nodes["2.1.2"].removal_word == "Upphörd"


def test_in_force_follows_added_and_removed(minimal_yaml):
    s = load_structure(minimal_yaml)
    before = {n.code for n in s.in_force(dt.date(2018, 6, 1))}
    after = {n.code for n in s.in_force(dt.date(2021, 6, 1))}
    assert "2.1.2" in before and "2.2" not in before
    assert "2.1.2" not in after and "2.2" in after
    # removed is exclusive: on the removal date the node is gone
    assert "2.1.2" not in {n.code for n in s.in_force(dt.date(2021, 1, 1))}


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.encode("utf-8"))
    assert len(load_structure(path)) == 7


def test_unknown_field_names_line_and_suggests(write_yaml):
    path = write_yaml(MINIMAL.replace("        description: Här", "        descripton: Här"))
    parsed = parse_file(path)
    [problem] = parsed.problems
    assert problem.rule == "okänt-fält"
    assert "menade du 'description'" in problem.message
    assert problem.line == MINIMAL.splitlines().index("        description: Här ligger det "
                                                     "politiska arbetet.") + 1
    assert problem.code == "1.1"


def test_impossible_date_in_file_is_reported_at_its_line(write_yaml):
    path = write_yaml(MINIMAL.replace("added: 2019-01-01", "added: 2019-02-30"))
    with pytest.raises(DataError) as info:
        load_structure(path)
    [problem] = info.value.problems
    assert problem.rule == "ogiltigt-datum" and "2019-02-30" in problem.message
    assert problem.line == MINIMAL.splitlines().index("        added: 2019-01-01") + 1
    assert problem.code == "2.2"


def test_shipped_data_loads():
    s = load_structure(shipped_data_path())
    assert s.meta.version == "1.3:2017"
    assert s.meta.valid_from == dt.date(2021, 1, 1)
    assert s.meta.diarienummer == "RS 2020-07454"
    kinds = [n.kind for n in s]
    assert (kinds.count("VO"), kinds.count("PG"), kinds.count("P")) == (18, 9, 126)


def test_plain_scalars_resolve_as_yaml_1_2_and_quoted_or_block_ones_stay_text():
    from vgrklass.yamlread import parse_yaml

    data, _, _ = parse_yaml(
        'a: 12\nb: "12"\nc: true\nd: "true"\ne: yes\nf: ~\ng: 1.5\nh: 2021-01-01\n'
        "i: |-\n  7\nj: null\nk: Null text\n", "x.yaml")
    assert data == {"a": 12, "b": "12", "c": True, "d": "true", "e": "yes", "f": None,
                    "g": 1.5, "h": "2021-01-01", "i": "7", "j": None, "k": "Null text"}


# --- the schema is checked node by node, so one broken node hides nothing else ----------

def test_schema_error_in_one_node_does_not_hide_cross_node_problems(write_yaml):
    from vgrklass.report import validate_file

    text = (MINIMAL.replace("added: 2019-01-01", "added: 2019-02-30")
            .replace('code: "2.1.1"', 'code: "3.1.1"'))
    rules = {(p.rule, p.code) for p in validate_file(write_yaml(text)).problems}
    assert rules == {("ogiltigt-datum", "2.2"), ("kod-förälder", "3.1.1")}


def test_node_with_bad_optional_field_stays_in_structure(write_yaml):
    parsed = parse_file(write_yaml(MINIMAL.replace("added: 2019-01-01", "added: 2019-02-30")))
    assert [p.rule for p in parsed.problems] == ["ogiltigt-datum"]
    node = parsed.structure.nodes["2.2"]
    assert node.added is None and node.title == "Hantera bemanning" and node.parent == "2"
    assert parsed.skipped == set()


def test_node_without_title_is_skipped_but_its_children_are_still_checked(write_yaml):
    text = (MINIMAL.replace("        title: Administrera ekonomi\n", "")
            .replace("            title: Köpa in gammalt\n",
                     "            title: Köpa in gammalt\n            tillagd: 2019-01-01\n"))
    parsed = parse_file(write_yaml(text))
    assert {(p.rule, p.code) for p in parsed.problems} == {
        ("fält-saknas", "2.1"), ("okänt-fält", "2.1.2")}
    assert parsed.skipped == {"2.1"}
    assert "2.1" not in parsed.structure.nodes and "2.1.1" not in parsed.structure.nodes
    assert parsed.structure.nodes["2"].children == ("2.2",)
    # lines still point into the file although list positions shifted
    assert parsed.structure.nodes["2.2"].line == text.splitlines().index(
        '      - code: "2.2"') + 1


def test_broken_meta_still_reports_node_errors(write_yaml):
    text = (MINIMAL.replace("  valid_from: 2021-01-01\n", "")
            .replace("kind: VO\n    title: STYRA", "kind: XX\n    title: STYRA"))
    parsed = parse_file(write_yaml(text))
    assert parsed.structure is None
    assert {(p.rule, p.code) for p in parsed.problems} == {
        ("fält-saknas", None), ("ogiltigt-värde", "1")}


def test_node_that_is_not_a_mapping(write_yaml):
    parsed = parse_file(write_yaml(MINIMAL.replace(
        '      - code: "2.2"\n        kind: P\n        title: Hantera bemanning\n'
        "        added: 2019-01-01\n", "      - 2.2 Hantera bemanning\n")))
    [problem] = parsed.problems
    assert problem.rule == "fel-typ" and "mappning" in problem.message
    assert len(parsed.structure) == 6


def test_swedish_field_name_gets_the_real_one_suggested(write_yaml):
    parsed = parse_file(write_yaml(MINIMAL.replace("    title: STYRA", "    titel: STYRA")))
    unknown = next(p for p in parsed.problems if p.rule == "okänt-fält")
    assert "menade du 'title'" in unknown.message
    assert unknown.column == 5  # at the key, not at its value


# --- dates and codes as written (issue 17) ----------------------------------------------

@pytest.mark.parametrize(("written", "shown"), [("0", "inte 0"), ("1546300800", "1546300800"),
                                                ("2021-01-01T00:00:00", "2021-01-01T00:00"),
                                                ('"20210101"', "20210101"), ("2021.5", "2021.5")])
def test_only_yyyy_mm_dd_is_a_date(write_yaml, written, shown):
    # an integer used to be read as a Unix time: `removed: 0` ended the node in 1970
    path = write_yaml(MINIMAL.replace("removed: 2021-01-01", f"removed: {written}"))
    parsed = parse_file(path)
    [problem] = [p for p in parsed.problems if p.rule == "ogiltigt-datum"]
    assert "ÅÅÅÅ-MM-DD" in problem.message and shown in problem.message
    assert problem.line == MINIMAL.splitlines().index("            removed: 2021-01-01") + 1
    with pytest.raises(DataError):
        load_structure(path)


def test_a_quoted_iso_date_is_still_a_date(write_yaml):
    path = write_yaml(MINIMAL.replace("removed: 2021-01-01", 'removed: "2021-01-01"'))
    assert load_structure(path).get("2.1.2").removed == dt.date(2021, 1, 1)


@pytest.mark.parametrize("written", ["1.10", "2.0", "1e3", "0x1F", "true"])
def test_an_unquoted_code_is_quoted_in_the_message_as_written(write_yaml, written):
    path = write_yaml(MINIMAL.replace('code: "1.1"', f"code: {written}"))
    [problem] = [p for p in parse_file(path).problems if p.rule == "ogiltig-kod"]
    assert f'koden {written} ska skrivas inom citattecken: code: "{written}"' == \
        problem.message
