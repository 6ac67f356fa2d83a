"""How long `vgrklass export` takes, per format, on the shipped data and on a structure
N times larger (made by benchmarks/make_large.py). Target: < 20 s for the ~90 000-row
plan of the 100x structure (with --all), every format, end to end without the cache.

    python benchmarks/export_timing.py                 # shipped data and 100x
    python benchmarks/export_timing.py --factor 10 --formats xlsx csv

Prints one line per run: data, format, rows (nodes for json and erms), seconds (whole command, a
fresh process, VGRKLASS_NO_CACHE=1), output size; and the in-process split
load / rows / render.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "data" / "klassificering.yaml"
FORMATS = ("xlsx", "csv", "html", "markdown", "json", "erms")
SUFFIX = {"markdown": "md", "erms": "xml"}


def run_cli(data: Path, fmt: str, out: Path, all_: bool) -> float:
    command = [sys.executable, "-c", "from vgrklass.cli import main; main()", "export",
               "-f", fmt, "-o", str(out), "--data", str(data)]
    if all_:
        command.append("--all")
    env = dict(os.environ, VGRKLASS_NO_CACHE="1")
    start = time.perf_counter()
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def split(data: Path, fmt: str, all_: bool) -> tuple[float, float, float, int]:
    """In-process: seconds to load, to build the rows, to render; and the row count."""
    from vgrklass import cache
    from vgrklass.export.rows import build_plan
    from vgrklass.load import load_structure

    cache.set_disabled(True)
    start = time.perf_counter()
    structure = load_structure(data)
    loaded = time.perf_counter()
    today = dt.date.today()
    plan = build_plan(structure, None if all_ else today, today)
    built = time.perf_counter()
    if fmt == "xlsx":
        from vgrklass.export.xlsx_export import render_xlsx
        render_xlsx(plan)
    elif fmt == "csv":
        from vgrklass.export.csv_export import render_csv
        render_csv(plan)
    elif fmt == "html":
        from vgrklass.export.html_export import render_html
        render_html(plan)
    elif fmt == "markdown":
        from vgrklass.export.markdown_export import render_markdown
        render_markdown(plan)
    elif fmt == "erms":
        from vgrklass.export.erms_export import render_erms
        render_erms(structure, None if all_ else today, dt.datetime.now(dt.UTC))
        nodes = list(structure) if all_ else structure.in_force(today)
        return loaded - start, built - loaded, time.perf_counter() - built, len(nodes)
    else:
        from vgrklass.export.json_export import render_json
        nodes = list(structure) if all_ else structure.in_force(today)
        render_json(nodes)
        return loaded - start, built - loaded, time.perf_counter() - built, len(nodes)
    rendered = time.perf_counter()
    return loaded - start, built - loaded, rendered - built, len(plan.rows)


def large_data(args: argparse.Namespace, work: Path) -> Path:
    """--large, or a structure --factor times the shipped one made in `work`."""
    if args.large is not None:
        return args.large
    large = work / "large.yaml"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "make_large.py"),
                    "--factor", str(args.factor), "-o", str(large)], check=True,
                   stdout=subprocess.DEVNULL)
    return large


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factor", type=int, default=100)
    parser.add_argument("--large", type=Path, help="an existing large YAML to use instead")
    parser.add_argument("--formats", nargs="+", default=list(FORMATS), choices=FORMATS)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        large = large_data(args, work)
        print(f"{'data':<14} {'format':<9} {'rader':>7} {'sek':>6} {'storlek':>10}   "
              "inläsning / rader / rendering (sek)")
        for label, data, all_ in (("levererad", SHIPPED, False),
                                  (f"{args.factor}x --all", large, True)):
            for fmt in args.formats:
                out = work / f"plan.{SUFFIX.get(fmt, fmt)}"
                seconds = run_cli(data, fmt, out, all_)
                load_s, rows_s, render_s, rows = split(data, fmt, all_)
                print(f"{label:<14} {fmt:<9} {rows:>7} {seconds:>6.2f} "
                      f"{out.stat().st_size:>10}   {load_s:.2f} / {rows_s:.2f} / {render_s:.2f}",
                      flush=True)


if __name__ == "__main__":
    main()
