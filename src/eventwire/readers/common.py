"""What every reader shares: limits, byte decoding, date parsing and record -> Article checks.

Each check fails with a plain-language reason that ends up in a ``Reject``; nothing is dropped
or defaulted silently (an unknown date stays ``None``, an impossible one is a Reject).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from ..ids import article_id
from ..model import Article, Reject

MAX_FILE_BYTES = 50 * 1024 * 1024  # larger inputs are rejected before being read
MAX_TEXT_CHARS = 1_000_000  # spaCy's default nlp.max_length: longer texts would fail to parse

# Field name -> accepted keys in JSON objects and CSV headers, in order of preference.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id",),
    "text": ("text", "body", "content"),
    "date": ("date", "published", "publish_date", "published_at", "pubdate"),
    "title": ("title", "headline"),
    "url": ("url", "link"),
    "source": ("source", "outlet", "domain"),
    "lang": ("lang", "language"),
}


@dataclass
class ReadOptions:
    """Settings passed to every reader."""

    max_chars: int = MAX_TEXT_CHARS
    csv_columns: dict[str, str] = field(default_factory=dict)  # field -> column name


class BadRecord(ValueError):
    """A record that cannot become an Article; the message is the Reject reason."""


class UnrecognisedDate(BadRecord):
    """A date string in no format we accept (as opposed to a well-formed but impossible date)."""


# --- bytes -> text ------------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # checked before UTF-16: its BOM starts the same way
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control bytes that never occur in ordinary text (tab, LF, VT, FF, CR and ESC excluded).
_CONTROL_BYTES = frozenset(set(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B})


def _looks_like_text(data: bytes) -> bool:
    sample = data[:65536]
    controls = sum(1 for b in sample if b in _CONTROL_BYTES)
    return controls <= len(sample) // 1000  # at most 0.1% stray control bytes


def decode(data: bytes) -> str:
    """Decode file bytes: BOM-marked UTF-16/32, else UTF-8 (with or without BOM), else cp1252 if
    the bytes look like text. Raises BadRecord for binary or undecodable input."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise BadRecord(f"undecodable {encoding} text ({exc.reason} at byte {exc.start})") from None
    if b"\x00" in data:
        raise BadRecord("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        utf8_error = f"{exc.reason} at byte {exc.start}"
    if _looks_like_text(data):
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    raise BadRecord(f"undecodable bytes: not UTF-8 ({utf8_error}) and not cp1252 text")


# --- dates ----------------------------------------------------------------------------------------

_ISO = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})"  # the date part, kept
    r"(?:[T ]\d{2}(?::?\d{2}(?::?\d{2}(?:[.,]\d+)?)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?)?"  # optional time
)


def parse_date(value: Any) -> date | None:
    """Article date from a field value: ``YYYY-MM-DD``, an ISO 8601 datetime (its date part, no
    time-zone shift) or an RFC 2822 date; empty -> None. Raises BadRecord for impossible or
    unrecognised dates."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise BadRecord(f"date {value!r} is not a string")
    s = value.strip()
    if not s:
        return None
    m = _ISO.fullmatch(s)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError as exc:
            raise BadRecord(f"impossible date {s!r} ({exc})") from None
    try:
        return parsedate_to_datetime(s).date()  # "Tue, 15 Nov 2022 10:00:00 GMT" (RSS feeds)
    except (TypeError, ValueError, IndexError):
        pass
    raise UnrecognisedDate(f"unrecognised date {s!r} (expected YYYY-MM-DD or an ISO 8601 datetime)")


# --- record -> Article ----------------------------------------------------------------------------


def pick(record: Mapping[str, Any], name: str) -> Any:
    """The value of field ``name`` in ``record`` under its first present alias, else None."""
    for key in FIELD_ALIASES[name]:
        if key in record and record[key] is not None:
            return record[key]
    return None


def clean_text(text: Any, options: ReadOptions) -> str:
    """Body text with Unix newlines and outer whitespace trimmed; BadRecord if unusable."""
    if text is None:
        raise BadRecord("no text")
    if not isinstance(text, str):
        raise BadRecord(f"text is a {type(text).__name__}, not a string")
    if not text.strip():
        raise BadRecord("whitespace-only text" if text else "empty text")
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(text) > options.max_chars:
        raise BadRecord(
            f"text has {len(text):,} characters, over the limit of {options.max_chars:,} (spaCy max_length)"
        )
    return text


def _optional(value: Any) -> str | None:
    if value is None:
        return None
    s = str(value).strip()
    return s or None


def make_article(
    fields: Mapping[str, Any], origin: str, record: int | None, options: ReadOptions
) -> Article | Reject:
    """Build an Article from canonical fields (id, text, date, title, url, source, lang), or a
    Reject saying why not."""
    try:
        text = clean_text(fields.get("text"), options)
        when = parse_date(fields.get("date"))
    except BadRecord as exc:
        return Reject(origin, record, str(exc))
    url = _optional(fields.get("url"))
    return Article(
        id=article_id(_optional(fields.get("id")), url, text),
        text=text,
        date=when,
        title=_optional(fields.get("title")),
        url=url,
        source=_optional(fields.get("source")),
        lang=_optional(fields.get("lang")) or "en",
        origin=origin,
        record=record,
    )
