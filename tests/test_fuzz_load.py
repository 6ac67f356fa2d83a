"""Property: whatever is done to a valid file (bytes flipped, lines deleted or duplicated,
indentation changed, cut short, YAML punctuation sprinkled in), loading ends in a
Structure or a clean DataError, and validation in an Outcome — never another exception.
And the fast read of a clean file (parse.parse_clean, check.clean_structure) agrees with
the careful one on every such file: same data and structure, or it steps aside."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import MINIMAL

from vgrklass.check import check_text, clean_structure
from vgrklass.datafile import shipped_data_path
from vgrklass.load import decode
from vgrklass.parse import parse_clean, parse_text
from vgrklass.problems import DataError, Problem
from vgrklass.report import validate_file
from vgrklass.rules import check
from vgrklass.structure import Structure

NAME = "fuzz.yaml"
SHIPPED = shipped_data_path().read_text(encoding="utf-8")
SOURCES = {"minimal": MINIMAL, "shipped": SHIPPED}
PUNCTUATION = list(":-[]{}&*!\"'|>#%@`,?\t\n ") + ["\ufeff", "\x00", "\x85", "\u2028", "ä"]

FAST = settings(max_examples=250, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def load_bytes(data: bytes) -> Structure | None:
    """The loading pipeline minus the disk: bytes → text → parse → schema → rules."""
    try:
        parsed = parse_text(decode(data, NAME), NAME)
        problems = parsed.problems + check(parsed)
    except DataError as exc:
        assert_problems(exc.problems, data)
        return None
    assert_problems(problems, data)
    return parsed.structure


def assert_problems(problems: list[Problem], data: bytes) -> None:
    assert problems is not None
    last_line = data.count(b"\n") + 1
    for p in problems:
        assert isinstance(p, Problem) and p.file == NAME
        assert isinstance(p.message, str) and p.message and p.rule
        assert p.severity in ("fel", "varning")
        assert p.line is None or 1 <= p.line <= last_line + 1, p
        assert p.column is None or p.column >= 1, p


@st.composite
def line_mutations(draw) -> bytes:
    text = SOURCES[draw(st.sampled_from(sorted(SOURCES)))]
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["delete", "duplicate", "indent", "dedent", "tab", "swap",
                                   "move"]))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "indent":
            lines[i] = " " * draw(st.integers(1, 6)) + lines[i]
        elif op == "dedent":
            lines[i] = lines[i][draw(st.integers(1, 6)):]
        elif op == "tab":
            lines[i] = "\t" + lines[i].lstrip(" ")
        elif op == "swap" and i + 1 < len(lines):
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
        elif op == "move":
            lines.insert(draw(st.integers(0, len(lines) - 1)), lines.pop(i))
    return "\n".join(lines).encode("utf-8")


@st.composite
def byte_mutations(draw) -> bytes:
    data = bytearray(SOURCES[draw(st.sampled_from(sorted(SOURCES)))].encode("utf-8"))
    for _ in range(draw(st.integers(1, 8))):
        i = draw(st.integers(0, len(data) - 1))
        op = draw(st.sampled_from(["flip", "set", "punctuation", "cut"]))
        if op == "flip":
            data[i] ^= 1 << draw(st.integers(0, 7))
        elif op == "set":
            data[i] = draw(st.integers(0, 255))
        elif op == "punctuation":
            data[i:i] = draw(st.sampled_from(PUNCTUATION)).encode("utf-8")
        else:
            del data[i:]
            if not data:
                break
    return bytes(data)


@FAST
@given(line_mutations())
def test_line_mutations_load_cleanly(data):
    load_bytes(data)


@FAST
@given(byte_mutations())
def test_byte_mutations_load_cleanly(data):
    load_bytes(data)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_load_cleanly(data):
    load_bytes(data)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(PUNCTUATION + list("abc01.")), max_size=200))
def test_yaml_punctuation_soup_loads_cleanly(text):
    load_bytes(text.encode("utf-8"))


_DIR = tempfile.TemporaryDirectory(prefix="vgrklass-fuzz-")


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.one_of(line_mutations(), byte_mutations()))
def test_validate_file_always_returns_an_outcome(data):
    path = Path(_DIR.name) / NAME
    path.write_bytes(data)
    outcome = validate_file(path, NAME)
    assert outcome.exit_code() in (0, 1, 2)
    assert outcome.exit_code() == 0 or outcome.errors
    json.dumps(outcome.as_json())
    assert len(outcome.github_lines()) == len(outcome.problems)
    outcome.summary()


def assert_fast_read_agrees(data: bytes) -> None:
    """parse_clean gives parse_text's data and structure for a text without problems and
    None for any other; clean_structure gives check_text's structure exactly when it has
    no errors (a text with warnings only may take either path)."""
    try:
        text = decode(data, NAME)
    except DataError:
        return
    try:
        careful = parse_text(text, NAME)
    except DataError:
        assert parse_clean(text, NAME) is None
        assert clean_structure(text, NAME) is None
        return
    fast = parse_clean(text, NAME)
    if careful.problems or careful.structure is None:
        assert fast is None
    else:
        assert fast is not None
        assert fast.data == careful.data
        assert fast.structure == careful.structure
    checked = check_text(text, NAME)
    structure = clean_structure(text, NAME)
    if checked.errors or checked.structure is None:
        assert structure is None
    elif structure is not None:
        assert structure == checked.structure
    if not checked.problems:
        assert structure is not None


@FAST
@given(st.one_of(line_mutations(), byte_mutations()))
def test_fast_read_agrees_with_careful_read(data):
    assert_fast_read_agrees(data)


def test_fast_read_of_the_shipped_file_is_the_careful_read():
    fast, careful = parse_clean(SHIPPED, NAME), parse_text(SHIPPED, NAME)
    assert fast is not None
    assert fast.data == careful.data and fast.structure == careful.structure
    assert [n.line for n in fast.structure] == [n.line for n in careful.structure]
