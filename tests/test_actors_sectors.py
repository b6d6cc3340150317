"""Sector conventions found while reading the GSR's sector misses (issue #21), each proven on
our own sentences: a ruler is the government (CAMEO's agents code RULER GOV), and a national
Red Crescent society is its country's medical relief body (MED), as the tables already code the
Palestine Red Crescent Society, while the IFRC stays an NGO."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def code():
    from eventwire.api import actor_coder

    return actor_coder()


@pytest.mark.parametrize(
    ("text", "span", "country", "sector"),
    [
        # "rulers": the state's government, placed by its possessor or the sentence
        ("Myanmar's rulers freed 300 prisoners on Tuesday.", "Myanmar's rulers", "MMR", "GOV"),
        ("The rulers of Oman signed a border accord with Yemen.", "The rulers of Oman", "OMN", "GOV"),
        ("traditional rulers", "traditional rulers", None, "ELI"),  # the longer role still wins
        # a national Red Crescent society: MED, in the country the text gives
        (
            "The Turkish Red Crescent sent 2,000 tents to the quake zone.",
            "The Turkish Red Crescent",
            "TUR",
            "MED",
        ),
        ("The Red Crescent in Benghazi appealed for blood donors.", "The Red Crescent", "LBY", "MED"),
        ("the Palestinian Red Crescent", "the Palestinian Red Crescent", "PSE", "MED"),
        # the international federation is the NGO itself
        ("the IFRC", "the IFRC", "NGO", "NGO"),
    ],
)
def test_sector_conventions(code, text, span, country, sector) -> None:
    a = code(text, date="2015-06-01")
    assert a is not None and a.text == span, (a and a.text, a and a.why)
    assert (a.country, a.sector) == (country, sector), a.why


def test_a_red_crescent_in_lower_case_is_no_actor(code) -> None:
    """The national-society role is a name: only capitalised ("a red crescent" is a shape)."""
    assert code("The flag shows a red crescent on a white field.", date="2015-06-01") is None
