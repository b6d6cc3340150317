"""A small hand-built annotated document shared by the store, contract and export tests.

Built by hand (not by the pipeline) so those tests pin the storage and export code alone.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from eventwire.model import Actor, AnnotatedDoc, Article, Entity, Event, Place, Quote, Sentence, Span, Timex
from eventwire.pipeline import Pipeline
from eventwire.registry import components

# the project's seed article as shared beside the repository (absent on a bare clone)
SHARED_SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_e80b2d72a0110be1.txt"

TEXT = "Russian forces shelled Kherson on Monday. NATO condemned the attack."


def sample_doc() -> AnnotatedDoc:
    """Two sentences, two coded events (ASSAULT with a place and timex date, the main event and an
    ACLED shelling; ACCUSE in a quote, no ACLED event)."""
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
                acled_type="Explosions/Remote violence",
                acled_sub_type="Shelling/artillery/missile attack",
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
        main_event=0,
        tone=-0.5,
    )


def annotate_keeping_parse(pipe: Pipeline, text: str) -> AnnotatedDoc:
    """Run ``pipe`` over ``text`` but keep the spaCy parse, so that a later component (such as
    event_places) can be run on the document by hand."""
    doc = AnnotatedDoc(article=Article("t", text), nlp=pipe.ctx.nlp(text))
    for _, step in pipe.steps:
        step(doc)
    return doc


Argument = str | tuple[str, str]  # an actor's surface text, or (surface, ISO3 country)


def place_assault(
    pipe: Pipeline,
    text: str,
    trigger: str,
    source: Argument | None = None,
    target: Argument | None = None,
    type_: str = "ASSAULT",
) -> Event:
    """An event (an ASSAULT unless told) on ``trigger`` with the given actors, located by the
    event_places component."""
    doc = annotate_keeping_parse(pipe, text)
    start = text.index(trigger)
    ev = Event(type_, doc.sentence_index(start) or 0, Span(start, start + len(trigger), trigger))
    for role, arg in (("source", source), ("target", target)):
        if arg is not None:
            surface, iso3 = (arg, None) if isinstance(arg, str) else arg
            i = text.index(surface)
            setattr(ev, role, Actor(i, i + len(surface), surface, country=iso3))
    doc.events.append(ev)
    components.get("event_places")(pipe.ctx)(doc)
    return ev


_SENT = re.compile(r"[^.!?]+[.!?]")


def story_doc(
    aid: str, day: str | None, outlet: str, text: str, names: tuple[str, ...] = (), title: str | None = None
) -> AnnotatedDoc:
    """An article with its sentences and the given names marked as entities (as spaCy would),
    for the story-layer tests."""
    article = Article(
        id=aid, text=text, date=date.fromisoformat(day) if day else None, source=outlet, title=title
    )
    doc = AnnotatedDoc(article=article)
    for m in _SENT.finditer(text):
        start = m.start() + len(m.group()) - len(m.group().lstrip())
        doc.sentences.append(Sentence(start, m.end()))
    for name in names:
        doc.entities.extend(
            Entity(m.start(), m.end(), name, "PERSON") for m in re.finditer(re.escape(name), text)
        )
    doc.entities.sort(key=lambda e: e.start)
    return doc


def sentences_of(text: str) -> list[Sentence]:
    """The sentence spans of a hand-built text whose sentences end with ". " (and a final ".")."""
    out, start = [], 0
    for part in text.split(". "):
        end = start + len(part) + (1 if not part.endswith(".") else 0)
        out.append(Sentence(start, end))
        start = end + 1
    return out
