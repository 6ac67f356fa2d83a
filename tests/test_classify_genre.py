"""A reply is filed with what it answers (classify/genre.py), one mechanism per test, on a
small structure of the real one's shape: a process answering remisser and enkäter from
anyone, one answering remisser from the state and the EU, a topical process that also
lists remissvar, two processes whose yttranden are statements to courts, and support
processes about other things (so that a type is as rare as in a real structure)."""

from __future__ import annotations

import pytest
from tests.test_classify_mechanisms import STRUCTURE as MECHANISMS
from tests.test_classify_mechanisms import codes, ranked

from vgrklass.classify import document_terms, load_profiles
from vgrklass.classify.genre import case_types, reply_case, state_mark, state_scoped
from vgrklass.extract import document_from_text
from vgrklass.load import load_structure

META = MECHANISMS[:MECHANISMS.index("nodes:\n") + len("nodes:\n")]  # Provregionen's

STRUCTURE = META + """\
  - code: "1"
    kind: VO
    title: STYRA OCH LEDA
    children:
      - code: "1.8"
        kind: P
        title: Besvara remisser och enkäter
        description: Remisser och enkäter från andra organisationer, myndigheter och bolag, och
          svar på dem.
        examples:
          - remiss
          - remissvar
          - enkät
          - enkätsvar
      - code: "1.9"
        kind: P
        title: Hantera juridiska frågor
        description: Överklagan och förvaltningsbesvär, domar, utlåtanden och ärenden i domstol.
        examples: [yttrande, överklagan, dom]
      - code: "1.10"
        kind: P
        title: Företräda regionen inför domstol och andra myndigheter
        description: Mål i domstol och ärenden hos andra myndigheter.
        examples:
          - yttranden
          - stämningsansökan
  - code: "5"
    kind: VO
    title: VARA REGIONALT SJÄLVSTYRELSEORGAN
    children:
      - code: "5.2"
        kind: P
        title: Hantera infrastruktur ur ett regiongemensamt perspektiv
        description: Infrastrukturplaner, vägar, järnvägar och kollektivtrafik i regionen.
        examples:
          - rapporter
          - remissutskick- och remissvar
          - infrastrukturplan
      - code: "5.4"
        kind: P
        title: Besvara remisser utifrån ett regionövergripande perspektiv
        description: >-
          Processen omfattar att svara på remisser från statliga och europeiska
          myndigheter för hela regionen.
        examples:
          - inkommande remiss
          - yttranden
          - remissyttranden
  - code: "2"
    kind: VO
    title: STÖDJA VERKSAMHETEN
    children:
      - code: "2.1"
        kind: P
        title: Rekrytera
        description: Annonsering av lediga tjänster, urval och anställning av medarbetare.
        examples: [platsannons, ansökan, anställningsavtal]
      - code: "2.2"
        kind: P
        title: Hantera kostnader från leverantör
        description: Fakturor från leverantörer betalas.
        examples: [leverantörsfaktura, följesedel]
      - code: "2.3"
        kind: P
        title: Redovisa och hantera arkiv
        description: Informationsredovisning, bevarande och gallring.
        examples: [arkivförteckning, gallringsbeslut]
      - code: "2.4"
        kind: P
        title: Hantera informationssäkerhet
        description: Skydd av information och informationsklassning.
        examples: [informationsklassning, riskanalys]
      - code: "2.5"
        kind: P
        title: Kompetensutveckla
        description: Personalutbildningar för anställda.
        examples: [kursinbjudan, kursintyg]
      - code: "2.6"
        kind: P
        title: Bedriva arbetsmiljöarbete
        description: Systematiskt arbetsmiljöarbete och skyddsronder.
        examples: [arbetsmiljörond, handlingsplan]
      - code: "2.7"
        kind: P
        title: Tillhandahålla tjänstefordon
        description: Bilar och körjournaler.
        examples: [körjournal, leasingavtal]
      - code: "2.8"
        kind: P
        title: Hantera försäkringar
        description: Försäkringar och skadeanmälningar.
        examples: [försäkringsbrev, skadeanmälan]
"""

@pytest.fixture(scope="module")
def structure(tmp_path_factory):
    path = tmp_path_factory.mktemp("genre") / "struktur.yaml"
    path.write_text(STRUCTURE, encoding="utf-8")
    return load_structure(path)


@pytest.fixture(scope="module")
def profiles(structure):
    return load_profiles(structure)


def case_of(profiles, text: str):
    return reply_case(document_terms(document_from_text(text, "doc.txt"), profiles), profiles)


# --- what a reply answers ----------------------------------------------------------------------

def test_the_structure_says_what_replies_answer(profiles):
    # remissvar, enkätsvar, remissyttranden: the first parts; never the reply word itself.
    assert {"remiss", "enkät"} <= case_types(profiles)
    assert "infrastrukturplan" not in case_types(profiles)


def test_a_reply_names_its_case_in_its_own_word_its_title_or_its_opening(profiles):
    assert case_of(profiles, "Remissvar: Nationell plan för järnvägar\n\nText.\n").lemma \
        == "remiss"
    assert case_of(profiles, "Svar på enkät om kollektivtrafik\n\nText.\n").lemma == "enkät"
    opening = case_of(profiles, "Infrastrukturplan för Västkusten – yttrande\n\n"
                      "Kommunen har skickat planen på remiss till regionen.\n")
    assert opening.lemma == "remiss" and opening.place.zone == "body"
    assert "remiss" in opening.place.line


def test_a_reply_that_does_not_say_what_it_answers_has_no_case(profiles):
    # A court yttrande, and a yttrande whose subject is a document type but no remiss.
    assert case_of(profiles, "Yttrande i mål om överklagan\n\nRegionen anför följande.\n") \
        is None
    assert case_of(profiles, "Yttrande över infrastrukturplan\n\nRegionen tycker så.\n") \
        is None
    assert case_of(profiles, "Rapport om remissen\n\nEn remiss har kommit in.\n") is None
    # A tjänsteutlåtande is a report in a case, no reply: its own remiss (the case's
    # process keeps it) says nothing. And a compound in the opening is no case.
    assert case_of(profiles, "Tjänsteutlåtande\n\nFörslaget har varit på remiss.\n") is None
    assert case_of(profiles, "Utlåtande\n\nResultatet av medarbetarenkäten.\n") is None
    assert case_of(profiles, "Utlåtande\n\nResultatet av enkäten.\n").lemma == "enkät"


YTTRANDE_ON_A_REMISS = """\
Infrastrukturplan för Västkusten – yttrande

Till: Strandby kommun

Strandby kommun har skickat förslaget till infrastrukturplan på remiss till regionen.
Regionen lämnar här sitt yttrande över planen för vägar, järnvägar och kollektivtrafik.
"""


def test_a_yttrande_on_a_remiss_is_filed_with_the_remisses(structure):
    # 'yttrande' alone is a court statement as well as a remissyttrande, and the subject
    # (infrastruktur, kollektivtrafik) belongs to 5.2: the remiss decides.
    outcome = ranked(structure, YTTRANDE_ON_A_REMISS)
    assert codes(outcome)[0] == "1.8"
    case = [e for e in outcome.hits[0].evidence if e.match == "remiss"]
    assert case and case[0].zone == "body" and "på remiss" in case[0].line
    assert not outcome.confident


def test_the_reply_word_of_a_process_that_never_names_the_case_counts_less(structure):
    # The same yttrande, once without saying what it answers and once on a remiss: the
    # court processes' 'yttrande' then names another kind of yttrande.
    plain = "Yttrande över planen för vägar\n\nRegionen lämnar här sitt yttrande.\n"
    on_remiss = plain + "Planen har skickats på remiss till regionen.\n"

    def yttrande(text: str, code: str) -> float:
        outcome = ranked(structure, text, limit=8)
        return next(e.score for hit in outcome.hits if hit.code == code
                    for e in hit.evidence if e.match == "yttrande")

    assert yttrande(on_remiss, "1.9") < yttrande(plain, "1.9")
    assert codes(ranked(structure, plain))[0] in ("1.9", "1.10", "5.4")
    assert codes(ranked(structure, on_remiss))[0] == "1.8"


REMISSVAR_ON_INFRASTRUCTURE = """\
Remissvar: Nationell plan för infrastruktur 2026–2037

Regionen har fått planen för infrastruktur på remiss. Infrastrukturen för järnvägar,
vägar och kollektivtrafik i regionen behöver stärkas. Infrastrukturplanen bör prioritera
järnvägar. Infrastruktur för kollektivtrafik ska byggas ut i hela regionen.
"""


def test_a_remissvar_goes_by_its_genre_before_its_topic(structure):
    # 5.2 lists remissvar too (answers to its own remissutskick), and the subject is its
    # own; the remiss the document answers puts the process answering remisser first.
    outcome = ranked(structure, REMISSVAR_ON_INFRASTRUCTURE)
    assert codes(outcome)[0] == "1.8"
    assert "5.2" in codes(outcome)
    assert not outcome.confident


# --- who sent the remiss -----------------------------------------------------------------------

FROM_A_MINISTRY = """\
Yttrande över promemorian Ny myndighet för järnvägar (Ds 2024:9)

Till: Infrastrukturdepartementet
Er referens: I2024/01234

Regionen har fått promemorian på remiss och lämnar följande yttrande.
"""


def test_the_state_as_sender_is_read_from_marks_only_the_state_uses():
    def sender(text: str) -> bool:
        return bool(state_mark(document_from_text(text, "doc.txt")))

    assert sender(FROM_A_MINISTRY)
    assert sender("Remissvar\n\nRemiss från Finansdepartementet om skatter.\n")
    assert sender("Remissvar\n\nDnr Fi2024/00123\n\nSvar på remissen.\n")
    assert not sender(YTTRANDE_ON_A_REMISS)
    assert not sender("Remissvar\n\nRemiss från Socialnämnden, dnr SN 2024/118.\n")


def test_the_structure_says_which_process_takes_remisses_from_the_state(profiles):
    scoped = {profiles.index.docs[d].code for d in state_scoped(profiles)}
    assert scoped == {"5.4"}


def test_a_process_for_the_states_remisses_leads_only_when_the_state_sent_it(structure):
    state = ranked(structure, FROM_A_MINISTRY)
    municipal = ranked(structure, FROM_A_MINISTRY.replace(
        "Infrastrukturdepartementet", "Strandby kommun").replace(
        "I2024/01234", "KS 2024/77").replace("(Ds 2024:9)", ""))
    assert codes(state)[0] == "5.4"
    assert codes(municipal)[0] == "1.8"
    assert "5.4" in codes(municipal)  # not ruled out: the sender may go unsaid
    assert not state.confident and not municipal.confident


def test_a_lead_that_rests_on_an_unnamed_sender_is_no_confident_answer(structure):
    # 1.8 leads because the document names no sender from the state; had the state sent
    # the remiss without saying so, 5.4 would be as good.
    from vgrklass.cli.render_classify import verdict

    text = ("Yttrande\n\nRegionen har fått förslaget på remiss och lämnar följande "
            "yttrande.\n")
    outcome = ranked(structure, text)
    assert codes(outcome)[0] == "1.8"
    assert not outcome.confident and outcome.doubt == "sender"
    assert outcome.other == "5.4"
    assert "P 5.4" in verdict(outcome) and "staten" in verdict(outcome)
    assert ranked(structure, text, limit=1).doubt == "sender"


WITHOUT_THE_WORD = """\
Yttrande över promemorian Snabbare utbyggnad av järnvägar (Ds 2024:9)

Till: Infrastrukturdepartementet

Regionen har beretts tillfälle att yttra sig och lämnar följande synpunkter.
"""


def test_a_reply_to_the_state_answers_a_remiss_even_unsaid(structure, profiles):
    # The government's requests for yttranden are remisser (RF 7 kap. 2 §).
    document = document_from_text(WITHOUT_THE_WORD, "doc.txt")
    case = reply_case(document_terms(document, profiles), profiles, state_mark(document))
    assert case.lemma == "remiss" and "Ds 2024:9" in case.place.line
    assert reply_case(document_terms(document, profiles), profiles) is None


def test_two_processes_answering_the_same_case_leave_the_choice_open(structure):
    # 5.4 answers the state's remisser and lists yttranden; 1.8 answers any remiss.
    from vgrklass.cli.render_classify import verdict

    outcome = ranked(structure, WITHOUT_THE_WORD)
    assert codes(outcome)[0] == "5.4"
    assert not outcome.confident and outcome.doubt == "case" and outcome.other == "1.8"
    assert "P 1.8" in verdict(outcome)


def test_confidence_still_does_not_depend_on_the_limit(structure):
    for text in (YTTRANDE_ON_A_REMISS, REMISSVAR_ON_INFRASTRUCTURE, FROM_A_MINISTRY,
                 "Yttrande\n\nRegionen har fått förslaget på remiss.\n", WITHOUT_THE_WORD):
        one, three = ranked(structure, text, limit=1), ranked(structure, text, limit=3)
        assert one.confident == three.confident and one.doubt == three.doubt
        assert one.hits[0] == three.hits[0] and one.runner_up == three.runner_up
