"""`find -`: one query per line from standard in, each answered (text blocks, a JSON array,
or JSON lines), with limits checked before anything is answered."""

from __future__ import annotations

import io
import json

import pytest
from tests.test_search import SEARCH_YAML
from typer.testing import CliRunner

from vgrklass.cli import app
from vgrklass.queries import MAX_LINES, Query, QueryInputError, read_queries
from vgrklass.search.find import MAX_QUERY

runner = CliRunner()


@pytest.fixture
def data(write_yaml):
    return write_yaml(SEARCH_YAML)


def run(data, text: str | bytes, *args: str):
    return runner.invoke(app, ["find", "-", *args, "--data", str(data)], input=text)


def single(data, query: str) -> list[dict]:
    result = runner.invoke(app, ["find", query, "-f", "json", "--data", str(data)])
    return json.loads(result.stdout)


def test_jsonl_one_object_per_query_with_the_query_and_its_line(data):
    result = run(data, "leverantörsräkningar\n\nqwxyzzz\n", "--format", "jsonl")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(a["query"], a["line"]) for a in lines] == [("leverantörsräkningar", 1),
                                                        ("qwxyzzz", 3)]
    assert lines[0]["hits"] == single(data, "leverantörsräkningar")  # as find answers it
    assert lines[0]["confident"] is True and lines[0]["total"] >= 1
    assert lines[1]["hits"] == [] and lines[1]["confident"] is False
    assert result.exit_code == 1  # one query without a confident answer


def test_json_is_an_array_of_per_query_results(data):
    result = run(data, "leverantörsräkningar\r\nfaktura\n", "-f", "json", "-n", "1")
    answers = json.loads(result.stdout)
    assert [a["query"] for a in answers] == ["leverantörsräkningar", "faktura"]
    assert all(len(a["hits"]) <= 1 for a in answers)


def test_exit_0_when_every_query_is_answered_confidently(data):
    result = run(data, "leverantörsräkningar\n", "-f", "jsonl")
    assert result.exit_code == 0, result.output


def test_text_a_block_per_query_in_order(data):
    result = run(data, "leverantörsräkningar\nqwxyzzz\n")
    out = result.stdout
    first, second = out.index("Sökfråga (rad 1): leverantörsräkningar"), \
        out.index("Sökfråga (rad 2): qwxyzzz")
    assert first < out.index("Hantera utgifter till leverantör") < second  # under its query
    assert "matchar ”qwxyzzz”" in out[second:]  # the note in its block, not on stderr


def test_a_single_query_as_jsonl_has_no_line(data):
    result = runner.invoke(app, ["find", "leverantörsräkningar", "-f", "jsonl", "--data",
                                 str(data)])
    answer = json.loads(result.stdout)
    assert answer["query"] == "leverantörsräkningar" and answer["line"] is None


@pytest.mark.parametrize("text, message", [
    ("", "standard in: inga sökfrågor"),
    ("\n  \n", "standard in: inga sökfrågor"),
    ("faktura\n" + "x" * (MAX_QUERY + 1) + "\n", f"standard in, rad 2: sökfrågan är "
                                                 f"{MAX_QUERY + 1} tecken; högst {MAX_QUERY}"),
    (b"faktura\n\xff\xfe\n", "standard in, rad 2: inte UTF-8-text"),
])
def test_unusable_input_exit_2_in_swedish_and_nothing_answered(data, text, message):
    result = run(data, text, "-f", "jsonl")
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_too_many_lines_is_refused_before_searching(data):
    result = run(data, "faktura\n" * (MAX_LINES + 1), "-f", "jsonl")
    assert result.exit_code == 2 and result.stdout == ""
    assert f"{MAX_LINES + 1} sökfrågor; högst {MAX_LINES}" in result.stderr


def test_read_queries_limits():
    stream = io.BytesIO("\ufeffa\n\n b \nc".encode())
    assert read_queries(stream, 10) == [Query(1, "a"), Query(3, "b"), Query(4, "c")]
    with pytest.raises(QueryInputError, match="mer än 1 MiB"):
        read_queries(io.BytesIO(b"a\n" * 600_000), 10, max_bytes=1024 * 1024)
    with pytest.raises(QueryInputError, match="3 sökfrågor; högst 2"):
        read_queries(io.BytesIO(b"a\nb\nc\n"), 10, max_lines=2)


def test_help_states_the_limits_the_code_applies():
    from vgrklass.queries import MAX_INPUT_BYTES

    text = " ".join(runner.invoke(app, ["find", "--help"],
                                  env={"COLUMNS": "200"}).stdout.split())
    assert f"högst {MAX_LINES:,} rader".replace(",", " ") in text
    assert f"{MAX_QUERY} tecken per rad" in text
    assert f"{MAX_INPUT_BYTES // (1024 * 1024)} MiB" in text


def test_docs_state_the_limits_the_code_applies():
    from pathlib import Path

    from vgrklass.queries import MAX_INPUT_BYTES

    text = " ".join((Path(__file__).parents[1] / "docs" / "find.md").read_text(
        encoding="utf-8").split())
    lines = f"{MAX_LINES:,}".replace(",", " ")
    assert f"högst {lines} frågor, {MAX_QUERY} tecken per fråga" in text
    assert f"och {MAX_INPUT_BYTES // (1024 * 1024)} MiB indata" in text
