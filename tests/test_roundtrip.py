"""update_yaml: edits keep comments and order, and nothing is lost when anything fails."""

from __future__ import annotations

import datetime as dt
import os
import stat

import pytest
from tests.conftest import MINIMAL

from vgrklass import fileio
from vgrklass.datafile import shipped_data_path
from vgrklass.load import load_structure
from vgrklass.problems import DataError
from vgrklass.roundtrip import _blocks, edit_nodes, edit_yaml, node_mappings, update_yaml

COMMENTED = "# yaml-language-server: $schema=x.json\n# Huvudkommentar\n" + MINIMAL.replace(
    "    title: STYRA\n", "    title: STYRA  # rubriken ordagrant\n"
).replace('code: "2.1.1"', 'code: "2.1.1"  # leverantörer')


@pytest.fixture
def commented(write_yaml):
    return write_yaml(COMMENTED)


def test_edit_keeps_comments_order_and_quotes(commented):
    def edit(doc):
        doc["nodes"][0]["children"][0]["title"] = "Utföra politiskt ledningsarbete (ändrad)"

    assert update_yaml(commented, edit) is True
    new = commented.read_text(encoding="utf-8")
    expected = COMMENTED.replace("title: Utföra politiskt ledningsarbete",
                                 "title: Utföra politiskt ledningsarbete (ändrad)")
    assert new == expected  # only the edited line differs: comments, order, quotes kept


def test_added_key_lands_where_put_and_rest_is_unchanged(commented):
    def edit(doc):
        node = doc["nodes"][1]["children"][1]
        node.insert(list(node).index("title") + 1, "removed", dt.date(2024, 1, 1))

    update_yaml(commented, edit)
    new = commented.read_text(encoding="utf-8").splitlines()
    old = COMMENTED.splitlines()
    at = old.index("        title: Hantera bemanning") + 1
    assert new == old[:at] + ["        removed: 2024-01-01"] + old[at:]


def test_unchanged_document_is_not_rewritten(commented):
    before = commented.stat().st_mtime_ns
    assert update_yaml(commented, lambda doc: None) is False
    assert commented.stat().st_mtime_ns == before


def test_failure_mid_write_leaves_original_intact(commented, monkeypatch):
    def broken_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fileio.os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        update_yaml(commented, lambda doc: doc["meta"].__setitem__("version", "2.0"))
    assert commented.read_text(encoding="utf-8") == COMMENTED
    assert sorted(p.name for p in commented.parent.iterdir()) == [commented.name]


def test_failing_edit_function_writes_nothing(commented):
    def edit(doc):
        doc["meta"]["version"] = "2.0"
        raise RuntimeError("avbrutet mitt i")

    with pytest.raises(RuntimeError):
        update_yaml(commented, edit)
    assert commented.read_text(encoding="utf-8") == COMMENTED


def test_edit_that_breaks_the_file_is_refused(commented):
    with pytest.raises(DataError) as info:
        update_yaml(commented, lambda doc: doc["nodes"][1]["children"][1].__setitem__(
            "code", "2.1"))
    assert any(p.rule == "dubblett-kod" for p in info.value.problems)
    assert commented.read_text(encoding="utf-8") == COMMENTED


def test_alias_in_file_is_refused_before_round_trip(write_yaml):
    path = write_yaml("a: &x [1, 2]\nb: *x\n")
    with pytest.raises(DataError):
        update_yaml(path, lambda doc: None)


def test_file_mode_and_bom_are_kept(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.encode("utf-8"))
    os.chmod(path, 0o644)
    update_yaml(path, lambda doc: doc["meta"].__setitem__("version", "2.0:2024"))
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert b'version: "2.0:2024"' in path.read_bytes()
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


# --- edit_nodes: the round trip of only the edited nodes' lines --------------------------

def _set_title(code: str, title: str):
    return lambda mappings: mappings[code].__setitem__("title", title)


def test_edit_nodes_gives_the_whole_document_round_trips_text(commented):
    structure = load_structure(commented)
    for code in ("1", "1.1", "2.1", "2.1.1", "2.2"):
        whole = edit_yaml(commented, lambda doc, c=code: node_mappings(doc)[c].__setitem__(
            "title", "Ny rubrik"))
        part = edit_nodes(commented, structure, [code], _set_title(code, "Ny rubrik"))
        assert part.new_text == whole.new_text, code
        assert part.new_text != part.old_text


def test_edit_nodes_reads_only_the_edited_blocks(commented, monkeypatch):
    structure = load_structure(commented)
    monkeypatch.setattr("vgrklass.roundtrip.edit_yaml", None)  # no whole-document fallback
    edited = edit_nodes(commented, structure, ["2.1.1", "2.1"],
                        lambda mappings: mappings["2.1.1"].__setitem__("kind", "P"))
    assert edited.new_text == COMMENTED  # "2.1" holds "2.1.1": one block, and it is intact


def test_every_shipped_node_is_a_block_that_comes_back_unchanged():
    data = shipped_data_path()
    structure = load_structure(data)
    text = data.read_text(encoding="utf-8")
    for node in structure:
        [block] = _blocks(text, structure, [node.code])
        assert block.text() == "".join(text.splitlines(keepends=True)[block.start:block.end])


def test_a_key_after_the_children_makes_the_whole_document_go_round(write_yaml):
    text = MINIMAL + "    description: VO 2:s beskrivning efter barnen.\n"
    path = write_yaml(text)
    structure = load_structure(path)
    assert _blocks(text, structure, ["2.2"]) is None  # its lines run into VO 2's key
    edited = edit_nodes(path, structure, ["2.2"], _set_title("2.2", "Bemanning"))
    assert edited.new_text == text.replace("title: Hantera bemanning", "title: Bemanning")
