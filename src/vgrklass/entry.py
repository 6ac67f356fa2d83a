"""The console script's entry point, outside `vgrklass.cli` on purpose: Ctrl-C is handled
from the first moment, while the command line (typer, rich) is still being imported,
instead of ending in a traceback. `vgrklass.cli.main` does the rest."""

from __future__ import annotations

import signal
import sys


def main() -> None:
    def interrupted(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, interrupted)
    try:
        from vgrklass.cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write("avbrutet\n")
        sys.exit(130)
    run()
