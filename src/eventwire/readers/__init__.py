"""Input readers: files, folders or stdin -> Articles, or Rejects saying what could not be read.

``read()`` yields, in input order, one ``Article`` or one ``Reject`` per input record, so nothing
disappears silently. Formats are registered readers (``eventwire.registry.readers``), chosen by
``format`` or by file extension; a ``.txt`` file that opens with ``date YYYY-MM-DD`` is read as
the ``seed`` format. A reader is a callable ``(text, origin, options) -> Iterator[Article |
Reject]`` that receives the decoded file text; register your own with
``@readers.register("name")`` and pass ``format="name"``. Parquet and WARC files are read from
the file itself, in batches or record by record, so their size is not limited.

Field names are data (knowledge/data/fields.json: news-please's ``maintext`` and
``date_publish``, MediaCloud's ``publish_date`` and ``media_name`` ...); ``fields`` names any
other key or column. Dates are read by ``readers.dates`` in the ``date_order`` given; a date
never makes a Reject (see ``common.find_date``).
"""

from __future__ import annotations

import glob
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import BinaryIO, TextIO

from ..model import Article, Reject
from ..registry import readers
from . import htmlpage, jsonfile, plaintext, table  # noqa: F401  (register the built-in formats)
from .charset import BadRecord, decode_bytes, without_xml_declaration
from .common import CAP_TEXT_CHARS, MAX_FILE_BYTES, MAX_TEXT_CHARS, ReadOptions, check_fields
from .dates import check_order, default_today
from .parquet import read_parquet
from .plaintext import is_seed
from .remote import RemoteError, RemoteFile, expand, is_url
from .warc import read_warc

__all__ = ["CAP_TEXT_CHARS", "MAX_FILE_BYTES", "MAX_TEXT_CHARS", "ReadOptions", "Reading", "read"]

# Extension -> format. ".txt" is sniffed: seed if it opens with a date header, else plain text.
EXTENSIONS: dict[str, str] = {
    ".txt": "text",
    ".seed": "seed",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "tsv",
    ".html": "html",
    ".htm": "html",
    ".parquet": "parquet",
    ".warc": "warc",
    ".warc.gz": "warc",
}
BINARY_FORMATS = {"parquet", "warc"}  # read from the file itself, not from decoded text
MARKUP_FORMATS = {"html"}  # decoded with the charset the page declares
STDIN = "-"


def format_of(name: str) -> str | None:
    """The format a file name's extension names (``.warc.gz`` too), else None."""
    lower = name.lower()
    ext = max((e for e in EXTENSIONS if lower.endswith(e)), key=len, default=None)
    return EXTENSIONS[ext] if ext else None


def _is_glob(path: str) -> bool:
    return any(c in path for c in "*?[")


def sniff(text: str) -> str:
    """Guess the format of untyped input (stdin): html, json, seed or plain text.
    CSV cannot be told from prose reliably, so it must be named."""
    head = without_xml_declaration(text.lstrip()[:1024]).lstrip()[:512].lower()
    if head.startswith(("<!doctype html", "<html")) or ("<body" in head and head.startswith("<")):
        return "html"
    if head.startswith(("{", "[")):
        return "json"  # the json reader also handles JSON Lines
    return "seed" if is_seed(text) else "text"


class Reading(Iterator[Article | Reject]):
    """The lazy result of ``read()``: iterate it for Articles and Rejects. While iterating it
    counts what it produced, and lists files it skipped in folders (unknown extension, hidden)."""

    def __init__(
        self,
        paths: Iterable[str | Path],
        format: str | None,
        options: ReadOptions,
        stdin: TextIO | BinaryIO | None,
        max_bytes: int,
    ) -> None:
        self.format = format
        self.options = options
        self.stdin = stdin
        self.max_bytes = max_bytes
        self.skipped: list[str] = []  # folder files not read (unknown extension or hidden)
        self.files = 0  # files (and stdin) opened
        self.articles = 0
        self.rejects = 0
        self._it = self._run(paths)

    @property
    def skipped_records(self) -> dict[str, int]:
        """Records read that are neither articles nor rejects, by kind (WARC requests, images ...)."""
        return dict(self.options.skipped)

    def __iter__(self) -> Reading:
        return self

    def __next__(self) -> Article | Reject:
        item = next(self._it)
        if isinstance(item, Article):
            self.articles += 1
        else:
            self.rejects += 1
        return item

    # -- walking ------------------------------------------------------------------------------

    def _run(self, paths: Iterable[str | Path]) -> Iterator[Article | Reject]:
        for p in paths:
            if str(p) == STDIN:
                yield from self._read_stdin()
                continue
            if is_url(str(p)):
                try:
                    files = expand(str(p), set(EXTENSIONS))
                except RemoteError as exc:
                    yield Reject(str(p), None, str(exc))
                    continue
                for f in files:
                    yield from self._read_file(f, explicit=True)
                continue
            path = Path(p)
            if path.is_dir():
                yield from self._read_folder(path)
            elif not path.exists() and _is_glob(str(p)):
                matches = sorted(glob.glob(str(p), recursive=True))
                if not matches:
                    yield Reject(str(p), None, "the pattern matches no file")
                for m in matches:
                    mp = Path(m)
                    yield from self._read_folder(mp) if mp.is_dir() else self._read_file(mp, explicit=True)
            elif not path.exists():
                yield Reject(str(path), None, "no such file or folder")
            else:
                yield from self._read_file(path, explicit=True)

    def _read_folder(self, folder: Path) -> Iterator[Article | Reject]:
        for path in sorted(folder.rglob("*")):
            if not path.is_file():
                continue
            rel = path.relative_to(folder).parts
            if any(part.startswith(".") for part in rel) or format_of(path.name) is None:
                self.skipped.append(str(path))
                continue
            yield from self._read_file(path, explicit=False)

    # -- one input ----------------------------------------------------------------------------

    def _read_file(self, path: Path | RemoteFile, explicit: bool) -> Iterator[Article | Reject]:
        origin = str(path)
        fmt = self.format or format_of(str(path))
        if fmt is None:
            known = ", ".join(sorted(EXTENSIONS))
            yield Reject(
                origin, None, f"unknown file extension {path.suffix!r} (known: {known}); pass format="
            )
            return
        self.files += 1
        if fmt == "parquet":
            yield from read_parquet(path, origin, self.options)
            return
        if fmt == "warc":
            yield from read_warc(path, origin, self.options, self.max_bytes)
            return
        try:
            size = path.stat().st_size
            if size > self.max_bytes:
                yield Reject(origin, None, f"file is {size:,} bytes, over the {self.max_bytes:,}-byte limit")
                return
            data = path.read_bytes()
        except OSError as exc:
            yield Reject(origin, None, f"cannot read file: {exc.strerror or exc}")
            return
        parse = self._parse(data, origin, fmt, sniff_seed=self.format is None and fmt == "text")
        del data  # only the parser holds the bytes, and drops them once decoded
        yield from parse

    def _read_stdin(self) -> Iterator[Article | Reject]:
        stream = self.stdin if self.stdin is not None else sys.stdin
        stream = getattr(stream, "buffer", stream)  # prefer bytes, to decode like a file
        self.files += 1
        if self.format == "warc":
            yield from read_warc(stream, STDIN, self.options, self.max_bytes)
            return
        if self.format in BINARY_FORMATS:
            yield Reject(STDIN, None, f"{self.format} cannot be read from stdin; name the file")
            return
        data = stream.read(self.max_bytes + 1)
        if len(data) > self.max_bytes:
            yield Reject(STDIN, None, f"input is over the {self.max_bytes:,}-byte limit")
            return
        yield from self._parse(data, STDIN, self.format, sniff_seed=False)

    def _parse(
        self, data: bytes | str, origin: str, fmt: str | None, sniff_seed: bool
    ) -> Iterator[Article | Reject]:
        repairs: list[str] = []
        if isinstance(data, bytes):
            markup = fmt in MARKUP_FORMATS or (fmt is None and _looks_like_markup(data))
            try:
                decoded = decode_bytes(data, markup=markup)
            except BadRecord as exc:
                yield Reject(origin, None, str(exc))
                return
            content, repairs = decoded.text, decoded.warnings
        else:
            content = data
        del data  # the bytes are not needed any more; a 50 MB file should not stay twice
        if fmt is None:
            fmt = sniff(content)
        elif sniff_seed and is_seed(content):
            fmt = "seed"
        try:
            reader = readers.get(fmt)
        except KeyError as exc:
            yield Reject(origin, None, str(exc.args[0]))
            return
        for item in reader(content, origin, self.options):
            if repairs and isinstance(item, Article):
                item.warnings[:0] = repairs  # the file's repairs apply to each of its articles
            yield item


def _looks_like_markup(data: bytes) -> bool:
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml")) or (
        head.startswith(b"<") and b"<body" in head
    )


def formats() -> list[str]:
    """Every format name ``read`` accepts: the registered text readers and the binary ones."""
    return sorted(set(readers.names()) | BINARY_FORMATS)


def read(
    paths: Iterable[str | Path],
    format: str | None = None,
    csv_columns: dict[str, str] | None = None,
    stdin: TextIO | BinaryIO | None = None,
    *,
    fields: dict[str, str] | None = None,
    date_order: str | None = None,
    today: date | None = None,
    max_bytes: int = MAX_FILE_BYTES,
    max_chars: int = MAX_TEXT_CHARS,
    cap_chars: int = CAP_TEXT_CHARS,
    detect_language: bool = True,
) -> Reading:
    """Read files, folders (recursively, in sorted order) and ``"-"`` (stdin) into Articles and
    Rejects, lazily and in input order. A path with a protocol (``s3://bucket/news/*.jsonl``)
    is read through fsspec when it is installed (see ``readers.remote``).

    ``format`` forces one format for every input (otherwise: by extension, and sniffed for
    stdin). ``fields`` maps article fields (text, date, title, url, source, lang, id, crawled)
    to the JSON key or column that holds them (``{"text": "body", "date": "published"}``), for
    names not in knowledge/data/fields.json; ``csv_columns`` is its older name (both merge,
    ``fields`` winning). ``date_order`` (``DMY``, ``MDY``, ``YMD``) reads numeric dates such as
    ``12/09/2016``; ``today`` is the run's current date (default: today), after which a date
    more than one day on is taken for a mistake. Files over ``max_bytes`` and texts over
    ``max_chars`` are rejected; texts over ``cap_chars`` are cut, with a warning on the
    article. Each article's language is identified from its text and what it declares
    (``detect_language=False`` keeps the declaration, else ``en``). ValueError for an unknown
    format, field or date order.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]  # a lone path is a common slip; a str would otherwise iterate by character
    columns = check_fields({**(csv_columns or {}), **(fields or {})})
    if format is not None and format not in formats():
        raise ValueError(f"unknown format {format!r} (known: {', '.join(formats())})")
    options = ReadOptions(
        max_chars=max_chars, cap_chars=min(cap_chars, max_chars), detect_language=detect_language,
        fields=columns, date_order=check_order(date_order), today=today or default_today(),
    )  # fmt: skip
    return Reading(paths, format, options, stdin, max_bytes)
