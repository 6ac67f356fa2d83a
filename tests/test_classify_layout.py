"""Reading a document's layout before its words (vgrklass.classify.fields and .layout):
fields, parties, the title's parts and the title block."""

from __future__ import annotations

import pytest

from vgrklass.classify.fields import (
    Party,
    direction,
    letterhead_party,
    line_fields,
    parse_field,
    strip_identifiers,
)
from vgrklass.classify.layout import choose_title, is_sentence, split_title
from vgrklass.extract import document_from_text


@pytest.mark.parametrize(("segment", "kind", "role"), [
    ("Kund: Region Halland", "role", "kund"),
    ("Kundnummer: 10045", "identifier", ""),
    ("Fakturanummer: 24-0871", "identifier", ""),
    ("Org.nr 556712-3344", "identifier", ""),
    ("Momsreg.nr SE556712334401", "identifier", ""),
    ("Bankgiro 5522-0187", "identifier", ""),
    ("Er referens: Johan Isaksson", "identifier", ""),
    ("Förfallodatum: 2023-11-30", "identifier", ""),
    ("Leverantör: Möbelhuset Norden AB", "role", "leverantör"),
    ("Fakturamottagare: Provregionen", "role", "kund"),
    ("Godkänd för F-skatt", "identifier", ""),
])
def test_header_fields_are_read_as_fields(segment, kind, role):
    found = parse_field(segment)
    assert found is not None and found.kind == kind and found.role == role


@pytest.mark.parametrize("segment", [
    "Ärende: Beslut om gallring",  # says what the document is about
    "Sammanträde med: Regionstyrelsen",
    "Förslag till beslut: Nämnden beslutar att godkänna rapporten",
    "Avtalstid",
    "Kontorsmaterial enligt avtal",
    # prose that starts with a label: a PDF's first page read as one line
    "1 Dnr CK Hälso- och sjukvårdsavdelningen Stockholms läns landsting har skickat "
    "samrådsförslaget på remiss till landstinget, som lämnar följande synpunkter 2010",
])
def test_prose_and_subject_labels_are_no_fields(segment):
    assert parse_field(segment) is None


def test_a_line_of_columns_is_read_field_by_field():
    fields, prose = line_fields("Org.nr 556123-4567   Momsreg.nr SE556123456701   Tack!")
    assert [f.label for f in fields] == ["Org.nr", "Momsreg.nr"]
    assert prose == "Tack!"


def test_identifiers_are_dropped_from_prose():
    assert strip_identifiers("Avtal Dnr UE/110074, Avtalsnr 57/12") == "Avtal"
    assert strip_identifiers("Protokoll nr 12 från nämnden") == "Protokoll från nämnden"
    assert strip_identifiers("Remissvar om SOU 2024:33") == "Remissvar om SOU 2024:33"


def test_a_companys_letterhead_and_a_public_body_are_told_apart():
    company = letterhead_party("Kontorsservice Väst AB")
    assert company is not None and not company.public and company.name == "Kontorsservice Väst AB"
    region = letterhead_party("Region Norrbotten")
    assert region is not None and region.public
    assert letterhead_party("Soldatängens förskola") is None


@pytest.mark.parametrize(("parties", "counterpart"), [
    # We are the customer: the document comes from a supplier.
    ([Party("Region Norrbotten", "kund", True, "Kund: Region Norrbotten")], "leverantör"),
    # A company is the customer: we invoice it.
    ([Party("Byggservice AB", "kund", False, "Kund: Byggservice AB")], "kund"),
    # A company's letterhead, no fields: a supplier writing to us.
    ([Party("Kontorsservice Väst AB", "", False, "Kontorsservice Väst AB")], "leverantör"),
    ([Party("Region Norrbotten", "", True, "Region Norrbotten")], ""),
])
def test_the_other_partys_role_follows_from_the_fields_and_letterhead(parties, counterpart):
    assert direction(parties).counterpart == counterpart


def test_a_lone_type_after_a_dash_is_the_head_of_a_subject_title():
    def is_type(text: str) -> bool:
        return text.strip().casefold() in {"yttrande", "protokoll", "förteckning"}

    parts = split_title("Detaljplan för kvarteret Hamnen (dnr 2024/1) – yttrande",
                        lambda text: True, is_type)
    assert parts.head == "yttrande"
    assert parts.subject == "Detaljplan för kvarteret Hamnen"
    assert parts.asides == ("dnr 2024/1",)
    # A first part without a preposition names the type itself.
    minutes = split_title("Kommunstyrelsen sammanträdesprotokoll – Förteckning",
                          lambda text: True, is_type)
    assert minutes.head == "Kommunstyrelsen sammanträdesprotokoll"


def test_an_organisation_before_the_type_stays_in_the_title_as_its_author():
    parts = split_title("REGIONSTYRELSEN – SAMMANTRÄDESPROTOKOLL",
                        lambda text: text != "REGIONSTYRELSEN", lambda text: False)
    assert parts.head == "SAMMANTRÄDESPROTOKOLL" and parts.subject == "REGIONSTYRELSEN"


@pytest.mark.parametrize(("line", "sentence"), [
    ("Delegationsbeslut kan överklagas genom förvaltningsbesvär.", True),
    ("§ 13 Beslut om krisberedskap", True),
    ("2. Ekonomisk uppföljning", True),
    ("Antagen av nämnden 2023-02-14", False),
    ("PROTOKOLL", False),
])
def test_sentences_and_agenda_items_are_no_title_block(line, sentence):
    assert is_sentence(line) is sentence


def test_a_letterheads_lone_type_is_spelt_out_by_the_title_line():
    document = document_from_text("BESLUT\nArkivnämnden\n\nBeslut om gallring av handlingar"
                                  "\n\nText.\n", "a.txt")
    lead = ["BESLUT", "Arkivnämnden", "Beslut om gallring av handlingar"]
    assert choose_title(document, lead, lambda text: True) == \
        "Beslut om gallring av handlingar"


def test_a_companys_name_in_a_letterhead_is_no_title():
    document = document_from_text("Kontorsservice Väst AB\nFAKTURA\n\nText.\n", "a.txt")
    lead = ["Kontorsservice Väst AB", "FAKTURA"]
    assert choose_title(document, lead, lambda text: True) == "FAKTURA"


def test_a_title_block_line_naming_a_type_beats_a_later_heading_naming_none():
    # The letter's title line is too long to read as a heading; 'Sammanfattning' is one.
    text = ("REGIONSTYRELSEN                Datum 2025-02-11\n\n"
            "Yttrande över samrådsförslag till ny översiktsplan för Norrviks kommun\n\n"
            "Kommunen har skickat förslaget på remiss till regionen.\n\n"
            "Sammanfattning\n\nRegionen välkomnar förslaget.\n")
    document = document_from_text(text, "a.txt")
    lead = ["REGIONSTYRELSEN", "Yttrande över samrådsförslag till ny översiktsplan för "
            "Norrviks kommun"]
    assert "Sammanfattning" in document.headings

    def is_type(text: str) -> bool:
        return text.split()[-1].casefold() == "yttrande"

    assert choose_title(document, lead, lambda text: True, "", is_type) == lead[1]
    # … and without a typed line in the title block the heading still is the title.
    assert choose_title(document, lead[:1], lambda text: True, "", is_type) == \
        "Sammanfattning"
