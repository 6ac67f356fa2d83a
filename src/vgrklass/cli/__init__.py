"""The vgrklass command line: arguments in, rendering out. Logic lives in the library modules."""

from __future__ import annotations

import os
import sys

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
) -> None:
    if no_cache:
        from vgrklass import cache

        cache.disable()


# Each command lives in its own module and registers itself on `app`.
from vgrklass.cli import (  # noqa: E402,F401
    cmd_classify,
    cmd_diff,
    cmd_export,
    cmd_find,
    cmd_refs,
    cmd_schema,
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
        app()
    except KeyboardInterrupt:
        sys.stderr.write("avbrutet\n")
        sys.exit(130)
    except BrokenPipeError:
        # Output piped into e.g. `head`: stop quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
    except Exception as exc:  # last resort: a bug, reported without a traceback
        if os.environ.get("VGRKLASS_DEBUG"):
            raise
        sys.stderr.write(
            f"fel: internt fel i vgrklass ({type(exc).__name__}: {exc}).\n"
            "Kör igen med VGRKLASS_DEBUG=1 för detaljer och rapportera felet.\n"
        )
        sys.exit(70)
