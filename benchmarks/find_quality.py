"""Quality of `vgrklass find` on query sets (TSV: query, date, accept, category).

    python benchmarks/find_quality.py [SET.tsv ...] [--data FILE]

Defaults to every query set: benchmarks/find-*.tsv and, when ../shared/eval is beside
the repository, its find-*.tsv. For each set prints top-1, top-3, negatives correct,
confident answers (how many, how many wrong), top-1 per category, the failures, and the
top-1 of a Ctrl-F baseline (case-insensitive substring of the query in each process's
examples, first match in document order, as when searching the PDF).

A hit counts for top-k when one of the first k results (confident or a suggestion) is in
`accept`. A negative (`-`) counts as right when nothing is confident: uncertain
suggestions are allowed. "Säkra fel" counts confident first hits that are wrong, on
positives and negatives alike: the figure that must stay at zero.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Case:
    query: str
    date: dt.date | None
    accept: frozenset[str]  # empty: a negative, nothing may be returned
    category: str


def read_cases(path: Path) -> list[Case]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    cases = []
    for row in rows:
        accept = row["accept"].strip()
        date = row.get("date", "").strip()
        cases.append(Case(
            row["query"].strip(),
            dt.date.fromisoformat(date) if date else None,
            frozenset() if accept == "-" else frozenset(a.strip() for a in accept.split(",")),
            row.get("category", "").strip() or "-",
        ))
    return cases


def ctrl_f(structure, query: str) -> list[str]:
    """The first process whose examples contain the query as a substring."""
    needle = query.casefold()
    for node in structure:
        if node.kind == "P" and any(needle in e.casefold() for e in node.examples):
            return [node.code]
    return []


def correct(case: Case, codes: list[str], k: int, confident: bool = False) -> bool:
    if not case.accept:
        return not confident
    return any(code in case.accept for code in codes[:k])


def evaluate(name: str, cases: list[Case], index, structure, find) -> dict[str, float]:
    top1 = top3 = baseline = 0
    negatives = negatives_ok = 0
    sure = sure_wrong = 0
    per_category: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    failures = []
    for case in cases:
        result = find(index, case.query, on=case.date, limit=10)
        codes = [h.code for h in result.hits]
        sure_here = result.confident
        one = correct(case, codes, 1, sure_here)
        three = correct(case, codes, 3, sure_here)
        sure += sure_here
        sure_wrong += sure_here and not (case.accept and codes[0] in case.accept)
        top1 += one
        top3 += three
        found = ctrl_f(structure, case.query)
        baseline += correct(case, found, 1, bool(found))
        per_category[case.category][0] += one
        per_category[case.category][1] += 1
        if not case.accept:
            negatives += 1
            negatives_ok += one
        if not one or (sure_here and not three):
            failures.append((case, codes[:3], sure_here))
    n = len(cases)
    print(f"== {name} ({n} frågor)")
    print(f"top-1            {top1 / n:.3f}  ({top1}/{n})")
    print(f"top-3            {top3 / n:.3f}  ({top3}/{n})")
    print(f"negativa rätt    {negatives_ok}/{negatives}  (inget säkert svar)")
    print(f"säkra svar       {sure}/{n}, varav fel {sure_wrong}")
    print(f"Ctrl-F top-1     {baseline / n:.3f}  ({baseline}/{n})")
    print("top-1 per kategori:")
    for category, (ok, total) in sorted(per_category.items()):
        print(f"  {category:<12} {ok / total:.2f}  ({ok}/{total})")
    if failures:
        print("missar:")
        for case, codes, sure_here in failures:
            date = f" @{case.date}" if case.date else ""
            want = ",".join(sorted(case.accept)) or "-"
            mark = " (säkert)" if sure_here else ""
            print(f"  {case.query!r}{date} [{case.category}] väntat {want}, "
                  f"fick {', '.join(codes) or 'inget'}{mark}")
    print()
    return {"top1": top1 / n, "top3": top3 / n, "baseline": baseline / n,
            "sure_wrong": sure_wrong}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    shared = HERE.parent.parent / "shared" / "eval"
    parser.add_argument("sets", nargs="*", type=Path,
                        default=[*sorted(HERE.glob("find-*.tsv")),
                                 *sorted(shared.glob("find-*.tsv"))])
    parser.add_argument("--data", type=Path, default=None)
    args = parser.parse_args(argv)

    from vgrklass.datafile import resolve_data_path
    from vgrklass.load import load_structure
    from vgrklass.search import build_index
    from vgrklass.search.find import find

    structure = load_structure(resolve_data_path(args.data))
    index = build_index(structure)
    for path in args.sets:
        label = f"{path.parent.name}/{path.name}"
        evaluate(label, read_cases(path), index, structure, find)
    return 0


if __name__ == "__main__":
    sys.exit(main())
