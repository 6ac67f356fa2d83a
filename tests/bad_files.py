"""The bad data files every command must handle: name → (bytes, words the message must
contain, line it must name or None). Shared by tests/test_bad_input.py and
benchmarks/bad_input.py; plain data, importing nothing from vgrklass, so the benchmark can
measure any version of the program."""

from __future__ import annotations

import random

from tests.conftest import MINIMAL


def billion_laughs(levels: int = 10) -> str:
    lines = ['lol0: &lol0 "lol"']
    for i in range(1, levels):
        lines.append(f"lol{i}: &lol{i} [" + ", ".join([f"*lol{i - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based line of the n-th occurrence of `needle` in `text`."""
    index = -1
    for _ in range(nth):
        index = text.index(needle, index + 1)
    return text.count("\n", 0, index) + 1


def _first_non_ascii_line(text: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if not line.isascii())


def _tab_indented() -> str:
    return MINIMAL.replace("\n    kind: VO\n    title: STYRA", "\n\tkind: VO\n    title: STYRA")


def _rand(seed: int, size: int, alphabet: range | None = None) -> bytes:
    rng = random.Random(seed)
    if alphabet is None:
        return rng.randbytes(size)
    return bytes(rng.choice(alphabet) for _ in range(size))


BAD_FILES: dict[str, tuple[bytes, tuple[str, ...], int | None]] = {
    "empty": (b"", ("tom",), None),
    "only comments": (b"# bara en kommentar\n", ("inga data",), None),
    "truncated in a quote": (MINIMAL[: MINIMAL.index('"2.1.1"') + 3].encode(), ("YAML",), None),
    "truncated mid-word": (MINIMAL[: MINIMAL.index("kind: VO") + 7].encode(), ("kind",),
                           line_of(MINIMAL, "kind: VO")),
    "latin-1": (MINIMAL.encode("latin-1"), ("UTF-8",), _first_non_ascii_line(MINIMAL)),
    "random binary": (_rand(1, 4096), ("binär",), None),
    "random high bytes": (_rand(2, 4096, range(0x80, 0x100)), ("UTF-8",), 1),
    "control character": (MINIMAL.replace("STYRA", "STY\x07RA").encode(), ("U+0007",),
                          line_of(MINIMAL, "STYRA")),
    "tab indentation": (_tab_indented().encode(), ("tabb",), line_of(_tab_indented(), "\t")),
    "top-level list": (b"- meta\n- nodes\n", ("lista",), 1),
    "top-level scalar": (b"klassificering\n", ("enskilt",), 1),
    "alias bomb": (billion_laughs().encode(), ("alias",), 2),
    "merge key": (b"a: {x: 1}\nb:\n  <<: {x: 2}\n", ("<<",), 3),
    "two documents": (b"meta: {}\n---\nmeta: {}\n", ("dokument",), 2),
    "deep flow nesting": (b"[" * 10_000, ("nästlad",), 1),
    "deep closed nesting": (b"[" * 10_000 + b"]" * 10_000, ("nästlad",), 1),
    "deep block nesting": ("".join(" " * i + "a:\n" for i in range(3000)).encode(),
                           ("nästlad",), None),
    "deep block list": ("".join(" " * (2 * i) + "- \n" for i in range(3000)).encode(),
                        ("nästlad",), None),
    "duplicate key": (MINIMAL.replace("    title: STYRA\n",
                                      "    title: STYRA\n    title: STYRA igen\n").encode(),
                      ("två gånger", "title"), line_of(MINIMAL, "title: STYRA") + 1),
    "unknown field": (MINIMAL.replace("        description: Här",
                                      "        descripton: Här").encode(),
                      ("descripton", "menade du 'description'"),
                      line_of(MINIMAL, "description: Här")),
    "duplicated code": (MINIMAL.replace('code: "2.2"', 'code: "2.1"').encode(),
                        ("2.1", "finns redan"), line_of(MINIMAL, 'code: "2.2"')),
    "impossible date in file": (MINIMAL.replace("added: 2019-01-01", "added: 2019-02-30").encode(),
                                ("2019-02-30",), line_of(MINIMAL, "added: 2019")),
    "line separator from Word": (MINIMAL.replace("Hantera bemanning",
                                                 "Hantera\u2028bemanning").encode(),
                                 ("U+2028",), line_of(MINIMAL, "Hantera bemanning")),
    "code without quotes": (MINIMAL.replace('code: "2.1"', "code: 2.1").encode(),
                            ("citattecken",), line_of(MINIMAL, 'code: "2.1"')),
    # issue 17: the message quotes the code as written, not as the float YAML made of it
    "code 1.10 without quotes": (MINIMAL.replace('code: "1.1"', "code: 1.10").encode(),
                                 ("1.10", "citattecken"), line_of(MINIMAL, 'code: "1.1"')),
    # issue 17: an integer is no date (it used to be read as a Unix time, 1970-01-01)
    "integer date": (MINIMAL.replace("removed: 2021-01-01", "removed: 0").encode(),
                     ("ÅÅÅÅ-MM-DD", "removed"), line_of(MINIMAL, "removed: 2021")),
    "timestamp as date": (MINIMAL.replace("added: 2019-01-01", "added: 1546300800").encode(),
                          ("ÅÅÅÅ-MM-DD", "1546300800"), line_of(MINIMAL, "added: 2019")),
    # issue 17: the remaining parser messages in Swedish, other encodings named
    "document end marker pasted": (MINIMAL.replace("nodes:\n", "...\nnodes:\n").encode(),
                                   ("YAML-syntaxfel", "..."), line_of(MINIMAL, "nodes:") + 1),
    "stray directive": (MINIMAL.replace("nodes:\n", "%YAML 1.1\nnodes:\n").encode(),
                        ("YAML-syntaxfel",), None),
    "utf-16 with BOM": (MINIMAL.encode("utf-16"), ("UTF-16",), None),
    "utf-16 big endian without BOM": (MINIMAL.encode("utf-16-be"), ("UTF-16",), None),
    "utf-32 with BOM": (MINIMAL.encode("utf-32"), ("UTF-32",), None),
    # issue 17: invisible characters the rule must catch
    "right-to-left override": (MINIMAL.replace("STYRA", "STY\u202eRA").encode(), ("U+202E",),
                               line_of(MINIMAL, "STYRA")),
    "zero-width space": (MINIMAL.replace("STYRA", "STY\u200bRA").encode(), ("U+200B",),
                         line_of(MINIMAL, "STYRA")),
    "BOM inside text": (MINIMAL.replace("STYRA", "STY\ufeffRA").encode(), ("U+FEFF",),
                        line_of(MINIMAL, "STYRA")),
    "C1 control written as escape": (MINIMAL.replace("title: STYRA", 'title: "STY\\x9bRA"')
                                     .encode(), ("U+009B",), line_of(MINIMAL, "STYRA")),
    "noncharacter U+FFFE written as escape": (
        MINIMAL.replace("title: STYRA", 'title: "STY\\uFFFERA"').encode(), ("U+FFFE",),
        line_of(MINIMAL, "STYRA")),
    "noncharacter U+FFFF in the file": (MINIMAL.replace("STYRA", "STY\uffffRA").encode(),
                                        ("U+FFFF",), line_of(MINIMAL, "STYRA")),
    # issue 17: a terminal escape sequence in a key reaches no terminal raw
    "escape sequence in a key": (MINIMAL.replace("    title: STYRA\n",
                                                 '    title: STYRA\n    "\\e]0;x\\a\\e[2J": 1\n')
                                 .encode(), ("okänt fält", "\\x1b"),
                                 line_of(MINIMAL, "title: STYRA") + 1),
}
