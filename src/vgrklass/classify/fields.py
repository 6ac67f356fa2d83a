"""Fields and parties of a document: what a letterhead or a form says, read as such.

A letterhead and a form carry *fields* ("Fakturanummer: 2024-1187", "Org.nr 556123-4567",
"Kund: Region Halland"): their labels say what the value is, not what the document is
about, so their words are no evidence of a subject ('kund' in "Kundnummer" says nothing
about customer invoices). Some fields name the *parties*: who sent the document and to
whom; a company's name heading a letter names its sender. From the parties follows the
other party's role ('leverantör' when we are the customer), which says what kind of
invoice, contract or letter it is.

Plain functions over lines of text; nothing here knows the structure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# --- fields -----------------------------------------------------------------------------------

# A field's label names an identifier, an address or a sum when its last word ends like
# one of these ('Fakturanummer', 'Kundnr', 'Org.nr', 'Förfallodatum', 'Er referens').
_ID_ENDINGS = ("nummer", "nr", "datum", "referens", "giro", "konto", "kod", "adress",
               "telefon", "tfn", "fax", "post", "mail", "villkor", "belopp", "summa",
               "ränta", "avgift")
# Labels that are identifiers in their own right.
_ID_WORDS = frozenset((
    "dnr", "diarienr", "org", "orgnr", "momsreg", "vat", "ocr", "iban", "bic", "swift",
    "tel", "mobil", "webb", "hemsida", "www", "version", "moms", "datum", "sida", "id",
    "att", "betala", "ert", "vårt", "er", "vår", "e", "sek", "kr",
))
# An identifier, an address or a sum without a colon takes at most this many words
# ('Postadress Box 123, 405 30 Göteborg'); a longer segment is prose that starts with one.
ID_WORDS = 8
# A company's tax registration, in its letterhead or footer.
_TAX_NOTE = re.compile(r"^(?:innehar|godkänd för)\s+f-?skatt(?:sedel)?$", re.IGNORECASE)
# Labels that name a party of the document; the value is the party, the label no prose.
ROLE_LABELS = {
    "kund": "kund",
    "köpare": "kund",
    "beställare": "kund",
    "fakturamottagare": "kund",
    "fakturaadress": "kund",
    "betalare": "kund",
    "leverantör": "leverantör",
    "säljare": "leverantör",
    "utförare": "leverantör",
    "avsändare": "avsändare",
    "från": "avsändare",
    "mottagare": "mottagare",
    "till": "mottagare",
    "adressat": "mottagare",
}
# Roles whose reciprocal is the other party's: when we are the customer, the document
# comes from a supplier (a supplier's invoice is no customer invoice).
COUNTERPART = {"kund": "leverantör", "leverantör": "kund"}
_LABEL_VALUE = re.compile(r"^\s*([A-Za-zÅÄÖåäöÉé][\w.\- /]{0,40}?)\s*:\s*(.*)$")
_COLUMNS = re.compile(r"\s{3,}|\t|\s[|·•]\s")
_WORD = re.compile(r"[a-zåäöéü]+")
_HAS_DIGIT = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class Field:
    label: str  # as written ('Kundnummer')
    value: str
    kind: str  # identifier | role
    role: str = ""  # for a role field: kund | leverantör | avsändare | mottagare


def _label_words(label: str) -> list[str]:
    return _WORD.findall(label.casefold())


def field_kind(label: str) -> tuple[str, str] | None:
    """('identifier', '') or ('role', role) for a field label, None for any other label
    (an 'Ärende:' or 'Avser:' says what the document is about and stays prose)."""
    words = _label_words(label)
    if not words or len(words) > 4:
        return None
    last = words[-1]
    if len(words) == 1 and last in ROLE_LABELS:
        return "role", ROLE_LABELS[last]
    if all(w in _ID_WORDS or w.endswith(_ID_ENDINGS) for w in words):
        return "identifier", ""
    return None


def parse_field(segment: str) -> Field | None:
    """A 'Label: value' or 'Label value-with-digits' segment as a field, or None."""
    match = _LABEL_VALUE.match(segment)
    if match:
        kind = field_kind(match.group(1))
        if kind:
            return Field(match.group(1).strip(), match.group(2).strip(), *kind)
        return None
    if _TAX_NOTE.match(segment):
        return Field(segment, "", "identifier")
    # 'Org.nr 556123-4567', 'Bankgiro 123-4567': a label without a colon, followed by an
    # identifier.
    words = segment.split()
    for cut in range(1, min(len(words) - 1, 3) + 1):
        if len(words) - cut > ID_WORDS:
            continue  # prose that starts with 'Dnr CK …', not an identifier
        label, value = " ".join(words[:cut]), " ".join(words[cut:])
        kind = field_kind(label)
        if kind and kind[0] == "identifier" and any(c.isdigit() for c in value):
            return Field(label, value, "identifier")
    return None


# An identifier inside a line of prose: 'Dnr UE/110074', 'Avtalsnr 57/12', 'nr 12'.
_INLINE_ID = re.compile(r"\b([A-Za-zÅÄÖåäö][\w.]*)\s*:?\s+([\w/.:-]*\d[\w/.:-]*),?")


def strip_identifiers(text: str) -> str:
    """The text without identifiers and their labels ('Avtal Dnr UE/110074, Avtalsnr
    57/12' → 'Avtal')."""
    def drop(match: re.Match) -> str:
        kind = field_kind(match.group(1))
        return " " if kind and kind[0] == "identifier" else match.group(0)

    return " ".join(_INLINE_ID.sub(drop, text).split())


def line_fields(line: str) -> tuple[list[Field], str]:
    """The fields of a line (column by column) and what remains of it as prose."""
    if ":" not in line and not _HAS_DIGIT.search(line) and "skatt" not in line.casefold():
        return [], line  # no label with a value
    fields: list[Field] = []
    prose: list[str] = []
    for segment in _COLUMNS.split(line):
        segment = segment.strip()
        if not segment:
            continue
        found = parse_field(segment)
        if found is None:
            prose.append(segment)
        else:
            fields.append(found)
    return fields, "   ".join(prose)


# --- parties ----------------------------------------------------------------------------------

_COMPANY = re.compile(
    r"(?:\b[A-ZÅÄÖ0-9][\w.&'’-]*\s+){1,5}(?:AB|HB|KB|Aktiebolag|Handelsbolag|"
    r"Kommanditbolag|Ek\.\s?för\.?|ekonomisk förening|Ltd|Limited|GmbH|Oy|AS|A/S|ApS|"
    r"Inc\.?|LLC|BV|SA)\b(?:\s*\(publ\))?")
_PUBLIC = re.compile(
    r"\b(?:Region|REGION|Landstinget i|LANDSTINGET I|Länsstyrelsen i|LÄNSSTYRELSEN I)\s+"
    r"[A-ZÅÄÖ][\wåäö-]+|\b[A-ZÅÄÖ][\wåäö-]+\s+(?:kommun|KOMMUN|läns landsting|stad|STAD)\b|"
    r"\b[\wåäöÅÄÖ-]*(?:regionen|REGIONEN|landstinget|LANDSTINGET|kommun|KOMMUN|myndigheten|"
    r"verket|VERKET|styrelsen|STYRELSEN|nämnden|NÄMNDEN|fullmäktige|FULLMÄKTIGE|"
    r"förvaltningen|FÖRVALTNINGEN|inspektionen)\b")


def is_company(text: str) -> bool:
    return bool(_COMPANY.search(text))


def public_body(text: str, organisation: str = "") -> bool:
    """Whether the text names a public body (a region, a municipality, an agency or one of
    their organs): the documents' own side, the one that files them."""
    if organisation and organisation.casefold() in text.casefold():
        return True
    return bool(_PUBLIC.search(text))


@dataclass(frozen=True, slots=True)
class Party:
    name: str
    role: str  # kund | leverantör | avsändare | mottagare; '' for a letterhead's name
    public: bool  # a public body: our side
    source: str  # the line it was read from


@dataclass(frozen=True, slots=True)
class Direction:
    """Who the document is from and to, as far as its fields and letterhead tell."""

    counterpart: str  # the other party's role: 'leverantör' | 'kund' | ''
    because: str  # the line that says so, for evidence


def direction(parties: list[Party]) -> Direction:
    """The other party's role: a field naming us as customer, or an external party as
    supplier, makes the other party a supplier (and vice versa); otherwise a company's
    letterhead above a public body's name is a supplier writing to us."""
    for party in parties:
        if party.role in COUNTERPART:
            role = COUNTERPART[party.role] if party.public else party.role
            return Direction(role, party.source)
    letterhead = [p for p in parties if not p.role]
    if letterhead and not letterhead[0].public and is_company(letterhead[0].name):
        return Direction("leverantör", letterhead[0].source)
    return Direction("", "")


def letterhead_party(line: str, organisation: str = "") -> Party | None:
    """A company's or a public body's name standing in a line of the title block."""
    match = _COMPANY.search(line)
    if match and len(line.split()) <= 8:
        return Party(match.group(0).strip(), "", False, line)
    if len(line.split()) <= 6:
        if organisation and organisation.casefold() in line.casefold():
            return Party(organisation, "", True, line)
        match = _PUBLIC.search(line)
        if match:
            return Party(match.group(0).strip(), "", True, line)
    return None


def names_only(segment: str, party: Party) -> bool:
    """Whether a segment of a line is nothing but the party's name ('Region Halland',
    'Kontorsbolaget Väst AB'), not a title that mentions it."""
    rest = segment.casefold().replace(party.name.casefold(), " ")
    return not _WORD.search(rest)
