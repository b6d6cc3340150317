"""Publication dates as real feeds, exports and crawls write them, read without losing an article.

``read_date(value)`` never raises and never rejects: it returns a ``DateReading`` with the date,
or ``None`` and a warning saying why (unrecognised, impossible, in the future, relative with no
date to resolve it against). The date is the one *as written*: a time zone never moves it across
midnight; Unix times take their UTC date.

What is read, in this order:

1. ``date``/``datetime`` objects (Parquet columns) as they are.
2. Numbers (JSON numbers or strings of digits): GDELT's ``YYYYMMDDHHMMSS`` (14 digits),
   ``YYYYMMDD`` (8 digits), Unix seconds (9-10 digits, a fraction allowed) and milliseconds
   (12-13 digits); 0 and other lengths are placeholders, not dates.
3. ISO 8601 (``datetime.fromisoformat``), then any year-first numeric date (``2016/12/09``,
   ``2016. 12. 9.``), read as year-month-day whatever the date order: a month or day out of
   range is an impossible date, never swapped.
4. Everything else through dateparser with explicit settings: English, French, Spanish and
   German; day, month and year all required (``December 2016`` is no date); absolute forms only
   (relative ones, "yesterday", resolve only against a known ``reference`` date); dates from the
   past preferred; ``RELATIVE_BASE`` the run's ``today``. Numeric day/month dates follow
   ``order`` (``DMY``, ``MDY`` or ``YMD``); when a reading in that order is impossible and the
   other is valid, the valid one wins. With no order, a date whose two readings differ
   (``12/09/2016``) is read day-first, with a warning naming both.
5. A date inside a short phrase ("Updated: December 9, 2016", "Posted on ... by admin"):
   dateparser's ``search_dates`` with the same settings.

A date more than one day after ``today`` (the run's current date, injectable for tests) is a
future date: no date, with a warning. So is a year before 1800 (``0001-01-01`` placeholders).

``date_from_url`` reads ``/2016/12/09/`` from a URL and ``date_from_dateline`` the date of a
wire dateline ("LONDON, 9 December 2016 (Reuters) -"); a dateline without a year
("NAIROBI, Dec 9 (Reuters) -") is resolved only against a known reference date (a crawl date),
to the latest such day not after it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any, Literal

Order = Literal["DMY", "MDY", "YMD"]
ORDERS: tuple[Order, ...] = ("DMY", "MDY", "YMD")
LANGUAGES = ("en", "fr", "es", "de")
SOURCES = ("record", "url", "dateline", "html", "none")  # Article.date_source values
FUTURE_SLACK = timedelta(days=1)  # a date this far after today is still taken (time zones)
EARLIEST_YEAR = 1800  # earlier years are placeholders (0001-01-01, 0000-00-00), not news dates
MAX_RAW_CHARS = 200  # date_raw keeps at most this much of a huge field
_MAX_PARSE_CHARS = 120  # longer strings hold no date field; only the search looks into them
# Twitter's created_at ("Fri Dec 09 10:00:00 +0000 2016"): year last, after the zone
_CUSTOM_FORMATS = ("%a %b %d %H:%M:%S %z %Y",)
# A year-first numeric date at the start: read as written, year-month-day, never swapped.
_YEAR_FIRST = re.compile(r"(\d{4})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})(?!\d)")
_DASHES = (" -- ", " - ", " – ", " — ", "--")  # the end of a wire dateline
_MAX_DATELINE_CHARS = 80
# /2016/12/09/, /2016-12-09-, _2016_12_09 in a URL path (htmldate's pattern, with its bounds)
_URL_DATE = re.compile(r"\D(\d{4})[/_-](\d{1,2})[/_-](\d{1,2})(?:\D|$)")


@dataclass(frozen=True, slots=True)
class DateReading:
    """What a date field said: the date (None when unusable), the field as written (``raw``,
    None when the field was absent or blank) and a warning (an ambiguous reading chosen, or why
    there is no date)."""

    date: date | None
    raw: str | None
    warning: str | None = None


def check_order(order: str | None) -> Order | None:
    """``order`` upper-cased and checked; ValueError for anything but DMY, MDY or YMD."""
    if order is None:
        return None
    up = order.strip().upper()
    if up not in ORDERS:
        raise ValueError(f"date order {order!r} is not one of {', '.join(ORDERS)}")
    return up  # type: ignore[return-value]


def default_today() -> date:
    """The run's current date (UTC)."""
    return datetime.now(UTC).date()


def _settings(order: Order | None, base: datetime, parts: tuple[str, ...], relative: bool) -> dict[str, Any]:
    settings: dict[str, Any] = {
        "REQUIRE_PARTS": list(parts),
        "PREFER_DATES_FROM": "past",
        "RELATIVE_BASE": base,
        "RETURN_AS_TIMEZONE_AWARE": True,  # the time as written, in its own zone: no shift
        "PARSERS": ["relative-time"] if relative else ["custom-formats", "absolute-time"],
    }
    if order is not None:
        settings["DATE_ORDER"] = order
    return settings


@lru_cache(maxsize=64)  # keyed by the base date too: one per run, a few per crawl
def _parser(
    order: Order | None,
    base: datetime,
    parts: tuple[str, ...] = ("day", "month", "year"),
    relative: bool = False,
) -> Any:
    from dateparser.date import DateDataParser

    return DateDataParser(languages=list(LANGUAGES), settings=_settings(order, base, parts, relative))


def _parse(text: str, order: Order | None, base: datetime) -> date | None:
    parser = _parser(order, base)
    try:
        got = parser.get_date_data(text)
        if not got or not got.date_obj:  # custom formats only second: they change zone handling
            got = parser.get_date_data(text, date_formats=list(_CUSTOM_FORMATS))
    except (ValueError, OverflowError, TypeError, AttributeError, KeyError):  # dateparser's odd corners
        return None
    return got.date_obj.date() if got and got.date_obj else None


def _search(text: str, order: Order | None, base: datetime) -> date | None:
    from dateparser.search import search_dates

    try:
        found = search_dates(
            text,
            languages=list(LANGUAGES),
            settings=_settings(order or "DMY", base, ("day", "month", "year"), False),
        )
    except (ValueError, OverflowError, TypeError, AttributeError, KeyError):
        return None
    return found[0][1].date() if found else None


def _relative(text: str, reference: date | None) -> date | None:
    """A relative expression ("yesterday", "2 hours ago") resolved against ``reference`` (or
    the Unix epoch, only to tell whether it is one)."""
    base = datetime.combine(reference or date(1970, 1, 2), datetime.min.time())
    try:
        got = _parser(None, base, ("day",), True).get_date_data(text)
    except (ValueError, OverflowError, TypeError, AttributeError, KeyError):
        return None
    return got.date_obj.date() if got and got.date_obj else None


def _why_impossible(text: str, order: Order | None) -> str | None:
    """python-dateutil's reason when ``text`` is a date shape with a field out of range."""
    from dateutil import parser as du

    try:
        du.parse(text, dayfirst=order != "MDY", yearfirst=order == "YMD")
    except (ValueError, OverflowError) as exc:  # ParserError is a ValueError
        msg = str(exc)
        if "out of range" in msg or "must be in" in msg:
            return msg.split(":")[0]
    except Exception:  # dateutil raises odd types on odd input; the answer is only "no reason"
        return None
    return None


def _number(s: str) -> tuple[date | None, str | None]:
    """A date from digits: GDELT, YYYYMMDD, Unix seconds or milliseconds (see the module doc)."""
    whole, _, fraction = s.partition(".")
    if len(whole) == 14 and not fraction:
        fmt = "%Y%m%d%H%M%S"
    elif len(whole) == 8 and not fraction:
        fmt = "%Y%m%d"
    elif len(whole) in (9, 10, 12, 13):
        value = float(s)
        if value <= 0:
            return None, "a zero timestamp is a placeholder, not a date"
        seconds = value / 1000 if len(whole) >= 12 else value
        try:
            return datetime.fromtimestamp(seconds, UTC).date(), None
        except (OverflowError, OSError, ValueError):
            return None, "a timestamp out of range"
    elif int(whole or "0") == 0:
        return None, "a zero is a placeholder, not a date"
    else:
        return (
            None,
            f"a {len(whole)}-digit number is no date form we know (Unix seconds, milliseconds, YYYYMMDD, GDELT YYYYMMDDHHMMSS)",
        )
    try:
        return datetime.strptime(whole, fmt).date(), None
    except ValueError as exc:
        return None, f"impossible date ({exc})"


def _shown(raw: str) -> str:
    return raw if len(raw) <= MAX_RAW_CHARS else raw[: MAX_RAW_CHARS - 1] + "…"


UNUSABLE = "unusable date "  # how the warnings about a date field start
AMBIGUOUS = "ambiguous date "


def is_date_warning(warning: str) -> bool:
    """True for a warning about an article's date field (unusable, or ambiguous)."""
    return warning.startswith((UNUSABLE, AMBIGUOUS))


def _unusable(raw: str, why: str) -> DateReading:
    return DateReading(None, raw, f"{UNUSABLE}{raw!r}: {why}")


def read_date(
    value: Any, order: str | None = None, today: date | None = None, reference: date | None = None
) -> DateReading:
    """Read a date field (see the module doc). ``order``: DMY, MDY or YMD for numeric dates;
    ``today``: the run's current date (default: today in UTC); ``reference``: a known date that
    relative expressions resolve against (a crawl date), else they stay unresolved. Never raises."""
    order = check_order(order)
    today = today or default_today()
    if value is None:
        return DateReading(None, None)
    if isinstance(value, datetime):
        return _checked(value.date(), _shown(value.isoformat()), today)
    if isinstance(value, date):
        return _checked(value, value.isoformat(), today)
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raw = _shown(repr(value))
        return _unusable(raw, f"a {type(value).__name__}, not a date")
    if isinstance(value, float) and not math.isfinite(value):
        return _unusable(repr(value), "not a number")
    if isinstance(value, float):
        text = repr(value)
    else:
        text = str(value)
    raw = _shown(text)
    s = " ".join(text.replace("\ufeff", " ").split())  # BOM, NBSP and runs of spaces
    if not s:
        return _unusable(raw, "empty")
    if s.isascii() and s.replace(".", "", 1).isdigit():
        day, why = _number(s)
        return _checked(day, raw, today) if day else _unusable(raw, why or "not a date")
    try:
        return _checked(datetime.fromisoformat(s).date(), raw, today)
    except ValueError:
        pass
    m = _YEAR_FIRST.match(s)
    if m:
        try:
            return _checked(date(int(m[1]), int(m[3]), int(m[4])), raw, today)
        except ValueError as exc:
            return _unusable(raw, f"impossible date ({exc})")
    if len(s) > _MAX_PARSE_CHARS:
        s = s[:_MAX_PARSE_CHARS]
    base = datetime.combine(today, datetime.min.time())
    if order is not None:
        got = _parse(s, order, base)
        if got is not None:
            return _checked(got, raw, today)
    else:
        first = _parse(s, "DMY", base)
        if first is not None and first.day <= 12 and first.day != first.month:
            other = _parse(s, "MDY", base)
            if other is not None and other != first:
                reading = _checked(first, raw, today)
                if reading.date is None:
                    return reading
                return DateReading(
                    first, raw,
                    f"{AMBIGUOUS}{raw!r} read day-first as {first.isoformat()} (month-first it would be "
                    f"{other.isoformat()}); set the date order (--date-order DMY|MDY|YMD) to choose",
                )  # fmt: skip
        if first is not None:
            return _checked(first, raw, today)
        got = _parse(s, "MDY", base)
        if got is not None:
            return _checked(got, raw, today)
    if any(ch.isalpha() for ch in s):
        found = _search(s, order, base)
        if found is not None:
            return _checked(found, raw, today)
        rel = _relative(s, reference)
        if rel is not None:
            if reference is not None:
                return _checked(rel, raw, today)
            return _unusable(raw, "a relative date, and no date to resolve it against")
    why = _why_impossible(s, order)
    if why:
        return _unusable(raw, f"impossible date ({why})")
    return _unusable(raw, "not recognised as a date with day, month and year")


def _checked(day: date, raw: str, today: date) -> DateReading:
    if day > today + FUTURE_SLACK:
        return _unusable(
            raw, f"{day.isoformat()} is in the future (after {(today + FUTURE_SLACK).isoformat()})"
        )
    if day.year < EARLIEST_YEAR:
        return _unusable(raw, f"a year before {EARLIEST_YEAR} is a placeholder, not a publication date")
    return DateReading(day, raw)


def parse_date(value: Any, order: str | None = None, today: date | None = None) -> date | None:
    """The date of a field, or None when it has none that can be used (see ``read_date``)."""
    return read_date(value, order, today).date


# --- where a record has no usable date -----------------------------------------------------------


def date_from_url(url: str | None, today: date | None = None) -> tuple[date, str] | None:
    """(date, the part of the URL it was read from) for ``/2016/12/09/``-style URLs, else None."""
    if not url or not isinstance(url, str):
        return None
    path = url.split("?", 1)[0].split("#", 1)[0]
    for m in _URL_DATE.finditer(path):
        try:
            day = date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            continue
        if _checked(day, m[0], today or default_today()).date is not None:
            return day, m[0].strip("/_-")
    return None


def dateline(text: str | None) -> str | None:
    """The date part of a wire dateline at the start of ``text``: ``"Dec 9"`` for "NAIROBI,
    Dec 9 (Reuters) - ...", ``"Dec. 9, 2016"`` for "WASHINGTON, Dec. 9, 2016 /PRNewswire/ --";
    None when the text opens with no dateline."""
    if not text:
        return None
    first = text.lstrip()[: _MAX_DATELINE_CHARS + 8].split("\n", 1)[0]
    ends = [i for i in (first.find(d) for d in _DASHES) if i > 0]
    if not ends:
        return None
    head = first[: min(ends)]
    place, comma, rest = head.partition(",")
    if not comma or not place.strip() or len(place) > 40:
        return None
    rest = rest.split("(", 1)[0].split(" /", 1)[0].strip().rstrip(",")  # (Reuters), /PRNewswire/
    return rest or None


def date_from_dateline(
    text: str | None, reference: date | None = None, today: date | None = None
) -> tuple[date | None, str | None, str | None]:
    """(date, the dateline's date as written, warning) from a wire dateline opening ``text``.
    A dateline with no year takes the latest such day not after ``reference`` (a crawl date);
    with no reference it stays unresolved and the warning says so."""
    written = dateline(text)
    if written is None or not any(ch.isalpha() for ch in written):
        return None, None, None
    today = today or default_today()
    base = datetime.combine(today, datetime.min.time())
    day = _parse(written, None, base)
    if day is not None:
        got = _checked(day, written, today)
        return got.date, written, got.warning
    if reference is None:
        try:
            partial = _parser(None, base, ("day", "month")).get_date_data(written)
        except (ValueError, OverflowError, TypeError, AttributeError, KeyError):
            partial = None
        if partial and partial.date_obj:
            return None, written, f"dateline date {written!r} has no year, and no crawl date to take it from"
        return None, None, None
    ref = datetime.combine(reference, datetime.min.time())
    try:
        got_partial = _parser(None, ref, ("day", "month")).get_date_data(written)
    except (ValueError, OverflowError, TypeError, AttributeError, KeyError):
        return None, None, None
    if not got_partial or not got_partial.date_obj:
        return None, None, None
    got = _checked(got_partial.date_obj.date(), written, today)
    return got.date, written, got.warning
