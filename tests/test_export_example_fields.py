"""Examples written as mappings (text plus the plan's fields): loading and validation."""

from __future__ import annotations

import pytest
from tests.conftest import MINIMAL
from tests.export_data import DETAILED

from vgrklass.load import load_structure
from vgrklass.problems import DataError
from vgrklass.structure import ExampleInfo, node_dict


def problems_of(write_yaml, text):
    with pytest.raises(DataError) as info:
        load_structure(write_yaml(text))
    return info.value.problems


def with_example(mapping: str) -> str:
    return MINIMAL.replace("              - följesedel\n", mapping)


def test_examples_stay_texts_and_mapping_fields_go_to_example_info(write_yaml):
    node = load_structure(write_yaml(DETAILED)).get("2.1.1")
    assert node.examples == ("leverantörsfaktura", "följesedel")
    [(text, info)] = node.example_info
    assert text == "följesedel"
    assert info == ExampleInfo(bevaras_gallras="gallras", gallringsfrist="2 år",
                               sekretess="nej", personuppgifter="ja",
                               forvaring="ekonomisystemet", format="digitalt",
                               anmarkning="Gallras efter kontroll")
    assert node.example_details() == [("leverantörsfaktura", None), ("följesedel", info)]


def test_plain_string_examples_have_no_example_info(write_yaml):
    node = load_structure(write_yaml(MINIMAL)).get("2.1.1")
    assert node.example_info == ()
    assert [info for _, info in node.example_details()] == [None, None]


def test_mapping_with_only_text_is_allowed(write_yaml):
    text = with_example("              - text: följesedel\n")
    node = load_structure(write_yaml(text)).get("2.1.1")
    assert node.examples[-1] == "följesedel"
    assert node.example_info == (("följesedel", ExampleInfo()),)


def test_details_in_node_json_align_with_examples(write_yaml):
    data = node_dict(load_structure(write_yaml(DETAILED)).get("2.1.1"))
    assert data["examples"] == ["leverantörsfaktura", "följesedel"]
    first, second = data["example_details"]
    assert first == {"text": "leverantörsfaktura", "bevaras_gallras": None,
                     "gallringsfrist": None, "gallringsstod": None, "sekretess": None,
                     "personuppgifter": None, "forvaring": None, "registrering": None,
                     "format": None, "anmarkning": None, "gallringsfrist_period": None,
                     "sekretess_osl": []}
    assert second["text"] == "följesedel" and second["gallringsfrist"] == "2 år"
    assert second["gallringsfrist_period"] == {"duration": "P2Y", "after": None}


def test_gallringsfrist_without_gallras_is_an_error_at_its_line(write_yaml):
    text = with_example("              - text: följesedel\n"
                        "                bevaras_gallras: bevaras\n"
                        "                gallringsfrist: 2 år\n")
    [problem] = problems_of(write_yaml, text)
    assert problem.rule == "gallringsfrist-utan-gallras"
    assert "gallras" in problem.message and problem.code == "2.1.1"
    assert problem.line == text.splitlines().index("                gallringsfrist: 2 år") + 1


def test_gallringsfrist_alone_is_an_error(write_yaml):
    text = with_example("              - text: följesedel\n"
                        "                gallringsfrist: 2 år\n")
    [problem] = problems_of(write_yaml, text)
    assert problem.rule == "gallringsfrist-utan-gallras"


def test_unknown_key_suggests_the_right_one(write_yaml):
    text = with_example("              - text: följesedel\n"
                        "                gallringstid: 2 år\n")
    [problem] = problems_of(write_yaml, text)
    assert problem.rule == "okänt-fält"
    assert "gallringstid" in problem.message and "gallringsfrist" in problem.message
    assert problem.line == text.splitlines().index("                gallringstid: 2 år") + 1


def test_bevaras_gallras_accepts_only_its_two_words(write_yaml):
    text = with_example("              - text: följesedel\n"
                        "                bevaras_gallras: sparas\n")
    [problem] = problems_of(write_yaml, text)
    assert problem.rule == "ogiltigt-värde"
    assert "'bevaras'" in problem.message and "'gallras'" in problem.message


def test_mapping_without_text_names_the_missing_field(write_yaml):
    text = with_example("              - bevaras_gallras: bevaras\n")
    [problem] = problems_of(write_yaml, text)
    assert problem.rule == "fält-saknas" and "'text'" in problem.message


def test_example_that_is_neither_text_nor_mapping_is_named_by_position(write_yaml):
    text = with_example("              - [en, lista]\n")
    [problem] = problems_of(write_yaml, text)
    assert problem.rule == "fel-typ" and "exempel nr 2" in problem.message


def test_boolean_field_value_gets_a_hint(write_yaml):
    text = with_example("              - text: följesedel\n"
                        "                personuppgifter: true\n")
    [problem] = problems_of(write_yaml, text)
    assert "'personuppgifter' ska vara text" in problem.message
    assert "ja eller nej" in problem.message



def test_an_unreadable_gallringsfrist_is_an_error_at_its_line(write_yaml):
    text = with_example("              - text: följesedel\n"
                        "                bevaras_gallras: gallras\n"
                        "                gallringsfrist: snart\n")
    [problem] = problems_of(write_yaml, text)
    assert problem.rule == "ogiltig-gallringsfrist" and "'snart'" in problem.message
    assert problem.line == text.splitlines().index("                gallringsfrist: snart") + 1


def test_every_field_fixture_loads_with_its_periods(write_yaml):
    from tests.export_data import EVERY_FIELD

    node = load_structure(write_yaml(EVERY_FIELD)).get("2.1.1")
    periods = {text: info.frist and info.frist.as_dict() for text, info in node.example_info}
    assert periods == {
        "leverantörsfaktura": {"duration": "P10Y", "after": "räkenskapsårets slut"},
        "följesedel": {"duration": "P0D", "after": "inaktualitet"},
        "avtal med leverantör": None}
    assert dict(node.example_info)["avtal med leverantör"].osl == ("31 kap. 16 §",)
