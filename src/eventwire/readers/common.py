"""What every reader shares: limits, byte decoding, field names, dates and record -> Article checks.

Each check fails with a plain-language reason that ends up in a ``Reject``; nothing is dropped
or defaulted silently. A date never rejects an article: an unusable one leaves ``date`` None,
keeps the string as written (``date_raw``) and adds a warning (see ``readers.dates``).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from ..ids import article_id
from ..languages import DEFAULT as DEFAULT_LANG
from ..languages import identify, normalise
from ..model import Article, Reject
from .charset import BadRecord, decode_bytes
from .dates import Order, check_order, date_from_dateline, date_from_url, default_today, read_date
from .dates import parse_date as _parse_date

MAX_FILE_BYTES = 50 * 1024 * 1024  # larger inputs are rejected before being read
MAX_TEXT_CHARS = 1_000_000  # spaCy's default nlp.max_length: longer texts would fail to parse
# Longer texts are cut here (with a warning): memory per document stays bounded, and no news
# article is this long (a page this long is a feed, a dump or a book).
CAP_TEXT_CHARS = 200_000


@cache
def field_aliases() -> dict[str, tuple[str, ...]]:
    """Field name -> the keys and column headers read for it, best first (knowledge/data/fields.json)."""
    raw = json.loads(resources.files("eventwire.knowledge").joinpath("data/fields.json").read_text("utf-8"))
    return {name: tuple(keys) for name, keys in raw["fields"].items()}


FIELDS = ("id", "text", "date", "title", "url", "source", "lang", "crawled")


def check_fields(fields: Mapping[str, str] | None) -> dict[str, str]:
    """``--field`` mappings (field -> key or column) checked; ValueError naming an unknown field."""
    out = {str(k).strip(): str(v).strip() for k, v in (fields or {}).items()}
    unknown = sorted(set(out) - set(field_aliases()))
    if unknown:
        raise ValueError(f"unknown fields {unknown} in the field mapping (known: {sorted(field_aliases())})")
    empty = sorted(k for k, v in out.items() if not v)
    if empty:
        raise ValueError(f"no column or key named for {empty} in the field mapping")
    return out


@dataclass
class ReadOptions:
    """Settings passed to every reader."""

    max_chars: int = MAX_TEXT_CHARS  # longer texts are rejected
    cap_chars: int = CAP_TEXT_CHARS  # longer texts are cut, with a warning
    detect_language: bool = True  # identify each text's language (languages.identify)
    fields: dict[str, str] = field(default_factory=dict)  # field -> key or column (--field)
    date_order: Order | None = None  # DMY, MDY or YMD for numeric dates (--date-order)
    today: date = field(default_factory=default_today)  # the run's current date (future dates)
    # records read that are not articles and not rejects (WARC requests, images ...), by kind
    skipped: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self.date_order = check_order(self.date_order)

    @property
    def csv_columns(self) -> dict[str, str]:  # the older name of ``fields``
        return self.fields


# --- bytes -> text ------------------------------------------------------------------------------


def decode(data: bytes, markup: bool = False) -> str:
    """Decode file bytes (see ``charset.decode_bytes``, which also returns the repairs made).
    Raises BadRecord for binary or undecodable input."""
    return decode_bytes(data, markup).text


# --- dates ----------------------------------------------------------------------------------------


def parse_date(value: Any, order: str | None = None, today: date | None = None) -> date | None:
    """The date of a field value in any form ``readers.dates`` reads, or None when it has no usable
    one. Never raises (``readers.dates.read_date`` also says why)."""
    return _parse_date(value, order, today)


# --- record -> Article ----------------------------------------------------------------------------


def pick(record: Mapping[str, Any], name: str, options: ReadOptions | None = None) -> Any:
    """The value of field ``name`` in ``record``: under the key ``options.fields`` maps it to,
    else under its first alias present with a value (``field_aliases``); else None."""
    if options is not None and name in options.fields:
        return record.get(options.fields[name])
    for key in field_aliases()[name]:
        if key in record and record[key] is not None:
            return record[key]
    return None


def pick_all(record: Mapping[str, Any], options: ReadOptions | None = None) -> dict[str, Any]:
    """Every article field of ``record`` (see ``pick``)."""
    return {name: pick(record, name, options) for name in field_aliases()}


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


def cut(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, at the last paragraph or sentence break in
    the final tenth when there is one, so the kept part ends cleanly."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    floor = limit - limit // 10
    for mark in ("\n\n", "\n", ". ", " "):
        at = head.rfind(mark, floor)
        if at > 0:
            return head[: at + len(mark)].rstrip()
    return head


@dataclass(slots=True)
class DateFound:
    date: date | None
    raw: str | None  # as written where it was found (the record's field first)
    source: str  # record | url | dateline | html | none
    warnings: list[str]


def find_date(
    fields: Mapping[str, Any], text: str, options: ReadOptions, page_dates: tuple[Any, ...] = ()
) -> DateFound:
    """The article's date: the record's date field; when it has no usable one, the date in the
    URL (/2016/12/09/), then the dateline opening the text, then ``page_dates`` (what the HTML
    page declares, then what htmldate finds in it). Yearless datelines and relative dates resolve
    against the record's crawl date (``crawled``) when there is one. An unusable record date is
    a warning that says where the date came from instead, never a reject."""
    today = options.today
    crawled = read_date(fields.get("crawled"), today=today).date
    rec = read_date(fields.get("date"), options.date_order, today, crawled)
    if rec.date is not None:
        return DateFound(rec.date, rec.raw, "record", [rec.warning] if rec.warning else [])
    notes: list[str] = []  # about the page's own dates
    unresolved: str | None = None  # a dateline with no year and nothing to take it from
    found: tuple[date, str, str] | None = None  # (date, as written, source)
    in_url = date_from_url(_optional(fields.get("url")), today)
    if in_url is not None:
        found = (in_url[0], in_url[1], "url")
    if found is None:
        day, written, warning = date_from_dateline(text, crawled, today)
        if day is not None and written is not None:
            found = (day, written, "dateline")
        elif warning:
            unresolved = warning
    page_raw: str | None = None  # the first date the page declares, when none was usable
    if found is None:
        for value in page_dates:
            got = read_date(value, options.date_order, today, crawled)
            if got.date is not None:
                found = (got.date, got.raw or got.date.isoformat(), "html")
                break
            page_raw = page_raw or got.raw
            if got.warning and rec.raw is None:  # a page that declares an impossible date
                notes.append(f"{got.warning} (page metadata)")
    warnings: list[str] = []
    if rec.warning:  # the record had a date field, but no usable date in it
        then = f"dated {found[0].isoformat()} from the {found[2]}" if found else "stored without a date"
        if found is None and unresolved:  # said only here: a text with no date field loses nothing
            then += f" ({unresolved})"
        warnings.append(f"{rec.warning}; {then}")
    if found is None:
        warnings.extend(notes)
        return DateFound(None, rec.raw if rec.raw is not None else page_raw, "none", warnings)
    warnings.extend(notes)
    return DateFound(found[0], rec.raw if rec.raw is not None else found[1], found[2], warnings)


def make_article(
    fields: Mapping[str, Any],
    origin: str,
    record: int | None,
    options: ReadOptions,
    page_dates: tuple[Any, ...] = (),
) -> Article | Reject:
    """Build an Article from canonical fields (id, text, date, title, url, source, lang,
    crawled), or a Reject saying why not (only the text can make one). The date comes from
    ``find_date``; the language is the declared one checked against the text
    (``languages.identify``); a text over ``options.cap_chars`` is cut, with a warning."""
    try:
        text = clean_text(fields.get("text"), options)
    except BadRecord as exc:
        return Reject(origin, record, str(exc))
    warnings: list[str] = []
    if len(text) > options.cap_chars:
        full = len(text)
        text = cut(text, options.cap_chars)
        warnings.append(f"text cut to {len(text):,} of its {full:,} characters (the per-document cap)")
    when = find_date(fields, text, options, page_dates)
    warnings.extend(when.warnings)
    declared = _optional(fields.get("lang"))
    if options.detect_language:
        found = identify(text, declared)
        lang = found.lang
        if found.warning:
            warnings.append(found.warning)
    else:
        lang = normalise(declared) or DEFAULT_LANG
    url = _optional(fields.get("url"))
    return Article(
        id=article_id(_optional(fields.get("id")), url, text),
        text=text,
        date=when.date,
        title=_optional(fields.get("title")),
        url=url,
        source=_optional(fields.get("source")),
        lang=lang,
        origin=origin,
        record=record,
        warnings=warnings,
        date_raw=when.raw,
        date_source=when.source,
    )
