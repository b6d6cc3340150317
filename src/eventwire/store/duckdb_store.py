"""The embedded store: one DuckDB file, a table per record kind plus runs and rejects.

Concurrency (DuckDB allows one writing process, and a writer excludes readers in other
processes): every connection here is short-lived. The ingest opens the file read-write for one
batch at a time and closes it; the server opens it read-only per request. Both retry on a
lock conflict with back-off, so `eventwire serve` and `eventwire run` can share a file: new
batches become visible to the dashboard as soon as they are committed.
"""

from __future__ import annotations

import os
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
# 2: events.source_basis, target_basis, plover_type; 3: stories.topic;
# 4: events.acled_type, acled_sub_type, main; articles.main_event;
# 5: articles.relevance, relevant; 6: feeds, feed_items (eventwire watch);
# 7: articles.date_raw, date_source (the date as written, and where it came from)
SCHEMA_VERSION = "8"
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


def writer_marker(path: str | Path) -> Path:
    """``<db>.writer-waiting``: a writer waiting for the file (its pid inside). A server
    (web/db.ReadOnlyStore) that sees it gives the file up at once and waits for it to go."""
    path = Path(path)
    return path.with_name(path.name + ".writer-waiting")


def connect(path: str | Path, read_only: bool = False, timeout: float = 30.0) -> duckdb.DuckDBPyConnection:
    """Open the store, retrying while another process holds a conflicting lock. A writer that
    has to wait says so with ``writer_marker`` until it is in, and retries often (every 50 ms
    at most), so that a server reading the file hands it over within one request."""
    deadline = time.monotonic() + timeout
    delay = 0.02
    marker: Path | None = None
    try:
        while True:
            try:
                return duckdb.connect(str(path), read_only=read_only)
            except duckdb.IOException as exc:
                if not any(m in str(exc) for m in _LOCK_MARKERS) or time.monotonic() > deadline:
                    raise
                if not read_only and marker is None:
                    try:
                        writer_marker(path).write_text(str(os.getpid()), encoding="ascii")
                        marker = writer_marker(path)
                    except OSError:
                        pass
                time.sleep(delay * (1 + random.random()))
                delay = min(delay * 2, 0.1 if read_only else 0.05)
    finally:
        if marker is not None:
            marker.unlink(missing_ok=True)


# DuckDB settings of `eventwire sql` (sandboxed_connect): no file or network access beyond the
# store, no extension installs or automatic loads, and the configuration locked so that a query
# cannot turn them back on
SANDBOX_SETTINGS = (
    "SET enable_external_access = false",
    "SET autoinstall_known_extensions = false",
    "SET autoload_known_extensions = false",
    "SET allow_community_extensions = false",
    "SET lock_configuration = true",
)
SANDBOX_NOTE = (
    "eventwire sql is read-only and sandboxed: no writes, no file or network access outside the store, "
    "no extension installs, configuration locked (open the file with duckdb itself for anything else)"
)


def sandboxed_connect(path: str | Path, timeout: float = 30.0) -> duckdb.DuckDBPyConnection:
    """A connection for arbitrary user SQL (`eventwire sql`, ``Store.sql``): the store attached
    read-only to a fresh in-memory database (its own DuckDB instance, so the settings below
    never reach another connection of this process), the FTS extension loaded from the
    duckdb-extension-fts wheel, then external access switched off and the configuration locked.
    Retries while another process writes the file, as ``connect`` does."""
    path = Path(path)
    if not path.exists():
        raise duckdb.IOException(f"no store at {path}")
    stem = path.stem if re.fullmatch(r"[A-Za-z_]\w*", path.stem) else "store"
    alias = "store" if stem.lower() in {"memory", "temp", "system", "main"} else stem
    quoted = str(path).replace("'", "''")
    deadline = time.monotonic() + timeout
    delay = 0.02
    con = duckdb.connect(
        ":memory:", config={"autoinstall_known_extensions": False, "autoload_known_extensions": False}
    )
    try:
        while True:
            try:
                con.execute(f"ATTACH '{quoted}' AS \"{alias}\" (READ_ONLY)")
                break
            except duckdb.IOException as exc:
                if not any(m in str(exc) for m in _LOCK_MARKERS) or time.monotonic() > deadline:
                    raise
                time.sleep(delay * (1 + random.random()))
                delay = min(delay * 2, 0.5)
        con.execute(f'USE "{alias}"')
        load_fts(con)  # match_bm25 and stem work; loaded before external access is switched off
        for stmt in SANDBOX_SETTINGS:
            con.execute(stmt)
    except BaseException:
        con.close()
        raise
    return con


# Statement kinds `eventwire sql` runs. The others are refused before they run: with external
# access off DuckDB still lets a connection reach its own database's files, so COPY ... TO
# 'store.duckdb.wal' would write into the store; EXPORT, ATTACH, LOAD, INSTALL, PREPARE and
# the writes (which the read-only attachment refuses anyway) go the same way. CREATE and DROP
# reach only the in-memory database (temporary tables, macros, PIVOT's enum types).
SANDBOX_STATEMENTS = frozenset(
    getattr(duckdb.StatementType, n)
    for n in ("SELECT", "EXPLAIN", "CALL", "PRAGMA", "SET", "VARIABLE_SET", "CREATE", "DROP", "TRANSACTION")
)
_EXPLAIN = re.compile(r"^\s*EXPLAIN\s+(?:ANALY[SZ]E\s+|\([^)]*\)\s*)?(.*)$", re.IGNORECASE | re.DOTALL)


def refuse_unsafe(con: duckdb.DuckDBPyConnection, query: str) -> None:
    """Raise duckdb.PermissionException for a statement of ``query`` that is not in
    SANDBOX_STATEMENTS (an EXPLAIN is judged by the statement it explains)."""
    for st in con.extract_statements(query):
        kind = st.type
        if kind == duckdb.StatementType.EXPLAIN:
            m = _EXPLAIN.match(st.query)
            inner = con.extract_statements(m.group(1)) if m and m.group(1).strip() else []
            if len(inner) != 1:
                raise duckdb.PermissionException("Permission Error: this EXPLAIN is not allowed")
            kind = inner[0].type
        if kind not in SANDBOX_STATEMENTS and kind != duckdb.StatementType.EXPLAIN:
            raise duckdb.PermissionException(f"Permission Error: {kind.name} statements are not allowed")


def sandboxed_sql(
    path: str | Path, query: str, params: list[Any] | None = None
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Column names and rows of ``query`` run on a ``sandboxed_connect`` connection."""
    con = sandboxed_connect(path)
    try:
        refuse_unsafe(con, query)
        cur = con.execute(query, params or [])
        cols = [d[0] for d in cur.description] if cur.description else []
        return cols, cur.fetchall()
    finally:
        con.close()


_ALTER_TABLE = re.compile(r"ALTER TABLE (\w+) ", re.IGNORECASE)

# articles.relevant = FALSE: the relevance component scored the article below its threshold;
# exports and the API leave out such articles' events unless asked (include_irrelevant)
IRRELEVANT_ARTICLES = "SELECT id FROM articles WHERE relevant = FALSE"


def has_relevance(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the store's articles have the schema-5 ``relevant`` column (a store no run has
    opened since, served read-only, or a lake written before, lacks it)."""
    try:
        con.execute("SELECT relevant FROM articles LIMIT 0")
        return True
    except duckdb.Error:
        return False


def schema_statements() -> list[str]:
    """The statements of schema.sql (its comments dropped: they may hold semicolons)."""
    sql = resources.files("eventwire.store").joinpath("schema.sql").read_text("utf-8")
    code = "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--"))
    return [s.strip() for s in code.split(";") if s.strip()]


class Store:
    def __init__(self, path: str | Path = DEFAULT_DB) -> None:
        self.path = Path(path)
        with self.write() as con:
            # a lake served in place (engine.importer.lake_view_db) has views for tables: they have
            # the lake's columns, and the upgrades of a stored table do not apply to them
            views = {
                r[0]
                for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()
            }
            for stmt in schema_statements():
                altered = _ALTER_TABLE.match(stmt)
                if not (altered and altered.group(1) in views):
                    con.execute(stmt)
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
    def _insert(
        con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, Any]], cols: list[str] | None = None
    ) -> None:
        """Insert rows by column name; ``cols`` (the table's columns) when the caller has them."""
        cols = cols or [c[0] for c in con.execute(f"DESCRIBE {table}").fetchall()]
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
        """Run a query on a read-only, sandboxed connection (``sandboxed_connect``): writes,
        file and network access and extension installs fail with a duckdb.Error."""
        return sandboxed_sql(self.path, query, params)

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
            # one transaction: a reader of the same database instance (`watch --serve`) sees the
            # old index or the new one, never one half built (a missing fts_main_*.stats table)
            con.execute("BEGIN")
            try:
                built = con.execute("SELECT CAST(max(ingested) AS VARCHAR) FROM articles").fetchone()[0]  # type: ignore[index]
                con.execute("PRAGMA create_fts_index('articles', 'id', 'title', 'text', overwrite=1)")
                con.execute("PRAGMA create_fts_index('events', 'id', 'evidence', overwrite=1)")
                con.execute("INSERT OR REPLACE INTO meta VALUES ('fts_indexed_until', ?)", [built])
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
        return True
