"""Canonical events: mentions of the same real-world event merged across sentences and articles.

Two event mentions describe the same event when they have the same PLOVER type and modality,
their dates (when both are known) lie within ``window_days``, none of their arguments
(source actor, target actor, place) contradict, and at least one argument positively agrees:
without a shared actor or place, "an attack" in one article and "an attack" in another are not
evidence of one event. Figures that differ between reports (casualties, sums) are not
reconciled: each mention keeps the numbers its own sentence states.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from ..model import Actor, AnnotatedDoc, CanonicalEvent, Event, EventMention, Place
from .features import stable_id

_FIGURE = re.compile(
    r"\b\d[\d,.]*\b|\b(?:dozens?|scores|hundreds|thousands|millions|one|two|three|four|five|six|seven|"
    r"eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|thousand)\b",
    re.IGNORECASE,
)
# numbers that are dates or clock times, not figures: years, "7:41", "Nov 10", "10 Nov"
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_NOT_FIGURE = re.compile(
    rf"\b(?:1[89]|20)\d\d\b|\d+\s*:\s*\d+|\b{_MONTH}\s+\d{{1,2}}\b|\b\d{{1,2}}\s+{_MONTH}",
    re.IGNORECASE,
)


def figures(sentence: str) -> list[str]:
    """The numbers a sentence states (casualties, sums), without its dates and clock times."""
    masked = _NOT_FIGURE.sub(lambda m: " " * len(m.group()), sentence)
    return _FIGURE.findall(masked)


_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
_COUNTRY_LEVEL = ("A.PCL",)  # GeoNames country features: compatible with any place inside them


@dataclass
class CanonicalConfig:
    window_days: int = 1  # reports of one event may date it a day apart (time zones, "last night")


@dataclass(frozen=True, slots=True)
class _ActorKey:
    canonical: str | None
    country: str | None
    name: str | None

    @property
    def label(self) -> str | None:
        return self.canonical or self.country or self.name


@dataclass(frozen=True, slots=True)
class _PlaceKey:
    id: str | None
    name: str
    country: str | None
    country_level: bool


def _actor(actor: Actor | None) -> _ActorKey | None:
    if actor is None:
        return None
    name = " ".join(actor.text.lower().split()) or None
    return _ActorKey(actor.canonical, actor.country, name)


def _place(place: Place | None) -> _PlaceKey | None:
    if place is None:
        return None
    pid = str(place.geonameid) if place.geonameid is not None else (place.name or place.text).lower()
    level = bool(place.feature and place.feature.startswith(_COUNTRY_LEVEL))
    return _PlaceKey(pid, place.name or place.text, place.country, level)


def _actor_relation(a: _ActorKey | None, b: _ActorKey | None) -> int:
    """+1 agree, 0 unknown (one side missing, or only a shared country), -1 contradict."""
    if a is None or b is None:
        return 0
    if a.canonical and b.canonical:
        return 1 if a.canonical == b.canonical else -1
    if a.country and b.country and a.country != b.country:
        return -1
    if a.name and b.name and a.name == b.name:
        return 1
    if a.country and b.country:
        return 0  # "Russian forces" vs "Moscow": same side, not provably the same actor
    return -1 if a.name and b.name else 0


def _place_relation(a: _PlaceKey | None, b: _PlaceKey | None) -> int:
    if a is None or b is None:
        return 0
    if a.id == b.id:
        return 1
    if a.country and b.country and a.country != b.country:
        return -1
    if (a.country_level or b.country_level) and a.country and a.country == b.country:
        return 0  # "in Ukraine" vs "in Kharkiv": compatible, not a confirmation
    return -1


def _day(value: str | None) -> date | None:
    if value and _DAY.match(value):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


@dataclass
class _Group:
    event: CanonicalEvent
    source: _ActorKey | None
    target: _ActorKey | None
    place: _PlaceKey | None
    first: date | None
    last: date | None
    modality: str


def _mention(doc: AnnotatedDoc, index: int, ev: Event) -> EventMention:
    evidence = ""
    if 0 <= ev.sentence < len(doc.sentences):
        s = doc.sentences[ev.sentence]
        evidence = doc.text[s.start : s.end]
    when = _day(ev.date) or doc.article.date
    return EventMention(
        article_id=doc.article.id,
        event=index,
        sentence=ev.sentence,
        evidence=evidence,
        trigger=ev.trigger.text,
        date=when.isoformat() if isinstance(when, date) else None,
        outlet=doc.article.source,
        modality=ev.modality,
        figures=figures(evidence),
    )


def canonical_events(
    docs: Iterable[AnnotatedDoc], config: CanonicalConfig | None = None
) -> list[CanonicalEvent]:
    """Merge the event mentions of ``docs`` into canonical events (earliest report first)."""
    cfg = config or CanonicalConfig()
    window = timedelta(days=cfg.window_days)
    items = []
    for order, doc in enumerate(docs):
        for i, ev in enumerate(doc.events):
            m = _mention(doc, i, ev)
            published = doc.article.date.isoformat() if isinstance(doc.article.date, date) else "9999"
            items.append((m.date or "9999", published, order, i, m, ev))
    # earliest event date first, then earliest publication, then arrival order: stable ids
    items.sort(key=lambda x: x[:4])

    by_type: dict[tuple[str, str], list[_Group]] = {}
    for *_, m, ev in items:
        src = _actor(ev.source or (ev.sources[0] if ev.sources else None))
        tgt = _actor(ev.target or (ev.targets[0] if ev.targets else None))
        place = _place(ev.place)
        when = _day(m.date)
        best, best_score = None, 0
        for g in by_type.get((ev.type, m.modality), []):
            if when and g.first and not (g.first - window <= when <= g.last + window):
                continue
            relations = (
                _actor_relation(src, g.source),
                _actor_relation(tgt, g.target),
                _place_relation(place, g.place),
            )
            if -1 in relations:
                continue
            score = sum(relations)
            if score > best_score:
                best, best_score = g, score
        if best is None:
            best = _Group(
                CanonicalEvent(id=stable_id("ce_", f"{m.article_id}:{m.event}"), type=ev.type),
                src,
                tgt,
                place,
                when,
                when,
                m.modality,
            )
            by_type.setdefault((ev.type, m.modality), []).append(best)
        else:  # the group learns arguments the earlier reports left out
            best.source, best.target, best.place = best.source or src, best.target or tgt, best.place or place
            if when:
                best.first = min(best.first or when, when)
                best.last = max(best.last or when, when)
        best.event.mentions.append(m)

    out = []
    for groups in by_type.values():
        for g in groups:
            ce = g.event
            ce.source = g.source.label if g.source else None
            ce.target = g.target.label if g.target else None
            ce.place = g.place.name if g.place else None
            ce.date = g.first.isoformat() if g.first else None
            ce.last_date = g.last.isoformat() if g.last else None
            ce.n_mentions = len(ce.mentions)
            ce.first_report = ce.mentions[0].article_id
            ce.articles = list(dict.fromkeys(m.article_id for m in ce.mentions))
            ce.outlets = list(dict.fromkeys(m.outlet for m in ce.mentions if m.outlet))
            out.append(ce)
    out.sort(key=lambda c: (c.date or "9999", -c.n_mentions, c.id))
    return out
