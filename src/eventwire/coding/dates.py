"""The date of an event: a full-date time expression that governs it (it modifies the trigger
or a phrase or clause containing it: "after the March 3 strikes" dates the strikes, not the
condemnation it follows), else the article date (date_source="article").
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from ..model import AnnotatedDoc
from .candidates import Cand

FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
YEAR = re.compile(r"^(\d{4})")


# links that open a clause of its own inside a noun phrase ("the party that was founded in 1998")
_CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "appos"})


def _in_phrase(tok: Any, noun: Any) -> bool:
    """Whether ``tok`` lies in the event noun's own phrase, not in a clause inside it: "the
    invasion of Iraq in 2003" dates the invasion, "the attack on a party founded in 1998" not."""
    steps = 0
    while tok.i != noun.i and steps < 12:
        if tok.dep_ in _CLAUSE_DEPS or tok.head.i == tok.i:
            return False
        tok, steps = tok.head, steps + 1
    return tok.i == noun.i


_DURATION = re.compile(r"^P(\d+(?:\.\d+)?)([YMWD])$")
_UNIT_DAYS = {"Y": 365.25, "M": 30.4, "W": 7.0, "D": 1.0}


def _days(value: str) -> float | None:
    """Days of a TIMEX3 duration of one unit ("P20Y", "P18M"), None for others."""
    m = _DURATION.match(value)
    return float(m.group(1)) * _UNIT_DAYS[m.group(2)] if m else None


class EventDater:
    """Dates the events of one document from its time expressions."""

    def __init__(self, doc: AnnotatedDoc, historical_days: float) -> None:
        self.doc, self.parsed = doc, doc.nlp
        self.historical_days = historical_days

    def sentence_timexes(self, start: int, end: int) -> list[Any]:
        return [t for t in self.doc.timexes if start <= t.start < end]

    def _timex_anchor(self, tx: Any) -> Any | None:
        """The word a time expression modifies: the first verb or noun above it ("hit" in "On
        November 15, a missile hit X"; "incident" in "after the November 15 incident")."""
        span = self.parsed.char_span(tx.start, tx.end, alignment_mode="expand")
        if span is None:
            return None
        t = span.root
        while t.head.i != t.i:
            t = t.head
            if not (span.start <= t.i < span.end) and t.pos_ in ("VERB", "AUX", "NOUN", "PROPN"):
                return t
        return t

    def _governs(self, tx: Any, cand: Cand) -> bool:
        """Whether a time expression dates this event: it modifies the event's trigger (or
        light verb) or a clause/phrase containing it. "Allies expressed solidarity following
        the November 15 incident" does not date the expression of solidarity."""
        at = self._timex_anchor(tx)
        if at is None:
            return False
        for tok in (cand.trigger, cand.light):
            if tok is not None and (tok.i == at.i or at in tok.ancestors):
                return True
        return cand.light is None and cand.trigger.pos_ in ("NOUN", "PROPN") and _in_phrase(at, cand.trigger)

    def date_for(
        self, sent_start: int, sent_end: int, cand: Cand | None = None
    ) -> tuple[str | None, str | None, bool]:
        """(date, date_source, historical?): the first date expression governing the event,
        else the article date (date_source "article")."""
        art = self.doc.article.date
        for tx in self.sentence_timexes(sent_start, sent_end):
            v = tx.value or ""
            if tx.type != "DATE" or (cand is not None and not self._governs(tx, cand)):
                continue
            if FULL_DATE.match(v):
                d = date.fromisoformat(v[:10])
                hist = art is not None and (art - d).days > self.historical_days
                return v[:10], "timex", hist
            y = YEAR.match(v)
            if y and art is not None and art.year - int(y.group(1)) >= 2:
                return (art.isoformat(), "article", True)
        if art is None:
            return None, None, False
        if cand is not None and self._long_after(cand, sent_start, sent_end):
            return art.isoformat(), "article", True
        return art.isoformat(), "article", False

    def _long_after(self, cand: Cand, sent_start: int, sent_end: int) -> bool:
        """An event noun that a span of time lies "after" or "since", at least the historical
        span long: "Twenty years after the US-led invasion of Iraq, ...", "two years after the
        coup" (the duration modifies the preposition, or the preposition the duration)."""
        tok = cand.trigger
        if cand.light is not None or tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ != "pobj":
            return False
        prep = tok.head
        if prep.lower_ not in ("after", "since"):
            return False
        near = {prep.head.i, *(c.i for c in prep.children if c.dep_ == "npadvmod")}
        for tx in self.sentence_timexes(sent_start, sent_end):
            days = _days(tx.value or "") if tx.type == "DURATION" else None
            span = self.parsed.char_span(tx.start, tx.end, alignment_mode="expand")
            if days is not None and span is not None and span.root.i in near:
                return days > self.historical_days
        return False
