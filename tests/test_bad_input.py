"""No input, however broken, crashes vgrklass: each bad file gets a Swedish error naming the
file (and line), a non-zero exit and no traceback — in validate and in every command that
reads the data file (--data)."""

from __future__ import annotations

import inspect
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
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


def billion_laughs(levels: int = 10) -> str:
    lines = ['lol0: &lol0 "lol"']
    for i in range(1, levels):
        lines.append(f"lol{i}: &lol{i} [" + ", ".join([f"*lol{i - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based line of the n-th occurrence of `needle` in `text`."""
    index = -1
    for _ in range(nth):
        index = text.index(needle, index + 1)
    return text.count("\n", 0, index) + 1


def _first_non_ascii_line(text: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if not line.isascii())


def _tab_indented() -> str:
    return MINIMAL.replace("\n    kind: VO\n    title: STYRA", "\n\tkind: VO\n    title: STYRA")


def _rand(seed: int, size: int, alphabet: range | None = None) -> bytes:
    rng = random.Random(seed)
    if alphabet is None:
        return rng.randbytes(size)
    return bytes(rng.choice(alphabet) for _ in range(size))


# name → (file bytes, words the message must contain, line it must name or None)
BAD_FILES: dict[str, tuple[bytes, tuple[str, ...], int | None]] = {
    "empty": (b"", ("tom",), None),
    "only comments": (b"# bara en kommentar\n", ("inga data",), None),
    "truncated in a quote": (MINIMAL[: MINIMAL.index('"2.1.1"') + 3].encode(), ("YAML",), None),
    "truncated mid-word": (MINIMAL[: MINIMAL.index("kind: VO") + 7].encode(), ("kind",),
                           line_of(MINIMAL, "kind: VO")),
    "latin-1": (MINIMAL.encode("latin-1"), ("UTF-8",), _first_non_ascii_line(MINIMAL)),
    "random binary": (_rand(1, 4096), ("binär",), None),
    "random high bytes": (_rand(2, 4096, range(0x80, 0x100)), ("UTF-8",), 1),
    "control character": (MINIMAL.replace("STYRA", "STY\x07RA").encode(), ("U+0007",),
                          line_of(MINIMAL, "STYRA")),
    "tab indentation": (_tab_indented().encode(), ("tabb",), line_of(_tab_indented(), "\t")),
    "top-level list": (b"- meta\n- nodes\n", ("lista",), 1),
    "top-level scalar": (b"klassificering\n", ("enskilt",), 1),
    "alias bomb": (billion_laughs().encode(), ("alias",), 2),
    "merge key": (b"a: {x: 1}\nb:\n  <<: {x: 2}\n", ("<<",), 3),
    "two documents": (b"meta: {}\n---\nmeta: {}\n", ("dokument",), 2),
    "deep flow nesting": (b"[" * 10_000, ("nästlad",), 1),
    "deep closed nesting": (b"[" * 10_000 + b"]" * 10_000, ("nästlad",), 1),
    "deep block nesting": ("".join(" " * i + "a:\n" for i in range(3000)).encode(),
                           ("nästlad",), None),
    "deep block list": ("".join(" " * (2 * i) + "- \n" for i in range(3000)).encode(),
                        ("nästlad",), None),
    "duplicate key": (MINIMAL.replace("    title: STYRA\n",
                                      "    title: STYRA\n    title: STYRA igen\n").encode(),
                      ("två gånger", "title"), line_of(MINIMAL, "title: STYRA") + 1),
    "unknown field": (MINIMAL.replace("        description: Här",
                                      "        descripton: Här").encode(),
                      ("descripton", "menade du 'description'"),
                      line_of(MINIMAL, "description: Här")),
    "duplicated code": (MINIMAL.replace('code: "2.2"', 'code: "2.1"').encode(),
                        ("2.1", "finns redan"), line_of(MINIMAL, 'code: "2.2"')),
    "impossible date in file": (MINIMAL.replace("added: 2019-01-01", "added: 2019-02-30").encode(),
                                ("2019-02-30",), line_of(MINIMAL, "added: 2019")),
    "line separator from Word": (MINIMAL.replace("Hantera bemanning",
                                                 "Hantera\u2028bemanning").encode(),
                                 ("U+2028",), line_of(MINIMAL, "Hantera bemanning")),
    "code without quotes": (MINIMAL.replace('code: "2.1"', "code: 2.1").encode(),
                            ("citattecken",), line_of(MINIMAL, 'code: "2.1"')),
    # issue 17: the message quotes the code as written, not as the float YAML made of it
    "code 1.10 without quotes": (MINIMAL.replace('code: "1.1"', "code: 1.10").encode(),
                                 ("1.10", "citattecken"), line_of(MINIMAL, 'code: "1.1"')),
    # issue 17: an integer is no date (it used to be read as a Unix time, 1970-01-01)
    "integer date": (MINIMAL.replace("removed: 2021-01-01", "removed: 0").encode(),
                     ("ÅÅÅÅ-MM-DD", "removed"), line_of(MINIMAL, "removed: 2021")),
    "timestamp as date": (MINIMAL.replace("added: 2019-01-01", "added: 1546300800").encode(),
                          ("ÅÅÅÅ-MM-DD", "1546300800"), line_of(MINIMAL, "added: 2019")),
    # issue 17: the remaining parser messages in Swedish, other encodings named
    "document end marker pasted": (MINIMAL.replace("nodes:\n", "...\nnodes:\n").encode(),
                                   ("YAML-syntaxfel", "..."), line_of(MINIMAL, "nodes:") + 1),
    "stray directive": (MINIMAL.replace("nodes:\n", "%YAML 1.1\nnodes:\n").encode(),
                        ("YAML-syntaxfel",), None),
    "utf-16 with BOM": (MINIMAL.encode("utf-16"), ("UTF-16",), None),
    "utf-16 big endian without BOM": (MINIMAL.encode("utf-16-be"), ("UTF-16",), None),
    "utf-32 with BOM": (MINIMAL.encode("utf-32"), ("UTF-32",), None),
    # issue 17: invisible characters the rule must catch
    "right-to-left override": (MINIMAL.replace("STYRA", "STY\u202eRA").encode(), ("U+202E",),
                               line_of(MINIMAL, "STYRA")),
    "zero-width space": (MINIMAL.replace("STYRA", "STY\u200bRA").encode(), ("U+200B",),
                         line_of(MINIMAL, "STYRA")),
    "BOM inside text": (MINIMAL.replace("STYRA", "STY\ufeffRA").encode(), ("U+FEFF",),
                        line_of(MINIMAL, "STYRA")),
    "C1 control written as escape": (MINIMAL.replace("title: STYRA", 'title: "STY\\x9bRA"')
                                     .encode(), ("U+009B",), line_of(MINIMAL, "STYRA")),
    "noncharacter U+FFFE written as escape": (
        MINIMAL.replace("title: STYRA", 'title: "STY\\uFFFERA"').encode(), ("U+FFFE",),
        line_of(MINIMAL, "STYRA")),
    "noncharacter U+FFFF in the file": (MINIMAL.replace("STYRA", "STY\uffffRA").encode(),
                                        ("U+FFFF",), line_of(MINIMAL, "STYRA")),
    # issue 17: a terminal escape sequence in a key reaches no terminal raw
    "escape sequence in a key": (MINIMAL.replace("    title: STYRA\n",
                                                 '    title: STYRA\n    "\\e]0;x\\a\\e[2J": 1\n')
                                 .encode(), ("okänt fält", "\\x1b"),
                                 line_of(MINIMAL, "title: STYRA") + 1),
}


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
    assert result.exit_code in (0, 1), result.output  # find/diff may find nothing: exit 1
    assert "fel:" not in result.stdout + result.stderr


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
