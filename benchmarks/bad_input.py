"""How long `vgrklass validate` and `vgrklass tree --data` take on each bad input of
tests/test_bad_input.py, as real processes (target: every case within a few seconds;
an alias bomb or deep nesting must be refused, never expanded or recursed into).

    python benchmarks/bad_input.py [--runs 3]

Also times validate on the shipped file and on a 50× synthetic structure
(benchmarks/make_large.py) for comparison. Prints the median wall time per case.
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.test_bad_input import BAD_FILES  # noqa: E402

VGRKLASS = Path(sys.executable).with_name("vgrklass")


def wall(args: list[str]) -> tuple[float, int]:
    env = {**os.environ, "NO_COLOR": "1", "VGRKLASS_NO_CACHE": "1"}
    start = time.perf_counter()
    proc = subprocess.run([str(VGRKLASS), *args], capture_output=True, env=env, timeout=300)
    return time.perf_counter() - start, proc.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        cases: dict[str, Path] = {}
        for name, (content, _, _) in BAD_FILES.items():
            path = Path(tmp) / f"{name.replace(' ', '-')}.yaml"
            path.write_bytes(content)
            cases[name] = path
        cases["(shipped file, valid)"] = ROOT / "data" / "klassificering.yaml"
        large = Path(tmp) / "large.yaml"
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "make_large.py"),
                        "--factor", "50", "--no-check", "-o", str(large)],
                       check=True, capture_output=True)
        cases[f"(50× structure, {large.stat().st_size // 1024} kB)"] = large
        print(f"{'case':40} {'validate':>10} {'tree':>10}   exit codes")
        worst = 0.0
        for name, path in cases.items():
            row = []
            codes = []
            for args in (["validate", str(path)], ["tree", "--all", "--data", str(path)]):
                times = []
                for _ in range(runs):
                    seconds, code = wall(args)
                    times.append(seconds)
                row.append(statistics.median(times))
                codes.append(code)
            worst = max(worst, *row)
            print(f"{name:40} {row[0]:9.2f}s {row[1]:9.2f}s   {codes[0]}/{codes[1]}")
        print(f"slowest: {worst:.2f}s")


if __name__ == "__main__":
    main()
