#!/usr/bin/env python3
"""Convert Synlex's synpairs.xml into src/vgrklass/knowledge/data/synlex.tsv.

Usage:
    python tools/synlex_to_tsv.py SYNPAIRS_XML [OUT]

SYNPAIRS_XML is the file of all pairs in Folkets synonymlexikon (Synlex, Viggo Kann,
KTH) graded 3.0 or higher; the copy used is named in
src/vgrklass/knowledge/data/SYNLEX-LICENS.txt. OUT defaults to
src/vgrklass/knowledge/data/synlex.tsv. Re-running it on the same source reproduces the
data file exactly.

What is kept (everything else is dropped):
* both words, after NFC normalisation and lowercasing, are a single word of letters only
  (no spaces, digits, hyphens or other punctuation), and the two differ;
* the grade (the `level` attribute, 0–5) rounded to one decimal is 3.0 or higher.
A pair and its reverse become one line with the words in code point order and the
higher of their grades. Lines are sorted by first word, then second word.
"""

from __future__ import annotations

import sys
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "src" / "vgrklass" / "knowledge" / "data" / "synlex.tsv"
MIN_GRADE = 3.0
HEADER = "ord1\tord2\tgrad"


def clean_word(text: str | None) -> str | None:
    """The NFC lowercase form of a single alphabetic word, or None if it is not one."""
    word = unicodedata.normalize("NFC", (text or "").strip()).lower()
    return word if word.isalpha() else None


def convert(xml_path: Path) -> dict[tuple[str, str], float]:
    best: dict[tuple[str, str], float] = {}
    root = ET.parse(xml_path).getroot()
    for syn in root.iter("syn"):
        first, second = clean_word(syn.findtext("w1")), clean_word(syn.findtext("w2"))
        if first is None or second is None or first == second:
            continue
        grade = round(float(syn.get("level", "")), 1)
        if grade < MIN_GRADE:
            continue
        key = (first, second) if first < second else (second, first)
        best[key] = max(grade, best.get(key, grade))
    return best


def main(argv: list[str]) -> int:
    if not 1 <= len(argv) <= 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(argv[1]) if len(argv) == 2 else DEFAULT_OUT
    pairs = convert(Path(argv[0]))
    lines = [HEADER] + [f"{a}\t{b}\t{g:.1f}" for (a, b), g in sorted(pairs.items())]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")
    print(f"{len(pairs)} par skrivna till {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
