"""The vgrklass command line: arguments in, rendering out. Logic lives in the library modules."""

from __future__ import annotations

import errno
import os
import sys
from typing import NoReturn

import typer

from vgrklass.cli.swedish import install as _install_swedish

_install_swedish()

app = typer.Typer(
    name="vgrklass",
    help="Klassificeringsstrukturen för regionstyrelsen i Västra Götalandsregionen: "
    "sök handlingstyper, visa processer, jämför versioner, exportera och validera.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

@app.callback()
def _options(
    no_cache: bool = typer.Option(
        False, "--no-cache", help="Läs datafilen utan cache (cachen byggs inte heller om)."
    ),
    data: str | None = typer.Option(
        None, "--data", show_default=False,
        help="Datafil för alla kommandon (som $VGRKLASS_DATA); kommandots egen --data går före.",
    ),
) -> None:
    from pathlib import Path

    from vgrklass import cache, datafile

    # Both are set on every invocation, so nothing carries over to the next one.
    datafile.global_option = Path(data) if data else None  # a command's own --data wins
    cache.set_disabled(no_cache)


# Each command lives in its own module and registers itself on `app`.
from vgrklass.cli import (  # noqa: E402,F401
    cmd_classify,
    cmd_diff,
    cmd_export,
    cmd_find,
    cmd_refs,
    cmd_schema,
    cmd_serve,
    cmd_show,
    cmd_validate,
)


def main() -> None:
    """Console entry point: no tracebacks for users, whatever happens."""
    import gc

    # A short run that builds large trees (a whole region's structures, their index):
    # fewer cyclic collections cut 15 % off validate at 100× (docs/prestanda.md).
    gc.set_threshold(100_000, 50, 100)
    from vgrklass import cache

    cache.freeze_after_load = True
    try:
        try:
            app()
        except SystemExit:
            sys.stdout.flush()  # a full disk must fail here, not silently at interpreter exit
            # The process ends now: spare the collector its last walk over everything
            # still alive (typer's and pydantic's objects), 30 ms of a warm find.
            gc.freeze()
            raise
    except KeyboardInterrupt:
        sys.stderr.write("avbrutet\n")
        sys.exit(130)
    except BrokenPipeError:
        # Output piped into e.g. `head`: stop quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
    except OSError as exc:
        if exc.errno not in _OUTPUT_ERRNOS:
            _internal_error(exc)
        from vgrklass.fileio import os_error_text

        # Output redirected to a full disk (or /dev/full): say so, drop what is left unwritten.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.stderr.write(f"fel: kunde inte skriva utdata: {os_error_text(exc)}\n")
        sys.exit(2)
    except Exception as exc:
        _internal_error(exc)


_OUTPUT_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG}


def _internal_error(exc: Exception) -> NoReturn:
    """Last resort: a bug, reported without a traceback (unless VGRKLASS_DEBUG is set)."""
    if os.environ.get("VGRKLASS_DEBUG"):
        raise exc
    sys.stderr.write(
        f"fel: internt fel i vgrklass ({type(exc).__name__}: {exc}).\n"
        "Kör igen med VGRKLASS_DEBUG=1 för detaljer och rapportera felet.\n"
    )
    sys.exit(70)
