"""Pydantic models of the data file: the schema that every edit of the YAML must satisfy.

These models describe and validate the *file*. The rest of the program works on
the light dataclasses in `structure.py`, which load fast from the cache without
importing pydantic.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Kind = Literal["VO", "PG", "P"]

Code = Annotated[
    str,
    StringConstraints(pattern=r"^[1-9][0-9]*(\.[1-9][0-9]*)*$"),
    Field(description='Nodens kod, t.ex. "2.4.3". Skrivs alltid inom citattecken.'),
]
Text = Annotated[str, StringConstraints(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=False, frozen=True)


class Meta(_Strict):
    """Facts about the structure document as a whole."""

    title: Text = Field(description="Strukturens titel.")
    organisation: Text = Field(description="Organisationen som strukturen gäller.")
    version: Text = Field(description='Version, t.ex. "1.3:2017".')
    valid_from: dt.date = Field(description="Gäller från datum (ÅÅÅÅ-MM-DD).")
    diarienummer: Text = Field(description='Diarienummer för beslutet, t.ex. "RS 2020-07454".')


class NodeIn(_Strict):
    """A verksamhetsområde (VO), processgrupp (PG) or process (P) as written in the file."""

    code: Code
    kind: Kind = Field(description="VO, PG eller P. En P kan ligga direkt under ett VO.")
    title: Text = Field(description="Rubriken, ordagrant som i källan.")
    added: dt.date | None = Field(default=None, description="Tillagd (ÅÅÅÅ-MM-DD).")
    removed: dt.date | None = Field(
        default=None, description="Borttagen eller upphörd (ÅÅÅÅ-MM-DD)."
    )
    removed_as: Literal["Borttagen", "Upphörd"] | None = Field(
        default=None, description="Källans ord för borttagandet; Borttagen om inget anges."
    )
    description: Text | None = Field(default=None, description="Processbeskrivning.")
    examples: list[Text] = Field(
        default_factory=list, description="Exempel på handlingar, en handlingstyp per rad."
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
