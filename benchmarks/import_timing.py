"""How long `vgrklass import` takes, on the shipped data and on a structure N times larger
(benchmarks/make_large.py), for the archivist's round trip: the exported plan (with
--all) read back with nothing changed, and with one changed value written in place.

    python benchmarks/import_timing.py                  # shipped data and 100x
    python benchmarks/import_timing.py --factor 10

Each run is the whole command in a fresh process without the cache (VGRKLASS_NO_CACHE=1);
printed are the wall-clock seconds and the CPU seconds the process used (on a busy
machine the CPU time is the steadier figure), then the split in-process (CPU): reading the
workbook, loading the data file, deciding the edits, the round trip of the edited
nodes, checking the result and comparing. "One change" edits one description in a copy
of the data file and imports the unchanged workbook into it: the workbook then differs
from the file in exactly one cell, and the import writes it back.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from export_timing import ROOT, SHIPPED, large_data  # beside this script


def cli(*args: str) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, exit code) of one vgrklass command in a new process."""
    env = dict(os.environ, VGRKLASS_NO_CACHE="1")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", "from vgrklass.cli import main; main()",
                           *args], env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.returncode


def split(workbook: Path, data: Path) -> str:
    """The in-process phases of one import, in CPU seconds."""
    from vgrklass import cache
    from vgrklass.diff import diff_structures
    from vgrklass.importers import _checked
    from vgrklass.importers.apply import plan_sheet
    from vgrklass.importers.workbook import read_workbook
    from vgrklass.load import load_structure
    from vgrklass.roundtrip import edit_nodes

    cache.set_disabled(True)
    marks = [time.process_time()]
    sheet = read_workbook(workbook)
    marks.append(time.process_time())
    before = load_structure(data)
    marks.append(time.process_time())
    applied = plan_sheet(sheet, before, str(workbook))
    marks.append(time.process_time())
    edited = edit_nodes(data, before, applied.edits, applied.apply)
    marks.append(time.process_time())
    if edited.changed:
        after = _checked(edited, applied, str(workbook))
        diff_structures(before, dataclasses.replace(after, source=str(workbook)))
    marks.append(time.process_time())
    names = ("arbetsbok", "datafil", "ändringar", "rundtur", "kontroll+diff")
    return " / ".join(f"{name} {b - a:.2f}" for name, a, b in zip(names, marks, marks[1:],
                                                                    strict=False))


def one_change(data: Path, copy: Path) -> None:
    """A copy of the data file with the first description changed."""
    text = data.read_text(encoding="utf-8")
    at = text.index("description: ") + len("description: ")
    copy.write_text(text[:at] + "ÄNDRAD " + text[at:], encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factor", type=int, default=100)
    parser.add_argument("--large", type=Path, help="an existing large YAML to use instead")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        large = large_data(args, work)
        print(f"{'data':<14} {'körning':<28} {'sek':>6} {'cpu':>6}   delar (cpu-sek, i processen)")
        for label, data in (("levererad", SHIPPED), (f"{args.factor}x --all", large)):
            workbook = work / "plan.xlsx"
            wall, cpu, _ = cli("export", "--all", "-o", str(workbook), "--data", str(data))
            print(f"{label:<14} {'export xlsx (för jämförelse)':<28} {wall:>6.2f} {cpu:>6.2f}",
                  flush=True)
            wall, cpu, code = cli("import", str(workbook), "--into", str(data))
            assert code == 0, f"the round trip changed something (exit {code})"
            print(f"{label:<14} {'import, inga ändringar':<28} {wall:>6.2f} {cpu:>6.2f}   "
                  f"{split(workbook, data)}", flush=True)
            changed = work / "changed.yaml"
            one_change(data, changed)
            phases = split(workbook, changed)
            wall, cpu, code = cli("import", str(workbook), "--into", str(changed), "--write")
            assert code == 1, f"one change expected (exit {code})"
            print(f"{label:<14} {'import --write, en ändring':<28} {wall:>6.2f} {cpu:>6.2f}   "
                  f"{phases}", flush=True)
            wall, cpu, _ = cli("export", "--all", "-f", "erms", "-o", str(work / "k.xml"),
                               "--data", str(data))
            size = (work / "k.xml").stat().st_size
            print(f"{label:<14} {'export --format erms':<28} {wall:>6.2f} {cpu:>6.2f}   "
                  f"{size / 1e6:.1f} MB", flush=True)


if __name__ == "__main__":
    main()
