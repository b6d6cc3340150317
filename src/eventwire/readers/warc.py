"""WARC reader: web archives (``.warc``, ``.warc.gz``: Common Crawl's CC-NEWS, a researcher's
own crawl), streamed record by record so a file of any size is read in bounded memory.

Each HTML response (``text/html`` or ``application/xhtml+xml``, or no type and a body that opens
like a page) goes through the HTML reader (``htmlpage.html_article``) with the URL it was
fetched from (``WARC-Target-URI``, used when the page names no canonical URL) and the crawl date
(``WARC-Date``: never the publication date, only what a dateline without a year resolves
against). Its bytes are decoded with the charset of the HTTP ``Content-Type`` header, then as
pages are (``charset.decode_bytes``). The record number is the record's position in the file
(1-based, every record counted), so ``FILE:N`` names one record.

Other records are skipped and counted by kind in ``ReadOptions.skipped`` (``Reading
.skipped_records``): requests, metadata, revisits, warcinfo, responses that are not HTML (images,
PDF, JSON) and responses with a status other than 2xx. A record the crawler truncated
(``WARC-Truncated``), one the file ends inside of, and a page over the file-size limit are
rejects with the reason; an unreadable archive stops the file with a reject at the record where
reading failed.

warcio (Apache-2.0, pure Python) reads the archive. FastWARC (Apache-2.0 too) parses about three
times faster, but parsing takes under 1% of this reader's time (HTML extraction takes the rest),
and warcio also writes WARC files, which the tests and benchmarks/warc.py need: one dependency.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from ..model import Article, Reject
from .charset import BadRecord, decode_bytes
from .common import MAX_FILE_BYTES, ReadOptions
from .htmlpage import html_article
from .remote import RemoteFile

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
PAGE_TYPES = frozenset({"response", "resource"})  # records that hold a fetched document


def _looks_like_html(head: bytes) -> bool:
    head = head[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html")) or (head.startswith(b"<") and b"<body" in head)


def _media_type(value: str | None) -> tuple[str | None, str | None]:
    """(media type, charset) of a Content-Type header."""
    if not value:
        return None, None
    kind, *params = value.split(";")
    charset = None
    for p in params:
        key, _, val = p.partition("=")
        if key.strip().lower() == "charset" and val.strip():
            charset = val.strip().strip("\"'")
    return kind.strip().lower() or None, charset


def _open(source: Path | RemoteFile | IO[bytes]) -> tuple[IO[bytes], bool]:
    if isinstance(source, Path | RemoteFile):
        return source.open("rb"), True
    return source, False


def read_warc(
    source: Path | RemoteFile | IO[bytes], origin: str, options: ReadOptions, max_bytes: int = MAX_FILE_BYTES
) -> Iterator[Article | Reject]:
    """Articles and Rejects from the HTML responses of a WARC file or binary stream."""
    from warcio.archiveiterator import WARCIterator
    from warcio.exceptions import ArchiveLoadFailed

    class Records(WARCIterator):  # type: ignore[misc]
        INC_RECORD = ""  # warcio writes a note to stderr for a bad Content-Length: our rejects say it

    try:
        stream, close = _open(source)
    except OSError as exc:
        yield Reject(origin, None, f"cannot read file: {exc.strerror or exc}")
        return
    number = 0
    try:
        records = iter(Records(stream, check_digests=False))
        while True:
            try:
                record = next(records)
            except StopIteration:
                break
            except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
                where = None if number == 0 else number + 1
                what = (
                    "not a WARC file"
                    if number == 0
                    else "unreadable WARC record; the rest of the file was not read"
                )
                yield Reject(origin, where, f"{what}: {str(exc).strip() or type(exc).__name__}")
                return
            number += 1
            try:
                item = _record(record, origin, number, options, max_bytes)
            except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:  # a broken body or encoding
                item = Reject(
                    origin, number, f"unreadable WARC record: {str(exc).strip() or type(exc).__name__}"
                )
            if item is not None:
                yield item
    finally:
        if close:
            stream.close()


def _record(
    record: Any, origin: str, number: int, options: ReadOptions, max_bytes: int
) -> Article | Reject | None:
    """One WARC record -> an Article, a Reject, or None (skipped, and counted)."""
    kind = record.rec_type or "unknown"
    if kind not in PAGE_TYPES:
        options.skipped[f"WARC {kind} records"] += 1
        return None
    headers = record.rec_headers
    url = headers.get_header("WARC-Target-URI")
    http = record.http_headers
    if http is not None and kind == "response":
        status = http.get_statuscode() or ""
        if not status.startswith("2"):
            options.skipped[f"HTTP {status or 'unknown'} responses"] += 1
            return None
        ctype, charset = _media_type(http.get_header("Content-Type"))
    else:
        ctype, charset = _media_type(headers.get_header("Content-Type"))
    if ctype is not None and ctype not in HTML_TYPES:
        options.skipped[f"{ctype} responses"] += 1
        return None
    truncated = headers.get_header("WARC-Truncated")
    if truncated:
        return Reject(
            origin,
            number,
            f"WARC record of {url} truncated by the crawler (WARC-Truncated: {truncated}): the page is incomplete",
        )
    body = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes:
        return Reject(origin, number, f"page {url} is over the {max_bytes:,}-byte limit")
    record.raw_stream.read()  # to the record's end: bytes missing there mean the file was cut
    missing = getattr(record.raw_stream, "limit", 0)
    if missing:
        return Reject(
            origin,
            number,
            f"WARC record of {url} cut short: the file ends {missing:,} bytes before the record does",
        )
    if ctype is None and not _looks_like_html(body):
        options.skipped["responses with no type that are not HTML"] += 1
        return None
    try:
        decoded = decode_bytes(body, markup=True, declared=charset)
    except BadRecord as exc:
        return Reject(origin, number, f"page {url}: {exc}")
    del body
    item = html_article(
        decoded.text, origin, number, options, url=url, crawled=headers.get_header("WARC-Date")
    )
    if isinstance(item, Article) and decoded.warnings:
        item.warnings[:0] = decoded.warnings
    return item
