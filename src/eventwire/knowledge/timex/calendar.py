"""Calendar arithmetic and TIMEX3 value formatting (pure functions of dates and numbers)."""

from __future__ import annotations

import datetime as dt

# Number words by value, for spoken years and decades ("nineteen ninety-six", "the nineties")
ONES_WORDS = "zero one two three four five six seven eight nine".split()
TEEN_WORDS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
TENS_WORDS = "zero ten twenty thirty forty fifty sixty seventy eighty ninety".split()
TENS = frozenset(TENS_WORDS[2:])


def add_months(year: int, month: int, k: int) -> tuple[int, int]:
    n = year * 12 + (month - 1) + k
    return n // 12, n % 12 + 1


def ymd(d: dt.date) -> str:
    return d.isoformat()


def week(d: dt.date) -> str:
    iso = d.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


def quarter_of(d: dt.date) -> int:
    return (d.month - 1) // 3 + 1


def shift(anchor: dt.date, n: int, unit: str) -> str | None:
    """The anchor moved by ``n`` units, at the granularity of the unit ("3 days ago" -> a day)."""
    if unit == "D":
        return ymd(anchor + dt.timedelta(days=n))
    if unit == "W":
        return week(anchor + dt.timedelta(weeks=n))
    if unit == "2W":
        return week(anchor + dt.timedelta(weeks=2 * n))
    if unit == "M":
        y, m = add_months(anchor.year, anchor.month, n)
        return f"{y:04d}-{m:02d}"
    if unit == "Q":
        y, m = add_months(anchor.year, anchor.month, 3 * n)
        return f"{y:04d}-Q{(m - 1) // 3 + 1}"
    if unit == "Y":
        return f"{anchor.year + n:04d}"
    if unit == "10Y":
        return f"{anchor.year + 10 * n:04d}"
    if unit == "100Y":
        return f"{anchor.year + 100 * n:04d}"
    if unit == "WE":
        return week(anchor + dt.timedelta(weeks=n)) + "-WE"
    return None


def duration(n: float | None, unit: str) -> str:
    """P-value for n units; fractions go to the next smaller unit (2.5 years -> P2Y6M)."""
    if unit in ("10Y", "100Y", "1000Y"):
        factor = int(unit[:-1])
        return "PXY" if n is None else f"P{num(n * factor)}Y"
    if unit == "2W":
        return "PXW" if n is None else f"P{num(2 * n)}W"
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
    return f"{prefix}{num(n)}{letter}"


def num(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else f"{n:g}"


def year_for_month(anchor: dt.date, month: int, day: int | None, future: bool) -> int:
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


def weekday(anchor: dt.date, iso_day: int, rel: str, tense: str) -> dt.date:
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


def thanksgiving(year: int) -> dt.date:
    first = dt.date(year, 11, 1)
    return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)


def election_day(year: int) -> dt.date:
    first = dt.date(year, 11, 2)  # the Tuesday after the first Monday in November
    return first + dt.timedelta(days=(1 - first.weekday()) % 7)
