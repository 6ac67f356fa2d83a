"""Diffs between versions of the structure: dates, files, git revisions; three formats."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from tests.conftest import MINIMAL, seed_path
from typer.testing import CliRunner

from vgrklass.cli import app
from vgrklass.dates import in_force
from vgrklass.diff import diff_structures, git_error_text, md_escape, to_markdown
from vgrklass.load import load_structure

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "data" / "klassificering.yaml"
SEED = seed_path()
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


# --- date diff on the shipped data against the seed text -------------------------------

_HEADER = re.compile(r"^[ \t]*(?:(?:VO|PG|P)[ \t]+)?(\d+(?:\.\d+)*)\.?[ \t]+[A-ZÅÄÖ]", re.M)
_MARK = re.compile(r"\b(Tillagd|Borttagen|Upphörd) (\d{4}-\d{2}-\d{2})")


def seed_dates() -> dict[str, tuple[dt.date | None, dt.date | None]]:
    """(added, removed) for every node with a date in the seed, by its own reading of
    the raw text: a date belongs to the last node heading before it."""
    text = SEED.read_text(encoding="utf-8")
    headers = []
    for m in _HEADER.finditer(text):
        previous_line = text[:m.start()].rstrip("\n").rsplit("\n", 1)[-1]
        if re.search(r"\b(?:P|PG|VO)\s*$", previous_line):
            continue  # "hanteras i P\n2.5.4 Hantera …": a wrapped reference, not a heading
        headers.append((m.start(), m.group(1)))
    dates: dict[str, list] = {}
    for m in _MARK.finditer(text):
        code = [c for pos, c in headers if pos < m.start()][-1]
        slot = dates.setdefault(code, [None, None])
        slot[0 if m.group(1) == "Tillagd" else 1] = dt.date.fromisoformat(m.group(2))
    return {code: (a, r) for code, (a, r) in dates.items()}


@pytest.mark.skipif(not SEED.exists(), reason="källtexten finns inte här")
def test_date_diff_on_shipped_data_matches_the_dates_in_the_seed():
    before, after = dt.date(2018, 6, 1), dt.date(2021, 6, 1)
    dates = seed_dates()
    assert len(dates) >= 30  # the seed has ~40 dated nodes; guard against a broken regex
    expected_added = {c for c, (a, r) in dates.items()
                      if in_force(a, r, after) and not in_force(a, r, before)}
    expected_removed = {c for c, (a, r) in dates.items()
                        if in_force(a, r, before) and not in_force(a, r, after)}
    structure = load_structure(SHIPPED)
    result = diff_structures(structure, structure, before, after)
    assert {n.code for n in result.added} == expected_added
    assert {n.code for n in result.removed} == expected_removed
    assert result.changed == ()


def test_date_diff_cli_exits_1_and_lists_both_sections():
    result = run("diff", "--from", "2018-06-01", "--to", "2021-06-01", "--data", str(SHIPPED))
    assert result.exit_code == 1, result.output
    assert "Tillagda" in result.stdout and "Borttagna" in result.stdout
    assert "2.5.4" in result.stdout and "13.2" in result.stdout
    same = run("diff", "--from", "2021-06-01", "--to", "2022-06-01", "--data", str(SHIPPED))
    assert same.exit_code == 0 and "Inga skillnader" in same.stdout


# --- two files ------------------------------------------------------------------------

EDITED = MINIMAL.replace("title: Hantera kostnader från leverantör",
                         "title: Hantera utgifter från leverantör")


def test_one_word_title_edit_shows_in_text(write_yaml):
    old, new = write_yaml(MINIMAL, "old.yaml"), write_yaml(EDITED, "new.yaml")
    result = run("diff", str(old), str(new))
    assert result.exit_code == 1, result.output
    out = result.stdout
    assert "Ändrade (1)" in out and "P 2.1.1" in out and "rubrik" in out
    assert "Hantera kostnader från leverantör" in out
    assert "Hantera utgifter från leverantör" in out
    assert "Tillagda" not in out and "Borttagna" not in out


def test_one_word_title_edit_shows_in_json(write_yaml):
    old, new = write_yaml(MINIMAL, "old.yaml"), write_yaml(EDITED, "new.yaml")
    result = run("diff", str(old), str(new), "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {
        "added": [],
        "removed": [],
        "changed": [{"code": "2.1.1", "changes": [{
            "field": "title", "old": "Hantera kostnader från leverantör",
            "new": "Hantera utgifter från leverantör"}]}],
        "meta": [],
    }


def test_one_word_title_edit_shows_in_markdown(write_yaml):
    old, new = write_yaml(MINIMAL, "old.yaml"), write_yaml(EDITED, "new.yaml")
    result = run("diff", str(old), str(new), "--format", "markdown")
    assert result.exit_code == 1
    assert ("| P 2.1.1 | rubrik | Hantera kostnader från leverantör | "
            "Hantera utgifter från leverantör |") in result.stdout.splitlines()
    assert "#### Ändrade (1)" in result.stdout


def every_format(old: Path, new: Path) -> dict[str, object]:
    """`vgrklass diff OLD NEW` in text, json and markdown: the results by format."""
    return {fmt: run("diff", str(old), str(new), "-f", fmt) for fmt in ("text", "json",
                                                                         "markdown")}


def test_identical_files_exit_0_in_every_format(write_yaml):
    results = every_format(write_yaml(MINIMAL, "old.yaml"), write_yaml(MINIMAL, "new.yaml"))
    assert {fmt: r.exit_code for fmt, r in results.items()} == dict.fromkeys(results, 0)
    assert json.loads(results["json"].stdout) == {
        "added": [], "removed": [], "changed": [], "meta": []}


# --- an example's fields and the meta block (issue 17) ---------------------------------

PLAN = MINIMAL.replace(
    "              - följesedel\n",
    "              - text: följesedel\n                bevaras_gallras: bevaras\n"
    "                sekretess: nej\n")
GALLRAS = PLAN.replace("bevaras_gallras: bevaras\n",
                       "bevaras_gallras: gallras\n                gallringsfrist: 2 år\n")
OSL = PLAN.replace("sekretess: nej", "sekretess: ja, OSL 39 kap. 3 §")


def test_changed_fields_of_an_example_are_changes_in_every_format(write_yaml):
    old, new = write_yaml(PLAN, "old.yaml"), write_yaml(GALLRAS, "new.yaml")
    result = run("diff", str(old), str(new), "-f", "json")
    assert result.exit_code == 1, result.output
    assert json.loads(result.stdout)["changed"] == [{"code": "2.1.1", "changes": [
        {"field": "bevaras_gallras", "old": "bevaras", "new": "gallras",
         "example": "följesedel"},
        {"field": "gallringsfrist", "old": None, "new": "2 år", "example": "följesedel"}]}]
    text = run("diff", str(old), str(new))
    assert text.exit_code == 1
    assert "bevaras/gallras för ”följesedel”: bevaras → gallras" in text.stdout
    assert "gallringsfrist för ”följesedel”: (tomt) → 2 år" in text.stdout
    markdown = run("diff", str(old), str(new), "-f", "markdown")
    assert markdown.exit_code == 1
    assert "| P 2.1.1 | sekretess för ”följesedel” |" not in markdown.stdout
    assert "| P 2.1.1 | gallringsfrist för ”följesedel” |  | 2 år |" in markdown.stdout


def test_sekretess_from_nej_to_an_osl_reference_is_a_change(write_yaml):
    results = every_format(write_yaml(PLAN, "old.yaml"), write_yaml(OSL, "new.yaml"))
    assert {fmt: r.exit_code for fmt, r in results.items()} == dict.fromkeys(results, 1)
    assert all("OSL 39 kap. 3 §" in r.stdout for r in results.values())


def test_an_example_becoming_a_mapping_shows_its_new_fields(write_yaml):
    old, new = write_yaml(MINIMAL, "old.yaml"), write_yaml(PLAN, "new.yaml")
    changes = json.loads(run("diff", str(old), str(new), "-f", "json").stdout)["changed"]
    assert changes == [{"code": "2.1.1", "changes": [
        {"field": "bevaras_gallras", "old": None, "new": "bevaras", "example": "följesedel"},
        {"field": "sekretess", "old": None, "new": "nej", "example": "följesedel"}]}]


@pytest.mark.parametrize(("edit", "field", "old", "new"), [
    (('version: "1.0:2020"', 'version: "1.1:2022"'), "version", "1.0:2020", "1.1:2022"),
    (("valid_from: 2021-01-01", "valid_from: 2022-01-01"), "valid_from", "2021-01-01",
     "2022-01-01"),
    (("diarienummer: RS 2020-1", "diarienummer: RS 2022-9"), "diarienummer", "RS 2020-1",
     "RS 2022-9"),
])
def test_a_changed_meta_block_is_a_change_in_every_format(write_yaml, edit, field, old, new):
    before, after = write_yaml(MINIMAL, "old.yaml"), write_yaml(MINIMAL.replace(*edit), "new.yaml")
    result = run("diff", str(before), str(after), "-f", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["meta"] == [{"field": field, "old": old, "new": new}]
    text = run("diff", str(before), str(after))
    assert text.exit_code == 1 and "Uppgifter om strukturen" in text.stdout
    assert f"{old} → {new}" in text.stdout
    markdown = run("diff", str(before), str(after), "-f", "markdown")
    assert markdown.exit_code == 1 and f"| {old} | {new} |" in markdown.stdout


def test_examples_added_and_removed_are_separate_changes(write_yaml):
    edited = MINIMAL.replace("              - följesedel\n", "              - kreditfaktura\n")
    old, new = write_yaml(MINIMAL, "old.yaml"), write_yaml(edited, "new.yaml")
    data = json.loads(run("diff", str(old), str(new), "-f", "json").stdout)
    assert data["changed"] == [{"code": "2.1.1", "changes": [
        {"field": "examples", "old": "följesedel", "new": None},
        {"field": "examples", "old": None, "new": "kreditfaktura"},
    ]}]
    text = run("diff", str(old), str(new)).stdout
    assert "+ kreditfaktura" in text and "- följesedel" in text


def test_reordered_examples_are_not_a_change(write_yaml):
    reordered = MINIMAL.replace("              - leverantörsfaktura\n              - följesedel\n",
                                "              - följesedel\n              - leverantörsfaktura\n")
    assert reordered != MINIMAL
    old, new = write_yaml(MINIMAL, "old.yaml"), write_yaml(reordered, "new.yaml")
    assert run("diff", str(old), str(new)).exit_code == 0


def test_nodes_added_removed_dates_and_references(write_yaml):
    edited = (MINIMAL
              .replace("            removed: 2021-01-01\n            removed_as: Upphörd\n",
                       "            removed: 2021-01-01\n")
              .replace("        handling: Handlingar och ärenden stannar kvar i regionstyrelsen.\n",
                       "        handling: Handlingar och ärenden stannar kvar i regionstyrelsen.\n"
                       "        comments: Fakturor hanteras i P 2.1.1 Hantera kostnader från "
                       "leverantör.\n")
              .replace('      - code: "2.2"\n        kind: P\n        title: Hantera bemanning\n'
                       "        added: 2019-01-01\n",
                       '      - code: "2.3"\n        kind: P\n        title: Hantera lokaler\n'))
    old, new = write_yaml(MINIMAL, "old.yaml"), write_yaml(edited, "new.yaml")
    data = json.loads(run("diff", str(old), str(new), "-f", "json").stdout)
    assert [(n["code"], n["kind"], n["title"]) for n in data["added"]] == [
        ("2.3", "P", "Hantera lokaler")]
    assert [n["code"] for n in data["removed"]] == ["2.2"]
    changes = {c["code"]: c["changes"] for c in data["changed"]}
    assert changes["2.1.2"] == [{"field": "removed_as", "old": "Upphörd", "new": "Borttagen"}]
    comment_text = "Fakturor hanteras i P 2.1.1 Hantera kostnader från leverantör."
    assert changes["1.1"] == [
        {"field": "comments", "old": None, "new": comment_text},
        {"field": "refs", "old": None, "new": {"source": "1.1", "target": "2.1.1",
                                               "target_kind": "P", "text": comment_text}},
    ]


def test_removing_a_node_is_one_date_change(write_yaml):
    edited = MINIMAL.replace("        title: Hantera bemanning\n",
                             "        title: Hantera bemanning\n        removed: 2024-01-01\n")
    old, new = write_yaml(MINIMAL, "old.yaml"), write_yaml(edited, "new.yaml")
    data = json.loads(run("diff", str(old), str(new), "-f", "json").stdout)
    assert data["changed"] == [{"code": "2.2", "changes": [
        {"field": "removed", "old": None, "new": "2024-01-01"}]}]


def test_one_version_is_compared_with_the_data_file(write_yaml):
    old, new = write_yaml(MINIMAL, "old.yaml"), write_yaml(EDITED, "new.yaml")
    result = run("diff", str(old), "--data", str(new), "-f", "json")
    assert result.exit_code == 1
    assert [c["code"] for c in json.loads(result.stdout)["changed"]] == ["2.1.1"]


def test_dates_restrict_each_file(write_yaml):
    old, new = write_yaml(MINIMAL, "old.yaml"), write_yaml(MINIMAL, "new.yaml")
    data = json.loads(run("diff", str(old), str(new), "--from", "2018-01-01", "--to",
                          "2021-06-01", "-f", "json").stdout)
    assert [n["code"] for n in data["added"]] == ["2.2"]
    assert [n["code"] for n in data["removed"]] == ["2.1.2"]
    # One date alone applies to both versions: the same file on the same day is no change.
    assert run("diff", str(old), str(new), "--from", "2018-01-01").exit_code == 0


# --- errors: exit 2, Swedish, no traceback ---------------------------------------------

def test_errors_exit_2_with_a_message(write_yaml, tmp_path):
    good = write_yaml(MINIMAL, "good.yaml")
    broken = write_yaml("meta: [\n", "broken.yaml")
    cases = [
        ("diff", str(tmp_path / "finns-inte.yaml"), str(good)),
        ("diff", str(broken), str(good)),
        ("diff", "--from", "2021-02-30", "--data", str(good)),
        ("diff",),
    ]
    for args in cases:
        result = run(*args)
        assert result.exit_code == 2, (args, result.output)
        assert "fel" in result.output and "Traceback" not in result.output


# --- git revisions --------------------------------------------------------------------

def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git finns inte")
def test_git_revision_of_a_file(tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    (repo / "data").mkdir(parents=True)
    path = repo / "data" / "struktur.yaml"
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "test@example.org")
    git(repo, "config", "user.name", "Test")
    path.write_text(MINIMAL, encoding="utf-8")
    git(repo, "add", "data/struktur.yaml")
    git(repo, "commit", "-q", "-m", "v1")
    path.write_text(EDITED, encoding="utf-8")
    git(repo, "commit", "-q", "-am", "v2")
    path.write_text("meta: [\n", encoding="utf-8")  # the working copy is broken, HEAD is not
    monkeypatch.chdir(repo)

    result = run("diff", "HEAD~1:data/struktur.yaml", "HEAD:data/struktur.yaml", "-f", "json")
    assert result.exit_code == 1, result.output
    assert [c["code"] for c in json.loads(result.stdout)["changed"]] == ["2.1.1"]
    text = run("diff", "HEAD~1:data/struktur.yaml", "HEAD:data/struktur.yaml").stdout
    assert "HEAD~1:data/struktur.yaml" in text

    bad_rev = run("diff", "HEAD~9:data/struktur.yaml", "HEAD:data/struktur.yaml")
    assert bad_rev.exit_code == 2 and "git-revisionen HEAD~9:data/struktur.yaml" in bad_rev.output
    assert "revisionen HEAD~9 finns inte" in bad_rev.output and "fatal" not in bad_rev.output
    bad_path = run("diff", "HEAD:data/saknas.yaml", "HEAD:data/struktur.yaml")
    assert bad_path.exit_code == 2 and "filen data/saknas.yaml finns inte i HEAD" in bad_path.output

    git(repo, "commit", "-q", "-am", "v3 broken")
    broken = run("diff", "HEAD~1:data/struktur.yaml", "HEAD:data/struktur.yaml")
    assert broken.exit_code == 2
    assert "HEAD:data/struktur.yaml" in broken.output  # named by revision, not a temp file
    assert "vgrklass-diff-" not in broken.output


@pytest.mark.skipif(shutil.which("git") is None, reason="git finns inte")
@pytest.mark.parametrize("option", ["--output={dir}/git-ut:x", "-O{dir}/hemlig:x",
                                    "--textconv:x"])
def test_a_revision_is_never_an_option_to_git(tmp_path, monkeypatch, option):
    # issue 17: `diff -- --output=FILE:x` made git write a file, -O read one
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "hemlig:x").write_text("1.1\n", encoding="utf-8")
    data = repo / "data.yaml"
    data.write_text(MINIMAL, encoding="utf-8")
    monkeypatch.chdir(repo)
    result = run("diff", "--", option.format(dir=repo), str(data))
    assert result.exit_code == 2
    assert "kan inte börja med '-'" in result.output
    assert sorted(p.name for p in repo.iterdir()) == [".git", "data.yaml", "hemlig:x"]


@pytest.mark.skipif(shutil.which("git") is None, reason="git finns inte")
def test_a_revision_with_pattern_characters_is_a_revision_not_a_path(tmp_path, monkeypatch):
    # `git show 'HE*AD:x'` takes the argument for a path pattern and prints nothing
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "test@example.org")
    git(repo, "config", "user.name", "Test")
    (repo / "data.yaml").write_text(MINIMAL, encoding="utf-8")
    git(repo, "add", "data.yaml")
    git(repo, "commit", "-q", "-m", "v1")
    monkeypatch.chdir(repo)
    result = run("diff", "HE*AD:data.yaml", "data.yaml")
    assert result.exit_code == 2 and "revisionen HE*AD finns inte" in result.output
    assert "tom" not in result.output


# --- markdown escaping ----------------------------------------------------------------

def test_md_escape_keeps_table_cells_intact():
    assert md_escape("a|b *c* _d_ <x> [l](u) `k`") == (
        r"a\|b \*c\* \_d\_ \<x\> \[l\](u) \`k\`")
    assert md_escape("rad ett\nrad två") == "rad ett<br>rad två"
    assert md_escape("@team #12") == r"\@team \#12"


def test_markdown_row_with_pipes_in_titles_has_four_columns(write_yaml):
    piped = MINIMAL.replace("title: Hantera kostnader från leverantör",
                            "title: Hantera kostnader | från *leverantör*")
    old = load_structure(write_yaml(MINIMAL, "old.yaml"))
    new = load_structure(write_yaml(piped, "new.yaml"))
    markdown = to_markdown(diff_structures(old, new))
    (row,) = [line for line in markdown.splitlines() if line.startswith("| P 2.1.1")]
    assert len(re.findall(r"(?<!\\)\|", row)) == 5  # 4 columns, escaped pipes don't count
    assert r"\*leverantör\*" in row


def test_git_errors_are_swedish_and_unknown_ones_keep_gits_words():
    assert git_error_text("fatal: not a git repository (or any of the parent directories): "
                          ".git").startswith("katalogen är inte ett git-arkiv")
    assert git_error_text("fatal: invalid object name 'v9'.") == "revisionen v9 finns inte"
    assert git_error_text("fatal: something new") == "git: something new"
