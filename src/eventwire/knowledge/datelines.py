"""Wire datelines ("NUSA DUA, Indonesia, Nov 14 (Wire Desk) - "): where a story was filed;
and the locators that open incident notes and headlines ("Sanaa: Houthi leader threatens ...",
"Dahyan market, Saada: coalition airstrike hits ...").

Both name a place, never an actor: the actor and event layers skip entities inside one, and an
actor phrase the parser ran across one starts after it ("CAIRO - Three journalists" is the
journalists), while the places layer still resolves it. Shared here so no annotator imports
another.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# A paragraph that opens with an upper-case place, an optional ", region, date" and an
# optional "(Outlet)", then a dash.
_DATELINE = re.compile(
    r"(?m)^[A-Z][A-Z.'\u2019\- ]{2,40}(?:,[^\n\-\u2013\u2014(]{1,60})?(?:\s*\([^)\n]{1,60}\))?\s*[-\u2013\u2014]{1,2}\s"
)


def dateline_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _DATELINE.finditer(text)]


def inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


# A paragraph that opens with a short label of capitalised words (commas, slashes and a few
# small words between them) and a colon: "Tehran: ", "Mariupol/Azovstal: ", "Minsk, Pobediteley
# Ave: ". It is a locator only when a place of the places layer lies in it ("Zelensky: we will
# not surrender" is a speaker's label, not a place).
_CAP = r"[A-Z\u00c0-\u024f][\w'\u2019.\-]*"
_SMALL = r"(?:al|el|de|of|and|the|near|\d+)"
_LABEL = re.compile(
    rf"(?m)^(?!(?:In|At|On|The|A|An|As|After|Before|When|While|But|And|If|Since|From)\b){_CAP}"
    rf"(?:[ ,/]+(?:{_CAP}|{_SMALL}|[a-z]+)){{0,7}}:\s"
)
_LOWER = re.compile(r"(?<![\w'\u2019.\-])[a-z]{3,}\b")


def labels(text: str) -> list[tuple[int, int]]:
    """Paragraph-opening labels before a colon (the colon and space included): each a
    locator when it names a place (the places layer decides)."""
    # a place's own words may be lower case ("Dahyan market, Saada", "Sheremetyevo airport,
    # Moscow"); a clause ("In Kyiv, the president said:") has more of them
    return [
        (m.start(), m.end())
        for m in _LABEL.finditer(text)
        if len([w for w in _LOWER.findall(m.group()) if w not in ("the", "and", "near")]) <= 2
    ]


def locator_spans(text: str, places: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Paragraph-opening labels that hold one of ``places`` (start, end) before their colon."""
    spots = list(places)
    return [(a, b) for a, b in labels(text) if any(a <= s and e < b for s, e in spots)]


def filed_spans(text: str, places: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Datelines and locators: the spans of a text that say where, never who."""
    return sorted(dateline_spans(text) + locator_spans(text, places))


def after(spans: list[tuple[int, int]], start: int, end: int) -> int:
    """The start of an actor phrase ``start``-``end`` cut after a dateline or locator it runs
    across ("CAIRO - Three journalists" -> "Three journalists"); ``start`` when it crosses none."""
    for s, e in spans:
        if s <= start < e < end:
            return e
    return start
