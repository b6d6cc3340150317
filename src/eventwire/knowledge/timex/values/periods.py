"""Periods of a year: quarters and halves, quarter codes, seasons, holidays."""

from __future__ import annotations

import re

from ..calendar import election_day, quarter_of, shift, thanksgiving, year_for_month, ymd
from ..context import State, cap, future, next_word
from ..lexicon import norm
from ..national import country, day_of
from ..rules import Result
from .registry import value

_ORDINAL_QUARTERS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}  # else 4
_SEASON_START_MONTHS = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


@value("quarter")
def quarter(m: re.Match[str], st: State) -> Result:
    """Quarters and halves of a (fiscal) year: "the third quarter", "first-half"."""
    result = _quarter_value(m, st)
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


def _quarter_value(m: re.Match[str], st: State) -> Result:
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
        if not st.cues["accounts"].search(context):
            return None
    a = st.anchor
    n_now = quarter_of(a) if a else 0
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
        q = _ORDINAL_QUARTERS.get(ordinal, 4)
        if year is None and a:
            year = a.year if q <= n_now else a.year - 1
            if rel in ("year-earlier", "year-ago", "last") and not m["rel2"]:
                year -= 1
        return "DATE", f"{year:04d}-Q{q}" if year else f"XXXX-Q{q}"
    if a is None:
        return "DATE", None
    if rel in ("this", "current"):
        n = 0
    elif rel == "next":
        n = 1
    elif rel in ("year-earlier", "year-ago"):
        n = -5
    elif rel == "same" or (det == "a" and not rel):
        return None
    else:  # "the quarter", "the latest quarter": the one just reported on
        n = -1
    return "DATE", shift(a, n, "Q")


@value("qcode")
def qcode(m: re.Match[str], st: State) -> Result:
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


@value("season")
def season(m: re.Match[str], st: State) -> Result:
    rel = norm(m["rel"] or "")
    rel = rel.removeprefix("this ") if rel.startswith("this ") else rel  # "this past summer"
    if not (rel or m["y"] or m["edge"]):
        return None  # bare "fall" / "spring" are too often verbs
    if rel == "the" and next_word(st, m.end()) == "of" and not m["y"]:
        return None  # "the fall of the government"
    code = st.lx.seasons[m["s"].lower()]
    if m["y"]:
        return "DATE", f"{m['y']}-{code}"
    a = st.anchor
    if a is None:
        return "DATE", f"XXXX-{code}"
    start_month = _SEASON_START_MONTHS[code]
    # the latest occurrence that has begun by the anchor (a winter is named by its December)
    latest = a.year if a.month >= start_month else a.year - 1
    in_season = (a.month - start_month) % 12 < 3
    if rel in ("last", "past"):
        year = latest - 1 if in_season else latest
    elif rel in ("next", "coming"):
        year = latest + 1
    elif rel == "this":  # the one of the anchor's year (the winter of January is last December's)
        year = a.year - 1 if code == "WI" and a.month < 12 and in_season else a.year
    elif not in_season and future(st, m.start()):
        year = latest + 1
    else:
        year = latest
    return "DATE", f"{year:04d}-{code}"


@value("holiday")
def holiday(m: re.Match[str], st: State) -> Result:
    name = norm(m["h"])
    if not cap(m["h"]):
        return None
    a = st.anchor
    year = int(m["y"]) if m["y"] else None
    days = st.lx.national_days.get(name)
    spec = days[country(st, m.start(), days)] if days else None
    if name.startswith("thanksgiving") or name == "election day":
        month, day = 11, 0
    elif spec is not None:
        month, day = int(spec[0]), (int(spec[1]) if len(spec) == 2 else 0)
    else:
        month, day = st.lx.holidays[name]
    if year is None and a is not None:
        year = year_for_month(a, month, day or 20, future(st, m.start()))
    if year is None:
        # a holiday whose day moves with the year (Thanksgiving) keeps its month
        return "DATE", (f"XXXX-{month:02d}-{day:02d}" if day else f"XXXX-{month:02d}")
    if name.startswith("thanksgiving"):
        return "DATE", ymd(thanksgiving(year))
    if name == "election day":
        return "DATE", ymd(election_day(year))
    if spec is not None:
        return "DATE", ymd(day_of(spec, year))
    return "DATE", f"{year:04d}-{month:02d}-{day:02d}"
