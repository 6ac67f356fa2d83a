"""The domain vocabulary (knowledge/data/domanord.tsv) and its strict loader."""

from __future__ import annotations

import pytest

from vgrklass.knowledge.domain import DOMAIN_PATH, DomainEntry, parse_domain, read_domain
from vgrklass.knowledge.errors import KnowledgeError

HEADER = "term\tavser\tkalla\n"


@pytest.fixture(scope="module")
def shipped() -> dict[str, DomainEntry]:
    return {e.term: e for e in read_domain()}


def test_shipped_file_loads_with_enough_entries(shipped):
    assert DOMAIN_PATH.name == "domanord.tsv"
    assert len(shipped) >= 500


def test_every_entry_has_a_source_and_one_to_three_broader_terms(shipped):
    for entry in shipped.values():
        assert entry.kalla.strip(), entry
        assert 1 <= len(entry.avser) <= 3, entry
        assert all(a.strip() for a in entry.avser), entry


def test_shipped_terms_are_normalised_and_never_map_to_themselves(shipped):
    for term, entry in shipped.items():
        assert term == " ".join(term.lower().split()), term
        assert term not in {a.lower() for a in entry.avser}, term


def test_shipped_file_names_no_process_codes(shipped):
    # The vocabulary is general knowledge: broader words, never codes of a structure.
    import re

    code = re.compile(r"^\d+(\.\d+)*$")
    for entry in shipped.values():
        assert not any(code.match(a) for a in entry.avser), entry


def _has(shipped, term: str, word: str) -> bool:
    return any(word in a.lower() for a in shipped[term].avser)


@pytest.mark.parametrize(("term", "word"), [
    ("fasadritning", "ritning"),
    ("relationsritning", "bygghandling"),
    ("geoteknisk undersökning", "byggprojekt"),
    ("ovk-protokoll", "besiktningsprotokoll"),
    ("ovk", "ventilationskontroll"),
    ("platsannons", "rekrytering"),
    ("cv", "ansökan"),
    ("uppsägningsbesked", "uppsägning"),
    ("avgångsvederlag", "upphörande av anställning"),
    ("läkarintyg", "sjukfrånvaro"),
    ("rehab", "rehabilitering"),
    ("mbl", "förhandling"),
    ("las", "anställning"),
    ("skyddsrond", "arbetsmiljö"),
    ("allvarligt tillbud", "tillbud"),
    ("e-faktura", "leverantörsfaktura"),
    ("verifikation", "bokföring"),
    ("tertialrapport", "delårsrapport"),
    ("lou", "upphandling"),
    ("anbudsförfrågan", "anbudsinbjudan"),
    ("tilldelningsbesked", "tilldelningsbeslut"),
    ("gdpr", "personuppgifter"),
    ("pub-avtal", "personuppgiftsbiträdesavtal"),
    ("gallringsplan", "gallring"),
    ("begäran om allmän handling", "utlämnande"),
    ("delegationsordning", "delegeringsordning"),
    ("poolbil", "tjänstefordon"),
    ("nyckelkvittens", "nycklar"),
    ("rsa", "risk- och sårbarhetsanalys"),
    ("leh", "extraordinära händelser"),  # laws by their abbreviation, as in titles
    ("osl", "sekretess"),
    ("pbl", "bygglov"),
    ("turlista", "schema"),  # rota and pay
    ("timrapport", "tjänstgöringsrapport"),
    ("momsersättning", "momskompensation"),  # finance
    ("journalkopia", "utlämnande"),  # registry and disclosure
    ("behandlingsförteckning", "förteckning över behandlingar"),
    ("finsam", "samordningsförbund"),
    ("kammarrättsdom", "dom"),
    ("tillsynsbesök", "tillsyn"),
])
def test_sample_entries_map_to_sensible_broader_words(shipped, term, word):
    assert _has(shipped, term, word), shipped[term]


def test_entries_keep_file_order_and_line_numbers(tmp_path):
    path = tmp_path / "domanord.tsv"
    path.write_text("# kommentar\n\n" + HEADER + "fasadritning\tbyggritning; bygghandling\t"
                    "PBL 2010:900 9 kap.\n# mellan\nplatsannons\tannons\tRA-FS 2019:1\n",
                    encoding="utf-8")
    entries = read_domain(path)
    assert entries == [
        DomainEntry("fasadritning", ("byggritning", "bygghandling"), "PBL 2010:900 9 kap.", 4),
        DomainEntry("platsannons", ("annons",), "RA-FS 2019:1", 6),
    ]


def test_terms_are_normalised():
    text = HEADER + "  Geoteknisk   Undersökning \tutredning ;  byggprojekt\tPBL\n"
    [entry] = parse_domain(text)
    assert entry.term == "geoteknisk undersökning"
    assert entry.avser == ("utredning", "byggprojekt")
    # NFC: a decomposed 'ö' is the same term as a composed one.
    [entry] = parse_domain(HEADER + "fo\u0308rstudie\tutredning\tKlassa\n")
    assert entry.term == "förstudie"


def _error(tmp_path, body: str, header: str = HEADER) -> str:
    path = tmp_path / "domanord.tsv"
    path.write_text(header + body, encoding="utf-8")
    with pytest.raises(KnowledgeError) as info:
        read_domain(path)
    return str(info.value)


@pytest.mark.parametrize(("body", "line", "words"), [
    ("fasadritning\tbyggritning\n", 2, "tre fält"),
    ("fasadritning\tbyggritning\tPBL\textra\n", 2, "tre fält"),
    ("ok\tannat\tkälla\n\t byggritning\tPBL\n", 3, "termen saknas"),
    ("fasadritning\t \tPBL\n", 2, "saknar avser"),
    ("fasadritning\tbyggritning\t  \n", 2, "saknar källa"),
    ("fasadritning\tbyggritning;;bygghandling\tPBL\n", 2, "tomt ord"),
    ("fasadritning\tbyggritning;\tPBL\n", 2, "tomt ord"),
    ("fasadritning\ta; b; c; d\tPBL\n", 2, "högst 3"),
    ("fasadritning\tbyggritning; Byggritning\tPBL\n", 2, "två gånger"),
    ("fasadritning\tbyggritning\tPBL\n# x\nFasadritning\tbygghandling\tPBF\n", 4,
     "redan på rad 2"),
    ("el-ritning\tbyggritning\tX\nelritning\tbyggritning\tX\n", 3, "redan på rad 2"),
    ("kontrakt\tavtal; Kontrakt\tX\n", 2, "avser sig självt"),
    ("ovk-protokoll\tovkprotokoll\tX\n", 2, "avser sig självt"),
])
def test_each_error_names_file_and_line(tmp_path, body, line, words):
    message = _error(tmp_path, body)
    assert message.startswith(f"domanord.tsv, rad {line}: "), message
    assert words in message, message


def test_missing_or_wrong_header_is_an_error(tmp_path):
    message = _error(tmp_path, "fasadritning\tbyggritning\tPBL\n", header="# bara kommentar\n")
    assert message.startswith("domanord.tsv, rad 2: "), message
    assert "rubrikraden" in message
    message = _error(tmp_path, "", header="# tom fil\n")
    assert message.startswith("domanord.tsv, rad 1: "), message


def test_a_file_that_is_not_utf8_is_an_error(tmp_path):
    path = tmp_path / "domanord.tsv"
    path.write_bytes(HEADER.encode() + "fasadritning\tbyggritning\tPBL\n".encode("latin-1")
                     + "\xf6\n".encode("latin-1"))
    with pytest.raises(KnowledgeError, match=r"^domanord\.tsv, rad 1: .*UTF-8"):
        read_domain(path)
