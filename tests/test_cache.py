"""The structure cache: correct under corruption, edits, --no-cache, unwritable
directories, concurrent runs, planted entries and growth."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from tests.conftest import MINIMAL
from typer.testing import CliRunner

from vgrklass import cache
from vgrklass.cli import app
from vgrklass.load import load_structure
from vgrklass.structure import Structure

runner = CliRunner()


@pytest.fixture(autouse=True)
def _cache_enabled(monkeypatch):
    # `--no-cache` flips a process-wide switch; keep it from leaking between tests.
    monkeypatch.setattr(cache, "_disabled", False)
    monkeypatch.delenv("VGRKLASS_NO_CACHE", raising=False)


def _cache_dir() -> Path:
    return Path(os.environ["VGRKLASS_CACHE_DIR"])


def _entries(kind: str = "structure") -> list[Path]:
    directory = _cache_dir()
    if not directory.exists():
        return []
    return sorted(p for p in directory.iterdir() if p.name.startswith(f"{kind}--"))


def _show_title(path: Path, code: str, *extra: str) -> str:
    result = runner.invoke(app, [*extra, "show", code, "--data", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["title"]


def test_second_load_is_served_from_the_entry_written_by_the_first(minimal_yaml):
    first = load_structure(minimal_yaml)
    [entry] = _entries()
    # Poison the entry with a different (but well-formed) structure under the same key:
    # if the second load returns it, the cache was really read.
    key, value = cache.read_entry(entry)
    poisoned = {**value.nodes, "1.1": value.nodes["1.1"].__class__(
        **{**_fields(value.nodes["1.1"]), "title": "FRÅN CACHEN"})}
    cache.write_entry(entry, key, Structure(value.meta, poisoned, roots=value.roots))
    second = load_structure(minimal_yaml)
    assert first.get("1.1").title != "FRÅN CACHEN"
    assert second.get("1.1").title == "FRÅN CACHEN"


def _fields(node) -> dict:
    return {name: getattr(node, name) for name in node.__slots__}


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty", "wrong-type"])
def test_corrupt_entry_is_ignored_rebuilt_and_overwritten(minimal_yaml, damage):
    expected = load_structure(minimal_yaml)
    [entry] = _entries()
    good = entry.read_bytes()
    if damage == "wrong-type":
        cache.write_entry(entry, cache.read_entry(entry)[0], ["inte", "en", "struktur"])
    else:
        entry.write_bytes({"truncated": good[: len(good) // 2],
                           "garbage": b"\x80\x05not a pickle at all" * 10,
                           "empty": b""}[damage])
    again = load_structure(minimal_yaml)
    assert [n.title for n in again] == [n.title for n in expected]
    # The damaged entry was replaced by a good one.
    key, value = cache.read_entry(entry)
    assert isinstance(value, Structure)
    assert key == cache.digest(minimal_yaml.read_bytes())


def test_edited_data_file_is_read_anew_not_served_from_the_old_entry(minimal_yaml):
    assert _show_title(minimal_yaml, "1.1") == "Utföra politiskt ledningsarbete"
    minimal_yaml.write_text(MINIMAL.replace("Utföra politiskt ledningsarbete",
                                            "Utföra nytt ledningsarbete"), encoding="utf-8")
    assert _show_title(minimal_yaml, "1.1") == "Utföra nytt ledningsarbete"
    assert len(_entries()) == 2


def test_edit_that_breaks_the_file_is_reported_even_though_the_old_version_was_cached(
        minimal_yaml):
    load_structure(minimal_yaml)
    minimal_yaml.write_text(MINIMAL.replace('code: "2.2"', 'code: "3.2"'), encoding="utf-8")
    result = runner.invoke(app, ["show", "1.1", "--data", str(minimal_yaml)])
    assert result.exit_code != 0
    assert "3.2" in result.output


@pytest.mark.parametrize("how", ["option", "env"])
def test_no_cache_neither_reads_nor_writes(minimal_yaml, monkeypatch, how):
    extra = ("--no-cache",) if how == "option" else ()
    if how == "env":
        monkeypatch.setenv("VGRKLASS_NO_CACHE", "1")
    assert _show_title(minimal_yaml, "2.1.1", *extra) == "Hantera kostnader från leverantör"
    assert not _cache_dir().exists() or not any(_cache_dir().iterdir())
    # Plant an entry that would give a different answer: --no-cache must not read it.
    monkeypatch.setattr(cache, "_disabled", False)
    monkeypatch.delenv("VGRKLASS_NO_CACHE", raising=False)
    load_structure(minimal_yaml)
    [entry] = _entries()
    key, value = cache.read_entry(entry)
    nodes = dict(value.nodes)
    nodes["2.1.1"] = nodes["2.1.1"].__class__(**{**_fields(nodes["2.1.1"]), "title": "GIFT"})
    cache.write_entry(entry, key, Structure(value.meta, nodes, roots=value.roots))
    planted = entry.read_bytes()
    if how == "env":
        monkeypatch.setenv("VGRKLASS_NO_CACHE", "1")
    assert _show_title(minimal_yaml, "2.1.1", *extra) == "Hantera kostnader från leverantör"
    assert entry.read_bytes() == planted


def test_unusable_cache_directory_does_not_break_a_command(minimal_yaml, tmp_path,
                                                            monkeypatch):
    blocker = tmp_path / "en-fil"
    blocker.write_text("ingen katalog")
    monkeypatch.setenv("VGRKLASS_CACHE_DIR", str(blocker / "cache"))  # cannot be created
    assert _show_title(minimal_yaml, "1.1") == "Utföra politiskt ledningsarbete"
    assert _show_title(minimal_yaml, "1.1") == "Utföra politiskt ledningsarbete"
    assert blocker.read_text() == "ingen katalog"


def test_entry_owned_by_another_user_is_never_unpickled(minimal_yaml, monkeypatch):
    load_structure(minimal_yaml)
    [entry] = _entries()
    _poison(entry, "1.1", "PLANTERAD")
    planted = entry.stat().st_ino
    ours = cache._ours  # the cache sees the planted file as someone else's
    monkeypatch.setattr(cache, "_ours", lambda st: ours(st) and st.st_ino != planted)
    assert load_structure(minimal_yaml).get("1.1").title == "Utföra politiskt ledningsarbete"
    assert entry.stat().st_ino != planted  # replaced by our own, rebuilt entry


def _poison(entry: Path, code: str, title: str) -> None:
    """Rewrite an authentic entry with one node's title changed (still authentic)."""
    key, value = cache.read_entry(entry)
    nodes = dict(value.nodes)
    nodes[code] = nodes[code].__class__(**{**_fields(nodes[code]), "title": title})
    cache.write_entry(entry, key, Structure(value.meta, nodes, roots=value.roots))


class _Planted:
    """A pickle that creates `marker` when loaded: stands for any code an attacker runs."""

    def __init__(self, marker: Path):
        self.marker = str(marker)

    def __reduce__(self):
        return (os.mkdir, (self.marker,))


def test_forged_entry_without_the_users_mac_is_never_unpickled(minimal_yaml, tmp_path):
    # issue 17: an entry not written by vgrklass for this user (its HMAC) is not unpickled
    load_structure(minimal_yaml)
    [entry] = _entries()
    marker = tmp_path / "koden-kördes"
    key = cache.digest(minimal_yaml.read_bytes())
    entry.write_bytes(pickle.dumps((key, _Planted(marker))))
    assert load_structure(minimal_yaml).get("1.1").title == "Utföra politiskt ledningsarbete"
    assert not marker.exists()
    entry.write_bytes(cache.MAGIC + bytes(32) + pickle.dumps((key, _Planted(marker))))
    assert load_structure(minimal_yaml).get("1.1") is not None and not marker.exists()
    assert cache.read_entry(entry)[0] == key  # rebuilt, authentic again


def test_an_entry_is_never_read_through_a_symlink(minimal_yaml, tmp_path):
    # issue 17: a link named like an entry, to a file the user owns (O_NOFOLLOW)
    load_structure(minimal_yaml)
    [entry] = _entries()
    _poison(entry, "1.1", "GENOM LÄNKEN")  # authentic bytes, so only the link is refused
    elsewhere = tmp_path / "nedladdad.bin"
    entry.rename(elsewhere)
    entry.symlink_to(elsewhere)
    assert load_structure(minimal_yaml).get("1.1").title == "Utföra politiskt ledningsarbete"


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o722])
def test_a_cache_directory_others_can_write_is_not_used(minimal_yaml, mode):
    # issue 17: whoever can write the directory could plant entries (or the key)
    load_structure(minimal_yaml)
    [entry] = _entries()
    _poison(entry, "1.1", "FRÅN EN DELAD KATALOG")
    _cache_dir().chmod(mode)
    try:
        before = sorted(p.name for p in _cache_dir().iterdir())
        assert load_structure(minimal_yaml).get("1.1").title == "Utföra politiskt ledningsarbete"
        assert sorted(p.name for p in _cache_dir().iterdir()) == before  # nothing written
    finally:
        _cache_dir().chmod(0o700)


def test_a_cache_directory_owned_by_someone_else_is_not_used(minimal_yaml, monkeypatch):
    load_structure(minimal_yaml)
    [entry] = _entries()
    _poison(entry, "1.1", "FRÅN NÅGON ANNANS KATALOG")
    monkeypatch.setattr(cache, "_secrets", {})
    monkeypatch.setattr(os, "geteuid", lambda: _cache_dir().stat().st_uid + 1)
    assert load_structure(minimal_yaml).get("1.1").title == "Utföra politiskt ledningsarbete"
    assert _entries() == [entry]


def test_the_key_is_private_and_a_key_others_can_read_is_not_trusted(minimal_yaml,
                                                                       monkeypatch):
    load_structure(minimal_yaml)
    key_file = _cache_dir() / cache.KEY_FILE
    assert key_file.stat().st_mode & 0o777 == 0o600 and len(key_file.read_bytes()) == 32
    [entry] = _entries()
    _poison(entry, "1.1", "NYCKELN LÄCKTE")
    key_file.chmod(0o644)
    monkeypatch.setattr(cache, "_secrets", {})
    assert load_structure(minimal_yaml).get("1.1").title == "Utföra politiskt ledningsarbete"


def test_cache_directory_is_created_private(minimal_yaml):
    load_structure(minimal_yaml)
    assert _cache_dir().stat().st_mode & 0o077 == 0


_WORKER = textwrap.dedent("""
    import json, sys, time
    from pathlib import Path
    start_at = float(sys.argv[2])
    while time.time() < start_at:  # start together, to really race
        time.sleep(0.001)
    from vgrklass.load import load_structure
    s = load_structure(Path(sys.argv[1]))
    print(json.dumps([[n.code, n.title, str(n.removed)] for n in s]))
""")


def test_concurrent_runs_on_a_fresh_cache_all_succeed_and_leave_one_good_entry(tmp_path):
    data = Path(__file__).resolve().parents[1] / "data" / "klassificering.yaml"
    assert not any(_cache_dir().iterdir())
    start_at = time.time() + 1.5  # after every interpreter has started
    procs = [subprocess.Popen([sys.executable, "-c", _WORKER, str(data), str(start_at)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=os.environ.copy())
             for _ in range(6)]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 6, [err for _, err in results]
    outputs = {out for out, _ in results}
    assert len(outputs) == 1
    assert len(json.loads(outputs.pop())) > 100
    files = list(_cache_dir().iterdir())
    assert [f.name for f in files if f.name.endswith(".tmp")] == []
    [entry] = _entries()
    _, value = cache.read_entry(entry)
    assert isinstance(value, Structure) and len(value) > 100


def _key(i: int) -> str:
    return cache.digest(str(i).encode())


def test_pruning_keeps_the_newest_entries_per_kind():
    now = time.time()
    for i in range(cache.KEEP_PER_KIND + 3):
        cache.cached("structure", _key(i), lambda i=i: i)
        entry = cache.entry_path("structure", _key(i))
        os.utime(entry, (now - 1000 + i, now - 1000 + i))  # later i = newer
    kept = _entries()
    assert len(kept) == cache.KEEP_PER_KIND
    assert {cache.read_entry(p)[1] for p in kept} == set(
        range(3, cache.KEEP_PER_KIND + 3))


def test_pruning_leaves_other_kinds_alone_but_removes_old_and_dead_files():
    cache.cached("index", "a" * 64, lambda: "index a")
    old = cache.entry_path("index", "b" * 64)
    cache.cached("index", "b" * 64, lambda: "index b")
    month_ago = time.time() - (cache.MAX_AGE_DAYS + 1) * 86400
    os.utime(old, (month_ago, month_ago))
    dead_tmp = _cache_dir() / "structure--x--y.pickle.abc.tmp"
    dead_tmp.write_bytes(b"half")
    os.utime(dead_tmp, (time.time() - 7200, time.time() - 7200))
    fresh_tmp = _cache_dir() / "structure--x--z.pickle.def.tmp"
    fresh_tmp.write_bytes(b"being written")
    for i in range(cache.KEEP_PER_KIND + 2):
        cache.cached("structure", _key(i), lambda i=i: i)
    assert [cache.read_entry(p)[1] for p in _entries("index")] == ["index a"]
    assert not old.exists() and not dead_tmp.exists()
    assert fresh_tmp.exists()  # another run may be writing it right now


def test_reading_an_entry_marks_it_used_so_age_pruning_spares_it():
    cache.cached("index", "c" * 64, lambda: "c")
    entry = cache.entry_path("index", "c" * 64)
    ten_days_ago = time.time() - 10 * 86400
    os.utime(entry, (ten_days_ago, ten_days_ago))
    assert cache.cached("index", "c" * 64, lambda: "rebuilt") == "c"
    assert time.time() - entry.stat().st_mtime < 60


def test_entry_with_another_key_under_the_same_name_is_not_used():
    key = "d" * 64
    cache.cached("index", key, lambda: "right")
    entry = cache.entry_path("index", key)
    cache.write_entry(entry, "d" * 32 + "e" * 32, "wrong")  # same 32-char prefix
    assert cache.cached("index", key, lambda: "rebuilt") == "rebuilt"


def test_a_change_to_the_program_code_misses_old_entries(monkeypatch):
    cache.cached("index", "f" * 64, lambda: "old code")
    monkeypatch.setattr(cache, "_fingerprint", "other-code")
    assert cache.cached("index", "f" * 64, lambda: "new code") == "new code"


def test_kind_names_that_could_collide_in_file_names_are_refused():
    with pytest.raises(ValueError):
        cache.cached("search--index", "0" * 64, lambda: 1)


def test_peek_returns_only_a_good_entry_and_never_builds(monkeypatch):
    key = cache.digest(b"peek")
    assert cache.peek("index", key) is None
    assert _entries("index") == []
    cache.cached("index", key, lambda: {"byggt": 1}, expect=dict)
    assert cache.peek("index", key, expect=dict) == {"byggt": 1}
    assert cache.peek("index", key, expect=list) is None
    cache.entry_path("index", key).write_bytes(b"trasig")
    assert cache.peek("index", key) is None
    cache.cached("index", key, lambda: {"byggt": 2})
    monkeypatch.setattr(cache, "_disabled", True)
    assert cache.peek("index", key) is None


def _find_codes(path: Path, query: str) -> list[str]:
    """The codes find is confident of (uncertain suggestions left out)."""
    result = runner.invoke(app, ["find", query, "--data", str(path), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return [hit["code"] for hit in json.loads(result.stdout or "[]") if hit["confident"]]


def test_find_answers_from_the_cached_index_without_the_structure(minimal_yaml):
    assert "2.1.1" in _find_codes(minimal_yaml, "leverantörsfaktura")
    [structure_entry] = _entries()
    structure_entry.unlink()
    assert "2.1.1" in _find_codes(minimal_yaml, "leverantörsfaktura")
    assert _entries() == []  # the structure was not needed, so not rebuilt


def test_find_after_an_edit_searches_the_new_text_not_the_cached_index(minimal_yaml):
    assert "2.1.1" in _find_codes(minimal_yaml, "leverantörsfaktura")
    minimal_yaml.write_text(MINIMAL.replace("leverantörsfaktura", "kassabok"),
                            encoding="utf-8")
    assert "2.1.1" not in _find_codes(minimal_yaml, "leverantörsfaktura")
    assert "2.1.1" in _find_codes(minimal_yaml, "kassabok")


def test_structure_from_the_cache_equals_the_one_built_from_the_file(write_yaml):
    path = write_yaml(MINIMAL.replace(
        "              - följesedel\n",
        "              - text: följesedel\n                bevaras_gallras: gallras\n"
        "                gallringsfrist: 2 år\n"))
    built = load_structure(path)
    assert _entries()
    served = load_structure(path)
    assert served is not built
    assert served == built
    assert [(n.code, n.added, n.removed, n.removed_as, n.example_info, n.line)
            for n in served] == [(n.code, n.added, n.removed, n.removed_as, n.example_info,
                                  n.line) for n in built]
    assert served.get("2.1.1").example_info[0][1].gallringsfrist == "2 år"


def _refs_in(path: Path, code: str) -> list[str]:
    result = runner.invoke(app, ["show", code, "--data", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    return [ref["source"] for ref in json.loads(result.stdout)["refs_in"]]


def test_incoming_references_come_from_the_cache_and_follow_an_edit(write_yaml):
    text = MINIMAL.replace("        handling: Handlingar och ärenden stannar kvar",
                           "        comments: Fakturor hanteras i P 2.1.1.\n"
                           "        handling: Handlingar och ärenden stannar kvar")
    path = write_yaml(text)
    assert _refs_in(path, "2.1.1") == ["1.1"]
    assert len(_entries("refs")) == 1
    path.write_text(text.replace("P 2.1.1", "P 2.2"), encoding="utf-8")
    assert _refs_in(path, "2.1.1") == []
    assert _refs_in(path, "2.2") == ["1.1"]
    assert len(_entries("refs")) == 2


def test_validate_neither_reads_nor_writes_the_cache(minimal_yaml):
    result = runner.invoke(app, ["validate", str(minimal_yaml)])
    assert result.exit_code == 0, result.output
    assert not any(_cache_dir().iterdir())
    # A cached structure of the file does not stop validate from reading the file itself.
    load_structure(minimal_yaml)
    [entry] = _entries()
    minimal_yaml.write_text(MINIMAL.replace('code: "2.2"', 'code: "3.2"'), encoding="utf-8")
    new_key = cache.digest(minimal_yaml.read_bytes())
    _, value = cache.read_entry(entry)
    cache.write_entry(cache.entry_path("structure", new_key), new_key, value)
    assert load_structure(minimal_yaml).get("2.2") is not None  # the planted entry is used
    result = runner.invoke(app, ["validate", str(minimal_yaml)])
    assert result.exit_code == 1
    assert "3.2" in result.output


def test_loading_in_a_library_process_freezes_nothing(minimal_yaml):
    # Only the console entry point (a short run) may gc.freeze what the cache loads.
    import gc

    load_structure(minimal_yaml)
    before = gc.get_freeze_count()
    assert load_structure(minimal_yaml).get("1.1") is not None
    assert gc.get_freeze_count() == before
    assert gc.isenabled()


def test_console_entry_point_freezes_what_it_loads(minimal_yaml):
    script = textwrap.dedent(f"""
        import gc, sys
        from vgrklass.load import load_structure
        from vgrklass.cli import main
        load_structure(__import__("pathlib").Path({str(minimal_yaml)!r}))  # fill the cache
        sys.argv = ["vgrklass", "show", "1.1", "--data", {str(minimal_yaml)!r}]
        try:
            main()
        except SystemExit:
            pass
        print("FRYSTA", gc.get_freeze_count(), gc.isenabled(), file=sys.stderr)
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            env=os.environ.copy(), timeout=120)
    assert "Utföra politiskt ledningsarbete" in result.stdout
    frozen, enabled = result.stderr.split("FRYSTA ")[1].split()
    assert int(frozen) > 0 and enabled == "True"


def test_find_reads_the_index_from_its_store_and_rebuilds_a_damaged_one(minimal_yaml):
    assert "2.1.1" in _find_codes(minimal_yaml, "leverantörsfaktura")
    [store] = _entries("search_index")
    assert store.name.endswith(".sqlite")
    size = store.stat().st_size
    with store.open("r+b") as handle:  # garbage over everything after the header page
        handle.seek(4096)
        handle.write(b"\xff" * (size - 4096))
    assert "2.1.1" in _find_codes(minimal_yaml, "leverantörsfaktura")
    assert "2.1.1" in _find_codes(minimal_yaml, "leverantörsfaktura")


def test_a_stored_index_planted_by_another_user_or_as_a_link_is_not_opened(minimal_yaml,
                                                                             tmp_path):
    assert "2.1.1" in _find_codes(minimal_yaml, "leverantörsfaktura")
    [store] = _entries("search_index")
    elsewhere = tmp_path / "elsewhere.sqlite"
    store.rename(elsewhere)
    store.symlink_to(elsewhere)
    from vgrklass.search import cached as cached_module

    key = cached_module._index_key(cache.digest(minimal_yaml.read_bytes()))
    assert cache.own_file("search_index", key, ".sqlite") is None
    assert "2.1.1" in _find_codes(minimal_yaml, "leverantörsfaktura")  # built anew
    assert not store.is_symlink()


def test_find_on_a_new_file_reports_errors_of_the_cross_node_rules_and_keeps_nothing(
        write_yaml):
    # The rules run beside the index build on a first run (load_structure_overlapped).
    path = write_yaml(MINIMAL.replace('code: "2.2"', 'code: "2.1.1"'))
    result = runner.invoke(app, ["find", "leverantörsfaktura", "--data", str(path)])
    assert result.exit_code == 2
    assert "dubblett-kod" in result.output or "finns redan" in result.output
    assert _entries("search_index") == [] and _entries() == []


def test_the_digest_of_an_unchanged_file_is_remembered_and_an_edit_is_read_anew(
        write_yaml, monkeypatch):
    path = write_yaml(MINIMAL)
    reads = []

    def read() -> bytes:
        reads.append(1)
        return path.read_bytes()

    # Just written: it may change again within the same time stamp, so it is not
    # remembered (git's "racy" files).
    cache.file_digest(path, read)
    cache.file_digest(path, read)
    assert len(reads) == 2
    reads.clear()
    monkeypatch.setattr(cache, "_RACY", -1.0)  # as if it had been written long ago
    first = cache.file_digest(path, read)
    assert first == cache.digest(path.read_bytes())
    assert cache.file_digest(path, read) == first and len(reads) == 1  # a stat, no read
    path.write_text(MINIMAL.replace("protokoll", "kallelse"), encoding="utf-8")
    assert cache.file_digest(path, read) == cache.digest(path.read_bytes()) != first
    assert len(reads) == 2


def test_a_first_run_builds_the_lexicon_and_the_knowledge_files_in_child_processes():
    # In a process of its own (the children are only forked from a process without
    # threads): afterwards both are in the cache, and SAOL was never loaded here.
    script = textwrap.dedent("""
        import sys
        from vgrklass.search import index  # noqa: F401 (the package's import order)
        from vgrklass import cache
        from vgrklass.knowledge import compile as knowledge, lexicon
        assert not lexicon.stored()
        assert cache.own_file("knowledge", knowledge.sources_key(), ".pickle") is None
        knowledge.prepare_in_background()()
        assert lexicon.stored()
        assert cache.own_file("knowledge", knowledge.sources_key(), ".pickle") is not None
        assert "saol" not in sys.modules
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            env={**os.environ, "VGRKLASS_CACHE_DIR": str(_cache_dir())})
    assert result.returncode == 0, result.stderr
