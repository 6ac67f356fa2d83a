"""The JSON Schema for editors: generated from the models, kept in sync, and it agrees with
the shipped data."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from vgrklass.cli import app
from vgrklass.schema import OBJECTS, REGENERATE, SCHEMA_FILE, json_schema, render
from vgrklass.yamlread import parse_yaml

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data" / "klassificering.yaml"  # the repository's copy, which editors open


def plain_data(path: Path):
    """The YAML as plain data, dates as strings: what an editor's schema check sees."""
    data, _, problems = parse_yaml(path.read_text(encoding="utf-8-sig"), str(path))
    assert problems == []
    return data


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json.loads((REPO / SCHEMA_FILE).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_stored_schema_matches_the_models():
    stored = (REPO / SCHEMA_FILE).read_text(encoding="utf-8")
    assert stored == render(), (
        f"{SCHEMA_FILE} är inaktuell (modellerna i model.py har ändrats). "
        f"Generera om den med:  {REGENERATE}"
    )


def test_schema_command_writes_the_same_schema(tmp_path):
    out = tmp_path / "s.json"
    result = CliRunner().invoke(app, ["schema", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8")) == json_schema()
    printed = CliRunner().invoke(app, ["schema"])
    assert json.loads(printed.stdout) == json_schema()


def test_schema_is_draft_2020_12_and_closed():
    schema = json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False
    assert all(d.get("additionalProperties") is False for d in schema["$defs"].values())


def test_every_object_and_field_has_a_swedish_description():
    schema = json_schema()
    for name, definition in {"StructureFile": schema, **schema["$defs"]}.items():
        assert name in OBJECTS, f"lägg till en svensk beskrivning för {name} i schema.OBJECTS"
        assert definition["description"] == OBJECTS[name][1]
        for field_name, prop in definition.get("properties", {}).items():
            assert prop.get("description"), f"{name}.{field_name} saknar description"
            assert "title" not in prop


def test_shipped_yaml_validates_against_the_schema(validator):
    errors = list(validator.iter_errors(plain_data(DATA)))
    assert errors == [], [e.message for e in errors[:5]]


@pytest.mark.parametrize(
    ("breakage", "where"),
    [
        (lambda d: d["nodes"][0].__setitem__("added", "2021-02-30"), "added"),
        (lambda d: d["nodes"][0].__setitem__("kind", "XX"), "kind"),
        (lambda d: d["nodes"][0].__setitem__("code", 1.1), "code"),
        (lambda d: d["nodes"][0].__setitem__("descripton", "x"), "descripton"),
        (lambda d: d["nodes"][0]["children"][0].pop("title"), "title"),
        (lambda d: d["meta"].__setitem__("valid_from", "1 januari 2021"), "valid_from"),
    ],
)
def test_broken_copy_does_not_validate(validator, breakage, where):
    data = copy.deepcopy(plain_data(DATA))
    breakage(data)
    errors = list(validator.iter_errors(data))
    assert errors, f"schemat släppte igenom en trasig {where}"


def test_shipped_yaml_points_editors_at_the_schema():
    first = DATA.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema=../{SCHEMA_FILE}"
    assert (DATA.parent / ".." / SCHEMA_FILE).resolve() == REPO / SCHEMA_FILE
