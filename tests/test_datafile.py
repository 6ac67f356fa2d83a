"""Which data file the commands read: --data, $VGRKLASS_DATA, the nearest checkout
(data/klassificering.yaml or [tool.vgrklass] in pyproject.toml), the shipped copy; and
that human output names the structure, never a site-packages path."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from tests.conftest import MINIMAL
from typer.testing import CliRunner

from vgrklass import datafile
from vgrklass.cli import app
from vgrklass.datafile import DataFileError, Origin, find_data_file

runner = CliRunner()


def _checkout(root: Path, title: str = "Utcheckad struktur") -> Path:
    """A directory with data/klassificering.yaml, as a checkout of the structure has."""
    path = root / "data" / "klassificering.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(MINIMAL.replace("Testafter struktur", title), encoding="utf-8")
    return path


@pytest.fixture
def no_env(monkeypatch):
    monkeypatch.delenv(datafile.ENV_VAR, raising=False)


def test_option_goes_before_everything(tmp_path):
    _checkout(tmp_path)
    found = find_data_file(Path("egen.yaml"), environ={datafile.ENV_VAR: "env.yaml"},
                           cwd=tmp_path)
    assert found == (Path("egen.yaml"), Origin.option, None)


def test_environment_goes_before_the_checkout(tmp_path):
    _checkout(tmp_path)
    found = find_data_file(None, environ={datafile.ENV_VAR: "env.yaml"}, cwd=tmp_path)
    assert found.path == Path("env.yaml") and found.origin is Origin.env


def test_an_empty_environment_variable_is_not_a_file(tmp_path):
    _checkout(tmp_path)
    found = find_data_file(None, environ={datafile.ENV_VAR: ""}, cwd=tmp_path)
    assert found.origin is Origin.directory


def test_checkout_found_in_a_parent_directory_as_a_relative_path(tmp_path):
    _checkout(tmp_path)
    below = tmp_path / "docs" / "utkast"
    below.mkdir(parents=True)
    found = find_data_file(None, environ={}, cwd=below)
    assert found.origin is Origin.directory
    assert found.path == Path("../../data/klassificering.yaml")
    assert (below / found.path).resolve() == (tmp_path / "data/klassificering.yaml").resolve()


def test_the_nearest_checkout_wins(tmp_path):
    _checkout(tmp_path)
    inner = tmp_path / "annan"
    _checkout(inner)
    assert find_data_file(None, environ={}, cwd=inner).path == Path("data/klassificering.yaml")


def test_pyproject_entry_is_relative_to_the_pyproject(tmp_path):
    (tmp_path / "struktur").mkdir()
    (tmp_path / "struktur" / "rs.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.vgrklass]\ndata = "struktur/rs.yaml"\n',
                                            encoding="utf-8")
    below = tmp_path / "src"
    below.mkdir()
    found = find_data_file(None, environ={}, cwd=below)
    assert found.origin is Origin.pyproject
    assert found.config == tmp_path / "pyproject.toml"
    assert (below / found.path).resolve() == (tmp_path / "struktur" / "rs.yaml").resolve()


def test_pyproject_entry_goes_before_data_dir_in_the_same_directory(tmp_path):
    _checkout(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.vgrklass]\ndata = "annan.yaml"\n',
                                            encoding="utf-8")
    found = find_data_file(None, environ={}, cwd=tmp_path)
    assert found.origin is Origin.pyproject and found.path == Path("annan.yaml")


def test_pyproject_without_an_entry_is_passed_over(tmp_path):
    _checkout(tmp_path)
    inner = tmp_path / "paket"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[project]\nname = "vgrklass-tillägg"\n'
                                          "[tool.ruff]\nline-length = 100\n", encoding="utf-8")
    found = find_data_file(None, environ={}, cwd=inner)
    assert found.origin is Origin.directory
    assert found.path == Path("../data/klassificering.yaml")


def test_broken_pyproject_is_an_error_naming_file_and_line(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.vgrklass]\ndata = "a.yaml\n',
                                            encoding="utf-8")
    with pytest.raises(DataFileError, match=r"pyproject\.toml: inte giltig TOML \(rad 2"):
        find_data_file(None, environ={}, cwd=tmp_path)


def test_pyproject_entry_that_is_no_path_is_an_error(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.vgrklass]\ndata = 3\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="ska vara en sökväg inom citattecken"):
        find_data_file(None, environ={}, cwd=tmp_path)


def test_without_a_checkout_the_shipped_copy(tmp_path):
    found = find_data_file(None, environ={}, cwd=tmp_path)
    assert found.origin is Origin.shipped and found.path == datafile.shipped_data_path()


def test_the_edit_in_the_checkout_is_what_show_reads(tmp_path, monkeypatch, no_env):
    # The reported bug: after `pip install .`, an edit in the checkout was ignored.
    _checkout(tmp_path, title="Redigerad rubrik")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["tree"])
    assert result.exit_code == 0, result.output
    assert "Redigerad rubrik" in result.stdout
    assert "data/klassificering.yaml, version 1.0:2020" in result.stdout


def test_validate_checks_the_checkout_and_names_it(tmp_path, monkeypatch, no_env):
    path = _checkout(tmp_path)
    path.write_text(MINIMAL.replace('code: "2.2"', 'code: "2.1"'), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 1, result.output
    assert "data/klassificering.yaml: ogiltig" in result.stdout


def test_environment_variable_through_the_cli(tmp_path, monkeypatch, minimal_yaml):
    _checkout(tmp_path, title="Fel struktur")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(datafile.ENV_VAR, str(minimal_yaml))
    result = runner.invoke(app, ["tree"])
    assert "Testafter struktur" in result.stdout and "Fel struktur" not in result.stdout


def test_global_data_reaches_the_command_and_is_not_remembered(tmp_path, monkeypatch,
                                                               no_env, write_yaml):
    _checkout(tmp_path, title="Katalogens struktur")
    other = write_yaml(MINIMAL.replace("Testafter struktur", "Flaggans struktur"), "x.yaml")
    monkeypatch.chdir(tmp_path)
    first = runner.invoke(app, ["--data", str(other), "show", "2.1.1", "-f", "json"])
    assert first.exit_code == 0, first.output
    tree = runner.invoke(app, ["--data", str(other), "tree"])
    assert "Flaggans struktur" in tree.stdout
    after = runner.invoke(app, ["tree"])  # the same process, the next invocation
    assert "Katalogens struktur" in after.stdout and "Flaggans" not in after.stdout
    assert not hasattr(datafile, "global_option")


def test_command_data_goes_before_global_data(tmp_path, write_yaml, no_env):
    mine = write_yaml(MINIMAL.replace("Testafter struktur", "Kommandots"), "a.yaml")
    other = write_yaml(MINIMAL.replace("Testafter struktur", "Globala"), "b.yaml")
    result = runner.invoke(app, ["--data", str(other), "tree", "--data", str(mine)])
    assert "Kommandots" in result.stdout and "Globala" not in result.stdout


def test_broken_pyproject_is_a_swedish_error_not_a_traceback(tmp_path, monkeypatch, no_env):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.vgrklass]\ndata = [1]\n', encoding="utf-8")
    for args in (["tree"], ["diff", "--from", "2020-01-01"], ["validate"], ["--version"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.output)
        assert "pyproject.toml: [tool.vgrklass] data ska vara" in result.stderr, args
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_version_names_tool_structure_and_file(tmp_path, monkeypatch, no_env):
    from vgrklass import __version__

    _checkout(tmp_path, title="Versionens struktur")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"vgrklass {__version__}"
    assert lines[1] == "struktur: Versionens struktur, version 1.0:2020"
    assert lines[2].startswith("datafil: data/klassificering.yaml (hittad i")


def test_version_with_a_broken_data_file_says_so(tmp_path, no_env):
    broken = tmp_path / "trasig.yaml"
    broken.write_text("meta: [\n", encoding="utf-8")
    result = runner.invoke(app, ["--data", str(broken), "--version"])
    assert result.exit_code == 2
    assert "vgrklass " in result.stdout and "datafilen kan inte användas" in result.stderr


@pytest.fixture
def installed(tmp_path, monkeypatch, no_env):
    """The package as pip installs it: the data file inside site-packages, and a working
    directory with no checkout above it."""
    copy = tmp_path / "lib" / "site-packages" / "vgrklass" / "data" / "klassificering.yaml"
    copy.parent.mkdir(parents=True)
    shutil.copy(datafile.shipped_data_path(), copy)
    monkeypatch.setattr(datafile, "_installed_path", lambda: copy)
    work = tmp_path / "arbete"
    work.mkdir()
    monkeypatch.chdir(work)
    return copy


HUMAN_COMMANDS = [
    ["--version"], ["validate"], ["tree", "2.4"], ["show", "9.9.9"], ["refs", "9.9.9"],
    ["show", "leverantörsfaktura"], ["find", "qwxyzzz"], ["--no-cache", "validate"],
]


@pytest.mark.parametrize("args", HUMAN_COMMANDS, ids=" ".join)
def test_no_site_packages_path_in_human_output(installed, args):
    result = runner.invoke(app, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    output = result.stdout + result.stderr
    assert "site-packages" not in output and str(installed) not in output
    if args[-1] not in ("leverantörsfaktura", "qwxyzzz"):
        assert "den medföljande strukturen" in output, output


def test_shipped_structure_named_by_version(installed):
    result = runner.invoke(app, ["show", "9.9.9"])
    assert result.exit_code == 1
    assert "finns inte i den medföljande strukturen 1.3:2017" in result.stderr


def test_validate_json_names_the_shipped_structure_too(installed):
    result = runner.invoke(app, ["validate", "--format", "json"])
    report = json.loads(result.stdout)
    assert report["valid"] is True
    assert {p["file"] for p in report["problems"]} == {"den medföljande strukturen (1.3:2017)"}


def test_serve_workers_read_the_file_the_command_found(tmp_path):
    """Every web worker reads the data file `serve` found in the checkout, whatever its
    own working directory would find."""
    import os
    import signal
    import subprocess
    import sys

    from tests.serve_data import WEB
    from tests.test_serve_cli import free_port, get_json

    path = tmp_path / "data" / "klassificering.yaml"
    path.parent.mkdir()
    path.write_text(WEB, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != datafile.ENV_VAR}
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "vgrklass", "serve", "--port", str(port), "--workers", "2"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**env, "NO_COLOR": "1"})
    try:
        health = get_json(f"http://127.0.0.1:{port}/api/health")
        assert health["data_file"] == str(path.resolve())
    finally:
        server.send_signal(signal.SIGINT)
        out, err = server.communicate(timeout=20)
    assert "(data/klassificering.yaml, version " in out, out + err
