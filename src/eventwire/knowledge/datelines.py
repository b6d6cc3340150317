"""Wire datelines ("NUSA DUA, Indonesia, Nov 14 (Wire Desk) - "): where a story was filed.

A dateline names a place, never an actor: the actor and event layers skip entities inside one,
while the places layer still resolves it. Shared here so no annotator imports another.
"""

from __future__ import annotations

import re

# A paragraph that opens with an upper-case place, an optional ", region, date" and an
# optional "(Outlet)", then a dash.
_DATELINE = re.compile(
    r"(?m)^[A-Z][A-Z.'\u2019\- ]{2,40}(?:,[^\n\-\u2013\u2014(]{1,60})?(?:\s*\([^)\n]{1,60}\))?\s*[-\u2013\u2014]{1,2}\s"
)


def dateline_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _DATELINE.finditer(text)]


def inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)
