"""The JSON Schema of the data file, generated from the pydantic models in model.py.

Editors use it to check the YAML while it is typed (VS Code's YAML extension reads the
`# yaml-language-server: $schema=...` line at the top of the data file). The generated
file is kept in the repository at schema/klassificering.schema.json; a test regenerates
it and fails, naming the command to run, when the models have changed.

The models' field descriptions are Swedish already; class docstrings are written for
developers (in English), so the descriptions of the objects themselves come from here.
"""

from __future__ import annotations

import json
from typing import Any

SCHEMA_FILE = "schema/klassificering.schema.json"
REGENERATE = "vgrklass schema -o schema/klassificering.schema.json"

# Swedish title and description for each model in the schema, by $defs name.
OBJECTS: dict[str, tuple[str, str]] = {
    "StructureFile": (
        "Klassificeringsstruktur (vgrklass)",
        "Hela datafilen: uppgifter om strukturen (meta) och verksamhetsområdena (nodes) "
        "med sina processgrupper och processer.",
    ),
    "Meta": ("Uppgifter om strukturen", "Titel, organisation, version, giltighet och "
             "diarienummer för beslutet om strukturen."),
    "NodeIn": ("Nod", "Ett verksamhetsområde (VO), en processgrupp (PG) eller en process "
               "(P), med underordnade noder i children."),
    "ExampleDetail": ("Exempel med uppgifter", "En handlingstyp med uppgifterna i "
                      "dokumenthanteringsplanen (bevaras/gallras, gallringsfrist, sekretess "
                      "m.m.)."),
}

# Fields that refer to another model carry no description of their own in the models.
FIELDS: dict[str, str] = {
    "meta": "Uppgifter om strukturen som helhet.",
}


def json_schema() -> dict[str, Any]:
    """The schema as a dict, with Swedish titles and descriptions."""
    from vgrklass.model import StructureFile

    schema = StructureFile.model_json_schema()
    _describe(schema, "StructureFile")
    for name, definition in schema.get("$defs", {}).items():
        _describe(definition, name)
    return schema


def render() -> str:
    """The schema as the text stored in the repository (stable key order, final newline)."""
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"


def _describe(definition: dict[str, Any], name: str) -> None:
    if name in OBJECTS:
        definition["title"], definition["description"] = OBJECTS[name]
    for field_name, prop in definition.get("properties", {}).items():
        # pydantic's generated property titles ("Removed As") are English noise in editors.
        prop.pop("title", None)
        if "description" not in prop and field_name in FIELDS:
            prop["description"] = FIELDS[field_name]
