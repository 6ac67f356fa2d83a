"""vgrklass validate end to end: lines and columns in every format, JSON shape, exit codes,
several files, --strict, and the pre-commit hook."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from tests.conftest import MINIMAL
from typer.testing import CliRunner

from vgrklass import validate as rules
from vgrklass.cli import app
from vgrklass.problems import warning

REPO = Path(__file__).resolve().parents[1]


def run(*args: str):
    return CliRunner().invoke(app, ["validate", *map(str, args)])


def where(text: str, line_text: str, token: str, occurrence: int = 1) -> tuple[int, int]:
    """1-based (line, column) of `token` on the n-th line equal to `line_text`."""
    lines = text.splitlines()
    index = -1
    for _ in range(occurrence):
        index = lines.index(line_text, index + 1)
    return index + 1, lines[index].index(token) + 1


WRONG_DATE = MINIMAL.replace("added: 2019-01-01", "added: 2021-02-30")
SYNTAX_ERROR = MINIMAL.replace("        title: Hantera bemanning",
                               "        title: Hantera bemanning\n       kind: P")
DUPLICATE_CODE = MINIMAL.replace('code: "2.2"', 'code: "2.1"')

CASES = {
    "wrong date": (WRONG_DATE, ("        added: 2021-02-30", "2021-02-30", 1),
                   "ogiltigt-datum", "datumet 2021-02-30 finns inte", "2.2"),
    "syntax error": (SYNTAX_ERROR, ("       kind: P", "kind", 1),
                     "yaml-syntax", "YAML-syntaxfel", None),
    "duplicated code": (DUPLICATE_CODE, ('      - code: "2.1"', '"2.1"', 2),
                        "dubblett-kod", "koden 2.1 finns redan", "2.1"),
}


@pytest.mark.parametrize("case", CASES)
def test_problem_is_reported_at_its_line_in_text_format(write_yaml, case):
    text, (line_text, token, nth), rule, message, code = CASES[case]
    path = write_yaml(text)
    line, column = where(text, line_text, token, nth)
    result = run(path)
    assert result.exit_code == 1, result.output
    about = f" ({code})" if code else ""
    expected_start = f"{path}:{line}:{column}: fel: {message}"
    [reported] = [x for x in result.stdout.splitlines() if x.startswith(f"{path}:{line}:")]
    assert reported.startswith(expected_start), reported
    assert reported.endswith(f"{about} [{rule}]"), reported


@pytest.mark.parametrize("case", CASES)
def test_problem_is_reported_at_its_line_in_github_format(write_yaml, case):
    text, (line_text, token, nth), rule, message, code = CASES[case]
    path = write_yaml(text)
    line, column = where(text, line_text, token, nth)
    result = run(path, "--format", "github")
    assert result.exit_code == 1, result.output
    prefix = f"::error file={path},line={line},col={column},title={rule}::{message}"
    annotations = [x for x in result.stdout.splitlines() if x.startswith("::")]
    assert any(x.startswith(prefix) for x in annotations), annotations


def test_syntax_error_summary_says_checking_stopped(write_yaml):
    result = run(write_yaml(SYNTAX_ERROR))
    assert "kontrollen avbröts" in result.stdout.splitlines()[-1]


def test_json_shape(write_yaml):
    result = run(write_yaml(WRONG_DATE), "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert set(report) >= {"valid", "problems"} and report["valid"] is False
    [problem] = report["problems"]
    assert set(problem) == {"file", "line", "column", "severity", "rule", "code", "message"}
    assert problem["severity"] == "error" and problem["rule"] == "ogiltigt-datum"
    assert problem["code"] == "2.2"
    assert (problem["line"], problem["column"]) == where(WRONG_DATE, "        added: 2021-02-30",
                                                         "2021")


def test_valid_file_exits_0_with_empty_problem_list(minimal_yaml):
    result = run(minimal_yaml, "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["valid"] is True and report["problems"] == []
    assert report["files"] == [{"file": str(minimal_yaml), "valid": True, "readable": True,
                                "complete": True, "nodes": 7, "omitted": 0}]


def test_text_summary_of_valid_file(minimal_yaml):
    result = run(minimal_yaml)
    assert result.exit_code == 0
    assert result.stdout.strip() == f"{minimal_yaml}: giltig (7 noder, 0 fel, 0 varningar)."


def test_missing_file_exits_2(tmp_path):
    result = run(tmp_path / "saknas.yaml", "--format", "json")
    assert result.exit_code == 2
    [problem] = json.loads(result.stdout)["problems"]
    assert problem["rule"] == "fil-saknas"


@pytest.fixture
def a_warning(monkeypatch):
    """A rule that warns about every VO, so --strict can be tested on its own."""

    def warn_vo(parsed):
        for node in parsed.structure or []:
            if node.kind == "VO":
                yield warning(parsed.name, node.line, 5, "test-varning", "en varning", node.code)

    monkeypatch.setattr(rules, "STRUCTURE_RULES", [*rules.STRUCTURE_RULES, warn_vo])


def test_warnings_pass_unless_strict(minimal_yaml, a_warning):
    relaxed = run(minimal_yaml, "--format", "github")
    assert relaxed.exit_code == 0
    assert relaxed.stdout.count("::warning ") == 2
    assert "title=test-varning::en varning (1)" in relaxed.stdout
    strict = run(minimal_yaml, "--strict", "--format", "json")
    assert strict.exit_code == 1
    report = json.loads(strict.stdout)
    assert report["valid"] is False
    assert {p["severity"] for p in report["problems"]} == {"warning"}


def test_several_paths_are_all_checked(minimal_yaml, write_yaml, tmp_path):
    broken = write_yaml(DUPLICATE_CODE, "andra.yaml")
    result = run(minimal_yaml, broken, tmp_path / "saknas.yaml")
    assert result.exit_code == 2  # the worst outcome wins
    lines = result.stdout.splitlines()
    assert f"{minimal_yaml}: giltig (7 noder, 0 fel, 0 varningar)." in lines
    assert any(x.startswith(f"{broken}:") and "[dubblett-kod]" in x for x in lines)
    assert any(x.startswith(f"{tmp_path / 'saknas.yaml'}: fel: filen finns inte") for x in lines)


def test_data_option_names_the_file_too(write_yaml):
    result = run("--data", write_yaml(WRONG_DATE))
    assert result.exit_code == 1 and "[ogiltigt-datum]" in result.stdout


def test_github_annotation_escapes_newlines_and_commas(write_yaml):
    text = MINIMAL.replace("        title: Hantera bemanning\n",
                           "        title: Hantera bemanning\n        nytt,fält: x\n")
    path = write_yaml(text, "a,b.yaml")
    result = run(path, "--format", "github")
    annotation = next(x for x in result.stdout.splitlines() if x.startswith("::error"))
    assert annotation.startswith(f"::error file={str(path).replace(',', '%2C')},line=")
    assert "\n" not in annotation


@pytest.mark.skipif(shutil.which("pre-commit") is None or shutil.which("git") is None,
                    reason="pre-commit (test-extra) eller git saknas")
def test_pre_commit_hook_runs(tmp_path):
    """`pre-commit try-repo` installs this repository's hook and runs it, as users will."""
    if not (REPO / ".git").exists() or not (REPO / ".pre-commit-hooks.yaml").exists():
        pytest.skip("kräver en git-klon av vgrklass")
    work = tmp_path / "repo"
    (work / "data").mkdir(parents=True)
    shutil.copy(REPO / "data" / "klassificering.yaml", work / "data" / "klassificering.yaml")
    (work / "data" / "klassificering-trasig.yaml").write_text(WRONG_DATE, encoding="utf-8")
    env = {"PRE_COMMIT_HOME": str(tmp_path / "cache"), "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org"}
    import os

    env = {**os.environ, **env}
    for command in (["git", "init", "-q"], ["git", "add", "."], ["git", "commit", "-qm", "x"]):
        subprocess.run(command, cwd=work, env=env, check=True)

    def try_repo(*files: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["pre-commit", "try-repo", str(REPO), "vgrklass-validate", "--files", *files],
            cwd=work, env=env, capture_output=True, text=True, timeout=600)

    result = try_repo("data/klassificering.yaml", "data/klassificering-trasig.yaml")
    output = result.stdout + result.stderr
    assert "vgrklass validate" in output, output
    assert result.returncode == 1, output
    line, column = where(WRONG_DATE, "        added: 2021-02-30", "2021")
    assert (f"data/klassificering-trasig.yaml:{line}:{column}: fel: datumet 2021-02-30 "
            "finns inte") in output
    assert "data/klassificering.yaml: giltig" in output


# --- very many problems (issue 17) -------------------------------------------------------

def _flow_of(item: str, count: int) -> str:
    return MINIMAL.split("nodes:")[0] + "nodes: [" + ", ".join([item] * count) + "]\n"


@pytest.mark.parametrize("item", ["1", "{}", "{code: x}"])
def test_problems_are_capped_per_file_and_the_rest_counted(write_yaml, item):
    from vgrklass.problems import MAX_PROBLEMS

    path = write_yaml(_flow_of(item, 3 * MAX_PROBLEMS))
    result = run(path, "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert len(report["problems"]) == MAX_PROBLEMS
    [summary] = report["files"]
    assert summary["complete"] is False and summary["valid"] is False
    text = run(path)
    assert len(text.stdout.splitlines()) == MAX_PROBLEMS + 1
    last = text.stdout.splitlines()[-1]
    assert f"bara de första {MAX_PROBLEMS} problemen visas" in last
    assert "noder eller listposter kontrollerades inte" in last


def _with_examples(examples: list[str]) -> str:
    return MINIMAL.replace("        examples:\n          - protokoll\n"
                           "          - kallelse till sammanträde\n",
                           "        examples: [" + ", ".join(examples) + "]\n")


def test_a_long_list_checked_in_chunks_keeps_every_item(write_yaml):
    from vgrklass.load import load_structure

    examples = [f"handling {i}" for i in range(2500)]
    structure = load_structure(write_yaml(_with_examples(examples)))
    assert list(structure.get("1.1").examples) == examples


def test_a_bad_item_far_down_a_long_list_is_found_at_its_place(write_yaml):
    examples = [f"handling {i}" for i in range(2500)]
    examples[1700] = "[1]"
    path = write_yaml(_with_examples(examples))
    [problem] = json.loads(run(path, "--format", "json").stdout)["problems"]
    assert "exempel nr 1701" in problem["message"] and problem["code"] == "1.1"
    text = path.read_text(encoding="utf-8")
    line = text[: text.index("[1]")].count("\n") + 1
    assert (problem["line"], problem["column"]) == (line, text.index("[1]") - text.rindex(
        "\n", 0, text.index("[1]")))


def test_problems_of_one_node_past_the_cap_are_counted_as_omitted(write_yaml):
    from vgrklass.problems import MAX_PROBLEMS

    bad = "[" + ", ".join(["[1]"] * 800) + "]"
    text = _with_examples(["[1]"] * 800).replace(
        "              - följesedel\n", f"              - följesedel\n            sokord: {bad}\n")
    report = json.loads(run(write_yaml(text), "--format", "json").stdout)
    assert len(report["problems"]) == MAX_PROBLEMS
    assert report["files"][0]["omitted"] == 1600 - MAX_PROBLEMS
    assert report["files"][0]["complete"] is False


def test_the_rest_of_a_long_bad_list_is_counted_as_not_checked(write_yaml):
    from vgrklass.problems import MAX_PROBLEMS

    path = write_yaml(_with_examples(["[1]"] * (MAX_PROBLEMS + 1500)))
    last = run(path).stdout.splitlines()[-1]
    assert "1505 noder eller listposter kontrollerades inte" in last  # and 5 nodes after


def test_a_data_command_on_a_file_with_very_many_problems_stays_short(write_yaml):
    from vgrklass.problems import MAX_PROBLEMS

    path = write_yaml(_flow_of("{}", 3 * MAX_PROBLEMS))
    result = CliRunner().invoke(app, ["tree", "--data", str(path)])
    assert result.exit_code == 2
    assert len(result.output.splitlines()) < 30 and "fel till" in result.output
