"""A large file's YAML read on two cores (splitread.py) gives exactly the one-piece lean
read, or steps aside: never other data, other positions, or a cut that changes meaning."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import MINIMAL
from tests.test_fuzz_load import line_mutations

from vgrklass.datafile import shipped_data_path
from vgrklass.problems import DataError
from vgrklass.splitread import _cut, read_halves
from vgrklass.yamlread import Unclear, parse_yaml

SHIPPED = shipped_data_path().read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _fork_despite_idle_pools(monkeypatch):
    """Other tests leave idle worker pools (the web app's, dask's) in this process, and
    read_halves does not fork in a process with threads. Their idle workers hold no lock
    the child's YAML read needs, so these tests let it fork."""
    monkeypatch.setattr("vgrklass.splitread.threading.active_count", lambda: 1)


def one_piece(text: str):
    data, positions, problems = parse_yaml(text, "x.yaml", lean=True)
    assert not problems
    return data, positions.values


def two_cores(text: str):
    halves = read_halves(text, "x.yaml", smallest=0)
    assert halves is not None, "the text should have been cut"
    data, positions = halves
    return data, positions.values


@pytest.mark.parametrize("text", [SHIPPED, MINIMAL, SHIPPED.replace("\n", "\r\n")],
                         ids=["shipped", "minimal", "crlf"])
def test_two_cores_read_what_one_reads(text):
    assert two_cores(text) == one_piece(text)


def test_the_cut_is_at_an_item_of_the_node_list_near_the_middle():
    cut = _cut(SHIPPED)
    assert cut is not None and SHIPPED[cut:].startswith("  - code: ")
    assert SHIPPED[cut - 1] == "\n" and abs(cut - len(SHIPPED) // 2) < len(SHIPPED) // 10


def test_a_list_at_the_keys_indentation_is_cut_too():
    text = MINIMAL.replace("\n  - ", "\n- ").replace("\n    ", "\n  ")
    assert _cut(text) is not None
    assert two_cores(text) == one_piece(text)


@pytest.mark.parametrize("text", [
    MINIMAL + "extra: 1\n",  # a top-level key after the list
    "%YAML 1.1\n---\n" + MINIMAL,  # a directive changes how the rest reads
    MINIMAL.replace("nodes:\n", "nodes:\n# kommentar\n"),  # not items right after nodes:
    MINIMAL + "...\n",  # a document marker
    MINIMAL + "---\nmeta: {}\n",  # a second document
    MINIMAL.replace("nodes:\n", "nodes: [\n").replace("\n  - ", "\n  ") + "]\n",  # flow
    MINIMAL.replace("nodes:", "noder:"),
], ids=["key-after", "directive", "comment-first", "document-end", "second-document", "flow",
        "no-nodes"])
def test_no_cut_where_it_could_change_the_meaning(text):
    assert _cut(text) is None
    assert read_halves(text, "x.yaml", smallest=0) is None


def test_a_cut_inside_a_quoted_text_steps_aside():
    """libyaml lets a quoted text's lines start anywhere: a line that looks like an item
    can be inside one. The part before the cut is then unreadable: the read steps aside
    (Unclear or DataError), and the caller reads the file carefully, in one piece."""
    text = MINIMAL.replace("    title: GE VERKSAMHETSSTÖD",
                           '    title: "GE VERKSAMHETSSTÖD\n  - fortsatt"')
    assert text[_cut(text):].startswith('  - fortsatt"')
    assert one_piece(text)[0]["nodes"][1]["title"] == "GE VERKSAMHETSSTÖD - fortsatt"
    with pytest.raises((Unclear, DataError)):
        read_halves(text, "x.yaml", smallest=0)


def test_small_texts_are_read_in_one_piece():
    assert read_halves(SHIPPED, "x.yaml") is None  # the shipped file: under SPLIT_MIN


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(line_mutations())
def test_two_cores_agree_with_one_on_any_edit(data):
    text = data.decode("utf-8", errors="replace")
    try:
        expected = parse_yaml(text, "x.yaml", lean=True)
    except (Unclear, DataError):
        expected = None
    try:
        got = read_halves(text, "x.yaml", smallest=0)
    except (Unclear, DataError):
        return  # stepped aside: the caller reads carefully
    if got is None:
        return  # not cut
    assert expected is not None and not expected[2]
    assert got[0] == expected[0]
    assert got[1].values == expected[1].values


@given(st.sampled_from(["\n", "\r\n"]))
def test_lines_of_the_second_part_count_every_break(newline):
    text = MINIMAL.replace("\n", newline)
    data, positions = two_cores(text)
    for loc, (line, _) in positions.items():
        if len(loc) == 2 and loc[0] == "nodes":
            code = data["nodes"][loc[1]]["code"]
            assert f'code: "{code}"' in text.split(newline)[line - 1]
