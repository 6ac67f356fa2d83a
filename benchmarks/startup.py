"""Start-up time of `vgrklass find leverantörsfaktura` against a bare typer app.

    python benchmarks/startup.py [--runs 15] [--data FILE] [QUERY ...]

Both run as processes from the same virtual environment, interleaved so that machine
noise hits both alike; the first (cache-filling) run of each is not counted. Byte code is
cached for both (in a temporary PYTHONPYCACHEPREFIX), as after `pip install`. Prints both
medians of wall and CPU time (user + system: what the process itself cost, whatever else
the machine was doing) and their ratios (target: at most 1.1, issue 19).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HELLO = '''\
import typer

app = typer.Typer()


@app.command()
def hello(name: str = "världen") -> None:
    print(f"hej {name}")


if __name__ == "__main__":
    app()
'''


def wall(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def vgrklass_command() -> list[str]:
    script = Path(sys.executable).with_name("vgrklass")
    return [str(script)] if script.exists() else [sys.executable, "-m", "vgrklass.cli"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--data", help="datafil (standard: den som följer med)")
    parser.add_argument("query", nargs="*", default=["leverantörsfaktura"])
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        hello = Path(tmp) / "hello.py"
        hello.write_text(HELLO, encoding="utf-8")
        bare = [sys.executable, str(hello)]
        find = [*vgrklass_command(), "find", *args.query,
                *(["--data", args.data] if args.data else [])]
        env_note = " (VGRKLASS_NO_CACHE satt!)" if os.environ.get("VGRKLASS_NO_CACHE") else ""
        # Byte-code cached as after a normal `pip install` (which compiles every module),
        # even where PYTHONDONTWRITEBYTECODE is set; in a private prefix, for both apps.
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        wall(bare, env)
        wall(find, env)  # fills the caches
        bare_times, find_times = [], []
        for _ in range(args.runs):
            bare_times.append(wall(bare, env))
            find_times.append(wall(find, env))
    bare_wall = statistics.median(t for t, _ in bare_times)
    find_wall = statistics.median(t for t, _ in find_times)
    bare_cpu = statistics.median(c for _, c in bare_times)
    find_cpu = statistics.median(c for _, c in find_times)
    print(f"typer hello        median {bare_wall * 1000:7.1f} ms, CPU {bare_cpu * 1000:7.1f} ms"
          f"  ({args.runs} körningar)")
    print(f"vgrklass find      median {find_wall * 1000:7.1f} ms, CPU {find_cpu * 1000:7.1f} ms"
          f"  ({args.runs} körningar){env_note}")
    print(f"kvot               {find_wall / bare_wall:.2f}, CPU {find_cpu / bare_cpu:.2f}"
          "  (mål ≤ 1.10)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
