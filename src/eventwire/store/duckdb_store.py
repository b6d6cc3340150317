"""The embedded store: one DuckDB file, a table per record kind plus runs and rejects.

Concurrency (DuckDB allows one writing process, and a writer excludes readers in other
processes): every connection here is short-lived. The ingest opens the file read-write for one
batch at a time and closes it; the server opens it read-only per request. Both retry on a
lock conflict with back-off, so `eventwire serve` and `eventwire run` can share a file: new
batches become visible to the dashboard as soon as they are committed.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from ..model import AnnotatedDoc, Reject
from .rows import TABLES, doc_rows

DEFAULT_DB = "eventwire.duckdb"
# 2: events.source_basis, target_basis, plover_type; 3: stories.topic
SCHEMA_VERSION = "3"
_LOCK_MARKERS = ("lock", "Conflicting lock", "Could not set lock")


def fts_extension_path() -> str | None:
    """The FTS extension shipped by the duckdb-extension-fts wheel (no network needed)."""
    try:
        root = resources.files("duckdb_extension_fts")
    except ModuleNotFoundError:
        return None
    hits = sorted(Path(str(root)).glob(f"extensions/v{duckdb.__version__}/fts.duckdb_extension"))
    return str(hits[0]) if hits else None


def load_fts(con: duckdb.DuckDBPyConnection) -> bool:
    path = fts_extension_path()
    if not path:
        return False
    con.execute(f"LOAD '{path}'")
    return True


def connect(path: str | Path, read_only: bool = False, timeout: float = 30.0) -> duckdb.DuckDBPyConnection:
    """Open the store, retrying while another process holds a conflicting lock."""
    deadline = time.monotonic() + timeout
    delay = 0.02
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            if not any(m in str(exc) for m in _LOCK_MARKERS) or time.monotonic() > deadline:
                raise
            time.sleep(delay * (1 + random.random()))
            delay = min(delay * 2, 0.5)


class Store:
    def __init__(self, path: str | Path = DEFAULT_DB) -> None:
        self.path = Path(path)
        with self.write() as con:
            con.execute(resources.files("eventwire.store").joinpath("schema.sql").read_text("utf-8"))
            con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [SCHEMA_VERSION])

    @contextmanager
    def write(self) -> Iterator[duckdb.DuckDBPyConnection]:
        con = connect(self.path)
        try:
            yield con
        finally:
            con.close()

    @contextmanager
    def read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        con = connect(self.path, read_only=True)
        try:
            load_fts(con)  # match_bm25 needs the extension loaded in every connection
            yield con
        finally:
            con.close()

    # --- runs ----------------------------------------------------------------------------
    def start_run(self, paths: Iterable[str], version: str) -> int:
        with self.write() as con:
            (run_id,) = con.execute("SELECT nextval('run_ids')").fetchone()  # type: ignore[misc]
            con.execute(
                "INSERT INTO runs (id, started, paths, version) VALUES (?, now(), ?, ?)",
                [run_id, " ".join(map(str, paths)), version],
            )
        return int(run_id)

    def finish_run(self, run_id: int, summary: dict[str, Any]) -> None:
        with self.write() as con:
            con.execute(
                "UPDATE runs SET finished = now(), read = ?, stored = ?, duplicates = ?, rejected = ?,"
                " warnings = ?, seconds = ? WHERE id = ?",
                [summary["read"], summary["stored"], summary["duplicates"], summary["rejected"],
                 summary["warnings"], summary["seconds"], run_id],
            )  # fmt: skip

    def add_rejects(self, run_id: int, rejects: list[Reject]) -> None:
        if not rejects:
            return
        with self.write() as con:
            con.executemany(
                "INSERT INTO rejects VALUES (?, ?, ?, ?)",
                [(run_id, r.origin, r.record, r.reason) for r in rejects],
            )

    # --- documents ---------------------------------------------------------------------
    def known_ids(self, ids: list[str]) -> set[str]:
        if not ids:
            return set()
        with self.write() as con:
            rows = con.execute("SELECT id FROM articles WHERE id IN (SELECT unnest(?))", [ids]).fetchall()
        return {r[0] for r in rows}

    def add_docs(self, docs: list[AnnotatedDoc], run_id: int | None = None) -> int:
        """Store documents whose id is not stored yet, in one transaction; returns how many."""
        with self.write() as con:
            ids = [d.article.id for d in docs]
            known = {
                r[0]
                for r in con.execute(
                    "SELECT id FROM articles WHERE id IN (SELECT unnest(?))", [ids]
                ).fetchall()
            }
            seen: set[str] = set()
            fresh = []
            for d in docs:
                if d.article.id not in known and d.article.id not in seen:
                    seen.add(d.article.id)
                    fresh.append(d)
            if not fresh:
                return 0
            tables: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
            for d in fresh:
                for t, rows in doc_rows(d, run_id).items():
                    tables[t].extend(rows)
            con.execute("BEGIN")
            try:
                for t, rows in tables.items():
                    if rows:
                        self._insert(con, t, rows)
                con.execute("UPDATE articles SET ingested = now() WHERE ingested IS NULL")
                con.execute("COMMIT")
            except Exception:
                con.execute("ROLLBACK")
                raise
            return len(fresh)

    @staticmethod
    def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, Any]]) -> None:
        cols = [c[0] for c in con.execute(f"DESCRIBE {table}").fetchall()]
        batch = pa.Table.from_pylist([{c: r.get(c) for c in cols} for r in rows])
        con.register("_batch", batch)
        try:
            quoted = ", ".join(f'"{c}"' for c in cols)
            con.execute(f"INSERT INTO {table} ({quoted}) SELECT {quoted} FROM _batch")
        finally:
            con.unregister("_batch")

    # --- queries -------------------------------------------------------------------------
    def stats(self) -> dict[str, Any]:
        with self.read() as con:
            counts = {
                t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # type: ignore[index]
                for t in (*TABLES, "stories", "canonical_events", "runs", "rejects")
            }
            dates = con.execute("SELECT min(date), max(date) FROM articles").fetchone()
            by_type = dict(
                con.execute("SELECT type, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC").fetchall()
            )
            dups = con.execute("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL").fetchone()
        return {
            "counts": counts,
            "first_date": str(dates[0]) if dates and dates[0] else None,
            "last_date": str(dates[1]) if dates and dates[1] else None,
            "events_by_type": by_type,
            "duplicate_articles": dups[0] if dups else 0,
        }

    def sql(self, query: str, params: list[Any] | None = None) -> tuple[list[str], list[tuple[Any, ...]]]:
        """Run a read-only query (the connection is opened read-only, so writes fail)."""
        with self.read() as con:
            cur = con.execute(query, params or [])
            cols = [d[0] for d in cur.description] if cur.description else []
            return cols, cur.fetchall()

    def doc_json(self, article_id: str) -> str | None:
        with self.read() as con:
            row = con.execute("SELECT doc FROM articles WHERE id = ?", [article_id]).fetchone()
        return row[0] if row else None

    def resolve_id(self, prefix: str) -> str | None:
        """Full article id from a unique prefix (ids are long hashes; users type the start)."""
        if not re.fullmatch(r"[\w:.-]+", prefix):
            return None
        with self.read() as con:
            rows = con.execute(
                "SELECT id FROM articles WHERE starts_with(id, ?) LIMIT 2", [prefix]
            ).fetchall()
        return rows[0][0] if len(rows) == 1 else None

    def rebuild_fts(self) -> bool:
        """(Re)build the full-text indexes over articles and event evidence."""
        with self.write() as con:
            if not load_fts(con):
                return False
            # the watermark: articles ingested after it are not in the index yet, and search
            # matches them by substring until the next rebuild (see web/db.unindexed_since)
            built = con.execute("SELECT CAST(max(ingested) AS VARCHAR) FROM articles").fetchone()[0]  # type: ignore[index]
            con.execute("PRAGMA create_fts_index('articles', 'id', 'title', 'text', overwrite=1)")
            con.execute("PRAGMA create_fts_index('events', 'id', 'evidence', overwrite=1)")
            con.execute("INSERT OR REPLACE INTO meta VALUES ('fts_indexed_until', ?)", [built])
        return True
