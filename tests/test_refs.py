"""Cross-references derived from the node texts: extraction, graph queries, rules, CLI."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from tests.conftest import parse_file
from typer.testing import CliRunner

from vgrklass.cli import app
from vgrklass.load import load_structure
from vgrklass.refs import all_refs, extract_refs, incoming, outgoing
from vgrklass.rules import check
from vgrklass.structure import Node

SHIPPED = Path(__file__).resolve().parents[1] / "data" / "klassificering.yaml"
runner = CliRunner()

# Every reference in the seed (klassificeringsstruktur-rs.txt), read by eye, in seed order.
# The seed wraps lines, e.g. "hanteras i P\n2.5.4" (1.3) and "under P\n1.3" (2.12).
SEED_EDGES = [
    ("1.2", "2.4.1", "P"),    # Underlag till budget hanteras i P 2.4.1
    ("1.3", "1.7", "P"),      # redovisas under P 1.7
    ("1.3", "2.9.2", "P"),    # redovisas under P 2.9.2
    ("1.3", "2.5.4", "P"),    # hanteras i P\n2.5.4
    ("1.5", "1.3", "P"),      # hanteras under P 1.3
    ("1.6", "1.7", "P"),      # redovisas under P 1.7
    ("1.7", "2.3", "PG"),     # redovisas under PG 2.3
    ("2.3.2", "2.5.3", "P"),  # Friskvårdsavtal hanteras under P 2.5.3
    ("2.4.1", "1.2", "P"),    # hör hemma under P 1.2
    ("2.5.2", "1.3", "P"),    # hanteras i 1.3 "Utföra internt ledningsarbete" (bare code)
    ("2.5.5", "2.5.4", "P"),  # Förnyad konkurrensutsättning hanteras i P 2.5.4
    ("2.6.2", "1.3", "P"),    # redovisas under P 1.3
    ("2.6.5", "2.15", "P"),   # Överklaganden … hanteras i P 2.15
    ("2.9.1", "2.4.4", "P"),  # Investeringar hanteras under P 2.4.4
    ("2.9.2", "1.7", "P"),    # miljöarbete, redovisas under P 1.7
    ("2.9.2", "1.3", "P"),    # brandskyddsarbete, se processen P 1.3
    ("2.9.2", "2.5.3", "P"),  # Bevakningsavtal … under P 2.5.3
    ("2.9.2", "2.14", "P"),   # Säkerhetsklassning … under P 2.14
    ("2.10", "1.10", "P"),    # Deltaga i nätverk hanteras i P 1.10
    ("2.11", "2.10", "P"),    # Broschyrer … under P 2.10
    ("2.12", "1.3", "P"),     # redovisas under P\n1.3
    ("2.12", "2.9.3", "P"),   # redovisas under P 2.9.3
    ("2.14", "2.7", "P"),     # Personuppgiftsincidenter hanteras i P 2.7
    ("2.14", "1.3", "P"),     # Styrdokument hanteras under P 1.3
    ("2.14", "2.9.2", "P"),   # hanteras hanteras i P 2.9.2
    ("5.4", "1.8", "P"),      # Jämför 1.8 Besvara Remisser och enkäter (bare code)
    ("8.5", "7", "VO"),       # hanteras under VO 7.
    ("12.1", "13.2", "P"),    # under process 13.2 "Hantera upphandling …"
    ("12.5", "13.5", "P"),    # under process 13.5 "Hantera inköp …"
]


def node(text: str, field: str = "comments") -> Node:
    return Node(code="9.1", kind="P", title="Testprocess", parent=None, **{field: text})


def edges(text: str, structure=None) -> list[tuple[str, str | None]]:
    return [(r.target, r.target_kind) for r in extract_refs(node(text), structure)]


@pytest.fixture(scope="module")
def shipped():
    return load_structure(SHIPPED)


# --- the shipped data -----------------------------------------------------------------

def test_shipped_data_has_exactly_the_references_in_the_seed(shipped):
    found = Counter((r.source, r.target, r.target_kind) for r in all_refs(shipped))
    expected = Counter(SEED_EDGES)
    assert found - expected == Counter(), "kanter som inte finns i källan"
    assert expected - found == Counter(), "kanter i källan som inte hittades"


def test_every_edge_text_is_a_sentence_of_the_source_node_naming_the_target(shipped):
    for ref in all_refs(shipped):
        source = shipped.nodes[ref.source]
        texts = " ".join(" ".join(t.split()) for t in
                         (source.description, source.comments, source.handling) if t)
        assert ref.text in texts
        assert ref.target in ref.text
        assert "\n" not in ref.text


def test_incoming_lists_every_process_that_refers_to_1_3(shipped):
    expected = sorted(s for s, t, _ in SEED_EDGES if t == "1.3")
    assert len(expected) >= 5
    assert sorted(r.source for r in incoming(shipped, "1.3")) == expected


def test_outgoing_accepts_a_kind_prefix(shipped):
    assert [r.target for r in outgoing(shipped, "P 1.3")] == ["1.7", "2.9.2", "2.5.4"]
    assert outgoing(shipped, "99.9") == []


def test_shipped_data_has_no_reference_errors():
    parsed = parse_file(SHIPPED)
    errors = [p for p in check(parsed) if p.severity == "fel"]
    assert errors == []


# --- extraction on tricky sentences ---------------------------------------------------

@pytest.mark.parametrize("text", [
    "Program för uppföljning, beslut RF 2016-05-10 § 85.",
    "Hänvisning arvodesbestämmelser senast beslutade RF 2014/§120",
    "Diarienummer RS 2020-07454",
    "Version: 1.3:2017, gäller från 2021-01-01.",
    "Ändrad i 1.3:2017 av arkivet.",
    "Se lagen om finansiell samordning 2003:1210",
    "Kommer från Lag (2006:544) om kommuners och landstings åtgärder",
    "§ 5 b reglementet och lag om regionalt utvecklingsansvar i vissa län",
    "Se regionstyrelsens reglemente § 6-9, 11, 12",
    "Samtliga exempel beslutades 2015. Fram till och med 2018 i en annan struktur.",
    "Upphandlingar som leder till:\n1) Avtal avseende faktiskt handlande\n2) Avtal om genomförande",
    "Gränsen är 543 000 kr, 28% av tröskelvärdet, gåvor får förbrukas inom 5 år.",
    "utföras i samråd med KoncerninköP 1.3 gånger",
    "Beslutet togs i P 2018 enligt protokollet.",
    "Uppdateras i 2.0 Versionen av systemet.",
    "rekvirering av medel från anslag 2:4 Krisberedskap",
    "Hanteras enligt P\n1) Avtal avseende faktiskt handlande",
])
def test_numbers_that_are_not_references_give_no_edge(text):
    assert edges(text) == []


def test_explicit_kinds_are_kept_as_written():
    assert edges("Underlag till budget hanteras i P 2.4.1 Utforma och följa upp ekonomi") == [
        ("2.4.1", "P")]
    assert edges("Arbetsskador redovisas under PG 2.3 Hantera personalsociala frågor.") == [
        ("2.3", "PG")]
    assert edges("Vårdproduktion hanteras under VO 7.") == [("7", "VO")]
    assert edges("Se P 1.10 och inte P 1.1.") == [("1.10", "P"), ("1.1", "P")]


def test_wrapped_reference_is_found_and_its_sentence_joined():
    refs = extract_refs(node("Upphandlingsstrategi hanteras i P\n2.5.4 Hantera inköp och\n"
                             "upphandlingar.\nNästa mening nämner inget."))
    assert [(r.target, r.target_kind) for r in refs] == [("2.5.4", "P")]
    assert refs[0].text == ("Upphandlingsstrategi hanteras i P 2.5.4 Hantera inköp och "
                            "upphandlingar.")


def test_text_is_only_the_sentence_the_reference_stands_in():
    refs = extract_refs(node("Första meningen. Investeringar hanteras under P 2.4.4 Hantera "
                             "löpande ekonomiredovisning. Sista meningen."))
    assert refs[0].text == ("Investeringar hanteras under P 2.4.4 Hantera löpande "
                            "ekonomiredovisning.")


def test_bare_code_takes_the_kind_of_the_target_node(shipped):
    text = 'Upphandlingar hanteras under process 2.5 "Köpa in och upphandla"'
    assert edges(text, shipped) == [("2.5", "PG")]
    assert edges(text) == [("2.5", None)]  # no structure: kind unknown
    assert edges('Strategi hanteras i 1.3 "Utföra internt ledningsarbete"', shipped) == [
        ("1.3", "P")]
    assert edges("Jämför 1.8 Besvara remisser och enkäter", shipped) == [("1.8", "P")]


def test_bare_code_after_a_preposition_needs_a_title_after_it():
    assert edges("Budgeten ökade i 2.5 procent.") == []
    assert edges("Hanteras i 2.5 \"Köpa in och upphandla\"") == [("2.5", None)]


def test_quoted_title_is_kept_without_the_quotes_and_padding():
    (ref,) = extract_refs(node('hanteras under process 13.2 "Hantera upphandling enligt lagen '
                               'om offentlig\nupphandling (LOU) "'))
    assert ref.title == "Hantera upphandling enligt lagen om offentlig upphandling (LOU)"
    assert ref.title_quoted


def test_lists_of_codes_share_the_kind_but_counts_are_not_codes():
    assert edges("Hanteras i P 2.5.3 och 2.5.4.") == [("2.5.3", "P"), ("2.5.4", "P")]
    assert edges("Se processerna 2.5.3, 2.5.4 eller 2.5.5.") == [
        ("2.5.3", None), ("2.5.4", None), ("2.5.5", None)]
    assert edges("Se P 1.3 och 5 andra processer.") == [("1.3", "P")]


def test_examples_are_searched_too():
    n = Node(code="9.1", kind="P", title="T", parent=None, examples=("a", "underlag (se P 2.4.1)"))
    (ref,) = extract_refs(n)
    assert (ref.field, ref.index, ref.target, ref.text) == (
        "examples", 1, "2.4.1", "underlag (se P 2.4.1)")


# --- validate rules -------------------------------------------------------------------

RULES_YAML = """\
meta:
  title: Test
  organisation: Testregionen
  version: "1.0:2020"
  valid_from: 2021-01-01
  diarienummer: RS 2020-1
nodes:
  - code: "1"
    kind: VO
    title: STYRA
    children:
      - code: "1.1"
        kind: P
        title: Utföra politiskt ledningsarbete
        comments: Budget hanteras i P 1.9 Finns inte.
      - code: "1.2"
        kind: P
        title: Planera verksamheten
        comments: |-
          Gamla avtal hanteras i P 1.3 Köpa in gammalt.

          Strategier hanteras i 1.1 "Utföra ledningsarbete"
      - code: "1.3"
        kind: P
        title: Köpa in gammalt
        removed: 2021-01-01
        comments: Se P 1.2 Planera verksamheten och PG 1.1.
      - code: "1.4"
        kind: P
        title: Köpa in nytt
        added: 2021-01-01
        comments: Strategier hanteras i 1.1 "utföra  politiskt ledningsarbete"
"""


def rule_problems(write_yaml, rule: str):
    parsed = parse_file(write_yaml(RULES_YAML))
    return [p for p in check(parsed) if p.rule == rule]


def test_reference_to_missing_code_is_an_error_at_the_text_line(write_yaml):
    (problem,) = rule_problems(write_yaml, "okänd-hänvisning")
    assert problem.severity == "fel" and problem.code == "1.1"
    assert problem.line == 15  # the comments line of 1.1
    assert "1.9" in problem.message


def test_reference_to_node_not_in_force_while_source_is_warns(write_yaml):
    problems = rule_problems(write_yaml, "hänvisning-ej-i-kraft")
    # 1.2 (always) → 1.3 (removed 2021); 1.3 → 1.2 and 1.4 → 1.1 are fine.
    assert [(p.code, p.severity) for p in problems] == [("1.2", "varning")]
    assert "2021-01-01" in problems[0].message


def test_wrong_quoted_title_warns_but_case_and_spacing_do_not(write_yaml):
    problems = rule_problems(write_yaml, "fel-titel")
    assert [p.code for p in problems] == ["1.2"]
    assert "Utföra ledningsarbete" in problems[0].message


def test_written_kind_must_match_the_target(write_yaml):
    problems = rule_problems(write_yaml, "fel-nivå-hänvisning")
    assert [p.code for p in problems] == ["1.3"]
    assert "PG 1.1" in problems[0].message


def test_shipped_quoted_title_mismatch_is_reported():
    parsed = parse_file(SHIPPED)
    titles = [p for p in check(parsed) if p.rule == "fel-titel"]
    assert [p.code for p in titles] == ["12.1"]  # quotes the title of 2.5.2, not of 13.2


# --- CLI ------------------------------------------------------------------------------

def run(*args: str):
    return runner.invoke(app, [*args, "--data", str(SHIPPED)])


def test_refs_json_is_a_list_of_edges_with_exactly_four_keys():
    result = run("refs", "--all", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {tuple(sorted(e)) for e in data} == {("source", "target", "target_kind", "text")}
    assert Counter((e["source"], e["target"], e["target_kind"]) for e in data) == Counter(
        SEED_EDGES)


def test_refs_default_drops_edges_from_removed_nodes_unless_dated_or_all():
    def sources(*args):
        return {e["source"] for e in json.loads(run("refs", "1.3", "-f", "json", *args).stdout)}

    assert "2.5.2" not in sources()  # Upphörd 2021-01-01
    assert "2.5.2" in sources("--date", "2020-06-01")
    assert "2.5.2" in sources("--all")
    assert "2.14" not in sources("--date", "2020-06-01")  # Tillagd 2021-01-01


def test_refs_with_code_lists_both_directions():
    data = json.loads(run("refs", "2.9.2", "--all", "-f", "json").stdout)
    assert {e["source"] for e in data if e["target"] == "2.9.2"} == {"1.3", "2.14"}
    assert {e["target"] for e in data if e["source"] == "2.9.2"} == {"1.7", "1.3", "2.5.3",
                                                                     "2.14"}


def test_refs_text_output_and_unknown_code():
    result = run("refs", "1.3")
    assert result.exit_code == 0
    assert "hänvisar till" in result.stdout and "Hänvisar till P 1.3" in result.stdout
    bad = run("refs", "99.9")
    assert bad.exit_code == 1 and "finns inte" in bad.output
    assert run("refs", "--date", "2021-13-01").exit_code == 2


def test_show_lists_outgoing_and_incoming_references():
    data = json.loads(run("show", "1.3", "-f", "json").stdout)
    assert [r["target"] for r in data["refs_out"]] == ["1.7", "2.9.2", "2.5.4"]
    assert sorted(r["source"] for r in data["refs_in"]) == sorted(
        s for s, t, _ in SEED_EDGES if t == "1.3")
    assert set(data["refs_in"][0]) == {"source", "target", "target_kind", "text"}
    text = run("show", "1.3").stdout
    assert "Hänvisar till" in text and "Hänvisas från" in text and "P 2.14" in text


def test_all_refs_answers_for_the_structure_given_even_after_another(write_yaml):
    # all_refs remembers its answer with the structure (speed at scale); it must never
    # hand one structure's edges to another.
    first = parse_file(write_yaml(RULES_YAML, "a.yaml")).structure
    second = parse_file(write_yaml(RULES_YAML.replace("P 1.9", "P 1.4"), "b.yaml")).structure
    before = [(r.source, r.target) for r in all_refs(first)]
    after = [(r.source, r.target) for r in all_refs(second)]
    assert ("1.1", "1.9") in before and ("1.1", "1.9") not in after
    assert ("1.1", "1.4") in after
    assert [(r.source, r.target) for r in all_refs(first)] == before


def test_the_remembered_edges_stay_with_their_structure(write_yaml):
    import dataclasses
    import pickle

    structure = parse_file(write_yaml(RULES_YAML)).structure
    edges = all_refs(structure)
    assert structure.derived["refs"] == edges
    # neither pickled into the cache with it, nor shared by a copy with another source
    assert pickle.loads(pickle.dumps(structure)).derived == {}
    assert pickle.loads(pickle.dumps(structure)) == structure
    assert dataclasses.replace(structure, source="x.yaml").derived == {}
    # and a caller's list is its own
    edges.clear()
    assert all_refs(structure) == structure.derived["refs"] != []
