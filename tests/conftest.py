from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

MINIMAL = """\
meta:
  title: Testafter struktur
  organisation: Testregionen
  version: "1.0:2020"
  valid_from: 2021-01-01
  diarienummer: RS 2020-1
nodes:
  - code: "1"
    kind: VO
    title: STYRA
    children:
      - code: "1.1"
        kind: P
        title: Utföra politiskt ledningsarbete
        description: Här ligger det politiska arbetet.
        examples:
          - protokoll
          - kallelse till sammanträde
        handling: Handlingar och ärenden stannar kvar i regionstyrelsen.
  - code: "2"
    kind: VO
    title: GE VERKSAMHETSSTÖD
    children:
      - code: "2.1"
        kind: PG
        title: Administrera ekonomi
        children:
          - code: "2.1.1"
            kind: P
            title: Hantera kostnader från leverantör
            examples:
              - leverantörsfaktura
              - följesedel
          - code: "2.1.2"
            kind: P
            title: Köpa in gammalt
            removed: 2021-01-01
            removed_as: Upphörd
      - code: "2.2"
        kind: P
        title: Hantera bemanning
        added: 2019-01-01
"""


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    """Tests never read or write the user's real cache."""
    monkeypatch.setenv("VGRKLASS_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def write_yaml(tmp_path: Path):
    """Write YAML text (dedented) to a file and return its path."""

    def write(text: str, name: str = "struktur.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture
def minimal_yaml(write_yaml) -> Path:
    return write_yaml(MINIMAL)
