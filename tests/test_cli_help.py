"""Help that reads well: Swedish placeholders instead of typer's Python type names, one
description of --data, whole command summaries, and shell completion that works."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from vgrklass.cli import app
from vgrklass.cli.common import DATA_HELP
from vgrklass.cli.swedish import describe_range

runner = CliRunner()
GROUP = typer.main.get_command(app)
COMMANDS = sorted(GROUP.commands)  # type: ignore[attr-defined]
# What typer would print for a value: <str>, <int range>, <list[str]>, <path>, x>=1 …
TYPE_NAMES = re.compile(r"<(?:str|int|float|path|bool|list|[a-z]+ range)\b[^>]*>|"
                        r"\bx\s*[<>]=|<=\s*x\b|list\[")


def help_text(*args: str, columns: int = 100) -> str:
    result = runner.invoke(app, [*args, "--help"], terminal_width=columns,
                           env={"COLUMNS": str(columns), "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_no_python_type_names_in_help(command):
    text = help_text(*([command] if command else []))
    assert not TYPE_NAMES.search(text), TYPE_NAMES.search(text).group()
    usage = text.splitlines()[0]
    assert "[FLAGGOR]" in usage and "[OPTIONS]" not in usage
    assert "{" not in usage, usage  # a required argument is written bare: FRÅGA..., KOD
    english = re.search(r"(?<![\w|])(TEXT|INTEGER|FLOAT|PATH|FILE|BOOLEAN|FILENAME)\b", text)
    assert english is None, english.group()  # typer's own placeholders: a Swedish word


def test_placeholders_are_swedish_words_in_capitals():
    assert "FRÅGA..." in help_text("find")
    assert "Användning: vgrklass show [FLAGGOR] KOD" in help_text("show")
    assert "Användning: vgrklass tree [FLAGGOR] [KOD]" in help_text("tree")
    assert "--date DATUM" in help_text("tree")
    assert "-n, --limit ANTAL" in help_text("find")
    assert "--kod KOD" in help_text("export") and "-o, --output FIL" in help_text("export")
    assert "FIL|KATALOG..." in help_text("classify")
    assert "-p, --port PORT" in help_text("serve")


def test_number_ranges_in_words():
    assert describe_range(1, None) == "minst 1"
    assert describe_range(None, 9) == "högst 9"
    assert describe_range(1, 65535) == "1–65535"
    assert describe_range(None, None) is None
    assert "[standard: 10; minst 1]" in help_text("find")


def test_data_is_described_the_same_everywhere():
    described = {name: param.help for name, command in [("", GROUP), *GROUP.commands.items()]
                 for param in command.params if "--data" in getattr(param, "opts", ())}
    assert set(described) >= {"", "find", "show", "tree", "refs", "export", "classify",
                              "validate", "serve", "diff"}
    assert set(described.values()) == {DATA_HELP}


@pytest.mark.parametrize("columns", [80, 100])
def test_command_summaries_are_not_cut(columns):
    text = help_text(columns=columns)
    listing = text.split("Kommandon:\n", 1)[1]
    assert "..." not in listing and "…" not in listing
    for name in COMMANDS:
        assert re.search(rf"^  {name}\s+\S", listing, re.M), name


def script() -> str:
    """The console script pip installed beside this Python (completion is keyed to the
    program's name, so `python -m vgrklass` would not do)."""
    path = Path(sys.executable).with_name("vgrklass")
    assert path.exists(), f"{path} saknas: installera paketet (pip install -e .)"
    return str(path)


def test_completion_completes_commands_and_choices(tmp_path):
    env = {**os.environ, "_VGRKLASS_COMPLETE": "complete_bash", "COMP_CWORD": "1",
           "COMP_WORDS": "vgrklass fi"}
    done = subprocess.run([script()], env=env, capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["find"], done.stderr
    env.update(COMP_WORDS="vgrklass export -f x", COMP_CWORD="3")
    done = subprocess.run([script()], env=env, capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["xlsx"]


def test_show_completion_prints_a_script_for_the_shell():
    done = subprocess.run([script(), "--show-completion", "bash"], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0
    assert "_VGRKLASS_COMPLETE=complete_bash" in done.stdout
    assert "complete -o default -F _vgrklass_completion vgrklass" in done.stdout


def test_install_completion_says_in_swedish_where(tmp_path):
    env = {**os.environ, "HOME": str(tmp_path), "SHELL": "/bin/bash"}
    done = subprocess.run([script(), "--install-completion", "bash"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    installed = tmp_path / ".bash_completions" / "vgrklass.sh"
    assert f"Tabbkomplettering för bash installerad i {installed}" in done.stdout
    assert "_VGRKLASS_COMPLETE" in installed.read_text(encoding="utf-8")
    assert "Install completion" not in help_text()
