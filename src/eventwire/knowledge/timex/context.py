"""What a value function reads besides its match: the text around it, the anchor, the tense."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from .lexicon import Lexicon

NEXT_WORD = re.compile(r"\s*([\w.'-]+)")
PREV_WORD = re.compile(r"([A-Za-z][\w'-]*)\W*$")


@dataclass(slots=True)
class State:
    """The whole text, the anchor date, the lexicon and the context tests of ``[context]``."""

    text: str
    anchor: dt.date | None
    lx: Lexicon
    cues: dict[str, Any]


def tense(st: State, start: int) -> str:
    """ "future", "past" or "" from cues earlier in the clause ("will meet on Tuesday")."""
    left = st.text[max(0, start - 80) : start]
    cut = max(left.rfind(". "), left.rfind("; "), left.rfind("\n"), left.rfind('"'), left.rfind("``"))
    if cut >= 0:
        left = left[cut + 1 :]
    cues = list(st.lx.future_cue.finditer(left))
    # "said Monday he would resign": a reporting verb after the cue means the cue is not ours
    if cues and not st.lx.reporting.search(left, cues[-1].end()):
        return "future"
    return "past" if st.cues["past_cue"].search(left) else ""


def future(st: State, start: int) -> bool:
    return tense(st, start) == "future"


def prev_word(st: State, start: int) -> str:
    m = PREV_WORD.search(st.text, max(0, start - 25), start)
    return m.group(1).lower() if m else ""


def next_word(st: State, end: int) -> str:
    m = NEXT_WORD.match(st.text, end, end + 25)
    return m.group(1).lower().rstrip(".") if m else ""


def cap(word: str) -> bool:
    return word[:1].isupper()
