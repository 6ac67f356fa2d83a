"""Open the HTML export in a real headless browser (Debian's chromium) and check that the
page renders and that its filter works: the filter is prefilled from the address
(`plan.html#filter=ord`), the DOM is dumped after the script ran, and the visible rows
are counted and compared with what the filter should keep.

    apt-get install -y chromium
    python benchmarks/html_browser_check.py [--data FIL] [--screenshot plan.png]

Exit code 0 when every check holds, 1 otherwise, 2 when chromium is missing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ("leverantörsfaktura", "leverantörsfakturor", "fakturan", "2.4.3", "protokoll styrelse",
           "ingenting-matchar-detta", "")

_ROW = re.compile(r"<tr data-s=\"([^\"]*)\"( hidden(?:=\"[^\"]*\")?)?>")
_ENDINGS = re.compile(r"(ornas|arnas|ernas|orna|arna|erna|or|ar|er|en|et|an|na|a|e)$")


def browser() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def chromium(url: str, *extra: str, timeout: float = 60) -> str:
    """Run headless chromium on a URL with no network side traffic; stdout as text."""
    exe = browser()
    assert exe, "chromium saknas"
    with tempfile.TemporaryDirectory() as profile:
        command = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                   "--no-first-run", "--disable-background-networking",
                   "--disable-component-update", "--disable-sync",
                   f"--user-data-dir={profile}", *extra, url]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                              check=True)
    return done.stdout


def page_url(path: Path, query: str) -> str:
    return path.resolve().as_uri() + (f"#filter={quote(query)}" if query else "")


def visible_rows(dom: str) -> tuple[int, int]:
    """(visible, total) data rows in a dumped DOM."""
    rows = _ROW.findall(dom)
    return sum(1 for _, hidden in rows if not hidden), len(rows)


def expected_rows(html_text: str, query: str) -> int:
    """What the page's filter should keep: every (lightly stemmed) word in the row text."""
    from html import unescape

    words = [_stem(w) for w in re.split(r"[\s,;]+", query.casefold()) if w]
    texts = [unescape(t).casefold() for t, _ in _ROW.findall(html_text)]
    return sum(1 for t in texts if all(w in t for w in words))


def _stem(word: str) -> str:
    short = _ENDINGS.sub("", word)
    return short if len(short) >= 4 else word


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="datafil (standard: den levererade)")
    parser.add_argument("--screenshot", type=Path, help="spara en skärmbild (PNG) av sidan")
    parser.add_argument("--screenshot-filter", default="", help="filter i skärmbilden")
    args = parser.parse_args()
    if browser() is None:
        print("chromium saknas (apt-get install -y chromium)", file=sys.stderr)
        return 2

    from vgrklass.datafile import shipped_data_path
    from vgrklass.export.html_export import render_html
    from vgrklass.export.rows import build_plan
    from vgrklass.load import load_structure

    today = dt.date.today()
    plan = build_plan(load_structure(args.data or shipped_data_path()), today, today)
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "plan.html"
        text = render_html(plan)
        page.write_text(text, encoding="utf-8")
        print(f"sida: {len(plan.rows)} rader, {len(text.encode())} byte")
        for query in QUERIES:
            start = time.perf_counter()
            dom = chromium(page_url(page, query), "--dump-dom")
            seconds = time.perf_counter() - start
            shown, total = visible_rows(dom)
            want = expected_rows(text, query)
            status = re.search(r'<output id="count"[^>]*>([^<]*)<', dom)
            ok = (total == len(plan.rows) and shown == want
                  and "<h1>Dokumenthanteringsplan</h1>" in dom)
            failures += not ok
            print(f"{'ok ' if ok else 'FEL'} filter={query!r:<28} synliga {shown:>4} av {total}"
                  f" (väntat {want}); räknare: {status.group(1) if status else '?'}"
                  f"; {seconds:.1f} s")
        if args.screenshot:
            chromium(page_url(page, args.screenshot_filter), "--window-size=1400,1000",
                     f"--screenshot={args.screenshot.resolve()}")
            print(f"skärmbild: {args.screenshot}")
    print("alla kontroller höll" if not failures else f"{failures} kontroller föll")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
