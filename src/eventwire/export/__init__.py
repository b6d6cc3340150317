"""Exporters: one function per output format, registered by name. All of them stream
(DuckDB COPY or a cursor read in chunks), so memory stays flat whatever the store size."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from ..registry import Registry
from ..store.duckdb_store import Store

# An exporter writes `table` of `store` to `out` (a path, or a text stream for text formats).
exporters: Registry[Callable[..., int]] = Registry("export format")
TABLES = ("events", "articles", "sentences", "entities", "places", "timexes", "quotes", "stories", "rejects")


def _check_table(table: str) -> str:
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r} (choose from {', '.join(TABLES)})")
    return table


@exporters.register("jsonl")
def export_jsonl(store: Store, out: Path | TextIO, table: str = "articles") -> int:
    """Articles as eventwire/1 documents (the contract), other tables one JSON row per line."""
    _check_table(table)
    query = (
        "SELECT doc FROM articles ORDER BY date NULLS LAST, id"
        if table == "articles"
        else f"SELECT to_json(t)::VARCHAR FROM {table} t"
    )
    n = 0
    stream = open(out, "w", encoding="utf-8") if isinstance(out, Path) else out
    try:
        with store.read() as con:
            cur = con.execute(query)
            while rows := cur.fetchmany(1000):
                for (line,) in rows:
                    stream.write(line + "\n")
                n += len(rows)
    finally:
        if isinstance(out, Path):
            stream.close()
    return n


def _copy(store: Store, out: Path, table: str, options: str) -> int:
    _check_table(table)
    exclude = " EXCLUDE (doc)" if table == "articles" else ""
    with store.read() as con:
        (n,) = con.execute(f"SELECT count(*) FROM {table}").fetchone()  # type: ignore[misc]
        con.execute(f"COPY (SELECT *{exclude} FROM {table}) TO '{_sql_path(out)}' ({options})")
    return int(n)


def _sql_path(p: Path) -> str:
    return str(p).replace("'", "''")


@exporters.register("csv")
def export_csv(store: Store, out: Path | TextIO, table: str = "events") -> int:
    if isinstance(out, Path):
        return _copy(store, out, table, "FORMAT csv, HEADER true")
    _check_table(table)  # a stream (stdout): read the rows in chunks and write them here
    exclude = " EXCLUDE (doc)" if table == "articles" else ""
    w = csv.writer(out, lineterminator="\n")
    n = 0
    with store.read() as con:
        cur = con.execute(f"SELECT *{exclude} FROM {table}")
        w.writerow([d[0] for d in cur.description])
        while rows := cur.fetchmany(2000):
            w.writerows(rows)
            n += len(rows)
    return n


@exporters.register("parquet")
def export_parquet(store: Store, out: Path, table: str = "events") -> int:
    if not isinstance(out, Path):
        raise ValueError("parquet is binary: give an output file")
    return _copy(store, out, table, "FORMAT parquet, COMPRESSION zstd")


from . import formats  # noqa: E402,F401  (registers gdelt-events, gdelt-mentions, acled, geojson)
