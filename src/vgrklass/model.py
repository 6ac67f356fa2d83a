"""Pydantic models of the data file: the schema that every edit of the YAML must satisfy.

These models describe and validate the *file*. The rest of the program works on
the light dataclasses in `structure.py`, which load fast from the cache without
importing pydantic.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

Kind = Literal["VO", "PG", "P"]

Code = Annotated[
    str,
    StringConstraints(pattern=r"^[1-9][0-9]*(\.[1-9][0-9]*)*$"),
    Field(description='Nodens kod, t.ex. "2.4.3". Skrivs alltid inom citattecken.'),
]
Text = Annotated[str, StringConstraints(min_length=1)]


def _iso_date_only(value: Any) -> Any:
    """Only ÅÅÅÅ-MM-DD is a date: pydantic alone would take `removed: 0` (an integer) or
    "1546300800" for a Unix time, and a node would silently end in 1970."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        return value.strip()  # pydantic checks that the day exists
    raise PydanticCustomError("date_type", "Datum ska skrivas ÅÅÅÅ-MM-DD")


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
Date = Annotated[dt.date, BeforeValidator(_iso_date_only)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=False, frozen=True)


class Meta(_Strict):
    """Facts about the structure document as a whole."""

    title: Text = Field(description="Strukturens titel.")
    organisation: Text = Field(description="Organisationen som strukturen gäller.")
    version: Text = Field(description='Version, t.ex. "1.3:2017".')
    valid_from: Date = Field(description="Gäller från datum (ÅÅÅÅ-MM-DD).")
    diarienummer: Text = Field(description='Diarienummer för beslutet, t.ex. "RS 2020-07454".')


class ExampleDetail(_Strict):
    """A document type with what an archivist recorded for it (dokumenthanteringsplanens
    kolumner). Keys are Swedish without å/ä/ö so that they are easy to type."""

    text: Text = Field(description="Handlingstypen, som en vanlig exempelrad.")
    bevaras_gallras: Literal["bevaras", "gallras"] | None = Field(
        default=None, description="Om handlingstypen bevaras eller gallras."
    )
    gallringsfrist: Text | None = Field(
        default=None,
        description='När handlingarna får gallras: en tid och gärna vad den räknas från, '
        't.ex. "2 år", "2 år efter räkenskapsårets utgång", "6 månader", "vid '
        'inaktualitet" eller ISO 8601 "P2Y". Bara tillsammans med bevaras_gallras: gallras.',
    )
    gallringsstod: Text | None = Field(
        default=None, description='Stöd för gallringen: föreskrift eller beslut, t.ex. '
        '"RA-FS 2021:6" eller "RS 2020-01234".'
    )
    sekretess: Text | None = Field(
        default=None, description='Sekretess, t.ex. "nej" eller "ja, OSL 39 kap. 3 §" '
        "(kapitel och paragraf i offentlighets- och sekretesslagen)."
    )
    personuppgifter: Text | None = Field(
        default=None, description='Innehåller personuppgifter, t.ex. "ja" eller "nej".'
    )
    forvaring: Text | None = Field(
        default=None, description='Var handlingarna förvaras (IT-system eller plats), t.ex. '
        '"diariet" eller "W3D3".'
    )
    registrering: Text | None = Field(
        default=None, description='Hur handlingarna registreras, t.ex. "diarieförs", '
        '"registreras i W3D3" eller "hålls ordnad".'
    )
    format: Text | None = Field(
        default=None, description='Medium och format, t.ex. "digitalt, PDF/A" eller "papper".'
    )
    anmarkning: Text | None = Field(default=None, description="Anmärkning.")

    @field_validator("gallringsfrist")
    @classmethod
    def _frist_needs_gallras(cls, value: str | None, info: ValidationInfo) -> str | None:
        # Not when bevaras_gallras itself failed: that error is the one to show.
        given = info.data.get("bevaras_gallras", "gallras")
        if value is not None and given != "gallras":
            raise PydanticCustomError(
                "gallringsfrist_utan_gallras",
                "gallringsfrist kan bara anges när bevaras_gallras är 'gallras'",
                {"regel": "gallringsfrist-utan-gallras"},
            )
        if value is not None:
            from vgrklass.retention import RetentionError, parse_gallringsfrist

            try:
                parse_gallringsfrist(value)
            except RetentionError as exc:
                raise PydanticCustomError("ogiltig_gallringsfrist", str(exc),
                                          {"regel": "ogiltig-gallringsfrist"}) from None
        return value


# Tags of the example union; the loader drops them from error paths (see load._clean_loc).
EXAMPLE_TAGS = ("<exempel-text>", "<exempel-mappning>")


def _example_kind(value: Any) -> str:
    return EXAMPLE_TAGS[1] if isinstance(value, dict | ExampleDetail) else EXAMPLE_TAGS[0]


Example = Annotated[
    Annotated[Text, Tag(EXAMPLE_TAGS[0])] | Annotated[ExampleDetail, Tag(EXAMPLE_TAGS[1])],
    Discriminator(_example_kind),
]


class NodeIn(_Strict):
    """A verksamhetsområde (VO), processgrupp (PG) or process (P) as written in the file."""

    code: Code
    kind: Kind = Field(description="VO, PG eller P. En P kan ligga direkt under ett VO.")
    title: Text = Field(description="Rubriken, ordagrant som i källan.")
    added: Date | None = Field(default=None, description="Tillagd (ÅÅÅÅ-MM-DD).")
    removed: Date | None = Field(
        default=None, description="Borttagen eller upphörd (ÅÅÅÅ-MM-DD)."
    )
    removed_as: Literal["Borttagen", "Upphörd"] | None = Field(
        default=None, description="Källans ord för borttagandet; Borttagen om inget anges."
    )
    description: Text | None = Field(default=None, description="Processbeskrivning.")
    examples: list[Example] = Field(
        default_factory=list,
        description="Exempel på handlingar, en handlingstyp per rad: text, eller en mappning "
        "med text och dokumenthanteringsplanens uppgifter (bevaras_gallras, gallringsfrist, "
        "gallringsstod, sekretess, personuppgifter, forvaring, registrering, format, "
        "anmarkning).",
    )
    sokord: list[Text] = Field(
        default_factory=list,
        description="Sökord: ord som registratorer använder för processens handlingar men som "
        "strukturen inte själv skriver (t.ex. platsannons), ett per rad. Söks lika starkt som "
        "exemplen och visas av show och i exporterna.",
    )
    comments: Text | None = Field(default=None, description="Övriga kommentarer.")
    handling: Text | None = Field(default=None, description="Principer för hantering.")
    children: list[NodeIn] = Field(default_factory=list, description="Underordnade noder.")


class StructureFile(_Strict):
    """The whole data file."""

    model_config = ConfigDict(
        extra="forbid",
        title="vgrklass klassificeringsstruktur",
        json_schema_extra={"$schema": "https://json-schema.org/draft/2020-12/schema"},
    )

    meta: Meta
    nodes: list[NodeIn] = Field(description="Verksamhetsområdena, i ordning.")
