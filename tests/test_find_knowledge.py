"""find beyond the structure's own words: confident hits versus uncertain suggestions,
the general lexicon, Synlex, sökord, numbers, and the CLI contract (exit codes, limits,
hints). Pinned on a small structure of our own."""

from __future__ import annotations

import json
import sqlite3
import time

import pytest
from typer.testing import CliRunner

from vgrklass.cli import app
from vgrklass.knowledge import lexicon
from vgrklass.knowledge.lexicon import lexicon_split
from vgrklass.load import load_structure
from vgrklass.search.find import MAX_QUERY, find
from vgrklass.search.index import build_index
from vgrklass.search.rank import analyse

KNOWLEDGE_YAML = """\
meta:
  title: Kunskapsstruktur
  organisation: Testregionen
  version: "1.0:2020"
  valid_from: 2021-01-01
  diarienummer: RS 2020-3
nodes:
  - code: "1"
    kind: VO
    title: GE STÖD
    children:
      - code: "1.1"
        kind: P
        title: Genomföra byggprojekt
        description: Processen omfattar ny- och ombyggnad.
        examples:
          - byggritning
          - bygglovsansökan
      - code: "1.2"
        kind: P
        title: Hantera möten i ledningsgruppen
        examples:
          - mötesanteckning
          - dagordning
      - code: "1.3"
        kind: P
        title: Redovisa ekonomi
        examples:
          - årsredovisning
          - underlag till revisionsrapport
        sokord:
          - räkenskapssammandrag
      - code: "1.4"
        kind: P
        title: Hantera semester
        examples:
          - semesteransökan
          - förteckning över semesterdagar
      - code: "1.5"
        kind: P
        title: Granska verksamheten
        examples:
          - revisionsrapport
          - förteckning över granskningar
      - code: "1.6"
        kind: P
        title: Planera verksamheten
        examples:
          - förteckning över mål
          - verksamhetsplan
      - code: "1.7"
        kind: P
        title: Hantera ledighet
        examples:
          - semesteransökan
"""


@pytest.fixture
def data(write_yaml):
    return write_yaml(KNOWLEDGE_YAML)


@pytest.fixture
def index(data):
    return build_index(load_structure(data))


def run(data, *args: str):
    return CliRunner().invoke(app, ["find", *args, "--data", str(data)])


def codes(result) -> list[str]:
    return [h.code for h in result.hits]


def test_a_unique_example_named_exactly_is_a_confident_hit(index):
    result = find(index, "årsredovisning")
    assert codes(result)[:1] == ["1.3"] and result.confident


def test_years_and_numbers_are_ignored_for_matching(index):
    plain, dated = find(index, "årsredovisning"), find(index, "årsredovisning 2023")
    assert codes(dated) == codes(plain) and dated.confident
    assert find(index, "årsredovisning nr 12/2024").confident


def test_an_example_of_two_processes_is_uncertain(index):
    result = find(index, "semesteransökan")
    assert set(codes(result)[:2]) == {"1.4", "1.7"}
    assert not result.confident


def test_a_type_named_only_in_an_underlag_is_not_confident(write_yaml):
    text = KNOWLEDGE_YAML.replace("          - revisionsrapport\n", "          - protokoll\n")
    result = find(build_index(load_structure(write_yaml(text))), "revisionsrapport")
    assert codes(result)[:1] == ["1.3"]  # the only process that names it ...
    assert not result.confident  # ... names an underlag for it, not the report


def test_sokord_are_searched_like_examples_and_can_be_confident(index):
    result = find(index, "räkenskapssammandrag")
    assert codes(result)[:1] == ["1.3"] and result.confident
    assert result.hits[0].matched[0].field == "sokord"


def test_the_stored_lexicon_reads_words_as_the_built_one_does(tmp_path):
    built = lexicon.build_lexicon()
    path = tmp_path / "lexikon.sqlite"
    lexicon.write_lexicon(path, built, "nyckel")
    stored = lexicon.open_lexicon(path, "nyckel")
    assert lexicon.open_lexicon(path, "en annan nyckel") is None
    words = [*sorted(built.words)[::50], "fasadritning", "signeringslistor", "listor",
             "räntefaktura", "platsannons", "xq", "a", ""]
    words += [w + ending for w in sorted(built.words)[::400] for ending in ("en", "erna")]
    for word in words:
        assert stored.base(word) == built.base(word), word
        assert lexicon.lexicon_split(word, stored) == lexicon.lexicon_split(word, built), word
    assert "fasad" in stored.words and stored.base("listor") is not None


def test_a_damaged_stored_lexicon_knows_no_words(tmp_path):
    path = tmp_path / "lexikon.sqlite"
    lexicon.write_lexicon(path, lexicon.build_lexicon(), "nyckel")
    stored = lexicon.open_lexicon(path, "nyckel")
    with sqlite3.connect(path) as connection:
        connection.execute("DROP TABLE stems")
    assert stored.base("listor") is None and stored.base("fasad") == "fasad"  # words kept
    with sqlite3.connect(path) as connection:
        connection.execute("DROP TABLE words")
    assert stored.base("ritning") is None and lexicon.lexicon_split("mötesanteckning",
                                                                     stored) == []


def test_a_compound_of_general_words_suggests_the_process_of_its_head(index):
    # 'fasad' is no word of the structure: the lexicon splits fasad|ritning, and
    # 'ritning' is the head of 1.1's 'byggritning'.
    assert lexicon_split("fasadritning") == ["fasad", "ritning"]
    without_domain = index._replace(knowledge=index.knowledge._replace(domain={}))
    result = find(without_domain, "fasadritning")
    assert codes(result)[:1] == ["1.1"] and not result.confident
    assert any("SAOL" in how for m in result.hits[0].matched for _, _, how in m.words)


def test_a_domain_term_bridges_to_the_structures_word(index):
    # domanord.tsv: fasadritning is a byggritning (PBL); the domain reading names it.
    result = find(index, "fasadritning")
    assert codes(result)[:1] == ["1.1"] and not result.confident
    assert any("domänord" in how for m in result.hits[0].matched for _, _, how in m.words)


def test_a_synlex_synonym_suggests_uncertainly(index):
    # Synlex grades notering – anteckning 4.6; the structure writes 'mötesanteckning'.
    result = find(index, "notering")
    assert codes(result)[:1] == ["1.2"] and not result.confident
    assert any("Synlex" in how for m in result.hits[0].matched for _, _, how in m.words)


def test_the_head_of_a_compound_outweighs_its_first_part(index):
    # 'semesterförteckning' is no example anywhere: a förteckning (1.4's 'förteckning
    # över semesterdagar') beats a process that only has 'semester' in a compound.
    result = find(index, "semesterförteckning")
    assert codes(result)[:1] == ["1.4"]


@pytest.mark.parametrize("query", ["pizza", "glasstrut med strössel", "fotbollsmatch"])
def test_unrelated_queries_get_no_confident_hit(index, query):
    assert not find(index, query).confident


def test_cli_exit_codes_follow_confidence(data):
    assert run(data, "årsredovisning").exit_code == 0
    uncertain = run(data, "fasadritning")
    assert uncertain.exit_code == 1
    assert "Inget säkert svar" in uncertain.output and "1.1" in uncertain.output
    assert run(data, "pizza").exit_code == 1


def test_json_marks_every_hit_confident_or_not(data):
    result = run(data, "semesteransökan", "--format", "json")
    hits = json.loads(result.stdout)
    assert result.exit_code == 1
    assert [h["confident"] for h in hits] == [False] * len(hits)
    sure = json.loads(run(data, "årsredovisning", "--format", "json").stdout)
    assert sure[0]["confident"] is True


def test_an_overlong_query_is_a_usage_error_answered_at_once(data):
    started = time.perf_counter()
    result = run(data, "faktura " * 200)
    assert result.exit_code == 2
    assert f"högst {MAX_QUERY}" in result.output
    assert time.perf_counter() - started < 5  # not the 406 s of a 100 000-character query


def test_a_cut_list_says_how_many_there_were(data):
    result = run(data, "förteckning", "--limit", "1")
    assert "Visar 1 av" in result.output


def test_explain_says_why_nothing_matched(data):
    result = run(data, "xyzzyqwerty", "--explain")
    assert result.exit_code == 1
    assert "finns inte i strukturen" in result.output


def test_an_english_query_gets_a_hint_that_the_structure_is_swedish(data):
    result = run(data, "minutes of the board meeting")
    assert result.exit_code == 1
    assert "Strukturen är på svenska" in result.output
    assert "Strukturen är på svenska" not in run(data, "pizza").output


def test_validate_warns_about_sokord_that_do_nothing(write_yaml):
    from tests.conftest import parse_file

    from vgrklass.rules import check

    text = KNOWLEDGE_YAML.replace(
        "        sokord:\n          - räkenskapssammandrag\n",
        "        sokord:\n          - räkenskapssammandrag\n          - Årsredovisning\n"
        "          - räkenskapssammandrag\n")
    path = write_yaml(text)
    problems = check(parse_file(path))
    rules = sorted(p.rule for p in problems)
    assert rules == ["dubblett-sökord", "sökord-är-exempel"]
    line = text.splitlines().index("          - Årsredovisning") + 1
    assert [p.line for p in problems if p.rule == "sökord-är-exempel"] == [line]


def test_a_real_word_is_not_read_as_a_misspelling_of_a_structure_word(index):
    # 'ergonomi' is a word of its own (SAOL), not a typo of 1.3's 'ekonomi' ...
    hows = [how for h in find(index, "ergonomi").hits for m in h.matched
            for _, _, how in m.words]
    assert "felstavning" not in hows
    # ... while a real typo still is one.
    assert codes(find(index, "årsredovisnig"))[:1] == ["1.3"]


def test_in_a_plans_list_style_the_leading_document_type_is_the_head(index):
    # 'Dagordning ekonomiutskott': a dagordning (1.2's type), about an ekonomiutskott.
    words = analyse(index, "Dagordning ekonomiutskott")
    assert [w.text for w in words if w.head] == ["dagordning"]
    assert codes(find(index, "Dagordning ekonomiutskott"))[:1] == ["1.2"]
    # A genitive first is no type: 'styrelsens årsredovisning' is an årsredovisning.
    assert [w.text for w in analyse(index, "styrelsens årsredovisning") if w.head] == \
        ["årsredovisning"]


def test_with_attachments_is_a_plans_way_of_speaking(index):
    result = find(index, "Årsredovisning med bilagor")
    assert codes(result)[:1] == ["1.3"] and result.confident
