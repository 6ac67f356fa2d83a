"""Speed at scale: wall time and peak memory of each command on 1×, 10× and 100× the
shipped structure (a whole region keeps one structure per nämnd and styrelse).

    python benchmarks/scale.py                  # all factors, 5 warm runs each
    python benchmarks/scale.py --factors 1,10 --runs 3 --markdown

Every call is a separate process of the installed `vgrklass` console script, as a
registrar or CI runs it. For each factor and command the private cache
(VGRKLASS_CACHE_DIR in a temp dir) is emptied, the first run is timed alone ("kall":
the file has never been seen) and then the median of the next runs ("varm"). Peak
memory is the child's own ru_maxrss from wait4(2), the largest of all its runs. A
command that the installed vgrklass lacks is reported as "saknas".

Targets at 100× (issue 9) are checked at the end; the script prints, never asserts.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIND_QUERIES = ["leverantörsfaktura", "anställningsavtal", "protokoll från arbetsmiljörond"]

# (row label, command name, argument lists per call; {data} and {out} are filled in)
COMMANDS: list[tuple[str, str, list[list[str]]]] = [
    ("validate", "validate", [["validate", "{data}"]]),
    ("find (3 frågor)", "find", [["find", q, "--data", "{data}"] for q in FIND_QUERIES]),
    ("show", "show", [["show", "2.4.3", "--data", "{data}"]]),
    ("diff datum", "diff", [["diff", "--from", "2018-06-01", "--to", "2021-06-01",
                             "--data", "{data}"]]),
    ("export xlsx", "export", [["export", "--format", "xlsx", "-o", "{out}/plan.xlsx",
                                "--data", "{data}"]]),
]
# Exit codes that mean "worked": find says 1 for no match, diff 1 for differences.
OK_CODES = {"find": {0, 1}, "diff": {0, 1}}

# Targets at 100×: (row label, which figure, limit in seconds).
TARGETS = [
    ("find (3 frågor)", "varm", 0.5),
    ("show", "varm", 0.5),
    ("validate", "varm", 3.0),
    ("export xlsx", "varm", 20.0),
]
MEMORY_LIMIT_MIB = 1024


@dataclass
class Figures:
    cold: float | None = None
    warm: float | None = None
    cpu_cold: float | None = None  # user + system seconds: what the run cost, whatever
    cpu_warm: float | None = None  # else the machine was doing at the time
    peak_kib: int = 0
    missing: bool = False
    failed: str | None = None
    warm_runs: list[float] = field(default_factory=list)


def vgrklass_path() -> str:
    beside = Path(sys.executable).with_name("vgrklass")
    if beside.exists():
        return str(beside)
    found = shutil.which("vgrklass")
    if not found:
        raise SystemExit("fel: hittar inte kommandot vgrklass (installera paketet först)")
    return found


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float, int, int, str]:
    """(wall seconds, CPU seconds, exit code, peak RSS in KiB, stderr) of one process,
    output discarded."""
    with tempfile.TemporaryFile() as err, open(os.devnull, "wb") as null:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=null, stderr=err,
                                env=env)
        # wait4 gives this one child's own rusage (RUSAGE_CHILDREN would be the max over
        # every child so far); reap it ourselves, then tell Popen it is done.
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        message = err.read().decode("utf-8", "replace")
    # ru_maxrss is KiB on Linux, bytes on macOS.
    peak = usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss
    cpu = usage.ru_utime + usage.ru_stime
    return elapsed, cpu, proc.returncode, peak, message


def available(exe: str, command: str, env: dict[str, str]) -> bool:
    result = subprocess.run([exe, command, "--help"], capture_output=True, env=env)
    return result.returncode == 0


def measure(exe: str, name: str, calls: list[list[str]], data: Path, out: Path,
            cache: Path, runs: int, env: dict[str, str]) -> Figures:
    figures = Figures()
    shutil.rmtree(cache, ignore_errors=True)
    ok = OK_CODES.get(name, {0})
    filled = [[a.format(data=data, out=out) for a in call] for call in calls]
    times: list[float] = []
    cpus: list[float] = []
    for i in range(runs + 1):
        for argv in filled:
            elapsed, cpu, code, peak, message = run_once([exe, *argv], env)
            figures.peak_kib = max(figures.peak_kib, peak)
            if code not in ok:
                figures.failed = f"slutkod {code}: {message.strip().splitlines()[-1:]}"
                return figures
            if i == 0 and figures.cold is None:
                figures.cold, figures.cpu_cold = elapsed, cpu  # first call: nothing cached
            elif i > 0:
                times.append(elapsed)
                cpus.append(cpu)
    figures.warm_runs = times
    figures.warm = statistics.median(times) if times else None
    figures.cpu_warm = statistics.median(cpus) if cpus else None
    return figures


def make_files(factors: list[int], directory: Path) -> dict[int, Path]:
    files = {}
    for factor in factors:
        path = directory / f"struktur-{factor}x.yaml"
        subprocess.run([sys.executable, str(HERE / "make_large.py"), "--factor", str(factor),
                        "-o", str(path)], check=True)
        files[factor] = path
    return files


def fmt_time(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f} s"


def cell(fig: Figures | None, which: str, cpu: bool = False) -> str:
    if fig is None:
        return "–"
    if fig.missing:
        return "saknas"
    if fig.failed:
        return "fel"
    if cpu:
        return fmt_time(fig.cpu_cold if which == "kall" else fig.cpu_warm)
    return fmt_time(fig.cold if which == "kall" else fig.warm)


def growth(a: float | None, b: float | None) -> str:
    if not a or not b:
        return "–"
    return f"{b / a:.1f}×"


def render(results: dict[str, dict[int, Figures]], factors: list[int],
           markdown: bool, cpu: bool = False) -> str:
    """The table of wall times (or CPU times) with memory and growth 10× → 100×."""
    headers = ["kommando"]
    for f in factors:
        headers += [f"{f}× kall", f"{f}× varm"]
    if not cpu:
        headers += [f"{f}× minne" for f in factors]
    if 10 in factors and 100 in factors:
        headers += ["10→100× kall", "10→100× varm"] + ([] if cpu else ["10→100× minne"])
    rows = []
    for label, by_factor in results.items():
        row = [label]
        for f in factors:
            row += [cell(by_factor.get(f), "kall", cpu), cell(by_factor.get(f), "varm", cpu)]
        for f in factors if not cpu else []:
            fig = by_factor.get(f)
            row.append("–" if fig is None or fig.missing else f"{fig.peak_kib / 1024:.0f} MiB")
        if 10 in factors and 100 in factors:
            a, b = by_factor.get(10), by_factor.get(100)
            usable = a and b and not (a.missing or b.missing or a.failed or b.failed)
            cold = (a.cpu_cold, b.cpu_cold) if cpu else (a.cold, b.cold)
            warm = (a.cpu_warm, b.cpu_warm) if cpu else (a.warm, b.warm)
            row += [growth(*cold) if usable else "–", growth(*warm) if usable else "–"]
            if not cpu:
                row.append(growth(a.peak_kib, b.peak_kib) if usable else "–")
        rows.append(row)
    return _table(headers, rows, markdown)


def _table(headers: list[str], rows: list[list[str]], markdown: bool) -> str:
    if markdown:
        lines = ["| " + " | ".join(headers) + " |",
                 "|" + "|".join("---" if i == 0 else "--:" for i in range(len(headers))) + "|"]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        return "\n".join(lines)
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True)))
    return "\n".join([line(headers), line(["-" * w for w in widths])] + [line(r) for r in rows])


def check_targets(results: dict[str, dict[int, Figures]], factor: int) -> list[str]:
    lines = []
    for label, which, limit in TARGETS:
        fig = results.get(label, {}).get(factor)
        if fig is None or fig.missing or fig.failed:
            lines.append(f"  {label}: {'saknas' if fig and fig.missing else 'ej mätt'}")
            continue
        value = fig.warm if which == "varm" else fig.cold
        cpu = fig.cpu_warm if which == "varm" else fig.cpu_cold
        mark = "OK " if value is not None and value < limit else "MISS"
        lines.append(f"  [{mark}] {label} {which} {fmt_time(value)}, CPU {fmt_time(cpu)} "
                     f"(mål < {limit:g} s)")
    peak = max((f.peak_kib for r in results.values() for f in [r.get(factor)] if f), default=0)
    mark = "OK " if peak / 1024 < MEMORY_LIMIT_MIB else "MISS"
    lines.append(f"  [{mark}] största toppminne {peak / 1024:.0f} MiB "
                 f"(mål < {MEMORY_LIMIT_MIB} MiB)")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--factors", default="1,10,100",
                        help="storlekar som kopior av strukturen (standard 1,10,100)")
    parser.add_argument("--runs", type=int, default=5, help="varma körningar per anrop")
    parser.add_argument("--only", help="bara dessa kommandon, kommaseparerade (t.ex. show,find)")
    parser.add_argument("--markdown", action="store_true", help="tabellen som Markdown")
    parser.add_argument("--write-docs", type=Path, metavar="FIL",
                        help="skriv också resultatet (Markdown) mellan markeringarna i FIL, "
                             "t.ex. docs/prestanda.md")
    args = parser.parse_args(argv)
    factors = [int(f) for f in args.factors.split(",")]
    only = set(args.only.split(",")) if args.only else None

    exe = vgrklass_path()
    with tempfile.TemporaryDirectory(prefix="vgrklass-scale-") as tmp:
        work = Path(tmp)
        cache = work / "cache"
        env = {**os.environ, "VGRKLASS_CACHE_DIR": str(cache), "NO_COLOR": "1"}
        env.pop("VGRKLASS_NO_CACHE", None)
        env.pop("VGRKLASS_DATA", None)
        files = make_files(factors, work)
        results: dict[str, dict[int, Figures]] = {}
        for label, name, calls in COMMANDS:
            if only and name not in only:
                continue
            results[label] = {}
            present = available(exe, name, env)
            for factor in factors:
                if not present:
                    results[label][factor] = Figures(missing=True)
                    continue
                fig = measure(exe, name, calls, files[factor], work, cache, args.runs, env)
                results[label][factor] = fig
                status = fig.failed or (f"kall {fmt_time(fig.cold)}, varm {fmt_time(fig.warm)}, "
                                        f"{fig.peak_kib / 1024:.0f} MiB")
                print(f"{label} {factor}×: {status}", file=sys.stderr, flush=True)

    report = make_report(results, factors, args.runs, exe, args.markdown)
    print(report)
    if args.write_docs:
        write_docs(args.write_docs, make_report(results, factors, args.runs, "vgrklass", True))
    return 0


def make_report(results: dict[str, dict[int, Figures]], factors: list[int], runs: int,
                exe: str, markdown: bool) -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    lines = [f"{exe}; Python {sys.version.split()[0]}; {os.cpu_count()} kärnor; "
             f"{runs} varma körningar per anrop (median); find: {len(FIND_QUERIES)} frågor; "
             f"{time.strftime('%Y-%m-%d')}", ""]
    lines.append(f"Väggtid (median; belastning på maskinen vid slutet: {load:.1f})"
                 if load is not None else "Väggtid (median)")
    lines += ["", render(results, factors, markdown), ""] if markdown else [
        render(results, factors, markdown), ""]
    lines.append("CPU-tid (användare + system, median): oberoende av annan last på maskinen")
    lines += ["", render(results, factors, markdown, cpu=True), ""] if markdown else [
        render(results, factors, markdown, cpu=True), ""]
    for label, by_factor in results.items():
        for factor, fig in by_factor.items():
            if fig.failed:
                lines.append(f"  {label} {factor}×: {fig.failed}")
    if 100 in factors:
        lines.append("Mål vid 100×:")
        targets = check_targets(results, 100)
        lines += [f"-{t[1:]}" for t in targets] if markdown else targets
    return "\n".join(lines)


_START, _END = "<!-- scale-table -->", "<!-- /scale-table -->"


def write_docs(path: Path, report: str) -> None:
    """Put the report between the markers in a Markdown page (docs/prestanda.md)."""
    text = path.read_text(encoding="utf-8")
    if _START not in text or _END not in text:
        raise SystemExit(f"fel: {path} saknar {_START} … {_END}")
    head, rest = text.split(_START, 1)
    _, tail = rest.split(_END, 1)
    path.write_text(f"{head}{_START}\n{report}\n{_END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
