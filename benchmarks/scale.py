"""Speed at scale: wall time and peak memory of each command on 1×, 10× and 100× the
shipped structure (a whole region keeps one structure per nämnd and styrelse).

    python benchmarks/scale.py                  # all factors, 5 warm runs each
    python benchmarks/scale.py --factors 1,10 --runs 3 --markdown

Every call is a separate process of the installed `vgrklass` console script, as a
registrar or CI runs it. For each factor and command the private cache
(VGRKLASS_CACHE_DIR in a temp dir) is emptied, the first run is timed alone ("kall":
the file has never been seen) and then the median of the next runs ("varm"). Peak
memory is the child's own ru_maxrss from wait4(2), the largest of all its runs. A
command that the installed vgrklass lacks is reported as "saknas". vgrklass's byte code
is compiled once beforehand, as after `pip install`, even where PYTHONDONTWRITEBYTECODE
is set (an editable install would otherwise compile every module on every run).

Two reference rows are measured in the same run: a bare typer app (the start-up every
command pays), run after each of find's warm calls so that both meet the same load, and
the floor for the same lookup, an SQLite FTS5 query of the three find queries in a
process of its own (the in-process time of that query is printed below the tables).

Targets at 100× (issue 19) are checked at the end; the script prints, never asserts.
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

from startup import HELLO  # the bare typer app, as startup.py runs it (beside this file)

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
FIND = "find (3 frågor)"
# find on a data file it has never seen, after a find on another: what a user's second
# file meets. The knowledge caches (SAOL's lexicon, Synlex and the domain vocabulary,
# kept per installation, not per data file) are there; nothing of this file is.
NEW_FILE = "find, ny datafil"
TYPER = "typer (tom app)"
FTS5 = "FTS5-golv (process)"

# Targets at 100× (issue 19): (row label, which figure, limit in seconds).
TARGETS = [
    (FIND, "kall", 2.5),
    (NEW_FILE, "kall", 2.5),
    ("export xlsx", "kall", 4.0),
    ("export xlsx", "varm", 4.0),
]
# (row, factor, row, factor, largest ratio of their warm times)
RATIO_TARGETS = [
    (FIND, 100, FIND, 1, 1.3),
    (FIND, 1, TYPER, 1, 1.1),
]
MEMORY_LIMIT_MIB = 250
GROWTH_LIMIT = 10.0  # 10× → 100×: linear or better


# One FTS5 query in a process of its own: the floor for a lookup as a whole process.
FTS5_QUERY = '''\
import sqlite3, sys
connection = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
rows = connection.execute("SELECT code FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT 10",
                          (sys.argv[2],)).fetchall()
print("\\n".join(code for (code,) in rows))
'''


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
    cpu_runs: list[float] = field(default_factory=list)


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
            cache: Path, runs: int, env: dict[str, str],
            reference: tuple[list[str], Figures] | None = None,
            empty_cache: bool = True) -> Figures:
    """Cold and warm figures of one command; `reference` (a command and its Figures) is
    run after each warm call as well, so that both meet the same load on the machine.
    `empty_cache`: start from an empty cache (else the file must be new to it)."""
    figures = Figures()
    if empty_cache:
        shutil.rmtree(cache, ignore_errors=True)
    ok = OK_CODES.get(name, {0})
    filled = [[a.format(data=data, out=out) for a in call] for call in calls]
    times: list[float] = []
    cpus: list[float] = []
    for i in range(runs + 1):
        for argv in filled:
            if reference is not None and i > 0:
                _add_run(reference[1], run_once(reference[0], env))
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


def fts5_match(query: str) -> str:
    """The query's words as an FTS5 OR query ('"protokoll" OR "arbetsmiljörond"')."""
    import re

    return " OR ".join(f'"{w}"' for w in re.findall(r"\w+", query.casefold()) if len(w) > 2)


def make_fts5(data: Path, path: Path) -> None:
    """An FTS5 table of every process's texts (title, examples, sökord, description,
    comments), as the floor for find: SQLite's own full-text search, in C."""
    import sqlite3

    sys.path.insert(0, str(HERE.parent / "src"))
    from vgrklass.load import load_structure

    structure = load_structure(data)
    connection = sqlite3.connect(path)
    connection.execute("CREATE VIRTUAL TABLE docs USING fts5(code UNINDEXED, text, "
                       "tokenize = 'unicode61 remove_diacritics 0')")
    connection.executemany("INSERT INTO docs VALUES (?, ?)", (
        (node.code, "\n".join([node.title, *node.examples, *node.sokord,
                                node.description or "", node.comments or ""]))
        for node in structure if node.kind == "P"))
    connection.commit()
    connection.close()


def fts5_in_process(path: Path, runs: int) -> float:
    """Median seconds of one FTS5 lookup (each find query) inside a process."""
    import sqlite3

    connection = sqlite3.connect(path)
    times = []
    for _ in range(max(runs, 3)):
        for query in FIND_QUERIES:
            start = time.perf_counter()
            connection.execute("SELECT code FROM docs WHERE docs MATCH ? ORDER BY rank "
                               "LIMIT 10", (fts5_match(query),)).fetchall()
            times.append(time.perf_counter() - start)
    connection.close()
    return statistics.median(times)


def _add_run(figures: Figures, run: tuple[float, float, int, int, str]) -> None:
    """One more warm run of a reference process."""
    elapsed, cpu, _, peak, _ = run
    figures.peak_kib = max(figures.peak_kib, peak)
    figures.warm_runs.append(elapsed)
    figures.cpu_runs.append(cpu)
    figures.cold = figures.cold if figures.cold is not None else elapsed
    figures.cpu_cold = figures.cpu_cold if figures.cpu_cold is not None else cpu
    figures.warm = statistics.median(figures.warm_runs)
    figures.cpu_warm = statistics.median(figures.cpu_runs)


def measure_script(argv_calls: list[list[str]], runs: int, env: dict[str, str]) -> Figures:
    """A reference process (not vgrklass): first run and median of the next ones."""
    figures = Figures()
    times: list[float] = []
    cpus: list[float] = []
    for i in range(runs + 1):
        for argv in argv_calls:
            elapsed, cpu, code, peak, message = run_once(argv, env)
            figures.peak_kib = max(figures.peak_kib, peak)
            if code != 0:
                figures.failed = f"slutkod {code}: {message.strip().splitlines()[-1:]}"
                return figures
            if i == 0 and figures.cold is None:
                figures.cold, figures.cpu_cold = elapsed, cpu
            elif i > 0:
                times.append(elapsed)
                cpus.append(cpu)
    figures.warm_runs = times
    figures.warm = statistics.median(times)
    figures.cpu_warm = statistics.median(cpus)
    return figures


def compile_bytecode(env: dict[str, str]) -> None:
    """Byte code for vgrklass beside its modules, as `pip install` leaves it (an editable
    install run with PYTHONDONTWRITEBYTECODE would compile every module on every run)."""
    import importlib.util

    spec = importlib.util.find_spec("vgrklass")
    if spec and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            subprocess.run([sys.executable, "-m", "compileall", "-q", location], env=env,
                           check=False, stdout=subprocess.DEVNULL)


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


def _usable(fig: Figures | None) -> bool:
    return fig is not None and not fig.missing and not fig.failed


def check_targets(results: dict[str, dict[int, Figures]], factor: int) -> list[str]:
    """Each target: met or not, by wall time and by CPU time (which other load on the
    machine affects less)."""
    lines = []
    for label, which, limit in TARGETS:
        fig = results.get(label, {}).get(factor)
        if not _usable(fig):
            lines.append(f"  {label}: {'saknas' if fig and fig.missing else 'ej mätt'}")
            continue
        value = fig.warm if which == "varm" else fig.cold
        cpu = fig.cpu_warm if which == "varm" else fig.cpu_cold
        lines.append(f"  [{_mark(value, limit)}] {label} {factor}× {which} {fmt_time(value)}, "
                     f"CPU {fmt_time(cpu)} [{_mark(cpu, limit).strip()}] (mål ≤ {limit:g} s)")
    for label, at, other, other_at, limit in RATIO_TARGETS:
        a, b = results.get(label, {}).get(at), results.get(other, {}).get(other_at)
        if not (_usable(a) and _usable(b)):
            continue
        wall = a.warm / b.warm if a.warm and b.warm else None
        cpu = a.cpu_warm / b.cpu_warm if a.cpu_warm and b.cpu_warm else None
        lines.append(f"  [{_mark(wall, limit)}] {label} {at}× varm / {other} {other_at}× varm "
                     f"= {_ratio(wall)}, CPU {_ratio(cpu)} [{_mark(cpu, limit).strip()}] "
                     f"(mål ≤ {limit:g})")
    commands = {k: v for k, v in results.items() if k not in (TYPER, FTS5)}
    peak = max((f.peak_kib for r in commands.values() for f in [r.get(factor)] if f),
               default=0)
    worst = max(commands, key=lambda k: commands[k].get(factor, Figures()).peak_kib,
                default="")
    lines.append(f"  [{_mark(peak / 1024, MEMORY_LIMIT_MIB)}] största toppminne "
                 f"{peak / 1024:.0f} MiB ({worst}) (mål ≤ {MEMORY_LIMIT_MIB} MiB)")
    for label, by_factor in commands.items():
        a, b = by_factor.get(10), by_factor.get(100)
        if factor != 100 or not (_usable(a) and _usable(b)):
            continue
        worst_growth = max((y / x for x, y in ((a.cpu_cold, b.cpu_cold),
                                                (a.cpu_warm, b.cpu_warm)) if x and y),
                           default=None)
        lines.append(f"  [{_mark(worst_growth, GROWTH_LIMIT)}] {label} 10→100× högst "
                     f"{_ratio(worst_growth)} CPU (mål ≤ {GROWTH_LIMIT:g}×: linjärt eller bättre)")
    return lines


def _mark(value: float | None, limit: float) -> str:
    return "OK " if value is not None and value <= limit else "MISS"


def _ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--fts5-floor"]:  # the FTS5 table built and timed (see main)
        data, database, runs = argv[1:]
        make_fts5(Path(data), Path(database))
        print(fts5_in_process(Path(database), int(runs)))
        return 0
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
        for name in ("VGRKLASS_NO_CACHE", "VGRKLASS_DATA", "PYTHONDONTWRITEBYTECODE"):
            env.pop(name, None)
        compile_bytecode(env)
        files = make_files(factors, work)
        results: dict[str, dict[int, Figures]] = {}
        floor_in_process: dict[int, float] = {}
        if not only or "find" in only:
            hello = work / "hello.py"
            hello.write_text(HELLO, encoding="utf-8")
            fts5 = work / "fts5.py"
            fts5.write_text(FTS5_QUERY, encoding="utf-8")
            results[TYPER] = {}
            results[FTS5] = {}
            for factor in factors:
                # Run again beside find's warm runs below (see measure).
                results[TYPER][factor] = Figures()
                database = work / f"fts5-{factor}x.sqlite"
                # In a process of its own: this one must stay small, since a child's
                # ru_maxrss starts at its parent's (Linux keeps it across exec).
                floor = subprocess.run(
                    [sys.executable, __file__, "--fts5-floor", str(files[factor]),
                     str(database), str(args.runs)],
                    check=True, capture_output=True, text=True, env=env)
                floor_in_process[factor] = float(floor.stdout)
                results[FTS5][factor] = measure_script(
                    [[sys.executable, str(fts5), str(database), fts5_match(q)]
                     for q in FIND_QUERIES], args.runs, env)
                print(f"FTS5 {factor}×: {fmt_time(results[FTS5][factor].warm)} (i processen "
                      f"{floor_in_process[factor] * 1000:.1f} ms)", file=sys.stderr, flush=True)
        for label, name, calls in COMMANDS:
            if only and name not in only:
                continue
            results[label] = {}
            present = available(exe, name, env)
            for factor in factors:
                if not present:
                    results[label][factor] = Figures(missing=True)
                    continue
                reference = ([sys.executable, str(work / "hello.py")], results[TYPER][factor]) \
                    if name == "find" and TYPER in results else None
                fig = measure(exe, name, calls, files[factor], work, cache, args.runs, env,
                              reference)
                results[label][factor] = fig
                status = fig.failed or (f"kall {fmt_time(fig.cold)}, varm {fmt_time(fig.warm)}, "
                                        f"{fig.peak_kib / 1024:.0f} MiB")
                print(f"{label} {factor}×: {status}", file=sys.stderr, flush=True)
                if name == "find" and not fig.failed:
                    # The same file with a comment added: new to the cache, byte for byte.
                    copy = work / f"ny-datafil-{factor}x.yaml"
                    copy.write_bytes(files[factor].read_bytes() + b"\n# en annan datafil\n")
                    new = measure(exe, name, calls, copy, work, cache, args.runs, env,
                                  empty_cache=False)
                    results.setdefault(NEW_FILE, {})[factor] = new
                    print(f"{NEW_FILE} {factor}×: kall {fmt_time(new.cold)}",
                          file=sys.stderr, flush=True)

    report = make_report(results, factors, args.runs, exe, args.markdown, floor_in_process)
    print(report)
    if args.write_docs:
        write_docs(args.write_docs, make_report(results, factors, args.runs, "vgrklass", True,
                                                floor_in_process))
    return 0


def make_report(results: dict[str, dict[int, Figures]], factors: list[int], runs: int,
                exe: str, markdown: bool, floor: dict[int, float] | None = None) -> str:
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
    if floor:
        lines.append("FTS5-frågan i processen (median per fråga): " + ", ".join(
            f"{factor}× {seconds * 1000:.1f} ms" for factor, seconds in floor.items()))
        lines.append("")
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
