"""Write docs/kommandon.md from the CLI's own --help texts (sqlite-utils style), so the
reference can never drift from the program. A test keeps the file in sync:
run `python tools/gen_cli_docs.py` after changing a command's help."""

from __future__ import annotations

import sys
from pathlib import Path

from typer.testing import CliRunner

from vgrklass.cli import app

TARGET = Path(__file__).resolve().parents[1] / "docs" / "kommandon.md"


def command_names() -> list[str]:
    import typer.main

    group = typer.main.get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


def help_text(*args: str) -> str:
    result = CliRunner().invoke(app, [*args, "--help"], terminal_width=88,
                                env={"COLUMNS": "88", "NO_COLOR": "1"})
    return result.output.rstrip() + "\n"


def render() -> str:
    parts = [
        "# Kommandon\n\n",
        "Genererad ur programmets egen `--help` med `python tools/gen_cli_docs.py`; "
        "redigera inte för hand.\n\n",
        "```\n", help_text(), "```\n",
    ]
    for name in command_names():
        parts += [f"\n## vgrklass {name}\n\n", "```\n", help_text(name), "```\n"]
    return "".join(parts)


def main() -> int:
    TARGET.write_text(render(), encoding="utf-8")
    print(f"Skrev {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
