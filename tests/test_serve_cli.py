"""`vgrklass serve` as a user starts it: it prints the address, answers there, and says in
Swedish why it cannot start (a broken data file, a port in use)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from tests.serve_data import WEB


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "vgrklass", "serve", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "NO_COLOR": "1"})


def get_json(url: str, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return json.load(response)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_serve_prints_its_address_and_answers_there(write_yaml, workers):
    data: Path = write_yaml(WEB)
    port = free_port()
    server = start("--port", str(port), "--workers", workers, "--data", str(data))
    try:
        health = get_json(f"http://127.0.0.1:{port}/api/health")
        assert health["status"] == "ok" and health["data_file"] == str(data.resolve())
        hits = get_json(f"http://127.0.0.1:{port}/api/find?q=f%C3%B6ljesedel")
        assert hits[0]["code"] == "2.1.1"
    finally:
        server.send_signal(signal.SIGINT)
        out, err = server.communicate(timeout=20)
    assert f"på http://127.0.0.1:{port}/" in out
    assert "Avsluta med Ctrl+C" in out
    assert "Traceback" not in err


def test_broken_data_file_stops_serve_with_its_errors(write_yaml):
    data = write_yaml(WEB.replace('code: "2.1.2"', 'code: "2.1.1"'))
    server = start("--port", str(free_port()), "--data", str(data))
    out, err = server.communicate(timeout=30)
    assert server.returncode == 2
    assert "datafilen kan inte användas" in err and str(data) in err


def test_port_in_use_is_a_swedish_error():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = start("--port", str(port))
        out, err = server.communicate(timeout=30)
    assert server.returncode == 2
    assert f"kan inte lyssna på 127.0.0.1:{port}" in err
    assert "--port" in err
