"""Cross-command CLI behaviour found in QA passes: run as users run it, in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


def vgrklass(*args: str, cwd=None, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vgrklass.cli", *args], capture_output=True,
                          cwd=cwd, input=stdin, env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin"})


def test_schema_dash_output_is_standard_out_like_export(tmp_path):
    proc = vgrklass("schema", "-o", "-", cwd=tmp_path)
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["$schema"].startswith("https://json-schema.org/")
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("args", [["schema", "-o", "{missing}/x.json"],
                                  ["schema", "-o", "{dir}"]])
def test_write_errors_are_swedish(tmp_path, args):
    args = [a.format(missing=tmp_path / "saknas", dir=tmp_path) for a in args]
    proc = vgrklass(*args)
    err = proc.stderr.decode()
    assert proc.returncode == 2 and err.startswith("fel: kunde inte skriva")
    assert "No such" not in err and "Is a directory" not in err


def test_classify_binary_on_stdin_is_an_unreadable_file_exit_2():
    proc = vgrklass("classify", "-", stdin=b"\x00\x01\x02binary\xff" * 100)
    assert proc.returncode == 2
    assert "binärdata" in proc.stderr.decode() and proc.stdout == b""


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="/dev/full saknas")
@pytest.mark.parametrize("args", [["tree"], ["find", "faktura", "-f", "json"],
                                  ["show", "2.4.3"], ["export", "-f", "csv"]])
def test_full_disk_on_standard_out_is_a_swedish_error_not_an_internal_one(args):
    with open("/dev/full", "wb") as full:
        proc = subprocess.run([sys.executable, "-m", "vgrklass.cli", *args], stdout=full,
                              stderr=subprocess.PIPE,
                              env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin"})
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert "kunde inte skriva utdata: disken är full" in err and "internt fel" not in err


def test_find_with_a_code_points_to_show():
    from typer.testing import CliRunner

    from vgrklass.cli import app

    result = CliRunner().invoke(app, ["find", "P 2.4.1"])
    assert result.exit_code == 1
    assert "vgrklass show 2.4.1" in result.output


def test_empty_code_is_a_usage_error_for_show_and_refs():
    from typer.testing import CliRunner

    from vgrklass.cli import app

    for args in (["show", " "], ["refs", ""]):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 2, args
        assert "koden är tom" in result.output


def test_data_option_before_the_command_applies_to_it(minimal_yaml, monkeypatch):
    import json

    from typer.testing import CliRunner

    from vgrklass.cli import app

    monkeypatch.delenv("VGRKLASS_DATA", raising=False)
    result = CliRunner().invoke(app, ["--data", str(minimal_yaml), "show", "2.1.1", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["title"] == "Hantera kostnader från leverantör"


def test_no_cache_applies_to_its_own_invocation_only(minimal_yaml, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from vgrklass.cli import app

    cache_dir = tmp_path / "c"
    monkeypatch.setenv("VGRKLASS_CACHE_DIR", str(cache_dir))
    runner = CliRunner()
    assert runner.invoke(app, ["--no-cache", "show", "1.1", "--data", str(minimal_yaml)]
                         ).exit_code == 0
    assert not cache_dir.exists() or not any(cache_dir.iterdir())
    assert runner.invoke(app, ["show", "1.1", "--data", str(minimal_yaml)]).exit_code == 0
    assert any(cache_dir.iterdir())  # the next invocation uses the cache again
