"""find on other organisations' wording: hyphenated abbreviations, misspelt domain terms,
synonyms and first parts read through the domain vocabulary, and verb/noun pairs on
-era/-ering. Each pinned on a small structure of our own (see docs/find.md)."""

from __future__ import annotations

import pytest

from vgrklass.load import load_structure
from vgrklass.search.find import find
from vgrklass.search.index import build_index
from vgrklass.search.rank import analyse

YAML = """\
meta:
  title: Verklighetsstruktur
  organisation: Testregionen
  version: "1.0:2020"
  valid_from: 2021-01-01
  diarienummer: RS 2020-4
nodes:
  - code: "1"
    kind: VO
    title: GE STÖD
    children:
      - code: "1.1"
        kind: P
        title: Samverka som arbetsgivare
        examples:
          - protokoll och anteckningar från APT
      - code: "1.2"
        kind: P
        title: Styra produktionen
        examples:
          - anteckningar från sektorsråd
          - anteckningar från styrgrupp
      - code: "1.3"
        kind: P
        title: Hantera kostnader från leverantör
        examples:
          - leverantörsfaktura
          - lista över utbetalningar
      - code: "1.4"
        kind: P
        title: Hantera inköp
        examples:
          - intyg om kontroll av leverantör
"""


@pytest.fixture
def index(write_yaml):
    return build_index(load_structure(write_yaml(YAML)))


def codes(result) -> list[str]:
    return [h.code for h in result.hits]


def test_a_hyphenated_word_of_known_parts_is_no_misspelling(index):
    # 'aptanteckningar' is three edits from 'anteckningar', but the hyphen says it is
    # APT + anteckningar: the process with both leads, and nothing is 'corrected'.
    words = analyse(index, "APT-anteckningar")
    assert not any(f.corrected_from for w in words for f in w.forms)
    assert codes(find(index, "APT-anteckningar"))[:1] == ["1.1"]
