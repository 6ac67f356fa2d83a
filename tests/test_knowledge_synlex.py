"""Knowledge: the Synlex synonym pairs shipped with the package and their loader."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from vgrklass.knowledge.errors import KnowledgeError
from vgrklass.knowledge.synlex import (
    SYNLEX_PATH,
    SynPair,
    read_synlex,
    synonym_graph,
)

HEADER = "ord1\tord2\tgrad\n"


@pytest.fixture(scope="module")
def shipped() -> list[SynPair]:
    return read_synlex()


def write(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "synlex.tsv"
    path.write_text(header + body, encoding="utf-8")
    return path


def test_shipped_file_loads_with_many_pairs(shipped):
    assert SYNLEX_PATH.name == "synlex.tsv"
    assert len(shipped) > 15_000
    assert all(isinstance(pair, SynPair) for pair in shipped)


def test_shipped_file_stays_small_and_keeps_its_licence_next_to_it():
    assert SYNLEX_PATH.stat().st_size < 2_000_000
    notice = SYNLEX_PATH.with_name("SYNLEX-LICENS.txt").read_text(encoding="utf-8")
    assert "Copyright (c) Viggo Kann KTH 2009" in notice
    assert "provided the above notices are retained on all copies" in notice
    assert "MODIFIERAD" in notice


def test_shipped_pairs_are_single_lowercase_words_graded_three_or_more(shipped):
    for first, second, grade in shipped:
        for word in (first, second):
            assert word.isalpha() and word == unicodedata.normalize("NFC", word.lower())
        assert first < second
        assert 3.0 <= grade <= 5.0
        assert grade == round(grade, 1)


def test_shipped_file_has_known_sensible_pairs(shipped):
    grades = {(pair.first, pair.second): pair.grade for pair in shipped}
    assert grades[("avtal", "kontrakt")] == 4.0
    assert grades[("avtal", "överenskommelse")] == 4.0
    assert grades[("faktura", "räkning")] == 4.7
    assert grades[("direktör", "vd")] == 3.2  # "VD" in the source, lowercased


def test_min_grade_keeps_only_pairs_at_or_above_it(shipped):
    strong = read_synlex(min_grade=4.5)
    assert 0 < len(strong) < len(shipped)
    assert all(pair.grade >= 4.5 for pair in strong)
    assert strong == [pair for pair in shipped if pair.grade >= 4.5]


def test_min_grade_filters_a_small_file(tmp_path):
    path = write(tmp_path, "avtal\tkontrakt\t4.0\nfaktura\tnota\t3.0\nett\ttvå\t2.0\n")
    assert read_synlex(path, min_grade=0.0) == [
        SynPair("avtal", "kontrakt", 4.0),
        SynPair("faktura", "nota", 3.0),
        SynPair("ett", "två", 2.0),
    ]
    assert read_synlex(path) == [SynPair("avtal", "kontrakt", 4.0),
                                 SynPair("faktura", "nota", 3.0)]
    assert read_synlex(path, min_grade=3.5) == [SynPair("avtal", "kontrakt", 4.0)]


@pytest.mark.parametrize(
    ("body", "line", "says"),
    [
        ("avtal\tkontrakt\t4.0\nfaktura räkning 4.7\n", 3, "tre fält"),
        ("avtal\tkontrakt\t4.0\n\n", 3, "tre fält"),
        ("avtal\tkontrakt\t4.0\textra\n", 2, "tre fält"),
        ("avtal\tKontrakt\t4.0\n", 2, "”Kontrakt”"),
        ("avtal\thyres-kontrakt\t4.0\n", 2, "”hyres-kontrakt”"),
        ("avtal\tett avtal\t4.0\n", 2, "”ett avtal”"),
        ("\tkontrakt\t4.0\n", 2, "saknas"),
        ("avtal\tkontrakt\thög\n", 2, "”hög”"),
        ("avtal\tkontrakt\t7.5\n", 2, "”7.5”"),
        ("avtal\tkontrakt\tnan\n", 2, "”nan”"),
        ("avtal\tavtal\t5.0\n", 2, "sig självt"),
        ("avtal\tkontrakt\t4.0\nkontrakt\tavtal\t3.0\n", 3, "rad 2"),
    ],
)
def test_malformed_line_names_file_and_line(tmp_path, body, line, says):
    path = write(tmp_path, body)
    with pytest.raises(KnowledgeError) as caught:
        read_synlex(path)
    message = str(caught.value)
    assert message.startswith(f"synlex.tsv, rad {line}: ")
    assert says in message


def test_malformed_line_is_an_error_even_below_min_grade(tmp_path):
    path = write(tmp_path, "avtal\tkontrakt\t4.0\nett\tTvå\t1.0\n")
    with pytest.raises(KnowledgeError, match=r"^synlex\.tsv, rad 3: "):
        read_synlex(path, min_grade=4.0)


@pytest.mark.parametrize("header", ["", "ord1,ord2,grad\n", "avtal\tkontrakt\t4.0\n"])
def test_missing_or_wrong_header_is_an_error_on_line_one(tmp_path, header):
    path = write(tmp_path, "faktura\tnota\t3.0\n" if header else "", header=header)
    with pytest.raises(KnowledgeError, match=r"^synlex\.tsv, rad 1: rubrikraden"):
        read_synlex(path)


def test_knowledge_error_is_a_value_error():
    assert issubclass(KnowledgeError, ValueError)


def test_graph_is_symmetric_with_best_grade_first(shipped):
    graph = synonym_graph(shipped)
    for word, neighbours in graph.items():
        grades = [grade for _, grade in neighbours]
        assert grades == sorted(grades, reverse=True)
        for other, grade in neighbours:
            assert (word, grade) in graph[other]
    assert ("kontrakt", 4.0) in graph["avtal"]
    assert ("avtal", 4.0) in graph["kontrakt"]
    assert graph["faktura"][0] == ("räkning", 4.7)


def test_graph_of_a_few_pairs_sorts_by_grade_then_word_and_keeps_the_best_duplicate():
    graph = synonym_graph([
        SynPair("avtal", "pakt", 3.0),
        SynPair("avtal", "kontrakt", 4.0),
        SynPair("avtal", "överenskommelse", 4.0),
        SynPair("kontrakt", "avtal", 3.5),
    ])
    assert graph == {
        "avtal": (("kontrakt", 4.0), ("överenskommelse", 4.0), ("pakt", 3.0)),
        "kontrakt": (("avtal", 4.0),),
        "pakt": (("avtal", 3.0),),
        "överenskommelse": (("avtal", 4.0),),
    }


def test_importing_the_package_loads_no_module_and_no_data():
    code = ("import sys, vgrklass.knowledge; "
            "print(sorted(m for m in sys.modules if m.startswith('vgrklass.knowledge.')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"
