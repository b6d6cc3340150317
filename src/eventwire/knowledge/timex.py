"""Time expressions: a small rule grammar that finds them and normalises them to TIMEX3 values.

``extract_timexes(text, anchor)`` is pure text in, ``Timex`` records out; the annotator in
``eventwire.annotate.timex`` only feeds it the article body and date. Words live in
``data/timex_lexicon.json``; this module holds the grammar (one compiled regex per rule,
built once) and the calendar arithmetic. For speed, a rule runs only in short windows around
the head words it needs (month names, unit words, four-digit years ...), found with one word
scan: the layer costs about 1% of a spaCy parse. Measured on TimeBank + AQUAINT by
``benchmarks/timex.py``.

Conventions (TimeML / TIMEX3, news usage):
  * spans exclude governing prepositions ("on Tuesday" -> "Tuesday") but include quantifiers
    and edge modifiers ("nearly two months", "early next year", "the past two weeks");
  * a relative expression is resolved against the anchor (the article date); without an anchor
    it gets an underspecified value (XXXX-11-15, XXXX-WXX-2, PAST_REF ...), never a guess;
  * news reports mostly the past: a weekday is the most recent one not after the anchor (but
    the day after it rather than six days back, unless the clause is past tense); a month(-day)
    without year is the closest one, biased to the past; a future cue in the clause before the
    expression ("will", "scheduled to") flips both to the next occurrence.

When several rules match overlapping text the longest match wins (leftmost on ties), so
"three days ago" beats the duration "three days", and "Nov. 15, 2022" beats "2022".
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..model import Timex

_LEXICON = Path(__file__).parent / "data" / "timex_lexicon.json"

# A rule handler gets the match and the extraction state and returns (type, value), or None to
# reject the match (e.g. "May" used as a modal verb); (type, value, start, end) narrows the span.
Result = tuple[str, str | None] | tuple[str, str | None, int, int] | None
# A candidate: start, end, rule index, type, value.
_Cand = tuple[int, int, int, str, str | None]

# --- where rules run -----------------------------------------------------------------------------

# Characters around a head word that a time expression can reach ("at least the past 18
# months": the head is "months"); windows reach this far before and after every head.
_REACH_LEFT = 48
_REACH_RIGHT = 24
_WORD = re.compile(r"[A-Za-z]+")
_SPACE = re.compile(r"\s")
# Starts with a character class so that the regex engine can skip ahead fast; the kinds are
# told apart by lookbehind on that first character.
_DIGIT_HEAD = re.compile(
    r"[\d'](?:(?P<year4>(?<=1)[5-9]\d\d|(?<=2)0\d\d|(?<=')\d0s)"
    r"|(?P<clock>(?<=\d)(?:\s*(?:[aApP]\.?[mM]\b|o'clock)|:[0-5]\d|\d\d\d?\s+(?:GMT|UTC)))|(?P<slash>(?<=\d)/\d))"
)

# The head kinds (see TimexGrammar._compile_heads) around which each rule runs.
_RULE_HEADS: dict[str, tuple[str, ...]] = {
    "iso": ("year4",),
    "slash": ("slash", "year4"),
    "month": ("month",),
    "day_month": ("month",),
    "year": ("year4",),
    "decade": ("year4", "unit", "decadeword"),
    "century": ("unit",),
    "relday": ("dayword",),
    "pod": ("pod",),
    "weekday": ("weekday",),
    "rel_unit": ("unit",),
    "duration": ("unit",),
    "bare_units": ("unit",),
    "set": ("setq",),
    "set_adverb": ("setadv",),
    "clock": ("clock", "pod"),
    "clock24": ("clock",),
    "ref": ("ref", "unit"),
    "quarter": ("quarter",),
    "weekend": ("unit",),
    "year_ago": ("unit",),
    "spoken_year": ("spoken",),
    "season": ("season",),
    "qcode": ("qcode",),
    "holiday": ("holiday",),
}

# --- context tests used by the handlers ----------------------------------------------------------

_NEXT_WORD = re.compile(r"\s*([\w.'-]+)")
_PREV_WORD = re.compile(r"([A-Za-z][\w'-]*)\W*$")
_CLAUSE_END = re.compile(r"\s*(?:[.,;:!?)]|$|(?:or|and|later|earlier|ago|before|after|to)\b)")
# words ending in -s that are not plural nouns (a year before a plural noun is a count)
_NOT_PLURALS = frozenset(
    "as is was has his its this thus does plus perhaps always whereas across towards afterwards besides "
    "news sometimes nevertheless regardless".split()
)
# "2019-2020", "1990 and 1991", "1994, 1995"
_YEAR_BEFORE = re.compile(r"\b(?:1[5-9]|20)\d\d\s*(?:[-–—,]|and|or|to)\s*$")
# Past-tense cues for the one case where tense decides a weekday (six days back or tomorrow)
_PAST_CUE = re.compile(
    r"\b(?:was|were|had|did|said|told|met|came|went|took|gave|made|left|held|began|fell|rose|won|lost"
    r"|saw|spoke|fled|fought|broke|struck|shot|hit|killed|[a-z]{3,}ed)\b",
    re.I,
)
# Words of business reporting, where "the quarter" and "the first half" are periods
_ACCOUNTS = re.compile(
    r"\b(?:profits?|earnings|revenues?|sales|income|loss(?:es)?|fiscal|quarterly|dividends?|shares?|GDP"
    r"|growth|economy|output|results)\b",
    re.I,
)
_ONES_WORDS = "zero one two three four five six seven eight nine".split()
_TEEN_WORDS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS_WORDS = "zero ten twenty thirty forty fifty sixty seventy eighty ninety".split()
_TENS = frozenset(_TENS_WORDS[2:])

_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:an|ese|ish|i|ch)$")  # "Nigerian", "Chinese", "Israeli"
# words that may follow "the future" / "the past" used as a noun ("the future of", "the past is")
_AFTER_NOUN_TIMEX = frozenset(
    "of is was will would may might could can and or but as in for to that when where with from on at by "
    "than remains holds looks lies belongs if unless because while after before it he she they we i you "
    "there this these those has had have are were be".split()
)

# --- post-processing -----------------------------------------------------------------------------

_ABBREV_DOT = re.compile(r"(?:\b(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)|[ap]\.m)\.$", re.I)
_DAY_VALUE = re.compile(r"(?:\d{4}|XXXX)-(?:\d\d-\d\d|WXX-\d)")
_GAP_BEFORE = re.compile(r",?\s+(?:at\s+|around\s+|about\s+)?")  # "Tuesday at 3 p.m."
_GAP_AFTER = re.compile(r",?\s+(?:on\s+)?")  # "3 p.m. on Tuesday"
_PERIOD_VALUE = re.compile(r"(\d{4})-([QH]\d)")
_REFERENCE_REACH = 300  # characters after a quarter within which "a year earlier" refers to it


def load_lexicon(path: Path = _LEXICON) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _alt(words: Any) -> str:
    """Regex alternation of ``words``, longest first so that "September" beats "Sep"."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


def _norm(s: str) -> str:
    return " ".join(s.lower().split())


def _merge(windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    if len(windows) < 2:
        return windows
    windows.sort()
    out = [windows[0]]
    for start, end in windows[1:]:
        if start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _longest_first(found: list[_Cand]) -> list[_Cand]:
    """Non-overlapping candidates in text order: longest first, then leftmost, then rule order."""
    found.sort(key=lambda f: (f[0] - f[1], f[0], f[2]))
    starts: list[int] = []  # kept spans, sorted by start (they never overlap)
    kept: list[_Cand] = []
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


# --- calendar arithmetic -------------------------------------------------------------------------


def _add_months(year: int, month: int, k: int) -> tuple[int, int]:
    n = year * 12 + (month - 1) + k
    return n // 12, n % 12 + 1


def _ymd(d: dt.date) -> str:
    return d.isoformat()


def _week(d: dt.date) -> str:
    iso = d.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


def _quarter(d: dt.date) -> int:
    return (d.month - 1) // 3 + 1


def _shift(anchor: dt.date, n: int, unit: str) -> str | None:
    """The anchor moved by ``n`` units, at the granularity of the unit ("3 days ago" -> a day)."""
    if unit == "D":
        return _ymd(anchor + dt.timedelta(days=n))
    if unit == "W":
        return _week(anchor + dt.timedelta(weeks=n))
    if unit == "2W":
        return _week(anchor + dt.timedelta(weeks=2 * n))
    if unit == "M":
        y, m = _add_months(anchor.year, anchor.month, n)
        return f"{y:04d}-{m:02d}"
    if unit == "Q":
        y, m = _add_months(anchor.year, anchor.month, 3 * n)
        return f"{y:04d}-Q{(m - 1) // 3 + 1}"
    if unit == "Y":
        return f"{anchor.year + n:04d}"
    if unit == "10Y":
        return f"{anchor.year + 10 * n:04d}"
    if unit == "100Y":
        return f"{anchor.year + 100 * n:04d}"
    if unit == "WE":
        return _week(anchor + dt.timedelta(weeks=n)) + "-WE"
    return None


def _duration(n: float | None, unit: str) -> str:
    """P-value for n units; fractions go to the next smaller unit (2.5 years -> P2Y6M)."""
    if unit in ("10Y", "100Y", "1000Y"):
        factor = int(unit[:-1])
        return "PXY" if n is None else f"P{_num(n * factor)}Y"
    if unit == "2W":
        return "PXW" if n is None else f"P{_num(2 * n)}W"
    if unit == "WE":
        return "P2D"
    time = unit in ("H", "MIN", "S")
    letter = "M" if unit == "MIN" else unit
    prefix = "PT" if time else "P"
    if n is None:
        return f"{prefix}X{letter}"
    whole = int(n)
    frac = n - whole
    smaller = {"Y": (12, "M"), "D": (24, "H"), "H": (60, "M"), "MIN": (60, "S")}.get(unit)
    if frac and smaller:
        rest = round(frac * smaller[0])
        if unit == "D":
            return f"P{whole}DT{rest}H" if whole else f"PT{rest}H"
        return f"{prefix}{whole}{letter}{rest}{smaller[1]}" if whole else f"{prefix}{rest}{smaller[1]}"
    return f"{prefix}{_num(n)}{letter}"


def _num(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else f"{n:g}"


def _year_for_month(anchor: dt.date, month: int, day: int | None, future: bool) -> int:
    """Year of a month(-day) given without one: the anchor's year unless that is implausible.

    The month is placed in the window [anchor - 9 months, anchor + 4 months]: news looks back, so
    a date more than four months ahead is last year's, but "Jan. 2" in a November article is the
    coming one. With a future cue, a date two or more months back moves to next year.
    """
    year = anchor.year
    if future:
        # "will meet on Jan. 5" (anchor in March): next year. A date of the last weeks is more
        # likely a past event referred to ("will investigate the Aug. 7 bombing").
        months_back = (anchor.month - month) % 12
        if (month, day or 31) < (anchor.month, anchor.day) and months_back >= 2:
            return year + 1
        return year
    diff = month - anchor.month
    if diff > 4:
        return year - 1
    if diff < -9:
        return year + 1
    return year


def _weekday(anchor: dt.date, iso_day: int, rel: str, tense: str) -> dt.date:
    """Resolve a weekday name: the most recent one not after the anchor, unless told otherwise."""
    back = (anchor.isoweekday() - iso_day) % 7  # days since the most recent such day
    if rel == "last":
        return anchor - dt.timedelta(days=back or 7)
    if rel == "next":
        ahead = (iso_day - anchor.isoweekday()) % 7 or 7
        return anchor + dt.timedelta(days=ahead)
    if rel == "this":
        # "this Friday": the one in the anchor's ISO week
        return anchor + dt.timedelta(days=iso_day - anchor.isoweekday())
    if tense == "future" or (back == 6 and tense != "past"):
        # six days back would be "last Tuesday": "Tuesday" in Monday's paper is tomorrow, unless
        # the clause is in the past tense ("they met on Tuesday")
        return anchor + dt.timedelta(days=(iso_day - anchor.isoweekday()) % 7)
    return anchor - dt.timedelta(days=back)


def _thanksgiving(year: int) -> dt.date:
    first = dt.date(year, 11, 1)
    return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)


# --- the grammar ---------------------------------------------------------------------------------


@dataclass(slots=True)
class _State:
    """What a handler needs besides the match: the whole text and the anchor date."""

    text: str
    anchor: dt.date | None


@dataclass(slots=True)
class _Rule:
    name: str
    pattern: re.Pattern[str]
    handler: Callable[[re.Match[str], _State], Result]


class TimexGrammar:
    """The compiled rules. Build once (``default_grammar()``) and call ``extract`` per text."""

    def __init__(self, lexicon: dict[str, Any]) -> None:
        lx = lexicon
        self.months: dict[str, int] = lx["months"]
        self.abbrev_months = set(lx["month_abbreviations_need_period_or_day"])
        self.ambiguous_months = set(lx["ambiguous_months"])
        self.weekdays: dict[str, int] = lx["weekdays"]
        self.numbers: dict[str, float] = lx["numbers"]
        self.vague = {_norm(v) for v in lx["vague_numbers"]}
        # unit word -> TIMEX3 unit code; MIN (minute) is told apart from M (month) until output
        self.units: dict[str, str] = lx["units"]
        self.seasons: dict[str, str] = lx["seasons"]
        self.parts_of_day: dict[str, str] = lx["parts_of_day"]
        self.set_adverbs: dict[str, str] = lx["set_adverbs"]
        self.present = {_norm(w) for w in lx["present_ref"]}
        self.past = {_norm(w) for w in lx["past_ref"]}
        self.future = {_norm(w) for w in lx["future_ref"]}
        self.holidays: dict[str, list[int]] = lx["holidays"]
        self.year_left = set(lx["year_left_context"])
        self.count_nouns = set(lx["count_nouns_after_number"])
        self.year_plurals = set(lx["plurals_after_year"])
        self._future_cue = re.compile(rf"\b(?:{_alt(lx['future_cues'])})\b", re.I)
        self._reporting = re.compile(rf"\b(?:{_alt(lx['reporting_verbs'])})\b", re.I)
        self.rules = self._compile(lx)
        self._heads = self._compile_heads()
        self._year_shift_rules = {i for i, r in enumerate(self.rules) if r.name in ("duration", "year_ago")}
        self._clock_rules = {i for i, r in enumerate(self.rules) if r.name.startswith("clock")}

    # -- pattern pieces ---------------------------------------------------------------------------

    def _compile(self, lx: dict[str, Any]) -> list[_Rule]:
        month = rf"(?:{_alt(self.months)})"
        full_month = rf"(?:{_alt(m for m in self.months if m not in self.abbrev_months)})"
        weekday = rf"(?:{_alt(self.weekdays)})"
        word_num = _alt(w for w in self.numbers if " " in w or len(w) > 2) + r"|an?"
        tens = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
        ones = "one|two|three|four|five|six|seven|eight|nine"
        num = (
            rf"(?:\d+(?:\.\d+)?(?:\s+1/2)?|\d{{1,3}}(?:,\d{{3}})+|(?:{tens})[\s-](?:{ones})"
            rf"|(?:{word_num})(?:\s+and\s+a\s+half)?|{_alt(self.vague)})"
        )
        unit = rf"(?:{_alt(self.units)})"
        mods = (
            r"(?:about|around|approximately|roughly|nearly|almost|more\s+than|less\s+than|fewer\s+than"
            r"|at\s+least|at\s+most|up\s+to|no\s+more\s+than|only|just|barely|some"
            # "over a week" is a quantity, "over the past week" a preposition
            r"|(?:over|under)(?=\s+(?!the\b|this\b|its\b|their\b|his\b|her\b)))"
        )
        edge = (
            r"(?:(?:early|late|earlier|later)\s+|mid-?\s*|the\s+(?:end|beginning|start|middle|close|turn"
            r"|first\s+half|second\s+half|rest|remainder|spring|summer|autumn|fall|winter)\s+of\s+)"
        )
        day_word = r"(?:today|tonight|yesterday|tomorrow)"
        tz = rf"(?:{_alt(lx['timezones'])})"
        pod = rf"(?:{_alt(self.parts_of_day)})"
        year = r"(?:1[5-9]\d\d|20\d\d)"
        clock = r"(?:\d{1,2}(?::[0-5]\d)?\s*(?:a\.m\.?|p\.m\.?|am\b|pm\b|o'clock)|noon|midnight|midday)"

        spec: list[tuple[str, str, Callable[[re.Match[str], _State], Result]]] = [
            (
                "iso",
                r"\b(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)(?:[T ](?P<H>[0-2]\d):(?P<M>[0-5]\d))?\b",
                self._iso,
            ),
            (
                "slash",
                r"(?<![\d/.])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d\d)(?![\d/])"
                r"|(?<![\d.])(?P<da>\d{1,2})\.(?P<db>\d{1,2})\.(?P<dy>\d{4})(?![\d.]|\.\d)",
                self._slash,
            ),
            (
                "month",
                rf"\b(?P<edge>{edge})?(?:(?P<rel>last|this|next|past)\s+)?(?:(?P<wdp>{weekday}),?\s+)?"
                rf"(?P<mon>{month})(?![\w-])\.?(?:\s*(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b"
                r"(?!\s*(?:%|percent|,\d|\.\d|:\d)))?"
                rf"(?:,?\s*(?:of\s+)?(?P<y>{year})\b|\s+(?P<rel2>last|this|next)\s+year\b)?",
                self._month_rule,
            ),
            (
                "day_month",
                rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{month})\b\.?(?:,?\s*(?P<y>{year})\b)?",
                self._month_day,
            ),
            (
                "year",
                rf"(?<![\w$£€.,'/])(?<![^\d]-)(?P<pre>(?:{edge}|fiscal(?:\s+year)?\s+|FY\s*|the\s+year\s+))?"
                rf"(?P<y>{year})(?![\w%/]|[.,]\d|-[A-Za-z]|\s*-\s*(?:year|month|day))",
                self._year,
            ),
            (
                "decade",
                r"(?<![\w$])(?:the\s+)?(?P<edge>(?:early|late|mid)-?\s*)?(?:(?P<c>1[5-9]|20)(?P<d>\d)0'?s\b"
                r"|'(?P<d2>\d)0s\b)"
                r"|\bthe\s+(?:(?:early|late|mid)-?\s*)?(?P<dw>twenties|thirties|forties|fifties|sixties|seventies"
                r"|eighties|nineties)\b",
                self._decade,
            ),
            (
                "century",
                r"\b(?:the\s+)?(?:(?P<edge>early|late|mid)-?\s*)?(?:(?P<n>\d{1,2})(?:st|nd|rd|th)"
                r"|(?P<w>nineteenth|twentieth|twenty-first|eighteenth))[\s-]+century\b",
                self._century,
            ),
            (
                "relday",
                rf"\b(?:(?P<edge>early|late|earlier|later)\s+)?(?P<w>{day_word}|the\s+day\s+before\s+yesterday"
                rf"|the\s+day\s+after\s+tomorrow)\b(?:(?:'s)?\s+(?P<pod>{pod})\b)?",
                self._relday,
            ),
            (
                "pod",
                rf"\b(?:(?P<edge>early|late|earlier|later)\s+)?(?P<rel>this|last|tomorrow|yesterday)\s+(?P<pod>{pod})\b"
                r"|\b(?P<ovn>overnight)\b",
                self._pod,
            ),
            (
                "weekday",
                rf"\b(?:(?P<edge>early|late|earlier|later)\s+)?(?:(?P<rel>last|this|next|past|coming|this\s+coming"
                r"|this\s+past)\s+)?"
                rf"(?P<wd>{weekday})(?P<pl>s)?\b(?:(?:'s)?\s+(?P<pod>{pod}))?",
                self._weekday,
            ),
            (
                "rel_unit",
                rf"\b(?P<edge>{edge})?(?:the\s+|this\s+)?(?P<rel>last|this|next|past|previous|coming|current|following)"
                r"\s+(?P<unit>week|month|year|quarter|weekend|decade|century)\b",
                self._rel_unit,
            ),
            (
                "duration",
                rf"\b(?:{mods}\s+)?(?:(?P<det>the|another|an?\s+additional|each\s+of\s+the)\s+)?"
                r"(?:(?P<rel>first|last|past|next|previous|coming|following|final|latest|same|entire|whole"
                r"|full|remaining|initial|ensuing|succeeding|preceding)\s+)?"
                rf"(?P<n>{num})(?:\s+(?:more|additional|further|straight|consecutive|full|long))?"
                rf"(?:\s+(?P<trading>trading|business|working|calendar))?[\s-]+(?P<unit>{unit})"
                r"(?P<pl>s)?\b(?P<half>\s+and\s+a\s+half)?(?P<tail>-(?:long|old))?"
                r"(?:\s+or\s+so)?(?:\s+(?P<dir>ago|earlier|later|from\s+now|hence|back)\b)?",
                self._duration,
            ),
            (
                "bare_units",
                r"(?:(?<=\bfor\s)|(?<=\bover\s)|(?<=\bwithin\s)|(?<=\bin\s)"
                r"|\b(?P<cue>recent|coming|past|next|several|many|few|the\s+past|the\s+last|the\s+next"
                r"|the\s+coming)\s+)"
                r"(?P<unit>seconds|minutes|hours|days|weeks|months|quarters|years|decades|centuries)\b"
                r"(?P<tail>-long)?",
                self._bare_units,
            ),
            (
                "set",
                rf"\b(?P<q>every|each|per)\s+(?:(?P<other>other)\s+)?(?:(?P<n>{num})\s+)?"
                rf"(?P<what>{unit}|{weekday}|{full_month}|{pod}|spring|summer|autumn|fall|winter)s?\b",
                self._set,
            ),
            ("set_adverb", rf"\b(?P<w>{_alt(self.set_adverbs)})\b", self._set_adverb),
            (
                "clock",
                rf"(?<![\d:.$£€])\b(?P<clock>{clock})(?:\s+(?P<tz>{tz}))?",
                self._clock,
            ),
            (
                "clock24",
                rf"(?<=\bat\s)(?P<H>[01]?\d|2[0-3]):(?P<M>[0-5]\d)\b(?:\s*(?:h|hrs|hours)\b)?(?:\s+(?P<tz>{tz}))?"
                rf"|\b(?P<H2>[01]?\d|2[0-3]):?(?P<M2>[0-5]\d)\s+(?P<tz2>{tz})",
                self._clock24,
            ),
            (
                "ref",
                rf"\b(?P<w>{_alt(self.present | self.past | self.future)})\b"
                r"|\b(?P<rc>recent|the\s+coming|coming|the\s+next\s+few|the\s+past\s+few)\s+"
                r"(?P<ru>days|weeks|months|years)\b",
                self._ref,
            ),
            ("weekend", r"\bthe\s+weekend\b", self._weekend),
            ("year_ago", r"\b(?:the\s+)?year-(?:earlier|ago)(?:\s+period)?\b", self._year_ago),
            (
                "spoken_year",
                rf"\b(?:the\s+year\s+)?(?P<c>nineteen|eighteen)[\s-]+(?:(?P<t>{tens})(?:[\s-](?P<o>{ones}))?"
                r"|(?P<teen>ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
                rf"|(?P<oh>oh)[\s-](?P<o3>{ones}))\b"
                rf"|\b(?P<y2k>the\s+year\s+)?two\s+thousand(?:\s+(?:and\s+)?(?P<o2>{ones}|ten))?\b",
                self._spoken_year,
            ),
            (
                "quarter",
                r"\b(?:(?P<det>the|a|its|their|this\s+year's|last\s+year's)\s+)?(?:(?P<fiscal>fiscal)\s+)?"
                r"(?:(?P<rel>this|last|next|latest|current|previous|past|recent|year-earlier|year-ago|same"
                rf"|comparable)\s+)?(?:(?P<yr>{year})\s+)?(?:fiscal\s+)?"
                r"(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|final)[\s-]+)?(?P<kind>quarter|half)\b"
                rf"(?:\s+of\s+(?:(?P<y2>{year})|(?P<rel2>this|last|next)\s+year|(?P<theyear>the\s+year)))?",
                self._quarter_rule,
            ),
            ("qcode", rf"\b(?P<q>[QH])(?P<n>[1-4])(?:\s+(?P<y>{year}))?\b", self._qcode),
            (
                "season",
                rf"\b(?P<edge>{edge})?(?:(?P<rel>last|this|next|past|coming|the|this\s+past|this\s+coming)\s+)?(?P<s>spring|summer|fall|autumn"
                rf"|winter)\b(?:\s+(?:of\s+)?(?P<y>{year})\b)?",
                self._season,
            ),
            (
                "holiday",
                rf"\b(?P<h>{_alt(self.holidays)}|thanksgiving(?:\s+day)?|election\s+day)\b(?:\s+(?P<y>{year})\b)?",
                self._holiday,
            ),
        ]
        return [_Rule(name, re.compile(p, re.I), h) for name, p, h in spec]

    def _compile_heads(self) -> dict[str, tuple[str, ...]]:
        """Head word -> the kinds of head it is ("quarter" is a unit and a quarter word).

        Each rule only runs in windows around the heads it needs (``_RULE_HEADS``): most of a
        news text holds none, and scanning every position with two dozen patterns would cost
        more than the parse itself. Finding heads is one cheap word scan plus dict look-ups.
        """
        refs = {p.split()[-1] for p in (*self.present, *self.past, *self.future)} | {"recent", "coming"}
        kinds: dict[str, set[str] | Any] = {
            "month": set(self.months),
            "weekday": set(self.weekdays),
            "unit": {*self.units, "centuries", "millennia"},
            "dayword": {"today", "tonight", "yesterday", "tomorrow"},
            "pod": {*self.parts_of_day, "noon", "midnight", "midday"},
            "setq": {"every", "each", "per"},
            "setadv": set(self.set_adverbs),
            "ref": refs,
            "quarter": {"quarter", "half"},
            "season": set(self.seasons),
            "holiday": {h.split()[0] for h in self.holidays} | {"thanksgiving", "election"},
            "spoken": {"nineteen", "eighteen", "thousand"},
            "qcode": {"q", "h"},
            "decadeword": {f"{w[:-1]}ies" for w in _TENS_WORDS[2:]},
        }
        heads: dict[str, tuple[str, ...]] = {}
        for kind, words in kinds.items():
            for w in words:
                heads[w] = (*heads.get(w, ()), kind)
        return heads

    def _kinds(self, word: str) -> tuple[str, ...]:
        kinds = self._heads.get(word, ())
        if word.endswith("s"):
            kinds += self._heads.get(word[:-1], ())
        return kinds

    def _windows(self, text: str) -> dict[str, list[tuple[int, int]]]:
        """Per kind of head: text windows around its occurrences (merged by ``_merge`` later)."""
        n = len(text)
        raw: dict[str, list[tuple[int, int]]] = {}
        hits: list[tuple[int, int, tuple[str, ...]]] = []
        low = text.lower()
        if len(low) != n:  # a few characters lengthen when lower-cased: scan word by word instead
            for m in _WORD.finditer(text):
                if kinds := self._kinds(m.group().lower()):
                    hits.append((m.start(), m.end(), kinds))
        else:
            # distinct words first (C speed), then str.find for the few that are heads
            for w in set(_WORD.findall(low)):
                if not (kinds := self._kinds(w)):
                    continue
                i = low.find(w)
                while i >= 0:
                    j = i + len(w)
                    if (i == 0 or not low[i - 1].isalpha()) and (j == n or not low[j].isalpha()):
                        hits.append((i, j, kinds))
                    i = low.find(w, j)
        for m in _DIGIT_HEAD.finditer(text):
            hits.append((m.start(), m.end(), (m.lastgroup or "",)))
        for start, end, kinds in hits:
            start, end = max(0, start - _REACH_LEFT), min(n, end + _REACH_RIGHT)
            # widen to whole words: a pattern must not take a window edge for a word boundary
            # (a start inside a word is harmless: the engine sees the text before ``pos``)
            if start > 0:
                start = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
            if end < n:
                space = _SPACE.search(text, end)
                end = space.start() if space else n
            for kind in kinds:
                raw.setdefault(kind, []).append((start, end))
        return raw

    # -- extraction -------------------------------------------------------------------------------

    def extract(self, text: str, anchor: dt.date | None) -> list[Timex]:
        state = _State(text, anchor)
        found: list[_Cand] = []
        by_kind = self._windows(text)
        for order, rule in enumerate(self.rules):
            windows = _merge([w for kind in _RULE_HEADS[rule.name] for w in by_kind.get(kind, ())])
            for w_start, w_end in windows:
                for m in rule.pattern.finditer(text, w_start, w_end):
                    if m.end() == m.start():
                        continue
                    try:
                        result = rule.handler(m, state)
                    except OverflowError:  # an anchor at the ends of the calendar (year 1 or 9999)
                        result = None
                    if result is not None:
                        start, end = (result[2], result[3]) if len(result) == 4 else (m.start(), m.end())  # type: ignore[misc]
                        found.append((start, end, order, result[0], result[1]))
        kept = self._attach_days(text, _longest_first(found))
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

    def _reference_quarters(self, kept: list[_Cand], anchor: dt.date) -> None:
        """ "a year ago" right after "the third quarter" means that quarter a year earlier.

        Business and economic reporting compares periods: in "profit rose in the third quarter
        from $5 million a year earlier" the comparison is with the quarter, not with the
        anchor's calendar year. Applies to year shifts ("a year ago", "year-earlier") within
        ``_REFERENCE_REACH`` characters after a quarter (or half) mention.
        """
        last: tuple[int, int, str] | None = None  # (end offset, year, period code "Q3")
        for i, (start, end, rule, typ, value) in enumerate(kept):
            if value and (qm := _PERIOD_VALUE.fullmatch(value)):
                last = (end, int(qm.group(1)), qm.group(2))
                continue
            if (
                last
                and start - last[0] <= _REFERENCE_REACH
                and rule in self._year_shift_rules
                and value
                and value.isdigit()
                and len(value) == 4
            ):
                years_back = anchor.year - int(value)
                if years_back > 0:
                    kept[i] = (start, end, rule, typ, f"{last[1] - years_back:04d}-{last[2]}")

    def _attach_days(self, text: str, kept: list[_Cand]) -> list[_Cand]:
        """Join a clock time and an adjacent day ("Tuesday at 3 p.m.", "10 p.m. Wednesday")."""
        out: list[_Cand] = []
        i = 0
        while i < len(kept):
            cur = kept[i]
            if i + 1 < len(kept):
                nxt = kept[i + 1]
                gap = text[cur[1] : nxt[0]]
                if cur[2] in self._clock_rules and _is_day(nxt[4]) and _GAP_AFTER.fullmatch(gap):
                    out.append((cur[0], nxt[1], cur[2], "TIME", f"{nxt[4]}{cur[4][cur[4].index('T') :]}"))
                    i += 2
                    continue
                if nxt[2] in self._clock_rules and _is_day(cur[4]) and _GAP_BEFORE.fullmatch(gap):
                    out.append((cur[0], nxt[1], nxt[2], "TIME", f"{cur[4]}{nxt[4][nxt[4].index('T') :]}"))
                    i += 2
                    continue
            out.append(cur)
            i += 1
        return out

    # -- context helpers --------------------------------------------------------------------------

    def _tense(self, state: _State, start: int) -> str:
        """ "future", "past" or "" from cues earlier in the clause ("will meet on Tuesday")."""
        left = state.text[max(0, start - 80) : start]
        cut = max(left.rfind(". "), left.rfind("; "), left.rfind("\n"), left.rfind('"'), left.rfind("``"))
        if cut >= 0:
            left = left[cut + 1 :]
        cues = list(self._future_cue.finditer(left))
        # "said Monday he would resign": a reporting verb after the cue means the cue is not ours
        if cues and not self._reporting.search(left, cues[-1].end()):
            return "future"
        return "past" if _PAST_CUE.search(left) else ""

    def _future(self, state: _State, start: int) -> bool:
        return self._tense(state, start) == "future"

    def _prev_word(self, state: _State, start: int) -> str:
        m = _PREV_WORD.search(state.text, max(0, start - 25), start)
        return m.group(1).lower() if m else ""

    def _next_word(self, state: _State, end: int) -> str:
        m = _NEXT_WORD.match(state.text, end, end + 25)
        return m.group(1).lower().rstrip(".") if m else ""

    def _cap(self, word: str) -> bool:
        return word[:1].isupper()

    def _month_of(self, word: str) -> int:
        return self.months[word.lower().rstrip(".")]

    # -- handlers: explicit dates -----------------------------------------------------------------

    def _iso(self, m: re.Match[str], st: _State) -> Result:
        try:
            d = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
        except ValueError:
            return None
        if m["H"]:
            return "TIME", f"{_ymd(d)}T{m['H']}:{m['M']}"
        return "DATE", _ymd(d)

    def _slash(self, m: re.Match[str], st: _State) -> Result:
        if m["da"]:  # 27.11.2022: day first, as everywhere dots are used
            day, month, y = int(m["da"]), int(m["db"]), int(m["dy"])
        else:
            a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
            if y < 100:
                y += 2000 if y < 50 else 1900
            month, day = (a, b) if a <= 12 else (b, a)  # US order unless impossible
        try:
            return "DATE", _ymd(dt.date(y, month, day))
        except ValueError:
            return None

    def _month_rule(self, m: re.Match[str], st: _State) -> Result:
        """Month name with an optional day, year, weekday or relative word ("last May")."""
        if m["day"]:
            return self._month_day(m, st)
        if m["y"]:
            return self._month_year(m, st)
        if m["wdp"]:
            return None  # "Friday, March" without a day: let the weekday rule have it
        key = m["mon"].lower()
        if key in self.abbrev_months and not (
            key == "sept" and st.text[m.end("mon") : m.end("mon") + 1] == "."
        ):
            return None  # a bare "Jan" or "Dec" is too often something else
        return self._month(m, st)

    def _month_day(self, m: re.Match[str], st: _State) -> Result:
        mon = m["mon"]
        if not self._cap(mon):
            return None
        month, day = self._month_of(mon), int(m["day"])
        if not 1 <= day <= 31:
            return None
        if m["y"]:
            year: int | None = int(m["y"])
        elif st.anchor:
            year = _year_for_month(st.anchor, month, day, self._future(st, m.start()))
        else:
            year = None
        try:
            dt.date(year or 2000, month, day)
        except ValueError:
            return None
        prefix = f"{year:04d}" if year else "XXXX"
        return "DATE", f"{prefix}-{month:02d}-{day:02d}"

    def _month_year(self, m: re.Match[str], st: _State) -> Result:
        if not self._cap(m["mon"]):
            return None
        return "DATE", f"{m['y']}-{self._month_of(m['mon']):02d}"

    def _month(self, m: re.Match[str], st: _State) -> Result:
        mon = m["mon"]
        if not self._cap(mon):
            return None
        key = mon.lower().rstrip(".")
        if key in self.ambiguous_months and not (m["rel"] or m["edge"] or m["rel2"]):
            # "May" the modal and "March" the verb: only with a temporal preposition before them
            if self._prev_word(st, m.start()) not in {
                "in", "since", "until", "till", "by", "from", "through", "during", "of", "before",
                "after", "to", "between", "and", "early", "late", "mid", "or", "last", "next", "this",
                "around", "throughout", "end",
            }:  # fmt: skip
                return None
        month = self._month_of(mon)
        if st.anchor is None:
            return "DATE", f"XXXX-{month:02d}"
        a = st.anchor
        rel = (m["rel"] or "").lower()
        rel2 = (m["rel2"] or "").lower()
        if rel2:
            year = a.year + {"last": -1, "this": 0, "next": 1}[rel2]
        elif rel in ("last", "past"):
            # "last May"; the month just gone would be "last month", so "last February" on
            # March 1 is the one a year before
            year = a.year if month < a.month - 1 else a.year - 1
        elif rel == "next":
            year = a.year if month > a.month else a.year + 1
        elif rel == "this":
            year = a.year
        else:
            year = _year_for_month(a, month, None, self._future(st, m.start()))
        return "DATE", f"{year:04d}-{month:02d}"

    def _year(self, m: re.Match[str], st: _State) -> Result:
        y = m["y"]
        pre = (m["pre"] or "").lower()
        nxt = self._next_word(st, m.end())
        if nxt.rstrip(".") in self.count_nouns:
            return None
        if "half" in pre:
            return "DATE", f"{y}-H{1 if 'first' in pre else 2}"
        if pre.startswith(("fiscal", "fy")):
            return "DATE", f"{y}"  # the fiscal year named by its end (TimeBank convention)
        if not pre:
            following = _NEXT_WORD.match(st.text, m.end(), m.end() + 25)
            raw_next = following.group(1).rstrip(".") if following else ""
            if (
                raw_next.islower()
                and raw_next.endswith("s")
                and not raw_next.endswith(("ss", "'s", "us"))
                and raw_next not in self.year_plurals
                and raw_next not in _NOT_PLURALS
            ):
                return None  # "in 1500 villages": a count before a plural noun
            prev = self._prev_word(st, m.start())
            in_range = _YEAR_BEFORE.search(st.text, max(0, m.start() - 12), m.start()) is not None
            possessive = prev.endswith(("'s", "’s"))  # "the company's 1989 results"
            if prev not in self.year_left and not nxt.startswith("'s") and not in_range and not possessive:
                return None
            if int(y) < 1800 and prev not in {"in", "since", "of", "from", "until", "by", "year"}:
                return None
        return "DATE", y

    def _decade(self, m: re.Match[str], st: _State) -> Result:
        """ "the 1990s" -> 199; "the '90s" and "the nineties" -> the latest such decade begun."""
        if m["d2"] is not None or m["dw"]:
            d2 = int(m["d2"]) if m["d2"] is not None else _TENS_WORDS.index(m["dw"].lower()[:-3] + "y")
            if st.anchor is None:
                return "DATE", f"XX{d2}"
            century = st.anchor.year // 100 - (d2 * 10 > st.anchor.year % 100)
            return "DATE", f"{century:02d}{d2}"
        return "DATE", f"{m['c']}{m['d']}"

    def _century(self, m: re.Match[str], st: _State) -> Result:
        words = {"eighteenth": 18, "nineteenth": 19, "twentieth": 20, "twenty-first": 21}
        n = int(m["n"]) if m["n"] else words[m["w"].lower()]
        if not 1 <= n <= 30:
            return None
        return "DATE", f"{n - 1:02d}"

    # -- handlers: anchored -----------------------------------------------------------------------

    def _relday(self, m: re.Match[str], st: _State) -> Result:
        w = _norm(m["w"])
        offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}.get(w)
        if offset is None:
            offset = -2 if "before" in w else 2
        part = self.parts_of_day[m["pod"].lower()] if m["pod"] else ("NI" if w == "tonight" else None)
        if st.anchor is None:
            value = "PRESENT_REF" if offset == 0 else ("PAST_REF" if offset < 0 else "FUTURE_REF")
            return ("TIME" if part else "DATE"), value
        day = _ymd(st.anchor + dt.timedelta(days=offset))
        return ("TIME", f"{day}T{part}") if part else ("DATE", day)

    def _pod(self, m: re.Match[str], st: _State) -> Result:
        if m["ovn"]:
            part, offset = "NI", 0
        else:
            rel = m["rel"].lower()
            part = self.parts_of_day[m["pod"].lower()]
            offset = {"this": 0, "last": -1, "yesterday": -1, "tomorrow": 1}[rel]
            if rel == "last" and part != "NI":
                return None  # "last evening" is rare; "last morning" is not a time
        if st.anchor is None:
            return "TIME", None
        return "TIME", f"{_ymd(st.anchor + dt.timedelta(days=offset))}T{part}"

    def _weekday(self, m: re.Match[str], st: _State) -> Result:
        wd = m["wd"]
        if not self._cap(wd):
            return None
        iso_day = self.weekdays[wd.lower()]
        part = self.parts_of_day[m["pod"].lower()] if m["pod"] else None
        if m["pl"]:  # "on Tuesdays": a recurring day
            return "SET", f"XXXX-WXX-{iso_day}" + (f"T{part}" if part else "")
        rel = (m["rel"] or "").lower()
        rel = _norm(rel).removeprefix("this ") if rel.startswith("this ") else rel  # "this coming"
        rel = {"past": "last", "coming": "next"}.get(rel, rel)
        if st.anchor is None:
            return ("TIME" if part else "DATE"), f"XXXX-WXX-{iso_day}" + (f"T{part}" if part else "")
        d = _weekday(st.anchor, iso_day, rel, self._tense(st, m.start()))
        return ("TIME", f"{_ymd(d)}T{part}") if part else ("DATE", _ymd(d))

    def _rel_unit(self, m: re.Match[str], st: _State) -> Result:
        rel = m["rel"].lower()
        unit = self.units[m["unit"].lower()]
        n = {"last": -1, "past": -1, "previous": -1, "this": 0, "current": 0}.get(rel, 1)
        if st.anchor is None:
            return "DATE", ("PAST_REF" if n < 0 else "PRESENT_REF" if n == 0 else "FUTURE_REF")
        if unit == "10Y":
            return "DATE", f"{st.anchor.year // 10 + n:03d}"
        if unit == "100Y":
            return "DATE", f"{st.anchor.year // 100 + n:02d}"
        return "DATE", _shift(st.anchor, n, unit)

    def _ago(self, m: re.Match[str], st: _State) -> Result:
        """ "three days ago", "a year earlier": the anchor shifted, at the unit's granularity."""
        n = self._number(m["n"])
        unit = self.units[m["unit"].lower()]
        word = m["dir"].lower()
        if word == "later" or (word == "earlier" and unit in ("D", "W", "2W", "H", "MIN", "S")):
            # "three days later" counts from the story's last event, not from the article date:
            # only the length is known. "A year earlier" is kept as a date: news uses it to
            # compare with the anchor's period.
            end = (
                m.end("tail") if m["tail"] else m.end("half") if m["half"] else m.end("unit") + bool(m["pl"])
            )
            return "DURATION", _duration(n, unit), m.start(), end
        direction = -1 if word in ("ago", "earlier", "back") else 1
        if n is None or st.anchor is None or unit in ("H", "MIN", "S"):
            if unit in ("H", "MIN", "S") and st.anchor is not None and n is not None:
                delta = {"H": 3600, "MIN": 60, "S": 1}[unit] * n * direction
                t = dt.datetime.combine(st.anchor, dt.time(12)) + dt.timedelta(seconds=delta)
                return "DATE", _ymd(t.date())
            return "DATE", "PAST_REF" if direction < 0 else "FUTURE_REF"
        if not float(n).is_integer():
            return "DATE", "PAST_REF" if direction < 0 else "FUTURE_REF"
        return "DATE", _shift(st.anchor, int(n) * direction, unit)

    def _number(self, s: str) -> float | None:
        """The count in "48", "2 1/2", "twenty-four", "a couple of"; None when vague ("several")."""
        s = _norm(s)
        if s in self.vague:
            return None
        s = s.replace(",", "")
        half = 0.5 if s.endswith((" 1/2", " and a half")) else 0.0
        s = s.removesuffix(" 1/2").removesuffix(" and a half")
        if re.fullmatch(r"\d+(?:\.\d+)?", s):
            return float(s) + half
        if s in self.numbers:
            return self.numbers[s] + half
        parts = re.split(r"[\s-]+", s)
        if len(parts) == 2 and parts[0] in _TENS and parts[1] in self.numbers and self.numbers[parts[1]] < 10:
            return self.numbers[parts[0]] + self.numbers[parts[1]] + half  # "twenty-four"
        return None

    def _duration(self, m: re.Match[str], st: _State) -> Result:
        if m["dir"]:
            return self._ago(m, st)
        raw_n = _norm(m["n"])
        unit = self.units[m["unit"].lower()]
        n = self._number(raw_n)
        if m["half"]:
            n = None if n is None else n + 0.5
        plural = bool(m["pl"])
        if m["tail"] == "-old" or self._next_word(st, m.end()) == "old":
            return None  # an age ("the 6-year-old", "52 years old"), not a time expression
        if unit == "Q" and ((plural and "-" in m.group(0)) or self._next_word(st, m.end()) == "of"):
            return None  # "three-quarters", "a quarter of the vote": a fraction
        if raw_n in ("a", "an") and st.text[m.end("n") : m.end("n") + 1] == "-":
            return None  # "$50,000-a-year", "an-hour-long": part of a compound
        if unit == "S" and raw_n in ("a", "an", "one") and not m["det"]:
            if not _CLAUSE_END.match(st.text, m.end()):
                return None  # "a second term", "a second bomb": the ordinal
        if raw_n[:1].isdigit() and m["unit"][:1].isupper() and not m["unit"].isupper():
            return None  # "60 Minutes", "24 Hours of Le Mans": a title
        if n is not None:
            if n > 10000 or (n == 1 and plural and not m["tail"]):
                return None
            if 1500 <= n <= 2099 and not plural and raw_n.isdigit():
                return None  # "the 1988 quarter" names a year
        elif raw_n in ("some",) or (raw_n in self.vague and not plural):
            return None
        if raw_n in ("a", "an") and not m["rel"] and not m["det"]:
            prev = self._prev_word(st, m.start())
            before = st.text[max(0, m.start() - 12) : m.start()]
            # "twice a year", "$5 billion a year", "three times a week": a rate, not a length
            if prev in ("once", "twice", "thrice", "times", "per") or re.search(
                r"[\d%]\s*$|\w+ion\s*$", before
            ):
                return "SET", _duration(1, unit)
        if unit == "WE":
            return None
        if m["det"] and not m["rel"] and not plural and "-" in st.text[m.start("n") : m.end("unit")]:
            # "the 24-hour news cycle": the article belongs to the noun, not to the duration
            return "DURATION", _duration(n, unit), m.start("n"), m.end()
        return "DURATION", _duration(n, unit)

    def _bare_units(self, m: re.Match[str], st: _State) -> Result:
        cue = _norm(m["cue"] or "")
        unit = self.units[m["unit"].lower().rstrip("s").replace("centurie", "century")]
        if cue in ("coming", "the coming", "next", "the next"):
            return "DATE", "FUTURE_REF"
        if cue == "recent":
            return "DATE", "PAST_REF"
        return "DURATION", _duration(None, unit)

    def _set(self, m: re.Match[str], st: _State) -> Result:
        what = m["what"].lower()
        step = 2 if m["other"] else 1
        if m["n"]:
            n = self._number(m["n"])
            if n is None:
                return None
            step *= n
        if what in self.weekdays:
            return ("SET", f"XXXX-WXX-{self.weekdays[what]}") if self._cap(m["what"]) else None
        if what in self.months:
            return ("SET", f"XXXX-{self.months[what]:02d}") if self._cap(m["what"]) else None
        if what in self.parts_of_day:
            return "SET", f"XXXX-XX-XXT{self.parts_of_day[what]}"
        if what in self.seasons:
            return "SET", f"XXXX-{self.seasons[what]}"
        unit = self.units[what]
        if unit == "WE":
            return "SET", "XXXX-WXX-WE"
        return "SET", _duration(step, unit)

    def _set_adverb(self, m: re.Match[str], st: _State) -> Result:
        w = m["w"]
        before = _PREV_WORD.search(st.text, max(0, m.start() - 25), m.start())
        after = _NEXT_WORD.match(st.text, m.end(), m.end() + 25)
        # "Breitbart News Daily", "the Daily Mail", 'the Nigerian daily "Aksan"': a newspaper
        adjacent = before is not None and before.end() + 2 >= m.start()
        title = adjacent and self._cap(w) and self._cap(before.group(1))  # "Breitbart News Daily"
        if (
            title
            or (adjacent and _DEMONYM.search(before.group(1)))
            or (after and (self._cap(after.group(1)) or after.group(1)[:1] in "\"'“"))
        ):
            return None
        return "SET", self.set_adverbs[w.lower()]

    def _clock(self, m: re.Match[str], st: _State) -> Result:
        clock = _norm(m["clock"])
        if clock in ("noon", "midday"):
            hh, mm = 12, 0
        elif clock == "midnight":
            hh, mm = 24, 0
        else:
            cm = re.match(r"(\d{1,2})(?::(\d\d))?\s*(a\.?m|p\.?m|o'clock)?", clock)
            assert cm is not None
            hh, mm = int(cm.group(1)), int(cm.group(2) or 0)
            if hh > 12 or hh == 0:
                return None
            if cm.group(3) and cm.group(3).startswith("p") and hh != 12:
                hh += 12
            elif cm.group(3) and cm.group(3).startswith("a") and hh == 12:
                hh = 0
        # the day is the anchor's unless a neighbouring day name says otherwise (see _attach_days)
        day = _ymd(st.anchor) if st.anchor else "XXXX-XX-XX"
        return "TIME", f"{day}T{hh:02d}:{mm:02d}"

    def _clock24(self, m: re.Match[str], st: _State) -> Result:
        hh, mm = (m["H"], m["M"]) if m["H"] else (m["H2"], m["M2"])
        day = _ymd(st.anchor) if st.anchor else "XXXX-XX-XX"
        return "TIME", f"{day}T{int(hh):02d}:{mm}"

    def _ref(self, m: re.Match[str], st: _State) -> Result:
        if m["rc"]:
            rc = _norm(m["rc"]).removeprefix("the ")
            return "DATE", "PAST_REF" if rc in ("recent", "past few") else "FUTURE_REF"
        w = _norm(m["w"])
        if w == "current" and self._next_word(st, m.end()) in ("account", "accounts", "affairs", "events"):
            return None
        if st.text[m.end() : m.end() + 1] == "-":
            return None  # "present-day", "now-defunct": part of a compound adjective
        if w in ("the future", "the present", "the past", "the near future", "the distant future"):
            following = _NEXT_WORD.match(st.text, m.end(), m.end() + 25)
            nxt = following.group(1) if following else ""
            if nxt[:1].islower() and nxt.lower() not in _AFTER_NOUN_TIMEX:
                return None  # "the future peace", "the present government": an adjective
        if w in self.present:
            return "DATE", "PRESENT_REF"
        if w in self.past:
            return "DATE", "PAST_REF"
        return "DATE", "FUTURE_REF"

    def _weekend(self, m: re.Match[str], st: _State) -> Result:
        """ "the weekend": the one just past early in the week, the coming one from Friday on."""
        if st.anchor is None:
            return "DATE", "XXXX-WXX-WE"
        ahead = st.anchor.isoweekday() >= 5 or self._future(st, m.start())
        return "DATE", _shift(st.anchor, 0 if ahead else -1, "WE")

    def _year_ago(self, m: re.Match[str], st: _State) -> Result:
        return "DATE", (f"{st.anchor.year - 1:04d}" if st.anchor else "PAST_REF")

    def _spoken_year(self, m: re.Match[str], st: _State) -> Result:
        """Years as spoken in broadcast transcripts: "nineteen ninety-six", "the year two thousand"."""
        if m["c"]:
            if m["t"]:
                tail = 10 * _TENS_WORDS.index(m["t"].lower()) + (
                    _ONES_WORDS.index(m["o"].lower()) if m["o"] else 0
                )
            elif m["teen"]:
                tail = 10 + _TEEN_WORDS.index(m["teen"].lower())
            else:
                tail = _ONES_WORDS.index(m["o3"].lower())
            return "DATE", f"{18 if m['c'].lower() == 'eighteen' else 19}{tail:02d}"
        # "two thousand" is usually a number: only "the year two thousand" or "in two thousand one"
        if not (m["y2k"] or self._prev_word(st, m.start()) in ("in", "since", "until", "by", "of")):
            return None
        extra = m["o2"].lower() if m["o2"] else "zero"
        return "DATE", f"{2000 + (10 if extra == 'ten' else _ONES_WORDS.index(extra))}"

    def _quarter_rule(self, m: re.Match[str], st: _State) -> Result:
        """Quarters and halves of a (fiscal) year: "the third quarter", "first-half"."""
        result = self._quarter_value(m, st)
        det = (m["det"] or "").lower()
        if result is None or det not in ("a", "its", "their", "the"):
            return result
        hyphen = st.text[m.start("kind") - 1] == "-"
        if det == "the" and not hyphen:
            return result
        # "its third quarter", "a third-quarter loss": the determiner belongs to the noun phrase
        start = m.end("det")
        while st.text[start].isspace():
            start += 1
        return result[0], result[1], start, m.end()

    def _quarter_value(self, m: re.Match[str], st: _State) -> Result:
        kind = m["kind"].lower()
        ordinal = (m["ord"] or "").lower()
        rel = (m["rel"] or "").lower()
        det = (m["det"] or "").lower()
        if not (ordinal or rel or det or m["fiscal"] or m["yr"]):
            return None
        if kind == "half" and ordinal not in ("first", "second", "1st", "2nd"):
            return None  # "half" alone is rarely a period
        dated = m["yr"] or m["y2"] or m["rel2"] or m["theyear"] or det.endswith("year's")
        if not (ordinal or rel or m["fiscal"] or m["yr"]) or (kind == "half" and not dated):
            # a bare "the quarter" is a city district and "the first half" may be a match's,
            # unless the text is about accounts
            context = st.text[max(0, m.start() - 300) : m.end() + 300]
            if not _ACCOUNTS.search(context):
                return None
        a = st.anchor
        n_now = _quarter(a) if a else 0
        year: int | None = None
        if m["yr"] or m["y2"]:
            year = int(m["yr"] or m["y2"])
        elif m["rel2"]:
            year = a.year + {"last": -1, "this": 0, "next": 1}[m["rel2"].lower()] if a else None
        elif m["theyear"]:
            year = a.year if a else None
        elif det.endswith("year's"):
            year = (a.year - (det.startswith("last"))) if a else None
        if kind == "half":
            h = 1 if ordinal in ("first", "1st") else 2
            if year is None and a:
                year = a.year if (h == 1 or a.month > 6) else a.year - 1
            return "DATE", f"{year:04d}-H{h}" if year else f"XXXX-H{h}"
        if ordinal:
            q = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}.get(ordinal, 4)
            if year is None and a:
                year = a.year if q <= n_now else a.year - 1
                if rel in ("year-earlier", "year-ago", "last") and not m["rel2"]:
                    year -= 1
            return "DATE", f"{year:04d}-Q{q}" if year else f"XXXX-Q{q}"
        if a is None:
            return "DATE", None
        if rel in ("this", "current"):
            shift = 0
        elif rel == "next":
            shift = 1
        elif rel in ("year-earlier", "year-ago"):
            shift = -5
        elif rel == "same" or (det == "a" and not rel):
            return None
        else:  # "the quarter", "the latest quarter": the one just reported on
            shift = -1
        return "DATE", _shift(a, shift, "Q")

    def _qcode(self, m: re.Match[str], st: _State) -> Result:
        """ "Q3", "Q3 2022", "H1": quarter and half codes of business reporting."""
        code, n = m["q"], int(m["n"])
        if code.islower() or (code == "H" and n > 2):
            return None
        if m["y"]:
            year: int | None = int(m["y"])
        elif st.anchor:
            start_month = (n - 1) * (3 if code == "Q" else 6) + 1
            year = st.anchor.year if start_month <= st.anchor.month else st.anchor.year - 1
        else:
            year = None
        return "DATE", f"{year:04d}-{code}{n}" if year else f"XXXX-{code}{n}"

    def _season(self, m: re.Match[str], st: _State) -> Result:
        rel = _norm(m["rel"] or "")
        rel = rel.removeprefix("this ") if rel.startswith("this ") else rel  # "this past summer"
        if not (rel or m["y"] or m["edge"]):
            return None  # bare "fall" / "spring" are too often verbs
        if rel == "the" and self._next_word(st, m.end()) == "of" and not m["y"]:
            return None  # "the fall of the government"
        code = self.seasons[m["s"].lower()]
        if m["y"]:
            return "DATE", f"{m['y']}-{code}"
        a = st.anchor
        if a is None:
            return "DATE", f"XXXX-{code}"
        start_month = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
        # the latest occurrence that has begun by the anchor (a winter is named by its December)
        latest = a.year if a.month >= start_month else a.year - 1
        in_season = (a.month - start_month) % 12 < 3
        if rel in ("last", "past"):
            year = latest - 1 if in_season else latest
        elif rel in ("next", "coming"):
            year = latest + 1
        elif rel == "this":  # the one of the anchor's year (the winter of January is last December's)
            year = a.year - 1 if code == "WI" and a.month < 12 and in_season else a.year
        elif not in_season and self._future(st, m.start()):
            year = latest + 1
        else:
            year = latest
        return "DATE", f"{year:04d}-{code}"

    def _holiday(self, m: re.Match[str], st: _State) -> Result:
        name = _norm(m["h"])
        if not self._cap(m["h"]):
            return None
        a = st.anchor
        year = int(m["y"]) if m["y"] else None
        if name.startswith("thanksgiving") or name == "election day":
            month, day = 11, 0
        else:
            month, day = self.holidays[name]
        if year is None and a is not None:
            year = _year_for_month(a, month, day or 20, self._future(st, m.start()))
        if year is None:
            return "DATE", (f"XXXX-{month:02d}-{day:02d}" if day else None)
        if name.startswith("thanksgiving"):
            return "DATE", _ymd(_thanksgiving(year))
        if name == "election day":
            first = dt.date(year, 11, 2)  # the Tuesday after the first Monday in November
            return "DATE", _ymd(first + dt.timedelta(days=(1 - first.weekday()) % 7))
        return "DATE", f"{year:04d}-{month:02d}-{day:02d}"


@lru_cache(maxsize=1)
def default_grammar() -> TimexGrammar:
    return TimexGrammar(load_lexicon())


def extract_timexes(text: str, anchor: dt.date | None) -> list[Timex]:
    """Time expressions in ``text``, in text order, non-overlapping, normalised against ``anchor``."""
    return default_grammar().extract(text, anchor)
