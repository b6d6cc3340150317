"""Exporters: one function per output format, registered by name. All of them stream
(DuckDB COPY or a cursor read in chunks), so memory stays flat whatever the store size."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

import duckdb

from ..registry import Registry
from ..store.duckdb_store import IRRELEVANT_ARTICLES, Store, has_relevance

# An exporter writes `table` of `store` to `out` (a path, or a text stream for text formats).
# Every built-in one leaves out irrelevant articles and their rows (articles.relevant = FALSE)
# unless called with include_irrelevant=True (`eventwire export --include-irrelevant`).
exporters: Registry[Callable[..., int]] = Registry("export format")
TABLES = ("events", "articles", "sentences", "entities", "places", "timexes", "quotes", "stories", "rejects")


def _check_table(table: str) -> str:
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r} (choose from {', '.join(TABLES)})")
    return table


def relevant_only(con: duckdb.DuckDBPyConnection, table: str, include_irrelevant: bool = False) -> str:
    """The condition an export puts on ``table`` so that it leaves out what belongs to irrelevant
    articles (``articles.relevant = FALSE``: the relevance component scored them below its
    threshold); TRUE with ``include_irrelevant``, for stories and rejects, and for a store whose
    articles were never scored. Articles not scored (relevant NULL) are kept."""
    if include_irrelevant or table in ("stories", "rejects") or not has_relevance(con):
        return "TRUE"
    if table == "articles":
        return "relevant IS DISTINCT FROM FALSE"
    return f"article_id NOT IN ({IRRELEVANT_ARTICLES})"


@exporters.register("jsonl")
def export_jsonl(
    store: Store, out: Path | TextIO, table: str = "articles", include_irrelevant: bool = False
) -> int:
    """Articles as eventwire/1 documents (the contract), other tables one JSON row per line.
    Irrelevant articles and their rows are left out unless ``include_irrelevant``."""
    _check_table(table)
    n = 0
    stream = open(out, "w", encoding="utf-8") if isinstance(out, Path) else out
    try:
        with store.read() as con:
            keep = relevant_only(con, table, include_irrelevant)
            query = (
                f"SELECT doc FROM articles WHERE {keep} ORDER BY date NULLS LAST, id"
                if table == "articles"
                else f"SELECT to_json(t)::VARCHAR FROM {table} t WHERE {keep}"
            )
            cur = con.execute(query)
            while rows := cur.fetchmany(1000):
                for (line,) in rows:
                    stream.write(line + "\n")
                n += len(rows)
    finally:
        if isinstance(out, Path):
            stream.close()
    return n


def _copy(store: Store, out: Path, table: str, options: str, include_irrelevant: bool = False) -> int:
    _check_table(table)
    exclude = " EXCLUDE (doc)" if table == "articles" else ""
    with store.read() as con:
        keep = relevant_only(con, table, include_irrelevant)
        (n,) = con.execute(f"SELECT count(*) FROM {table} WHERE {keep}").fetchone()  # type: ignore[misc]
        con.execute(f"COPY (SELECT *{exclude} FROM {table} WHERE {keep}) TO '{_sql_path(out)}' ({options})")
    return int(n)


def _sql_path(p: Path) -> str:
    return str(p).replace("'", "''")


@exporters.register("csv")
def export_csv(
    store: Store, out: Path | TextIO, table: str = "events", include_irrelevant: bool = False
) -> int:
    if isinstance(out, Path):
        return _copy(store, out, table, "FORMAT csv, HEADER true", include_irrelevant)
    _check_table(table)  # a stream (stdout): read the rows in chunks and write them here
    exclude = " EXCLUDE (doc)" if table == "articles" else ""
    w = csv.writer(out, lineterminator="\n")
    n = 0
    with store.read() as con:
        keep = relevant_only(con, table, include_irrelevant)
        cur = con.execute(f"SELECT *{exclude} FROM {table} WHERE {keep}")
        w.writerow([d[0] for d in cur.description])
        while rows := cur.fetchmany(2000):
            w.writerows(rows)
            n += len(rows)
    return n


@exporters.register("parquet")
def export_parquet(store: Store, out: Path, table: str = "events", include_irrelevant: bool = False) -> int:
    if not isinstance(out, Path):
        raise ValueError("parquet is binary: give an output file")
    return _copy(store, out, table, "FORMAT parquet, COMPRESSION zstd", include_irrelevant)


from . import formats  # noqa: E402,F401  (registers gdelt-events, gdelt-mentions, acled, geojson)
