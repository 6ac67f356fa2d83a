"""fileio: atomic writes, '-' as standard out, and OS errors in Swedish."""

from __future__ import annotations

import errno

from vgrklass.fileio import os_error_text, write_output


def test_os_errors_are_described_in_swedish_not_strerror():
    for number in (errno.ENOENT, errno.EACCES, errno.EISDIR, errno.ENOSPC):
        exc = OSError(number, "English strerror", "x")
        text = os_error_text(exc)
        assert "English" not in text and text


def test_unknown_errno_names_the_error_code_rather_than_english_text():
    exc = OSError(errno.ELOOP, "Too many levels of symbolic links")
    assert os_error_text(exc) == "systemfel ELOOP"


def test_dash_writes_to_standard_out_not_a_file_named_dash(tmp_path, monkeypatch, capsys):
    from pathlib import Path

    monkeypatch.chdir(tmp_path)
    write_output("hej\n", Path("-"))
    assert capsys.readouterr().out == "hej\n"
    assert not (tmp_path / "-").exists()


def test_write_output_to_a_file_writes_it(tmp_path):
    target = tmp_path / "out.json"
    write_output("{}\n", target)
    assert target.read_text(encoding="utf-8") == "{}\n"
