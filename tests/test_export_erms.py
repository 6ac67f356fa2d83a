"""ERMS export: the structure as an E-ARK CITS ERMS v3 classification scheme, valid against
the official schema (schema/erms/ERMS_v3.xsd, vendored unchanged)."""

from __future__ import annotations

import datetime as dt
import hashlib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import xmlschema
from tests.conftest import MINIMAL
from tests.export_data import EVERY_FIELD
from typer.testing import CliRunner

from vgrklass.cli import app
from vgrklass.datafile import shipped_data_path
from vgrklass.export.erms_export import NAMESPACE, render_erms
from vgrklass.load import load_structure, parse_text
from vgrklass.structure import KIND_NAMES

REPO = Path(__file__).resolve().parents[1]
XSD = REPO / "schema" / "erms" / "ERMS_v3.xsd"
XSD_SHA256 = "df37b271cb27f70187004cfec7454c8bb4c39e1735759e1f9ad5dd309ee27a2f"
NS = {"e": NAMESPACE}
EXPORTED = dt.datetime(2024, 5, 2, 10, 30, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(XSD)


@pytest.fixture(scope="module")
def shipped():
    return load_structure(shipped_data_path())


def valid_tree(schema, data: bytes) -> ET.Element:
    schema.validate(data.decode("utf-8"))  # raises with the path of the first error
    return ET.fromstring(data)


def classes(root: ET.Element) -> list[ET.Element]:
    return root.findall(".//e:aggregation", NS)


def test_vendored_schema_is_the_official_3_0_2_unchanged():
    assert hashlib.sha256(XSD.read_bytes()).hexdigest() == XSD_SHA256
    assert "E-ARK ERMS schema version 3.0.2" in XSD.read_text(encoding="utf-8")
    assert (XSD.parent / "KÄLLA.md").exists()


@pytest.mark.parametrize("on", [dt.date(2024, 1, 1), None], ids=["i-kraft", "hela-historiken"])
def test_shipped_data_is_valid_and_holds_one_class_per_node(schema, shipped, on):
    root = valid_tree(schema, render_erms(shipped, on, EXPORTED))
    nodes = list(shipped) if on is None else shipped.in_force(on)
    found = classes(root)
    assert [c.findtext("e:objectId", namespaces=NS) for c in found] == [n.code for n in nodes]
    for element, node in zip(found, nodes, strict=True):
        assert element.get("aggregationType") == "class"
        classification = element.find("e:classification", NS)
        assert classification.get("fullyQualifiedClassificationCode") == node.code
        assert element.findtext("e:levelName", namespaces=NS) == KIND_NAMES[node.kind]
        assert element.findtext("e:title", namespaces=NS) == node.title
        parent_id = element.findtext("e:hierarchicalParentClassId", namespaces=NS)
        assert parent_id == node.parent


def test_classes_are_nested_as_the_structure(schema, shipped):
    root = valid_tree(schema, render_erms(shipped, None, EXPORTED))
    top = root.findall("e:aggregations/e:aggregation", NS)
    assert [c.findtext("e:objectId", namespaces=NS) for c in top] == list(shipped.roots)
    for element in classes(root):
        code = element.findtext("e:objectId", namespaces=NS)
        inner = [c.findtext("e:objectId", namespaces=NS)
                 for c in element.findall("e:aggregation", NS)]
        assert inner == list(shipped.nodes[code].children)


def test_a_removed_process_carries_its_end_date(schema, shipped):
    root = valid_tree(schema, render_erms(shipped, None, EXPORTED))
    by_code = {c.findtext("e:objectId", namespaces=NS): c for c in classes(root)}
    removed = [n for n in shipped if n.removed]
    assert removed
    for node in removed:
        element = by_code[node.code]
        end = element.find("e:dates/e:date[@dateType='end']", NS)
        assert end is not None and end.text == f"{node.removed.isoformat()}T00:00:00"
        assert element.find("e:status", NS).get("value") == "closed"
    created = by_code["1.1"].find("e:dates/e:date[@dateType='created']", NS)
    assert created.text == f"{shipped.meta.valid_from.isoformat()}T00:00:00"


def test_control_describes_the_scheme_from_the_meta_block(schema, shipped):
    root = valid_tree(schema, render_erms(shipped, dt.date(2024, 1, 1), EXPORTED))
    scheme = root.find("e:control/e:classificationSchema", NS)
    assert scheme.get("classificationSchemaStatus") == "current"
    assert scheme.findtext("e:useDatePeriod/e:fromDate", namespaces=NS) == "2021-01-01"
    assert {c.get("classificationSchemaUsed") for c in classes(root)} == {
        scheme.get("classificationSchemaId")}
    ids = {e.get("identificationType"): e.text
           for e in root.findall("e:control/e:identification", NS)}
    assert ids == {"diarienummer": "RS 2020-07454", "version": "1.3:2017"}
    event = root.find("e:control/e:maintenanceInformation/e:maintenanceHistory/"
                      "e:maintenanceEvent", NS)
    assert event.findtext("e:eventDateTime", namespaces=NS) == "2024-05-02T10:30:00+00:00"


def test_retention_fields_become_disposal_restrictions_and_notes(schema, write_yaml):
    structure = load_structure(write_yaml(EVERY_FIELD))
    root = valid_tree(schema, render_erms(structure, None, EXPORTED))
    element = next(c for c in classes(root) if c.findtext("e:objectId", namespaces=NS) == "2.1.1")
    keywords = [k.text for k in element.findall("e:keywords/e:keyword", NS)]
    assert keywords == ["leverantörsfaktura", "följesedel", "avtal med leverantör",
                        "påminnelse", "faktura från leverantör"]
    disposal = element.find("e:disposal", NS)
    assert disposal.get("disposable") == "true"
    assert disposal.findtext("e:disposalAction", namespaces=NS) == "gallras delvis"
    assert disposal.findtext("e:disposalMandate", namespaces=NS) == "RA-FS 2021:6; RS 2020-01234"
    comments = [c.text for c in disposal.findall("e:disposalComments/e:disposalComment", NS)]
    assert comments[0] == ("leverantörsfaktura: gallras 10 år efter räkenskapsårets utgång "
                           "(P10Y efter räkenskapsårets slut); stöd: RA-FS 2021:6")
    assert comments[2] == "avtal med leverantör: bevaras"
    assert disposal.find("e:dates/e:disposalDate", NS).get("dateType") == "other_date"
    restrictions = {r.get("restrictionType"): r.findtext("e:regulation", namespaces=NS)
                    for r in element.findall("e:restriction", NS)}
    assert restrictions["confidential"] == "OSL 31 kap. 16 §"
    assert "gdpr" in restrictions
    notes = [(n.get("noteType"), n.text) for n in element.findall("e:notes/e:note", NS)]
    assert ("Registrering", "leverantörsfaktura: registreras i ekonomisystemet") in notes
    reference = next(c for c in classes(root) if c.findtext("e:objectId", namespaces=NS) == "1.1")
    assert [(r.get("relationType"), r.text) for r in reference.findall("e:relation", NS)] == [
        ("reference", "2.1.1")]


def test_one_shared_period_is_the_disposal_period(schema, write_yaml):
    text = MINIMAL.replace("              - följesedel\n",
                           "              - text: följesedel\n"
                           "                bevaras_gallras: gallras\n"
                           "                gallringsfrist: 2 år\n")
    root = valid_tree(schema, render_erms(load_structure(write_yaml(text)), None, EXPORTED))
    disposal = root.find(".//e:disposal", NS)
    assert disposal.findtext("e:disposalPeriod", namespaces=NS) == "P2Y"
    assert disposal.findtext("e:disposalAction", namespaces=NS) == "gallras"


def test_identifiers_are_stable_between_exports(write_yaml):
    structure = load_structure(write_yaml(MINIMAL))
    first = render_erms(structure, None, EXPORTED)
    again = render_erms(structure, None, EXPORTED + dt.timedelta(days=30))
    ids = [c.get("systemIdentifier") for c in classes(ET.fromstring(first))]
    assert ids == [c.get("systemIdentifier") for c in classes(ET.fromstring(again))]
    assert len(set(ids)) == len(ids)


def test_characters_xml_cannot_hold_are_dropped(schema):
    # validate refuses them; a structure that skipped it must still export valid XML
    text = MINIMAL.replace("title: Hantera bemanning", 'title: "Hantera\\x01 bemanning"')
    structure = parse_text(text, "struktur.yaml").structure
    root = valid_tree(schema, render_erms(structure, None, EXPORTED))
    titles = [c.findtext("e:title", namespaces=NS) for c in classes(root)]
    assert "Hantera bemanning" in titles


def test_cli_writes_erms_for_an_xml_file(schema, minimal_yaml, tmp_path):
    target = tmp_path / "klassificeringsschema.xml"
    result = CliRunner().invoke(app, ["export", "-o", str(target), "--all",
                                      "--data", str(minimal_yaml)])
    assert result.exit_code == 0, result.output
    assert "Skrev 7 klasser" in result.stderr
    root = valid_tree(schema, target.read_bytes())
    assert len(classes(root)) == 7
    stdout = CliRunner().invoke(app, ["export", "-f", "erms", "--data", str(minimal_yaml)])
    assert stdout.exit_code == 0 and stdout.stdout.startswith('<?xml version="1.0"')
