"""What classify returns: suggestions with their evidence, and how sure it is.

Plain values that know their JSON (`as_dict`), so that the CLI, the web app and library
callers print the same thing (docs/classify.md, docs/json.md).
"""

from __future__ import annotations

from dataclasses import dataclass

ZONE_NAMES = {  # where in the document, for evidence shown to users
    "title": "titel",
    "lead": "inledning",
    "section": "rubrik",
    "body": "brödtext",
    "parties": "avsändare/mottagare",
}


@dataclass(frozen=True, slots=True)
class Evidence:
    text: str  # words of the document
    field: str  # examples | sokord | reference | title | description | parents | comments
    match: str  # what in the process they matched (an example's text, or the word)
    score: float
    zone: str = ""  # where in the document: title | lead | section | body | parties
    line: str = ""  # the document's line the words were read in
    via: str = ""  # how the knowledge layer read them ('synonym', 'domänord …'), if it did

    def as_dict(self) -> dict:
        return {"text": self.text, "field": self.field, "match": self.match,
                "score": round(self.score, 2), "zone": self.zone, "line": self.line,
                "via": self.via}


@dataclass(frozen=True, slots=True)
class Hit:
    code: str
    title: str
    score: float
    evidence: tuple[Evidence, ...]

    def as_dict(self, confident: bool = False) -> dict:
        return {"code": self.code, "title": self.title, "score": round(self.score, 2),
                "confident": confident, "evidence": [e.as_dict() for e in self.evidence]}


@dataclass(frozen=True, slots=True)
class Classification:
    name: str
    hits: tuple[Hit, ...]  # best first; empty when nothing in the structure fits
    confident: bool  # the best is clearly ahead of the second (see CLOSE_RATIO)
    ratio: float | None  # second/first score, None with fewer than two hits
    subject_of: str | None = None  # a runner-up the title's subject points to instead
    total: int = 0  # suggestions before the limit
    runner_up: str | None = None  # the second's code, however many hits are returned
    # Why the best is not confident: close | subject | no_type | shared_type | case |
    # sender ('' if it is)
    doubt: str = ""
    # With doubt 'case' or 'sender' (classify/genre.py): the process that answers the
    # reply's case as well, or that would fit had the unnamed sender been the state
    other: str | None = None

    def as_list(self) -> list[dict]:
        """The stable JSON of the suggestions, best first (docs/classify.md): only the
        first can be confident."""
        return [hit.as_dict(self.confident and rank == 0) for rank, hit in enumerate(self.hits)]
