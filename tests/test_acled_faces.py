"""The ACLED type and sub-type of events (Event.acled_type/acled_sub_type) and the article's main
event (AnnotatedDoc.main_event) through every face: the eventwire/1 contract, the store (and the
upgrade of a schema-3 file), the Parquet lake, the exports and the HTTP API filters.

The documents are built by hand, with text of our own, so these tests pin the storage, export
and API code alone (the event coder that fills the fields is tested elsewhere).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient

from eventwire.contract import from_dict, to_dict
from eventwire.engine.importer import import_lake
from eventwire.engine.lake import write_partition
from eventwire.export import exporters
from eventwire.export.formats import ACLED_COLUMNS
from eventwire.model import Actor, AnnotatedDoc, Article, Event, Place, Span
from eventwire.store.duckdb_store import SCHEMA_VERSION, Store
from eventwire.web.app import create_app
from samples import sentences_of

DEPOT = (
    "Drones struck a fuel depot outside Velmora on Sunday, the regional governor said. "
    "Hundreds of farmers marched through Velmora the next day. "
    "The prime minister visited the town on Tuesday."
)
ARRESTS = "Police in Ostrava detained eleven activists on Friday. The interior minister praised the officers."

AIR, SHELLING = "Air/drone strike", "Shelling/artillery/missile attack"
EXPLOSIONS, PROTESTS, STRATEGIC = "Explosions/Remote violence", "Protests", "Strategic developments"


def _event(text: str, type_: str, trigger: str, sentence: int, acled: tuple[str, str] | None = None,
           **kw: Any) -> Event:  # fmt: skip
    i = text.index(trigger)
    return Event(
        type_, sentence, Span(i, i + len(trigger), trigger), date="2024-03-03", date_source="timex",
        acled_type=acled[0] if acled else None, acled_sub_type=acled[1] if acled else None, **kw,
    )  # fmt: skip


def depot_doc() -> AnnotatedDoc:
    """A drone strike (the main event), a protest the next day, and a visit (no ACLED event)."""
    t, f = DEPOT.index("Velmora"), DEPOT.index("farmers")
    town = Place(t, t + 7, "Velmora", "Velmora", 990101, "UKR", "Velmorska", 48.1, 35.2, "P.PPL", 30000)
    farmers = Actor(f, f + 7, "farmers", None, None, "CVL")
    doc = AnnotatedDoc(
        article=Article(id="depot", text=DEPOT, date=date(2024, 3, 4), title="Depot hit", source="Wire"),
        sentences=sentences_of(DEPOT),
        places=[town],
    )
    doc.events = [
        _event(DEPOT, "ASSAULT", "struck", 0, (EXPLOSIONS, AIR), mode="drone", cameo="195", quad_class=4,
               goldstein=-10.0, place=town),
        _event(DEPOT, "PROTEST", "marched", 1, (PROTESTS, "Peaceful protest"), cameo="141", quad_class=3,
               source=farmers, place=town),
        _event(DEPOT, "CONSULT", "visited", 2, cameo="042", quad_class=1, place=town),
    ]  # fmt: skip
    doc.main_event = 0
    return doc


def arrests_doc() -> AnnotatedDoc:
    """Arrests (ACLED strategic development) and praise; the coder named no main event."""
    doc = AnnotatedDoc(
        article=Article(id="arrests", text=ARRESTS, date=date(2024, 3, 9), title="Arrests", source="Daily"),
        sentences=sentences_of(ARRESTS),
    )
    doc.events = [
        _event(
            ARRESTS, "COERCE", "detained", 0, (STRATEGIC, "Arrests"), mode="arrest", cameo="173", quad_class=4
        ),
        _event(ARRESTS, "SUPPORT", "praised", 1, cameo="051", quad_class=1),
    ]
    return doc


def docs() -> list[AnnotatedDoc]:
    return [depot_doc(), arrests_doc()]


def test_sentences_of_the_hand_built_docs_are_exact() -> None:
    for doc in docs():
        for s in doc.sentences:
            assert doc.text[s.start : s.end].endswith(".")
        for e in doc.events:
            assert doc.text[e.trigger.start : e.trigger.end] == e.trigger.text


# --- the contract ---------------------------------------------------------------------------------
def test_contract_carries_acled_types_and_the_main_event() -> None:
    d = to_dict(depot_doc())
    assert d["main_event"] == 0
    assert [(e["acled_type"], e["acled_sub_type"]) for e in d["events"]] == [
        (EXPLOSIONS, AIR), (PROTESTS, "Peaceful protest"), (None, None)
    ]  # fmt: skip
    back = from_dict(json.loads(json.dumps(d)))
    assert back.main_event == 0 and back.events[0].acled_sub_type == AIR
    assert to_dict(back) == d
    assert from_dict(to_dict(arrests_doc())).main_event is None


def test_contract_reads_documents_written_before_the_fields() -> None:
    d = to_dict(depot_doc())
    del d["main_event"]
    for e in d["events"]:
        del e["acled_type"], e["acled_sub_type"]
    old = from_dict(d)
    assert old.main_event is None
    assert all(e.acled_type is None and e.acled_sub_type is None for e in old.events)
    assert [e.type for e in old.events] == ["ASSAULT", "PROTEST", "CONSULT"]


# --- the store ----------------------------------------------------------------------------------
def _events(store: Store) -> list[tuple[Any, ...]]:
    return store.sql("SELECT id, acled_type, acled_sub_type, main FROM events ORDER BY article_id, idx")[1]


def test_store_flattens_acled_types_and_marks_the_main_event(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.duckdb")
    assert store.add_docs(docs()) == 2
    assert _events(store) == [
        ("arrests:0", STRATEGIC, "Arrests", False),
        ("arrests:1", None, None, False),
        ("depot:0", EXPLOSIONS, AIR, True),
        ("depot:1", PROTESTS, "Peaceful protest", False),
        ("depot:2", None, None, False),
    ]
    assert dict(store.sql("SELECT id, main_event FROM articles")[1]) == {"depot": 0, "arrests": None}
    # one main event per article, joined back to its article
    _, rows = store.sql(
        "SELECT a.id, e.trigger_text FROM articles a JOIN events e ON e.article_id = a.id AND e.main"
    )
    assert rows == [("depot", "struck")]
    assert json.loads(store.doc_json("depot"))["main_event"] == 0  # type: ignore[arg-type]


def schema_3_file(path: Path) -> None:
    """What a schema-3 release left on disk: no ACLED or main-event columns, one article stored
    then (its eventwire/1 document without the fields)."""
    store = Store(path)
    doc = depot_doc()
    store.add_docs([doc])
    old = to_dict(doc)
    del old["main_event"]
    for e in old["events"]:
        del e["acled_type"], e["acled_sub_type"]
    with duckdb.connect(str(path)) as con:
        # the columns later schemas added (4: ACLED types, main, main_event; and any after it)
        for table, last in (("events", "plover_type"), ("articles", "doc")):
            cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
            for col in cols[cols.index(last) + 1 :]:
                con.execute(f'ALTER TABLE {table} DROP COLUMN "{col}"')
        con.execute("UPDATE articles SET doc = ? WHERE id = 'depot'", [json.dumps(old)])
        con.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")


def test_store_written_by_schema_3_gains_the_new_columns(tmp_path: Path) -> None:
    old = tmp_path / "old.duckdb"
    schema_3_file(old)
    store = Store(old)  # what `eventwire run` does first
    _, version = store.sql("SELECT value FROM meta WHERE key = 'schema_version'")
    assert version[0][0] == SCHEMA_VERSION and int(SCHEMA_VERSION) >= 4  # 5: articles.relevance
    assert _events(store) == [("depot:0", None, None, None), ("depot:1", None, None, None),
                              ("depot:2", None, None, None)]  # fmt: skip
    # an upgraded table has the columns of a new one, in the same order
    fresh = Store(tmp_path / "new.duckdb")
    for table in ("events", "articles"):
        assert store.sql(f"DESCRIBE {table}")[1] == fresh.sql(f"DESCRIBE {table}")[1]
    assert store.add_docs([arrests_doc()]) == 1
    assert ("arrests:0", STRATEGIC, "Arrests", False) in _events(store)


def test_lake_and_its_import_carry_the_columns(tmp_path: Path) -> None:
    lake = tmp_path / "lake"
    write_partition(lake, "p1", docs(), [], {})
    con = duckdb.connect()
    rows = con.execute(
        f"SELECT id, acled_sub_type, main FROM read_parquet('{lake}/events/**/*.parquet') ORDER BY id"
    ).fetchall()
    assert rows[0] == ("arrests:0", "Arrests", False) and rows[2] == ("depot:0", AIR, True)
    assert import_lake(lake, tmp_path / "s.duckdb") == 2
    store = Store(tmp_path / "s.duckdb")
    assert ("depot:0", EXPLOSIONS, AIR, True) in _events(store)
    assert dict(store.sql("SELECT id, main_event FROM articles")[1]) == {"depot": 0, "arrests": None}


# --- exports ------------------------------------------------------------------------------------
@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "s.duckdb")
    s.add_docs(docs())
    return s


def test_acled_export_writes_acled_events_with_their_types(store: Store, tmp_path: Path) -> None:
    assert exporters.get("acled")(store, tmp_path / "a.csv") == 3
    df = pd.read_csv(tmp_path / "a.csv", dtype=str, keep_default_na=False)
    assert list(df.columns) == ACLED_COLUMNS  # the layout's own column names
    assert list(zip(df["event_type"], df["sub_event_type"], df["plover_type"], strict=True)) == [
        (EXPLOSIONS, AIR, "ASSAULT"), (PROTESTS, "Peaceful protest", "PROTEST"), (STRATEGIC, "Arrests", "COERCE")
    ]  # fmt: skip
    assert df.iloc[0]["location"] == "Velmora" and df.iloc[0]["notes"].startswith("Drones struck")
    # every event that happened, when asked: the others with no ACLED type
    assert exporters.get("acled")(store, tmp_path / "all.csv", all_events=True) == 5
    every = pd.read_csv(tmp_path / "all.csv", dtype=str, keep_default_na=False)
    blank = every[every["event_type"] == ""]
    assert sorted(blank["plover_type"]) == ["CONSULT", "SUPPORT"] and set(blank["sub_event_type"]) == {""}


def test_acled_export_leaves_out_what_did_not_happen(tmp_path: Path) -> None:
    doc = depot_doc()
    doc.events[0].modality = "negated"  # "drones did not strike the depot"
    store = Store(tmp_path / "s.duckdb")
    store.add_docs([doc])
    assert exporters.get("acled")(store, tmp_path / "a.csv") == 1
    assert pd.read_csv(tmp_path / "a.csv", dtype=str)["event_type"].tolist() == [PROTESTS]


def test_gdelt_exports_keep_every_event(store: Store, tmp_path: Path) -> None:
    assert exporters.get("gdelt-events")(store, tmp_path / "e.tsv") == 5
    assert exporters.get("gdelt-mentions")(store, tmp_path / "m.tsv") == 5
    assert [len(line.split("\t")) for line in (tmp_path / "e.tsv").read_text().splitlines()] == [61] * 5


def test_table_exports_and_geojson_carry_the_new_columns(store: Store, tmp_path: Path) -> None:
    assert exporters.get("parquet")(store, tmp_path / "e.parquet") == 5
    t = pq.read_table(tmp_path / "e.parquet").to_pandas().sort_values("id")
    assert t["acled_sub_type"].tolist()[2] == AIR and t["main"].tolist() == [False, False, True, False, False]
    exporters.get("csv")(store, tmp_path / "a.csv", table="articles")
    arts = pd.read_csv(tmp_path / "a.csv").set_index("id")
    assert arts.loc["depot", "main_event"] == 0 and pd.isna(arts.loc["arrests", "main_event"])
    exporters.get("jsonl")(store, tmp_path / "e.jsonl", table="events")
    rows = {r["id"]: r for r in map(json.loads, (tmp_path / "e.jsonl").read_text().splitlines())}
    assert rows["depot:1"]["acled_type"] == PROTESTS and rows["depot:1"]["main"] is False
    exporters.get("jsonl")(store, tmp_path / "d.jsonl")
    documents = {d["id"]: d for d in map(json.loads, (tmp_path / "d.jsonl").read_text().splitlines())}
    assert documents["depot"]["main_event"] == 0 and documents["depot"]["events"][0]["acled_sub_type"] == AIR
    assert exporters.get("geojson")(store, tmp_path / "e.geojson") == 3  # the located ones
    props = [f["properties"] for f in json.loads((tmp_path / "e.geojson").read_text())["features"]]
    assert [(p["acled_type"], p["acled_sub_type"], p["main"]) for p in props] == [
        (EXPLOSIONS, AIR, True), (PROTESTS, "Peaceful protest", False), (None, None, False)
    ]  # fmt: skip


# --- the API -----------------------------------------------------------------------------------
@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(str(store.path))) as c:
        yield c


def ids(client: TestClient, **params: Any) -> list[str]:
    r = client.get("/api/events", params={"limit": 500, "sort": "date_asc", **params})
    assert r.status_code == 200, (params, r.text)
    return sorted(it["id"] for it in r.json()["items"])


def test_api_filters_events_by_acled_type_family_and_main(client: TestClient) -> None:
    assert ids(client, acled_type=EXPLOSIONS) == ["depot:0"]
    assert ids(client, acled_type=f"{PROTESTS},{STRATEGIC}") == ["arrests:0", "depot:1"]
    assert ids(client, acled_sub_type=AIR) == ["depot:0"]
    assert ids(client, acled_sub_type=SHELLING) == []
    assert ids(client, family="violence") == ["depot:0"]
    assert ids(client, family="protest,strategic") == ["arrests:0", "depot:1"]
    assert ids(client, family="riot") == []
    assert ids(client, family="none") == ["arrests:1", "depot:2"]
    assert ids(client, main_only="true") == ["depot:0"]
    assert ids(client, main_only="true", family="protest") == []
    assert ids(client, family="violence,protest", quad_class="3") == ["depot:1"]  # with the other filters
    # the aggregates take the same filters
    tl = client.get("/api/timeline", params={"family": "violence"}).json()
    assert sum(b["total"] for b in tl["buckets"]) == 1
    places = client.get("/api/places.geojson", params={"main_only": "true"}).json()
    assert [f["properties"]["count"] for f in places["features"]] == [1]


def test_api_serves_the_fields(client: TestClient) -> None:
    item = client.get("/api/events", params={"acled_type": EXPLOSIONS}).json()["items"][0]
    assert (item["acled_type"], item["acled_sub_type"], item["main"]) == (EXPLOSIONS, AIR, True)
    assert client.get("/api/events/depot:1").json()["acled_sub_type"] == "Peaceful protest"
    doc = client.get("/api/articles/depot").json()
    assert doc["main_event"] == 0 and doc["events"][0]["acled_type"] == EXPLOSIONS
    assert client.get("/api/articles/arrests").json()["main_event"] is None
    assert client.get("/api/stats").json()["by_acled_type"] == {EXPLOSIONS: 1, PROTESTS: 1, STRATEGIC: 1}


@pytest.mark.parametrize(
    "params",
    [{"acled_type": "Battle"}, {"acled_type": "battles"}, {"acled_sub_type": "Drone strike"},
     {"family": "war"}, {"family": "violence;DROP"}, {"main_only": "maybe"}, {"acled_type": "x" * 201}],
)  # fmt: skip
def test_api_rejects_unknown_acled_names(client: TestClient, params: dict[str, str]) -> None:
    r = client.get("/api/events", params=params)
    assert r.status_code == 422, r.text
    assert r.json()["detail"]


def test_api_documents_the_filters(client: TestClient) -> None:
    params = client.get("/openapi.json").json()["paths"]["/api/events"]["get"]["parameters"]
    names = {p["name"]: p for p in params}
    for name in ("acled_type", "acled_sub_type", "family", "main_only"):
        assert names[name]["description"] and not names[name].get("required", False)


def test_api_serves_a_schema_3_store_it_cannot_upgrade(tmp_path: Path) -> None:
    """`eventwire serve` opens the file read-only: a store no run has opened since the upgrade
    lacks the columns, and they are served as null instead of failing."""
    path = tmp_path / "old.duckdb"
    schema_3_file(path)
    with TestClient(create_app(str(path))) as c:
        items = c.get("/api/events", params={"limit": 10}).json()["items"]
        assert len(items) == 3 and all(
            (it["acled_type"], it["acled_sub_type"], it["main"]) == (None, None, None) for it in items
        )
        assert ids(c, acled_type=EXPLOSIONS) == [] and ids(c, main_only="true") == []
        assert ids(c, family="none") == ["depot:0", "depot:1", "depot:2"]  # none is known as ACLED
        assert c.get("/api/events/depot:0").json()["acled_type"] is None
        assert c.get("/api/articles/depot").json()["main_event"] is None
        assert c.get("/api/stats").json()["by_acled_type"] == {}
        assert c.get("/api/timeline", params={"family": "violence"}).status_code == 200
    with duckdb.connect(str(path), read_only=True) as con:  # and the file was left as it was
        cols = {r[0] for r in con.execute("DESCRIBE events").fetchall()}
        assert "acled_type" not in cols and "main" not in cols
