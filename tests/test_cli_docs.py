"""docs/kommandon.md is generated from --help and must match the program."""

from __future__ import annotations

import importlib.util
from pathlib import Path

TOOL = Path(__file__).resolve().parents[1] / "tools" / "gen_cli_docs.py"


def test_command_reference_matches_help_texts():
    spec = importlib.util.spec_from_file_location("gen_cli_docs", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.TARGET.read_text(encoding="utf-8") == module.render(), (
        "docs/kommandon.md är inaktuell: kör python tools/gen_cli_docs.py")
    assert "## vgrklass find" in module.render()
