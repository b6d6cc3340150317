"""Datelines and locators: the opening words of a story or note that say where, never who.

The sentences are our own."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from eventwire.knowledge.datelines import after, dateline_spans, filed_spans, labels, locator_spans


def test_a_wire_dateline_is_found() -> None:
    text = "NAIROBI, Kenya, May 3 (Wire Desk) - Police fired tear gas at protesters."
    ((start, end),) = dateline_spans(text)
    assert start == 0 and text[end:].startswith("Police")


def test_a_note_locator_needs_a_place_in_it() -> None:
    text = "Dahyan market, Saada: coalition airstrike hits a school bus."
    saada = text.index("Saada")
    assert labels(text) == [(0, text.index("coalition"))]
    assert locator_spans(text, [(saada, saada + 5)]) == labels(text)
    # a speaker's label holds no place: it is no locator
    assert locator_spans("Zelensky: we will not give up Kyiv.", []) == []


def test_a_clause_before_a_colon_is_no_label() -> None:
    assert labels("In Kyiv, the president told reporters: we will win.") == []
    assert labels("The minister said: there will be no deal.") == []


def test_an_actor_phrase_starts_after_the_dateline_it_runs_across() -> None:
    text = "CAIRO - Three journalists were arrested."
    spans = filed_spans(text, [])
    assert text[after(spans, 0, text.index(" were")) :].startswith("Three journalists")
    assert after(spans, text.index("Three"), text.index(" were")) == text.index("Three")


_WORD = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x24F), max_size=80)


@given(st.lists(_WORD, max_size=4))
def test_labels_open_a_paragraph_and_end_at_its_first_colon(paragraphs: list[str]) -> None:
    text = "\n".join(paragraphs)
    for start, end in labels(text):
        assert start == 0 or text[start - 1] == "\n"
        assert text[start:end].rstrip().endswith(":")
        assert ":" not in text[start:end].rstrip()[:-1]
        assert "\n" not in text[start : end - 1]
