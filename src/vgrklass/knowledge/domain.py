"""The domain vocabulary: Swedish public-administration document types in broader words.

data/domanord.tsv lists document types and words that registrars and administrators
write ('fasadritning', 'platsannons', 'ovk-protokoll') and says, in one to three broader
and more common words, what each one is or which function it serves ('byggritning;
bygghandling'). The mappings are general knowledge of Swedish public administration, each
with its source (a law, a föreskrift from Riksarkivet, a gallringsråd), not knowledge of
one classification structure; the search uses them to bridge from a word the structure
does not use to words it does (knowledge/compile.py).

This module owns the file format and reads it strictly: a line that cannot be used is a
KnowledgeError naming the file and the line ('domanord.tsv, rad 12: ...'), so that an
archivist who extends the file learns at once what to fix.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import NamedTuple

from vgrklass.knowledge.errors import KnowledgeError

DOMAIN_PATH = Path(__file__).with_name("data") / "domanord.tsv"
HEADER = ("term", "avser", "kalla")
MAX_SENSES = 3


class DomainEntry(NamedTuple):
    """One document type or word and what it is, in broader words, with its source."""

    term: str  # normalised: NFC, lowercase, single spaces ('geoteknisk undersökning')
    avser: tuple[str, ...]  # one to three broader terms (NFC, single spaces, case kept)
    kalla: str  # the source, as written ('PBL 2010:900 9 kap.; PBF 6 kap.')
    line: int  # line number in the file, for messages


def normalise_term(text: str) -> str:
    """NFC, lowercase, spaces collapsed: how a term or a broader term is compared."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _spaces(text: str) -> str:
    """NFC, spaces collapsed, case kept: how avser and kalla are stored."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _same_key(term: str) -> str:
    # The search writes a hyphenated compound as one word ('ovk-protokoll' is
    # 'ovkprotokoll'), so two spellings that differ only in hyphens are one term.
    return term.replace("-", "")


def parse_domain(text: str, name: str = "domanord.tsv") -> list[DomainEntry]:
    """The entries of `text` (the domanord.tsv format) in file order.

    Lines starting with '#' and blank lines are skipped; the first other line must be the
    header 'term<TAB>avser<TAB>kalla'. Every entry line has exactly three tab-separated
    fields. An unusable line raises KnowledgeError naming `name` and the line: a missing
    header, a wrong number of fields, an empty term, avser or kalla, an empty broader term
    between semicolons, more than three broader terms, a broader term given twice, a term
    listed twice (spellings that differ only in case, spacing or hyphens are the same
    term) and a term that is one of its own broader terms.
    """
    entries: list[DomainEntry] = []
    seen: dict[str, int] = {}
    header_seen = False
    for number, raw in enumerate(text.splitlines(), start=1):
        where = f"{name}, rad {number}"
        line = raw.rstrip("\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split("\t")
        if not header_seen:
            if tuple(f.strip().casefold() for f in fields) != HEADER:
                raise KnowledgeError(f"{where}: rubrikraden ska vara ”term<TAB>avser<TAB>"
                                     f"kalla”, inte ”{line.strip()}”")
            header_seen = True
            continue
        if len(fields) != 3:
            raise KnowledgeError(f"{where}: raden ska ha tre fält åtskilda med tabb (term, "
                                 f"avser, kalla), inte {len(fields)}")
        term = normalise_term(fields[0])
        if not term:
            raise KnowledgeError(f"{where}: termen saknas")
        if not fields[1].strip():
            raise KnowledgeError(f"{where}: ”{term}” saknar avser (vad handlingen är)")
        kalla = _spaces(fields[2])
        if not kalla:
            raise KnowledgeError(f"{where}: ”{term}” saknar källa")
        avser: list[str] = []
        for item in fields[1].split(";"):
            sense = _spaces(item)
            if not sense:
                raise KnowledgeError(f"{where}: ”{term}” har ett tomt ord i avser "
                                     f"(två semikolon i rad eller ett semikolon sist)")
            if normalise_term(sense) in map(normalise_term, avser):
                raise KnowledgeError(f"{where}: ”{term}” har ”{sense}” två gånger i avser")
            if _same_key(normalise_term(sense)) == _same_key(term):
                raise KnowledgeError(f"{where}: ”{term}” avser sig självt; skriv bredare "
                                     f"ord som strukturen eller vanligt förvaltningsspråk "
                                     f"använder")
            avser.append(sense)
        if len(avser) > MAX_SENSES:
            raise KnowledgeError(f"{where}: ”{term}” har {len(avser)} ord i avser; högst "
                                 f"{MAX_SENSES}")
        key = _same_key(term)
        if key in seen:
            raise KnowledgeError(f"{where}: ”{term}” står redan på rad {seen[key]}")
        seen[key] = number
        entries.append(DomainEntry(term, tuple(avser), kalla, number))
    if not header_seen:
        raise KnowledgeError(f"{name}, rad 1: rubrikraden ”term<TAB>avser<TAB>kalla” "
                             f"saknas")
    return entries


def read_domain(path: Path = DOMAIN_PATH) -> list[DomainEntry]:
    """The domain vocabulary in `path` (default: the shipped data/domanord.tsv)."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise KnowledgeError(f"{path.name}, rad 1: filen är inte UTF-8 ({exc.reason})") \
            from exc
    return parse_domain(text, path.name)
