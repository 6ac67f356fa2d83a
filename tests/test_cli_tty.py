"""Commands on a real (pseudo) terminal: tables and colours, and no internal errors."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from typing import BinaryIO

import pytest


def run_on_tty(*args: str, env_extra: dict[str, str] | None = None,
               stdout: BinaryIO | None = None, timeout: float = 60) -> tuple[int, str]:
    """`python -m vgrklass.cli ARGS` with standard error, and standard out unless `stdout`
    (a file) takes it, on a pseudo terminal: the exit code and what the terminal showed."""
    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": "120", "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)  # only where a test asks for it
    env.update(env_extra or {})
    proc = subprocess.Popen([sys.executable, "-m", "vgrklass.cli", *args],
                            stdout=follower if stdout is None else stdout,
                            stderr=follower, stdin=subprocess.DEVNULL, env=env)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:  # EIO when the child closes the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    return proc.wait(timeout=timeout), b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.parametrize("args", [
    ("find", "leverantörsfakturor"),
    ("find", "kvitto på friskvård", "--explain"),
    ("show", "1.3"),
    ("tree",),
    ("refs", "1.3"),
    ("diff", "--from", "2018-06-01", "--to", "2021-06-01"),
    ("validate",),
])
def test_commands_render_on_a_terminal(args):
    code, output = run_on_tty(*args)
    assert "internt fel" not in output and "Traceback" not in output, output
    assert code in (0, 1), output


def test_find_on_a_terminal_draws_a_table_with_colour():
    code, output = run_on_tty("find", "leverantörsfaktura")
    assert code == 0
    assert "2.4.3" in output
    assert "\x1b[" in output  # colour/styling escape codes
    assert any(ch in output for ch in "┏━│")  # a rich table, not tab-separated text


def test_no_color_on_a_terminal_drops_colour():
    code, output = run_on_tty("find", "leverantörsfaktura", env_extra={"NO_COLOR": "1"})
    assert code == 0 and "2.4.3" in output
    assert "\x1b[3" not in output  # no foreground colours


def test_piped_output_and_errors_keep_whole_lines():
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    proc = subprocess.run([sys.executable, "-m", "vgrklass.cli", "find", "x", "--date",
                           "2021-02-30"], capture_output=True, text=True, env=env)
    assert proc.returncode == 2
    [line] = proc.stderr.strip().splitlines()
    assert len(line) > 80 and "ÅÅÅÅ-MM-DD" in line
    proc = subprocess.run([sys.executable, "-m", "vgrklass.cli", "show", "1.3"],
                          capture_output=True, text=True, env=env)
    description = next(line for line in proc.stdout.splitlines() if line.startswith("Processen"))
    assert description.endswith("säkerhetsarbetet.")  # the whole paragraph on one line


def test_tree_on_a_narrow_terminal_wraps_long_titles_under_the_title():
    import re

    code, output = run_on_tty("tree", "--all", env_extra={"COLUMNS": "60", "NO_COLOR": "1"})
    assert code == 0
    lines = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in output.splitlines()]
    body = lines[lines.index(next(x for x in lines if x.startswith("VO 1 "))):]
    assert any(line.startswith("         ") for line in body)  # some title did wrap
    strays = [line for line in body if line.strip() and not line.startswith(("VO ", "  "))]
    assert strays == []


def test_show_on_a_narrow_terminal_wraps_examples_and_references_under_their_text():
    import re

    code, output = run_on_tty("show", "1.3", env_extra={"COLUMNS": "50", "NO_COLOR": "1"})
    assert code == 0
    lines = [re.sub(r"\x1b\[[0-9;]*m", "", line).rstrip() for line in output.splitlines()]
    bullets = lines[lines.index("Exempel på handlingar") + 1:lines.index("Övriga kommentarer")]
    bullets = [line for line in bullets if line]
    assert any(line.startswith("    ") for line in bullets)  # a long example did wrap
    assert all(line.startswith(("  • ", "    ")) for line in bullets), bullets
    refs = lines[lines.index("Hänvisar till") + 1:]
    headings = ("Hänvisas från", "Underordnade")
    assert all(line.startswith("  ") for line in refs if line and line not in headings), refs
