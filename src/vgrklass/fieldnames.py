"""The Swedish names of the data file's fields: the one home for them.

Users never read `comments` or `gallringsfrist` as keys; every output names the field in
Swedish, and `validate` takes the Swedish word an archivist may write by mistake for the
key it stands for. Three views, each for its own use, all built here:

- `NODE_FIELDS`: a node's fields and an example's fields (dokumenthanteringsplanens
  kolumner), as `diff` names a changed field; `META_FIELDS` the same for the meta block.
- `MATCH_FIELDS`: where words matched a process (`find`'s and `classify`'s evidence);
  the same names, plus the places that are not fields of their own (a reference, the
  parent group, a redirect away).
- `SWEDISH_KEYS`: a Swedish word (casefolded) → the key it stands for, for the hint in
  "okänt fält 'rubrik'; menade du 'title'?".

No imports: `find` reads this module at start-up.
"""

from __future__ import annotations

# An example's fields, named as the plan's column headings (export/rows.py COLUMNS).
EXAMPLE_FIELDS = {
    "bevaras_gallras": "bevaras/gallras",
    "gallringsfrist": "gallringsfrist",
    "gallringsstod": "gallringsstöd",
    "sekretess": "sekretess",
    "personuppgifter": "personuppgifter",
    "forvaring": "förvaring",
    "registrering": "registrering",
    "format": "format/medium",
    "anmarkning": "anmärkning",
}

NODE_FIELDS = {
    "kind": "nivå",
    "title": "rubrik",
    "parent": "förälder",
    "description": "beskrivning",
    "comments": "övriga kommentarer",
    "handling": "principer för hantering",
    "added": "tillagd",
    "removed": "borttagen",
    "removed_as": "borttagen som",
    "examples": "exempel",
    "sokord": "sökord",
    "refs": "hänvisningar",
    **EXAMPLE_FIELDS,
}

META_FIELDS = {
    "title": "titel",
    "organisation": "organisation",
    "version": "version",
    "valid_from": "gäller från",
    "diarienummer": "diarienummer",
}

MATCH_FIELDS = {
    **{key: NODE_FIELDS[key] for key in ("examples", "sokord", "title", "description")},
    "comments": "kommentar",  # one sentence of the comments, not the whole field
    "reference": "hänvisning",
    "parents": "processgrupp",
    "away": "hänvisas bort",
}

# Words archivists write for a key: every one-word name above, and the usual others.
SWEDISH_KEYS = {
    **{name: key for key, name in NODE_FIELDS.items() if name.isalpha()},
    "gallringstid": "gallringsfrist", "bevarandetid": "gallringsfrist",
    "kod": "code", "typ": "kind", "titel": "title", "upphörd": "removed",
    "kommentarer": "comments", "kommentar": "comments", "hantering": "handling",
    "barn": "children", "underordnade": "children", "organization": "organisation",
    "giltig_från": "valid_from", "gäller_från": "valid_from",
}
