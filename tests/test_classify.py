"""Ranking of whole documents (vgrklass.classify), on a small structure of its own."""

from __future__ import annotations

import datetime as dt

import pytest

import vgrklass.classify as classify_module
from vgrklass.classify import (
    CLOSE_RATIO,
    classify,
    head_nouns,
    load_profiles,
    title_head,
)
from vgrklass.classify import layout as layout_module
from vgrklass.classify import rank as rank_module
from vgrklass.classify import terms as terms_module
from vgrklass.classify.profiles import Words
from vgrklass.extract import Document, document_from_text
from vgrklass.load import load_structure
from vgrklass.search import lemma

STRUCTURE = """\
meta:
  title: Klassificeringsstruktur för testnämnden i Testregionen
  organisation: Testregionen
  version: "1.0:2020"
  valid_from: 2021-01-01
  diarienummer: RS 2020-1
nodes:
  - code: "1"
    kind: VO
    title: STYRA OCH LEDA
    children:
      - code: "1.1"
        kind: P
        title: Utföra politiskt ledningsarbete
        description: Beslutsfattande i nämnden, sammanträden och protokoll.
        examples:
          - kallelse till sammanträde
          - protokoll
        handling: Ärenden stannar kvar i nämnden.
      - code: "1.2"
        kind: P
        title: Planera och följa upp verksamheten
        description: Årscykeln från budget och verksamhetsplan till uppföljning av ärenden.
        examples:
          - delårsrapport
          - årsredovisning
          - verksamhetsplan
        comments: |-
          Underlag till budget hanteras i P 2.2 Utforma ekonomi.
      - code: "1.3"
        kind: P
        title: Bedriva systematiskt arbetsmiljöarbete
        description: Arbetsmiljöarbetet, fysisk och psykosocial arbetsmiljö och ärenden.
        examples:
          - arbetsmiljörondsprotokoll
          - handlingsplan
      - code: "1.4"
        kind: P
        title: Besvara remisser
        description: Yttranden över remisser från myndigheter och ärenden.
        examples:
          - remiss
          - remissvar
  - code: "2"
    kind: VO
    title: GE VERKSAMHETSSTÖD
    children:
      - code: "2.1"
        kind: P
        title: Hantera kostnader från leverantör
        description: Fakturor från leverantörer granskas, attesteras och betalas, ärenden.
        examples:
          - leverantörsfaktura
          - följesedel
      - code: "2.2"
        kind: P
        title: Utforma ekonomi
        description: Ekonomisk uppföljning och budgetunderlag för ärenden.
        examples:
          - budgetunderlag
          - delårsrapport
      - code: "2.3"
        kind: P
        title: Hantera arkiv för Testregionen
        description: Arkivvård, arkivförteckning och leveranser till arkivet, ärenden.
        examples:
          - arkivförteckning
          - leveransreversal
      - code: "2.4"
        kind: P
        title: Köpa in gammalt
        description: Inköp enligt gamla regler, ärenden.
        examples:
          - beställningsblankett
        removed: 2021-01-01
        removed_as: Upphörd
"""

TODAY = dt.date(2024, 6, 1)


@pytest.fixture
def structure(write_yaml):
    return load_structure(write_yaml(STRUCTURE))


def ranked(structure, text: str, on: dt.date = TODAY, limit: int = 3):
    document = document_from_text(text, "doc.txt")
    return classify(document, structure, on, limit)


def codes(outcome) -> list[str]:
    return [hit.code for hit in outcome.hits]


def test_document_type_in_title_decides(structure):
    outcome = ranked(structure, "Leverantörsfaktura\n\nAtt betala 500 kronor senast 30 maj.\n")
    assert codes(outcome)[0] == "2.1"
    assert outcome.confident


def test_title_outweighs_a_document_type_mentioned_in_the_body(structure):
    text = ("Protokoll från nämndens sammanträde\n\n"
            "Nämnden gick igenom en leverantörsfaktura från städfirman och godkände den.\n")
    assert codes(ranked(structure, text))[0] == "1.1"
    swapped = ("Leverantörsfaktura från städfirman\n\n"
               "Fakturan gäller städning inför nämndens sammanträde och protokoll.\n")
    assert codes(ranked(structure, swapped))[0] == "2.1"


def test_inflected_and_compound_forms_match_the_examples(structure):
    outcome = ranked(structure, "Leverantörsfakturor och följesedlar för mars\n")
    assert codes(outcome)[0] == "2.1"
    matched = {e.match for e in outcome.hits[0].evidence}
    assert {"leverantörsfaktura", "följesedel"} & matched


def test_compound_example_found_as_separate_words(structure):
    outcome = ranked(structure, "Protokoll från arbetsmiljörond\n\nRonden gick bra.\n")
    assert codes(outcome)[0] == "1.3"
    assert any(e.match == "arbetsmiljörondsprotokoll" for e in outcome.hits[0].evidence)


def test_subject_words_do_not_outweigh_the_document_type_in_the_title(structure):
    text = ("Remissvar: promemoria om arkiv\n\n"
            "Förslagen om arkiv, arkivförteckning och arkivets leveranser till arkivet "
            "berör regionens arkiv. Arkiv ska vårdas.\n")
    assert codes(ranked(structure, text))[0] == "1.4"


def test_organisation_name_is_no_signal(structure):
    # 2.3's title names the organisation; a document full of its name is not about 2.3.
    outcome = ranked(structure, "Testregionen\n\nTestregionen Testregionen Testregionen.\n")
    assert outcome.hits == ()


def test_words_found_in_every_process_are_no_signal(structure):
    outcome = ranked(structure, "Ärenden\n\nÄrenden och ärenden.\n")
    assert outcome.hits == ()


def test_unrelated_document_gets_no_suggestion(structure):
    outcome = ranked(structure, "Glasskiosk\n\nVanilj, choklad och jordgubb i strut.\n")
    assert outcome.hits == () and not outcome.confident


def test_processes_not_in_force_are_excluded(structure):
    text = "Beställningsblankett\n\nBeställning av pennor.\n"
    assert "2.4" not in codes(ranked(structure, text, on=TODAY))
    assert codes(ranked(structure, text, on=dt.date(2020, 6, 1)))[0] == "2.4"


def test_close_scores_are_uncertain(structure):
    # 'delårsrapport' is an example of both 1.2 and 2.2 and nothing else tells them apart.
    outcome = ranked(structure, "Delårsrapport\n")
    assert set(codes(outcome)[:2]) == {"1.2", "2.2"}
    assert not outcome.confident
    assert outcome.ratio is not None and outcome.ratio >= CLOSE_RATIO


def test_a_clear_lead_is_confident(structure):
    text = "Remissvar\n\nVi tillstyrker remissens förslag om nämndens protokoll.\n"
    outcome = ranked(structure, text)
    assert codes(outcome)[:2] == ["1.4", "1.1"]
    assert outcome.confident and outcome.ratio is not None and outcome.ratio < CLOSE_RATIO


def test_comment_sending_a_document_type_elsewhere_lowers_the_process(structure, monkeypatch):
    # 1.2 says "Underlag till budget hanteras i P 2.2": budget material goes to 2.2.
    text = "Underlag till budget 2025\n\nBudgeten för verksamheten.\n"
    outcome = ranked(structure, text, limit=8)
    assert codes(outcome)[0] == "2.2"
    assert any(e.field == "reference" for e in outcome.hits[0].evidence)
    lowered = {h.code: h.score for h in outcome.hits}["1.2"]
    monkeypatch.setattr(rank_module, "AWAY_FACTOR", 1.0)
    unlowered = {h.code: h.score for h in ranked(structure, text, limit=8).hits}["1.2"]
    assert lowered < unlowered


def test_example_needs_its_head_noun_not_just_its_subject(write_yaml):
    # "underlag till riskbedömning" is an underlag; a riskbedömning itself is not that type.
    text = STRUCTURE.replace(
        "          - arkivförteckning\n",
        "          - arkivförteckning\n          - underlag till riskbedömning\n")
    text = text.replace("          - remissvar\n", "          - remissvar\n          - underlag\n")
    structure = load_structure(write_yaml(text))
    outcome = ranked(structure, "Riskbedömning\n\nBedömning av risker i verksamheten.\n")
    matched = {e.match for hit in outcome.hits for e in hit.evidence}
    assert "underlag till riskbedömning" not in matched
    with_head = ranked(structure, "Underlag till riskbedömning\n\nText.\n")
    assert "underlag till riskbedömning" in {e.match for h in with_head.hits for e in h.evidence}


@pytest.mark.parametrize(("example", "heads"), [
    ("underlag till budget", {"underlag"}),
    ("kallelse med dagordning", {"kallelse"}),
    ("lokala samverkansavtal", {"samverkansavtal"}),
    ("protokoll och mötesanteckning från de olika samverkansgrupperna", {"protokoll",
                                                                         "mötesanteckning"}),
    ("anslag/bevis om justering", {"anslag", "bevis"}),
    ("delårsrapport", {"delårsrapport"}),
])
def test_head_nouns_of_examples(example, heads):
    assert head_nouns(example) == heads


def test_limit_caps_the_hits(structure):
    text = "Protokoll\n\nLeverantörsfaktura, delårsrapport, remissvar och arbetsmiljörond.\n"
    assert len(ranked(structure, text, limit=1).hits) == 1
    assert len(ranked(structure, text, limit=3).hits) == 3


def test_evidence_names_document_words_and_fields(structure):
    outcome = ranked(structure, "Kallelse till sammanträde i nämnden\n\nDagordning följer.\n")
    best = outcome.hits[0]
    assert best.code == "1.1"
    assert any(e.field == "examples" and e.match == "kallelse till sammanträde"
               for e in best.evidence)
    assert all(e.score > 0 for e in best.evidence)


def test_docx_heading_counts_like_a_title(structure):
    body = "Nämnden gick igenom ärendena i tur och ordning.\n" * 6
    as_heading = Document("a.docx", "docx", None, ("Protokoll",),
                          f"Protokoll\n{body}En leverantörsfaktura togs upp.\n")
    as_body = Document("b.docx", "docx", None, (),
                       f"Text\n{body}En leverantörsfaktura togs upp.\nprotokoll\n")
    assert codes(classify(as_heading, structure, TODAY))[0] == "1.1"
    assert codes(classify(as_body, structure, TODAY))[0] == "2.1"


def test_letterhead_with_only_the_organisation_is_skipped_as_title(structure):
    text = "TESTREGIONEN\nNämndkansliet\n\nRemissvar\n\nOm arkiv och arkivförteckning.\n"
    assert codes(ranked(structure, text))[0] == "1.4"


@pytest.mark.parametrize(("title", "head"), [
    ("Remissvar: Ds 2024:11 Nationell strategi", "Remissvar"),
    ("Riktlinje för informationssäkerhet", "Riktlinje"),
    ("Revisionsrapport 2024:07 – Granskning av attester", "Revisionsrapport 2024:07"),
    ("Delårsrapport augusti 2024", "Delårsrapport augusti 2024"),
    ("Protokoll från arbetsmiljörond", "Protokoll"),
])
def test_title_head_is_the_part_before_a_colon_dash_or_preposition(title, head):
    assert title_head(title)[0] == head


def test_profiles_cover_only_processes(structure):
    profiles = load_profiles(structure)
    assert {p.code for p in profiles.processes} == {"1.1", "1.2", "1.3", "1.4", "2.1", "2.2",
                                                   "2.3", "2.4"}
    assert lemma("testregionen") in profiles.boilerplate
    assert lemma("protokoll") not in profiles.boilerplate


# --- long documents --------------------------------------------------------------------------

def _section(heading: str, sentence: str) -> str:
    return f"{heading}\n\n{sentence}\n\n"


# A long report whose sections all come back to one subject (arkiv) that is not its type.
_TOPICS = ["Inledning", "Ekonomi", "Personal", "Lokaler", "Digitalisering", "Inköp",
           "Miljö", "Säkerhet", "Kommunikation", "Juridik", "Folkhälsa", "Uppföljning"]
_LONG_BODY = "".join(_section(f"{i} {topic}", f"Inom området {topic.lower()} gäller att "
                              "arkivvård, arkivförteckning, leveransreversal och leveranser "
                              "till arkivet hanteras enligt plan. " * 8)
                     for i, topic in enumerate(_TOPICS, 1))


def test_long_body_cannot_outvote_the_type_in_the_title(structure, monkeypatch):
    text = "Delårsrapport augusti 2024\n\n" + _LONG_BODY
    saturated = {h.code: h.score for h in ranked(structure, text, limit=8).hits}
    assert max(saturated, key=saturated.get) in {"1.2", "2.2"}
    monkeypatch.setattr(terms_module, "BODY_SCALE", 1e9)
    linear = {h.code: h.score for h in ranked(structure, text, limit=8).hits}
    # The arkiv sections count for less once saturated; the title's type does not change.
    assert saturated["2.3"] < 0.85 * linear["2.3"]
    assert saturated["2.3"] / saturated["2.2"] < linear["2.3"] / linear["2.2"]


def test_short_document_body_saturates_later_than_a_long_one(structure):
    profiles = load_profiles(structure)
    short = classify_module.document_terms(document_from_text("Arkiv\n\nArkiv.\n", "a"),
                                           profiles)
    long = classify_module.document_terms(document_from_text("Arkiv\n\n" + _LONG_BODY, "b"),
                                          profiles)
    assert short.body_scale > long.body_scale == terms_module.BODY_SCALE


def test_section_headings_weigh_less_than_the_title_block(structure):
    profiles = load_profiles(structure)
    text = ("Nämndens verksamhet 2024\n\n"
            + "".join(f"Inledande text om {topic.lower()} under året som gått.\n\n"
                      for topic in _TOPICS[:8])
            + "Remissvar\n\nText.\n")
    terms = classify_module.document_terms(document_from_text(text, "a.txt"), profiles)
    remissvar = lemma("remissvar")
    assert remissvar in terms.body and remissvar not in terms.weight
    assert terms.whole[remissvar] == layout_module.TYPE_IN_SECTION


def test_running_header_counts_once():
    lines = ["Regionens budget 2025 · Sida 1 av 9", "Text ett.",
             "Regionens budget 2025 · Sida 2 av 9", "Text två.",
             "Regionens budget 2025 · Sida 3 av 9"]
    kept = classify_module.content_lines("\n".join(lines))
    assert kept == ["Regionens budget 2025 · Sida 1 av 9", "Text ett.", "Text två."]
    twice = classify_module.content_lines("\n".join(lines[:4]))
    assert len(twice) == 4  # twice is no running header


@pytest.mark.parametrize(("first_lines", "title"), [
    (["TESTREGIONEN                               PROTOKOLL"], "PROTOKOLL"),
    (["Testregionen      Diarienummer RS 2024-1", "Nämnden    Fastställd 2024-11-26",
      "", "REMISSVAR 2025"], "REMISSVAR 2025"),
    (["Testregionen | Riktlinje för arkiv | RS 2024-1"], "Riktlinje för arkiv"),
    (["Datum 2024-11-26", "Delårsrapport"], "Delårsrapport"),
])
def test_letterhead_columns_and_fields_are_no_title(structure, first_lines, title):
    profiles = load_profiles(structure)
    document = document_from_text("\n".join(first_lines) + "\n\nText.\n", "a.txt")
    words = Words(profiles.index)

    def has_signal(text: str) -> bool:
        return any(k[2] not in profiles.boilerplate for k in words.keys(text))

    lead = classify_module.content_lines(document.text)[:5]
    assert classify_module.choose_title(document, lead, has_signal) == title


def test_declared_document_type_in_the_title_block_counts_as_the_title(structure):
    text = ("Testregionen\nArkivet under 2024\nDokumenttyp: Remissvar | Beslutad av: nämnden\n\n"
            "Arkivet och arkivförteckningen har setts över.\n")
    outcome = ranked(structure, text)
    assert codes(outcome)[0] == "1.4"
    without = text.replace("Dokumenttyp: Remissvar | ", "")
    assert codes(ranked(structure, without))[0] == "2.3"


def test_organisation_before_a_dash_is_skipped_for_the_title_head(structure):
    profiles = load_profiles(structure)
    document = document_from_text("TESTREGIONEN – REMISSVAR 2024\n\nOm protokoll.\n", "a")
    words = Words(profiles.index)

    def has_signal(text: str) -> bool:
        return any(k[2] not in profiles.boilerplate for k in words.keys(text))

    head_zone = classify_module.document_zones(document, has_signal)[0]
    assert head_zone.weight == layout_module.HEAD_WEIGHT
    assert head_zone.texts[0] == "REMISSVAR 2024"
    assert codes(ranked(structure, document.text))[0] == "1.4"


def test_type_of_one_process_and_subject_of_a_runner_up_is_uncertain(structure):
    # 'Remissvar' (1.4's type) about arkivvård (2.3's subject): far ahead, yet unsure.
    text = "Remissvar om arkivvård och leveranser\n\nVi lämnar följande svar.\n"
    outcome = ranked(structure, text)
    assert codes(outcome)[:2] == ["1.4", "2.3"]
    assert outcome.ratio is not None and outcome.ratio < CLOSE_RATIO
    assert not outcome.confident and outcome.subject_of == "2.3"
    agreeing = ranked(structure, "Remissvar om remiss från myndighet\n\nVi lämnar svar.\n")
    assert codes(agreeing)[0] == "1.4" and agreeing.confident


def test_subject_disagrees_only_with_a_stronger_runner_up():
    assert classify_module.subject_disagrees(["a", "b", "c"], {"a": 1.0, "b": 5.0}) == "b"
    assert not classify_module.subject_disagrees(["a", "b"], {"a": 3.0, "b": 5.0})
    assert not classify_module.subject_disagrees(["a", "b"], {"a": 0.0, "b": 0.0})
    # A process outside the contenders does not count.
    ranked_codes = ["a", "b", "c", "d"]
    assert not classify_module.subject_disagrees(ranked_codes[:3], {"a": 1.0, "d": 9.0})
