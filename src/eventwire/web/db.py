"""Read-only access to the store for the web server.

DuckDB lets one process write a file, and a writer excludes readers in other processes. The
ingest (`eventwire run`) opens the file read-write one batch at a time, so the server must not
hold the file open: every request opens it read-only, runs its queries and closes it, retrying
on a lock conflict (eventwire.store.duckdb_store.connect). New batches are visible on the next
request. A read-only connection also guarantees that no endpoint can write.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from ..store.duckdb_store import connect, load_fts, writer_marker


class StoreMissing(Exception):
    """The store file does not exist (nothing ingested yet)."""


class StoreBusy(Exception):
    """The ingest held the write lock for longer than we are willing to wait."""


class ReadOnlyStore:
    """A read-only connection shared by concurrent requests, held only while requests come.

    Opening a DuckDB file costs tens of milliseconds, too much per request, so requests share
    one connection (each gets its own cursor). It is closed after ``idle`` seconds without
    requests, which leaves the file free for the ingest between bursts of dashboard traffic.
    Under steady traffic it is also given up every ``hold`` seconds and not reopened for ``gap``
    seconds; the gap is longer than the writer's longest back-off sleep (1 s, see
    store.duckdb_store.connect), so a waiting writer always gets in within ``hold + gap``. While an ingest is known to be
    running (an unfinished run in the runs table, or a fresh ``<db>.writer-waiting`` marker) the
    connection is held for ``fair_hold`` seconds at most (gap ``fair_gap``), so the ingest's
    batches wait little.
    """

    CACHE_SIZE = 64

    def __init__(
        self, path: str | Path, lock_timeout: float = 10.0, idle: float = 0.25, hold: float = 10.0,
        gap: float = 1.1, fair_hold: float = 1.5, fair_gap: float = 1.2,
        shared: duckdb.DuckDBPyConnection | None = None,
    ) -> None:  # fmt: skip
        self.path = Path(path)
        # shared: an open connection of this process's writer (`eventwire watch --serve`):
        # requests read through its cursors (DuckDB MVCC), nothing is opened or given up
        self._shared = shared
        self.lock_timeout = lock_timeout
        self.idle, self.hold, self.gap, self.fair_hold, self.fair_gap = idle, hold, gap, fair_hold, fair_gap
        self._cache: dict[str, tuple[tuple[float, int], Any]] = {}
        self._computing: set[str] = set()
        self._cond = threading.Condition()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._fair = False  # give way to a writer (decided when the connection opens)
        self._yielded = False  # the connection is being given up for a waiting writer
        self._opened = self._last_used = self._reopen_after = 0.0
        self._users = 0
        self._opening = self._draining = False
        self._closer: threading.Thread | None = None

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
        if self._shared is not None:
            cur = self._shared.cursor()
            try:
                yield cur
            finally:
                cur.close()
            return
        cur = self._acquire()
        try:
            yield cur
        finally:
            cur.close()
            self._release()

    def close(self) -> None:
        with self._cond:
            self._close_locked()

    # --- the shared connection ------------------------------------------------------------
    def _writer_wants(self) -> bool:
        """A writer process is waiting for the file (store.duckdb_store.connect posts
        ``<db>.writer-waiting`` with its pid while it waits, and removes it once in): give the
        file up at once and do not take it back before the writer is in (a marker older than a
        minute, or of a process that is gone, is ignored)."""
        marker = writer_marker(self.path)
        try:
            if time.time() - marker.stat().st_mtime > 60:
                return False
            pid = int(marker.read_text(encoding="ascii").strip() or 0)
        except (OSError, ValueError):
            return False
        if pid and pid != os.getpid():
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return False
            except PermissionError:
                pass
        return True

    def _writer_waiting(self, con: duckdb.DuckDBPyConnection) -> bool:
        marker = self.path.with_name(self.path.name + ".writer-waiting")
        try:
            if time.time() - marker.stat().st_mtime < 60:
                return True
        except FileNotFoundError:
            pass
        try:
            row = con.execute(
                "SELECT count(*) FROM runs WHERE finished IS NULL AND started > now() - INTERVAL 1 DAY"
            ).fetchone()
        except duckdb.Error:
            return False
        return bool(row and row[0])

    def _acquire(self) -> duckdb.DuckDBPyConnection:
        if not self.path.exists():
            raise StoreMissing(str(self.path))
        with self._cond:
            yielding = 0.0  # since when a waiting writer keeps us from reopening
            while True:
                now = time.monotonic()
                wants = self._writer_wants()
                if self._con is not None and not self._draining:
                    if wants:
                        self._draining, self._yielded = True, True
                    elif now - self._opened < (self.fair_hold if self._fair else self.hold):
                        self._users += 1
                        return self._con.cursor()
                    else:
                        self._draining = True
                if self._draining:
                    if self._users == 0:
                        self._close_locked()
                        # given up for a waiting writer: reopen once it is in (the marker gone);
                        # else after a gap longer than a writer's back-off sleep
                        self._reopen_after = (
                            now if self._yielded else now + (self.fair_gap if self._fair else self.gap)
                        )
                        self._yielded = False
                        continue
                    self._cond.wait(0.01)
                    continue
                if wants and self._con is None:
                    yielding = yielding or now
                    if now - yielding < self.lock_timeout:
                        self._cond.wait(0.01)
                        continue
                if self._opening or now < self._reopen_after:
                    self._cond.wait(max(0.01, min(0.05, self._reopen_after - now)))
                    continue
                self._opening = True
                break
        try:
            con = connect(self.path, read_only=True, timeout=self.lock_timeout)
            fair = self._writer_waiting(con)
        except duckdb.IOException as exc:
            with self._cond:
                self._opening = False
                self._cond.notify_all()
            raise StoreBusy(str(exc)) from exc
        except BaseException:
            with self._cond:
                self._opening = False
                self._cond.notify_all()
            raise
        with self._cond:
            self._con, self._fair, self._opening = con, fair, False
            self._opened = self._last_used = time.monotonic()
            self._users += 1
            if self._closer is None:
                self._closer = threading.Thread(target=self._close_when_idle, daemon=True)
                self._closer.start()
            self._cond.notify_all()
            return con.cursor()

    def _release(self) -> None:
        with self._cond:
            self._users -= 1
            self._last_used = time.monotonic()
            self._cond.notify_all()

    def _close_locked(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None
        self._draining = False
        self._cond.notify_all()

    def _close_when_idle(self) -> None:
        while True:
            time.sleep(self.idle / 2)
            with self._cond:
                if (
                    self._con is not None
                    and self._users == 0
                    and time.monotonic() - self._last_used > self.idle
                ):
                    self._close_locked()

    def cached(self, key: str, compute: Any) -> Any:
        """``compute()`` once per store version (facets, full-text matches). Concurrent callers
        of one key wait for the first instead of computing it again."""
        v = self.version()
        with self._cond:
            while True:
                hit = self._cache.get(key)
                if hit and hit[0] == v:
                    return hit[1]
                if key not in self._computing:
                    self._computing.add(key)
                    break
                self._cond.wait(0.05)
        try:
            value = compute()
            with self._cond:
                self._cache[key] = (v, value)
                while len(self._cache) > self.CACHE_SIZE:
                    self._cache.pop(next(iter(self._cache)))  # oldest first
            return value
        finally:
            with self._cond:
                self._computing.discard(key)
                self._cond.notify_all()


def fts_ready(con: duckdb.DuckDBPyConnection, index: str) -> bool:
    """True when the FTS index schema exists and the extension loads (then match_bm25 works)."""
    row = con.execute("SELECT count(*) FROM duckdb_schemas() WHERE schema_name = ?", [index]).fetchone()
    if not row or not row[0]:
        return False
    try:
        return load_fts(con)
    except duckdb.Error:
        return False


FTS_INDEXES = ("fts_main_articles", "fts_main_events")  # built by Store.rebuild_fts()


def unindexed_since(con: duckdb.DuckDBPyConnection) -> str | None:
    """The FTS watermark when articles were stored after the index was built (a run in
    progress), else None. Searches add substring matches over those articles, so a new
    article is findable at once, not only after the run's final index rebuild."""
    row = con.execute("SELECT value FROM meta WHERE key = 'fts_indexed_until'").fetchone()
    if row is None:
        return None
    mark = row[0] or "-infinity"  # an index built over an empty store
    newer = con.execute("SELECT count(*) FROM articles WHERE ingested > CAST(? AS TIMESTAMP)", [mark])
    return mark if newer.fetchone()[0] else None  # type: ignore[index]


def fts_terms(con: duckdb.DuckDBPyConnection, index: str, q: str) -> list[str]:
    """The words of ``q`` as the FTS index stores them: tokenised, stop words dropped, stemmed."""
    assert index in FTS_INDEXES  # a fixed name, never user input
    row = con.execute(
        f"SELECT list(DISTINCT stem(tok, 'porter')) FROM (SELECT unnest({index}.tokenize(?)) AS tok)"
        f" WHERE tok <> '' AND tok NOT IN (SELECT sw FROM {index}.stopwords)",
        [q],
    ).fetchone()
    return [t for t in (row[0] if row and row[0] else []) if t]


# events columns added after schema 1, with their SQL types. The server opens the store read-only,
# so a store no run has opened since the upgrade lacks them: they are served as NULL.
LATER_EVENT_COLUMNS = {
    "source_basis": "VARCHAR", "target_basis": "VARCHAR", "plover_type": "VARCHAR",  # schema 2
    "acled_type": "VARCHAR", "acled_sub_type": "VARCHAR", "main": "BOOLEAN",  # schema 4
    "place_precision": "TINYINT", "place_relation": "VARCHAR", "place_distance_km": "DOUBLE",  # schema 8
    "place_bearing": "DOUBLE", "place_radius_km": "DOUBLE",
}  # fmt: skip


def absent_event_columns(con: duckdb.DuckDBPyConnection) -> frozenset[str]:
    """The LATER_EVENT_COLUMNS this store's events table lacks (one catalog-free probe)."""
    have = {d[0] for d in con.execute("SELECT * FROM events LIMIT 0").description or []}
    return frozenset(c for c in LATER_EVENT_COLUMNS if c not in have)


def event_column(name: str, absent: frozenset[str]) -> str:
    """``name``, or a typed NULL when the store lacks that column."""
    return f"CAST(NULL AS {LATER_EVENT_COLUMNS[name]})" if name in absent else name


def rows(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    cols = [d[0] for d in cur.description or []]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
