"""The examples in docs/ and README.md are run, so the documentation cannot drift from the
program unnoticed.

Three kinds of example are checked:

* ```console blocks: each `$ vgrklass …` line is run (NO_COLOR, 100 columns, the shipped
  structure, output to a pipe) and what it prints (stdout and stderr, in the order
  written) must equal the lines below it, up to the next `$` line.
  A line `...` stands for any number of lines (as doctest's ELLIPSIS); `[slutkod N]` as
  the last expected line checks the exit code too.
* every `vgrklass …` line in other ```sh/console blocks and in inline code: the command
  must exist and every `--flagga` it uses must be one of that command's options.
* the table of cases in docs/find.md: each query in the *exempel* column finds something,
  and `fråga` → `KOD` means that code is the first answer.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest
import typer.main

from vgrklass.cli import app

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted((ROOT / "docs").glob("*.md")) + [ROOT / "README.md"]
FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```", re.S | re.M)
ELLIPSIS = "..."
EXIT_LINE = re.compile(r"^\[slutkod (\d+)\]$")


class Example(NamedTuple):
    doc: str
    line: int
    command: str
    expected: list[str]


def _blocks(path: Path) -> list[tuple[str, int, str]]:
    text = path.read_text(encoding="utf-8")
    return [(m.group(1), text.count("\n", 0, m.start(2)) + 1, m.group(2))
            for m in FENCE.finditer(text)]


def console_examples() -> list[Example]:
    examples = []
    for path in DOCS:
        for lang, first, body in _blocks(path):
            if lang != "console":
                continue
            current: Example | None = None
            for offset, line in enumerate(body.splitlines()):
                if line.startswith("$ "):
                    if current:
                        examples.append(current)
                    current = Example(path.name, first + offset, line[2:], [])
                elif current:
                    current.expected.append(line.rstrip())
            if current:
                examples.append(current)
    return examples


def _matches(expected: list[str], actual: list[str]) -> bool:
    """Line by line, `...` matching any run of lines (also none)."""
    if not expected:
        return not actual
    head, rest = expected[0], expected[1:]
    if head == ELLIPSIS:
        return any(_matches(rest, actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and actual[0] == head and _matches(rest, actual[1:])


def test_matching_is_strict_but_for_ellipsis():
    # The comparison can fail: a changed, missing or extra line is a mismatch.
    assert _matches(["a", "b"], ["a", "b"])
    assert not _matches(["a", "b"], ["a", "c"])
    assert not _matches(["a"], ["a", "b"])
    assert not _matches(["a", "b"], ["a"])
    assert _matches(["a", ELLIPSIS, "d"], ["a", "b", "c", "d"])
    assert _matches(["a", ELLIPSIS, "d"], ["a", "d"])
    assert not _matches(["a", ELLIPSIS, "d"], ["a", "b", "c"])


@pytest.fixture(scope="module")
def run_env(tmp_path_factory) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VGRKLASS_")}
    env.update(NO_COLOR="1", PYTHONUNBUFFERED="1", COLUMNS="100", TERM="dumb",
               PYTHONIOENCODING="utf-8", XDG_CACHE_HOME=str(tmp_path_factory.mktemp("cache")))
    return env


def _vgrklass(args: list[str], env: dict[str, str], **streams) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vgrklass", *args], cwd=ROOT, env=env,
                          text=True, timeout=120, **streams)


def _run(command: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    argv = shlex.split(command)
    assert argv[0] == "vgrklass", f"bara vgrklass-kommandon körs: {command}"
    # One stream, in the order written (the environment makes Python unbuffered).
    return _vgrklass(argv[1:], env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


CONSOLE = console_examples()


def test_docs_have_console_examples():
    # The harness is only worth something while the docs use it.
    assert len(CONSOLE) >= 5, [e.command for e in CONSOLE]


@pytest.mark.parametrize("example", CONSOLE, ids=[f"{e.doc}:{e.line}" for e in CONSOLE])
def test_console_example_output(example: Example, run_env):
    expected = list(example.expected)
    while expected and not expected[-1]:
        expected.pop()
    code = None
    if expected and (m := EXIT_LINE.match(expected[-1])):
        code = int(m.group(1))
        expected.pop()
    done = _run(example.command, run_env)
    actual = [line.rstrip() for line in done.stdout.rstrip("\n").splitlines()]
    assert "Traceback" not in done.stdout
    assert _matches(expected, actual), (
        f"{example.doc}:{example.line}: `{example.command}` skriver nu\n"
        + "\n".join(actual) + "\n--- men dokumentationen visar ---\n" + "\n".join(expected))
    if code is not None:
        assert done.returncode == code, f"{example.doc}:{example.line}: slutkod {done.returncode}"


# ---- every command line mentioned: the command and its options exist ----

COMMAND_LINE = re.compile(r"(?:^|[`$]\s?)(vgrklass(?: [^`\n|>;&]*)?)", re.M)


def mentioned_commands() -> list[tuple[str, int, str]]:
    found = []
    for path in DOCS:
        text = path.read_text(encoding="utf-8")
        for m in COMMAND_LINE.finditer(text):
            command = m.group(1).split("  #")[0].split(" #")[0].strip()
            line = text.count("\n", 0, m.start(1)) + 1
            found.append((path.name, line, command))
    return found


def _click_root():
    return typer.main.get_command(app)


def _options(command) -> set[str]:
    names = set()
    for param in command.params:
        names.update(getattr(param, "opts", []))
        names.update(getattr(param, "secondary_opts", []))
    return names


def _resolve(command_line: str):
    try:
        argv = shlex.split(command_line)[1:]
    except ValueError:
        return None
    command = _click_root()  # typer's own (vendored) click: duck-typed
    takes_value = {opt: not (param.is_flag or param.count) for param in command.params
                   for opt in getattr(param, "opts", ()) if hasattr(param, "is_flag")}
    while argv and hasattr(command, "commands"):
        word = argv[0]
        if word.startswith("-"):
            name = word.split("=")[0]
            if name not in takes_value:
                break
            argv = argv[2:] if takes_value[name] and "=" not in word else argv[1:]
            continue
        sub = command.commands.get(word)
        if sub is None:
            return None
        command, argv = sub, argv[1:]
    return command, argv


MENTIONED = mentioned_commands()


def test_docs_mention_commands():
    assert len(MENTIONED) >= 20


@pytest.mark.parametrize("where", MENTIONED, ids=[f"{d}:{n}" for d, n, _ in MENTIONED])
def test_mentioned_command_and_options_exist(where):
    doc, line, command_line = where
    words = command_line.split()
    if len(words) < 2 or not re.fullmatch(r"[a-z][a-z-]*|--?[a-z-]+", words[1]):
        return  # prose ("vgrklass är …") or a placeholder, not a command line
    resolved = _resolve(command_line)
    assert resolved is not None, f"{doc}:{line}: okänt kommando i `{command_line}`"
    command, argv = resolved
    known = _options(command) | _options(_click_root()) | {"--help"}
    flags = {a.split("=")[0] for a in argv if a.startswith("--") and len(a) > 2}
    unknown = sorted(flags - known)
    assert not unknown, f"{doc}:{line}: `{command_line}` använder okända flaggor {unknown}"


# ---- the table of cases in docs/find.md ----

CASE_ROW = re.compile(r"^\| [^|]+ \| (.+?) \| .+\|$", re.M)
QUERY = re.compile(r"`([^`]+)`(?:\s*→\s*(\d+(?:\.\d+)*)\b)?")


def find_cases() -> list[tuple[str, str | None]]:
    text = (ROOT / "docs" / "find.md").read_text(encoding="utf-8")
    section = text.split("| fall | exempel | så här |", 1)[1].split("\n\n", 1)[0]
    cases = []
    for row in CASE_ROW.finditer(section):
        for m in QUERY.finditer(row.group(1)):
            cases.append((m.group(1), m.group(2)))
    return cases


CASES = find_cases()


def test_find_cases_read():
    assert len(CASES) >= 30
    assert any(code for _, code in CASES)


@pytest.mark.parametrize("case", CASES, ids=[q for q, _ in CASES])
def test_find_case_from_docs(case, run_env):
    query, code = case  # the words, and any flags the example has (`--date …`)
    done = _vgrklass(["find", *shlex.split(query), "--format", "json", "--limit", "3"],
                     run_env, capture_output=True)
    assert done.returncode in (0, 1), done.stderr
    hits = json.loads(done.stdout)
    assert hits, f"docs/find.md: `{query}` ger ingen träff"
    if code:
        assert hits[0]["code"] == code, (
            f"docs/find.md: `{query}` → {code}, men första svaret är {hits[0]['code']}")
