"""From the Parquet lake to DuckDB: views for serving a lake in place, or a full import."""

from __future__ import annotations

from pathlib import Path

from ..store.duckdb_store import Store
from ..store.rows import TABLES
from .lake import lake_views_sql


def lake_view_db(lake: str | Path) -> Path:
    """A small DuckDB file (inside the lake) whose tables are views over the lake's Parquet
    files, so `serve --lake` answers from the lake without copying it. Tables the lake lacks
    stay as the store's empty tables."""
    lake = Path(lake).resolve()
    path = lake / "_views.duckdb"
    store = Store(path)  # creates the schema: empty tables for every kind
    with store.write() as con:
        for table in (*TABLES, "rejects"):
            stmts = [s for s in lake_views_sql(lake) if f" VIEW {table} AS" in s]
            if stmts:
                con.execute(f"DROP TABLE IF EXISTS {table}")
                con.execute(stmts[0])
    return path


def import_lake(lake: str | Path, db: str | Path) -> int:
    """Insert the lake's rows into the store; articles already stored (by id) are skipped,
    and so are their rows in every other table, so importing twice changes nothing."""
    lake = Path(lake).resolve()
    store = Store(db)
    views = {s.split(" VIEW ")[1].split(" AS ")[0]: s for s in lake_views_sql(lake)}
    if "articles" not in views:
        return 0
    with store.write() as con:
        con.execute("BEGIN")
        for table, stmt in views.items():
            con.execute(stmt.replace(f"VIEW {table} AS", f"TEMP VIEW lake_{table} AS"))
        (before,) = con.execute("SELECT count(*) FROM articles").fetchone()  # type: ignore[misc]
        con.execute(
            "CREATE TEMP TABLE new_ids AS SELECT DISTINCT id FROM lake_articles "
            "WHERE id NOT IN (SELECT id FROM articles)"
        )
        for table in TABLES:
            if table not in views:
                continue
            lake_cols = {c[0] for c in con.execute(f"DESCRIBE lake_{table}").fetchall()}
            cols = [c[0] for c in con.execute(f"DESCRIBE {table}").fetchall() if c[0] in lake_cols]
            quoted = ", ".join(f'"{c}"' for c in cols)
            key = "id" if table == "articles" else "article_id"
            # one row per article id even if two partitions held the same article
            con.execute(
                f"INSERT INTO {table} ({quoted}) SELECT {quoted} FROM ("
                f"SELECT *, row_number() OVER (PARTITION BY {key}{'' if table == 'articles' else ', idx'}) AS _rn "
                f"FROM lake_{table} WHERE {key} IN (SELECT id FROM new_ids)) WHERE _rn = 1"
            )
        (after,) = con.execute("SELECT count(*) FROM articles").fetchone()  # type: ignore[misc]
        con.execute("COMMIT")
    store.rebuild_fts()
    return int(after - before)
