"""A node that fails the schema makes no other rule fail: its code stays known, and only
the rules that need its broken field are skipped (issue 18). Each case was ten, two or
one false errors before."""

from __future__ import annotations

import pytest
from tests.conftest import MINIMAL

from vgrklass.datafile import shipped_data_path
from vgrklass.report import validate_file

SHIPPED = shipped_data_path().read_text(encoding="utf-8")


def problems_of(write_yaml, text):
    outcome = validate_file(write_yaml(text))
    return ({(p.rule, p.code) for p in outcome.errors},
            {(p.rule, p.code, p.message) for p in outcome.warnings})


def shipped_warnings(write_yaml):
    return problems_of(write_yaml, SHIPPED)[1]


def in_node(text: str, code: str, old: str, new: str) -> str:
    """`text` with the first `old` after the node `code` replaced by `new`."""
    start = text.index(f'- code: "{code}"\n')
    at = text.index(old, start)
    return text[:at] + new + text[at + len(old):]


@pytest.mark.parametrize(("code", "old", "new"), [
    ("1", "kind: VO", "kind: V0"),  # gave ten errors, nine of them false
    ("2.4", "kind: PG", "kind: Pg"),  # gave three errors, two of them false
    ("2.5.1", "removed: 2021-01-01", "removed: 2021-13-45"),  # and "removed_as utan removed"
    ("1.3", "title: Utföra internt ledningsarbete", "title: [Utföra]"),  # no fel-titel
])
def test_a_schema_error_in_the_shipped_data_is_the_only_error(write_yaml, code, old, new):
    errors, warnings = problems_of(write_yaml, in_node(SHIPPED, code, old, new))
    assert len(errors) == 1 and next(iter(errors))[1] == code, errors
    # and no true warning about the node's other fields or other nodes is lost
    assert warnings == shipped_warnings(write_yaml)


def test_a_wrong_date_of_a_child_is_not_judged_against_its_parent(write_yaml):
    text = MINIMAL.replace("        kind: PG\n        title: Administrera ekonomi\n",
                           "        kind: PG\n        title: Administrera ekonomi\n"
                           "        removed: 2030-01-01\n")
    dated = text.replace("            title: Hantera kostnader från leverantör\n",
                         "            title: Hantera kostnader från leverantör\n"
                         "            removed: 2030-02-30\n")
    assert problems_of(write_yaml, dated)[0] == {("ogiltigt-datum", "2.1.1")}
    # the rule itself still holds where the child's date is missing, not broken
    assert problems_of(write_yaml, text)[0] == {("utanför-förälder", "2.1.1")}


def test_a_code_written_as_a_number_stays_known_to_references_and_children(write_yaml):
    text = (MINIMAL.replace('code: "2.1"', "code: 2.1")
            .replace("title: Hantera bemanning", "title: Hantera bemanning\n"
                     "        description: Köp hanteras i PG 2.1 Administrera ekonomi."))
    assert problems_of(write_yaml, text)[0] == {("ogiltig-kod", "2.1")}


def test_a_reference_into_a_node_without_code_is_no_unknown_reference(write_yaml):
    text = (MINIMAL.replace('      - code: "2.1"\n        kind: PG\n', "      - kind: PG\n")
            .replace("title: Hantera bemanning", "title: Hantera bemanning\n"
                     "        description: Fakturor hanteras i P 2.1.1."))
    assert problems_of(write_yaml, text)[0] == {("fält-saknas", None)}


def test_a_reference_to_a_code_that_is_nowhere_is_still_an_error(write_yaml):
    text = MINIMAL.replace('title: Hantera bemanning', "title: Hantera bemanning\n"
                           "        description: Fakturor hanteras i P 2.1.7.")
    assert problems_of(write_yaml, text)[0] == {("okänd-hänvisning", "2.2")}


def test_a_wrong_kind_skips_only_the_rules_about_kinds(write_yaml):
    # 2.1.1 under 2.2 is wrong whatever 2.2's kind is: the code rule still speaks.
    text = (MINIMAL.replace('code: "2.1.1"', 'code: "2.2.1"')
            .replace("        kind: PG\n        title: Administrera ekonomi",
                     "        kind: pg\n        title: Administrera ekonomi"))
    assert problems_of(write_yaml, text)[0] == {("ogiltigt-värde", "2.1"),
                                                ("kod-förälder", "2.2.1")}
