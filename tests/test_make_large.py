"""benchmarks/make_large.py: the synthetic region-sized structure stays valid and its
references stay inside their own copy (otherwise the scale benchmark measures nonsense)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from tests.conftest import parse_file

from vgrklass.parse import parse_text
from vgrklass.refs import all_refs
from vgrklass.rules import check

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def make_large():
    spec = importlib.util.spec_from_file_location("make_large",
                                                  ROOT / "benchmarks" / "make_large.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def shipped_data():
    return parse_file(ROOT / "data" / "klassificering.yaml").data


@pytest.fixture(scope="module")
def tripled(make_large, shipped_data):
    return parse_text(make_large.emit(make_large.make(shipped_data, 3)), "x3.yaml")


def test_one_copy_reads_back_as_the_shipped_data(make_large, shipped_data):
    assert parse_text(make_large.emit(make_large.make(shipped_data, 1)),
                      "x1.yaml").data == shipped_data


def test_copies_validate_without_errors_and_renumber_the_vos(tripled, shipped_data):
    assert tripled.structure is not None
    errors = [p for p in tripled.problems + check(tripled) if p.severity == "fel"]
    assert errors == []
    vo_count = len(shipped_data["nodes"])
    roots = [n["code"] for n in tripled.data["nodes"]]
    assert roots == [str(i) for i in range(1, 3 * vo_count + 1)]
    assert len(tripled.structure) == 3 * sum(1 for _ in _walk(shipped_data["nodes"]))


def test_references_point_into_their_own_copy(tripled, shipped_data):
    vo_count = len(shipped_data["nodes"])

    def copy_of(code: str) -> int:
        return (int(code.split(".")[0]) - 1) // vo_count

    edges = all_refs(tripled.structure)
    assert len(edges) > 10
    assert {copy_of(r.source) for r in edges} == {0, 1, 2}
    assert all(copy_of(r.source) == copy_of(r.target) for r in edges)


def test_some_copies_get_lifetimes_that_children_stay_within(make_large, shipped_data):
    data = make_large.make(shipped_data, 30)
    dated_vos = [n for n in data["nodes"] if n.get("added") or n.get("removed")]
    assert dated_vos  # variety of dates, not 30 identical copies
    for vo in dated_vos:
        for node in _walk(vo.get("children", [])):
            if vo.get("added"):
                assert node["added"] >= vo["added"]
            if vo.get("removed"):
                assert node["removed"] <= vo["removed"]


def test_numbers_that_are_not_codes_are_left_alone(make_large):
    mapping = {"1.3": "19.3", "2.4.1": "20.4.1"}
    vo_map = {"1": "19", "2": "20", "7": "25"}
    text = "Se P 2.4.1 och 1.3 \"X\"; VO 7; 2 kap 12 §; RF 2016-05-10 § 85; version 9.9"
    assert make_large.renumber_text(text, mapping, vo_map) == (
        "Se P 20.4.1 och 19.3 \"X\"; VO 25; 2 kap 12 §; RF 2016-05-10 § 85; version 9.9")
    assert not re.search(r"\b2\.4\.1\b", make_large.renumber_text("P 2.4.1", mapping, vo_map))


def _walk(nodes):
    for node in nodes:
        yield node
        yield from _walk(node.get("children", []))


def test_copies_classify_as_twins_of_the_shipped_processes(make_large, shipped_data):
    """Copies differ from the original only in codes (renumbered references in comments
    among them), so classify scores each copy's twin group once: the number of groups
    does not grow with the copies (issue 14: time per document at 100×)."""
    from vgrklass.classify.profiles import build_profiles
    from vgrklass.search.index import build_index

    def groups(data):
        structure = parse_text(make_large.emit(data), "x.yaml").structure
        return len(build_profiles(structure, build_index(structure)).ranked().members)

    one = groups(make_large.make(shipped_data, 1))
    assert groups(make_large.make(shipped_data, 12)) <= one + 3  # a few lifetimes differ


def test_a_region_sized_file_loads_the_same_on_two_cores(make_large, shipped_data):
    """Past SPLIT_MIN a clean file is read on two cores (splitread.py): loading's fast
    read gives the careful read's structure, node lines included, and the rules pass
    on it as on the careful one."""
    from vgrklass.check import clean_structure
    from vgrklass.parse import parse_clean
    from vgrklass.splitread import SPLIT_MIN, _cut

    text = make_large.emit(make_large.make(shipped_data, 12))
    assert len(text) > SPLIT_MIN and _cut(text) is not None
    fast, careful = parse_clean(text, "x12.yaml"), parse_text(text, "x12.yaml")
    assert fast is not None and fast.data == careful.data
    assert fast.structure == careful.structure
    assert [n.line for n in fast.structure] == [n.line for n in careful.structure]
    assert clean_structure(text, "x12.yaml") == careful.structure
