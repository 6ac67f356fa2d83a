"""The document as a registrar reads it: the title's parts and the zones of its lines.

A title is made of parts: the words naming the document type ("Delegationsordning",
"Yttrande"), its subject ("för landstingsstyrelsen") and asides in parentheses (the
publisher, an abbreviation). The document's lines fall into zones, from what it says it
is to what it mentions: the title's head and subject, the title block (the first lines,
where a letterhead says "PROTOKOLL" or "FAKTURA"), section headings and the body. Fields
and parties (fields.py) are read apart from the prose.

Each zone carries the weight of a word and of a document type found in it; terms.py
counts the words, rank.py weighs them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from vgrklass.classify.fields import (
    Direction,
    Field,
    Party,
    direction,
    letterhead_party,
    line_fields,
    names_only,
    parse_field,
    public_body,
    strip_identifiers,
)
from vgrklass.extract import Document

# Zones of a document and their weights. The title's head ("Remissvar" in "Remissvar:
# Ds 2024:11 …", "Protokoll" in "Protokoll från …") names the document type, the rest of
# the title its subject.
HEAD_WEIGHT = 4.0
TITLE_WEIGHT = 2.5
HEADING_WEIGHT = 2.0
BODY_WEIGHT = 1.0
# A document type (an example of the structure) named in the title says what the
# document is; in a heading or the first lines it is likely; in the body it may be
# anything the text mentions.
TYPE_IN_TITLE = 6.0
TYPE_IN_SUBJECT = 4.0  # a type named in the title's subject ('Remissvar om arkivförteckning')
TYPE_IN_HEADING = 2.5
LEAD_LINES = 5  # the first lines with words count as headings (letterheads, title blocks)
LEAD_MAX_WORDS = 14  # a longer line among them is a sentence of the body, not a title block
SENTENCE_WORDS = 5  # … and so is one of this many words ending with a full stop
# Headings further down name a section's subject, not the document's: a budget has a
# section "Informationssäkerhet". They weigh between the lead lines and the body, and count
# with the body (see BODY_SCALE).
SECTION_WEIGHT = 1.5
TYPE_IN_SECTION = 1.5
EXAMPLE_WEIGHT = 4.0  # a document-type (example) match, times its zone and word weights
# A line repeated this often (digits aside) is a running header or footer ("Regionstyrelsens
# budget 2025 · Sida 4 av 24"): its words count once, not once per page.
RUNNING_MIN = 3
# Letterhead fields that are no title: "Diarienummer RS 2024-03620", "Datum 2024-11-26".
_METADATA = re.compile(
    r"^(?:diarienummer|dnr|diarienr|datum|sida|er referens|vår referens|referens|"
    r"ärendenummer|sammanträdesdatum|fastställd|beslutad|antagen|giltig|version|"
    r"dokumentansvarig|handläggare|ärendeansvarig|gäller för|organisationsnummer)\b",
    re.IGNORECASE)
# Columns of a letterhead or header line: "VÄSTRA GÖTALANDSREGIONEN      PROTOKOLL",
# "Västra Götalandsregionen | Policy för … | RS 2024-02277".
_COLUMNS = re.compile(r"\s{3,}|\t|\s[|·•]\s")
# "Dokumenttyp: Riktlinje" in a title block says what the document is.
_DECLARED_TYPE = re.compile(r"\bdokument(?:typ|kategori)\s*:\s*([^|·•;\t]+)", re.IGNORECASE)


_PREPOSITIONS = (r"för|om|från|till|av|avseende|angående|gällande|med|i|inom|vid|mellan|"
                 r"över|under|rörande|kring|inför|mot")
# Where a title's head ends: a colon or dash, or the first preposition ("Riktlinje för …").
HEAD_END = re.compile(rf"\s[:–—-]\s|:\s|\s(?:{_PREPOSITIONS})\s", re.IGNORECASE)
_PREPOSITION = re.compile(rf"\s(?:{_PREPOSITIONS})\s", re.IGNORECASE)
_SEGMENT_END = re.compile(r"\s[–—-]\s|:\s|\s\|\s")
_ASIDE = re.compile(r"\s*\(([^()]*)\)")
LONE_TYPE_WORDS = 2  # a later segment of this many words naming a type declares it


def title_head(title: str) -> tuple[str, str]:
    """Split a title into the words naming its document type and the rest."""
    match = HEAD_END.search(title)
    if match and match.start() > 0:
        return title[:match.start()], title[match.end():]
    return title, ""


@dataclass(frozen=True, slots=True)
class TitleParts:
    head: str  # the words naming the document type
    subject: str  # what it is about
    asides: tuple[str, ...]  # in parentheses: a publisher, an abbreviation, a year


def split_title(title: str, has_signal: Callable[[str], bool],
                is_type: Callable[[str], bool]) -> TitleParts:
    """The title's head, subject and asides.

    The head is the part before the first colon, dash or preposition. When that first
    part is a subject phrase ('Regional utvecklingsplan för …') and a later part is a lone
    document type ('… – yttrande'), the later part is the head: 'X för Y – yttrande' is a
    yttrande about X. A head without a word of signal (the organisation's name) gives
    way to what follows it."""
    asides = tuple(a.strip() for a in _ASIDE.findall(title) if a.strip())
    main = " ".join(_ASIDE.sub(" ", title).split())
    head, rest = title_head(main)
    if not has_signal(head) and rest:
        # 'REGIONSTYRELSEN – SAMMANTRÄDESPROTOKOLL': the organisation or organ first is
        # no type; it stays in the title as its author.
        skipped = head
        head, rest = title_head(rest)
        rest = f"{skipped} {rest}".strip()
    segments = [s.strip() for s in _SEGMENT_END.split(main) if s.strip()]
    first = segments[0] if segments else ""
    if len(segments) > 1 and _PREPOSITION.search(f" {first} "):
        for segment in segments[1:]:
            if len(segment.split()) <= LONE_TYPE_WORDS and is_type(segment):
                others = [s for s in segments if s is not segment]
                return TitleParts(segment, " – ".join(others), asides)
    return TitleParts(head, rest, asides)


@dataclass(frozen=True, slots=True)
class Zone:
    weight: float  # of a word found there
    type_weight: float  # of a document type (example) found there
    texts: list[str]
    lead: bool  # says what the document is (title, first lines), not what it mentions
    name: str = "body"  # title | lead | section | body | parties (for evidence)
    sources: tuple[str, ...] = ()  # per text, the document's line it comes from
    title: bool = False  # a part of the title: one line, words combine at any distance


@dataclass(frozen=True, slots=True)
class Reading:
    """The document as laid out: its zones, the title's parts, fields and parties."""

    zones: list[Zone]
    title: str
    parts: TitleParts
    fields: tuple[Field, ...]
    parties: tuple[Party, ...]
    direction: Direction


def content_lines(text: str) -> list[str]:
    """The document's lines with words, a running header or footer kept only once."""
    lines = [line.strip() for line in text.splitlines() if any(c.isalpha() for c in line)]
    key = [re.sub(r"\d+", "#", line.lower()) for line in lines]
    counts: dict[str, int] = defaultdict(int)
    for k in key:
        counts[k] += 1
    seen: set[str] = set()
    kept = []
    for line, k in zip(lines, key, strict=True):
        if counts[k] >= RUNNING_MIN:
            if k in seen:
                continue
            seen.add(k)
        kept.append(line)
    return kept


def is_sentence(line: str) -> bool:
    """A line of the body rather than of a title block: long, a sentence that ends with
    a full stop ('Delegationsbeslut kan överklagas genom förvaltningsbesvär.') or an item
    of a list or an agenda ('§ 13 Beslut om krisberedskap', '2. Ekonomisk uppföljning')."""
    words = len(line.split())
    return (words > LEAD_MAX_WORDS or _ITEM.match(line) is not None or
            (words >= SENTENCE_WORDS and line.rstrip()[-1:] in ".!?"))


_ITEM = re.compile(r"\s*(?:§\s*\d+|\d+(?:\.\d+)*[.)]?\s+\S)")


def choose_title(document: Document, lead: list[str], has_signal: Callable[[str], bool],
                 organisation: str = "",
                 is_type: Callable[[str], bool] = lambda text: False) -> str:
    """The document's title: its own, else the first heading or line of the title block
    that says something. A letterhead's columns are read one by one; the organisation's name
    ("VÄSTRA GÖTALANDSREGIONEN"), a company's name and fields like "Diarienummer RS
    2024-1" are no title. A heading that names no document type ('Sammanfattning') gives
    way to a line of the title block that does ('Yttrande över samrådsförslag till …'):
    a letter's title line may be too long to read as a heading."""
    candidates = [document.title or "", *document.headings, *lead]
    first = len(candidates) - len(lead)
    found = [(number, segment) for number, segment in _title_segments(candidates,
                                                                      organisation)
             if has_signal(segment)]
    if not found:
        return document.title or ""
    number, segment = found[0]
    if 0 < number < first and not is_type(title_head(segment)[0]):
        number, segment = next(((n, s) for n, s in found
                                if n >= first and is_type(title_head(s)[0])), found[0])
    return _spelt_out_title(segment, candidates[number + 1:])


def _title_segments(candidates: list[str], organisation: str):
    """(candidate's number, segment) for each column of the candidates that may be a
    title, in order."""
    for number, candidate in enumerate(candidates):
        for segment in _COLUMNS.split(candidate):
            segment = segment.strip()
            if not segment or _METADATA.match(segment) or parse_field(segment):
                continue
            party = letterhead_party(segment, organisation)
            if party is not None and names_only(segment, party):
                continue
            yield number, segment


def _spelt_out_title(title: str, following: list[str]) -> str:
    """A letterhead's lone type word ('BESLUT', 'PROTOKOLL') is the first word of the
    document's title when a line of the title block spells it out: 'Beslut om gallring av
    handlingar i ekonomisystemet'."""
    if len(title.split()) != 1:
        return title
    for line in following[:LEAD_LINES]:
        if len(line.split()) > 1 and line.split()[0].casefold() == title.casefold():
            return line.strip()
    return title


def read_layout(document: Document, has_signal: Callable[[str], bool],
                is_type: Callable[[str], bool] = lambda text: False,
                organisation: str = "") -> Reading:
    """The document's zones, from what it says it is to what it mentions, with its fields
    and parties read apart from its prose."""
    lines = content_lines(document.text)
    fields: list[Field] = []
    parties: list[Party] = []
    prose: list[tuple[str, str]] = []  # (words to read, the line they come from)
    pending_role = ""  # a role label alone on its line: the next line is the party
    for line in lines:
        found, rest = line_fields(line)
        if pending_role and not found:
            parties.append(Party(line, pending_role, public_body(line, organisation), line))
            pending_role = ""
            continue
        pending_role = ""
        for item in found:
            fields.append(item)
            if item.kind == "role":
                if item.value:
                    parties.append(Party(item.value, item.role,
                                         public_body(item.value, organisation), line))
                else:
                    pending_role = item.role
        rest = strip_identifiers(rest)
        if any(c.isalpha() for c in rest):
            prose.append((rest, line))
    # The title block: the first lines, unless they are already sentences of the body.
    top = [(text, line) for text, line in prose[:LEAD_LINES] if not is_sentence(text)]
    lead = [text for text, _ in top]
    lead_sources = tuple(line for _, line in top)
    for text, _line in prose[:2 * LEAD_LINES]:
        party = letterhead_party(text, organisation)
        if party is not None:
            parties.append(party)
    lead_set = set(lead) | set(lead_sources)
    sections = [h for h in document.headings if h not in lead_set]
    if document.format in ("docx",):
        # A Word document's headings are marked up: those before the first section
        # heading of the body belong to its title block.
        extra = [h for h in document.headings[:1] if h not in lead_set]
        lead += extra
        lead_sources += tuple(extra)
        sections = [h for h in sections if h not in lead]
    title = choose_title(document, lead, has_signal, organisation, is_type)
    parts = split_title(title, has_signal, is_type)
    parties += [Party(a, "", True, title) for a in parts.asides if public_body(a, organisation)]
    declared = [m.group(1).strip() for line in lead for m in _DECLARED_TYPE.finditer(line)]
    head, subject = strip_identifiers(parts.head), strip_identifiers(parts.subject)
    # A document type named anywhere in the title counts (in its subject a little less:
    # 'Remissvar om arkivförteckning' is a remissvar); single words weigh by place.
    zones = [Zone(HEAD_WEIGHT, TYPE_IN_TITLE, [head, *declared], True, "title",
                  (title, *declared), True),
             Zone(TITLE_WEIGHT, TYPE_IN_SUBJECT, [subject], True, "title", (title,), True),
             Zone(HEADING_WEIGHT, TYPE_IN_HEADING, list(parts.asides), True, "title",
                  (title,) * len(parts.asides), True),
             Zone(HEADING_WEIGHT, TYPE_IN_HEADING, lead, True, "lead", lead_sources),
             Zone(SECTION_WEIGHT, TYPE_IN_SECTION, sections, False, "section",
                  tuple(sections)),
             Zone(BODY_WEIGHT, BODY_WEIGHT, [text for text, _ in prose], False, "body",
                  tuple(line for _, line in prose))]
    return Reading(zones, title, parts, tuple(fields), tuple(parties), direction(parties))


def document_zones(document: Document, has_signal: Callable[[str], bool]) -> list[Zone]:
    """The document's zones, from what it says it is to what it mentions."""
    return read_layout(document, has_signal).zones
