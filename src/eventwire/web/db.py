"""Read-only access to the store for the web server.

DuckDB lets one process write a file, and a writer excludes readers in other processes. The
ingest (`eventwire run`) opens the file read-write one batch at a time, so the server must not
hold the file open: every request opens it read-only, runs its queries and closes it, retrying
on a lock conflict (eventwire.store.duckdb_store.connect). New batches are visible on the next
request. A read-only connection also guarantees that no endpoint can write.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from ..store.duckdb_store import connect, load_fts


class StoreMissing(Exception):
    """The store file does not exist (nothing ingested yet)."""


class StoreBusy(Exception):
    """The ingest held the write lock for longer than we are willing to wait."""


class ReadOnlyStore:
    def __init__(self, path: str | Path, lock_timeout: float = 10.0) -> None:
        self.path = Path(path)
        self.lock_timeout = lock_timeout
        self._cache: dict[str, tuple[tuple[float, int], Any]] = {}
        self._cache_lock = threading.Lock()

    def version(self) -> tuple[float, int]:
        """Changes whenever the ingest commits (DuckDB rewrites the file, and its WAL)."""
        try:
            st = self.path.stat()
        except FileNotFoundError as exc:
            raise StoreMissing(str(self.path)) from exc
        wal = self.path.with_name(self.path.name + ".wal")
        wal_m = wal.stat().st_mtime if wal.exists() else 0.0
        return (max(st.st_mtime, wal_m), st.st_size)

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        if not self.path.exists():
            raise StoreMissing(str(self.path))
        try:
            con = connect(self.path, read_only=True, timeout=self.lock_timeout)
        except duckdb.IOException as exc:
            raise StoreBusy(str(exc)) from exc
        try:
            yield con
        finally:
            con.close()

    def cached(self, key: str, compute: Any) -> Any:
        """``compute()`` once per store version (used for facets and FTS presence)."""
        v = self.version()
        with self._cache_lock:
            hit = self._cache.get(key)
            if hit and hit[0] == v:
                return hit[1]
        value = compute()
        with self._cache_lock:
            self._cache[key] = (v, value)
        return value


def fts_ready(con: duckdb.DuckDBPyConnection, index: str) -> bool:
    """True when the FTS index schema exists and the extension loads (then match_bm25 works)."""
    row = con.execute("SELECT count(*) FROM duckdb_schemas() WHERE schema_name = ?", [index]).fetchone()
    if not row or not row[0]:
        return False
    try:
        return load_fts(con)
    except duckdb.Error:
        return False


def rows(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    cols = [d[0] for d in cur.description or []]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
