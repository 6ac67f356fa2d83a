"""What reaches the terminal, and how a real process ends (cli/terminal.py, cli.main):
no raw control characters from data, arguments or documents; no emoji; any stdout
encoding; a closed stdout; a reader that stops reading; Ctrl-C; COLUMNS=0."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from tests.conftest import MINIMAL
from typer.testing import CliRunner

from vgrklass.cli import app
from vgrklass.invisible import escape, escape_json

RAW = ("\x1b", "\x07", "\x9b", "\u202e", "\u200b")


def invoke(*args: str, **kwargs):
    return CliRunner().invoke(app, list(args), env={"NO_COLOR": "1"}, **kwargs)


def assert_nothing_raw(text: str) -> None:
    for char in RAW:
        assert char not in text, f"U+{ord(char):04X} printed raw: {text!r}"


def vgrklass(*args: str, env: dict[str, str] | None = None, **kwargs):
    full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    full_env.pop("VGRKLASS_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "vgrklass", *args], capture_output=True,
                          env=full_env, timeout=120, **kwargs)


# --- control characters (issue 17, point 7) ----------------------------------------------

def test_escape_writes_invisible_characters_visibly_and_keeps_the_rest():
    assert escape("a\x1b[2Jb\x07\x9b\u202ec\u200b\ufeff\ud800") == (
        "a\\x1b[2Jb\\x07\\x9b\\u202ec\\u200b\\ufeff\\ud800")
    assert escape("åäö\tok\n→") == "åäö\tok\n→"
    assert json.loads(escape_json(json.dumps("a\x9b\u202e", ensure_ascii=False))) == (
        "a\x9b\u202e")


KEYED = MINIMAL.replace("    title: STYRA\n",
                        '    title: STYRA\n    "\\e]0;titel\\a\\e[2J\\x9b\\u202e": 1\n')


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_escape_sequences_in_a_key_reach_no_terminal_raw(write_yaml, fmt):
    path = write_yaml(KEYED)
    result = invoke("validate", str(path), "--format", fmt)
    assert result.exit_code == 1
    assert_nothing_raw(result.output)
    assert ("\\x1b]0;titel" if fmt != "json" else "\\u001b]0;titel") in result.output


def test_escape_sequences_in_a_key_reach_no_terminal_raw_from_other_commands(write_yaml):
    path = write_yaml(KEYED)
    result = invoke("show", "1", "--data", str(path))
    assert result.exit_code == 2 and "\\x1b]0;titel" in result.output
    assert_nothing_raw(result.output)


def test_escape_sequences_in_arguments_and_file_names_are_printed_escaped(tmp_path):
    find = invoke("find", "\x1b]0;x\x07\x1b[2J")
    assert find.exit_code == 1
    assert_nothing_raw(find.output)
    missing = invoke("validate", str(tmp_path / "a\x1b[2Jb.yaml"))
    assert missing.exit_code == 2 and "a\\x1b[2Jb.yaml" in missing.output
    assert_nothing_raw(missing.output)
    usage = invoke("show", "1.1", "--okänd\x1b[2J")
    assert usage.exit_code == 2
    assert_nothing_raw(usage.output)


def test_escape_sequences_in_a_document_are_printed_escaped(tmp_path):
    doc = tmp_path / "dokument.txt"
    doc.write_text("Protokoll \x1b]0;titel\x07\x1b[2J från \x9b31m sammanträde\n"
                   "Kallelse och protokoll från regionstyrelsen.\n", encoding="utf-8")
    for fmt in ("text", "json"):
        result = invoke("classify", str(doc), "--format", fmt)
        assert result.exit_code in (0, 1), result.output
        assert_nothing_raw(result.output)


# --- emoji (point 10) --------------------------------------------------------------------

def test_line_100_column_5_is_printed_as_such_not_as_an_emoji(write_yaml):
    text = MINIMAL.replace("    title: STYRA\n", "    title: STYRA\n    oknt: x\n")
    line = text[: text.index("    oknt")].count("\n") + 1
    path = write_yaml("".join(f"# rad {i}\n" for i in range(1, 101 - line)) + text)
    result = invoke("validate", str(path))
    assert f"{path}:100:5:" in result.output and "\U0001f4af" not in result.output


def test_emoji_codes_in_the_data_stay_text(write_yaml):
    path = write_yaml(MINIMAL.replace("- protokoll", '- "protokoll :x: :100:"'))
    result = invoke("show", "1.1", "--data", str(path))
    assert result.exit_code == 0 and ":x: :100:" in result.output
    assert "\u274c" not in result.output


# --- real processes: encodings, closed and broken streams, Ctrl-C, COLUMNS (11, 12) -----

@pytest.mark.parametrize("encoding", ["ascii", "cp1252", "latin-1"])
@pytest.mark.parametrize("args", [["show", "2.4.3"], ["tree"],
                                  ["diff", "--from", "2018-01-01", "--to", "2021-06-01"]])
def test_a_stdout_that_cannot_take_utf8_gets_utf8_when_piped(encoding, args):
    proc = vgrklass(*args, env={"PYTHONIOENCODING": encoding})
    assert proc.returncode in (0, 1), proc.stderr.decode("utf-8", "replace")
    assert b"internt fel" not in proc.stderr
    assert "VERKSAMHETSSTÖD" in proc.stdout.decode("utf-8") or "tillagd" in \
        proc.stdout.decode("utf-8").lower()


def test_an_arrow_on_an_ascii_terminal_is_replaced_not_an_error(write_yaml):
    import pty

    old = write_yaml(MINIMAL, "old.yaml")
    new = write_yaml(MINIMAL.replace("STYRA", "LEDA"), "new.yaml")  # no word in common: →
    leader, follower = pty.openpty()
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "NO_COLOR": "1", "COLUMNS": "100"}
    proc = subprocess.Popen([sys.executable, "-m", "vgrklass", "diff", str(old), str(new)],
                            stdout=follower, stderr=follower, env=env)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    output = b"".join(chunks).decode("ascii", "replace")
    assert proc.wait(timeout=60) == 1, output
    assert "STYRA ? LEDA" in output and "internt fel" not in output


@pytest.mark.parametrize("args", ["--help", "show 1.1", "tree", "export -f csv",
                                  "validate --format json"])
def test_a_closed_stdout_is_a_swedish_error(args):
    proc = subprocess.run(["bash", "-c", f"{sys.executable} -m vgrklass {args} >&-"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr == "fel: kunde inte skriva utdata: standard ut är stängd\n"


def test_a_closed_stdout_does_not_stop_a_command_that_writes_a_file(tmp_path):
    target = tmp_path / "plan.json"
    proc = subprocess.run(["bash", "-c", f"{sys.executable} -m vgrklass export -o {target} >&-"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(target.read_text(encoding="utf-8"))


@pytest.mark.parametrize("args", ["export -f json --all", "export -f csv --all", "tree --all",
                                  "schema", "show 2"])
def test_a_reader_that_stops_early_ends_the_run_quietly_with_success(args):
    # issue 17: typer exited 1 on EPIPE, which reads as "not found" under pipefail
    proc = subprocess.run(
        ["bash", "-o", "pipefail", "-c",
         f"{sys.executable} -m vgrklass {args} | (head -c 1 >/dev/null; sleep 0.3)"],
        capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""


_INTERRUPT = textwrap.dedent("""
    import os, signal, sys, time
    import {module} as target
    original = target.{function}
    calls = 0

    def interrupted(*args, **kwargs):
        global calls
        calls += 1
        if calls == {after}:
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C, right here
            time.sleep(5)
        return original(*args, **kwargs)

    target.{function} = interrupted
    from vgrklass.entry import main
    sys.argv = ["vgrklass", *sys.argv[1:]]
    main()
""")


@pytest.mark.parametrize(("module", "function", "after", "args"), [
    ("vgrklass.parse", "parse_text", 1, ["validate"]),
    # loading a clean file takes the fast read (parse_clean), validating the careful one
    ("vgrklass.parse", "parse_clean", 1, ["export", "-f", "csv", "--data", "{data}"]),
    # inside openpyxl/lxml writing the rows: no 'Exception ignored' tracebacks
    ("vgrklass.export.xlsx_export", "row_height", 3, ["export", "-o", "{out}/plan.xlsx",
                                                      "--data", "{data}"]),
])
def test_ctrl_c_says_avbrutet_and_exits_130(tmp_path, module, function, after, args):
    data = tmp_path / "data.yaml"
    data.write_text(MINIMAL, encoding="utf-8")
    script = _INTERRUPT.format(module=module, function=function, after=after)
    proc = subprocess.run(
        [sys.executable, "-c", script, *(a.format(data=data, out=tmp_path) for a in args)],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "VGRKLASS_NO_CACHE": "1"})
    assert proc.returncode == 130, proc.stderr
    assert proc.stderr == "avbrutet\n"
    assert [p.name for p in tmp_path.iterdir()] == ["data.yaml"]  # no plan, no temporary


@pytest.mark.parametrize("columns", ["0", "-3", "abc", ""])
def test_a_meaningless_columns_is_ignored(columns):
    proc = vgrklass("show", "1.1", env={"COLUMNS": columns})
    assert proc.returncode == 0
    assert "Utföra politiskt ledningsarbete" in proc.stdout.decode("utf-8")


def test_the_console_script_is_the_interrupt_safe_entry_point():
    import tomllib

    project = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml")
                            .read_text(encoding="utf-8"))
    assert project["project"]["scripts"]["vgrklass"] == "vgrklass.entry:main"
