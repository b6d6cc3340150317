"""Input readers: files, folders or stdin -> Articles, or Rejects saying what could not be read.

``read()`` yields, in input order, one ``Article`` or one ``Reject`` per input record, so nothing
disappears silently. Formats are registered readers (``eventwire.registry.readers``), chosen by
``format`` or by file extension; a ``.txt`` file that opens with ``date YYYY-MM-DD`` is read as
the ``seed`` format. A reader is a callable ``(text, origin, options) -> Iterator[Article |
Reject]`` that receives the decoded file text; register your own with
``@readers.register("name")`` and pass ``format="name"``.
"""

from __future__ import annotations

import glob
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

from ..model import Article, Reject
from ..registry import readers
from . import htmlpage, jsonfile, plaintext, table  # noqa: F401  (register the built-in formats)
from .common import FIELD_ALIASES, MAX_FILE_BYTES, MAX_TEXT_CHARS, BadRecord, ReadOptions, decode
from .parquet import read_parquet
from .plaintext import is_seed
from .remote import RemoteError, RemoteFile, expand, is_url

__all__ = ["MAX_FILE_BYTES", "MAX_TEXT_CHARS", "ReadOptions", "Reading", "read"]

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
}
BINARY_FORMATS = {"parquet"}  # read from the file itself, not from decoded text
STDIN = "-"


def _is_glob(path: str) -> bool:
    return any(c in path for c in "*?[")


def sniff(text: str) -> str:
    """Guess the format of untyped input (stdin): html, json, seed or plain text.
    CSV cannot be told from prose reliably, so it must be named."""
    head = text.lstrip()[:512].lower()
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
            if any(part.startswith(".") for part in rel) or path.suffix.lower() not in EXTENSIONS:
                self.skipped.append(str(path))
                continue
            yield from self._read_file(path, explicit=False)

    # -- one input ----------------------------------------------------------------------------

    def _read_file(self, path: Path | RemoteFile, explicit: bool) -> Iterator[Article | Reject]:
        origin = str(path)
        fmt = self.format or EXTENSIONS.get(path.suffix.lower())
        if fmt is None:
            known = ", ".join(sorted(EXTENSIONS))
            yield Reject(
                origin, None, f"unknown file extension {path.suffix!r} (known: {known}); pass format="
            )
            return
        self.files += 1
        if fmt in BINARY_FORMATS:
            yield from read_parquet(path, origin, self.options)
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
        yield from self._parse(data, origin, fmt, sniff_seed=self.format is None and fmt == "text")

    def _read_stdin(self) -> Iterator[Article | Reject]:
        stream = self.stdin if self.stdin is not None else sys.stdin
        stream = getattr(stream, "buffer", stream)  # prefer bytes, to decode like a file
        self.files += 1
        data = stream.read(self.max_bytes + 1)
        if len(data) > self.max_bytes:
            yield Reject(STDIN, None, f"input is over the {self.max_bytes:,}-byte limit")
            return
        yield from self._parse(data, STDIN, self.format, sniff_seed=False)

    def _parse(
        self, data: bytes | str, origin: str, fmt: str | None, sniff_seed: bool
    ) -> Iterator[Article | Reject]:
        if isinstance(data, bytes):
            try:
                content = decode(data)
            except BadRecord as exc:
                yield Reject(origin, None, str(exc))
                return
        else:
            content = data
        if fmt is None:
            fmt = sniff(content)
        elif sniff_seed and is_seed(content):
            fmt = "seed"
        try:
            reader = readers.get(fmt)
        except KeyError as exc:
            yield Reject(origin, None, str(exc.args[0]))
            return
        yield from reader(content, origin, self.options)


def read(
    paths: Iterable[str | Path],
    format: str | None = None,
    csv_columns: dict[str, str] | None = None,
    stdin: TextIO | BinaryIO | None = None,
    *,
    max_bytes: int = MAX_FILE_BYTES,
    max_chars: int = MAX_TEXT_CHARS,
) -> Reading:
    """Read files, folders (recursively, in sorted order) and ``"-"`` (stdin) into Articles and
    Rejects, lazily and in input order. A path with a protocol (``s3://bucket/news/*.jsonl``)
    is read through fsspec when it is installed (see ``readers.remote``).

    ``format`` forces one registered format for every input (otherwise: by extension, and
    sniffed for stdin). ``csv_columns`` maps article fields to CSV column names. Files over
    ``max_bytes`` and texts over ``max_chars`` are rejected.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]  # a lone path is a common slip; a str would otherwise iterate by character
    columns = dict(csv_columns or {})
    unknown = sorted(set(columns) - set(FIELD_ALIASES))
    if unknown:
        raise ValueError(f"csv_columns has unknown fields {unknown} (known: {sorted(FIELD_ALIASES)})")
    if format is not None and format not in readers:
        raise ValueError(f"unknown format {format!r} (known: {', '.join(readers.names())})")
    options = ReadOptions(max_chars=max_chars, csv_columns=columns)
    return Reading(paths, format, options, stdin, max_bytes)
