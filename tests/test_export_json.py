"""JSON export: the stable list of node objects, plus the example details."""

from __future__ import annotations

import json

from tests.conftest import MINIMAL
from tests.export_data import DETAILED

from vgrklass.export.json_export import render_json
from vgrklass.load import load_structure

STABLE = {"kind", "code", "title", "parent", "description", "examples", "comments",
          "handling", "added", "removed"}


def test_every_node_has_the_stable_fields_with_their_types(write_yaml):
    nodes = json.loads(render_json(load_structure(write_yaml(MINIMAL))))
    assert [n["code"] for n in nodes] == ["1", "1.1", "2", "2.1", "2.1.1", "2.1.2", "2.2"]
    for node in nodes:
        assert set(node) >= STABLE
        assert isinstance(node["examples"], list)
        assert all(isinstance(e, str) for e in node["examples"])
    invoice = next(n for n in nodes if n["code"] == "2.1.1")
    assert invoice["parent"] == "2.1" and invoice["kind"] == "P"
    assert invoice["examples"] == ["leverantörsfaktura", "följesedel"]


def test_examples_stay_strings_when_written_as_mappings(write_yaml):
    nodes = json.loads(render_json(load_structure(write_yaml(DETAILED))))
    invoice = next(n for n in nodes if n["code"] == "2.1.1")
    assert invoice["examples"] == ["leverantörsfaktura", "följesedel"]
    details = invoice["example_details"]
    assert [d["text"] for d in details] == invoice["examples"]
    assert details[1]["bevaras_gallras"] == "gallras" and details[0]["bevaras_gallras"] is None
