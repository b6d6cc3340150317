"""Relative place phrases: where "20 km north of Kherson", "near Mosul" or "on the outskirts
of Gao" put a point, given the point of the place they name (issue #16).

The phrase stands right before a place's name, its anchor. ``RelationParser.before(text,
end)`` reads the phrase ending at ``end`` (where the anchor's name starts); ``parse(phrase)``
reads a phrase alone (tests). Every word is data, in data/places_context.json: compass words
with their bearing (``directions``, any case; ``direction_abbreviations``, capitals only:
"NE", "WSW"), ``distance_units`` (km per unit) and the ``relative`` section (number words,
words of approximation, "near" phrases with their radius, outskirts words, radii). Kinds:

* ``offset``: a distance and a direction, "20 km north of X", "15 kilometres south-east of
  X", "some 30 miles to the west of X", "20-25 km NE of X": the point is moved that far on that
  bearing (``gazetteer_index.destination``); radius ``offset_spread`` x distance (a compass
  word is good to about 22.5 degrees either side), at least ``offset_floor_km``, plus half the
  width of a stated range;
* ``distance``: a distance alone, "20 km from X", "within 20 km of X", "30 km outside X": the
  point stays at X, the radius is the distance;
* ``direction``: a direction alone, "north of X", "to the north-west of X": the point stays,
  radius ``direction_only_km``. "In the north of X" names a part of X, not a direction from
  it, and is no relation;
* ``near``: "near X", "outside X", "close to X", "in the vicinity of X": the point stays,
  radius per phrase;
* ``outskirts``: "on the outskirts of X", "the eastern edge of X": radius ``outskirts_km``;
  a named side moves the point that far towards it.

Between the phrase and the name may stand "the", a settlement or anchor noun and up to two
lower-case words before it ("north of the capital, Kyiv", "near the frontline town of X").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from .gazetteer_index import destination

KINDS = ("offset", "distance", "direction", "near", "outskirts")
_WINDOW = 120  # characters before the name searched for a phrase
_LETTERS = re.compile(r"[^\W\d_]+")
_OF = re.compile(r"\s+(?:of|from)\b", re.IGNORECASE)
_PART_OF = re.compile(r"\bthe\s+(?:far\s+|extreme\s+)?$", re.IGNORECASE)  # "in the (far) north of X"


@dataclass(frozen=True, slots=True)
class Relation:
    """A relative phrase: its kind (``KINDS``), where it starts in the text, the distance (km)
    and bearing (degrees clockwise from north) it states or implies, and the uncertainty of
    the point it gives (km)."""

    kind: str
    start: int
    distance_km: float | None
    bearing: float | None
    radius_km: float

    @property
    def moves(self) -> bool:
        """Does the phrase move the point away from its anchor (an offset, a named side of the
        outskirts)? A distance alone, a direction alone or "near" leave it there."""
        return self.kind in ("offset", "outskirts") and self.bearing is not None and bool(self.distance_km)

    def point(self, lat: float, lon: float) -> tuple[float, float]:
        """The point this phrase gives, from its anchor's point."""
        if not self.moves:
            return lat, lon
        assert self.bearing is not None and self.distance_km is not None
        return destination(lat, lon, self.bearing, self.distance_km)


def _alt(words: list[str] | dict[str, Any]) -> str:
    """A regex alternation of ``words``, longest first, any run of spaces for a space."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _tokens(text: str) -> list[str]:
    """Runs of letters: "20km north-east of" -> ["km", "north", "east", "of"]."""
    return _LETTERS.findall(text)


class RelationParser:
    """Reads relative phrases with the patterns of data/places_context.json."""

    def __init__(self, raw: dict[str, Any]) -> None:
        rel = raw["relative"]
        self.words = {_norm(k): float(v) for k, v in raw["directions"].items()}
        self.abbreviations = {k: float(v) for k, v in raw["direction_abbreviations"].items()}
        self.units = {_norm(k): float(v) for k, v in raw["distance_units"].items()}
        self.numbers = {_norm(k): float(v) for k, v in rel["numbers"].items()}
        self.near = {_norm(k): float(v) for k, v in rel["near"].items()}
        self.outskirts_km = float(rel["outskirts_km"])
        self.direction_only_km = float(rel["direction_only_km"])
        self.spread = float(rel["offset_spread"])
        self.floor_km = float(rel["offset_floor_km"])

        dirs = rf"(?:{_alt(raw['directions'])}|(?-i:{_alt(raw['direction_abbreviations'])}))"
        words = _alt(rel["numbers"])
        num = rf"(?:\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:[.,]\d+)?|(?:{words})(?:-(?:{words}))?)"
        dist = (
            rf"(?:(?:{_alt(rel['approximately'])})\s+)?(?P<n>{num})"
            rf"(?:\s*(?:-|–|—|to|or|and)\s*(?P<n2>{num}))?\s*(?P<u>{_alt(raw['distance_units'])})(?!\w)"
            r"(?:\s*\([^()]{1,30}\))?"  # "20 km (12 miles)"
        )
        nouns = _alt([*raw["settlement_words"], *rel["anchor_nouns"]])
        # "the", then maybe "(besieged) town of" or "capital,": what stands before the name
        gap = rf"(?:the\s+)?(?:(?:[a-z][\w-]*\s+){{0,2}}?(?:{nouns})(?:\s+of)?\s*,?\s+)?$"
        flags = re.IGNORECASE
        self._offset = re.compile(
            rf"(?:\b{dist}\s+)?(?:(?P<to>to\s+the)\s+)?(?:(?:{_alt(rel['direction_modifiers'])})\s+)?"
            rf"\b(?P<d>{dirs})\s+(?:of|from)\s+{gap}",
            flags,
        )
        self._distance = re.compile(
            rf"(?:\b(?P<within>within)\s+)?\b{dist}\s+(?P<p>away\s+from|from|outside(?:\s+of)?|beyond|of)\s+{gap}",
            flags,
        )
        self._outskirts = re.compile(
            rf"(?:\b(?:on|in|at|to|from|along)\s+)?(?:the\s+)?(?:(?P<d>{dirs})\s+)?"
            rf"\b(?:{_alt(rel['outskirts'])})\s+of\s+{gap}",
            flags,
        )
        self._near = re.compile(rf"\b(?P<near>{_alt(rel['near'])})\s+{gap}", flags)
        # words each kind of phrase cannot do without: a cheap test before its regex, which is
        # slow to search (it is anchored at the end of the window, not at its start)
        self._gate_direction = frozenset(t for w in raw["directions"] for t in _tokens(w.lower()))
        self._gate_units = frozenset(t for w in raw["distance_units"] for t in _tokens(w.lower()))
        self._gate_outskirts = frozenset(w.lower() for w in rel["outskirts"])
        self._gate_near = frozenset(_tokens(w.lower())[-1] for w in rel["near"])

    # -- reading -----------------------------------------------------------------------------

    def before(self, text: str, end: int) -> Relation | None:
        """The relative phrase that ends at ``end`` (just before a name), or None."""
        lo = max(0, end - _WINDOW)
        tokens = _tokens(text[lo:end])
        lower = {t.lower() for t in tokens}
        of = "of" in lower or "from" in lower
        compass = of and (
            not lower.isdisjoint(self._gate_direction) or not self.abbreviations.keys().isdisjoint(tokens)
        )
        if compass and (m := self._offset.search(text, lo, end)) is not None:
            return self._from_offset(m, text)
        units = not lower.isdisjoint(self._gate_units)
        if units and (m := self._distance.search(text, lo, end)) is not None:
            if m["p"].lower() == "of" and not m["within"]:
                return None  # "20 km of X" is no relation; "within 20 km of X" is
            d, half = self._distance_km(m)
            return Relation("distance", m.start(), d, None, d + half)
        outskirts = of and not lower.isdisjoint(self._gate_outskirts)
        if outskirts and (m := self._outskirts.search(text, lo, end)) is not None:
            bearing = self._bearing(m["d"]) if m["d"] else None
            moved = self.outskirts_km if bearing is not None else None
            return Relation("outskirts", m.start(), moved, bearing, self.outskirts_km)
        near = not lower.isdisjoint(self._gate_near)
        if near and (m := self._near.search(text, lo, end)) is not None:
            return Relation("near", m.start(), None, None, self.near[_norm(m["near"])])
        return None

    def is_direction(self, text: str, start: int, end: int) -> bool:
        """Is ``text[start:end]`` a compass word or abbreviation followed by "of" or "from"
        ("12 km NE of Idlib": NER tags "NE" a place; "Omaha, NE" stays Nebraska)?"""
        word = text[start:end]
        if word not in self.abbreviations and _norm(word) not in self.words:
            return False
        return _OF.match(text, end) is not None

    def parse(self, phrase: str) -> Relation | None:
        """The relation a phrase alone states ("20 km north of"), as if a name followed it."""
        text = phrase.rstrip() + " "
        return self.before(text, len(text))

    def _from_offset(self, m: re.Match[str], text: str) -> Relation | None:
        bearing = self._bearing(m["d"])
        if m["n"] is None:
            # "in the north of X", "the far north of X": a part of X, not a direction from it
            if not m["to"] and _PART_OF.search(text, max(0, m.start() - 20), m.start()):
                return None
            return Relation("direction", m.start(), None, bearing, self.direction_only_km)
        d, half = self._distance_km(m)
        return Relation("offset", m.start(), d, bearing, max(self.floor_km, self.spread * d) + half)

    def _bearing(self, word: str) -> float:
        if word in self.abbreviations:  # "NE", matched in capitals only
            return self.abbreviations[word]
        return self.words[_norm(word)]

    def _distance_km(self, m: re.Match[str]) -> tuple[float, float]:
        """The distance of a match (the middle of a range) in km, and half the range's width."""
        unit = self.units[_norm(m["u"])]
        a = self.number(m["n"])
        b = self.number(m["n2"]) if m["n2"] else a
        lo, hi = sorted((a, b))
        return (lo + hi) / 2 * unit, (hi - lo) / 2 * unit

    def number(self, text: str) -> float:
        """ "20", "2.5", "2,5", "1,200", "twenty", "twenty-five", "a few" as a number."""
        t = _norm(text)
        if t[:1].isdigit():
            if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", t):
                return float(t.replace(",", ""))
            return float(t.replace(",", "."))
        if t in self.numbers:
            return self.numbers[t]
        return sum(self.numbers[p] for p in t.split("-"))


@cache
def load_relations() -> RelationParser:
    raw = json.loads(resources.files(__package__).joinpath("data/places_context.json").read_text("utf-8"))
    return RelationParser(raw)
