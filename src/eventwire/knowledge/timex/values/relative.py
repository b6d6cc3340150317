"""Expressions resolved against the anchor: days, parts of days, weekdays, weeks, clock times."""

from __future__ import annotations

import datetime as dt
import re

from ..calendar import shift, weekday, ymd
from ..context import NEXT_WORD, State, cap, future, next_word, tense
from ..lexicon import norm
from ..rules import Result
from .registry import value

_DAY_OFFSETS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}
_NOUN_REFS = ("the future", "the present", "the past", "the near future", "the distant future")


@value("relday")
def relday(m: re.Match[str], st: State) -> Result:
    w = norm(m["w"])
    offset = _DAY_OFFSETS.get(w)
    if offset is None:
        offset = -2 if "before" in w else 2
    part = st.lx.parts_of_day[m["pod"].lower()] if m["pod"] else ("NI" if w == "tonight" else None)
    if st.anchor is None:
        ref_value = "PRESENT_REF" if offset == 0 else ("PAST_REF" if offset < 0 else "FUTURE_REF")
        return ("TIME" if part else "DATE"), ref_value
    day = ymd(st.anchor + dt.timedelta(days=offset))
    return ("TIME", f"{day}T{part}") if part else ("DATE", day)


@value("pod")
def part_of_day(m: re.Match[str], st: State) -> Result:
    if m["ovn"]:
        part, offset = "NI", 0
    else:
        rel = m["rel"].lower()
        part = st.lx.parts_of_day[m["pod"].lower()]
        offset = {"this": 0, "last": -1, "yesterday": -1, "tomorrow": 1}[rel]
        if rel == "last" and part != "NI":
            return None  # "last evening" is rare; "last morning" is not a time
    if st.anchor is None:  # as a bare "yesterday" or "tomorrow" without an anchor
        return "TIME", ("PRESENT_REF" if offset == 0 else ("PAST_REF" if offset < 0 else "FUTURE_REF"))
    return "TIME", f"{ymd(st.anchor + dt.timedelta(days=offset))}T{part}"


@value("weekday")
def weekday_name(m: re.Match[str], st: State) -> Result:
    wd = m["wd"]
    if not cap(wd):
        return None
    iso_day = st.lx.weekdays[wd.lower()]
    part = st.lx.parts_of_day[m["pod"].lower()] if m["pod"] else None
    if m["pl"]:  # "on Tuesdays": a recurring day
        return "SET", f"XXXX-WXX-{iso_day}" + (f"T{part}" if part else "")
    rel = (m["rel"] or "").lower()
    rel = norm(rel).removeprefix("this ") if rel.startswith("this ") else rel  # "this coming"
    rel = {"past": "last", "coming": "next"}.get(rel, rel)
    if st.anchor is None:
        return ("TIME" if part else "DATE"), f"XXXX-WXX-{iso_day}" + (f"T{part}" if part else "")
    d = weekday(st.anchor, iso_day, rel, tense(st, m.start()))
    return ("TIME", f"{ymd(d)}T{part}") if part else ("DATE", ymd(d))


@value("rel_unit")
def rel_unit(m: re.Match[str], st: State) -> Result:
    rel = m["rel"].lower()
    unit = st.lx.units[m["unit"].lower()]
    n = {"last": -1, "past": -1, "previous": -1, "this": 0, "current": 0}.get(rel, 1)
    if st.anchor is None:
        return "DATE", ("PAST_REF" if n < 0 else "PRESENT_REF" if n == 0 else "FUTURE_REF")
    if unit == "10Y":
        return "DATE", f"{st.anchor.year // 10 + n:03d}"
    if unit == "100Y":
        return "DATE", f"{st.anchor.year // 100 + n:02d}"
    return "DATE", shift(st.anchor, n, unit)


@value("ref")
def ref(m: re.Match[str], st: State) -> Result:
    if m["rc"]:
        rc = norm(m["rc"]).removeprefix("the ")
        return "DATE", "PAST_REF" if rc in ("recent", "past few") else "FUTURE_REF"
    w = norm(m["w"])
    if w == "current" and next_word(st, m.end()) in st.lx.not_after_current:
        return None
    if st.text[m.end() : m.end() + 1] == "-":
        return None  # "present-day", "now-defunct": part of a compound adjective
    if w in _NOUN_REFS:
        following = NEXT_WORD.match(st.text, m.end(), m.end() + 25)
        nxt = following.group(1) if following else ""
        if nxt[:1].islower() and nxt.lower() not in st.lx.after_noun_ref:
            return None  # "the future peace", "the present government": an adjective
    if w in st.lx.present:
        return "DATE", "PRESENT_REF"
    if w in st.lx.past:
        return "DATE", "PAST_REF"
    return "DATE", "FUTURE_REF"


@value("weekend")
def weekend(m: re.Match[str], st: State) -> Result:
    """ "the weekend": the one just past early in the week, the coming one from Friday on."""
    if st.anchor is None:
        return "DATE", "XXXX-WXX-WE"
    ahead = st.anchor.isoweekday() >= 5 or future(st, m.start())
    return "DATE", shift(st.anchor, 0 if ahead else -1, "WE")


@value("year_ago")
def year_ago(m: re.Match[str], st: State) -> Result:
    return "DATE", (f"{st.anchor.year - 1:04d}" if st.anchor else "PAST_REF")


_CLOCK = re.compile(r"(\d{1,2})(?::(\d\d))?\s*(a\.?m|p\.?m|o'clock)?")


@value("clock")
def clock(m: re.Match[str], st: State) -> Result:
    text = norm(m["clock"])
    if text in ("noon", "midday"):
        hh, mm = 12, 0
    elif text == "midnight":
        hh, mm = 24, 0
    else:
        cm = _CLOCK.match(text)
        assert cm is not None
        hh, mm = int(cm.group(1)), int(cm.group(2) or 0)
        if hh > 12 or hh == 0:
            return None
        if cm.group(3) and cm.group(3).startswith("p") and hh != 12:
            hh += 12
        elif cm.group(3) and cm.group(3).startswith("a") and hh == 12:
            hh = 0
    # the day is the anchor's unless a neighbouring day name says otherwise (grammar.attach_days)
    day = ymd(st.anchor) if st.anchor else "XXXX-XX-XX"
    return "TIME", f"{day}T{hh:02d}:{mm:02d}"


@value("clock24")
def clock24(m: re.Match[str], st: State) -> Result:
    hh, mm = (m["H"], m["M"]) if m["H"] else (m["H2"], m["M2"])
    day = ymd(st.anchor) if st.anchor else "XXXX-XX-XX"
    return "TIME", f"{day}T{int(hh):02d}:{mm}"
