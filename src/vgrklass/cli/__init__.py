"""The vgrklass command line: arguments in, rendering out. Logic lives in the library modules."""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from typing import NoReturn

# Each command lives in its own module and registers itself on `app` (cli/app.py).
from vgrklass.cli import (  # noqa: F401
    cmd_classify,
    cmd_diff,
    cmd_export,
    cmd_find,
    cmd_import,
    cmd_refs,
    cmd_schema,
    cmd_serve,
    cmd_show,
    cmd_validate,
)
from vgrklass.cli.app import app  # noqa: F401 (the commands register on it)


def main() -> None:
    """Console entry point: no tracebacks for users, whatever happens.

    Also what only a real process has: its standard streams (`terminal.prepare_streams`),
    Ctrl-C (exit 130 with "avbrutet"), a reader that stopped reading (`| head`: exit 0,
    quietly) and a standard out that cannot be written (exit 2, in Swedish)."""
    import gc
    import signal

    from vgrklass import cache
    from vgrklass.cli.terminal import prepare_streams

    # A short run that builds large trees (a whole region's structures, their index):
    # fewer cyclic collections cut 15 % off validate at 100× (docs/prestanda.md).
    gc.set_threshold(100_000, 50, 100)
    cache.freeze_after_load = True
    prepare_streams()
    debug = bool(os.environ.get("VGRKLASS_DEBUG"))
    if not debug:
        # Errors Python can only print, never raise: a C library's callback interrupted
        # by Ctrl-C (lxml while an XLSX is written), a flush at exit. Never for users.
        sys.unraisablehook = lambda unraisable: None
    interrupted = False

    def on_interrupt(signum: int, frame: object) -> None:
        nonlocal interrupted
        interrupted = True  # remembered: a library may turn the KeyboardInterrupt into
        raise KeyboardInterrupt  # an error of its own before it reaches us

    signal.signal(signal.SIGINT, on_interrupt)
    try:
        try:
            app()
        except SystemExit as done:
            # typer turns Ctrl-C into exit 130 and a broken pipe into exit 1, silently.
            _raise_cause(done, interrupted)
            sys.stdout.flush()  # a full disk must fail here, not silently at interpreter exit
            # The process ends now: spare the collector its last walk over everything
            # still alive (typer's and pydantic's objects), 30 ms of a warm find.
            gc.freeze()
            raise
    except KeyboardInterrupt:
        _exit_interrupted()
    except BrokenPipeError:
        _exit_broken_pipe()
    except OSError as exc:
        if interrupted:
            _exit_interrupted()
        if exc.errno not in _OUTPUT_ERRNOS:
            _internal_error(exc)
        _exit_output_error(exc)
    except Exception as exc:
        if interrupted:
            _exit_interrupted()
        _internal_error(exc)


_OUTPUT_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG, errno.EBADF}


def _raise_cause(done: SystemExit, interrupted: bool) -> None:
    """Raise the KeyboardInterrupt or BrokenPipeError behind an exit, if there is one."""
    if interrupted:
        raise KeyboardInterrupt
    seen: BaseException | None = done
    while seen is not None:
        if isinstance(seen, KeyboardInterrupt):
            raise KeyboardInterrupt
        if isinstance(seen, OSError) and seen.errno == errno.EPIPE:
            raise BrokenPipeError
        seen = seen.__cause__ or seen.__context__


def _exit_interrupted() -> NoReturn:
    _silence_stdout()
    sys.stderr.write("avbrutet\n")
    sys.exit(130)


def _exit_broken_pipe() -> NoReturn:
    # Output piped into e.g. `head`, which has read what it wanted: stop quietly, with
    # success, as cat and grep do (a failure would look like "not found" under pipefail).
    _silence_stdout()
    sys.exit(0)


def _exit_output_error(exc: OSError) -> NoReturn:
    from vgrklass.cli.terminal import stdout_closed
    from vgrklass.fileio import os_error_text

    # Output redirected to a full disk (or /dev/full), or standard out closed (`>&-`):
    # say so, drop what is left unwritten.
    reason = "standard ut är stängd" if stdout_closed() else os_error_text(exc)
    _silence_stdout()
    sys.stderr.write(f"fel: kunde inte skriva utdata: {reason}\n")
    sys.exit(2)


def _silence_stdout() -> None:
    """Send what is still buffered for standard out nowhere, so that the flush at exit
    neither fails nor prints."""
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _internal_error(exc: Exception) -> NoReturn:
    """Last resort: a bug, reported without a traceback (unless VGRKLASS_DEBUG is set)."""
    if os.environ.get("VGRKLASS_DEBUG"):
        raise exc
    from vgrklass.invisible import escape

    sys.stderr.write(escape(
        f"fel: internt fel i vgrklass ({type(exc).__name__}: {exc}).\n"
        "Kör igen med VGRKLASS_DEBUG=1 för detaljer och rapportera felet.\n"))
    sys.exit(70)
