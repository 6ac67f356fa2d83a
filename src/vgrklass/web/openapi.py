"""The OpenAPI 3.1 description of the JSON API, served at /api/openapi.json and shown as
the /api page. Written out by hand: the API is small and its shapes are the CLI's
documented JSON (docs/json.md, find.md, classify.md), which this points to.

A test checks that every /api route is described here and every described path exists.
"""

from __future__ import annotations

from vgrklass import __version__
from vgrklass.web.params import DEFAULT_LIMIT, MAX_LIMIT, MAX_QUERY


def _param(name: str, description: str, schema: dict, required: bool = False,
           where: str = "query") -> dict:
    return {"name": name, "in": where, "required": required, "description": description,
            "schema": schema}


_DATE = _param("date", "Datum (ÅÅÅÅ-MM-DD) som strukturen ska gälla. Standard: i dag.",
               {"type": "string", "format": "date"})
_ALL = _param("all", "1 tar med borttagna och upphörda noder (hela historiken).",
              {"type": "string", "enum": ["0", "1"]})


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _ok(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _error(description: str) -> dict:
    return _ok(description, _ref("Error"))


_ERRORS = {"400": _error("Ogiltig parameter (meddelandet säger vilken och varför).")}


def openapi(root_path: str = "") -> dict:
    brief = {"type": "object", "properties": {"code": {"type": "string"},
                                              "kind": {"enum": ["VO", "PG", "P"]},
                                              "title": {"type": "string"}}}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "vgrklass",
            "version": __version__,
            "description": "Klassificeringsstrukturen som JSON: samma svar som "
                           "kommandoradens --format json.",
        },
        "servers": [{"url": root_path or "/"}],
        "paths": {
            "/api/find": {"get": {
                "summary": "Sök process för en handlingstyp",
                "description": "Samma svar som `vgrklass find --format json`: träffarna, "
                               "bäst först (se docs/find.md).",
                "parameters": [
                    _param("q", f"Handlingstyp eller sökord (högst {MAX_QUERY} tecken).",
                           {"type": "string", "minLength": 1, "maxLength": MAX_QUERY},
                           required=True),
                    _DATE,
                    _param("limit", "Högst så många träffar.",
                           {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT,
                            "default": DEFAULT_LIMIT}),
                    _ALL,
                ],
                "responses": {"200": _ok("Träffarna (en tom lista när inget matchar).",
                                         {"type": "array", "items": _ref("Hit")}),
                              **_ERRORS},
            }},
            "/api/nodes/{code}": {"get": {
                "summary": "En nod med föräldrar, barn och hänvisningar",
                "description": "Samma svar som `vgrklass show KOD --format json` "
                               "(se docs/json.md).",
                "parameters": [_param("code", "Nodens kod, t.ex. 2.4.3.", {"type": "string"},
                                      required=True, where="path")],
                "responses": {"200": _ok("Noden.", _ref("Node")),
                              "404": _error("Koden finns inte i strukturen.")},
            }},
            "/api/tree": {"get": {
                "summary": "Hierarkin VO → PG → P som gäller ett datum",
                "description": "Samma svar som `vgrklass tree --format json`.",
                "parameters": [_DATE, _ALL],
                "responses": {"200": _ok("Noderna i strukturens ordning.",
                                         {"type": "array", "items": _ref("TreeNode")}),
                              **_ERRORS},
            }},
            "/api/classify": {"post": {
                "summary": "Föreslå process för ett helt dokument",
                "description": "Ett dokument (.txt, .md, .pdf, .docx) som "
                               "multipart/form-data. Samma svar som `vgrklass classify FIL "
                               "--format json` (se docs/classify.md).",
                "parameters": [_DATE, _param("limit", "Antal förslag.",
                                             {"type": "integer", "minimum": 1,
                                              "maximum": MAX_LIMIT, "default": 3})],
                "requestBody": {"required": True, "content": {"multipart/form-data": {
                    "schema": {"type": "object", "required": ["fil"], "properties": {
                        "fil": {"type": "string", "format": "binary",
                                "description": "Dokumentet (filfältets namn spelar ingen "
                                               "roll; ett enda dokument)."}}}}}},
                "responses": {
                    "200": _ok("Förslagen, bäst först (en tom lista: inget förslag).",
                               {"type": "array", "items": _ref("Suggestion")}),
                    **_ERRORS,
                    "413": _error("Dokumentet är större än servern tar emot."),
                    "415": _error("Inte multipart/form-data, eller okänt filformat."),
                    "422": _error("Dokumentet kunde inte läsas (skadat, krypterat, utan text)."),
                },
            }},
            "/api/health": {"get": {
                "summary": "Tjänstens och datafilens tillstånd",
                "description": "`status` är `ok`, eller `fel` när datafilens senaste "
                               "innehåll inte kunde läsas: då svarar tjänsten med den "
                               "senast fungerande strukturen och `reload_error` säger varför.",
                "responses": {"200": _ok("Tillståndet.", _ref("Health"))},
            }},
            "/api/openapi.json": {"get": {
                "summary": "Den här beskrivningen (OpenAPI 3.1)",
                "responses": {"200": {"description": "OpenAPI-dokumentet."}},
            }},
        },
        "components": {"schemas": {
            "Error": {"type": "object", "required": ["error"],
                      "properties": {"error": {"type": "string",
                                               "description": "Vad som är fel, på svenska."}}},
            "Hit": {"type": "object", "description": "Se docs/find.md.", "properties": {
                "code": {"type": "string"}, "kind": {"enum": ["VO", "PG", "P"]},
                "title": {"type": "string"}, "score": {"type": "number"},
                "confident": {"type": "boolean"}, "in_force": {"type": "boolean"},
                "removed": {"type": ["string", "null"], "format": "date"},
                "removed_as": {"type": ["string", "null"]},
                "matched": {"type": "array", "items": {"type": "object"}},
                "score_parts": {"type": "object"}}},
            "Node": {"type": "object", "description": "Se docs/json.md (show).", "properties": {
                "code": {"type": "string"}, "kind": {"enum": ["VO", "PG", "P"]},
                "title": {"type": "string"}, "parent": {"type": ["string", "null"]},
                "description": {"type": ["string", "null"]},
                "examples": {"type": "array", "items": {"type": "string"}},
                "comments": {"type": ["string", "null"]},
                "handling": {"type": ["string", "null"]},
                "added": {"type": ["string", "null"], "format": "date"},
                "removed": {"type": ["string", "null"], "format": "date"},
                "removed_as": {"type": ["string", "null"]},
                "children": {"type": "array", "items": brief},
                "ancestors": {"type": "array", "items": brief},
                "example_details": {"type": "array", "items": {"type": "object"}},
                "refs_out": {"type": "array", "items": _ref("Ref")},
                "refs_in": {"type": "array", "items": _ref("Ref")}}},
            "Ref": {"type": "object", "description": "Se docs/hanvisningar.md.", "properties": {
                "source": {"type": "string"}, "target": {"type": "string"},
                "target_kind": {"type": ["string", "null"]}, "text": {"type": "string"}}},
            "TreeNode": {"type": "object", "properties": {
                **brief["properties"], "parent": {"type": ["string", "null"]},
                "added": {"type": ["string", "null"], "format": "date"},
                "removed": {"type": ["string", "null"], "format": "date"}}},
            "Suggestion": {"type": "object", "description": "Se docs/classify.md.",
                           "properties": {
                               "code": {"type": "string"}, "title": {"type": "string"},
                               "score": {"type": "number"}, "confident": {"type": "boolean"},
                               "evidence": {"type": "array", "items": {"type": "object"}}}},
            "Health": {"type": "object", "properties": {
                "status": {"enum": ["ok", "fel"]}, "data_file": {"type": "string"},
                "digest": {"type": "string"}, "loaded_at": {"type": "string",
                                                            "format": "date-time"},
                "structure": {"type": "object"},
                "reload_error": {"type": ["object", "null"]}}},
        }},
    }
