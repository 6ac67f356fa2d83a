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


def test_writing_to_a_pipe_writes_into_it_and_keeps_it_a_pipe(tmp_path):
    import os
    import stat
    import threading
    from pathlib import Path

    from vgrklass.fileio import atomic_write_bytes

    fifo = tmp_path / "rör"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(Path(fifo).read_bytes()))
    reader.start()
    atomic_write_bytes(fifo, b"data\n")
    reader.join(timeout=10)
    assert received == [b"data\n"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # not replaced by a regular file


def test_writing_through_a_symlink_updates_the_target_and_keeps_the_link(tmp_path):
    from vgrklass.fileio import atomic_write_bytes

    target = tmp_path / "riktig.json"
    target.write_text("gammal", encoding="utf-8")
    link = tmp_path / "länk.json"
    link.symlink_to(target.name)
    atomic_write_bytes(link, b"ny")
    assert link.is_symlink() and target.read_bytes() == b"ny"
