"""Load on `vgrklass serve`: 20 concurrent clients for 30 s of mixed /api/find and /nod/
requests, on 127.0.0.1 only; requests/s, latency (p50, p99), errors and the server's
memory (RSS) before and after.

    python benchmarks/serve_load.py                     # the shipped structure
    python benchmarks/serve_load.py --factor 100        # 100× (benchmarks/make_large.py)
    python benchmarks/serve_load.py --factor 100 --workers 2 --seconds 60

The server is started as a user starts it (`python -m vgrklass serve`, its own process,
a private cache directory) and stopped at the end. --warmup seconds (5) of the same load
come first; the RSS at start is measured after them, the one at the end after the run. Each
client keeps one HTTP/1.1 connection and, with its own seeded random generator, asks
either /api/find with a query from benchmarks/find-*.tsv (417 registrars' queries) or
/nod/<code> for a node of the structure, half and half. A response other than 200, or
a connection error, is an error. The loop is bounded by time and by MAX_REQUESTS.

Targets (issue 15): 0 errors, p99 < 150 ms (shipped) or < 600 ms (100×), RSS growth
< 10 %. The script prints whether they were met; it never fails on them.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
HOST = "127.0.0.1"  # never anything else
MAX_REQUESTS = 2_000_000  # a bound besides the clock
TARGET_P99_MS = {1: 150.0, 100: 600.0}
TARGET_RSS_GROWTH = 0.10


def queries() -> list[str]:
    found: list[str] = []
    for path in sorted(HERE.glob("find-*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            text = line.split("\t", 1)[0].strip()
            if text and not text.startswith("#"):
                found.append(text)
    return found


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants (uvicorn's workers)."""
    total = 0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
        for task in Path(f"/proc/{pid}/task").iterdir():
            children = (task / "children").read_text().split()
            total += sum(tree_rss_kb(int(child)) for child in children)
    except OSError:
        pass
    return total


def get(conn: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
    conn.request("GET", path)
    response = conn.getresponse()
    return response.status, response.read()


def wait_ready(port: int, server: subprocess.Popen, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"servern avslutades ({server.returncode}):\n"
                             f"{server.stderr.read() if server.stderr else ''}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=5)
            if get(conn, "/api/health")[0] == 200:
                conn.close()
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("servern svarade inte i tid")


class Client(threading.Thread):
    def __init__(self, number: int, port: int, stop_at: float, paths: list[list[str]],
                 budget: list[int], lock: threading.Lock) -> None:
        super().__init__(daemon=True)
        self.rng = random.Random(number)
        self.port = port
        self.stop_at = stop_at
        self.paths = paths  # [find paths, node paths]
        self.budget = budget
        self.lock = lock
        self.latencies: dict[str, list[float]] = {"find": [], "nod": []}
        self.errors: list[str] = []

    def run(self) -> None:
        conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
        while time.monotonic() < self.stop_at:
            with self.lock:
                if self.budget[0] <= 0:
                    break
                self.budget[0] -= 1
            kind = "find" if self.rng.random() < 0.5 else "nod"
            path = self.rng.choice(self.paths[0] if kind == "find" else self.paths[1])
            start = time.perf_counter()
            try:
                status, _ = get(conn, path)
            except (OSError, http.client.HTTPException) as exc:
                self.errors.append(f"{path}: {type(exc).__name__}")
                conn.close()
                conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
                continue
            self.latencies[kind].append((time.perf_counter() - start) * 1000)
            if status != 200:
                self.errors.append(f"{path}: HTTP {status}")
        conn.close()


def run_clients(count: int, port: int, seconds: float, paths: list[list[str]],
                budget: list[int], lock: threading.Lock, seed: int = 0) -> list[Client]:
    stop_at = time.monotonic() + seconds
    clients = [Client(seed + i, port, stop_at, paths, budget, lock) for i in range(count)]
    for client in clients:
        client.start()
    for client in clients:
        client.join()
    return clients


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="datafil (standard: den levererade)")
    parser.add_argument("--factor", type=int, default=1,
                        help="mät på N gånger strukturen (make_large.py); 1: den levererade")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=1, help="serverns --workers")
    parser.add_argument("--warmup", type=float, default=5.0,
                        help="sekunder av samma last innan klockan och RSS-mätningen börjar")
    parser.add_argument("--no-result-cache", action="store_true",
                        help="stäng av serverns minne för find-svar (VGRKLASS_RESULT_CACHE=0): "
                             "varje sökning rankas på nytt")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="vgrklass-load-") as tmp:
        data = args.data
        if data is None and args.factor > 1:
            data = Path(tmp) / f"struktur-{args.factor}x.yaml"
            subprocess.run([sys.executable, str(HERE / "make_large.py"), "--factor",
                            str(args.factor), "-o", str(data), "--no-check"], check=True,
                           stdout=subprocess.DEVNULL)
        port = free_port()
        env = {**os.environ, "VGRKLASS_CACHE_DIR": str(Path(tmp) / "cache"), "NO_COLOR": "1"}
        if args.no_result_cache:
            env["VGRKLASS_RESULT_CACHE"] = "0"
        command = [sys.executable, "-m", "vgrklass", "serve", "--host", HOST, "--port",
                   str(port), "--workers", str(args.workers)]
        if data is not None:
            command += ["--data", str(data)]
        started = time.monotonic()
        server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, text=True)
        try:
            wait_ready(port, server)
            ready = time.monotonic() - started
            conn = http.client.HTTPConnection(HOST, port, timeout=60)
            status, body = get(conn, "/api/tree?all=1")
            codes = [node["code"] for node in json.loads(body)]
            conn.close()
            paths = [[f"/api/find?q={quote(q)}" for q in queries()],
                     [f"/nod/{code}" for code in codes]]
            budget, lock = [MAX_REQUESTS], threading.Lock()
            run_clients(args.clients, port, args.warmup, paths, budget, lock, seed=1000)
            rss_start = tree_rss_kb(server.pid)
            begun = time.monotonic()
            clients = run_clients(args.clients, port, args.seconds, paths, budget, lock)
            elapsed = time.monotonic() - begun
            rss_end = tree_rss_kb(server.pid)
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()

    every = {kind: [v for c in clients for v in c.latencies[kind]] for kind in ("find", "nod")}
    both = every["find"] + every["nod"]
    errors = [e for c in clients for e in c.errors]
    growth = (rss_end - rss_start) / rss_start if rss_start else float("nan")
    scale = f"{args.factor}×" if data is None or args.factor > 1 else str(data)
    cached = "av" if args.no_result_cache else "på"
    print(f"vgrklass serve under last: {scale} ({len(codes)} noder), {args.clients} klienter, "
          f"{elapsed:.0f} s efter {args.warmup:.0f} s uppvärmning, --workers {args.workers}, "
          f"minne för find-svar {cached} (servern redo efter {ready:.1f} s)")
    print(f"  anrop           {len(both)} ({len(every['find'])} /api/find, "
          f"{len(every['nod'])} /nod/)")
    print(f"  anrop/s         {len(both) / elapsed:.1f}")
    print(f"  latens p50      {percentile(both, 0.5):.1f} ms")
    find_p99, node_p99 = percentile(every["find"], 0.99), percentile(every["nod"], 0.99)
    print(f"  latens p99      {percentile(both, 0.99):.1f} ms  (find {find_p99:.1f}, "
          f"nod {node_p99:.1f}; max {max(both, default=0):.1f})")
    print(f"  medel           {statistics.fmean(both) if both else float('nan'):.1f} ms")
    print(f"  fel             {len(errors)}" + (f" (t.ex. {errors[0]})" if errors else ""))
    print(f"  RSS start/slut  {rss_start / 1024:.0f} MB / {rss_end / 1024:.0f} MB "
          f"({growth:+.1%})")
    target = TARGET_P99_MS.get(args.factor)
    if target is not None and args.data is None:
        p99 = percentile(both, 0.99)
        met = not errors and p99 < target and growth < TARGET_RSS_GROWTH
        print(f"  mål             0 fel, p99 < {target:.0f} ms, RSS-tillväxt < "
              f"{TARGET_RSS_GROWTH:.0%}: {'uppnått' if met else 'EJ uppnått'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
