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


# --- temporaries (issue 17) --------------------------------------------------------------

def _aged(path, seconds: float = 7200):
    import os
    import time

    os.utime(path, (time.time() - seconds, time.time() - seconds))
    return path


def test_temporaries_left_by_killed_runs_are_removed_on_the_next_write(tmp_path):
    import fcntl
    import os

    from vgrklass.fileio import atomic_write_bytes

    stale = tmp_path / ".vgrklass-abcd1234.tmp"
    stale.write_bytes(b"halv")
    _aged(stale)
    legacy = tmp_path / ".plan.json.k3j4h5g6.tmp"  # named as before issue 17
    legacy.write_bytes(b"halv")
    _aged(legacy)
    fresh = tmp_path / ".vgrklass-efgh5678.tmp"  # another run, writing right now
    fresh.write_bytes(b"skrivs")
    locked = tmp_path / ".vgrklass-ijkl9012.tmp"  # old, but its writer is alive
    locked.write_bytes(b"skrivs fortfarande")
    _aged(locked)
    others = tmp_path / ".annat.tmp"  # not ours
    others.write_bytes(b"x")
    _aged(others)
    with open(locked, "rb") as holder:
        fcntl.flock(holder.fileno(), fcntl.LOCK_EX)
        atomic_write_bytes(tmp_path / "plan.json", b"[]\n")
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(["plan.json", fresh.name, locked.name, others.name])
    assert os.stat(tmp_path / "plan.json").st_size == 3


def test_a_write_killed_half_way_leaves_a_temporary_that_the_next_one_clears(tmp_path):
    import os
    import subprocess
    import sys

    script = ("import os, signal\n"
              "from pathlib import Path\n"
              "from vgrklass.fileio import atomic_write_bytes\n"
              "os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL)\n"
              f"atomic_write_bytes(Path({str(tmp_path / 'plan.json')!r}), b'[]')\n")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert proc.returncode == -9
    [left] = tmp_path.iterdir()
    assert left.name.startswith(".vgrklass-") and len(left.name) < 30  # short, hidden
    _aged(left)
    from vgrklass.fileio import atomic_write_bytes

    atomic_write_bytes(tmp_path / "plan.json", b"[]\n")
    assert [p.name for p in tmp_path.iterdir()] == ["plan.json"]
    assert not os.path.exists(left)
