"""Rough edges found by trying eventwire as a new user would (issue 22): `eventwire sql` stays
inside the store, API dates that are not dates are 422, and `run --engine ... --db X` fills X
and refuses a lake written from other inputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from eventwire.cli import main
from eventwire.store.duckdb_store import Store
from eventwire.web.app import create_app
from samples import sample_doc

LIGHT = "entities,tone"


# --- eventwire sql: read-only and sandboxed ------------------------------------------------------
@pytest.fixture(scope="module")
def store_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("sql") / "s.duckdb"
    store = Store(db)
    store.add_docs([sample_doc()])
    store.rebuild_fts()
    return db


@pytest.fixture(scope="module")
def store_counts(store_db: Path) -> dict[str, int]:
    """What the store holds before any query ran: no query may change it."""
    return Store(store_db).stats()["counts"]


@pytest.mark.parametrize(
    ("query", "needle"),
    [
        ("COPY articles TO '{out}'", "COPY statements are not allowed"),
        ("SELECT * FROM read_csv('/etc/passwd')", "file system operations are disabled"),
        # DuckDB lets a connection reach its own database's files even with external access off
        ("COPY (SELECT 'x') TO '{db}.wal'", "COPY statements are not allowed"),
        ("EXPLAIN ANALYZE COPY (SELECT 'x') TO '{db}.wal'", "COPY statements are not allowed"),
        ("PREPARE p AS SELECT 1", "not allowed"),
        ("INSTALL httpfs", "LOAD statements are not allowed"),
        ("LOAD httpfs", "LOAD statements are not allowed"),
        ("ATTACH '{out}.duckdb' AS other", "ATTACH statements are not allowed"),
        ("SET enable_external_access = true", "locked"),
        ("SELECT * FROM glob('/etc/*')", "file system operations are disabled"),
        ("SELECT * FROM 'http://127.0.0.1:9/x.csv'", "file system operations are disabled"),
        ("DELETE FROM articles", "DELETE statements are not allowed"),
        # CREATE and DROP are let through for the in-memory database (temporary tables, macros):
        # the store's own tables are out of reach only because it is attached read-only
        ("DROP TABLE events", "attached in read-only mode"),
        ("CREATE OR REPLACE TABLE articles AS SELECT 1 AS x", "attached in read-only mode"),
        ("CREATE TABLE junk AS SELECT 1 AS x", "attached in read-only mode"),
    ],
)
def test_sql_cannot_leave_the_store(
    store_db: Path, store_counts: dict[str, int], tmp_path: Path, query: str, needle: str
) -> None:
    out = tmp_path / "x.csv"
    res = CliRunner().invoke(main, ["sql", query.format(out=out, db=store_db), "--db", str(store_db)])
    assert res.exit_code == 1, res.output
    assert needle in res.output and "sandboxed" in res.output, res.output
    assert not out.exists() and not Path(f"{out}.duckdb").exists() and not Path(f"{store_db}.wal").exists()
    assert Store(store_db).stats()["counts"] == store_counts and store_counts["articles"] == 1


def test_sql_never_installs_or_loads_an_extension(store_db: Path) -> None:
    """A function of a known extension the store does not use (sqlite_scan) is an unknown
    function, not a download attempt; and the sandbox's settings are what `eventwire sql` says."""
    r = CliRunner()
    res = r.invoke(main, ["sql", "SELECT * FROM sqlite_scan('x.db', 't')", "--db", str(store_db)])
    assert res.exit_code == 1 and "not in the catalog" in res.output, res.output
    assert "automatically install" not in res.output, res.output
    settings = (
        "enable_external_access autoinstall_known_extensions autoload_known_extensions lock_configuration"
    )
    query = "SELECT " + ", ".join(f"current_setting('{k}') AS {k}" for k in settings.split())
    res = r.invoke(main, ["sql", query, "--db", str(store_db), "--format", "json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout) == [
        {"enable_external_access": False, "autoinstall_known_extensions": False,
         "autoload_known_extensions": False, "lock_configuration": True}
    ]  # fmt: skip


def test_sql_still_answers_queries_and_full_text_search(store_db: Path) -> None:
    r = CliRunner()
    res = r.invoke(
        main, ["sql", "SELECT count(*) AS n FROM articles", "--db", str(store_db), "--format", "json"]
    )
    assert res.exit_code == 0 and json.loads(res.stdout) == [{"n": 1}]
    bm25 = "SELECT id FROM (SELECT id, fts_main_articles.match_bm25(id, 'Kherson') AS s FROM articles) WHERE s IS NOT NULL"
    res = r.invoke(main, ["sql", bm25, "--db", str(store_db), "--format", "csv"])
    assert res.exit_code == 0 and res.stdout.split() == ["id", "a1"], res.output
    res = r.invoke(main, ["sql", "SELECT 1", "--db", str(store_db.with_name("none.duckdb"))])
    assert res.exit_code == 1 and "no store" in res.output
    assert not store_db.with_name("none.duckdb").exists()


# --- API: dates that are not dates ------------------------------------------------------------
DATED = [
    "/api/events",
    "/api/timeline",
    "/api/places.geojson",
    "/api/actors/network",
    "/api/stories",
    "/api/articles",
]


@pytest.fixture(scope="module")
def client(store_db: Path) -> TestClient:
    with TestClient(create_app(str(store_db))) as c:
        yield c  # type: ignore[misc]


@pytest.mark.parametrize("url", DATED)
@pytest.mark.parametrize("param", ["date_from", "date_to", "start", "end"])
def test_dates_that_are_not_dates_are_422_naming_the_parameter(
    client: TestClient, url: str, param: str
) -> None:
    r = client.get(url, params={param: "2022-13-45"})
    assert r.status_code == 422, (url, param, r.text)
    (err,) = r.json()["detail"]
    assert err["loc"] == ["query", param]
    if param.startswith("date_"):  # not a parameter of ours: said so, with the right names
        assert "start and end" in err["msg"]
    assert client.get(url, params={"start": "2022-11-01", "end": "2022-11-30"}).status_code == 200


def test_unknown_parameters_are_422_and_the_token_is_not_one(client: TestClient) -> None:
    r = client.get("/api/search", params={"q": "Kherson", "kindd": "events"})
    assert r.status_code == 422 and "kindd" in r.text
    assert client.get("/api/search", params={"q": "Kherson", "token": "x"}).status_code == 200


# --- run --engine ... --db X --------------------------------------------------------------------
def _inputs(folder: Path, ids: list[str]) -> Path:
    folder.mkdir(parents=True)
    with (folder / "a.jsonl").open("w", encoding="utf-8") as fh:
        for i in ids:
            fh.write(json.dumps({"id": i, "text": f"NATO ministers met in Bucharest on Tuesday ({i}).",
                                 "date": "2022-11-29"}) + "\n")  # fmt: skip
    return folder


def test_engine_run_fills_the_db_and_refuses_a_lake_of_other_inputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    one = _inputs(tmp_path / "one", ["a", "b"])
    two = _inputs(tmp_path / "two", ["c"])
    r = CliRunner()
    res = r.invoke(main, ["run", str(one), "--engine", "local", "--db", "x.duckdb", "--components", LIGHT])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "x.lake").is_dir() and not (tmp_path / "lake").exists()
    assert Store(tmp_path / "x.duckdb").stats()["counts"]["articles"] == 2
    # the same inputs again: nothing to do, and said so
    res = r.invoke(main, ["run", str(one), "--engine", "local", "--db", "x.duckdb", "--components", LIGHT])
    assert res.exit_code == 0 and "done by an earlier run" in res.output, res.output
    # other inputs into the same lake: refused, not "1 partitions already done, 0 articles"
    res = r.invoke(main, ["run", str(two), "--engine", "local", "--db", "x.duckdb", "--components", LIGHT])
    assert res.exit_code == 1 and "written from other inputs" in res.output, res.output
    res = r.invoke(main, ["run", str(two), "--engine", "local", "--components", LIGHT])  # ./lake
    assert res.exit_code == 0 and "1 articles" in res.output, res.output
    res = r.invoke(main, ["run", str(one), "--engine", "local", "--components", LIGHT])
    assert res.exit_code == 1 and "written from other inputs" in res.output, res.output
