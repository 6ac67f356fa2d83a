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
