"""vgrklass find end to end: JSON shape, exit codes, --explain, --date/--all, plain output."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from tests.test_search import SEARCH_YAML
from typer.testing import CliRunner

from vgrklass.cli import app

BOX_DRAWING = set("─│┌┐└┘├┤┬┴┼━┃┏┓┗┛╭╮╯╰═║")


@pytest.fixture
def data(write_yaml):
    return write_yaml(SEARCH_YAML)


def run(data, *args: str):
    return CliRunner().invoke(app, ["find", *args, "--data", str(data)])


def test_json_is_a_list_of_hits_best_first(data):
    result = run(data, "leverantörsräkningar", "--format", "json")
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert [h["code"] for h in hits][:1] == ["1.1"]
    hit = hits[0]
    assert {"code", "kind", "title", "score", "matched", "removed"} <= set(hit)
    assert hit["kind"] == "P"
    assert hit["matched"][0] == {
        "field": "examples", "text": "leverantörsräkning",
        "words": [{"query": "leverantörsräkningar", "matched": "leverantörsräkning",
                   "how": "stam"}],
        "details": None,  # the example has none of the archivist's fields
    }
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)


def test_json_empty_list_and_exit_1_without_hits(data):
    result = run(data, "glasstrut", "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == []


def test_text_without_hits_says_so_in_swedish(data):
    result = run(data, "glasstrut")
    assert result.exit_code == 1
    assert "Ingen process" in result.output and "glasstrut" in result.output


def test_several_unquoted_words_are_one_query(data):
    result = run(data, "räkning", "från", "leverantör", "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)[0]["code"] == "1.1"


@pytest.mark.parametrize("args", [["   "], ["följebrev", "--date", "2021-02-30"],
                                  ["följebrev", "--date", "igår"]])
def test_usage_errors_exit_2(data, args):
    result = run(data, *args)
    assert result.exit_code == 2
    assert "fel:" in result.output


def test_date_finds_removed_process_and_all_marks_it(data):
    past = json.loads(run(data, "offertförfrågan", "--date", "2019-06-01", "-f", "json").stdout)
    assert [h["code"] for h in past] == ["1.2"]
    today = json.loads(run(data, "offertförfrågan", "-f", "json").stdout)
    assert [h["code"] for h in today] == ["1.4"]
    history = json.loads(run(data, "offertförfrågan", "--all", "-f", "json").stdout)
    assert [h["code"] for h in history] == ["1.4", "1.2"]
    assert history[1]["removed"] == "2020-01-01" and history[1]["in_force"] is False


def test_limit(data):
    hits = json.loads(run(data, "varor", "--limit", "1", "-f", "json").stdout)
    assert len(hits) == 1


def test_explain_shows_field_words_and_how(data):
    result = run(data, "glasögonkvitto", "--explain")
    assert result.exit_code == 0
    assert "P 1.1" in result.output
    assert "exempel" in result.output
    assert "sammansättning" in result.output
    assert "täckning" in result.output


def test_explain_shows_references(data):
    result = run(data, "glasögonavtal", "--explain")
    assert "hänvisning från 1.1" in result.output


def test_piped_text_output_is_plain_and_tab_separated(data):
    env = {**os.environ, "VGRKLASS_DATA": str(data)}
    env.pop("FORCE_COLOR", None)
    result = subprocess.run([sys.executable, "-c", "from vgrklass.cli import main; main()",
                             "find", "följebrev"], capture_output=True, text=True, env=env,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert not BOX_DRAWING & set(result.stdout)
    assert "\x1b[" not in result.stdout
    lines = result.stdout.splitlines()
    assert lines[0].split("\t") == ["Kod", "Typ", "Rubrik", "Säkerhet", "Matchade"]
    assert lines[1].split("\t")[0] == "1.1"


def test_json_carries_the_matched_examples_retention(write_yaml):
    from tests.export_data import EVERY_FIELD

    result = run(write_yaml(EVERY_FIELD), "leverantörsfaktura", "--format", "json")
    match = json.loads(result.stdout)[0]["matched"][0]
    assert match["text"] == "leverantörsfaktura"
    details = match["details"]
    assert details["bevaras_gallras"] == "gallras"
    assert details["gallringsfrist_period"] == {"duration": "P10Y",
                                                "after": "räkenskapsårets slut"}
    assert details["gallringsstod"] == "RA-FS 2021:6"
