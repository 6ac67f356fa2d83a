"""No input, however broken, crashes vgrklass: each bad file gets a Swedish error naming the
file (and line), a non-zero exit and no traceback — in validate and in every command that
reads the data file (--data)."""

from __future__ import annotations

import inspect
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from tests.bad_files import BAD_FILES, line_of
from tests.conftest import MINIMAL
from typer.testing import CliRunner

from vgrklass import invisible
from vgrklass.cli import app
from vgrklass.load import _MAX_BYTES, load_structure
from vgrklass.problems import DataError

# Arguments that make each data-reading command load the file. A new command with --data
# must be added here (test_every_data_command_is_covered fails until it is).
COMMAND_ARGS: dict[str, list[str]] = {
    "show": ["show", "1.1"],
    "tree": ["tree"],
    "export": ["export"],
    "refs": ["refs", "1.1"],
    "find": ["find", "protokoll"],
    "diff": ["diff", "--from", "2018-01-01", "--to", "2021-06-01"],
    "classify": ["classify", "-"],  # reads the document from standard input
    # An address that cannot exist: a good file gets as far as that error, never listens.
    "serve": ["serve", "--host", "256.0.0.1"],
}
STDIN = "Protokoll från sammanträde i regionstyrelsen.\n"
PARSER_ENGLISH = re.compile(r"\b(did not find|found|expected|could not|while scanning"
                            r"|while parsing|not allowed)\b")


def data_commands() -> list[str]:
    names = []
    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        if name != "validate" and "data" in inspect.signature(command.callback).parameters:
            names.append(name)
    return sorted(names)


def date_commands() -> list[str]:
    return [c.name or c.callback.__name__ for c in app.registered_commands
            if "date" in inspect.signature(c.callback).parameters]


def write(tmp_path: Path, content: bytes, name: str = "struktur.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def assert_clean_failure(result, path: Path | str, words=(), line: int | None = None) -> None:
    output = result.stdout + result.stderr
    assert result.exit_code not in (0, 70), output
    # typer raises SystemExit for an exit code; anything else escaped the command.
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception)
    assert "Traceback" not in output
    assert str(path) in output, output
    # issue 17: nothing invisible printed raw, no parser English
    assert not invisible.ANY.search(output), repr(output)
    assert not PARSER_ENGLISH.search(output), output
    for word in words:
        assert word in output, output
    if line is not None:
        assert f"{path}:{line}" in output, output


def invoke(args: list[str]):
    return CliRunner().invoke(app, args, input=STDIN,
                              env={"VGRKLASS_NO_CACHE": "1", "NO_COLOR": "1"})


def test_every_data_command_is_covered():
    missing = set(data_commands()) - set(COMMAND_ARGS)
    assert not missing, f"lägg till argument för {missing} i COMMAND_ARGS"
    assert set(COMMAND_ARGS) <= set(data_commands()), "COMMAND_ARGS nämner ett kommando som "\
        "inte finns (eller inte längre tar --data)"
    assert {"show", "tree", "export"} <= set(data_commands())


@pytest.mark.parametrize("case", BAD_FILES)
def test_validate_reports_bad_file(tmp_path, case):
    content, words, line = BAD_FILES[case]
    path = write(tmp_path, content)
    result = invoke(["validate", str(path)])
    assert_clean_failure(result, path, words, line)
    assert result.exit_code in (1, 2)


@pytest.mark.parametrize("command", sorted(COMMAND_ARGS))
@pytest.mark.parametrize("case", BAD_FILES)
def test_data_commands_report_bad_file(tmp_path, command, case):
    content, words, line = BAD_FILES[case]
    path = write(tmp_path, content)
    result = invoke([*COMMAND_ARGS[command], "--data", str(path)])
    assert_clean_failure(result, path, words, line)


@pytest.mark.parametrize("command", ["validate", *sorted(COMMAND_ARGS)])
@pytest.mark.parametrize("kind", ["missing", "directory"])
def test_missing_path_and_directory(tmp_path, command, kind):
    path = tmp_path / "saknas.yaml"
    if kind == "directory":
        path.mkdir()
    args = ["validate", str(path)] if command == "validate" else [
        *COMMAND_ARGS[command], "--data", str(path)]
    result = invoke(args)
    assert_clean_failure(result, path, ("finns inte",) if kind == "missing" else ("katalog",))
    assert result.exit_code == 2


def test_huge_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "stor.yaml"
    with path.open("wb") as handle:
        handle.truncate(_MAX_BYTES + 1)  # sparse: costs no disk, would take long to parse
    for args in (["validate", str(path)], ["tree", "--data", str(path)]):
        result = invoke(args)
        assert_clean_failure(result, path, ("för stor",))
        assert result.exit_code == 2


@pytest.mark.parametrize("command", ["tree", "export", "refs", "find", "diff"])
def test_impossible_date_on_command_line(minimal_yaml, command):
    assert command in date_commands() or command == "diff"
    args = list(COMMAND_ARGS[command])
    if command == "diff":
        args = ["diff", "--from", "2021-02-30", "--to", "2021-06-01"]
    else:
        args += ["--date", "2021-02-30"]
    result = invoke([*args, "--data", str(minimal_yaml)])
    output = result.stdout + result.stderr
    assert result.exit_code == 2, output
    assert "2021-02-30" in output and "datum" in output and "Traceback" not in output


@pytest.mark.parametrize("command", ["validate", *sorted(COMMAND_ARGS)])
def test_utf8_bom_is_accepted(tmp_path, command):
    path = write(tmp_path, b"\xef\xbb\xbf" + MINIMAL.encode("utf-8"))
    args = ["validate", str(path)] if command == "validate" else [
        *COMMAND_ARGS[command], "--data", str(path)]
    result = invoke(args)
    output = result.stdout + result.stderr
    if command == "serve":  # read the file, then stopped at the impossible address
        assert result.exit_code == 2 and "okänd adress för --host" in output, output
        assert "datafilen" not in output
        return
    assert result.exit_code in (0, 1), result.output  # find/diff may find nothing: exit 1
    assert "fel:" not in output


def test_windows_line_endings_are_accepted_and_lines_still_right(tmp_path):
    good = write(tmp_path, MINIMAL.replace("\n", "\r\n").encode(), "crlf.yaml")
    assert invoke(["validate", str(good)]).exit_code == 0
    text = MINIMAL.replace("added: 2019-01-01", "added: 2019-02-30")
    bad = write(tmp_path, text.replace("\n", "\r\n").encode(), "crlf-fel.yaml")
    result = invoke(["validate", str(bad)])
    assert f"{bad}:{line_of(text, 'added: 2019')}:" in result.stdout


@pytest.mark.parametrize("case", ["alias bomb", "deep closed nesting", "deep block nesting"])
def test_pathological_input_raises_data_error_in_the_library(tmp_path, case):
    path = write(tmp_path, BAD_FILES[case][0])
    with pytest.raises(DataError) as info:
        load_structure(path)
    assert info.value.stopped and info.value.problems[0].line is not None


def test_no_command_writes_to_the_data_file(minimal_yaml, tmp_path):
    before = (minimal_yaml.read_bytes(), minimal_yaml.stat().st_mtime_ns)
    out = tmp_path / "ut"
    out.mkdir()
    for command in data_commands():
        if command == "classify":
            continue
        invoke([*COMMAND_ARGS[command], "--data", str(minimal_yaml)])
    invoke(["export", "--data", str(minimal_yaml), "-o", str(out / "x.json")])
    invoke(["validate", str(minimal_yaml)])
    assert (minimal_yaml.read_bytes(), minimal_yaml.stat().st_mtime_ns) == before
    assert sorted(p.name for p in minimal_yaml.parent.iterdir()) == sorted(
        [minimal_yaml.name, "ut"])


# --- the real program, as a user runs it ---------------------------------------------

VGRKLASS = Path(sys.executable).with_name("vgrklass")


@pytest.mark.skipif(not VGRKLASS.exists(), reason="konsolskriptet vgrklass är inte installerat")
@pytest.mark.parametrize(
    ("case", "args"),
    [
        ("alias bomb", ["validate", "{path}"]),
        ("alias bomb", ["tree", "--data", "{path}"]),
        ("deep block nesting", ["show", "1.1", "--data", "{path}"]),
        ("deep closed nesting", ["export", "--data", "{path}"]),
        ("latin-1", ["tree", "--data", "{path}"]),
        ("random binary", ["validate", "{path}", "--format", "github"]),
        ("tab indentation", ["show", "1.1", "--data", "{path}"]),
    ],
)
def test_subprocess_shows_no_traceback(tmp_path, case, args):
    content, words, _ = BAD_FILES[case]
    path = write(tmp_path, content)
    env = {**os.environ, "NO_COLOR": "1", "VGRKLASS_NO_CACHE": "1"}
    env.pop("VGRKLASS_DEBUG", None)
    # The timeout guards against a hang (an expanded alias bomb would never finish).
    proc = subprocess.run([str(VGRKLASS), *(a.format(path=path) for a in args)],
                          capture_output=True, text=True, env=env, timeout=60)
    output = proc.stdout + proc.stderr
    assert proc.returncode not in (0, 70), output
    assert "Traceback" not in output and "internt fel" not in output
    assert str(path) in output
    for word in words:
        assert word in output


@pytest.mark.skipif(not VGRKLASS.exists(), reason="konsolskriptet vgrklass är inte installerat")
def test_subprocess_impossible_date():
    proc = subprocess.run([str(VGRKLASS), "tree", "--date", "2021-02-30"], capture_output=True,
                          text=True, env={**os.environ, "NO_COLOR": "1"}, timeout=60)
    assert proc.returncode == 2
    assert "2021-02-30" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("case", BAD_FILES)
def test_the_fast_read_steps_aside_for_every_bad_file(case):
    """check.clean_structure (loading's fast path) takes no bad file: each goes to the
    careful read, which reports it with its line."""
    from vgrklass.check import clean_structure
    from vgrklass.load import decode
    from vgrklass.problems import DataError

    content = BAD_FILES[case][0]
    try:
        text = decode(content, "dålig.yaml")
    except DataError:
        return  # refused before any parsing
    assert clean_structure(text, "dålig.yaml") is None
