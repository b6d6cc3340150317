"""Holidays whose day depends on the country ("Independence Day", "Labour Day").

The days are data (``national_days`` in ``data/timex_lexicon.json``). The country is the one
named just before the holiday ("Ukraine's Independence Day", "India's 75th Independence Day",
"Mexican Independence Day"); else the first country of the text that keeps the holiday; else
the table's ``*`` day.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from ..countries import load_countries
from .context import State

# between the country and the holiday: a possessive and an ordinal ("India's 75th")
_GAP = re.compile(r"(?:'s|’s)?\s+(?:(?:\d+(?:st|nd|rd|th)|[a-z]+(?:st|nd|rd|th))\s+)?$")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@lru_cache(maxsize=8)
def _names(countries: frozenset[str]) -> tuple[re.Pattern[str], dict[str, str]]:
    """A pattern of the names and demonyms of ``countries`` (ISO3), and name -> ISO3."""
    table = load_countries()
    names: dict[str, str] = {}
    for c in table.all:
        if c.iso3 in countries:
            for n in (c.name, *c.aliases, *c.demonyms):
                names.setdefault(n, c.iso3)
    alt = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"\b(?:{alt})\b"), names


def country(st: State, start: int, days: dict[str, list[int | str]]) -> str:
    """The ISO3 whose day applies to the holiday at ``start``, or ``*``."""
    pattern, names = _names(frozenset(k for k in days if k != "*"))
    left = st.text[max(0, start - 60) : start]
    near = list(pattern.finditer(left))
    if near and _GAP.fullmatch(left[near[-1].end() :]):
        return names[near[-1].group()]
    first = pattern.search(st.text)
    return names[first.group()] if first else "*"


def day_of(spec: list[int | str], year: int) -> dt.date:
    """[month, day] or [month, n, weekday]: the date in ``year``."""
    month = int(spec[0])
    if len(spec) == 2:
        return dt.date(year, month, int(spec[1]))
    n, wd = int(spec[1]), _WEEKDAYS.index(str(spec[2]))
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(wd - first.weekday()) % 7 + 7 * (n - 1))
