"""Retention as values a program can compute with, read from what archivists write.

`gallringsfrist` stays in the data file as the archivist wrote it ("2 år efter
räkenskapsårets utgång"); `parse_gallringsfrist` reads it into a `Gallringsfrist`: an ISO
8601 duration (`P2Y`) and what the period runs from, in a canonical Swedish phrase
(*räkenskapsårets slut*). Text that cannot be read so is an error at its line
(model.py), so every value in a valid file is computable. `osl_references` finds the
chapter and section of Offentlighets- och sekretesslagen in a `sekretess` text.

Pure functions over strings: no pydantic, no YAML, so the exports and the search can use
them from a cached structure.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

# Where a period runs from, in the words archivists write, and the phrase each is shown
# as. The first pattern that matches the whole event wins; anything else after "efter"
# or "från" is kept as written (a computing program then needs that event's date).
EVENTS: tuple[tuple[str, str], ...] = (
    ("räkenskapsårets slut", r"(?:räkenskapsårets|bokföringsårets)\s+(?:slut|utgång|avslut"
                             r"(?:ande)?)|utgången\s+av\s+(?:räkenskapsåret|bokföringsåret)"),
    ("kalenderårets slut", r"(?:kalender)?årets\s+(?:slut|utgång)|utgången\s+av\s+"
                           r"(?:det\s+)?(?:kalender)?år(?:et)?\b.*|årsskiftet"),
    ("ärendets avslutande", r"ärendets\s+(?:avslut|avslutande|avslutning)|avslutat\s+ärende"
                            r"|(?:att\s+)?ärendet\s+(?:avslutats|avslutades|är\s+avslutat)"),
    ("avtalets upphörande", r"avtalets\s+(?:upphörande|slut|utgång)|avtalstidens\s+"
                            r"(?:slut|utgång)|(?:att\s+)?avtalet\s+(?:har\s+)?(?:upphört|löpt\s+"
                            r"ut)"),
    ("anställningens upphörande", r"anställningens\s+(?:upphörande|slut|avslut)|avslutad\s+"
                                  r"anställning|(?:att\s+)?anställningen\s+(?:har\s+)?"
                                  r"(?:upphört|avslutats)"),
    ("projektets avslut", r"projektets\s+(?:avslut|avslutande|slut)|avslutat\s+projekt"),
    ("sista anteckningen", r"sista\s+anteckning(?:en)?"),
    ("inaktualitet", r"inaktualitet"),
    ("beslutet", r"beslut(?:et|sdatum)?"),
    ("upprättandet", r"upprättande(?:t)?|(?:att\s+)?handlingen\s+upprättades"),
    ("inkomsten", r"inkomst(?:en|datum)?|(?:att\s+)?handlingen\s+kom\s+in"),
)

_NUMBER_WORDS = {
    "en": 1, "ett": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8,
    "nio": 9, "tio": 10, "elva": 11, "tolv": 12, "femton": 15, "tjugo": 20, "trettio": 30,
    "femtio": 50, "hundra": 100,
}
_UNITS = (("Y", r"år"), ("M", r"månad(?:er)?|mån\.?"), ("W", r"veck(?:a|or)|v\."),
          ("D", r"dag(?:ar)?|d\."))
_UNIT = "|".join(f"(?P<{letter}>{pattern})" for letter, pattern in _UNITS)
_NUMBER = r"(?P<number>\d+(?:[,.]5)?|" + "|".join(_NUMBER_WORDS) + r")"
# Patterns as text: re compiles (and caches) them at first use, so that importing this
# module (with the structure, on every command's start) costs nothing.
_PERIOD = (
    rf"(?:gallras\s+)?(?P<lead>efter\s+)?(?:(?:ett\s+)?(?P<half>halvår)|{_NUMBER}\s*(?:{_UNIT}))"
    r"(?:\s+(?:efter|från|räknat\s+från|fr\.\s*o\.\s*m\.)\s+(?P<event>.+))?")
_ISO = (r"P(?=\d)(?:(?P<Y>\d+)Y)?(?:(?P<M>\d+)M)?(?:(?P<W>\d+)W)?(?:(?P<D>\d+)D)?"
                  r"(?:\s+(?:efter|från)\s+(?P<event>.+))?")
_INAKTUELL = (r"(?:gallras\s+)?(?:vid|efter)\s+inaktualitet|när\s+(?:den|de|"
                        r"handlingen|handlingarna)\s+(?:är|blivit|har\s+blivit)\s+inaktuell"
                        r"(?:a)?|inaktualitet")
_AT_ONCE = r"(?:gallras\s+)?(?:omedelbart|direkt)"

EXAMPLES = "'2 år', '2 år efter räkenskapsårets utgång', '6 månader' eller 'vid inaktualitet'"


class RetentionError(ValueError):
    """A gallringsfrist that cannot be read; the message is Swedish."""


@dataclass(frozen=True, slots=True)
class Gallringsfrist:
    """A retention period: how long (ISO 8601 duration) after what (None: not stated)."""

    duration: str  # "P2Y", "P6M", "P0D"
    after: str | None  # "räkenskapsårets slut", "inaktualitet", or the event as written

    def as_dict(self) -> dict:
        return {"duration": self.duration, "after": self.after}

    def label(self) -> str:
        """'P2Y efter räkenskapsårets slut': the value as read, for humans and archives."""
        return f"{self.duration} efter {self.after}" if self.after else self.duration

    def due(self, start: dt.date) -> dt.date:
        """The first day the documents may be disposed of, for a period starting `start`
        (a month added to 31 January gives the last day of February)."""
        parts = re.fullmatch(_ISO, self.duration)
        assert parts is not None  # made by this module
        years, months, weeks, days = (int(parts[k] or 0) for k in "YMWD")
        month_index = start.month - 1 + months + 12 * years
        year, month = start.year + month_index // 12, month_index % 12 + 1
        day = min(start.day, _days_in_month(year, month))
        return dt.date(year, month, day) + dt.timedelta(weeks=weeks, days=days)


def _days_in_month(year: int, month: int) -> int:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day


@lru_cache(maxsize=4096)
def parse_gallringsfrist(text: str) -> Gallringsfrist:
    """Read a gallringsfrist as archivists write it. Raises RetentionError."""
    plain = " ".join(text.split()).rstrip(".").strip()
    folded = plain.casefold()
    if re.fullmatch(_INAKTUELL, folded):
        return Gallringsfrist("P0D", "inaktualitet")
    if re.fullmatch(_AT_ONCE, folded):
        return Gallringsfrist("P0D", None)
    iso = re.fullmatch(_ISO, plain, re.IGNORECASE)
    if iso:
        duration = "P" + "".join(f"{int(iso[k])}{k}" for k in "YMWD" if iso[k]) if any(
            iso[k] for k in "YMWD") else "P0D"
        return Gallringsfrist(duration, _event(iso["event"], plain))
    period = re.fullmatch(_PERIOD, plain, re.IGNORECASE)
    if period is None:
        raise RetentionError(f"gallringsfristen '{plain}' kan inte läsas; skriv t.ex. "
                             f"{EXAMPLES} (förbehåll skrivs som anmärkning)")
    if period["lead"] and period["event"]:
        raise RetentionError(f"gallringsfristen '{plain}' kan inte läsas: 'efter' två gånger; "
                             f"skriv t.ex. '2 år efter räkenskapsårets utgång'")
    return Gallringsfrist(_duration(period, plain), _event(period["event"], plain))


def _duration(period: re.Match[str], plain: str) -> str:
    if period["half"]:
        return "P6M"
    number = period["number"]
    amount = (float(number.replace(",", ".")) if number[0].isdigit()
              else _NUMBER_WORDS[number.casefold()])
    unit = next(letter for letter, _ in _UNITS if period[letter])
    if amount != int(amount):  # 1,5 år → 18 months; half a month or week has no ISO form
        if unit != "Y":
            raise RetentionError(f"gallringsfristen '{plain}': en halv {period[unit]} kan inte "
                                 "anges; skriv t.ex. dagar i stället")
        return f"P{int(amount * 12)}M"
    return f"P{int(amount)}{unit}"


def _event(written: str | None, plain: str) -> str | None:
    """The canonical phrase for what the period runs from, or the words as written."""
    if written is None:
        return None
    folded = " ".join(written.casefold().split())
    for name, pattern in EVENTS:
        if re.fullmatch(pattern, folded):
            return name
    if not re.search(r"[a-zåäö]", folded):
        raise RetentionError(f"gallringsfristen '{plain}': efter vad? skriv t.ex. "
                             "'2 år efter räkenskapsårets utgång'")
    return written.strip()


# --- sekretess --------------------------------------------------------------------------

_OSL = (r"(\d+)\s*kap\.?\s*(\d+\s*[a-z]?)\s*§", r"\bOSL\s*(\d+)\s*:\s*(\d+\s*[a-z]?)\b")


def osl_references(text: str | None) -> tuple[str, ...]:
    """The OSL provisions a sekretess text names, as '39 kap. 3 §', in order, once each."""
    if not text:
        return ()
    found: list[tuple[int, str]] = []
    for pattern in _OSL:
        for match in re.finditer(pattern, text, re.IGNORECASE):
            section = match[2].replace(" ", "")
            found.append((match.start(), f"{int(match[1])} kap. {section} §"))
    return tuple(dict.fromkeys(ref for _, ref in sorted(found)))
