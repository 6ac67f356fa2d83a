"""The one safe way to change the data file from code: `update_yaml(path, edit)` (or, to see
the new text before writing it, `edit_yaml` then `write_edited`).

Round-trip loading (ruamel) keeps comments, key order, quoting and block scalars, so a
program's edit shows up in review as exactly the lines it changed. The file is first
read with the strict reader (aliases, depth and encoding checked, see yamlread), the
result is checked before anything is written, and the write is atomic (temp file +
rename, `fileio.atomic_write_bytes`): a failure at any point leaves the original intact.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vgrklass.problems import DataError, error

# The layout of data/klassificering.yaml: `nodes:` then `  - code:` then `    kind:`.
_INDENT = {"mapping": 2, "sequence": 4, "offset": 2}
_WIDTH = 4096  # never re-wrap long lines


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = _WIDTH
    yaml.indent(**_INDENT)
    return yaml


def dump(document: Any) -> str:
    buffer = io.StringIO()
    _yaml().dump(document, buffer)
    return buffer.getvalue()


@dataclass(frozen=True, slots=True)
class Edited:
    """A data file and the text an edit of it gives, before anything is written."""

    path: Path  # the file that was read (a symlink resolved: writes go to its target)
    raw: bytes  # its bytes as read (BOM and all)
    old_text: str
    new_text: str

    @property
    def changed(self) -> bool:
        return self.new_text != self.old_text


def edit_yaml(path: Path, edit: Callable[[Any], Any]) -> Edited:
    """Load `path` round-trip and apply `edit` to the document; nothing is written.

    `edit` changes the document in place (or returns a replacement); put dates in as
    `datetime.date` (a string "2024-01-01" would be written quoted). Raises DataError
    when the file cannot be read or parsed.
    """
    from vgrklass.load import decode, read_bytes
    from vgrklass.yamlread import parse_yaml

    path = Path(path)
    name = str(path)
    raw = read_bytes(path)
    text = decode(raw, name)
    parse_yaml(text, name)  # refuses aliases and absurd nesting before ruamel sees them
    document = _yaml().load(text)
    replacement = edit(document)
    if replacement is not None:
        document = replacement
    return Edited(path.resolve(), raw, text, dump(document))


def write_edited(edited: Edited, target: Path | None = None) -> None:
    """Write the new text atomically over the file (or to `target`), keeping its BOM and,
    for the file itself, its permissions."""
    from vgrklass.fileio import atomic_write_bytes

    data = edited.new_text.encode("utf-8")
    if edited.raw.startswith(b"\xef\xbb\xbf"):
        data = b"\xef\xbb\xbf" + data
    if target is not None:
        atomic_write_bytes(target, data)
        return
    mode = edited.path.stat().st_mode & 0o7777
    atomic_write_bytes(edited.path, data)
    os.chmod(edited.path, mode)  # the temp file was created 0600


def update_yaml(path: Path, edit: Callable[[Any], Any], *, check: bool = True) -> bool:
    """Load `path` round-trip, apply `edit` to the document, and write it back atomically.

    Nothing is written when the text is unchanged; returns whether the file was written.
    With `check`, the result must pass every error-level check (schema and cross-node
    rules) or DataError is raised and the file is left as it was.
    """
    edited = edit_yaml(path, edit)
    if not edited.changed:
        return False
    if check:
        _refuse_errors(edited.new_text, str(path))
    write_edited(edited)
    return True


def _refuse_errors(text: str, name: str) -> None:
    from vgrklass.load import parse_text
    from vgrklass.validate import check

    try:
        parsed = parse_text(text, name)
    except DataError as exc:
        raise DataError([error(name, p.line, p.column, p.rule,
                               f"ändringen skulle göra filen ogiltig: {p.message}", p.code)
                         for p in exc.problems]) from None
    errors = [p for p in parsed.problems + check(parsed) if p.severity == "fel"]
    if errors:
        raise DataError([error(name, p.line, p.column, p.rule,
                               f"ändringen skulle göra filen ogiltig: {p.message}", p.code)
                         for p in errors])
