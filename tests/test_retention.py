"""Gallringsfrist read from what archivists write into an ISO 8601 period and what it runs
from; OSL provisions read out of a sekretess text."""

from __future__ import annotations

import datetime as dt

import pytest

from vgrklass.retention import Gallringsfrist, RetentionError, osl_references, parse_gallringsfrist


@pytest.mark.parametrize(("written", "duration", "after"), [
    ("2 år", "P2Y", None),
    ("två år", "P2Y", None),
    ("Gallras efter 2 år", "P2Y", None),
    ("2 år efter räkenskapsårets utgång", "P2Y", "räkenskapsårets slut"),
    ("10 år efter utgången av räkenskapsåret.", "P10Y", "räkenskapsårets slut"),
    ("5 år efter utgången av det kalenderår då handlingen upprättades", "P5Y",
     "kalenderårets slut"),
    ("10 år efter avslutat ärende", "P10Y", "ärendets avslutande"),
    ("2 år efter avtalstidens slut", "P2Y", "avtalets upphörande"),
    ("3 år efter anställningens upphörande", "P3Y", "anställningens upphörande"),
    ("vid inaktualitet", "P0D", "inaktualitet"),
    ("Vid  inaktualitet", "P0D", "inaktualitet"),
    ("när de blivit inaktuella", "P0D", "inaktualitet"),
    ("omedelbart", "P0D", None),
    ("6 månader", "P6M", None),
    ("6 mån", "P6M", None),
    ("3 veckor", "P3W", None),
    ("30 dagar", "P30D", None),
    ("ett halvår", "P6M", None),
    ("1,5 år", "P18M", None),
    ("P2Y", "P2Y", None),
    ("P1Y6M efter räkenskapsårets slut", "P1Y6M", "räkenskapsårets slut"),
    ("2 år efter byggnadens rivning", "P2Y", "byggnadens rivning"),
])
def test_forms_people_write_are_read(written, duration, after):
    assert parse_gallringsfrist(written) == Gallringsfrist(duration, after)


@pytest.mark.parametrize("written", ["snart", "10", "2 år eller vid inaktualitet",
                                     "2 år efter 2020", "efter 2 år efter beslut",
                                     "en halv vecka", "0,5 månad"])
def test_what_cannot_be_read_says_how_to_write_it(written):
    with pytest.raises(RetentionError) as info:
        parse_gallringsfrist(written)
    assert written.split()[0] in str(info.value) and "t.ex." in str(info.value)


def test_a_program_can_compute_the_date():
    assert parse_gallringsfrist("2 år").due(dt.date(2024, 12, 31)) == dt.date(2026, 12, 31)
    assert parse_gallringsfrist("1 månad").due(dt.date(2021, 1, 31)) == dt.date(2021, 2, 28)
    assert parse_gallringsfrist("3 veckor").due(dt.date(2024, 1, 1)) == dt.date(2024, 1, 22)
    assert parse_gallringsfrist("vid inaktualitet").due(dt.date(2024, 5, 2)) == \
        dt.date(2024, 5, 2)
    assert parse_gallringsfrist("2 år efter räkenskapsårets utgång").label() == \
        "P2Y efter räkenskapsårets slut"


def test_osl_provisions_are_read_out_of_the_text():
    assert osl_references("ja, OSL 39 kap. 3 § och 21 kap 7§; OSL 26:1") == (
        "39 kap. 3 §", "21 kap. 7 §", "26 kap. 1 §")
    assert osl_references("nej") == () and osl_references(None) == ()
    assert osl_references("OSL 25 kap. 1 § och 25:1") == ("25 kap. 1 §",)
