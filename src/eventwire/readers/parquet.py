"""Parquet input: one article per row, columns named like the JSON fields (text, id, date,
title, url, source, or their aliases). Read in record batches, so a large file never sits in
memory whole; the 50 MB file limit does not apply (each text is still capped)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..model import Article, Reject
from .common import ReadOptions
from .jsonfile import _from_object
from .remote import RemoteFile


def _source(path: Path | RemoteFile) -> Any:
    return path.open("rb") if isinstance(path, RemoteFile) else path


def read_parquet(path: Path | RemoteFile, origin: str, options: ReadOptions) -> Iterator[Article | Reject]:
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(_source(path))
    except Exception as exc:  # pyarrow raises several types for a broken file
        yield Reject(origin, None, f"not a readable Parquet file: {exc}")
        return
    record = 0
    for batch in pf.iter_batches(batch_size=1000):
        for row in batch.to_pylist():
            record += 1
            yield _from_object(row, origin, record, options)


def parquet_rows(path: Path | RemoteFile) -> int:
    import pyarrow.parquet as pq

    return pq.ParquetFile(_source(path)).metadata.num_rows
