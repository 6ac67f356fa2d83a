"""Accepted warnings (godkanda-varningar.yaml) and --ignore: CI can be strict about every
warning nobody has looked at (issue 18)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vgrklass.accepted import FILE_NAME
from vgrklass.cli import app

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data" / "klassificering.yaml"
ACCEPTED = REPO / "data" / FILE_NAME


def run(*args):
    return CliRunner().invoke(app, ["validate", *map(str, args)])


def as_json(*args):
    result = run(*args, "--format", "json")
    return result.exit_code, json.loads(result.stdout)


@pytest.fixture
def data_alone(tmp_path):
    """The shipped data in a folder of its own, without the list of accepted warnings."""
    shutil.copy(DATA, tmp_path / DATA.name)
    return tmp_path / DATA.name


def with_list(data: Path, text: str) -> Path:
    (data.parent / FILE_NAME).write_text(text, encoding="utf-8")
    return data


def test_the_shipped_data_passes_strict_with_its_accepted_warnings():
    result = run(DATA, "--strict")
    assert result.exit_code == 0, result.stdout
    assert "4 godkända varningar" in result.stdout.splitlines()[-1]
    code, report = as_json(DATA, "--strict")
    assert code == 0 and report["problems"] == []
    assert report["files"][0]["accepted"] == 4
    assert {(a["rule"], a["code"]) for a in report["accepted"]} == {
        ("hänvisning-ej-i-kraft", "1.3"), ("hänvisning-ej-i-kraft", "2.6.5"),
        ("hänvisning-ej-i-kraft", "2.9.2"), ("fel-titel", "12.1")}
    assert all(a["reason"] and a["accepted_in"].endswith(FILE_NAME) for a in report["accepted"])


def test_without_the_list_the_same_warnings_fail_strict(data_alone):
    code, report = as_json(data_alone, "--strict")
    assert code == 1
    assert len(report["problems"]) == 4 and report["files"][0]["accepted"] == 0
    assert run(data_alone).exit_code == 0  # warnings alone pass without --strict


def test_the_list_can_be_named(data_alone):
    assert run(data_alone, "--strict", "--godkanda", ACCEPTED).exit_code == 0


def test_an_entry_accepts_only_its_rule_on_its_node(data_alone):
    with_list(data_alone, 'godkanda:\n  - regel: fel-titel\n    kod: "12.1"\n'
                          "    motivering: Ordagrant ur källan.\n")
    code, report = as_json(data_alone, "--strict")
    assert code == 1
    assert [(p["rule"], p["code"]) for p in report["problems"]] == [
        ("hänvisning-ej-i-kraft", "1.3"), ("hänvisning-ej-i-kraft", "2.6.5"),
        ("hänvisning-ej-i-kraft", "2.9.2")]
    assert [a["code"] for a in report["accepted"]] == ["12.1"]


def test_an_entry_that_accepts_nothing_is_a_warning_at_its_line(data_alone):
    text = ACCEPTED.read_text(encoding="utf-8") + (
        '  - regel: fel-titel\n    kod: "2.4.1"\n    motivering: Rättad sedan dess.\n')
    with_list(data_alone, text)
    code, report = as_json(data_alone, "--strict")
    assert code == 1
    [problem] = report["problems"]
    assert problem["rule"] == "oanvänd-godkännande" and problem["code"] == "2.4.1"
    assert problem["file"] == str(data_alone.parent / FILE_NAME)
    assert problem["line"] == text.splitlines().index("  - regel: fel-titel", 30) + 1
    assert run(data_alone).exit_code == 0


@pytest.mark.parametrize(("entry", "says"), [
    ('  - regel: okänd-hänvisning\n    kod: "1.3"\n    motivering: x\n', "kan inte godkännas"),
    ('  - regel: finns-inte\n    kod: "1.3"\n    motivering: x\n', "okänd regel"),
    ('  - regel: fel-titel\n    kod: "12.1"\n', "regel, kod och motivering"),
    ("  - regel: fel-titel\n    kod: 12.1\n    motivering: x\n", "citattecken"),
])
def test_a_wrong_entry_is_an_error_in_the_list(data_alone, entry, says):
    with_list(data_alone, "godkanda:\n" + entry)
    code, report = as_json(data_alone)
    assert code == 1
    [bad] = [p for p in report["problems"] if p["severity"] == "error"]
    assert bad["rule"] == "ogiltig-godkännande" and says in bad["message"]
    assert (bad["file"], bad["line"]) == (str(data_alone.parent / FILE_NAME), 2)


def test_a_list_that_is_not_yaml_is_an_error_not_a_crash(data_alone):
    with_list(data_alone, "godkanda:\n  - regel: [\n")
    code, report = as_json(data_alone)
    assert code == 1
    assert [p["rule"] for p in report["problems"] if p["severity"] == "error"] == ["yaml-syntax"]


def test_a_data_file_that_stops_early_does_not_call_every_entry_unused(tmp_path):
    broken = tmp_path / DATA.name
    broken.write_text(DATA.read_text(encoding="utf-8").replace("nodes:\n", "nodes: [\n", 1),
                      encoding="utf-8")
    shutil.copy(ACCEPTED, tmp_path / FILE_NAME)
    code, report = as_json(broken)
    assert code == 1
    assert [p["rule"] for p in report["problems"]] == ["yaml-syntax"]


def test_ignore_leaves_out_a_rule_and_says_how_many(data_alone):
    result = run(data_alone, "--ignore", "hänvisning-ej-i-kraft", "--ignore", "fel-titel",
                 "--strict")
    assert result.exit_code == 0, result.stdout
    assert "4 ignorerade med --ignore" in result.stdout
    code, report = as_json(data_alone, "--ignore", "fel-titel")
    assert report["files"][0]["ignored"] == 1
    assert "fel-titel" not in {p["rule"] for p in report["problems"]}


def test_ignore_of_an_unknown_rule_is_a_usage_error():
    result = run(DATA, "--ignore", "fel-tittel")
    assert result.exit_code == 2
    assert "okänd regel 'fel-tittel'" in result.output


def test_the_rule_table_in_the_docs_is_the_registry():
    from vgrklass.rules import RULES

    text = (REPO / "docs" / "validate.md").read_text(encoding="utf-8")
    table = text[text.index("| regel | allvarlighet | betydelse |"):]
    rows = {}
    for line in table.splitlines()[2:]:
        if not line.startswith("| `"):
            break
        rule, severity, meaning = (cell.strip() for cell in line.strip("|").split(" | "))
        rows[rule.strip("`")] = (severity, meaning)
    assert rows == {info.id: (info.severity + (" (2)" if info.unreadable else ""),
                              info.description) for info in RULES.values()}


def _rule_ids_in_the_code() -> set[str]:
    """Every rule id the code can report, read from its text: the rule argument of each
    error(), warning(), _fatal(), _unreadable() and _problem() call, the rule of each
    (rule, message) the schema messages return, and each `"regel"` of the model's own
    checks."""
    import ast

    import vgrklass

    positions = {"error": 3, "warning": 3, "_fatal": 3, "_unreadable": 2, "_problem": 2}
    found: set[str] = set()
    for path in Path(vgrklass.__file__).parent.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {node.targets[0].id: node.value for node in ast.walk(tree)
                 if isinstance(node, ast.Assign) and len(node.targets) == 1
                 and isinstance(node.targets[0], ast.Name)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                index = positions.get(node.func.id)
                if index is not None and len(node.args) > index:
                    found.update(_strings(node.args[index], names))
            elif isinstance(node, ast.FunctionDef) and node.name == "_unreadable":
                found.update(d.value for d in node.args.defaults
                             if isinstance(d, ast.Constant) and isinstance(d.value, str))
            elif (isinstance(node, ast.Return) and path.name == "parse.py"
                  and isinstance(node.value, ast.Tuple) and len(node.value.elts) == 2):
                found.update(_strings(node.value.elts[0], names))
            elif isinstance(node, ast.Dict) and any(
                    isinstance(k, ast.Constant) and k.value == "regel" for k in node.keys):
                found.update(v.value for k, v in zip(node.keys, node.values, strict=True)
                             if isinstance(k, ast.Constant) and k.value == "regel")
    return found


def _strings(node, names) -> set[str]:
    """The rule ids an argument can be: a string, either string of a conditional, or the
    id of a RuleInfo constant (`DUPLICATE.id`, or the constant itself)."""
    import ast

    info = names.get(node.id) if isinstance(node, ast.Name) else None
    if isinstance(info, ast.Call) and getattr(info.func, "id", None) == "RuleInfo":
        return _strings(info.args[0], names)

    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _strings(node.body, names) | _strings(node.orelse, names)
    if (isinstance(node, ast.Attribute) and node.attr == "id"
            and isinstance(node.value, ast.Name) and node.value.id in names):
        info = names[node.value.id]
        return _strings(info.args[0], names) if isinstance(info, ast.Call) else set()
    return set()


def test_every_rule_the_code_reports_is_in_the_registry():
    from vgrklass.rules import RULES

    found = _rule_ids_in_the_code()
    assert {"dubblett-kod", "okänd-hänvisning", "yaml-syntax", "fil-saknas", "oläsbar-fil",
            "ogiltig-gallringsfrist", "fel-typ", "oanvänd-godkännande"} <= found  # it reads
    assert found == set(RULES)  # every reported id registered, no registered id unused
