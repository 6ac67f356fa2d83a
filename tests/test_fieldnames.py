"""One home for the fields' Swedish names (fieldnames.py): every field that diff, find,
classify or validate names has a name there, and the names agree with the plan's."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from tests.conftest import MINIMAL
from typer.testing import CliRunner

from vgrklass import fieldnames
from vgrklass.classify.profiles import FIELD_WEIGHTS as CLASSIFY_FIELDS
from vgrklass.cli import app
from vgrklass.diff import ITEM_FIELDS, SCALAR_FIELDS
from vgrklass.export.rows import COLUMNS
from vgrklass.search.index import FIELD_WEIGHTS as FIND_FIELDS
from vgrklass.structure import EXAMPLE_INFO_FIELDS, Meta


def test_an_examples_fields_are_named_as_the_plans_columns():
    headings = {c.key: c.heading.lower() for c in COLUMNS if c.key in EXAMPLE_INFO_FIELDS}
    assert headings == fieldnames.EXAMPLE_FIELDS
    assert set(headings) == set(EXAMPLE_INFO_FIELDS)


def test_every_field_diff_reports_has_a_name():
    reported = {*SCALAR_FIELDS, *ITEM_FIELDS, *EXAMPLE_INFO_FIELDS}
    assert reported == set(fieldnames.NODE_FIELDS)
    assert set(fieldnames.META_FIELDS) <= set(Meta.__dataclass_fields__)


def test_every_field_find_and_classify_match_in_has_a_name():
    assert set(FIND_FIELDS) | set(CLASSIFY_FIELDS) <= set(fieldnames.MATCH_FIELDS)


def test_a_fields_name_is_the_same_wherever_it_is_the_same_field():
    for key in (set(fieldnames.MATCH_FIELDS) & set(fieldnames.NODE_FIELDS)) - {"comments"}:
        assert fieldnames.MATCH_FIELDS[key] == fieldnames.NODE_FIELDS[key]


def unknown_field(path) -> str:
    """validate's message for the unknown field in `path`."""
    result = CliRunner().invoke(app, ["validate", str(path), "--format", "json"])
    problems = json.loads(result.stdout)["problems"]
    (message,) = [p["message"] for p in problems if p["rule"] == "okänt-fält"]
    return message


@pytest.mark.parametrize(("written", "key"), [
    ("    title: STYRA", "    rubrik: STYRA"), ("    title: STYRA", "    titel: STYRA"),
])
def test_a_swedish_key_gets_the_real_one_suggested(write_yaml, written, key):
    assert "menade du 'title'" in unknown_field(write_yaml(MINIMAL.replace(written, key)))


def test_the_name_diff_shows_is_also_taken_as_a_key(write_yaml):
    text = MINIMAL.replace("          - kallelse till sammanträde\n",
                           "          - kallelse till sammanträde\n        sökord:\n"
                           "          - nämndprotokoll\n")
    assert "menade du 'sokord'" in unknown_field(write_yaml(text))


def test_find_does_not_import_more_to_read_the_names():
    code = ("import sys, vgrklass.fieldnames; "
            "print(sorted(m for m in sys.modules if m.startswith('vgrklass')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "['vgrklass', 'vgrklass.fieldnames']"
