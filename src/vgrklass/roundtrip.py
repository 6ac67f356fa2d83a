"""The one safe way to change the data file from code: `update_yaml(path, edit)`.

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


def update_yaml(path: Path, edit: Callable[[Any], Any], *, check: bool = True) -> bool:
    """Load `path` round-trip, apply `edit` to the document, and write it back atomically.

    `edit` changes the document in place (or returns a replacement); put dates in as
    `datetime.date` (a string "2024-01-01" would be written quoted). Nothing is written
    when the text is unchanged; returns whether the file was written. With `check`, the
    result must pass every error-level check (schema and cross-node rules) or DataError
    is raised and the file is left as it was.
    """
    from vgrklass.fileio import atomic_write_bytes
    from vgrklass.load import decode, read_bytes
    from vgrklass.yamlread import parse_yaml

    path = Path(path)
    name = str(path)
    target = path.resolve()  # write through a symlink, not over it
    raw = read_bytes(path)
    text = decode(raw, name)
    parse_yaml(text, name)  # refuses aliases and absurd nesting before ruamel sees them
    document = _yaml().load(text)
    replacement = edit(document)
    if replacement is not None:
        document = replacement
    new_text = dump(document)
    if new_text == text:
        return False
    if check:
        _refuse_errors(new_text, name)
    data = new_text.encode("utf-8")
    if raw.startswith(b"\xef\xbb\xbf"):
        data = b"\xef\xbb\xbf" + data
    mode = target.stat().st_mode & 0o7777
    atomic_write_bytes(target, data)
    os.chmod(target, mode)  # the temp file was created 0600
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
