"""Quality of `vgrklass classify` on the test documents in benchmarks/documents/.

    python benchmarks/classify_quality.py [SET ...] [--date 2024-12-01] [--data FILE] [-v]

A SET is a directory with an expected.tsv or a labels.tsv (or the .tsv itself); without
any, all six sets run:

- expected.tsv lists each document with the codes that count as right (any of them);
  holdout/expected.tsv lists documents written after the weights were set and never used
  to tune them, and long/ has long published-style documents (budget, styrmodell,
  protokoll …) written before the ranking was changed for them;
- labels.tsv has a header and the columns file, top1 (codes right first), top3 (codes
  right within three) and kind; `-` means no process of ours fits: right when nothing is
  confident. documents/external/ has our own documents in the style of other
  organisations' first pages, one or two per mechanism of issue 13; documents/genre/ has
  replies and statements (yttrande, remissvar, svar på enkät) whose subject points
  elsewhere than their genre, written while the genre reading (classify/genre.py) was
  built, so not held out; the
  external dev set
  (`<repo>/../shared/eval/documents-external-dev/`, first pages of real documents from
  other organisations) is skipped with a note if absent.

Prints one line per document (rank of the first right code, the top three, whether the
answer was flagged as confident) and then top-1, top-3, how many answers were confident
and how many of those were wrong: a confident answer should be right, an uncertain one
may be either.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path
from typing import NamedTuple

from vgrklass.classify import classify, load_profiles
from vgrklass.datafile import resolve_data_path
from vgrklass.extract import ExtractError, read_document
from vgrklass.load import load_structure

DOCUMENTS = Path(__file__).resolve().parent / "documents"
EXTERNAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / \
    "documents-external-dev" / "labels.tsv"
NONE = "-"  # a label: no process of ours fits the document


class Label(NamedTuple):
    name: str
    top1: frozenset[str]  # codes right in first place (empty: nothing fits)
    top3: frozenset[str]  # codes right within the first three


def read_expected(path: Path) -> list[Label]:
    """expected.tsv (file, codes separated by spaces) or labels.tsv (a header, then file,
    top1, top3, kind; codes separated by commas, '-' for none)."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if cells[0] == "file":
            continue  # labels.tsv's header
        if path.name == "labels.tsv":
            top1, top3 = (frozenset(_codes(c)) for c in cells[1:3])
            rows.append(Label(cells[0], top1, top3 | top1))
        else:
            codes = frozenset(cells[1].split())
            rows.append(Label(cells[0], codes, codes))
    return rows


def _codes(cell: str) -> list[str]:
    return [c.strip() for c in cell.split(",") if c.strip() and c.strip() != NONE]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--date", default="2024-12-01", help="structure date (YYYY-MM-DD)")
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("sets", type=Path, nargs="*",
                        help="a set's directory (with expected.tsv) or its .tsv; default: all")
    parser.add_argument("--expected", type=Path, action="append", default=[],
                        help="expected.tsv to run (repeatable; same as giving it as a SET)")
    parser.add_argument("-v", "--verbose", action="store_true", help="show evidence")
    parser.add_argument("--timing", type=int, default=4000, metavar="WORDS",
                        help="also time a document of this many words (0: skip)")
    args = parser.parse_args()
    on = dt.date.fromisoformat(args.date)
    structure = load_structure(resolve_data_path(args.data))
    profiles = load_profiles(structure)
    chosen = [_set_file(s) for s in args.sets] + args.expected
    summary = []
    for expected in chosen or [DOCUMENTS / "expected.tsv", DOCUMENTS / "holdout" / "expected.tsv",
                               DOCUMENTS / "long" / "expected.tsv",
                               DOCUMENTS / "external" / "labels.tsv",
                               DOCUMENTS / "genre" / "labels.tsv", EXTERNAL]:
        print(f"== {expected}")
        if not expected.exists():
            print(f"(saknas, hoppas över: {expected})\n")
            continue
        summary.append((expected, run_set(expected, structure, profiles, on, args.verbose)))
        print()
    if len(summary) > 1:
        print(f"{'uppsättning':42} {'top-1':>7} {'top-3':>7} {'säkra':>6} {'säkra fel':>10}")
        for expected, s in summary:
            print(f"{_set_name(expected):42} {s.top1:>3}/{s.total:<3} {s.top3:>3}/{s.total:<3} "
                  f"{s.confident:>6} {s.confident_wrong:>10}")
        print()
    if args.timing:
        time_long_document(args.timing, structure, profiles, on)
    return 0


def _set_file(path: Path) -> Path:
    if path.is_dir():
        labels = path / "labels.tsv"
        return labels if labels.exists() else path / "expected.tsv"
    return path


def _set_name(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


class Figures(NamedTuple):
    total: int
    top1: int
    top3: int
    confident: int
    confident_wrong: int


def time_long_document(words: int, structure, profiles, on: dt.date, runs: int = 7) -> None:
    """Classify a document of `words` words made of the long set's texts, one after the
    other (a budget's title, then everything else as its body): the median of a few runs."""
    from vgrklass.extract import document_from_text

    parts = [read_document(str(path)).text for path in sorted((DOCUMENTS / "long").iterdir())
             if path.suffix in (".txt", ".md", ".pdf", ".docx")]
    lines = "\n".join(parts).splitlines()
    kept: list[str] = []
    count = 0
    while count < words:
        for line in lines:
            kept.append(line)
            count += len(line.split())
            if count >= words:
                break
    text = "\n".join(kept)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        classify(document_from_text(text, "lång.txt"), structure, on, limit=3, profiles=profiles)
        times.append(time.perf_counter() - started)
    times.sort()
    real = len(text.split())
    print(f"tid för ett dokument på {real} ord (median av {runs}): "
          f"{times[runs // 2] * 1000:.0f} ms (snabbast {times[0] * 1000:.0f} ms)")


def run_set(expected: Path, structure, profiles, on: dt.date, verbose: bool) -> Figures:
    rows = read_expected(expected)
    top1 = top3 = confident = confident_wrong = unreadable = 0
    elapsed = 0.0
    for name, accept, within in rows:
        started = time.perf_counter()
        try:
            document = read_document(str(expected.parent / name))
        except ExtractError as exc:
            print(f"FEL  {name}: {exc}")
            unreadable += 1
            continue
        outcome = classify(document, structure, on, limit=3, profiles=profiles)
        elapsed += time.perf_counter() - started
        codes = [hit.code for hit in outcome.hits[:3]]
        if accept:
            # Right first, or else the place of the first code right within three.
            first = bool(codes) and codes[0] in accept
            rank = 1 if first else next(
                (max(i + 1, 2) for i, code in enumerate(codes) if code in within), None)
        else:  # nothing of ours fits: right when nothing is confident
            rank = None if outcome.confident else 1
        top1 += rank == 1
        top3 += rank is not None
        if outcome.confident:
            confident += 1
            confident_wrong += rank != 1
        flag = "säker" if outcome.confident else "osäker"
        if outcome.confident and rank != 1:
            flag = "SÄKER FEL"
        mark = {1: "1   ", 2: " 2  ", 3: "  3 "}.get(rank, "MISS")
        wanted = "/".join(sorted(accept)) or NONE
        print(f"{mark} {name:45} väntat {wanted:10} fick "
              f"{', '.join(codes) or '-':22} {flag}")
        if verbose:
            for hit in outcome.hits:
                words = "; ".join(f"{e.text} → {e.match}" for e in hit.evidence[:4])
                print(f"       {hit.code:6} {hit.score:7.1f}  {words}")
    total = len(rows)
    print(f"dokument: {total} (oläsbara {unreadable}), datum {on}")
    print(f"top-1: {top1}/{total} = {top1 / total:.0%}")
    print(f"top-3: {top3}/{total} = {top3 / total:.0%}")
    print(f"säkra svar: {confident}/{total}, varav fel {confident_wrong}")
    print(f"tid per dokument (läsning + klassificering): {elapsed / max(total, 1) * 1000:.0f} ms")
    return Figures(total, top1, top3, confident, confident_wrong)


if __name__ == "__main__":
    sys.exit(main())
