"""Scale-out: the Parquet lake, resumable runs, Dask with a killed worker and a killed client,
import into the store, and the GDELT / ACLED / GeoJSON exports read back with pandas."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from eventwire import api
from eventwire.context import Config
from eventwire.engine.importer import import_lake, lake_view_db
from eventwire.engine.runner import run_lake
from eventwire.engine.tasks import Partition, plan
from eventwire.export import exporters
from eventwire.export.formats import ACLED_COLUMNS, GDELT_EVENT_COLUMNS, GDELT_MENTION_COLUMNS
from eventwire.model import Article
from eventwire.store.duckdb_store import Store
from samples import sample_doc

LIGHT = "entities,tone"
TEXTS = [
    "Russian missiles struck Kyiv's power grid on Wednesday, officials said. Blackouts followed.",
    "NATO foreign ministers met in Bucharest on Tuesday. They pledged more help for Ukraine.",
    "Two farm workers died in Przewodów, Poland, when a missile fell on a grain dryer.",
    "Ukrainian troops entered Kherson after the Russian withdrawal. Crowds gathered in the square.",
]


def _corpus(folder: Path, n_files: int, per_file: int = 3) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    k = 0
    for f in range(n_files):
        with (folder / f"part{f:03}.jsonl").open("w", encoding="utf-8") as fh:
            for _ in range(per_file):
                text = f"{TEXTS[k % len(TEXTS)]} Report number {k}."
                fh.write(
                    json.dumps({"id": f"doc{k}", "text": text, "date": f"2022-11-{10 + k % 20:02}"}) + "\n"
                )
                k += 1
        if f == 0:
            with (folder / "part000.jsonl").open("a", encoding="utf-8") as fh:
                fh.write("{not json\n")
    return folder


def _lake_counts(lake: Path) -> dict[str, tuple[int, int]]:
    """(rows, distinct keys) per table, read straight from the Parquet files."""
    con = duckdb.connect()
    out = {}
    for table, key in (
        ("articles", "id"),
        ("sentences", "article_id || ':' || idx"),
        ("rejects", "origin || record"),
    ):
        glob = str(lake / table / "**" / "*.parquet")
        out[table] = con.execute(
            f"SELECT count(*), count(DISTINCT {key}) FROM read_parquet('{glob}')"
        ).fetchone()
    return out


def test_plan_splits_large_files_into_record_ranges(tmp_path: Path) -> None:
    src = _corpus(tmp_path / "in", 1, per_file=25)
    parts = plan([str(src)], records_per_partition=10)
    assert [(p.first, p.last) for p in parts] == [(1, 11), (11, 21), (21, 31)]
    assert len({p.id for p in parts}) == 3
    assert Partition(str(src / "part000.jsonl"), 1, 11).holds(None)  # file-level rejects: first range only
    assert not Partition(str(src / "part000.jsonl"), 11, 21).holds(None)


def test_local_lake_run_is_resumable_and_imports_like_a_store_run(tmp_path: Path) -> None:
    src = _corpus(tmp_path / "in", 4)
    lake = tmp_path / "lake"
    cfg = Config(components=LIGHT.split(","))
    first = run_lake([str(src)], lake, config=cfg, records_per_partition=2)
    assert (
        first.processed == first.partitions
        and first.counts["articles"] == 12
        and first.counts["rejects"] == 1
    )
    again = run_lake([str(src)], lake, config=cfg, records_per_partition=2)
    assert again.processed == 0 and again.skipped == first.partitions
    direct = api.run([src], db=tmp_path / "direct.duckdb", config=cfg)
    want = Store(tmp_path / "direct.duckdb").stats()["counts"]
    counts = {t: c[0] for t, c in _lake_counts(lake).items()}
    assert counts == {"articles": 12, "sentences": want["sentences"], "rejects": direct.rejected}
    db = tmp_path / "s.duckdb"
    assert import_lake(lake, db) == 12
    assert import_lake(lake, db) == 0  # idempotent
    got = Store(db).stats()["counts"]
    assert {t: got[t] for t in ("articles", "sentences", "entities")} == {
        t: want[t] for t in ("articles", "sentences", "entities")
    }
    # the lake can be served in place through views
    views = Store(lake_view_db(lake))
    assert views.stats()["counts"]["articles"] == 12


def _wait_for(pred, timeout: float = 120.0) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > end:
            raise AssertionError("timed out")
        time.sleep(0.05)


@pytest.mark.slow
def test_dask_run_survives_killed_worker_and_killed_client(tmp_path: Path) -> None:
    psutil = pytest.importorskip("psutil")
    src = _corpus(tmp_path / "in", 24, per_file=4)
    clean = tmp_path / "clean"
    run_lake([str(src)], clean, config=Config(components=LIGHT.split(",")))
    lake = tmp_path / "lake"
    manifests = lake / "_manifests"
    cmd = [sys.executable, "-m", "eventwire.cli", "run", str(src), "--engine", "dask", "--workers", "2",
           "--lake", str(lake), "--components", LIGHT, "-q"]  # fmt: skip
    proc = subprocess.Popen(cmd, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        _wait_for(lambda: manifests.is_dir() and len(list(manifests.glob("*.json"))) >= 2)
        workers = [
            c for c in psutil.Process(proc.pid).children(recursive=True)
            if "spawn_main" in " ".join(c.cmdline()) or "multiprocessing" in " ".join(c.cmdline())
        ]  # fmt: skip
        assert workers, "no worker process found"
        workers[-1].kill()  # kill -9 one worker: Dask reschedules its task
        _wait_for(lambda: len(list(manifests.glob("*.json"))) >= 6)
        os.killpg(proc.pid, signal.SIGKILL)  # kill -9 the client and its local cluster
        proc.wait(timeout=30)
        assert len(list(manifests.glob("*.json"))) < 24, "the run finished before the client was killed"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert "already done" in rerun.stdout
    got, want = _lake_counts(lake), _lake_counts(clean)
    assert got == want
    assert all(rows == distinct for rows, distinct in got.values())  # no duplicates


def _store_with_events(path: Path) -> Store:
    doc = sample_doc()
    store = Store(path)
    store.add_docs([doc])
    return store


def test_gdelt_exports_have_the_published_column_counts(tmp_path: Path) -> None:
    store = _store_with_events(tmp_path / "s.duckdb")
    assert len(GDELT_EVENT_COLUMNS) == 61 and len(GDELT_MENTION_COLUMNS) == 16
    assert exporters.get("gdelt-events")(store, tmp_path / "e.tsv") == 2
    ev = pd.read_csv(tmp_path / "e.tsv", sep="\t", header=None, names=GDELT_EVENT_COLUMNS, dtype=str)
    assert ev.shape == (2, 61)
    first = ev.iloc[0]
    assert first["Actor1Code"] == "RUSMIL" and first["EventRootCode"] == "19" and first["QuadClass"] == "4"
    assert first["ActionGeo_CountryCode"] == "UP" and first["ActionGeo_Type"] == "4"  # FIPS, world city
    assert float(first["ActionGeo_Lat"]) == pytest.approx(46.65) and first["Day"] == "20221121"
    assert exporters.get("gdelt-mentions")(store, tmp_path / "m.tsv") == 2
    m = pd.read_csv(tmp_path / "m.tsv", sep="\t", header=None, names=GDELT_MENTION_COLUMNS, dtype=str)
    assert m.shape == (2, 16) and set(m["GlobalEventID"]) == set(ev["GlobalEventID"])
    assert json.loads(m.iloc[1]["Extras"])["evidence"] == "NATO condemned the attack."


def test_acled_export_has_documented_columns(tmp_path: Path) -> None:
    store = _store_with_events(tmp_path / "s.duckdb")
    assert exporters.get("acled")(store, tmp_path / "a.csv") == 1  # the ACLED event only
    df = pd.read_csv(tmp_path / "a.csv", dtype=str, keep_default_na=False)
    assert list(df.columns) == ACLED_COLUMNS
    row = df.iloc[0]
    assert (row["event_type"], row["sub_event_type"]) == (
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
    )
    assert row["country"] == "Ukraine" and row["location"] == "Kherson" and row["geo_precision"] == "1"
    assert row["notes"] == "Russian forces shelled Kherson on Monday."


def test_acled_plover_columns_read_the_event_as_plover_coders_do(tmp_path: Path) -> None:
    doc = sample_doc()
    doc.events[0].modality, doc.events[0].plover_type = "future", "THREATEN"  # "will shell"
    store = Store(tmp_path / "s.duckdb")
    store.add_docs([doc])
    exporters.get("acled")(store, tmp_path / "a.csv", all_events=True)
    df = pd.read_csv(tmp_path / "a.csv", dtype=str, keep_default_na=False)
    assert (df.iloc[0]["plover_type"], df.iloc[0]["plover_mode"]) == ("THREATEN", "")
    # an event without the field (a store from before it existed) keeps its own type and mode
    assert df.iloc[1]["plover_type"] == doc.events[1].type


@pytest.mark.parametrize("fmt", ["gdelt-events", "gdelt-mentions", "acled"])
def test_event_layouts_leave_out_what_did_not_happen(tmp_path: Path, fmt: str) -> None:
    """GDELT and ACLED have no way to say "did not happen": a negated event is left out there
    and kept, with its modality, in the layouts that carry it."""
    doc = sample_doc()
    doc.events[0].modality = "negated"  # "Russian forces did not shell Kherson"
    store = Store(tmp_path / "s.duckdb")
    store.add_docs([doc])
    # the ACCUSE is left; it is no ACLED event, so ACLED has it only when asked for every event
    assert exporters.get(fmt)(store, tmp_path / "out") == (0 if fmt == "acled" else 1)
    if fmt == "acled":
        assert exporters.get(fmt)(store, tmp_path / "out", all_events=True) == 1
    assert exporters.get("geojson")(store, tmp_path / "e.geojson") == 1  # the located one: negated
    (feat,) = json.loads((tmp_path / "e.geojson").read_text())["features"]
    assert feat["properties"]["modality"] == "negated"


def test_geojson_export_validates(tmp_path: Path) -> None:
    store = _store_with_events(tmp_path / "s.duckdb")
    assert exporters.get("geojson")(store, tmp_path / "e.geojson") == 1  # only located events
    fc = json.loads((tmp_path / "e.geojson").read_text())
    assert fc["type"] == "FeatureCollection"
    (feat,) = fc["features"]
    lon, lat = feat["geometry"]["coordinates"]
    assert feat["type"] == "Feature" and feat["geometry"]["type"] == "Point"
    assert -180 <= lon <= 180 and -90 <= lat <= 90 and feat["properties"]["type"] == "ASSAULT"
    gdf = pd.json_normalize(fc["features"])
    assert gdf.loc[0, "properties.place"] == "Kherson"


def test_parquet_input_and_glob_patterns(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from eventwire.readers import read

    rows = [{"id": f"p{i}", "text": TEXTS[i % len(TEXTS)], "date": date(2022, 11, 10 + i)} for i in range(5)]
    rows.append({"id": "bad", "text": "  ", "date": date(2022, 11, 20)})
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "corpus.parquet")
    _corpus(tmp_path / "more", 2, per_file=2)
    items = list(
        read([str(tmp_path / "*.parquet"), str(tmp_path / "more" / "*.jsonl"), str(tmp_path / "none*")])
    )
    arts = [a for a in items if isinstance(a, Article)]
    rejects = [r for r in items if not isinstance(r, Article)]
    assert [a.id for a in arts[:5]] == [f"p{i}" for i in range(5)] and arts[0].date == date(2022, 11, 10)
    assert len(arts) == 9  # 5 from Parquet + 4 from the JSONL files
    assert {(r.record, r.reason) for r in rejects} >= {
        (6, "whitespace-only text"),
        (None, "the pattern matches no file"),
    }
    parts = plan([str(tmp_path / "*.parquet")], records_per_partition=4)
    assert [(p.first, p.last) for p in parts] == [(1, 5), (5, 9)]
    summary = run_lake([str(tmp_path / "*.parquet")], tmp_path / "lake", config=Config(components=LIGHT.split(",")),
                       records_per_partition=4)  # fmt: skip
    assert summary.counts["articles"] == 5 and summary.counts["rejects"] == 1
