"""Dates written out: ISO and slash dates, month names, years, decades, centuries, spoken years."""

from __future__ import annotations

import datetime as dt
import re

from ..calendar import ONES_WORDS, TEEN_WORDS, TENS_WORDS, year_for_month, ymd
from ..context import NEXT_WORD, State, cap, future, next_word, prev_word
from ..lexicon import Lexicon
from ..rules import Result
from .registry import value


def _month_of(lx: Lexicon, word: str) -> int:
    return lx.months[word.lower().rstrip(".")]


@value("iso")
def iso_date(m: re.Match[str], st: State) -> Result:
    try:
        d = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None
    if m["H"]:
        return "TIME", f"{ymd(d)}T{m['H']}:{m['M']}"
    return "DATE", ymd(d)


@value("slash")
def slash_date(m: re.Match[str], st: State) -> Result:
    if m["da"]:  # 27.11.2022: day first, as everywhere dots are used
        day, month, y = int(m["da"]), int(m["db"]), int(m["dy"])
    else:
        a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
        if y < 100:
            y += 2000 if y < 50 else 1900
        month, day = (a, b) if a <= 12 else (b, a)  # US order unless impossible
    try:
        return "DATE", ymd(dt.date(y, month, day))
    except ValueError:
        return None


@value("month_rule")
def month_rule(m: re.Match[str], st: State) -> Result:
    """Month name with an optional day, year, weekday or relative word ("last May")."""
    if m["day"]:
        return month_day(m, st)
    if m["y"]:
        return _month_year(m, st)
    if m["wdp"]:
        return None  # "Friday, March" without a day: let the weekday rule have it
    key = m["mon"].lower()
    if key in st.lx.abbrev_months and not (key == "sept" and st.text[m.end("mon") : m.end("mon") + 1] == "."):
        return None  # a bare "Jan" or "Dec" is too often something else
    return _month_alone(m, st)


@value("month_day")
def month_day(m: re.Match[str], st: State) -> Result:
    mon = m["mon"]
    if not cap(mon):
        return None
    month, day = _month_of(st.lx, mon), int(m["day"])
    if not 1 <= day <= 31:
        return None
    if m["y"]:
        year: int | None = int(m["y"])
    elif st.anchor:
        year = year_for_month(st.anchor, month, day, future(st, m.start()))
    else:
        year = None
    try:
        dt.date(year or 2000, month, day)
    except ValueError:
        return None
    prefix = f"{year:04d}" if year else "XXXX"
    return "DATE", f"{prefix}-{month:02d}-{day:02d}"


def _month_year(m: re.Match[str], st: State) -> Result:
    if not cap(m["mon"]):
        return None
    return "DATE", f"{m['y']}-{_month_of(st.lx, m['mon']):02d}"


def _month_alone(m: re.Match[str], st: State) -> Result:
    mon = m["mon"]
    if not cap(mon):
        return None
    key = mon.lower().rstrip(".")
    if key in st.lx.ambiguous_months and not (m["rel"] or m["edge"] or m["rel2"]):
        # "May" the modal and "March" the verb: only with a temporal preposition before them
        if prev_word(st, m.start()) not in st.lx.ambiguous_month_left:
            return None
    month = _month_of(st.lx, mon)
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
        year = year_for_month(a, month, None, future(st, m.start()))
    return "DATE", f"{year:04d}-{month:02d}"


@value("year")
def bare_year(m: re.Match[str], st: State) -> Result:
    y = m["y"]
    pre = (m["pre"] or "").lower()
    nxt = next_word(st, m.end())
    if nxt.rstrip(".") in st.lx.count_nouns:
        return None
    if "half" in pre:
        return "DATE", f"{y}-H{1 if 'first' in pre else 2}"
    if pre.startswith(("fiscal", "fy")):
        return "DATE", f"{y}"  # the fiscal year named by its end (TimeBank convention)
    if not pre:
        following = NEXT_WORD.match(st.text, m.end(), m.end() + 25)
        raw_next = following.group(1).rstrip(".") if following else ""
        if (
            raw_next.islower()
            and raw_next.endswith("s")
            and not raw_next.endswith(("ss", "'s", "us"))
            and raw_next not in st.lx.year_plurals
            and raw_next not in st.lx.not_plurals
        ):
            return None  # "in 1500 villages": a count before a plural noun
        prev = prev_word(st, m.start())
        in_range = st.cues["year_before"].search(st.text, max(0, m.start() - 12), m.start()) is not None
        possessive = prev.endswith(("'s", "’s"))  # "the company's 1989 results"
        if prev not in st.lx.year_left and not nxt.startswith("'s") and not in_range and not possessive:
            return None
        if int(y) < 1800 and prev not in st.lx.early_year_left:
            return None
    return "DATE", y


@value("decade")
def decade(m: re.Match[str], st: State) -> Result:
    """ "the 1990s" -> 199; "the '90s" and "the nineties" -> the latest such decade begun."""
    if m["d2"] is not None or m["dw"]:
        d2 = int(m["d2"]) if m["d2"] is not None else TENS_WORDS.index(m["dw"].lower()[:-3] + "y")
        if st.anchor is None:
            return "DATE", f"XX{d2}"
        century = st.anchor.year // 100 - (d2 * 10 > st.anchor.year % 100)
        return "DATE", f"{century:02d}{d2}"
    return "DATE", f"{m['c']}{m['d']}"


_CENTURY_WORDS = {"eighteenth": 18, "nineteenth": 19, "twentieth": 20, "twenty-first": 21}


@value("century")
def century(m: re.Match[str], st: State) -> Result:
    n = int(m["n"]) if m["n"] else _CENTURY_WORDS[m["w"].lower()]
    if not 1 <= n <= 30:
        return None
    return "DATE", f"{n - 1:02d}"


@value("spoken_year")
def spoken_year(m: re.Match[str], st: State) -> Result:
    """Years as spoken in broadcast transcripts: "nineteen ninety-six", "the year two thousand"."""
    if m["c"]:
        if m["t"]:
            tail = 10 * TENS_WORDS.index(m["t"].lower()) + (ONES_WORDS.index(m["o"].lower()) if m["o"] else 0)
        elif m["teen"]:
            tail = 10 + TEEN_WORDS.index(m["teen"].lower())
        else:
            tail = ONES_WORDS.index(m["o3"].lower())
        return "DATE", f"{18 if m['c'].lower() == 'eighteen' else 19}{tail:02d}"
    # "two thousand" is usually a number: only "the year two thousand" or "in two thousand one"
    if not (m["y2k"] or prev_word(st, m.start()) in st.lx.spoken_year_left):
        return None
    extra = m["o2"].lower() if m["o2"] else "zero"
    return "DATE", f"{2000 + (10 if extra == 'ten' else ONES_WORDS.index(extra))}"
