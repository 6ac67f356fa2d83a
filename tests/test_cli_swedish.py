"""Help and usage errors speak Swedish, also where typer would write English."""

from __future__ import annotations

import subprocess
import sys

from typer.testing import CliRunner

from vgrklass.cli import app
from vgrklass.cli.swedish import translate


def test_help_headings_and_help_option_are_swedish():
    result = CliRunner().invoke(app, ["find", "--help"])
    assert result.exit_code == 0
    for swedish in ("Användning:", "Argument:", "Flaggor:", "Visa den här hjälpen", "[krävs]"):
        assert swedish in result.stdout
    for english in ("Usage:", "Options:", "Show this message", "[required]"):
        assert english not in result.stdout


def test_usage_errors_are_swedish_and_exit_2():
    proc = subprocess.run([sys.executable, "-m", "vgrklass.cli", "fnd", "x"],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "okänt kommando: fnd" in proc.stderr and "menade du 'find'" in proc.stderr
    assert "Error" not in proc.stderr and "Traceback" not in proc.stderr


def test_translate_keeps_unknown_messages_and_translates_known_ones():
    assert translate("Missing argument 'QUERY...'.") == "argumentet QUERY... saknas."
    assert translate("No such option: --limt (Possible options: --limit)") == (
        "okänd flagga: --limt (finns: --limit)")
    assert translate("något helt annat") == "något helt annat"


def test_unknown_option_without_candidates_has_no_empty_list():
    assert translate("No such option: --data") == "okänd flagga: --data"


def test_extra_arguments_are_swedish_in_every_click_spelling():
    for english in ("Got unexpected extra argument (2)", "Got unexpected extra arguments (2 3)",
                    "Got unexpected extra argument(s) (2)"):
        assert translate(english).startswith("oväntade extra argument (")
    proc = subprocess.run([sys.executable, "-m", "vgrklass.cli", "show", "1", "2"],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "oväntade extra argument (2)" in proc.stderr and "Got" not in proc.stderr
