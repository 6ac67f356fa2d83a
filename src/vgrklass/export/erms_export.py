"""ERMS export: the structure as an E-ARK CITS ERMS v3 classification scheme.

Archive systems exchange classification schemes in this XML (Riksarkivet's FGS
Ärendehantering 2.0 is CITS ERMS). `control` describes the scheme (its id, status and use
period from the meta block) and the export (maintenance information); below it each VO,
PG and P is one `aggregation aggregationType="class"`, nested as in the structure, with
its code (`classification`), level, title, keywords (document types and sökord),
references (`relation`), retention (`restriction`, `disposal`), description, dates and
the remaining texts as notes. Element order follows the schema's sequences exactly
(schema/erms/ERMS_v3.xsd, which the tests validate every export against).

Identifiers are stable between exports: `objectId` is the node's code and
`systemIdentifier` a UUID derived from the organisation and the code.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterable

from vgrklass.export.rows import COLUMNS, xml_text
from vgrklass.refs import outgoing
from vgrklass.structure import KIND_NAMES, ExampleInfo, Node, Structure

NAMESPACE = "https://DILCIS.eu/XML/ERMS"
_IDS = uuid.UUID("5b1f8c2e-0d7a-4f5e-9a61-7c3e2f0b9d14")  # namespace of our UUIDs
# Disposal dates of a rule (not of records): when the rule starts and stops applying.
RULE_FROM, RULE_TO = "rule_valid_from", "rule_valid_to"
GDPR = "Dataskyddsförordningen (EU) 2016/679"
_HEADINGS = {c.key: c.heading for c in COLUMNS}
_NOTE_FIELDS = ("personuppgifter", "forvaring", "registrering", "format", "anmarkning")


def render_erms(structure: Structure, on: dt.date | None, exported: dt.datetime,
                program: str = "vgrklass") -> bytes:
    """The scheme as UTF-8 XML: the nodes in force on `on` (all when None)."""
    nodes = list(structure) if on is None else structure.in_force(on)
    included = {n.code for n in nodes}
    root = _element("erms", xmlns=NAMESPACE)  # every element in it, attributes in none
    root.append(_control(structure, on, exported, program))
    aggregations = _child(root, "aggregations")
    exporter = _Classes(structure, included, on or exported.date())
    for code in structure.roots:
        if code in included:
            aggregations.append(exporter.aggregation(structure.nodes[code]))
    ET.indent(root, space="  ")
    text = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{text}\n'.encode()


def schema_id(structure: Structure) -> str:
    """The scheme's xs:ID (an NCName): 'klassificeringsstruktur-1.3-2017'."""
    version = re.sub(r"[^A-Za-z0-9._-]+", "-", structure.meta.version).strip("-")
    return f"klassificeringsstruktur-{version}" if version else "klassificeringsstruktur"


def system_identifier(structure: Structure, code: str) -> str:
    return str(uuid.uuid5(_IDS, f"{structure.meta.organisation}|{code}"))


def _element(tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.Element(tag, attributes)
    if text is not None:
        element.text = xml_text(text)
    return element


def _child(parent: ET.Element, tag: str, text: str | None = None,
           **attributes: str) -> ET.Element:
    element = _element(tag, text, **attributes)
    parent.append(element)
    return element


def _datetime(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00"


def _control(structure: Structure, on: dt.date | None, exported: dt.datetime,
             program: str) -> ET.Element:
    meta = structure.meta
    control = _element("control")
    _child(control, "identification", meta.diarienummer, identificationType="diarienummer")
    _child(control, "identification", meta.version, identificationType="version")
    scheme = _child(control, "classificationSchema", classificationSchemaId=schema_id(structure),
                    classificationSchemaStatus="current")
    period = _child(scheme, "useDatePeriod")
    _child(period, "fromDate", meta.valid_from.isoformat())
    description = _child(scheme, "textualDescriptionOfClassificationSchema")
    _child(description, "p", meta.title)
    _child(description, "p", f"{meta.organisation}, version {meta.version}, gäller från "
                             f"{meta.valid_from.isoformat()}, diarienummer {meta.diarienummer}.")
    scope = "hela historiken, även borttagna och upphörda klasser" if on is None else \
        f"klasserna som gäller {on.isoformat()}"
    _child(description, "p", f"Exporten visar {scope}.")
    maintenance = _child(control, "maintenanceInformation")
    _child(maintenance, "maintenanceStatus", value="new")
    agency = _child(maintenance, "maintenanceAgency")
    _child(agency, "agencyName", meta.organisation)
    event = _child(_child(maintenance, "maintenanceHistory"), "maintenanceEvent")
    _child(event, "eventType", value="created")
    _child(event, "eventDateTime", exported.replace(microsecond=0).isoformat())
    agent = _child(event, "agent", agentType="creator")
    _child(agent, "name", program)
    _child(agent, "role", "program som gjorde exporten")
    return control


class _Classes:
    """Builds the nested class aggregations of the included nodes."""

    def __init__(self, structure: Structure, included: set[str], reference_day: dt.date):
        self.structure = structure
        self.included = included
        self.day = reference_day
        self.scheme = schema_id(structure)

    def aggregation(self, node: Node) -> ET.Element:
        s = self.structure
        element = _element("aggregation", systemIdentifier=system_identifier(s, node.code),
                           aggregationType="class", classificationSchemaUsed=self.scheme)
        _child(element, "objectId", node.code)
        _child(element, "classification", node.code, classificationCode=node.code,
               fullyQualifiedClassificationCode=node.code)
        if node.parent is not None:
            _child(element, "hierarchicalParentClassId", node.parent)
        _child(element, "levelName", KIND_NAMES[node.kind])
        words = list(dict.fromkeys([*node.examples, *node.sokord]))
        if words:
            keywords = _child(element, "keywords")
            for word in words:
                _child(keywords, "keyword", word)
        _child(element, "title", node.title)
        closed = node.removed is not None and node.removed <= self.day
        _child(element, "status", value="closed" if closed else "open")
        targets = dict.fromkeys(r.target for r in outgoing(s, node.code))
        for target in targets:
            if target in self.included and target != node.code:
                _child(element, "relation", target, relationType="reference")
        details = [(text, info) for text, info in node.example_details() if info]
        for restriction in _restrictions(details):
            element.append(restriction)
        disposal = _disposal(details, node.added or s.meta.valid_from, node.removed)
        if disposal is not None:
            element.append(disposal)
        if node.description:
            _child(element, "description", node.description)
        dates = _child(element, "dates")
        _child(dates, "date", _datetime(node.added or s.meta.valid_from), dateType="created")
        if node.removed:
            _child(dates, "date", _datetime(node.removed), dateType="end")
        notes = list(_notes(node, details))
        if notes:
            container = _child(element, "notes")
            for note_type, text in notes:
                _child(container, "note", text, noteType=note_type)
        for child in s.children(node):
            if child.code in self.included:
                element.append(self.aggregation(child))
        return element


def _restrictions(details: list[tuple[str, ExampleInfo]]) -> Iterable[ET.Element]:
    """Secrecy (OSL) and personal data, one restriction per document type that has them."""
    for text, info in details:
        if info.sekretess and not _says_no(info.sekretess):
            restriction = _element("restriction", restrictionType="confidential")
            _child(restriction, "explanatoryText", f"{text}: {info.sekretess}")
            regulation = "; ".join(f"OSL {ref}" for ref in info.osl) or info.sekretess
            _child(restriction, "regulation", regulation)
            yield restriction
        if info.personuppgifter and not _says_no(info.personuppgifter):
            restriction = _element("restriction", restrictionType="gdpr")
            _child(restriction, "explanatoryText",
                   f"{text}: personuppgifter: {info.personuppgifter}")
            _child(restriction, "regulation", GDPR)
            yield restriction


def _says_no(value: str) -> bool:
    return value.strip().casefold().rstrip(".").startswith(("nej", "ingen", "inga"))


def _disposal(details: list[tuple[str, ExampleInfo]], start: dt.date,
              end: dt.date | None) -> ET.Element | None:
    """The retention of a process's document types as one disposal rule: one comment per
    document type, and the period, basis and description when they all share one."""
    decided = [(text, info) for text, info in details if info.bevaras_gallras]
    if not decided:
        return None
    disposed = [info for _, info in decided if info.bevaras_gallras == "gallras"]
    disposal = _element("disposal", disposable="true" if disposed else "false")
    if not disposed:
        action = "bevaras"
    else:
        action = "gallras" if len(disposed) == len(decided) else "gallras delvis"
    _child(disposal, "disposalAction", action)
    periods = {info.frist for info in disposed}
    shared = next(iter(periods)) if len(periods) == 1 else None
    if shared is not None and len(disposed) == len(decided):
        _child(disposal, "disposalPeriod", shared.duration)
    mandates = list(dict.fromkeys(i.gallringsstod for _, i in decided if i.gallringsstod))
    if mandates:
        _child(disposal, "disposalMandate", "; ".join(mandates))
    labels = list(dict.fromkeys(i.frist.label() for i in disposed if i.frist))
    if labels:
        _child(disposal, "disposalDescription", "; ".join(labels))
    comments = _child(disposal, "disposalComments")
    for text, info in decided:
        _child(comments, "disposalComment", _rule_text(text, info))
    dates = _child(disposal, "dates")
    _child(dates, "disposalDate", _datetime(start), dateType="other_date",
           otherDisposalDateType=RULE_FROM)
    if end:
        _child(dates, "disposalDate", _datetime(end), dateType="other_date",
               otherDisposalDateType=RULE_TO)
    return disposal


def _rule_text(text: str, info: ExampleInfo) -> str:
    """'leverantörsfaktura: gallras 10 år efter … (P10Y efter …); stöd: RA-FS 2021:6'."""
    rule = f"{text}: {info.bevaras_gallras}"
    if info.gallringsfrist:
        frist = info.frist
        rule += f" {info.gallringsfrist}" + (f" ({frist.label()})" if frist else "")
    if info.gallringsstod:
        rule += f"; stöd: {info.gallringsstod}"
    return rule


def _notes(node: Node, details: list[tuple[str, ExampleInfo]]) -> Iterable[tuple[str, str]]:
    """(note type, text): the process's other texts and its document types' other fields."""
    if node.comments:
        yield "Övriga kommentarer", node.comments
    if node.handling:
        yield "Principer för hantering", node.handling
    if node.removed:
        yield "Borttagen/upphörd", f"{node.removal_word} {node.removed.isoformat()}"
    for text, info in details:
        for key in _NOTE_FIELDS:
            value = getattr(info, key)
            if value:
                yield _HEADINGS[key], f"{text}: {value}"
