"""The HTTP API over a small synthetic store (benchmarks/gen_store.py): every endpoint and filter,
validation (422), pagination, SQL injection through text filters, the token rule, read-only
access, empty and missing stores, and serving while an ingest writes to the same file."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest
from fastapi.testclient import TestClient

from eventwire.store.duckdb_store import Store
from eventwire.web import UnsafeBind, check_bind, is_loopback
from eventwire.web.app import create_app
from eventwire.web.db import ReadOnlyStore

ROOT = Path(__file__).resolve().parents[1]


def load_gen_store() -> Any:
    spec = importlib.util.spec_from_file_location("gen_store", ROOT / "benchmarks" / "gen_store.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("api") / "small.duckdb"
    load_gen_store().generate(path, articles=150, events=700, seed=3)
    return path


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(str(db))) as c:
        yield c


@pytest.fixture(scope="module")
def all_events(db: Path) -> list[dict[str, Any]]:
    """Every event row, read directly, to compute expected answers independently of the API."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        cur = con.execute("SELECT * FROM events")
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    finally:
        con.close()


def get(client: TestClient, url: str, **params: Any) -> Any:
    r = client.get(url, params=params)
    assert r.status_code == 200, (url, params, r.text)
    return r.json()


def count_where(events: list[dict[str, Any]], pred: Callable[[dict[str, Any]], bool]) -> int:
    return sum(1 for e in events if pred(e))


def actor_of(e: dict[str, Any], role: str) -> set[str]:
    return {(e[f"{role}_canonical"] or "").lower(), (e[f"{role}_text"] or "").lower()} - {""}


# --- events ----------------------------------------------------------------------------------
def test_stats_counts_match_the_store(client: TestClient, all_events: list[dict[str, Any]]) -> None:
    s = get(client, "/api/stats")
    assert s["counts"]["events"] == len(all_events)
    assert s["counts"]["articles"] == 150
    assert sum(s["by_type"].values()) == len(all_events)
    assert s["fts"] == {"articles": True, "events": True}
    assert s["top_actors"] and s["countries"]


def test_event_filters_match_an_independent_count(
    client: TestClient, all_events: list[dict[str, Any]]
) -> None:
    sample = all_events[5]
    actor = sample["source_canonical"]
    story = next(e["story"] for e in all_events if e["story"])
    cases: list[tuple[dict[str, Any], Callable[[dict[str, Any]], bool]]] = [
        ({}, lambda e: True),
        ({"start": "2023-01-01", "end": "2023-06-30"},
         lambda e: e["date"] is not None and date(2023, 1, 1) <= e["date"] <= date(2023, 6, 30)),
        ({"type": "ASSAULT,PROTEST"}, lambda e: e["type"] in ("ASSAULT", "PROTEST")),
        ({"quad_class": "3,4"}, lambda e: e["quad_class"] in (3, 4)),
        ({"modality": "future"}, lambda e: e["modality"] == "future"),
        ({"actor": actor.upper()}, lambda e: actor.lower() in actor_of(e, "source") | actor_of(e, "target")),
        ({"actor": actor, "actor_role": "target"}, lambda e: actor.lower() in actor_of(e, "target")),
        ({"source": sample["source_text"]}, lambda e: sample["source_text"].lower() in actor_of(e, "source")),
        ({"source": sample["source_canonical"], "target": sample["target_canonical"]},
         lambda e: sample["source_canonical"].lower() in actor_of(e, "source")
         and sample["target_canonical"].lower() in actor_of(e, "target")),
        ({"country": "UKR"}, lambda e: "UKR" in (e["source_country"], e["target_country"], e["place_country"])),
        ({"sector": "MIL"}, lambda e: "MIL" in (e["source_sector"], e["target_sector"])),
        ({"bbox": "20,40,45,56"}, lambda e: e["lon"] is not None and 20 <= e["lon"] <= 45 and 40 <= e["lat"] <= 56),
        ({"place": 703448}, lambda e: e["place_geonameid"] == 703448),
        ({"story": story}, lambda e: e["story"] == story),
        ({"article": sample["article_id"]}, lambda e: e["article_id"] == sample["article_id"]),
        ({"min_mentions": 2}, lambda e: e["mentions"] >= 2),
        ({"canonical": "true"}, lambda e: e["canonical_id"] in (None, e["id"])),
        ({"type": "ASSAULT", "country": "RUS", "modality": "asserted"},
         lambda e: e["type"] == "ASSAULT" and e["modality"] == "asserted"
         and "RUS" in (e["source_country"], e["target_country"], e["place_country"])),
        ({"acled_type": "Battles,Protests"}, lambda e: e["acled_type"] in ("Battles", "Protests")),
        ({"acled_sub_type": "Shelling/artillery/missile attack"},
         lambda e: e["acled_sub_type"] == "Shelling/artillery/missile attack"),
        ({"family": "violence"}, lambda e: e["acled_type"] in ("Battles", "Explosions/Remote violence")),
        ({"family": "strategic,none"}, lambda e: e["acled_type"] in ("Strategic developments", None)),
        ({"main_only": "true"}, lambda e: e["main"] is True),
        ({"main_only": "true", "family": "protest"}, lambda e: e["main"] and e["acled_type"] == "Protests"),
    ]  # fmt: skip
    for params, pred in cases:
        expected = count_where(all_events, pred)
        page = get(client, "/api/events", limit=500, **params)
        assert page["total"] == expected, params
        assert all(pred(_typed(it)) for it in page["items"]), params
    assert get(client, "/api/events", min_mentions=2)["total"] > 0  # the dedup columns are exercised
    for params in ({"family": "violence"}, {"family": "strategic"}, {"main_only": "true"}):
        assert get(client, "/api/events", **params)["total"] > 0  # the ACLED columns are exercised


def _typed(item: dict[str, Any]) -> dict[str, Any]:
    """API items carry dates as strings; predicates compare dates."""
    out = dict(item)
    out["date"] = date.fromisoformat(item["date"]) if item["date"] else None
    return out


def test_full_text_filter_over_evidence(client: TestClient, all_events: list[dict[str, Any]]) -> None:
    page = get(client, "/api/events", q="missile", limit=500)
    expected = count_where(all_events, lambda e: "missile" in (e["evidence"] or "").lower())
    assert page["total"] == expected > 0
    assert all("missile" in it["evidence"].lower() for it in page["items"])


def test_events_carry_provenance_and_article(client: TestClient) -> None:
    it = get(client, "/api/events", limit=1)["items"][0]
    for key in ("type", "quad_class", "modality", "source_text", "target_text", "place_name", "date",
                "evidence", "evidence_start", "evidence_end", "mentions", "trigger_text"):  # fmt: skip
        assert key in it
    assert it["article"]["title"]
    detail = get(client, f"/api/events/{it['id']}")
    assert detail["id"] == it["id"] and detail["evidence"] == it["evidence"]
    assert isinstance(detail["other_mentions"], list)
    assert client.get("/api/events/nope:0").status_code == 404


def test_sorts(client: TestClient) -> None:
    asc = [it["date"] for it in get(client, "/api/events", sort="date_asc", limit=100)["items"]]
    assert asc == sorted(asc)
    desc = [it["date"] for it in get(client, "/api/events", sort="date_desc", limit=100)["items"]]
    assert desc == sorted(desc, reverse=True)
    m = [it["mentions"] for it in get(client, "/api/events", sort="mentions_desc", limit=100)["items"]]
    assert m == sorted(m, reverse=True)
    g = [it["goldstein"] for it in get(client, "/api/events", sort="goldstein_asc", limit=100)["items"]]
    assert g == sorted(g)


def test_pagination_offset_and_cursor_agree(client: TestClient) -> None:
    total = get(client, "/api/events", limit=1)["total"]
    by_offset = [
        it["id"]
        for off in range(0, 120, 40)
        for it in get(client, "/api/events", limit=40, offset=off)["items"]
    ]
    by_cursor: list[str] = []
    cursor = None
    for _ in range(3):
        page = get(client, "/api/events", limit=40, **({"cursor": cursor} if cursor else {}))
        by_cursor += [it["id"] for it in page["items"]]
        cursor = page["next_cursor"]
    assert by_offset == by_cursor and len(set(by_cursor)) == 120 <= total
    # the last page has no next cursor
    last = get(client, "/api/events", limit=500, offset=max(0, total - 10))
    assert len(last["items"]) == min(10, total) and last["next_cursor"] is None


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 501}, {"limit": 0}, {"offset": -1}, {"type": "assault"}, {"type": "ASSAULT;DROP"},
        {"quad_class": "5"}, {"quad_class": "x"}, {"modality": "probably"}, {"bbox": "1,2,3"},
        {"bbox": "10,0,5,1"}, {"bbox": "a,b,c,d"}, {"start": "2023-13-01"}, {"start": "2023-02-01", "end": "2023-01-01"},
        {"country": "ukr"}, {"sector": "x"}, {"min_mentions": 0}, {"sort": "random"}, {"actor_role": "both"},
        {"cursor": "not-a-cursor"}, {"cursor": "WyIyMDIzLTAxLTAxIiwgIngiXQ"}, {"cursor": "WyIyMDIzLTAxLTAxIiwgM10", "sort": "mentions_desc"},
        {"actor": "x" * 201}, {"place": "Kyiv"}, {"acled_type": "Battle"}, {"acled_sub_type": "Airstrike"},
        {"family": "war"}, {"main_only": "sometimes"},
    ],
)  # fmt: skip
def test_bad_event_parameters_are_422(client: TestClient, params: dict[str, Any]) -> None:
    r = client.get("/api/events", params=params)
    assert r.status_code == 422, (params, r.text)
    assert r.json()["detail"]


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/api/timeline", {"interval": "year"}), ("/api/timeline", {"group": "actor"}),
        ("/api/places.geojson", {"limit": 0}), ("/api/actors/network", {"limit": 5000}),
        ("/api/articles", {"limit": 1000}), ("/api/stories", {"sort": "x"}), ("/api/quotes", {"start": "yesterday"}),
        ("/api/search", {}), ("/api/search", {"q": "x", "kind": "quotes"}), ("/api/search", {"q": "x", "limit": 101}),
    ],
)  # fmt: skip
def test_bad_parameters_elsewhere_are_422(client: TestClient, url: str, params: dict[str, Any]) -> None:
    assert client.get(url, params=params).status_code == 422


# --- aggregates ------------------------------------------------------------------------------
def test_timeline_sums_to_the_filtered_count(client: TestClient, all_events: list[dict[str, Any]]) -> None:
    for interval in ("day", "week", "month", "auto"):
        tl = get(client, "/api/timeline", interval=interval, quad_class="4")
        assert sum(b["total"] for b in tl["buckets"]) == count_where(
            all_events, lambda e: e["quad_class"] == 4 and e["date"] is not None
        )
        assert [b["t"] for b in tl["buckets"]] == sorted(b["t"] for b in tl["buckets"])
    by_type = get(client, "/api/timeline", group="type", interval="month")
    assert set(by_type["keys"]) == {e["type"] for e in all_events}
    assert get(client, "/api/timeline", interval="week")["buckets"][0]["t"]  # weeks start on a Monday
    week = date.fromisoformat(get(client, "/api/timeline", interval="week")["buckets"][0]["t"])
    assert week.weekday() == 0


def test_places_geojson_aggregates_per_place(client: TestClient, all_events: list[dict[str, Any]]) -> None:
    r = client.get("/api/places.geojson", params={"type": "ASSAULT"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/geo+json")
    fc = r.json()
    assert fc["type"] == "FeatureCollection"
    expected = count_where(all_events, lambda e: e["type"] == "ASSAULT" and e["lat"] is not None)
    assert sum(f["properties"]["count"] for f in fc["features"]) == expected
    ids = [f["properties"]["geonameid"] for f in fc["features"]]
    assert len(ids) == len(set(ids))  # one point per place
    for f in fc["features"]:
        assert sum(f["properties"]["quad"].values()) == f["properties"]["count"]
        lon, lat = f["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_network_edges(client: TestClient, all_events: list[dict[str, Any]]) -> None:
    net = get(client, "/api/actors/network", limit=2000, country="PSE")
    expected = count_where(
        all_events, lambda e: "PSE" in (e["source_country"], e["target_country"], e["place_country"])
    )
    assert sum(e["n"] for e in net["edges"]) == expected
    node_ids = {n["id"] for n in net["nodes"]}
    for e in net["edges"]:
        assert sum(e["by_quad"].values()) == e["n"]
        assert e["source"] in node_ids and e["target"] in node_ids
        assert e["tone"] is None or -1 <= e["tone"] <= 1
    top = get(client, "/api/actors/network", limit=3)["edges"]
    assert len(top) == 3 and top[0]["n"] >= top[-1]["n"]


# --- articles, stories, quotes, search -----------------------------------------------------------
def test_articles_and_the_reader_document(client: TestClient, all_events: list[dict[str, Any]]) -> None:
    page = get(client, "/api/articles", limit=10)
    assert page["total"] == 150 and len(page["items"]) == 10
    aid = page["items"][0]["id"]
    doc = get(client, f"/api/articles/{aid}")
    assert doc["schema"] == "eventwire/1" and doc["id"] == aid
    for layer in ("sentences", "entities", "places", "timexes", "quotes", "events"):
        assert isinstance(doc[layer], list)
    for ent in doc["entities"]:
        assert doc["text"][ent["start"] : ent["end"]] == ent["text"]
    stored = {e["id"] for e in all_events if e["article_id"] == aid}
    assert {v["id"] for v in doc["event_ids"].values()} == stored
    assert client.get("/api/articles/does-not-exist").status_code == 404
    titled = get(client, "/api/articles", q=page["items"][0]["title"][:12])
    assert aid in {it["id"] for it in titled["items"]} or titled["total"] > 10


def test_stories(client: TestClient) -> None:
    page = get(client, "/api/stories", limit=5)
    assert page["total"] > 0
    sizes = [s["n_articles"] for s in page["items"]]
    assert sizes == sorted(sizes, reverse=True)
    story = get(client, f"/api/stories/{page['items'][0]['id']}")
    assert len(story["articles"]) == page["items"][0]["n_articles"]
    assert story["events"] and all(e["story"] == story["id"] for e in story["events"])
    assert all(e["canonical_id"] in (None, e["id"]) for e in story["events"])
    assert client.get("/api/stories/nope").status_code == 404


def test_quotes(client: TestClient) -> None:
    all_q = get(client, "/api/quotes", limit=500)
    assert all_q["total"] > 0
    q0 = all_q["items"][0]
    by_speaker = get(client, "/api/quotes", speaker=q0["speaker_canonical"], limit=500)
    assert by_speaker["total"] > 0 and all(
        q["speaker_canonical"] == q0["speaker_canonical"] for q in by_speaker["items"]
    )
    mentioned = q0["mentions"][0]["canonical"]
    by_mention = get(client, "/api/quotes", mention=mentioned.lower(), limit=500)
    assert all(mentioned in {m["canonical"] for m in q["mentions"]} for q in by_mention["items"])
    assert by_mention["total"] > 0
    words = get(client, "/api/quotes", q=q0["text"][:10], limit=500)
    assert all(q0["text"][:10].lower() in q["text"].lower() for q in words["items"]) and words["total"] > 0


def test_search_uses_fts(client: TestClient) -> None:
    res = get(client, "/api/search", q="sanctions")
    assert res["fts"] == {"articles": True, "events": True}
    assert res["articles"] and res["events"]
    assert all("sanction" in e["evidence"].lower() for e in res["events"])  # BM25 stems the word
    only = get(client, "/api/search", q="sanctions", kind="events", limit=3)
    assert only["articles"] == [] and len(only["events"]) == 3


def test_without_fts_index_the_api_falls_back_to_substrings(tmp_path: Path) -> None:
    path = tmp_path / "nofts.duckdb"
    load_gen_store().generate(path, articles=20, events=60, seed=5, fts=False)
    with TestClient(create_app(str(path))) as c:
        res = get(c, "/api/search", q="missile")
        assert res["fts"] == {"articles": False, "events": False}
        assert all("missile" in e["evidence"].lower() for e in res["events"])
        page = get(c, "/api/events", q="MISSILE")
        assert page["total"] == len(res["events"]) or page["total"] >= 20


def test_articles_stored_after_the_index_are_searchable_at_once(tmp_path: Path) -> None:
    """During a run the FTS index lags behind: new articles are matched by substring until the
    run's final rebuild, in /api/search and in the q= filter of the event views."""
    from samples import sample_doc

    path = tmp_path / "lag.duckdb"
    load_gen_store().generate(path, articles=20, events=60, seed=5)
    store = Store(path)
    store.add_docs([sample_doc()])  # stored after the index was built
    with TestClient(create_app(str(path))) as c:
        res = get(c, "/api/search", q="Kherson shelled")
        fresh = [e for e in res["events"] if e["article_id"] == "a1"]
        assert fresh and fresh[0]["indexed"] is False and res["fts"]["events"] is True
        assert [a["id"] for a in res["articles"] if not a["indexed"]] == ["a1"]
        listed = get(c, "/api/events", q="kherson shelled", limit=200)
        assert "a1" in {e["article_id"] for e in listed["items"]}
    # the run's final rebuild, from another process as a real run would (this process still
    # holds the app's read-only database instance)
    rebuild = "import sys; from eventwire.store.duckdb_store import Store; Store(sys.argv[1]).rebuild_fts()"
    subprocess.run([sys.executable, "-c", rebuild, str(path)], check=True, timeout=120)
    with TestClient(create_app(str(path))) as c:
        res = get(c, "/api/search", q="Kherson shelled")
        assert all(e["indexed"] for e in res["events"]) and any(
            e["article_id"] == "a1" for e in res["events"]
        )


# --- safety ----------------------------------------------------------------------------------
INJECTIONS = [
    "x' OR '1'='1",
    "'; DROP TABLE events; --",
    "%",
    "_",
    "\\",
    '" OR 1=1 --',
    "ASSAULT') OR ('a'='a",
]
TEXT_FILTERS = [
    ("/api/events", "actor"), ("/api/events", "source"), ("/api/events", "target"), ("/api/events", "story"),
    ("/api/events", "article"), ("/api/events", "q"), ("/api/timeline", "actor"), ("/api/places.geojson", "q"),
    ("/api/actors/network", "source"), ("/api/articles", "q"), ("/api/articles", "source"),
    ("/api/articles", "story"), ("/api/stories", "q"), ("/api/quotes", "speaker"), ("/api/quotes", "mention"),
    ("/api/quotes", "q"), ("/api/quotes", "article"), ("/api/search", "q"),
]  # fmt: skip


def _empty(body: Any) -> bool:
    if "items" in body:
        return body["total"] == 0 and body["items"] == []
    if "buckets" in body:
        return body["buckets"] == []
    if "features" in body:
        return body["features"] == []
    if "edges" in body:
        return body["edges"] == []
    return body["articles"] == [] and body["events"] == []


# Full-text filters split the payload into words (BM25), so "ASSAULT') OR ('a'='a" legitimately finds
# articles about an assault; for them "treated as data" means: only word matches, never every row.
WORD_SEARCH = {("/api/events", "q"), ("/api/places.geojson", "q"), ("/api/search", "q")}


def test_sql_injection_is_treated_as_data(client: TestClient, db: Path) -> None:
    before = get(client, "/api/stats")["counts"]
    for url, name in TEXT_FILTERS:
        for payload in INJECTIONS:
            r = client.get(url, params={name: payload})
            assert r.status_code == 200, (url, name, payload, r.text)
            body = r.json()
            if (url, name) not in WORD_SEARCH:
                assert _empty(body), (url, name, payload)
            elif url == "/api/search":
                words = [w.lower() for w in re.findall(r"[A-Za-z]{3,}", payload)]
                assert all(
                    any(w in (a["title"] + a["snippet"]).lower() for w in words) for a in body["articles"]
                )
                assert all(any(w in e["evidence"].lower() for w in words) for e in body["events"])
            else:
                # only a payload holding words can match anything
                assert _empty(body) or re.search(r"[A-Za-z]{3,}", payload), (url, payload)
    for payload in INJECTIONS:  # path parameters too
        for url in ("/api/events/", "/api/articles/", "/api/stories/"):
            assert client.get(url + payload.replace("/", "")).status_code in (404, 422)
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    finally:
        con.close()
    assert {"events", "articles", "stories", "quotes"} <= tables
    assert get(client, "/api/stats")["counts"] == before


def test_token_is_required_when_set(db: Path) -> None:
    with TestClient(create_app(str(db), token="s3cret")) as c:
        assert c.get("/api/stats").status_code == 401
        assert c.get("/api/stats", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert c.get("/api/events", params={"token": "s3cre"}).status_code == 401
        assert c.get("/api/stats", headers={"Authorization": "Bearer s3cret"}).status_code == 200
        assert c.get("/api/events", params={"token": "s3cret", "limit": 1}).status_code == 200
        assert c.get("/").status_code == 200  # the page itself carries no data; it sends the token


def test_bind_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EVENTWIRE_TOKEN", raising=False)
    assert (
        is_loopback("127.0.0.1")
        and is_loopback("localhost")
        and is_loopback("::1")
        and is_loopback("127.0.0.5")
    )
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4") and not is_loopback("example.org")
    assert check_bind("127.0.0.1", public=False, token=None) is None
    with pytest.raises(UnsafeBind):
        check_bind("0.0.0.0", public=False, token=None)
    assert check_bind("0.0.0.0", public=False, token="t") == "t"
    assert check_bind("0.0.0.0", public=True, token=None) is None
    monkeypatch.setenv("EVENTWIRE_TOKEN", "from-env")
    assert check_bind("0.0.0.0", public=False, token=None) == "from-env"
    assert check_bind("127.0.0.1", public=False, token=None) == "from-env"  # a token applies on loopback too


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_endpoints_never_write(client: TestClient, db: Path) -> None:
    before = _digest(db)
    eid = get(client, "/api/events", limit=1)["items"][0]["id"]
    for url in ("/api/stats", "/api/events", f"/api/events/{eid}", "/api/timeline", "/api/places.geojson",
                "/api/actors/network", "/api/articles", "/api/stories", "/api/quotes", "/api/search?q=talks"):  # fmt: skip
        assert client.get(url).status_code == 200
        for method in ("post", "put", "delete", "patch"):
            assert getattr(client, method)(url).status_code == 405
    time.sleep(0.4)  # let the idle connection close
    assert _digest(db) == before
    ro = ReadOnlyStore(db)
    with ro.connect() as con, pytest.raises(duckdb.Error):
        con.execute("CREATE TABLE x (a INT)")
    ro.close()


def test_empty_and_missing_store(tmp_path: Path) -> None:
    empty = tmp_path / "empty.duckdb"
    Store(empty)
    with TestClient(create_app(str(empty))) as c:
        s = get(c, "/api/stats")
        assert s["counts"]["events"] == 0 and s["events_first_date"] is None and s["top_actors"] == []
        assert get(c, "/api/events")["items"] == []
        assert get(c, "/api/timeline")["buckets"] == []
        assert get(c, "/api/places.geojson")["features"] == []
        assert get(c, "/api/actors/network") == {"nodes": [], "edges": []}
        assert get(c, "/api/search", q="anything")["articles"] == []
        assert get(c, "/api/stories")["items"] == [] and get(c, "/api/quotes")["items"] == []
    with TestClient(create_app(str(tmp_path / "missing.duckdb"))) as c:
        r = c.get("/api/stats")
        assert r.status_code == 503 and "eventwire run" in r.json()["detail"]
        assert c.get("/").status_code == 200  # the page loads and shows the message


# --- serving while an ingest writes ----------------------------------------------------------------
WRITER = """
import sys, importlib.util
spec = importlib.util.spec_from_file_location("gen_store", sys.argv[1])
gen = importlib.util.module_from_spec(spec); spec.loader.exec_module(gen)
import random
from datetime import date
from eventwire.store.duckdb_store import Store
store = Store(sys.argv[2])
rng = random.Random(11)
run = store.start_run(["synthetic"], "test")
for b in range(int(sys.argv[3])):
    docs = [gen.make_doc(rng, 900000 + b * 20 + i, date(2024, 5, 1), 3, None) for i in range(20)]
    store.add_docs(docs, run_id=run)
store.finish_run(run, {"read": 0, "stored": 0, "duplicates": 0, "rejected": 0, "warnings": 0, "seconds": 0})
print("writer done")
"""


def test_serving_while_an_ingest_writes(tmp_path: Path) -> None:
    path = tmp_path / "live.duckdb"
    load_gen_store().generate(path, articles=40, events=120, seed=9)
    batches = 8
    with TestClient(create_app(str(path))) as c:
        start = get(c, "/api/stats")["counts"]["articles"]
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(ROOT / "benchmarks" / "gen_store.py"), str(path), str(batches)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        )  # fmt: skip
        seen = []
        deadline = time.monotonic() + 120
        while writer.poll() is None and time.monotonic() < deadline:
            r = c.get("/api/articles", params={"limit": 1})
            assert r.status_code == 200, r.text  # the API keeps answering during the ingest
            seen.append(r.json()["total"])
            c.get("/api/timeline")
            time.sleep(0.05)
        out, err = writer.communicate(timeout=60)
        assert writer.returncode == 0, err
        assert "writer done" in out
        final = get(c, "/api/articles", limit=1)["total"]
    assert final == start + batches * 20  # every batch became visible
    assert seen and max(seen) <= final and seen == sorted(seen)


def test_serving_while_eventwire_run_ingests_examples(tmp_path: Path) -> None:
    """The real ingest (`eventwire run examples/ --db`) and the API share one store file."""
    exe = Path(sys.executable).with_name("eventwire")
    if not exe.exists():
        pytest.skip("the eventwire console script is not installed")
    path = tmp_path / "run.duckdb"
    Store(path)
    with TestClient(create_app(str(path))) as c:
        assert get(c, "/api/stats")["counts"]["articles"] == 0
        proc = subprocess.Popen(
            # the foundation layers keep this test about concurrency, not about the newest annotators
            [str(exe), "run", str(ROOT / "examples"), "--db", str(path), "-q", "--components", "entities,timex,tone"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        polls = 0
        deadline = time.monotonic() + 400
        while proc.poll() is None and time.monotonic() < deadline:
            assert c.get("/api/stats").status_code == 200
            assert c.get("/api/events", params={"limit": 5}).status_code == 200
            polls += 1
            time.sleep(0.2)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        stats = get(c, "/api/stats")
        assert polls > 0
        assert stats["counts"]["articles"] > 30
        doc = get(c, f"/api/articles/{get(c, '/api/articles', limit=1)['items'][0]['id']}")
        assert doc["text"] and json.dumps(doc)


def test_page_and_docs_are_served_offline(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "static/js/app.js" in page.text
    docs = client.get("/docs")
    assert docs.status_code == 200 and "static/vendor/swagger-ui/swagger-ui-bundle.js" in docs.text
    for html in (page.text, docs.text):
        assert "http://" not in html and "https://" not in html  # nothing fetched from elsewhere
    for asset in ("vendor/leaflet/leaflet.js", "vendor/markercluster/leaflet.markercluster.js",
                  "vendor/topojson/topojson-client.min.js", "vendor/world-atlas/countries-50m.json",
                  "vendor/swagger-ui/swagger-ui.css", "js/app.js", "style.css"):  # fmt: skip
        assert client.get(f"/static/{asset}").status_code == 200, asset
    assert client.get("/openapi.json").json()["paths"]["/api/events"]
