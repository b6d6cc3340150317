"""A surname alone: given names against surnames, and the person the document named in full.

Our own sentences and tables (issue #21, the surnames a "given name" rule used to drop)."""

from __future__ import annotations

import datetime as dt

import pytest

from eventwire.model import Article


def _compile(table: str):
    from eventwire.knowledge.actors import compile_tables, read_table
    from eventwire.knowledge.countries import load_countries

    return compile_tables(read_table(table, "t.tsv", load_countries(), need_source=False))


def test_a_surname_more_people_have_last_than_first_is_a_surname() -> None:
    """ "Suleiman" is the surname of two listed people and the given name of one: a surname
    alone. "Charles" is two people's given name and one's surname: a given name, which names
    its person only after the full name (``context``)."""
    c = _compile(
        "name\tcountry\toffice\tsector\n"
        "Michel Suleiman\tLBN\tPresident\tGOV\n"
        "Omar Suleiman\tEGY\tIntelligence chief\tSPY\n"
        "Suleiman Frangieh\tLBN\tParty leader\tPTY\n"
        "Charles Taylor\tLBR\tPresident\tGOV\n"
        "Charles Michel\tBEL\tPrime Minister\tGOV\n"
        "Ray Charles\tUSA\tSinger\tCVL\n"
    )
    suleiman = c.names["Suleiman"]
    assert suleiman.alias and not suleiman.context
    assert {p.canonical for p in suleiman.people} == {"Michel Suleiman", "Omar Suleiman"}
    charles = c.names["Charles"]
    assert charles.alias and charles.context
    assert [p.canonical for p in charles.people] == ["Ray Charles"]
    assert not c.names["Frangieh"].context  # nobody's given name


@pytest.fixture(scope="module")
def pipe(make_pipeline):
    return make_pipeline("entities", "actors")


def _coded(pipe, text: str, date: str, span: str):
    doc = pipe(Article("t", text, date=dt.date.fromisoformat(date)))
    start = text.rindex(span)  # the later mention
    return next((a for a in doc.actors if a.start == start and a.text == span), None)


@pytest.mark.parametrize(
    ("text", "date", "span", "canonical", "country", "sector"),
    [
        # a surname three listed people had in 2005: the full name before settles it
        (
            "President Ali Abdullah Saleh met tribal leaders in Sanaa on Monday. Saleh said the talks would go on.",
            "2005-06-01", "Saleh", "Ali Abdullah Saleh", "YEM", "GOV",
        ),
        # two people named Suleiman held office in mid-2008: the one named in full is meant
        (
            "Egypt's intelligence chief Omar Suleiman arrived in Gaza on Sunday. Suleiman told reporters the truce would hold.",
            "2008-06-15", "Suleiman", "Omar Suleiman", "EGY", "SPY",
        ),
        (
            "Lebanese President Michel Suleiman flew to Paris. Suleiman told reporters the army would stay neutral.",
            "2010-03-01", "Suleiman", "Michel Suleiman", "LBN", "GOV",
        ),
        # a surname that is a given name as often: the person, after the full name
        (
            "Iraqi President Saddam Hussein addressed parliament on Tuesday. Hussein said Iraq would not yield.",
            "1995-06-01", "Hussein", "Saddam Hussein", "IRQ", "GOV",
        ),
        (
            "Nigerian President Goodluck Jonathan visited Maiduguri. Jonathan promised more troops.",
            "2013-05-01", "Jonathan", "Goodluck Jonathan", "NGA", "GOV",
        ),
    ],
)  # fmt: skip
def test_a_surname_after_the_full_name_is_that_person(
    pipe, text, date, span, canonical, country, sector
) -> None:
    a = _coded(pipe, text, date, span)
    assert a is not None, [
        (x.text, x.canonical) for x in pipe(Article("t", text, date=dt.date.fromisoformat(date))).actors
    ]
    assert (a.canonical, a.country, a.sector) == (canonical, country, sector), a.why


@pytest.mark.parametrize(
    ("text", "date", "span", "not_canonical"),
    [
        # a given name as often, with no full name before: no listed person
        ("Hussein said the shop would close early.", "1995-06-01", "Hussein", "Saddam Hussein"),
        ("Jonathan promised his mother he would call.", "2013-05-01", "Jonathan", "Goodluck Jonathan"),
        # a surname that is a common word or combining form is never a person alone
        ("Islam forbids it, the cleric said.", "2013-05-01", "Islam", None),
        (
            "Franco-German relations improved, the minister said.",
            "2021-06-01",
            "Franco-German",
            "Daniele Franco",
        ),
    ],
)
def test_a_given_name_alone_is_no_listed_person(pipe, text, date, span, not_canonical) -> None:
    a = _coded(pipe, text, date, span)
    assert a is None or (a.canonical != not_canonical and a.why is not None and "actors/people" not in a.why)
