"""Which data file a command reads, found the way git and ruff find theirs.

In order: the command's `--data` (or `vgrklass --data`, passed down by the CLI), then
$VGRKLASS_DATA, then `data/klassificering.yaml` or a `[tool.vgrklass] data = "…"` entry in
`pyproject.toml` in the working directory or the nearest parent that has either, and last
the copy shipped in the package. `find_data_file` returns the path together with where it
came from, so that messages can name the structure ("den medföljande strukturen
1.3:2017") rather than a path inside site-packages.

Plain functions of their arguments and the environment: nothing is remembered between
calls, so a web worker or a classify worker that asks again gets the same answer.
"""

from __future__ import annotations

import os
from enum import Enum
from pathlib import Path
from typing import NamedTuple

ENV_VAR = "VGRKLASS_DATA"
CONVENTIONAL = Path("data") / "klassificering.yaml"  # in a checkout of the structure
PYPROJECT = "pyproject.toml"


class Origin(str, Enum):
    """Where the data file came from (`DataFile.reason` says it in Swedish)."""

    option = "--data"
    env = ENV_VAR
    pyproject = PYPROJECT
    directory = "katalogen"
    shipped = "medföljande"


class DataFile(NamedTuple):
    """The data file to read and why that one."""

    path: Path
    origin: Origin
    config: Path | None = None  # the pyproject.toml that named it

    @property
    def shipped(self) -> bool:
        return self.origin is Origin.shipped

    def shown(self) -> str:
        """The path as a person should see it: relative to the working directory when it
        is below it (as git prints paths), never the shipped copy's site-packages path."""
        if self.shipped:
            return "den medföljande strukturen"
        return display_path(self.path)

    def reason(self) -> str:
        """Why this file, in Swedish: 'från --data', 'enligt pyproject.toml', …"""
        if self.origin is Origin.option:
            return "angiven med --data"
        if self.origin is Origin.env:
            return f"angiven i ${ENV_VAR}"
        if self.origin is Origin.pyproject:
            return f"angiven i {display_path(self.config or Path(PYPROJECT))} [tool.vgrklass]"
        if self.origin is Origin.directory:
            return "hittad i arbetskatalogen eller en katalog ovanför"
        return "följer med vgrklass"

    def name(self, version: str) -> str:
        """The structure as human output names it: 'den medföljande strukturen 1.3:2017'
        for the shipped copy, else 'data/klassificering.yaml, version 1.3:2017'."""
        if self.shipped:
            return f"den medföljande strukturen {version}".rstrip()
        shown = display_path(self.path)
        return f"{shown}, version {version}" if version else shown


class DataFileError(ValueError):
    """A pyproject.toml that names the data file cannot be read (message in Swedish,
    naming the file and, when known, the line)."""


def find_data_file(option: Path | None = None, *, environ: dict[str, str] | None = None,
                   cwd: Path | None = None) -> DataFile:
    """The data file a command should read: `option` (the command's or the global
    --data), then $VGRKLASS_DATA, then the nearest checkout, then the shipped copy.
    Raises DataFileError for a pyproject.toml whose [tool.vgrklass] entry is unreadable."""
    if option is not None:
        return DataFile(Path(option), Origin.option)
    env = (os.environ if environ is None else environ).get(ENV_VAR)
    if env:
        return DataFile(Path(env), Origin.env)
    found = discover(Path.cwd() if cwd is None else cwd)
    return found or DataFile(shipped_data_path(), Origin.shipped)


def discover(start: Path) -> DataFile | None:
    """`data/klassificering.yaml`, or the file a `pyproject.toml` names in
    `[tool.vgrklass] data`, in `start` or the nearest parent directory that has one (an
    entry in pyproject.toml goes before the conventional file in the same directory)."""
    start = start.absolute()
    for directory in (start, *start.parents):
        config = directory / PYPROJECT
        named = _pyproject_entry(config) if _is_file(config) else None
        if named is not None:
            return DataFile(_relative_to(named, start), Origin.pyproject, config)
        candidate = directory / CONVENTIONAL
        if _is_file(candidate):
            return DataFile(_relative_to(candidate, start), Origin.directory)
    return None


def _pyproject_entry(config: Path) -> Path | None:
    """The data file `[tool.vgrklass] data` names (relative to the pyproject), or None."""
    import tomllib

    try:
        text = config.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{display_path(config)}: kan inte läsas ({_os_reason(exc)})"
                            ) from None
    if "vgrklass" not in text:  # most pyproject.toml files: no TOML parse needed
        return None
    try:
        table = tomllib.loads(text).get("tool", {}).get("vgrklass")
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(f"{display_path(config)}: inte giltig TOML ({_toml_where(exc)})"
                            ) from None
    if not isinstance(table, dict) or "data" not in table:
        return None
    value = table["data"]
    if not isinstance(value, str) or not value.strip():
        raise DataFileError(f"{display_path(config)}: [tool.vgrklass] data ska vara en "
                            'sökväg inom citattecken, t.ex. data = "data/klassificering.yaml"')
    return config.parent / value


def _toml_where(exc: Exception) -> str:
    """'rad 3, kolumn 7' from tomllib's message ('… (at line 3, column 7)')."""
    import re

    match = re.search(r"line (\d+), column (\d+)", str(exc))
    return f"rad {match.group(1)}, kolumn {match.group(2)}" if match else "okänd rad"


def _os_reason(exc: Exception) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return "inte UTF-8"
    from vgrklass.fileio import os_error_text

    return os_error_text(exc)  # type: ignore[arg-type]


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a directory we may not read: as if it had nothing
        return False


def _relative_to(path: Path, start: Path) -> Path:
    """A found file as a path from the working directory ('data/…', '../data/…'), so that
    messages and problems name it as the user would type it."""
    try:
        return Path(os.path.relpath(path, start))
    except ValueError:  # another drive on Windows
        return path


def display_path(path: Path) -> str:
    """`path` relative to the working directory when it lies below it, else as given;
    the copy installed with the package by what it is, never by its site-packages path."""
    if _is_installed_copy(path):
        return "den medföljande strukturen"
    if path.is_absolute():
        try:
            return str(path.relative_to(Path.cwd()))
        except ValueError:
            return str(path)
    return str(path)


def _is_installed_copy(path: Path) -> bool:
    installed = _installed_path()
    try:
        return installed.is_file() and path.resolve() == installed.resolve()
    except OSError:
        return False


def _installed_path() -> Path:
    from importlib.resources import files

    return Path(str(files("vgrklass") / "data" / "klassificering.yaml"))


def shipped_data_path() -> Path:
    packaged = _installed_path()
    if packaged.is_file():
        return packaged
    # Running from a source checkout (editable install): the repository's own file.
    return Path(__file__).resolve().parents[2] / "data" / "klassificering.yaml"


def resolve_data_path(option: Path | None) -> Path:
    """Only the path of `find_data_file` (for callers that need no more)."""
    return find_data_file(option).path
