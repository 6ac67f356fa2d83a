"""The streams the command line writes to, made safe for whatever is at the other end.

- Nothing from the data, a document or an argument reaches a terminal raw: control and
  other invisible characters are written as escapes (`invisible.escape`), in rich output
  (the console below) and in plain writes (`safe`), and `\\uXXXX` in JSON.
- rich never turns text into emoji (`:100:` in `fil.yaml:100:5`, `:x:` in the data).
- A standard out that cannot take UTF-8 (cp1252 on Windows, `PYTHONIOENCODING=ascii`) gets
  UTF-8 when it is a file or pipe, and `?` for what a terminal cannot show.
- A standard out closed before the start (`>&-`) makes every write fail with EBADF, which
  the entry point reports in Swedish; a command that writes only to files still works.
- `COLUMNS=0` (or anything but a positive number) is ignored instead of making rich
  print nothing.
"""

from __future__ import annotations

import errno
import io
import os
import sys
from typing import Any

from vgrklass import invisible


def safe(text: str) -> str:
    """Text for a plain write to a terminal, file or pipe: invisible characters escaped."""
    return invisible.escape(text)


def make_console(stderr: bool = False) -> Any:
    """A rich console that escapes invisible characters, never substitutes emoji and
    ignores a COLUMNS that is not a positive number."""
    from rich.console import Console
    from rich.segment import Segment

    class SafeConsole(Console):
        def _render_buffer(self, buffer: Any) -> str:
            # Text segments carry what we print; control segments carry rich's own
            # cursor codes (progress bars) and stay as they are. Styles are applied
            # after this, so colours are unaffected.
            return super()._render_buffer(
                Segment(invisible.escape(text), style, control) if not control and text
                else Segment(text, style, control) for text, style, control in buffer)

    console = SafeConsole(stderr=stderr, highlight=False, emoji=False,
                          _environ=_sane_environ())
    console.soft_wrap = not console.is_terminal  # whole lines when piped (grep, CI logs)
    return console


def _sane_environ() -> dict[str, str]:
    environ = dict(os.environ)
    for name in ("COLUMNS", "LINES"):
        value = environ.get(name)
        if value is not None and not (value.strip().isdigit() and int(value) > 0):
            del environ[name]
    return environ


class ClosedStream(io.TextIOBase):
    """Stands in for a standard stream that was closed before the program started."""

    def __init__(self, name: str):
        self.name = name

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return "utf-8"

    @property
    def buffer(self) -> ClosedStream:
        return self

    def isatty(self) -> bool:
        return False

    def writable(self) -> bool:
        return True

    def write(self, text: Any) -> int:
        raise OSError(errno.EBADF, f"{self.name} är stängd")

    def flush(self) -> None:
        pass


def prepare_streams() -> None:
    """Set up stdout and stderr before any command runs (see the module docstring)."""
    for fd, name in ((1, "stdout"), (2, "stderr")):
        stream = getattr(sys, name)
        if stream is None:
            _occupy(fd)  # so that no file opened later becomes our standard out
            setattr(sys, name, ClosedStream("standard ut" if fd == 1 else "standard fel"))
        else:
            _reconfigure(stream)


def stdout_closed() -> bool:
    return isinstance(sys.stdout, ClosedStream)


def _occupy(fd: int) -> None:
    try:
        os.fstat(fd)
    except OSError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        if devnull != fd:
            os.dup2(devnull, fd)
            os.close(devnull)


def _reconfigure(stream: Any) -> None:
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
    if encoding in ("utf-8", "utf8") or not hasattr(stream, "reconfigure"):
        return
    try:
        if stream.isatty():
            stream.reconfigure(errors="replace")  # the terminal's own encoding, '?' for →
        else:
            stream.reconfigure(encoding="utf-8")  # files and pipes: UTF-8, as exports are
    except (OSError, ValueError):
        pass
