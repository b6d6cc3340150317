"""A small hand-built annotated document shared by the store, contract and export tests.

Built by hand (not by the pipeline) so those tests pin the storage and export code alone.
"""

from __future__ import annotations

from datetime import date

from eventwire.model import Actor, AnnotatedDoc, Article, Event, Place, Quote, Sentence, Span, Timex

TEXT = "Russian forces shelled Kherson on Monday. NATO condemned the attack."


def sample_doc() -> AnnotatedDoc:
    """Two sentences, two coded events (ASSAULT with a place and timex date, ACCUSE in a quote)."""
    nato = Actor(42, 46, "NATO", "NATO", "IGO", "IGO")
    rus = Actor(0, 14, "Russian forces", "Russia", "RUS", "MIL")
    kherson = Place(23, 30, "Kherson", "Kherson", 706448, "UKR", "Kherson", 46.65, 32.61, "P.PPLA", 0)
    return AnnotatedDoc(
        article=Article(
            id="a1",
            text=TEXT,
            date=date(2022, 11, 21),
            title="T",
            url="https://example.org/a1",
            source="Wire",
        ),
        sentences=[Sentence(0, 41, -0.4), Sentence(42, 68, -0.6)],
        places=[kherson],
        timexes=[Timex(31, 40, "on Monday", "DATE", "2022-11-21")],
        actors=[rus, nato],
        quotes=[Quote(42, 68, TEXT[42:68], False, Span(47, 56, "condemned"), nato, 1, [])],
        events=[
            Event(
                "ASSAULT",
                0,
                Span(15, 22, "shelled"),
                mode="artillery",
                cameo="194",
                quad_class=4,
                goldstein=-10.0,
                source=rus,
                target=None,
                place=kherson,
                date="2022-11-21",
                date_source="timex",
                confidence=0.9,
            ),
            Event(
                "ACCUSE",
                1,
                Span(47, 56, "condemned"),
                cameo="112",
                quad_class=3,
                goldstein=-2.0,
                source=nato,
                attributed_to=nato,
                date="2022-11-21",
                date_source="article",
            ),
        ],
        tone=-0.5,
    )
