"""Screenshots of every page of `vgrklass serve` in headless chromium (Debian's), to look
at the design: desktop width, and a phone for the search and a node page.

    python tools/serve_screenshots.py [-o skärmbilder/] [--data FIL]
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from html_browser_check import browser, chromium  # noqa: E402
from serve_load import HOST, free_port, wait_ready  # noqa: E402

# (file name, path, width, height)
PAGES = [
    ("sok", "/", 1280, 800),
    ("sok-traffar", "/?q=leverant%C3%B6rsfaktura", 1280, 800),
    ("sok-ingen-traff", "/?q=2.4.3", 1280, 800),
    ("nod", "/nod/2.4.3", 1280, 1000),
    ("nod-hanvisningar", "/nod/1.3?datum=2020-06-01", 1280, 2300),
    ("nod-upphord", "/nod/2.5.2", 1280, 1300),
    ("struktur", "/struktur", 1280, 1400),
    ("struktur-historik", "/struktur?alla=1", 1280, 1400),
    ("klassificera", "/klassificera", 1280, 800),
    ("api", "/api", 1280, 1800),
    ("fel-404", "/nod/99.9", 1280, 600),
    ("mobil-sok", "/?q=faktura", 390, 1200),
    ("mobil-nod", "/nod/2.4.3", 390, 1600),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--out", type=Path, default=Path("skärmbilder"))
    parser.add_argument("--data", type=Path)
    args = parser.parse_args()
    if browser() is None:
        print("chromium saknas: apt-get install chromium", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    port = free_port()
    command = [sys.executable, "-m", "vgrklass", "serve", "--host", HOST, "--port", str(port)]
    if args.data:
        command += ["--data", str(args.data)]
    with tempfile.TemporaryDirectory() as cache:
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                  text=True, env={**os.environ, "VGRKLASS_CACHE_DIR": cache})
        try:
            wait_ready(port, server)
            for name, path, width, height in PAGES:
                target = args.out / f"{name}.png"
                chromium(f"http://{HOST}:{port}{path}", "--hide-scrollbars",
                         f"--window-size={width},{height}", f"--screenshot={target}")
                print(target)
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
