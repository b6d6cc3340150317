"""The grammar: rules run in their windows, the longest matches kept, then two joining passes."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from ...model import Timex
from .context import State
from .lexicon import Lexicon, load_lexicon
from .rules import RULES_PATH, compile_rules, context_patterns, load_table
from .values import VALUES
from .windows import HeadFinder, merge

# A candidate: start, end, rule index, type, value.
Candidate = tuple[int, int, int, str, str | None]

_ABBREV_DOT = re.compile(r"(?:\b(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)|[ap]\.m)\.$", re.I)
_DAY_VALUE = re.compile(r"(?:\d{4}|XXXX)-(?:\d\d-\d\d|WXX-\d)")
_PERIOD_VALUE = re.compile(r"(\d{4})-([QH]\d)")


class TimexGrammar:
    """The compiled rules. Build once (``default_grammar()``) and call ``extract`` per text."""

    def __init__(self, lexicon: dict[str, Any], rules_path: Path = RULES_PATH) -> None:
        self.lexicon = Lexicon(lexicon)
        table = load_table(rules_path)
        self.cues = context_patterns(table)
        book = compile_rules(table, self.lexicon, VALUES)
        self.rules = book.rules
        self._heads = HeadFinder(book)
        self._year_shift_rules = {i for i, r in enumerate(self.rules) if r.year_shift}
        self._clock_rules = {i for i, r in enumerate(self.rules) if r.clock}

    def extract(self, text: str, anchor: dt.date | None) -> list[Timex]:
        state = State(text, anchor, self.lexicon, self.cues)
        found: list[Candidate] = []
        by_kind = self._heads.windows(text)
        for order, rule in enumerate(self.rules):
            windows = merge([w for kind in rule.heads for w in by_kind.get(kind, ())])
            for w_start, w_end in windows:
                for m in rule.pattern.finditer(text, w_start, w_end):
                    if m.end() == m.start():
                        continue
                    try:
                        result = rule.value(m, state)
                    except OverflowError:  # an anchor at the ends of the calendar (year 1 or 9999)
                        result = None
                    if result is not None:
                        start, end = (result[2], result[3]) if len(result) == 4 else (m.start(), m.end())  # type: ignore[misc]
                        found.append((start, end, order, result[0], result[1]))
        kept = self._attach_days(text, longest_first(found))
        if anchor is not None:
            self._reference_quarters(kept, anchor)
        out = []
        for start, end, _, typ, value in kept:
            while end > start and text[end - 1] in " ,":
                end -= 1
            # an abbreviation keeps its dot ("Nov.", "p.m."), a sentence-final dot is not ours
            if text[end - 1] == "." and not _ABBREV_DOT.search(text, start, end):
                end -= 1
            out.append(Timex(start, end, text[start:end], typ, value))
        return out

    def _reference_quarters(self, kept: list[Candidate], anchor: dt.date) -> None:
        """ "a year ago" right after "the third quarter" means that quarter a year earlier.

        Business and economic reporting compares periods: in "profit rose in the third quarter
        from $5 million a year earlier" the comparison is with the quarter, not with the
        anchor's calendar year. Applies to the rules marked ``year_shift`` ("a year ago",
        "year-earlier") within ``quarter_reference_reach`` characters after a quarter (or half).
        """
        reach = self.cues["quarter_reference_reach"]
        last: tuple[int, int, str] | None = None  # (end offset, year, period code "Q3")
        for i, (start, end, rule, typ, value) in enumerate(kept):
            if value and (qm := _PERIOD_VALUE.fullmatch(value)):
                last = (end, int(qm.group(1)), qm.group(2))
                continue
            if (
                last
                and start - last[0] <= reach
                and rule in self._year_shift_rules
                and value
                and value.isdigit()
                and len(value) == 4
            ):
                years_back = anchor.year - int(value)
                if years_back > 0:
                    kept[i] = (start, end, rule, typ, f"{last[1] - years_back:04d}-{last[2]}")

    def _attach_days(self, text: str, kept: list[Candidate]) -> list[Candidate]:
        """Join a clock time and an adjacent day ("Tuesday at 3 p.m.", "10 p.m. Wednesday")."""
        gap_after, gap_before = self.cues["gap_after_clock"], self.cues["gap_before_clock"]
        out: list[Candidate] = []
        i = 0
        while i < len(kept):
            cur = kept[i]
            if i + 1 < len(kept):
                nxt = kept[i + 1]
                gap = text[cur[1] : nxt[0]]
                if cur[2] in self._clock_rules and _is_day(nxt[4]) and gap_after.fullmatch(gap):
                    out.append((cur[0], nxt[1], cur[2], "TIME", f"{nxt[4]}{cur[4][cur[4].index('T') :]}"))
                    i += 2
                    continue
                if nxt[2] in self._clock_rules and _is_day(cur[4]) and gap_before.fullmatch(gap):
                    out.append((cur[0], nxt[1], nxt[2], "TIME", f"{cur[4]}{nxt[4][nxt[4].index('T') :]}"))
                    i += 2
                    continue
            out.append(cur)
            i += 1
        return out


def longest_first(found: list[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates in text order: longest first, then leftmost, then rule order."""
    found.sort(key=lambda f: (f[0] - f[1], f[0], f[2]))
    starts: list[int] = []  # kept spans, sorted by start (they never overlap)
    kept: list[Candidate] = []
    for cand in found:
        i = bisect.bisect_left(starts, cand[0])
        if i > 0 and kept[i - 1][1] > cand[0]:
            continue  # overlaps the kept span that starts before it
        if i < len(kept) and kept[i][0] < cand[1]:
            continue  # overlaps the kept span that starts at or after it
        starts.insert(i, cand[0])
        kept.insert(i, cand)
    return kept


def _is_day(value: str | None) -> bool:
    return value is not None and _DAY_VALUE.fullmatch(value) is not None


@lru_cache(maxsize=1)
def default_grammar() -> TimexGrammar:
    return TimexGrammar(load_lexicon())


def extract_timexes(text: str, anchor: dt.date | None) -> list[Timex]:
    """Time expressions in ``text``, in text order, non-overlapping, normalised against ``anchor``."""
    return default_grammar().extract(text, anchor)
