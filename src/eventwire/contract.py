"""The eventwire/1 JSON contract: one object per document, stable and versioned.

``to_dict`` is what ``eventwire extract`` prints; ``from_dict`` reads it back, so other tools
(and our own store and benchmarks) can round-trip documents without spaCy.
"""

from __future__ import annotations

from dataclasses import asdict, fields
from datetime import date
from typing import Any

from .model import Actor, AnnotatedDoc, Article, Entity, Event, Place, Quote, Sentence, Span, Timex, Withheld

SCHEMA = "eventwire/1"

# Layers implemented in this version (docs/schema.md lists them too). "themes" is reserved.
IMPLEMENTED_LAYERS = (
    "sentences", "entities", "places", "timexes", "actors", "quotes", "events", "main_event", "withheld", "tone",
    "relevance", "duplicate_of", "story",
)  # fmt: skip


def _span(x: Any) -> dict[str, Any] | None:
    return None if x is None else asdict(x)


def to_dict(doc: AnnotatedDoc) -> dict[str, Any]:
    a = doc.article
    return {
        "schema": SCHEMA,
        "id": a.id,
        "date": a.date.isoformat() if a.date else None,
        "date_raw": a.date_raw,
        "date_source": a.date_source,
        "title": a.title,
        "url": a.url,
        "source": a.source,
        "lang": a.lang,
        "text": a.text,
        "sentences": [asdict(s) for s in doc.sentences],
        "entities": [asdict(e) for e in doc.entities],
        "places": [asdict(p) for p in doc.places],
        "timexes": [asdict(t) for t in doc.timexes],
        "actors": [asdict(x) for x in doc.actors],
        "quotes": [asdict(q) for q in doc.quotes],
        "events": [asdict(e) for e in doc.events],
        "main_event": doc.main_event,
        "withheld": [asdict(w) for w in doc.withheld],
        "tone": doc.tone,
        "relevance": doc.relevance,
        "relevant": doc.relevant,
        "themes": list(doc.themes),
        "duplicate_of": doc.duplicate_of,
        "story": doc.story,
        "warnings": list(doc.warnings),
    }


def _build(cls: type, d: dict[str, Any] | None) -> Any:
    if d is None:
        return None
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in d.items() if k in names})


def _actor(d: dict[str, Any] | None) -> Actor | None:
    return _build(Actor, d)


def _quote(d: dict[str, Any]) -> Quote:
    q = _build(Quote, d)
    q.cue = _build(Span, d.get("cue"))
    q.speaker = _actor(d.get("speaker"))
    q.mentions = [_build(Actor, m) for m in d.get("mentions", [])]
    return q


def _event(d: dict[str, Any]) -> Event:
    e = _build(Event, d)
    e.trigger = _build(Span, d["trigger"])
    e.source, e.target = _actor(d.get("source")), _actor(d.get("target"))
    e.attributed_to = _actor(d.get("attributed_to"))
    e.sources = [_build(Actor, x) for x in d.get("sources", [])]
    e.targets = [_build(Actor, x) for x in d.get("targets", [])]
    e.place = _build(Place, d.get("place"))
    return e


def _withheld(d: dict[str, Any]) -> Withheld:
    w = _build(Withheld, d)
    w.trigger = _build(Span, d["trigger"])
    return w


def from_dict(d: dict[str, Any]) -> AnnotatedDoc:
    if d.get("schema") != SCHEMA:
        raise ValueError(f"unsupported schema {d.get('schema')!r} (expected {SCHEMA})")
    article = Article(
        id=d["id"],
        text=d["text"],
        date=date.fromisoformat(d["date"]) if d.get("date") else None,
        date_raw=d.get("date_raw"),  # date_raw and date_source: absent from older documents
        date_source=d.get("date_source"),
        title=d.get("title"),
        url=d.get("url"),
        source=d.get("source"),
        lang=d.get("lang", "en"),
    )
    return AnnotatedDoc(
        article=article,
        sentences=[_build(Sentence, s) for s in d.get("sentences", [])],
        entities=[_build(Entity, e) for e in d.get("entities", [])],
        places=[_build(Place, p) for p in d.get("places", [])],
        timexes=[_build(Timex, t) for t in d.get("timexes", [])],
        actors=[_build(Actor, x) for x in d.get("actors", [])],
        quotes=[_quote(q) for q in d.get("quotes", [])],
        events=[_event(e) for e in d.get("events", [])],
        main_event=d.get("main_event"),  # absent from documents written before it existed
        withheld=[_withheld(w) for w in d.get("withheld", [])],  # the same
        tone=d.get("tone"),
        relevance=d.get("relevance"),  # relevance and relevant: absent from older documents
        relevant=d.get("relevant"),
        themes=list(d.get("themes", [])),
        duplicate_of=d.get("duplicate_of"),
        story=d.get("story"),
        warnings=list(d.get("warnings", [])),
    )
