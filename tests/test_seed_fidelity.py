"""Fidelity of data/klassificering.yaml to the seed text it was transcribed from.

The seed (text extracted from the PDF of the classification structure) lives
outside the repository; these tests are skipped when it is absent.

Everything expected here is derived from the seed with code written for this test
(independent of tools/seed_to_yaml.py), or hand-checked against the seed; nothing
is derived from the YAML itself.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from tests.conftest import seed_path

REPO = Path(__file__).resolve().parents[1]
SEED = seed_path()
DATA = REPO / "data" / "klassificering.yaml"

pytestmark = pytest.mark.skipif(not SEED.is_file(), reason=f"seed not found: {SEED}")

KEY_ORDER = [
    "code",
    "kind",
    "title",
    "added",
    "removed",
    "removed_as",
    "description",
    "examples",
    "comments",
    "handling",
    "children",
]


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def seed_lines() -> list[str]:
    return SEED.read_text(encoding="utf-8").split("\n")


@pytest.fixture(scope="module")
def doc() -> dict:
    return YAML(typ="safe").load(DATA.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def flat(doc) -> dict[str, dict]:
    out: dict[str, dict] = {}

    def walk(nodes, parent):
        for n in nodes:
            assert n["code"] not in out, f"duplicate code {n['code']}"
            out[n["code"]] = {**n, "_parent": parent}
            walk(n.get("children", []), n["code"])

    walk(doc["nodes"], None)
    return out


# --------------------------------------------------------------------------- seed reading
# (deliberately simple and independent of the converter)

HEAD_PREFIXED = re.compile(r"^\s*(VO|PG|P) (\d+(?:\.\d+)*)\.?\s+\S")
HEAD_BARE = re.compile(r"^\s*(\d+\.\d+(?:\.\d+)?) [A-ZÅÄÖ]")


def seed_headers(lines: list[str]) -> list[tuple[int, str, str]]:
    """(line index, kind, code) of every node header in the seed.

    A header starts a line that follows a blank line, another header, or the
    handling sentence closing the previous node. Cross-references that wrap onto
    the start of a line ("under \\nPG 2.3 Hantera …", "i P \\n2.5.4 Hantera …")
    follow an unfinished sentence and are not headers.
    """
    found: list[tuple[int, str, str]] = []
    prev = ""
    prev_was_header = True
    for i, ln in enumerate(lines):
        m = HEAD_PREFIXED.match(ln)
        kind = code = None
        if m:
            kind, code = m.group(1), m.group(2)
        else:
            m = HEAD_BARE.match(ln)
            if m:
                kind, code = "P", m.group(1)
        starts_ok = (
            prev_was_header or not prev.strip() or prev.rstrip().endswith("regionstyrelsen.")
        )
        if kind and starts_ok:
            found.append((i, kind, code))
            prev_was_header = True
        else:
            prev_was_header = False
        prev = ln
    return found


def owner_of(headers, line_no: int) -> str:
    owner = None
    for i, _kind, code in headers:
        if i <= line_no:
            owner = code
        else:
            break
    assert owner is not None
    return owner


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def join_wrapped(lines: list[str]) -> str:
    """Join wrapped lines; a line ending in '-' with no trailing space was cut in a word."""
    out = prev = ""
    for ln in lines:
        if not out:
            out = ln.strip()
        elif (out.endswith("-") and not prev.endswith(" ")) or ln.strip().startswith(","):
            out += ln.strip()
        else:
            out += " " + ln.strip()
        prev = ln
    return norm(out)


def split_items(text: str) -> list[str]:
    """Naive split of an example list: commas/semicolons outside parentheses.

    Suspended compounds ("Order-, Uppdrags-, och …") are glued back together and
    the final period is dropped unless it belongs to "m.m.".
    """
    parts, depth, cur = [], 0, ""
    for ch in text:
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0 and ch in ",;":
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    items: list[str] = []
    for p in (norm(p) for p in parts):
        if items and items[-1].endswith("-"):
            items[-1] = items[-1] + ", " + p
        elif p:
            items.append(p)
    if items and items[-1].endswith(".") and not items[-1].endswith("m.m."):
        items[-1] = items[-1][:-1].rstrip()
    return [i for i in items if i]


EXAMPLE_START = re.compile(r"^\s*Exempel på handling(?:ar|styper):\s*")


def seed_example_blocks(lines: list[str], headers) -> list[tuple[str, str]]:
    """(owning code, joined text) of every 'Exempel på handlingar:' block."""
    blocks = []
    for i, ln in enumerate(lines):
        m = EXAMPLE_START.match(ln)
        if not m:
            continue
        chunk = [ln[m.end() :]]
        j = i + 1
        while j < len(lines) and (lines[j].strip() or not "".join(chunk).strip()):
            chunk.append(lines[j])
            j += 1
        blocks.append((owner_of(headers, i), join_wrapped([c for c in chunk if c.strip()])))
    return blocks


# --------------------------------------------------------------------------- (1) codes and kinds


def test_codes_and_kinds_match_seed(seed_lines, flat):
    headers = seed_headers(seed_lines)
    seed_kinds = {code: kind for _i, kind, code in headers}
    assert len(seed_kinds) == len(headers), "a code appears twice as header in the seed"
    yaml_kinds = {code: n["kind"] for code, n in flat.items()}
    assert set(yaml_kinds) == set(seed_kinds)
    assert yaml_kinds == seed_kinds

    def counts(kinds):
        c = {"VO": 0, "PG": 0, "P": 0}
        for k in kinds.values():
            c[k] += 1
        return c

    assert counts(seed_kinds) == {"VO": 18, "PG": 9, "P": 126}
    assert counts(yaml_kinds) == {"VO": 18, "PG": 9, "P": 126}


def test_nesting_and_order_follow_seed(seed_lines, doc, flat):
    headers = seed_headers(seed_lines)
    seed_order = [code for _i, _k, code in headers]
    yaml_order: list[str] = []

    def walk(nodes):
        for n in nodes:
            yaml_order.append(n["code"])
            walk(n.get("children", []))

    walk(doc["nodes"])
    assert yaml_order == seed_order
    for code, n in flat.items():
        expected_parent = code.rsplit(".", 1)[0] if "." in code else None
        assert n["_parent"] == expected_parent, code
        if n["kind"] == "VO":
            assert "." not in code
        if n["kind"] == "PG":
            assert flat[n["_parent"]]["kind"] == "VO"


# --------------------------------------------------------------------------- (2) titles


def test_titles_appear_in_seed(seed_lines, flat):
    text = norm("\n".join(seed_lines))
    # what may follow a complete title in the seed
    after = (
        r"(?: Processen| Här| Tillagd| Borttagen| Upphörd| (?:VO|PG|P) \d| \d+ "
        r"| Klassificeringsstruktur|$)"
    )
    for code, n in flat.items():
        title = n["title"]
        assert title == title.strip() and "  " not in title, code
        assert title in text, f"{code}: title not in seed: {title!r}"
        prefix = "" if code == "12.6" else {"VO": "VO ", "PG": "PG ", "P": "P "}[n["kind"]]
        dot = r"\.?" if n["kind"] == "VO" else ""
        pat = re.escape(prefix + code) + dot + " " + re.escape(title) + after
        assert re.search(pat, text), (
            f"{code}: title incomplete or not right after its code: {title!r}"
        )


# --------------------------------------------------------------------------- (3) dates


def test_dates_attached_to_right_node(seed_lines, flat):
    headers = seed_headers(seed_lines)
    expected: dict[str, dict] = {}
    for i, ln in enumerate(seed_lines):
        for m in re.finditer(r"\b(Tillagd|Borttagen|Upphörd) (\d{4}-\d{2}-\d{2})", ln):
            code = owner_of(headers, i)
            e = expected.setdefault(code, {})
            date = dt.date.fromisoformat(m.group(2))
            if m.group(1) == "Tillagd":
                e["added"] = date
            else:
                e["removed"] = date
                if m.group(1) == "Upphörd":
                    e["removed_as"] = "Upphörd"
    assert sum(len([k for k in e if k != "removed_as"]) for e in expected.values()) == 40
    for code, n in flat.items():
        got = {k: n[k] for k in ("added", "removed", "removed_as") if k in n}
        assert got == expected.get(code, {}), code
        for k in ("added", "removed"):
            if k in n:
                assert isinstance(n[k], dt.date), f"{code}.{k} must be an unquoted date"
        for k in ("title", "description"):
            if k in n:
                assert not re.search(r"\b(Tillagd|Borttagen|Upphörd) \d{4}", n[k]), f"{code}.{k}"


# --------------------------------------------------------------------------- (4) examples


def test_examples_verbatim_fraction(seed_lines, flat):
    headers = seed_headers(seed_lines)
    blocks = seed_example_blocks(seed_lines, headers)
    assert len(blocks) == 126
    owners = [code for code, _ in blocks]
    assert len(set(owners)) == 126 and all(flat[c]["kind"] == "P" for c in owners)
    total = found = 0
    missing = []
    for code, text in blocks:
        have = flat[code].get("examples", [])
        for item in split_items(text):
            total += 1
            if item in have:
                found += 1
            else:
                missing.append((code, item))
    frac = found / total
    print(f"\nexample items in seed: {total}; verbatim in own process: {found} ({frac:.4f})")
    for code, item in missing:
        print(f"  not verbatim: {code}: {item!r}")
    assert total > 850
    assert frac >= 0.97


def test_every_yaml_example_is_seed_text(seed_lines, flat):
    """No invented or truncated text: each item is a verbatim piece of its own block."""
    headers = seed_headers(seed_lines)
    blocks = dict(seed_example_blocks(seed_lines, headers))
    n_items = 0
    for code, n in flat.items():
        items = n.get("examples", [])
        if n["kind"] != "P":
            assert not items
            continue
        block = blocks[code]
        for item in items:
            n_items += 1
            assert item and item == item.strip() and "  " not in item, (code, item)
            assert not item.endswith(","), (code, item)
            assert item in block, f"{code}: {item!r} not in its seed block"
        # nothing of the block is lost: every word of the block is in some item
        words = set(re.findall(r"\w+", block))
        got = set(re.findall(r"\w+", " ".join(items)))
        assert words <= got, f"{code}: lost words {sorted(words - got)}"
    assert 850 < n_items < 900


# --------------------------------------------------------------------------- (5) hand-checked nodes


HAND_CHECKED = {
    "1.2": dict(
        kind="P",
        parent="1",
        title="Planera, förvalta och följa upp verksamheten",
        dates={},
        n_examples=10,
    ),
    "2.4.3": dict(
        kind="P", parent="2.4", title="Hantera kostnader från leverantör", dates={}, n_examples=8
    ),
    "2.5.1": dict(
        kind="P",
        parent="2.5",
        title="Köpa in, beställa och avtala (direktupphandla)",
        dates={"removed": dt.date(2021, 1, 1), "removed_as": "Upphörd"},
        n_examples=7,
    ),
    "2.5.4": dict(
        kind="P",
        parent="2.5",
        title="Hantera inköp och upphandlingar",
        dates={"added": dt.date(2021, 1, 1)},
        n_examples=8,
    ),
    "2.12": dict(kind="P", parent="2", title="Bedriva internt miljöarbete", dates={}, n_examples=4),
    "9.9": dict(
        kind="PG",
        parent="9",
        title="Besluta om övriga avgifter",
        dates={"removed": dt.date(2019, 1, 1)},
        n_examples=0,
    ),
    "9.9.1": dict(
        kind="P",
        parent="9.9",
        title="Besluta om avgifter för kopior och allmänna handlingar",
        dates={"removed": dt.date(2019, 1, 1)},
        n_examples=5,
    ),
    "12.6": dict(
        kind="P",
        parent="12",
        title="Avveckla IS/IT för Västra Götalandsregionen",
        dates={"added": dt.date(2021, 1, 1)},
        n_examples=8,
    ),
    "18.5": dict(
        kind="P",
        parent="18",
        title="Utveckla, driva och förvalta kvalitetsregister",
        dates={"added": dt.date(2019, 1, 1)},
        n_examples=16,
    ),
    "6": dict(
        kind="VO",
        parent=None,
        title="ANSVARA FÖR UPPFÖLJNING OCH UTVECKLING AV VÄSTRA GÖTALANDSREGIONENS "
        "VERKSAMHETER OCH BOLAG",
        dates={},
        n_examples=0,
    ),
}


@pytest.mark.parametrize("code", sorted(HAND_CHECKED))
def test_hand_checked_node(flat, code):
    exp = HAND_CHECKED[code]
    n = flat[code]
    assert n["kind"] == exp["kind"]
    assert n["_parent"] == exp["parent"]
    assert n["title"] == exp["title"]
    assert {k: n[k] for k in ("added", "removed", "removed_as") if k in n} == exp["dates"]
    assert len(n.get("examples", [])) == exp["n_examples"]


def test_hand_checked_texts(flat):
    assert [c["code"] for c in flat["9.9"]["children"]] == ["9.9.1", "9.9.2", "9.9.3"]
    assert flat["1.1"]["description"].startswith(
        "Här ligger det politiska arbetet. Här kan ärenden"
    )
    assert flat["2.5.1"]["description"].startswith("Processen omfattar arbetet med att köpa in")
    assert flat["2.1.1"]["description"].endswith(
        "från kravställning och annonsering till tillsättning av tjänst samt att hantera "
        "spontanansökningar."
    )
    # handling separated from a comment on the same source line
    assert (
        flat["1.8"]["comments"]
        == "Myndighetens egna enkäter och remisser hanteras i berörd process."
    )
    assert flat["1.8"]["handling"] == "Handlingar och ärenden stannar kvar i regionstyrelsen."
    # cross-references kept whole where the source wraps inside them
    assert "hanteras i P 2.5.4 Hantera inköp och upphandlingar." in flat["1.3"]["comments"]
    assert "redovisas under PG 2.3 Hantera personalsociala frågor." in flat["1.7"]["comments"]
    assert 'hanteras i 1.3 "Utföra internt ledningsarbete"' in flat["2.5.2"]["comments"]
    # examples: parentheses, ellipses, hyphen wraps
    assert "checklista (systematiskt brandskyddsarbete, SBA)" in flat["1.5"]["examples"]
    assert "medarbetar- och ledarenkät" in flat["1.7"]["examples"]
    assert "bevarande- och gallringsbeslut" in flat["2.6.2"]["examples"]
    assert "mötesanteckningar och beslut från IS/IT-strategisk ledning" in flat["12.4"]["examples"]
    assert "Order-, Uppdrags-, och Beställningsbekräftelser m.m." in flat["2.5.1"]["examples"]
    assert flat["2.4.2"]["examples"][-1] == "lista över inbetalningar"
    assert flat["1.2"]["examples"][-1] == "investeringsplan"
    # comment paragraphs
    assert flat["1.3"]["comments"].count("\n\n") == 3
    # the insurance list in the comments is not taken for examples
    assert flat["2.4.6"]["comments"].startswith(
        "Exempel på de olika försäkringar som kan tecknas är:"
    )
    # every process has exactly the standard handling principle, groups have none
    for code, n in flat.items():
        if n["kind"] == "P":
            assert n["handling"] == "Handlingar och ärenden stannar kvar i regionstyrelsen.", code
        else:
            assert "handling" not in n and "examples" not in n, code


# --------------------------------------------------------------------------- format


def test_meta(doc):
    assert doc["meta"] == {
        "title": "Klassificeringsstruktur för regionstyrelsen i Västra Götalandsregionen",
        "organisation": "Västra Götalandsregionen",
        "version": "1.3:2017",
        "valid_from": dt.date(2021, 1, 1),
        "diarienummer": "RS 2020-07454",
    }


def test_file_format():
    raw = DATA.read_text(encoding="utf-8")
    assert raw.startswith("# yaml-language-server: $schema=../schema/klassificering.schema.json\n")
    codes = re.findall(r"^\s*- code: (.*)$", raw, flags=re.M)
    assert len(codes) == 153
    assert all(re.fullmatch(r'"\d+(\.\d+)*"', c) for c in codes)
    assert re.search(r"^  version: \"1\.3:2017\"$", raw, flags=re.M)
    assert re.search(r"^  valid_from: 2021-01-01$", raw, flags=re.M)
    # no page furniture leaked into the data
    for junk in (
        "Gäller från datum",
        "Version:",
        "Processbeskrivning med exempel",
        "Nr Verksamhetsområde",
        "Principer för hantering",
    ):
        assert junk not in raw.split("nodes:", 1)[1], junk

    rt = YAML().load(raw)

    def walk(nodes):
        for n in nodes:
            keys = list(n.keys())
            assert keys == [k for k in KEY_ORDER if k in n], (n["code"], keys)
            for k, v in n.items():
                assert v not in (None, "", []), (n["code"], k)
                if isinstance(v, str):
                    assert v == v.strip() and not re.search(r"[^\S\n]{2}", v), (n["code"], k)
            if "removed_as" in n:
                assert n["removed_as"] == "Upphörd" and "removed" in n
            walk(n.get("children", []))

    walk(rt["nodes"])


def test_converter_reproduces_file(tmp_path):
    out = tmp_path / "k.yaml"
    subprocess.run(
        [sys.executable, str(REPO / "tools" / "seed_to_yaml.py"), str(SEED), str(out)],
        check=True,
        capture_output=True,
    )
    assert out.read_text(encoding="utf-8") == DATA.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- (6) nothing lost


FURNITURE = re.compile(
    r"^\s*(?:Processbeskrivning med exempel|Klassificeringsstruktur för regionstyrelsen|Version:"
    r"|Diarienummer:|(?:VO|PG|P)\s*$|Nr Verksamhetsområde|Processgrupp\s*$|Process\s*$|\d{1,3}\s*$)"
)


def test_no_text_lost_or_added(seed_lines, flat):
    """Per node, the words of the seed (page furniture removed) are exactly the words of the YAML.

    Also: the description and every comment line are verbatim (whitespace-normalised)
    seed text.
    """
    headers = seed_headers(seed_lines)
    seed_text = norm("\n".join(ln for ln in seed_lines if not FURNITURE.match(ln)))
    for k, (i, kind, code) in enumerate(headers):
        j = headers[k + 1][0] if k + 1 < len(headers) else len(seed_lines)
        chunk = " ".join(ln for ln in seed_lines[i:j] if not FURNITURE.match(ln))
        n = flat[code]
        parts = [
            code,
            n["title"],
            n.get("description", ""),
            " ".join(n.get("examples", [])),
            n.get("comments", ""),
            n.get("handling", ""),
        ]
        if code != "12.6":  # the one header without its kind prefix
            parts.append(kind)
        if "added" in n:
            parts.append(f"Tillagd {n['added']}")
        if "removed" in n:
            parts.append(f"{n.get('removed_as', 'Borttagen')} {n['removed']}")
        if kind == "P":
            parts.append("Exempel på " + ("handlingstyper" if code == "3.7" else "handlingar"))
        seed_words = Counter(re.findall(r"\w+", chunk))
        yaml_words = Counter(re.findall(r"\w+", " ".join(parts)))
        assert seed_words == yaml_words, (
            f"{code}: seed-only {dict(seed_words - yaml_words)}, "
            f"yaml-only {dict(yaml_words - seed_words)}"
        )
        if "description" in n:
            assert norm(n["description"]) in seed_text, code
        for line in n.get("comments", "").split("\n"):
            if line.strip():
                assert norm(line) in seed_text, (code, line)
