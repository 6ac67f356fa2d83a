"""show, tree and export --format json through the CLI, on a small fixture."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from vgrklass.cli import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def test_show_json_has_fields_parent_chain_and_children(minimal_yaml):
    result = run("show", "2.1", "--data", str(minimal_yaml), "--format", "json")
    assert result.exit_code == 0, result.output
    node = json.loads(result.stdout)
    assert node["code"] == "2.1" and node["kind"] == "PG"
    assert [a["code"] for a in node["ancestors"]] == ["2"]
    assert [c["code"] for c in node["children"]] == ["2.1.1", "2.1.2"]


def test_show_accepts_kind_prefix_and_prints_examples(minimal_yaml):
    result = run("show", "P 2.1.1", "--data", str(minimal_yaml))
    assert result.exit_code == 0
    assert "Hantera kostnader från leverantör" in result.stdout
    assert "leverantörsfaktura" in result.stdout
    assert "GE VERKSAMHETSSTÖD" in result.stdout  # parent chain


def test_show_unknown_code_exits_1_with_swedish_message(minimal_yaml):
    result = run("show", "9.9", "--data", str(minimal_yaml))
    assert result.exit_code == 1
    assert "finns inte" in result.output


def test_tree_follows_date_and_all(minimal_yaml):
    today = run("tree", "--data", str(minimal_yaml), "--date", "2022-01-01", "-f", "json")
    codes = [n["code"] for n in json.loads(today.stdout)]
    assert "2.1.2" not in codes and "2.2" in codes
    past = run("tree", "--data", str(minimal_yaml), "--date", "2018-01-01", "-f", "json")
    codes = [n["code"] for n in json.loads(past.stdout)]
    assert "2.1.2" in codes and "2.2" not in codes
    everything = run("tree", "--data", str(minimal_yaml), "--all", "-f", "json")
    assert len(json.loads(everything.stdout)) == 7


def test_impossible_date_is_a_usage_error(minimal_yaml):
    result = run("tree", "--data", str(minimal_yaml), "--date", "2021-02-30")
    assert result.exit_code == 2
    assert "ogiltigt datum" in result.output


def test_export_json_lists_stable_fields(minimal_yaml):
    result = run("export", "--format", "json", "--all", "--data", str(minimal_yaml))
    nodes = json.loads(result.stdout)
    assert len(nodes) == 7
    required = {"kind", "code", "title", "parent", "description", "examples", "comments",
                "handling", "added", "removed"}
    assert all(required <= set(n) for n in nodes)
    removed = next(n for n in nodes if n["code"] == "2.1.2")
    assert removed["removed"] == "2021-01-01" and removed["parent"] == "2.1"


def test_export_json_without_all_omits_removed(minimal_yaml):
    result = run("export", "--format", "json", "--data", str(minimal_yaml))
    assert "2.1.2" not in {n["code"] for n in json.loads(result.stdout)}


def test_data_from_environment_variable(minimal_yaml, monkeypatch):
    monkeypatch.setenv("VGRKLASS_DATA", str(minimal_yaml))
    result = run("show", "1.1", "-f", "json")
    assert json.loads(result.stdout)["title"] == "Utföra politiskt ledningsarbete"


def test_show_of_words_points_to_find(minimal_yaml):
    result = run("show", "leverantörsfaktura", "--data", str(minimal_yaml))
    assert result.exit_code == 1
    assert "Prova: vgrklass find leverantörsfaktura" in result.stderr
    result = run("show", "kvitto på friskvård", "--data", str(minimal_yaml))
    assert "Prova: vgrklass find 'kvitto på friskvård'" in result.stderr


def test_show_of_an_unknown_code_names_the_structure(minimal_yaml):
    result = run("show", "P 9.9", "--data", str(minimal_yaml))
    assert result.exit_code == 1
    assert f"koden P 9.9 finns inte i {minimal_yaml}, version 1.0:2020" in result.stderr
    assert "vgrklass find" not in result.stderr


def test_tree_of_a_code_shows_that_branch_only(minimal_yaml):
    result = run("tree", "2.1", "--data", str(minimal_yaml), "--date", "2020-06-01")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[1:] == ["PG 2.1 Administrera ekonomi",
                         "  P 2.1.1 Hantera kostnader från leverantör",
                         "  P 2.1.2 Köpa in gammalt"]
    today = run("tree", "PG 2.1", "--data", str(minimal_yaml), "--format", "json")
    assert [n["code"] for n in json.loads(today.stdout)] == ["2.1", "2.1.1"]


def test_tree_of_an_unknown_code_exits_1(minimal_yaml):
    result = run("tree", "7", "--data", str(minimal_yaml))
    assert result.exit_code == 1 and "koden 7 finns inte" in result.stderr
    result = run("tree", "faktura", "--data", str(minimal_yaml))
    assert "Prova: vgrklass find faktura" in result.stderr


def test_tree_of_a_branch_no_longer_in_force_says_so(minimal_yaml):
    result = run("tree", "2.1.2", "--data", str(minimal_yaml))
    assert result.exit_code == 0
    assert "Ingen nod gäller" in result.stdout and "--all" in result.stdout
