"""Generate a valid synthetic structure N times the shipped one, for speed measurements.

    python benchmarks/make_large.py --factor 100 -o /tmp/large.yaml

Copy 0 is the real structure unchanged; copy k (k >= 1) holds the 18 real VOs again,
renumbered to VO 18k+1 .. 18k+18 with every child code following its VO. Code
references in the texts ("P 2.4.1", "PG 2.3", "VO 7", "hanteras i 1.3") are renumbered
to the same copy, so they resolve exactly as in the original. Some copies get a
lifetime of their own (added and/or removed, sometimes "Upphörd"); their nodes' dates
are clamped into it, which keeps every child inside its parent's lifetime and every
reference's target alive exactly when it was in the original. Texts, examples and
titles are the real ones, so text statistics (vocabulary, lengths) stay realistic.

The output is re-read and compared with what was meant to be written (skip with
--no-check); `vgrklass validate` must accept it with exit code 0.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "data" / "klassificering.yaml"

# Lifetimes for copies, chosen so that every original date (2019-01-01, 2021-01-01)
# stays strictly inside them: clamping never empties a node's interval.
ADDED_CHOICES = ["2012-01-01", "2016-03-01", "2018-01-01", "2018-09-01"]
REMOVED_CHOICES = ["2021-06-01", "2022-01-01", "2023-07-01", "2030-01-01"]

_DOTTED = re.compile(r"(?<![\w.\-])(\d+(?:\.\d+)+)(?![\w\-]|\.\d)")
_VO_REF = re.compile(r"\b(VO\s*)(\d+)\b")
_TEXT_FIELDS = ("title", "description", "comments", "handling")


def load_plain(path: Path) -> dict[str, Any]:
    """The file as plain data (dates as ISO strings), through the project's own loader."""
    sys.path.insert(0, str(ROOT / "src"))
    from vgrklass.load import read_text
    from vgrklass.parse import parse_text

    parsed = parse_text(read_text(path), str(path))
    if parsed.problems:
        raise SystemExit(f"{path}: källfilen har fel: {parsed.problems[0].format_text()}")
    return parsed.data


def _codes(nodes: list[dict]) -> list[str]:
    out: list[str] = []
    for node in nodes:
        out.append(node["code"])
        out.extend(_codes(node.get("children", [])))
    return out


def renumber_text(text: str, mapping: dict[str, str], vo_map: dict[str, str]) -> str:
    """Rewrite code references in a text to the copy's codes; other numbers stay."""
    text = _DOTTED.sub(lambda m: mapping.get(m.group(1), m.group(1)), text)
    return _VO_REF.sub(lambda m: m.group(1) + vo_map.get(m.group(2), m.group(2)), text)


def _clamp(node: dict, lifetime: tuple[str | None, str | None, str | None]) -> dict:
    """The node with its dates clamped into the copy's lifetime (ISO strings compare)."""
    added, removed, removed_as = lifetime
    dates = {k: node[k] for k in ("added", "removed", "removed_as") if k in node}
    if added:
        dates["added"] = max(dates.get("added") or added, added)
    if removed:
        own = node.get("removed")
        dates["removed"] = min(own, removed) if own else removed
        if not own and removed_as:
            dates["removed_as"] = removed_as
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in dates:
            continue
        out[key] = value
        if key == "title":  # dates go right after the title, as in the shipped file
            out.update(dates)
    return out


def copy_nodes(nodes: list[dict], k: int, vo_count: int, mapping: dict[str, str],
               vo_map: dict[str, str], lifetime: tuple[str | None, str | None, str | None]
               ) -> list[dict]:
    result = []
    for node in nodes:
        new = _clamp(node, lifetime) if k else dict(node)
        new["code"] = mapping[node["code"]]
        for key in _TEXT_FIELDS:
            if isinstance(new.get(key), str):
                new[key] = renumber_text(new[key], mapping, vo_map)
        if new.get("examples"):
            new["examples"] = [_renumber_example(e, mapping, vo_map) for e in new["examples"]]
        if node.get("children"):
            new["children"] = copy_nodes(node["children"], k, vo_count, mapping, vo_map,
                                         lifetime)
        result.append(new)
    return result


def _renumber_example(example: str | dict, mapping: dict[str, str],
                      vo_map: dict[str, str]) -> str | dict:
    if isinstance(example, str):
        return renumber_text(example, mapping, vo_map)
    # An example written as a mapping (text plus dokumenthanteringsplan fields).
    return {k: renumber_text(v, mapping, vo_map) if isinstance(v, str) else v
            for k, v in example.items()}


def code_map(codes: list[str], offset: int) -> dict[str, str]:
    mapping = {}
    for code in codes:
        head, _, rest = code.partition(".")
        new_head = str(int(head) + offset)
        mapping[code] = f"{new_head}.{rest}" if rest else new_head
    return mapping


def make(data: dict, factor: int, seed: int = 1) -> dict:
    rng = random.Random(seed)
    vos = data["nodes"]
    vo_count = len(vos)
    codes = _codes(vos)
    nodes: list[dict] = []
    for k in range(factor):
        mapping = code_map(codes, k * vo_count)
        vo_map = {c: mapping[c] for c in codes if "." not in c}
        lifetime: tuple[str | None, str | None, str | None] = (None, None, None)
        if k and rng.random() < 0.4:
            added = rng.choice(ADDED_CHOICES) if rng.random() < 0.7 else None
            removed = rng.choice(REMOVED_CHOICES) if rng.random() < 0.5 else None
            removed_as = "Upphörd" if removed and rng.random() < 0.3 else None
            lifetime = (added, removed, removed_as)
        nodes.extend(copy_nodes(vos, k, vo_count, mapping, vo_map, lifetime))
    meta = dict(data["meta"])
    if factor != 1:
        meta["title"] = f"{meta['title']} (syntetisk, {factor} kopior)"
    return {"meta": meta, "nodes": nodes}


# --- emitting YAML in the shipped file's style --------------------------------------

_RESERVED = {"null", "~", "true", "false", "yes", "no", "on", "off", "y", "n"}


def _plain_ok(text: str) -> bool:
    """Conservatively: can this single-line text be written unquoted and read back as is?"""
    if not text or text != text.strip() or "\n" in text or "\t" in text:
        return False
    if text[0] in "-?:,[]{}#&*!|>'\"%@`+.0123456789~":
        return False
    if ": " in text or " #" in text or text.endswith(":"):
        return False
    if text.lower() in _RESERVED:
        return False
    return all(ch.isprintable() for ch in text)


def _block_ok(text: str) -> bool:
    lines = text.split("\n")
    return (not text.startswith((" ", "\n")) and not text.endswith(("\n", " "))
            and "\r" not in text and all(ch.isprintable() or ch == "\n" for ch in text)
            and lines[0] != "")


def scalar(text: str) -> str:
    if _plain_ok(text):
        return text
    return json.dumps(text, ensure_ascii=False)  # JSON strings are YAML double-quoted


def emit_node(node: dict, indent: int, out: list[str]) -> None:
    pad = " " * indent
    first = True
    for key, value in node.items():
        lead = f"{pad}- " if first else f"{pad}  "
        first = False
        if key == "code":
            out.append(f'{lead}code: "{value}"')
        elif key == "children":
            out.append(f"{lead}children:")
            for child in value:
                emit_node(child, indent + 4, out)
        elif key == "examples":
            out.append(f"{lead}examples:")
            for example in value:
                if isinstance(example, dict):
                    lines = [f"{k}: {scalar(str(v))}" for k, v in example.items()]
                    out.append(f"{pad}    - {lines[0]}")
                    out.extend(f"{pad}      {line}" for line in lines[1:])
                else:
                    out.append(f"{pad}    - {scalar(example)}")
        elif isinstance(value, str) and ("\n" in value or key == "comments") and _block_ok(value):
            out.append(f"{lead}{key}: |-")
            out.extend(f"{pad}    {line}" if line else "" for line in value.split("\n"))
        elif key in ("added", "removed"):
            out.append(f"{lead}{key}: {value}")
        else:
            out.append(f"{lead}{key}: {scalar(str(value))}")


def emit(data: dict) -> str:
    out = ["# yaml-language-server: $schema=../schema/klassificering.schema.json", "meta:"]
    for key, value in data["meta"].items():
        text = str(value)
        if key == "valid_from":
            out.append(f"  {key}: {text}")
        else:
            out.append(f"  {key}: {json.dumps(text) if key == 'version' else scalar(text)}")
    out.append("nodes:")
    for node in data["nodes"]:
        emit_node(node, 2, out)
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--factor", type=int, default=100, help="antal kopior (standard 100)")
    parser.add_argument("-o", "--output", type=Path, help="utfil (standard: stdout)")
    parser.add_argument("--source", type=Path, default=SHIPPED, help="källstruktur")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-check", action="store_true",
                        help="hoppa över kontrolläsningen av utfilen")
    args = parser.parse_args(argv)
    if args.factor < 1:
        parser.error("--factor måste vara minst 1")
    data = make(load_plain(args.source), args.factor, args.seed)
    text = emit(data)
    if not args.no_check:
        from vgrklass.parse import parse_text

        reread = parse_text(text, str(args.output or "<stdout>"))
        if reread.data != data:
            raise SystemExit("fel: utfilen läses inte tillbaka som samma data")
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        count = len(_codes(data["nodes"]))
        examples = sum(len(n.get("examples", [])) for n in _walk(data["nodes"]))
        print(f"{args.output}: {count} noder, {examples} exempel, {len(text)} tecken",
              file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _walk(nodes: list[dict]):
    for node in nodes:
        yield node
        yield from _walk(node.get("children", []))


if __name__ == "__main__":
    raise SystemExit(main())
