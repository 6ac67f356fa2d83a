"""Search: Swedish text handling and ranking, pinned on a small structure of our own."""

from __future__ import annotations

import datetime as dt
import pickle
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vgrklass.load import load_structure
from vgrklass.refs import code_positions
from vgrklass.search import (
    analyse,
    build_index,
    content_words,
    expand_ellipses,
    lemma,
    load_index,
    normalise,
    search,
    split_compound,
    stem,
    tokenize,
)
from vgrklass.search.index import redirect
from vgrklass.search.text import (
    ThesaurusError,
    Vocabulary,
    hyphen_compounds,
    parse_thesaurus,
    particle_verbs,
    read_thesaurus,
)

SEARCH_YAML = """\
meta:
  title: Sökstruktur
  organisation: Testregionen
  version: "1.0:2020"
  valid_from: 2021-01-01
  diarienummer: RS 2020-2
nodes:
  - code: "1"
    kind: VO
    title: GE STÖD
    children:
      - code: "1.1"
        kind: P
        title: Hantera utgifter till leverantör
        description: >-
          Processen omfattar att granska och betala räkningar från företag som
          levererat varor.
        examples:
          - leverantörsräkning
          - följebrev
          - kvitto på egna utlägg för glasögon
          - bygg- och rivningsritning
        comments: |-
          Glasögonavtal hanteras under P 1.3 Förvalta avtal.
      - code: "1.2"
        kind: P
        title: Köpa in varor
        removed: 2020-01-01
        removed_as: Upphörd
        examples:
          - inköpsorder
          - offertförfrågan
        comments: |-
          Ramavtal hanteras under P 1.3 Förvalta avtal.
      - code: "1.3"
        kind: P
        title: Förvalta avtal
        examples:
          - tilläggsavtal
          - uppsägning av avtal
      - code: "1.4"
        kind: P
        title: Köpa in varor och tjänster
        added: 2020-01-01
        examples:
          - inköpsorder
          - offertförfrågan
      - code: "1.5"
        kind: P
        title: Driva in fordringar
        description: >-
          Processen omfattar att skicka betalningspåminnelse till kunder som inte betalat.
        examples:
          - inkassobrev
      - code: "1.6"
        kind: P
        title: Påminna kunder
        examples:
          - betalningspåminnelse
          - brev till kund
"""

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def structure(write_yaml):
    return load_structure(write_yaml(SEARCH_YAML))


@pytest.fixture
def index(structure):
    return build_index(structure)


def codes(index, query: str, on: dt.date = TODAY, **options) -> list[str]:
    return [hit.code for hit in search(index, query, on=on, **options)]


def first(index, query: str, on: dt.date = TODAY, **options) -> str | None:
    found = codes(index, query, on, **options)
    return found[0] if found else None


# --- text handling --------------------------------------------------------------------

def test_normalise_casefolds_composes_and_drops_punctuation():
    decomposed = unicodedata.normalize("NFD", "Följebrev")
    assert normalise(f"  {decomposed}, LEVERANTÖRS-Räkning! ") == "följebrev leverantörs räkning"


@given(st.text(alphabet=st.characters(max_codepoint=0x3000), max_size=30))
def test_normalise_keeps_exactly_letters_digits_and_spaces(text):
    # The definition, character by character; normalise does it in one regex pass.
    folded = unicodedata.normalize("NFC", text).casefold()
    expected = "".join(ch if ch.isalnum() or ch.isspace() else " " for ch in folded)
    assert normalise(text) == " ".join(expected.split())


@given(st.text(alphabet="ab1_- xåÄ9-c/", max_size=24))
def test_hyphen_compounds_find_what_the_plain_pattern_finds(text):
    # The definition, with backtracking; the module's pattern is possessive (fast).
    import re

    plain = re.compile(r"(\w*[^\W\d_]\w*)-([^\W\d_]{3,})")
    expected = [(a.replace("_", ""), b) for a, b in plain.findall(text.casefold())]
    assert hyphen_compounds(text) == expected


def test_normalise_turns_underscores_and_odd_spaces_into_word_breaks():
    assert normalise("avtal_2021\u00a0bilaga\u2003Ⅳ½") == "avtal 2021 bilaga ⅳ½"


def test_tokenize_keeps_swedish_letters_and_splits_on_slashes():
    assert tokenize("Kvitto/följebrev (åäö)") == ["kvitto", "följebrev", "åäö"]


def test_content_words_drop_stop_words():
    assert content_words(tokenize("kvitto på utlägg för resa till och från mötet")) == [
        "kvitto", "utlägg", "resa", "mötet"]


def test_split_compound_with_linking_s_and_dropped_e():
    assert split_compound("leverantörsräkning", {"leverantör", "räkning"}) == [
        "leverantör", "räkning"]
    assert split_compound("arbetsmiljöplan", {"arbete", "miljö", "plan"}) == [
        "arbete", "miljö", "plan"]


def test_split_compound_accepts_unknown_head_after_known_word_and_linking_s():
    assert split_compound("informationsklassning", {"information"}) == [
        "information", "klassning"]
    assert split_compound("informationklassning", {"information"}) == []


def test_split_compound_refuses_particle_prefixes_and_unknown_heads():
    assert split_compound("uppdrag", {"drag", "upp"}) == []
    assert split_compound("glasstrut", {"glass"}) == []


def test_lemma_conflates_forms_snowball_keeps_apart():
    assert lemma("ansökan") == lemma("ansökningar")
    assert lemma("diariet") == lemma("diarium")
    assert lemma("följesedel") == lemma("följesedlar")
    assert lemma("protokollet") == lemma("protokoll")
    assert lemma("plan") != lemma("planering")


def test_expand_ellipses():
    vocabulary = {"kund", "kvitto", "faktura", "rehabilitering", "utredning", "plan"}
    assert expand_ellipses("kund- och kvittofaktura", vocabulary) == ["kundfaktura"]
    assert expand_ellipses("rehabiliteringsutredning/-plan", vocabulary) == [
        "rehabiliteringsplan"]
    assert expand_ellipses("kundfaktura och kvitto", vocabulary) == []


def test_redirect_reads_target_and_subject_of_a_comment():
    assert redirect("Glasögonavtal hanteras under P 1.3 Förvalta avtal.") == (
        "Glasögonavtal", "1.3")
    assert redirect("Handlingar om larm, se processen P 2.9.2.") == ("Handlingar om larm",
                                                                     "2.9.2")
    assert redirect("Myndighetens egna enkäter hanteras i berörd process.") == (
        "Myndighetens egna enkäter", None)
    assert redirect("Utlämnande av journalhandling hanteras här.") is None


def test_redirect_targets_what_refs_reads_as_a_reference():
    # The target is refs.py's reading of the sentence: a bare code needs "process" or a
    # title after it, a list sends to its first code, and a number is no code.
    assert redirect('Upphandlingar hanteras under process 13.5 "Hantera inköp"') == (
        "Upphandlingar", "13.5")
    assert redirect('Inköpspolicy hanteras i 1.3 "Utföra internt ledningsarbete"') == (
        "Inköpspolicy", "1.3")
    assert redirect("Avtal hanteras i P 2.5.3 och 2.5.4 Hantera avtal.") == ("Avtal", "2.5.3")
    assert redirect("Kopior hanteras i 5 år.") is None
    sentence = "Fakturor hanteras i P 2.1.1 Hantera kostnader."
    assert [code for _, code in code_positions(sentence)] == [redirect(sentence)[1]]


# --- matching categories ----------------------------------------------------------------

def test_exact_example(index):
    assert first(index, "följebrev") == "1.1"


@pytest.mark.parametrize("query", ["följebreven", "leverantörsräkningar", "följebrevet"])
def test_inflected_forms(index, query):
    assert first(index, query) == "1.1"


def test_compound_query_finds_words_written_apart(index):
    assert first(index, "glasögonkvitto") == "1.1"


def test_words_written_apart_find_compound(index):
    assert first(index, "räkning från leverantör") == "1.1"
    assert first(index, "leverantörs räkning") == "1.1"


def test_query_word_that_is_part_of_an_indexed_compound(index):
    assert first(index, "inkasso") == "1.5"
    # A whole-word match outranks the same word as the head of a compound.
    found = codes(index, "brev")
    assert found[0] == "1.6"
    assert set(found[1:]) == {"1.1", "1.5"}  # följebrev, inkassobrev


@pytest.mark.parametrize("query", ["leverantörsräkninng", "folјebrev".replace("ј", "j"),
                                   "leverantorsrakning"])
def test_typos_and_missing_diacritics(index, query):
    assert first(index, query) == "1.1"


def test_description_paraphrase_is_found(index):
    assert first(index, "företag som levererat varor") == "1.1"


def test_description_match_ranks_below_example_match(index):
    found = codes(index, "betalningspåminnelse")
    assert found[:2] == ["1.6", "1.5"]


def test_ellipsis_both_expansions(index):
    assert first(index, "byggritning") == "1.1"
    assert first(index, "rivningsritning") == "1.1"


def test_comment_sends_term_to_the_process_it_names(index):
    found = search(index, "glasögonavtal", on=TODAY)
    assert found[0].code == "1.3"
    assert found[0].matched[0].field == "reference"
    assert "1.1" not in [h.code for h in found[:1]]


def test_reference_from_a_removed_process_counts_only_while_it_was_in_force(index):
    assert codes(index, "ramavtal", on=dt.date(2019, 6, 1)) == ["1.3"]
    assert codes(index, "ramavtal") == []


def test_removed_process_absent_today_present_in_the_past(index):
    assert codes(index, "offertförfrågan") == ["1.4"]
    assert codes(index, "offertförfrågan", on=dt.date(2019, 6, 1)) == ["1.2"]


def test_successor_outranks_removed_process_with_all(index):
    hits = search(index, "inköpsorder", on=TODAY, include_removed=True)
    assert [h.code for h in hits] == ["1.4", "1.2"]
    assert hits[0].in_force and not hits[1].in_force
    assert hits[1].removed == dt.date(2020, 1, 1)


@pytest.mark.parametrize("query", ["glasstrut", "asdfgh", "pizza", "semesterresa till Thailand",
                                   "avtak", "och i på"])
def test_negatives_return_nothing(index, query):
    assert codes(index, query) == []


def test_coverage_threshold_rejects_half_matched_query(index):
    assert codes(index, "följebrev från månlandare i Jupiters bana") == []


def test_hit_carries_evidence(index):
    hit = search(index, "leverantörsräkningar", on=TODAY)[0]
    assert hit.matched[0].field == "examples"
    assert hit.matched[0].text == "leverantörsräkning"
    assert hit.matched[0].words[0][2] == "stam"
    data = hit.to_dict()
    assert {"code", "kind", "title", "score", "matched"} <= set(data)
    assert data["matched"][0]["field"] == "examples"


def test_limit(index):
    assert len(search(index, "varor", on=TODAY, limit=1)) == 1


def test_index_is_plain_picklable_data(index):
    copy = pickle.loads(pickle.dumps(index))
    assert copy == index


def test_load_index_uses_cache(structure, monkeypatch):
    first_index = load_index(structure)
    from vgrklass.search import cached as cached_module

    def fail(_structure):
        raise AssertionError("rebuilt although cached")

    monkeypatch.setattr(cached_module, "build_index", fail)
    stored = load_index(structure)
    assert stored is not first_index
    assert stored.as_index() == first_index  # the store reads back as the index built


def test_real_structure_finds_leverantorsfaktura():
    from vgrklass.datafile import shipped_data_path

    structure = load_structure(Path(shipped_data_path()))
    assert first(build_index(structure), "leverantörsfakturor") == "2.4.3"


# --- compounds, derivations and partial matches (issue 4, round 2) --------------------

PARTS_YAML = """\
meta:
  title: Delstruktur
  organisation: Testregionen
  version: "1.0:2020"
  valid_from: 2021-01-01
  diarienummer: RS 2020-3
nodes:
  - code: "1"
    kind: VO
    title: GE STÖD
    children:
      - code: "1.1"
        kind: P
        title: Betala ut löner
        description: Processen omfattar utbetalning av lön, intyg och rättelse av fel.
        examples:
          - lönetillägg
          - reseräkning
          - kursintyg
      - code: "1.2"
        kind: P
        title: Köpa varor
        description: Gäller även resa till leverantör och inbjudan.
        examples:
          - specifikation av varor
          - tilläggsavtal
          - kursinbjudan
        comments: |-
          Underlag till leveransplan hanteras i P 1.3 Planera leveranser.
      - code: "1.3"
        kind: P
        title: Planera leveranser
        description: Här ingår även buller och damm vid lossning.
        examples:
          - semesterlista
          - leveransplan
          - beskrivning av rivning
      - code: "1.4"
        kind: P
        title: Köpa från leverantör
        examples:
          - bilaga till kund-/leverantörsavtal
          - IT-avtal
      - code: "1.5"
        kind: P
        title: Teckna avtal
        examples:
          - avtal med grossistleverantör
          - avtal
"""


@pytest.fixture
def parts_index(write_yaml):
    return build_index(load_structure(write_yaml(PARTS_YAML)))


def test_stem_keeps_derivational_endings_snowball_cuts():
    assert stem("rättelse") == stem("rättelser")
    assert stem("rättelse") != stem("rätt")
    assert stem("rättigheter") != stem("rätt")


def test_lemma_conflates_s_final_stems_with_their_plurals():
    assert lemma("prognos") == lemma("prognoser")
    assert lemma("kurs") == lemma("kurser")


def test_derived_word_does_not_match_its_root(parts_index):
    assert codes(parts_index, "rättigheter") == []


def test_one_syllable_first_part_keeps_its_s():
    assert split_compound("kursplan", {"plan"}) == ["kurs", "plan"]
    assert split_compound("rivningsplan", {"plan"}) == ["rivning", "plan"]


def test_adjective_in_isk_is_not_split_on_a_guess():
    assert split_compound("historisk", {"risk"}) == []


def test_compound_parts_of_the_structure_are_known_words(parts_index):
    # 'kurs' is only written in kursintyg and kursinbjudan.
    assert "kurs" in parts_index.parts
    assert split_compound("grundkurs", parts_index.known) == ["grund", "kurs"]
    # A first part seen once only is more likely a wrong cut (besk|rivning).
    assert "besk" not in parts_index.parts


def test_hyphenated_compounds_have_their_head():
    assert hyphen_compounds("IS/IT-budget och MBL-protokoll") == [
        ("it", "budget"), ("mbl", "protokoll")]
    assert hyphen_compounds("styrelse-/nämndprotokoll, kund- och kvittofaktura") == []


def test_hyphenated_compound_matches_as_compound(parts_index):
    assert first(parts_index, "avtal") == "1.5"  # the whole word beats 'IT-avtal'
    assert first(parts_index, "IT-avtal") == "1.4"


def test_compound_whose_first_part_is_found_and_head_is_a_document_type(parts_index):
    # 'specifikation' is a document type (1.2); 'lön' says which process.
    assert codes(parts_index, "lönespecifikation") == ["1.1"]


def test_compound_with_unknown_first_part_and_document_type_head_finds_nothing(parts_index):
    assert codes(parts_index, "hundspecifikation") == []


def test_compound_whose_head_is_no_document_type_must_find_it(parts_index):
    # 'resa' is a word of the structure, but no document type; semester is in 1.3 only.
    assert codes(parts_index, "semesterresa") == []


def test_misspelt_part_of_an_unknown_compound_is_corrected(parts_index):
    assert first(parts_index, "lönespecifkation") == "1.1"


def test_part_match_is_not_shown_beside_the_whole_word(parts_index):
    # 1.2 has 'kurs' (in kursinbjudan), and 'intyg' is a document type: a partial
    # match, but 1.1 has the whole word.
    assert codes(parts_index, "kursintyg") == ["1.1"]


def test_literal_compound_beats_one_built_from_parts_of_other_words(parts_index):
    # 'kund-/leverantörsavtal' is one word written two ways; 'grossistleverantör' is only
    # partly the query's 'leverantör'.
    assert first(parts_index, "leverantörsavtal") == "1.4"


def test_away_penalty_only_when_the_query_names_the_subject_head(parts_index):
    assert first(parts_index, "leveransplan") == "1.3"
    assert first(parts_index, "underlag till leveransplan") == "1.3"
    hits = search(parts_index, "specifikation", on=TODAY)
    assert hits[0].code == "1.2" and hits[0].parts["penalty"] == 1.0


def test_words_after_a_preposition_qualify_and_weigh_less(parts_index):
    # 'grannar' is unknown; the head phrase is found in a description.
    assert codes(parts_index, "buller och damm från grannar") == ["1.3"]


# --- synonyms (a thesaurus of the test's own, not the shipped one) -------------------------

SYNONYM_YAML = """\
meta:
  title: Synonymstruktur
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
        title: Förvalta lokaler
        examples: [hyresavtal, tjänsteutlåtande]
      - code: "1.2"
        kind: P
        title: Hantera kontrakt
        examples: [kontrakt, tjänsteutlåtande]
      - code: "1.3"
        kind: P
        title: Kompetensutveckla
        examples: [kursintyg, kursinbjudan, tjänsteutlåtande]
      - code: "1.4"
        kind: P
        title: Rekrytera
        description: Processen omfattar tillsättning av tjänst.
        examples: [ansökan, tjänsteutlåtande]
      - code: "1.5"
        kind: P
        title: Förvalta avtal
        examples: [avtal, tjänsteutlåtande]
      - code: "1.6"
        kind: P
        title: Tillhandahålla utbildningar för förtroendevalda
        examples: [inbjudan, tjänsteutlåtande, utlåtande från läkare]
      - code: "1.7"
        kind: P
        title: Följa upp inköp
        description: Inköp som görs som följd av direktupphandling följs upp.
        examples: [tjänsteutlåtande]
      - code: "1.8"
        kind: P
        title: Hantera upphandlingar
        description: Processen omfattar direktupphandlingar och avrop.
        examples: [tjänsteutlåtande]
"""

THESAURUS = [("avtal", "kontrakt"), ("intyg", "bevis"), ("jobb", "tjänst"),
             ("utbildning", "kurs")]


@pytest.fixture
def synonym_index(write_yaml):
    return build_index(load_structure(write_yaml(SYNONYM_YAML)), thesaurus=THESAURUS)


def hows(hit) -> set[str]:
    return {how for m in hit.matched for _, _, how in m.words}


def test_direct_hit_beats_synonym_hit(synonym_index):
    hits = search(synonym_index, "kontrakt", on=TODAY)
    assert [h.code for h in hits[:2]] == ["1.2", "1.5"]
    assert hows(hits[0]) == {"exakt"} and hows(hits[1]) == {"synonym"}
    assert hits[0].score > hits[1].score


def test_synonym_replaces_a_part_of_a_compound(synonym_index):
    for query, code, matched in (("hyreskontrakt", "1.1", "hyresavtal"),
                                 ("kursbevis", "1.3", "kursintyg")):
        hit = search(synonym_index, query, on=TODAY)[0]
        assert hit.code == code
        assert (query, matched, "synonym") in hit.matched[0].words


def test_synonym_of_a_generic_word_alone_finds_nothing(synonym_index):
    # 'tjänst' is in every process (tjänste|utlåtande): 'jobb' on its own says nothing.
    assert codes(synonym_index, "jobb") == []
    assert codes(synonym_index, "jobbet i trädgården") == []
    # In a compound the other part says what is meant.
    assert first(synonym_index, "jobbansökan") == "1.4"


def test_compound_written_out_beats_its_head_plus_a_synonym(synonym_index):
    # 'kursinbjudan' has both words; 1.6 has 'inbjudan' and a synonym of 'kurs'.
    hit = search(synonym_index, "inbjudan till kurs", on=TODAY)[0]
    assert hit.code == "1.3" and hows(hit) == {"sammansättning"}


def test_title_naming_the_query_supports_a_match_in_the_description(synonym_index):
    # Both describe 'direktupphandling'; 1.8's title is about upphandlingar.
    assert first(synonym_index, "direktupphandling") == "1.8"


def test_shipped_thesaurus_parses_and_has_no_word_in_two_groups():
    groups = read_thesaurus()
    words = [w for group in groups for w in group]
    assert len(groups) >= 60
    assert len(words) == len(set(words))
    assert all(len(group) >= 2 for group in groups)


def test_thesaurus_rejects_a_word_in_two_groups_and_a_lone_word():
    assert parse_thesaurus("# kommentar\navtal kontrakt  # slut\n\nintyg bevis\n") == [
        ("avtal", "kontrakt"), ("intyg", "bevis")]
    with pytest.raises(ThesaurusError, match="rad 2"):
        parse_thesaurus("avtal kontrakt\nkontrakt överenskommelse\n")
    with pytest.raises(ThesaurusError, match="rad 1"):
        parse_thesaurus("avtal\n")
    with pytest.raises(ThesaurusError):
        parse_thesaurus("avtal e-post\n")


def test_unknown_head_splits_only_after_a_first_part_used_before_known_heads():
    known = Vocabulary({"planera"}, modifiers={"bygg", "verksam"})
    assert split_compound("byggritning", known) == ["bygg", "ritning"]
    assert split_compound("byggering", known) == []  # a derivation, not a head
    assert split_compound("verksamheten", known) == []
    assert split_compound("byggritning", Vocabulary({"bygg"})) == []


HEAD_YAML = """\
meta:
  title: Huvudordsstruktur
  organisation: Testregionen
  version: "1.0:2020"
  valid_from: 2021-01-01
  diarienummer: RS 2020-5
nodes:
  - code: "1"
    kind: VO
    title: STYRA OCH STÖDJA
    children:
      - code: "1.1"
        kind: P
        title: Utföra politiskt ledningsarbete
        examples: [protokoll, kallelse till sammanträde i nämnd, delegeringsordning]
      - code: "1.2"
        kind: P
        title: Utföra internt ledningsarbete
        examples: [handbok, mötesanteckning från ledningsgrupp, rutin]
      - code: "1.3"
        kind: P
        title: Hantera externa synpunkter och klagomål
        examples: [klagomål, synpunkt, avvikelserapport]
      - code: "1.4"
        kind: P
        title: Hantera förtroendevaldas arvoden
        examples: [arvodesberedningens sammanträdeshandlingar och protokoll,
                   begäran om förlorad semesterersättning]
      - code: "1.5"
        kind: P
        title: Informera och kommunicera
        examples: [bild, broschyr, inbjudan, rapport, redovisning]
      - code: "1.6"
        kind: P
        title: Tillhandahålla utbildningar
        examples: [inbjudan, utbildningsmaterial, styrgruppsmöte]
      - code: "1.7"
        kind: P
        title: Bedriva internt miljöarbete
        examples: [miljömanual, miljöredovisning, miljörapport]
      - code: "1.8"
        kind: P
        title: Förvalta lokaler
        examples: [avtal om hyra av lokaler, felanmälan]
      - code: "1.9"
        kind: P
        title: Förvalta avtal
        examples: [avtal, tilläggsavtal]
      - code: "1.10"
        kind: P
        title: Beräkna och betala ut löner
        examples: [reseräkning, lönetillägg, ersättning för utlägg, semesterplanering]
      - code: "1.11"
        kind: P
        title: Hantera kostnader från leverantör
        examples: [leverantörsfaktura, lista över utbetalningar]
      - code: "1.12"
        kind: P
        title: Samverka som arbetsgivare
        examples: [protokoll från samverkansgrupp, förhandlingsprotokoll, anteckningar]
      - code: "1.13"
        kind: P
        title: Bedriva forskning
        examples: [forskningskontrakt, etikprövning]
"""


# Enough other processes that a word in one process is as rare as in the real structure
# (idf): with a dozen processes, coverage alone would reject what the head rules reject.
HEAD_FILLER = "".join(f"""
      - code: "2.{n}"
        kind: P
        title: Besluta i ärende {n}
        examples: [tjänsteutlåtande, korrespondens]""" for n in range(1, 51))
HEAD_YAML += """  - code: "2"
    kind: VO
    title: BESLUTA
    children:""" + HEAD_FILLER + "\n"


@pytest.fixture
def head_index(write_yaml):
    return build_index(load_structure(write_yaml(HEAD_YAML)),
                       thesaurus=[("avtal", "kontrakt"), ("manual", "bruksanvisning")])


def test_the_head_is_the_last_word_before_the_first_preposition(head_index):
    def head(query: str) -> list[str]:
        return [w.text for w in analyse(head_index, query) if w.head]

    assert head("klagomål på bemötande") == ["klagomål"]
    assert head("grafisk manual") == ["manual"]
    assert head("protokoll från ledningsgruppsmöte") == ["protokoll"]


def test_unknown_head_finds_nothing(head_index):
    # The qualifier is a word of the structure (1.1), the head is not.
    assert codes(head_index, "tårta till nämnden") == []
    assert codes(head_index, "protokollpärm") == []


def test_head_named_directly_is_a_hit_though_its_qualifier_is_unknown(head_index):
    # 'klagomål' is a document type of 1.3 alone: 'bemötande' then only ranks.
    assert codes(head_index, "klagomål på bemötande") == ["1.3"]


def test_head_of_several_processes_with_an_unknown_qualifier_finds_nothing(head_index):
    # 'inbjudan' is 1.5's and 1.6's: an unknown word cannot say which.
    assert codes(head_index, "inbjudan till bröllop") == []
    assert set(codes(head_index, "inbjudan")) == {"1.5", "1.6"}


def test_synonym_head_needs_its_qualifier_in_the_same_process(head_index):
    assert codes(head_index, "kontrakt för mobilabonnemang") == []
    hit = search(head_index, "kontrakt om hyra", on=TODAY)[0]
    assert hit.code == "1.8" and "synonym" in hows(hit)


def test_head_inside_another_compound_with_an_unknown_qualifier_finds_nothing(head_index):
    assert first(head_index, "manual") == "1.7"  # miljömanual is a manual
    assert codes(head_index, "manual till kaffemaskinen") == []


def test_first_part_of_another_compound_does_not_stand_in_for_a_missing_head(head_index):
    # 'bild' is a document type (1.5); 'semester' in 1.4 only describes an ersättning.
    assert codes(head_index, "semesterbilder") == []


def test_qualifier_found_in_the_process_breaks_the_tie(head_index):
    # 1.1 and 1.12 both have 'protokoll' (1.1 as a whole example, so it comes first on
    # its own); only 1.12 names the samverkansgrupp.
    assert first(head_index, "protokoll") == "1.1"
    assert first(head_index, "protokoll från samverkansgrupp") == "1.12"


def test_document_type_head_counts_in_part_where_the_qualifier_is_found_whole(head_index):
    # 1.2 calls it a mötesanteckning, but only 1.2 has the ledningsgrupp's meetings.
    assert first(head_index, "protokoll från ledningsgruppsmöte") == "1.2"
    assert "1.2" not in codes(head_index, "protokoll")


def test_compound_spelt_out_over_a_process_examples(head_index):
    # 1.1: 'protokoll' and 'sammanträde' as words; in 1.4 'sammanträde' describes handlingar.
    assert first(head_index, "sammanträdesprotokoll") == "1.1"


def test_particle_verb_of_a_title_matches_its_noun(head_index):
    # 'betala ut' is 'utbetala'; 1.11 has 'utbetalningar' but nothing about lön.
    assert first(head_index, "löneutbetalning") == "1.10"
    assert particle_verbs("Beräkna och betala ut löner") == ["utbetala"]
    assert particle_verbs("avveckling av tjänst, följa upp avtal") == ["uppfölja"]


def test_a_first_part_that_is_a_word_splits_only_into_words():
    known = Vocabulary({"försäkring", "policy", "kring"}, parts={"försä"})
    assert split_compound("försäkringspolicy", known) == ["försäkring", "policy"]
    assert split_compound("arbetsmiljöplan", Vocabulary({"arbete", "miljö", "plan",
                                                         "arbetsmiljö"})) == \
        ["arbete", "miljö", "plan"]


def test_with_history_processes_in_force_come_before_removed_ones_whatever_the_score():
    # In the shipped data the removed 2.5.1 and 13.1 have 'direktupphandla' in an example,
    # the process in force today (13.5) only in its description: they match better.
    shipped = load_structure(Path(__file__).resolve().parents[1] / "data" / "klassificering.yaml")
    hits = search(build_index(shipped), "direktupphandla", on=dt.date(2024, 6, 1),
                  include_removed=True)
    flags = [h.in_force for h in hits]
    assert True in flags and False in flags
    assert flags == sorted(flags, reverse=True)


TWINS_YAML = """\
meta:
  title: Två nämnder
  organisation: Testregionen
  version: "1.0:2020"
  valid_from: 2021-01-01
  diarienummer: RS 2020-3
nodes:
  - code: "1"
    kind: VO
    title: EKONOMI
    children:
      - code: "1.1"
        kind: P
        title: Betala leverantörer
        examples:
          - leverantörsfaktura
          - följesedel
        comments: |-
          Kvitton på utlägg hanteras i P 1.2.
      - code: "1.2"
        kind: P
        title: Hantera utlägg
        examples:
          - reseräkning
  - code: "2"
    kind: VO
    title: EKONOMI
    children:
      - code: "2.1"
        kind: P
        title: Betala leverantörer
        removed: 2022-01-01
        examples:
          - leverantörsfaktura
          - följesedel
        comments: |-
          Kvitton på utlägg hanteras i P 2.2.
      - code: "2.2"
        kind: P
        title: Hantera utlägg
        examples:
          - reseräkning
"""


def test_twins_read_once_answer_as_each_process_read_on_its_own(write_yaml, monkeypatch):
    """Processes with the same texts, codes aside (one structure per nämnd), are read
    once per twin group; each still gets its own code, dates and evidence, exactly as
    if every process had been ranked on its own."""
    from vgrklass.search import index as index_module
    from vgrklass.search.find import find
    from vgrklass.search.index import Twins

    structure = load_structure(write_yaml(TWINS_YAML))
    twinned = build_index(structure)
    assert sorted(len(t.members) for t in twinned.twins.values()) == [2, 2]
    real = index_module.twin_groups

    def one_each(*args):
        return {d: Twins((d,), ((life, (d,)),)) for group in real(*args).values()
                for life, members in group.lifetimes for d in members}

    monkeypatch.setattr(index_module, "twin_groups", one_each)
    apart = build_index(structure)
    assert all(len(t.members) == 1 for t in apart.twins.values())
    for query in ("leverantörsfaktura", "kvitto på utlägg", "reseräkning", "utlägg",
                  "faktura från leverantör", "räkning"):
        for on in (dt.date(2021, 6, 1), dt.date(2024, 6, 1)):
            for include_removed in (False, True):
                found = [find(index, query, on=on, limit=None, include_removed=include_removed)
                         for index in (twinned, apart)]
                assert [[h.to_dict() for h in r.hits] for r in found] == \
                    [[h.to_dict() for h in found[1].hits]] * 2, (query, on, include_removed)
                assert found[0].total == found[1].total


def test_a_twin_keeps_its_own_code_removal_and_reference(write_yaml):
    index = build_index(load_structure(write_yaml(TWINS_YAML)))
    on = dt.date(2021, 6, 1)
    hits = search(index, "kvitton på utlägg", on=on, limit=None)
    assert [h.code for h in hits] == ["1.2", "2.2"]
    sources = [[m.other for m in h.matched if m.field == "reference"] for h in hits]
    assert sources == [["1.1"], ["2.1"]]
    later = search(index, "leverantörsfaktura", on=dt.date(2024, 6, 1), limit=None,
                   include_removed=True)
    assert [(h.code, h.in_force, h.removed) for h in later] == [
        ("1.1", True, None), ("2.1", False, dt.date(2022, 1, 1))]
    # A removed process's comment no longer sends anything to its twin's neighbour.
    after = search(index, "kvitton på utlägg", on=dt.date(2024, 6, 1), limit=None)
    assert [h.code for h in after] == ["1.2"]
