"""A file share through `vgrklass classify`: documents per second with one and two worker
processes, the memory of the whole process tree, and the time per document on 1×, 10×
and 100× the structure (benchmarks/make_large.py).

    python benchmarks/classify_bulk.py                      # 1 000 documents, all figures
    python benchmarks/classify_bulk.py --documents 200 --factors 1,10
    python benchmarks/classify_bulk.py --keep /tmp/share    # keep the generated share

The share is generated (seeded): a third each .txt, .docx and .pdf, titled like a
registrar's documents (protokoll, fakturor, remissvar, riktlinjer, avtal … 30 types with
varying subjects, organs and dates), with 10 to 300 body lines running through one or two
of the benchmark documents' own texts, in folders by year and department. A file share repeats
its document types; so does this one.

Bulk runs are the installed command, as a records team runs it: `vgrklass classify SHARE
--recursive --format jsonl --jobs N`, output to /dev/null, a private cache warmed first.
The process tree (the command and its workers) is sampled every 20 ms: the peak of the
sum of its processes' RSS (shared pages counted in each process, as `ps` does) and of
their PSS (shared pages divided among them: what the tree really takes).

Time per document on each structure is measured in a process of its own: the
documents are read first, then `classify` is timed on each, as the bulk runner calls it
(profiles loaded once, answers kept between documents); the reading is the same on every
structure and would only dilute the comparison. The time is the process's CPU time, which
other load on the machine does not change. The first documents of a run read each title's
type through `find` anew (on 100× a new type costs some 250 ms); the figures are over the
whole run, and for its first and second half.

Targets (issue 14): peak RSS < 250 MiB for 1 000 documents, --jobs 2 at most 0.65× the
wall time of --jobs 1 (on a 2-core machine), time per document at 100× at most 3× that
at 1×. The script prints whether they were met; it never fails on them. Other load on the
machine shows in the wall times (the CPU times are printed beside them).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TARGET_RSS_MIB = 250.0
TARGET_JOBS_RATIO = 0.65
TARGET_SCALE_RATIO = 3.0
SAMPLE_SECONDS = 0.02
DATE = "2024-12-01"

TYPES = [
    "Protokoll från {organ}s sammanträde {date}",
    "Kallelse till sammanträde med {organ} {date}",
    "Leverantörsfaktura {number}",
    "FAKTURA {number}",
    "Delårsrapport {month} {year}",
    "Årsredovisning {year}",
    "Verksamhetsplan {year}",
    "Remissvar: {topic}",
    "Yttrande över remiss om {topic}",
    "Riktlinje för {topic}",
    "Policy för {topic}",
    "Anställningsavtal",
    "Rekryteringsannons: {role}",
    "Minnesanteckningar från ledningsgruppens möte {date}",
    "Samverkansavtal om {topic}",
    "Ramavtal {topic}",
    "Beslut om gallring av {topic}",
    "Delegationsordning för {organ}",
    "Projektdirektiv: {topic}",
    "Revisionsrapport {year}:{small} – {topic}",
    "Protokoll från arbetsmiljörond {date}",
    "Anmälan av personuppgiftsincident",
    "Kursinbjudan: {topic}",
    "Pressmeddelande: {topic}",
    "Hyresavtal för kontorslokal",
    "Synpunkt på bemötande",
    "Tjänsteutlåtande om {topic}",
    "Handlingsplan för {topic}",
    "Uppdragshandling {year}",
    "Budget {year} för {organ}",
]
ORGANS = ["regionstyrelsen", "hälso- och sjukvårdsnämnden", "kulturnämnden",
          "arkivnämnden", "miljönämnden", "personalutskottet"]
TOPICS = ["informationssäkerhet", "e-arkiv", "lokalförsörjning", "kompetensförsörjning",
          "upphandling av kontorsmaterial", "arkivvård", "digitalisering", "kollektivtrafik",
          "miljöarbete", "patientsäkerhet", "krisberedskap", "hållbar utveckling",
          "ekonomisystemet", "tolktjänster", "friskvård"]
ROLES = ["registrator", "arkivarie", "ekonom", "HR-specialist", "IT-strateg"]
MONTHS = ["april", "augusti", "oktober"]
DEPARTMENTS = ["ekonomi", "hr", "kansli", "it", "arkiv"]


# --- the share ---------------------------------------------------------------------------

def sources() -> list[list[str]]:
    """The benchmark documents' lines of text, one list per document: a registrar's
    vocabulary, each on one subject."""
    found = []
    for path in sorted((HERE / "documents").rglob("*")):
        if path.suffix in (".txt", ".md") and "errors" not in path.parts:
            lines = [line.strip("#*- ").strip() for line in
                     path.read_text(encoding="utf-8").splitlines()]
            found.append([line for line in lines if len(line.split()) >= 5])
    return [lines for lines in found if lines]


def body(rng: random.Random, texts: list[list[str]]) -> list[str]:
    """10 to 300 lines (mostly some 40), running on through one or two documents' text."""
    wanted = int(rng.triangular(10, 300, 40))
    lines: list[str] = []
    for source in rng.sample(texts, rng.choice((1, 1, 2))):
        start = rng.randrange(len(source))
        lines += [source[(start + i) % len(source)] for i in range(wanted // 2 + 1)]
    return lines[:wanted]


def title(rng: random.Random) -> str:
    day = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(1800))
    return rng.choice(TYPES).format(
        organ=rng.choice(ORGANS), date=day.isoformat(), number=rng.randrange(10**5, 10**6),
        month=rng.choice(MONTHS), year=day.year, topic=rng.choice(TOPICS),
        role=rng.choice(ROLES), small=rng.randrange(1, 20))


def make_share(folder: Path, count: int, seed: int = 14) -> list[Path]:
    rng = random.Random(seed)
    texts = sources()
    paths = []
    for number in range(count):
        heading = title(rng)
        lines = body(rng, texts)
        where = folder / str(2020 + number % 5) / DEPARTMENTS[number % len(DEPARTMENTS)]
        where.mkdir(parents=True, exist_ok=True)
        stem = where / f"dokument-{number:05}"
        kind = ("txt", "docx", "pdf")[number % 3]
        path = stem.with_suffix("." + kind)
        if kind == "txt":
            path.write_text("Västra Götalandsregionen\n\n" + heading + "\n\n" + "\n".join(lines)
                            + "\n", encoding="utf-8")
        elif kind == "docx":
            write_docx(path, heading, lines)
        else:
            write_pdf(path, [heading, *lines])
        paths.append(path)
    return paths


def write_docx(path: Path, heading: str, lines: list[str]) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Västra Götalandsregionen")
    document.add_paragraph(heading, style="Title")
    for number, line in enumerate(lines):
        style = "Heading 1" if number % 25 == 0 and len(line.split()) < 9 else "Normal"
        document.add_paragraph(line, style=style)
    document.save(str(path))


def write_pdf(path: Path, lines: list[str], per_page: int = 45) -> None:
    """A plain PDF of text lines (Helvetica, WinAnsi so that å, ä and ö survive)."""

    def literal(text: str) -> bytes:
        raw = text.encode("cp1252", errors="replace")
        return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") \
            + b")"

    pages = [lines[i:i + per_page] for i in range(0, len(lines), per_page)]
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
               b"/Encoding /WinAnsiEncoding >>"]
    kids = []
    for page in pages:
        stream = b"BT /F1 10 Tf 12 TL 40 800 Td " + b" ".join(
            literal(line[:110]) + b" Tj T*" for line in page) + b" ET"
        objects.append(b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream
                       + b"\nendstream")
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources "
                       b"<< /Font << /F1 3 0 R >> >> /Contents " + str(len(objects)).encode()
                       + b" 0 R >>")
        kids.append(len(objects))
    objects[1] = (b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids)
                  + b"] /Count " + str(len(kids)).encode() + b" >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))
    path.write_bytes(out.getvalue())


# --- measuring a process tree ------------------------------------------------------------

def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as stat:
                    parent = int(stat.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            tree.setdefault(parent, []).append(int(entry))
    return tree


def _descendants(pid: int) -> list[int]:
    tree = _children()
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(tree.get(current, []))
    return found


def _memory_kib(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in KiB, (0, 0) if it is gone."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


def _cpu_seconds(pid: int) -> float:
    """User and system time of one process so far (0 if it is gone)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def run_tree(argv: list[str], env: dict[str, str]) -> dict:
    """Wall and CPU seconds, exit code, the peak sums of RSS and PSS (MiB) of a command
    and all its descendants, and `idle`: the CPU seconds of the command itself plus those
    of its busiest descendant, about what the run takes on idle cores (the other workers
    run beside the busiest; counting all of the command's own time is on the safe side,
    much of it runs beside the workers too)."""
    started = time.perf_counter()
    before = os.times()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    peak_rss = peak_pss = 0
    processes = 0
    cpu: dict[int, float] = {}
    while process.poll() is None:
        pids = _descendants(process.pid)
        processes = max(processes, len(pids))
        sums = [_memory_kib(pid) for pid in pids]
        peak_rss = max(peak_rss, sum(r for r, _ in sums))
        peak_pss = max(peak_pss, sum(p for _, p in sums))
        for pid in pids:
            cpu[pid] = max(cpu.get(pid, 0.0), _cpu_seconds(pid))
        time.sleep(SAMPLE_SECONDS)
    wall = time.perf_counter() - started
    after = os.times()
    stderr = process.stderr.read().decode() if process.stderr else ""
    return {"wall": wall, "cpu": (after.children_user - before.children_user)
            + (after.children_system - before.children_system),
            "code": process.returncode, "rss": peak_rss / 1024, "pss": peak_pss / 1024,
            "processes": processes, "stderr": stderr.strip(),
            "idle": cpu.get(process.pid, 0.0) + max(
                (seconds for pid, seconds in cpu.items() if pid != process.pid), default=0.0)}


# --- time per document on a structure ----------------------------------------------------

def per_document(data: Path, share: Path) -> dict:
    """In this process: read every document, then time classify on each."""
    sys.path.insert(0, str(ROOT / "src"))
    from vgrklass.classify import classify, load_profiles
    from vgrklass.classify.sources import walk
    from vgrklass.extract import ExtractError, read_document
    from vgrklass.load import load_structure

    started = time.perf_counter()
    structure = load_structure(data)
    profiles = load_profiles(structure)
    loaded = time.perf_counter() - started
    documents = []
    for path in walk([str(share)], True):
        with contextlib.suppress(ExtractError):
            documents.append(read_document(path))
    on = dt.date.fromisoformat(DATE)
    times = []
    for document in documents:
        started = time.process_time()  # CPU time: what other load on the machine leaves out
        classify(document, structure, on, 3, profiles=profiles)
        times.append(time.process_time() - started)
    half = len(times) // 2
    return {"load": loaded, "documents": len(times), "mean": statistics.fmean(times),
            "median": statistics.median(times), "first_half": statistics.fmean(times[:half]),
            "second_half": statistics.fmean(times[half:]),
            "p95": sorted(times)[int(0.95 * (len(times) - 1))]}


# --- the report --------------------------------------------------------------------------

def vgrklass_command() -> list[str]:
    beside = Path(sys.executable).with_name("vgrklass")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("vgrklass")
    return [found] if found else [sys.executable, "-m", "vgrklass"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--factors", default="1,10,100",
                        help="strukturens storlekar för tid per dokument (tom: hoppa över)")
    parser.add_argument("--per-document-sample", type=int, default=1000,
                        help="antal dokument för tid per dokument")
    parser.add_argument("--keep", type=Path, help="spara den genererade katalogen här")
    parser.add_argument("--per-document", nargs=2, metavar=("DATA", "KATALOG"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.per_document:
        print(json.dumps(per_document(Path(args.per_document[0]), Path(args.per_document[1]))))
        return 0

    work = Path(tempfile.mkdtemp(prefix="vgrklass-bulk-"))
    env = {**os.environ, "VGRKLASS_CACHE_DIR": str(work / "cache")}
    env.pop("VGRKLASS_DATA", None)
    try:
        share = args.keep or work / "share"
        started = time.perf_counter()
        paths = make_share(share, args.documents)
        print(f"{len(paths)} dokument i {share} ({time.perf_counter() - started:.0f} s att göra; "
              f"{sum(p.stat().st_size for p in paths) / 2**20:.0f} MiB)")
        command = [*vgrklass_command(), "classify"]
        warm = run_tree([*command, str(paths[0]), "--date", DATE], env)  # builds the cache
        if warm["code"] not in (0, 1):
            raise SystemExit(f"fel: vgrklass classify misslyckades: {warm['stderr']}")
        runs = {}
        for jobs in (1, 2):
            runs[jobs] = run_tree([*command, str(share), "--recursive", "--format", "jsonl",
                                   "--jobs", str(jobs), "--date", DATE], env)
            run = runs[jobs]
            print(f"--jobs {jobs}: {run['wall']:.1f} s ({len(paths) / run['wall']:.1f} dokument/s;"
                  f" CPU {run['cpu']:.1f} s), högsta RSS {run['rss']:.0f} MiB, PSS "
                  f"{run['pss']:.0f} MiB ({run['processes']} processer), status {run['code']}")
            print(f"          på lediga kärnor omkring {run['idle']:.1f} s; "
                  f"{run['stderr'].splitlines()[-1] if run['stderr'] else ''}")
        ratio = runs[2]["wall"] / runs[1]["wall"]
        idle = runs[2]["idle"] / runs[1]["idle"] if runs[1]["idle"] else 0.0
        peak = max(run["rss"] for run in runs.values())
        print(f"--jobs 2 / --jobs 1: {ratio:.2f} av väggtiden; {idle:.2f} räknat på lediga "
              "kärnor (CPU-tid: kommandots egen och den mest belastade arbetsprocessens)")
        scale = {}
        factors = [int(f) for f in args.factors.split(",") if f.strip()]
        if factors:
            sample = work / "sample"
            for path in paths[:args.per_document_sample]:
                target = sample / path.relative_to(share)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(path, target)
        for factor in factors:
            data = ROOT / "data" / "klassificering.yaml"
            if factor != 1:
                data = work / f"struktur-{factor}x.yaml"
                subprocess.run([sys.executable, str(HERE / "make_large.py"), "--factor",
                                str(factor), "-o", str(data)], check=True, env=env,
                               stderr=subprocess.DEVNULL)
            result = subprocess.run([sys.executable, __file__, "--per-document", str(data),
                                     str(work / "sample")], env=env, check=True,
                                    capture_output=True, text=True)
            scale[factor] = json.loads(result.stdout)
            got = scale[factor]
            print(f"{factor}×: {got['mean'] * 1000:.1f} ms CPU per dokument (median "
                  f"{got['median'] * 1000:.1f}, p95 {got['p95'] * 1000:.1f}; första halvan "
                  f"{got['first_half'] * 1000:.1f}, andra {got['second_half'] * 1000:.1f}) över "
                  f"{got['documents']} dokument; inläsning {got['load']:.1f} s")
        print()
        print(f"mål: högsta RSS < {TARGET_RSS_MIB:.0f} MiB: {peak:.0f} MiB "
              f"({'uppfyllt' if peak < TARGET_RSS_MIB else 'EJ uppfyllt'})")
        print(f"mål: --jobs 2 ≤ {TARGET_JOBS_RATIO} × --jobs 1: {ratio:.2f} "
              f"({'uppfyllt' if ratio <= TARGET_JOBS_RATIO else 'EJ uppfyllt'})")
        if 1 in scale and 100 in scale:
            times = scale[100]["mean"] / scale[1]["mean"]
            print(f"mål: 100× ≤ {TARGET_SCALE_RATIO} × 1× per dokument: {times:.1f} "
                  f"({'uppfyllt' if times <= TARGET_SCALE_RATIO else 'EJ uppfyllt'})")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
