"""The JSON of diff and classify, pinned: its fields in their order, and the text itself
(two-space indent, UTF-8 as is). The types own this form (`Diff.as_dict`,
`Classification.as_list`, `FileResult.as_dict`); the renderers only frame it."""

from __future__ import annotations

import json

from test_classify import STRUCTURE
from tests.conftest import MINIMAL
from typer.testing import CliRunner

from vgrklass.cli import app

runner = CliRunner()

EDITED = (MINIMAL
          .replace('version: "1.0:2020"', 'version: "1.1:2021"')
          .replace("title: Hantera kostnader från leverantör",
                   "title: Hantera utgifter från leverantör")
          .replace("              - följesedel\n",
                   "              - text: följesedel\n                sekretess: nej\n"
                   "              - kreditfaktura\n")
          .replace("description: Här ligger det politiska arbetet.",
                   "description: Här ligger det politiska arbetet.\n"
                   "        comments: Budgeten hanteras i P 2.2 Hantera bemanning.")
          .replace("        added: 2019-01-01\n",
                   "        added: 2019-01-01\n      - code: \"2.3\"\n        kind: P\n"
                   "        title: Ny process\n"))


def exactly_json(text: str) -> object:
    """The value, after checking the text is exactly json.dumps(value, indent=2)."""
    value = json.loads(text)
    assert text == json.dumps(value, ensure_ascii=False, indent=2) + "\n"
    return value


def test_diff_json_fields_and_their_order(write_yaml):
    old, new = write_yaml(MINIMAL, "old.yaml"), write_yaml(EDITED, "new.yaml")
    result = runner.invoke(app, ["diff", str(old), str(new), "--format", "json"])
    assert result.exit_code == 1, result.output
    value = exactly_json(result.stdout)
    assert list(value) == ["added", "removed", "changed", "meta"]
    assert [n["code"] for n in value["added"]] == ["2.3"] and value["removed"] == []
    assert [list(c) for c in value["changed"]] == [["code", "changes"]] * 2
    changes = {c["code"]: c["changes"] for c in value["changed"]}
    assert changes["1.1"] == [
        {"field": "comments", "old": None,
         "new": "Budgeten hanteras i P 2.2 Hantera bemanning."},
        {"field": "refs", "old": None,
         "new": {"source": "1.1", "target": "2.2", "target_kind": "P",
                 "text": "Budgeten hanteras i P 2.2 Hantera bemanning."}}]
    assert [list(c) for c in changes["1.1"]] == [["field", "old", "new"]] * 2
    assert list(changes["1.1"][1]["new"]) == ["source", "target", "target_kind", "text"]
    assert changes["2.1.1"] == [
        {"field": "title", "old": "Hantera kostnader från leverantör",
         "new": "Hantera utgifter från leverantör"},
        {"field": "examples", "old": None, "new": "kreditfaktura"},
        {"field": "sekretess", "old": None, "new": "nej", "example": "följesedel"}]
    assert list(changes["2.1.1"][2]) == ["field", "old", "new", "example"]
    assert value["meta"] == [{"field": "version", "old": "1.0:2020", "new": "1.1:2021"}]


INVOICE = "Leverantörsfaktura\n\nFakturanummer 123. Att betala 500 kronor. Följesedel bifogas.\n"
HIT = ["code", "title", "score", "confident", "evidence"]
EVIDENCE = ["text", "field", "match", "score", "zone", "line", "via"]


def classify(data, *args: str):
    return runner.invoke(app, ["classify", "--data", str(data), "--date", "2024-06-01",
                               *args])


def test_classify_json_fields_and_their_order(write_yaml, tmp_path):
    data = write_yaml(STRUCTURE)
    invoice = tmp_path / "faktura.txt"
    invoice.write_text(INVOICE, encoding="utf-8")
    broken = tmp_path / "trasig.pdf"
    broken.write_bytes(b"%PDF-1.4 nothing more")

    one = exactly_json(classify(data, str(invoice), "-f", "json").stdout)
    assert [list(hit) for hit in one] == [HIT] * len(one) and one
    assert {tuple(e) for hit in one for e in hit["evidence"]} == {tuple(EVIDENCE)}

    several = classify(data, str(invoice), str(broken), "-f", "json")
    assert several.exit_code == 2
    assert exactly_json(several.stdout) == {str(invoice): one, str(broken): None}

    lines = classify(data, str(invoice), str(broken), "-f", "jsonl", "-j", "1")
    records = [json.loads(line) for line in lines.stdout.splitlines()]
    assert lines.stdout == "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    assert [list(r) for r in records] == [["file", "hits"], ["file", "error", "kind"]]
    assert records[0] == {"file": str(invoice), "hits": one}
    assert records[1]["file"] == str(broken) and records[1]["kind"] == "unreadable"
