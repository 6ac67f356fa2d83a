"""The tuned numbers that docs/find.md quotes are the constants the search uses: change
one and this test names the sentence to update (or the other way round)."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from vgrklass.search import broad, find, index, rank

knowledge_compile = importlib.import_module("vgrklass.knowledge.compile")  # after search

FIND_MD = Path(__file__).resolve().parent.parent / "docs" / "find.md"
NUMBER = r"(\d+(?:,\d+)?)"

# (what the sentence says, a pattern whose group is the number, the constant, scale)
QUOTED = [
    ("marginalen till tvåan", rf"högst {NUMBER} % av poängen", find.CONFIDENT_MARGIN, 100),
    ("längsta fråga", rf"sökfråga över {NUMBER} tecken", find.MAX_QUERY, 1),
    ("Synlex lägsta grad", rf"graderade par \({NUMBER}–5,0 av 5\)",
     knowledge_compile.MIN_SYNLEX_GRADE, 1),
    ("fältvikt exempel", rf"exempel {NUMBER} ·", index.FIELD_WEIGHTS["examples"], 1),
    ("fältvikt hänvisning", rf"hänvisning från en annan process kommentar {NUMBER}",
     index.FIELD_WEIGHTS["reference"], 1),
    ("fältvikt rubrik", rf"rubrik {NUMBER} ·", index.FIELD_WEIGHTS["title"], 1),
    ("fältvikt beskrivning", rf"beskrivning {NUMBER} ·", index.FIELD_WEIGHTS["description"], 1),
    ("fältvikt kommentar", rf"· kommentar {NUMBER};", index.FIELD_WEIGHTS["comments"], 1),
    ("exakt", rf"exakt {NUMBER} ·", rank.QUALITY["exakt"], 1),
    ("stam", rf"stam {NUMBER} ·", rank.QUALITY["stam"], 1),
    ("sammansättning lägst", rf"sammansättning {NUMBER}–", rank.QUALITY["förled"], 1),
    ("sammansättning högst", rf"sammansättning \d,\d+–{NUMBER}", rank.QUALITY["sammansättning"],
     1),
    ("felstavning", rf"felstavning × {NUMBER}", rank.FUZZY_FACTOR, 1),
    ("synonym", rf"synonym × {NUMBER}", rank.SYNONYM_FACTOR, 1),
    ("synonymens täckning", rf"täcker ordet till {NUMBER} %", rank.SYNONYM_COVER, 100),
    ("rubrikstöd", r"(en fjärdedel) av rubrikträffen", rank.TITLE_SUPPORT, 1),
    ("minsta täckning", rf"minst {NUMBER} % av frågans innehåll", rank.MIN_COVERAGE, 100),
    ("felstavat ords längd", rf"ett ord på minst {NUMBER} bokstäver", rank.MIN_FUZZY_ONLY, 1),
    ("relativ gräns", rf"Träffar under {NUMBER} % av bästa", rank.RELATIVE_CUTOFF, 100),
    ("relativ täckning", rf"\(under {NUMBER} %\)", rank.RELATIVE_COVERAGE, 100),
    ("avdrag hänvisning bort", rf"får avdrag \(× {NUMBER}\)", rank.AWAY_PENALTY, 1),
    ("avdrag historik", rf"avdrag \(× {NUMBER}\), så en", rank.HISTORY_PENALTY, 1),
    ("vanlig synonym", rf"fler än {NUMBER} % av processerna", rank.GENERIC_SHARE, 100),
    ("förslagens fältvikt exempel", rf"i förslagen väger exempel {NUMBER},",
     broad.FIELD_WEIGHTS["examples"], 1),
    ("förslagens fältvikt rubrik", rf"exempel \d,\d+, rubrik {NUMBER},",
     broad.FIELD_WEIGHTS["title"], 1),
    ("förslagens fältvikt beskrivning", rf"beskrivning {NUMBER} och kommentar",
     broad.FIELD_WEIGHTS["description"], 1),
    ("förslagens fältvikt kommentar", rf"och kommentar {NUMBER}\)",
     broad.FIELD_WEIGHTS["comments"], 1),
    ("omskriven sammansättning i text", rf"högst {NUMBER} ord från varandra",
     rank.WRITTEN_OUT_SPAN, 1),
]
WORDS = {"en fjärdedel": "0,25"}


@pytest.mark.parametrize("what, pattern, constant, scale", QUOTED, ids=[q[0] for q in QUOTED])
def test_quoted_number_is_the_constant(what, pattern, constant, scale):
    text = re.sub(r"\s+", " ", FIND_MD.read_text(encoding="utf-8"))
    found = re.findall(pattern, text)
    assert found, f"docs/find.md nämner inte längre {what} ({pattern})"
    for quoted in found:
        value = float(WORDS.get(quoted, quoted).replace(",", ".")) / scale
        assert value == pytest.approx(constant), (
            f"docs/find.md säger {quoted} för {what}, koden har {constant}")

