"""Where exactly an event is (issue #16): relative phrases and ``place_precision``.

* the phrase parser (knowledge/place_relations.py): distances, units, compass words, ranges,
  number words, "near", "outskirts", and what is no relation ("in the north of X"), with
  hypothesis over the data tables themselves;
* the destination-point helper beside ``gazetteer_index.km``;
* the places layer: "20 km north of Kherson" keeps Kherson's name and id and moves the point
  about 20 km north; "near X" keeps the point and gives a radius;
* ``Event.place_precision`` from the event_places component: 1 the town itself, 2 near a town or
  a district, 3 a region or country; the article's dominant place never claims 1;
* the faces: the eventwire/1 JSON, the store (and the upgrade of an older file), every export that
  carries the place, and the API's map points.

Sentences are our own, about real places; the hand-built documents pin storage and exports alone.
"""

from __future__ import annotations

import csv
import json
import math
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.annotate.event_places import place_precision
from eventwire.contract import from_dict, to_dict
from eventwire.export import exporters
from eventwire.knowledge.event_places import precision_table
from eventwire.knowledge.gazetteer_index import destination, km
from eventwire.knowledge.place_relations import load_relations
from eventwire.model import AnnotatedDoc, Article, Event, Place, Span
from eventwire.pipeline import Pipeline
from eventwire.store.duckdb_store import Store
from eventwire.web.app import create_app
from samples import annotate_keeping_parse, place_assault, sentences_of

REL = load_relations()
CONTEXT = json.loads(
    (Path(__file__).resolve().parents[1] / "src/eventwire/knowledge/data/places_context.json").read_text(
        "utf-8"
    )
)


def initial_bearing(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Degrees clockwise from north of the great circle from point 1 to point 2 (test helper)."""
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    y = math.sin(dl) * math.cos(p2)
    x = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return math.degrees(math.atan2(y, x)) % 360


def angle_gap(a: float, b: float) -> float:
    return abs((a - b + 180) % 360 - 180)


# --- the phrase parser ----------------------------------------------------------------------------
PHRASES = [
    # (phrase before the name, kind, distance km, bearing)
    ("20 km north of", "offset", 20.0, 0.0),
    ("15 kilometres south-east of", "offset", 15.0, 135.0),
    ("30 miles west of", "offset", 30 * 1.609, 270.0),
    ("some 12 km NE of", "offset", 12.0, 45.0),
    ("about 8km to the northwest of", "offset", 8.0, 315.0),
    ("twenty-five kilometers north-northeast of the town of", "offset", 25.0, 22.5),
    ("12 miles (20 km) due south of", "offset", 12 * 1.609, 180.0),
    ("500 metres east of the village of", "offset", 0.5, 90.0),
    ("2,5 km SW of", "offset", 2.5, 225.0),
    ("20-30 km south west of", "offset", 25.0, 225.0),
    ("north of the capital,", "direction", None, 0.0),
    ("to the east of", "direction", None, 90.0),
    ("within 40 km of", "distance", 40.0, None),
    ("a few kilometres from", "distance", 3.0, None),
    ("1,200 km away from", "distance", 1200.0, None),
    ("near", "near", None, None),
    ("close to the frontline town of", "near", None, None),
    ("on the outskirts of", "outskirts", None, None),
    ("on the western outskirts of", "outskirts", 5.0, 270.0),
]


@pytest.mark.parametrize(("phrase", "kind", "dist", "bearing"), PHRASES)
def test_phrases_give_their_kind_distance_and_bearing(
    phrase: str, kind: str, dist: float | None, bearing: float | None
) -> None:
    rel = REL.parse(phrase)
    assert rel is not None, phrase
    assert rel.kind == kind
    assert rel.distance_km == (None if dist is None else pytest.approx(dist))
    assert rel.bearing == bearing
    assert rel.radius_km > 0


@pytest.mark.parametrize(
    "phrase",
    ["in the north of", "in the far south of", "20 km of", "shelled", "the Minister of", "Northern", "NE"],
)
def test_what_is_no_relation(phrase: str) -> None:
    assert REL.parse(phrase) is None


def test_the_radius_grows_with_distance_and_range() -> None:
    near, far = REL.parse("5 km north of"), REL.parse("60 km north of")
    ranged = REL.parse("40-80 km north of")
    assert near is not None and far is not None and ranged is not None
    assert near.radius_km < far.radius_km < ranged.radius_km
    assert near.radius_km >= CONTEXT["relative"]["offset_floor_km"]


WORDS = sorted(CONTEXT["directions"].items())
ABBREVIATIONS = sorted(CONTEXT["direction_abbreviations"].items())
UNITS = sorted(CONTEXT["distance_units"].items())


@settings(max_examples=300, deadline=None)
@given(
    number=st.one_of(st.integers(1, 999), st.decimals(min_value="0.1", max_value="99.9", places=1)),
    unit=st.sampled_from(UNITS),
    direction=st.sampled_from(WORDS + ABBREVIATIONS),
    title=st.booleans(),
    approx=st.sampled_from(["", "about ", "some ", "nearly ", "roughly "]),
    gap=st.sampled_from(["", " "]),
    to_the=st.sampled_from(["", "to the "]),
)
def test_any_distance_unit_and_compass_word_parse(
    number: Any, unit: tuple[str, float], direction: tuple[str, float], title: bool, approx: str, gap: str,
    to_the: str,
) -> None:  # fmt: skip
    word, bearing = direction
    if title and (word, bearing) in WORDS:
        word = word.title()  # "North-East of": words are read in any case, abbreviations in capitals
    text = f"Shells fell {approx}{number}{gap}{unit[0]} {to_the}{word} of Kherson."
    rel = REL.before(text, text.index("Kherson"))
    assert rel is not None, text
    assert rel.kind == "offset"
    assert rel.distance_km == pytest.approx(float(number) * unit[1])
    assert rel.bearing == bearing
    assert text[rel.start :].startswith(f"{approx}{number}")


@settings(max_examples=200, deadline=None)
@given(a=st.integers(1, 300), b=st.integers(1, 300), direction=st.sampled_from(WORDS))
def test_ranges_take_the_middle_and_widen_the_radius(a: int, b: int, direction: tuple[str, float]) -> None:
    rel = REL.parse(f"{a}-{b} km {direction[0]} of")
    one = REL.parse(f"{(a + b) / 2} km {direction[0]} of")
    assert rel is not None and one is not None
    assert rel.distance_km == pytest.approx((a + b) / 2)
    assert rel.radius_km == pytest.approx(one.radius_km + abs(a - b) / 2)


NUMBER_WORDS = {k: v for k, v in CONTEXT["relative"]["numbers"].items() if " " not in k and v >= 1}
TENS = {k: v for k, v in NUMBER_WORDS.items() if v in (20, 30, 40, 50, 60, 70, 80, 90)}
UNITS_WORDS = {k: v for k, v in NUMBER_WORDS.items() if 1 <= v <= 9 and k not in ("a", "an")}


@settings(max_examples=100, deadline=None)
@given(tens=st.sampled_from(sorted(TENS.items())), ones=st.sampled_from(sorted(UNITS_WORDS.items())))
def test_number_words_add_up(tens: tuple[str, float], ones: tuple[str, float]) -> None:
    rel = REL.parse(f"{tens[0]}-{ones[0]} kilometres south of")
    assert rel is not None and rel.distance_km == pytest.approx(tens[1] + ones[1])


# --- the destination point ------------------------------------------------------------------------
@settings(max_examples=300, deadline=None)
@given(
    lat=st.floats(-80, 80), lon=st.floats(-180, 180), bearing=st.floats(0, 359.99), dist=st.floats(0.5, 3000)
)
def test_destination_is_dist_away_on_its_bearing(lat: float, lon: float, bearing: float, dist: float) -> None:
    lat2, lon2 = destination(lat, lon, bearing, dist)
    assert -90 <= lat2 <= 90 and -180 <= lon2 < 180
    assert km(lat, lon, lat2, lon2) == pytest.approx(dist, rel=1e-6, abs=1e-6)
    assert angle_gap(initial_bearing(lat, lon, lat2, lon2), bearing) < 0.01


# --- the places layer -----------------------------------------------------------------------------
def places_of(pipe: Pipeline, text: str) -> dict[str, Place]:
    doc = annotate_keeping_parse(pipe, text)
    return {p.text: p for p in doc.places}


@pytest.mark.parametrize(
    ("sentence", "name", "dist", "bearing"),
    [
        ("Artillery shelled a farm 20 km north of Kherson on Sunday.", "Kherson", 20.0, 0.0),
        ("Militants ambushed a convoy 15 kilometres south-east of Mosul.", "Mosul", 15.0, 135.0),
        ("Bandits raided a hamlet some 30 miles west of Sokoto at dawn.", "Sokoto", 30 * 1.609, 270.0),
        ("A drone struck a depot 12 km NE of Idlib.", "Idlib", 12.0, 45.0),
    ],
)
def test_an_offset_moves_the_point_and_keeps_the_anchor(
    places_pipe: Pipeline, sentence: str, name: str, dist: float, bearing: float
) -> None:
    anchor = places_of(places_pipe, f"Officials met in {name} on Monday.")[name]
    moved = places_of(places_pipe, sentence)
    assert set(moved) == {name}  # "NE" is a direction, not a place
    p = moved[name]
    assert (p.name, p.geonameid, p.feature, p.country) == (
        anchor.name,
        anchor.geonameid,
        anchor.feature,
        anchor.country,
    )
    assert p.relation == "offset" and p.distance_km == pytest.approx(dist) and p.bearing == bearing
    assert anchor.lat is not None and anchor.lon is not None and p.lat is not None and p.lon is not None
    assert km(anchor.lat, anchor.lon, p.lat, p.lon) == pytest.approx(dist, rel=0.01)
    assert angle_gap(initial_bearing(anchor.lat, anchor.lon, p.lat, p.lon), bearing) < 1.0
    assert p.radius_km is not None and 0 < p.radius_km < dist
    assert anchor.relation is None and anchor.radius_km is None


def test_near_and_outskirts_keep_or_nudge_the_point(places_pipe: Pipeline) -> None:
    anchor = places_of(places_pipe, "Officials met in Bakhmut on Monday.")["Bakhmut"]
    near = places_of(places_pipe, "Fierce fighting went on near Bakhmut on Tuesday.")["Bakhmut"]
    assert near.relation == "near" and (near.lat, near.lon) == (anchor.lat, anchor.lon)
    assert near.radius_km == CONTEXT["relative"]["near"]["near"]
    edge = places_of(places_pipe, "A missile hit a warehouse on the southern outskirts of Bakhmut.")[
        "Bakhmut"
    ]
    assert edge.relation == "outskirts" and edge.bearing == 180.0
    assert anchor.lat is not None and edge.lat is not None and edge.lat < anchor.lat
    assert km(anchor.lat, anchor.lon or 0, edge.lat, edge.lon or 0) == pytest.approx(
        CONTEXT["relative"]["outskirts_km"], rel=0.01
    )


def test_a_relative_phrase_says_the_name_after_it_is_a_place(places_pipe: Pipeline) -> None:
    # the small NER model tags "Avdiivka" PERSON; "on the outskirts of" is a cue like "in"
    p = places_of(places_pipe, "Fighting went on along the eastern outskirts of Avdiivka.")["Avdiivka"]
    assert p.country == "UKR" and p.relation == "outskirts" and p.bearing == 90.0


def test_a_region_is_no_anchor_for_an_offset(places_pipe: Pipeline) -> None:
    region = places_of(places_pipe, "Officials toured Kherson region on Monday.")["Kherson"]
    p = places_of(places_pipe, "Artillery hit positions 40 km south of Kherson region.")["Kherson"]
    assert p.feature == region.feature == "A.ADM1"
    assert p.relation == "offset" and p.distance_km == 40.0  # what the text said ...
    assert (p.lat, p.lon) == (region.lat, region.lon) and p.radius_km is None  # ... but no move


def test_a_part_of_a_place_is_no_relation(places_pipe: Pipeline) -> None:
    p = places_of(places_pipe, "Insurgents attacked a checkpoint in the north of Mali.")["Mali"]
    assert p.relation is None


# --- place_precision --------------------------------------------------------------------------------
def test_precision_comes_from_the_table_and_how_the_place_was_found() -> None:
    def at(feature: str | None, relation: str | None = None) -> Place:
        return Place(0, 1, "X", "X", 1, "UKR", None, 48.0, 37.0, feature, None, relation=relation)

    table = precision_table()
    assert table.of_feature("P.PPLA2") == 1 and table.of_feature("S.FAC") == 1
    assert table.of_feature("A.ADM2") == table.of_feature("A.ADM3") == table.of_feature("A.ADM4") == 2
    assert table.of_feature("A.ADM1") == table.of_feature("A.ADM1H") == table.of_feature("A.PCLI") == 3
    assert table.of_feature("H.SEA") == table.of_feature("L.RGN") == 3
    assert place_precision(at("P.PPL"), "model") == 1
    assert place_precision(at("P.PPL"), "sentence") == 1
    assert place_precision(at("P.PPL"), "article") == 2  # the article's place: never the town itself
    assert place_precision(at("P.PPL", "offset"), "model") == 2
    assert place_precision(at("P.PPL", "seat"), "model") == 2
    assert place_precision(at("A.ADM2"), "model") == 2
    assert place_precision(at("A.ADM1", "near"), "model") == 3  # near a region is still the region
    assert place_precision(at("A.PCLI"), "article") == 3
    assert place_precision(Place(0, 1, "Xyz"), "model") is None  # unresolved: no point
    assert place_precision(None, None) is None


PRECISION_CASES = [
    # (sentence, trigger, place name, precision)
    ("Gunmen torched houses in Dikwa on Friday.", "torched", "Dikwa", 1),
    ("Police dispersed a protest in Gulu on Monday.", "dispersed", "Gulu", 1),
    ("Artillery shelled a farm 20 km north of Kherson on Sunday.", "shelled", "Kherson", 2),
    ("Militants ambushed a convoy 15 kilometres south-east of Mosul.", "ambushed", "Mosul", 2),
    ("Clashes broke out near Bakhmut on Tuesday.", "Clashes", "Bakhmut", 2),
    ("Herders attacked farmers in Guma LGA of Benue.", "attacked", "Guma", 2),
    ("Police raided a camp in Teknaf upazila.", "raided", "Teknaf", 2),
    ("Gunmen killed four farmers in Gimbi district.", "killed", "Gimbi", 2),
    ("Troops clashed with insurgents in Borno state.", "clashed", "Borno", 3),
    ("Soldiers mutinied in Mali on Wednesday.", "mutinied", "Mali", 3),
]


@pytest.mark.parametrize(("sentence", "trigger", "name", "precision"), PRECISION_CASES)
def test_event_precision(
    places_pipe: Pipeline, sentence: str, trigger: str, name: str, precision: int
) -> None:
    ev = place_assault(places_pipe, sentence, trigger)
    assert ev.place is not None and ev.place.name == name
    assert ev.place_precision == precision


def test_the_articles_place_is_never_the_town_itself(places_pipe: Pipeline) -> None:
    text = "Heavy fighting raged in Kharkiv on Monday. Rebels later attacked an army base, officials said."
    ev = place_assault(places_pipe, text, "attacked")
    assert ev.place is not None and ev.place.name == "Kharkiv" and ev.place_source == "article"
    assert ev.place_precision == 2


def test_the_json_output_carries_precision_and_relation(places_pipe: Pipeline) -> None:
    text = "Artillery shelled a farm 20 km north of Kherson on Sunday."
    doc = annotate_keeping_parse(places_pipe, text)
    ev = place_assault(places_pipe, text, "shelled")
    doc.events, doc.nlp = [ev], None
    out = json.loads(json.dumps(to_dict(doc)))
    e = out["events"][0]
    assert e["place_precision"] == 2
    assert (e["place"]["name"], e["place"]["relation"], e["place"]["distance_km"], e["place"]["bearing"]) == (
        "Kherson", "offset", 20.0, 0.0
    )  # fmt: skip
    assert out["places"][0]["relation"] == "offset" and out["places"][0]["radius_km"] > 0
    back = from_dict(out)
    assert back.events[0].place_precision == 2 and back.events[0].place == ev.place
    # a document written before the fields existed reads them as null
    del e["place_precision"]
    for k in ("relation", "distance_km", "bearing", "radius_km"):
        del e["place"][k]
    old = from_dict(out).events[0]
    assert old.place_precision is None and old.place is not None and old.place.relation is None


# --- the store, the exports and the API ------------------------------------------------------------
TEXT = (
    "Artillery shelled a farm 20 km north of Kherson on Sunday. "
    "Police detained activists in Kherson on Monday. "
    "Protesters marched in Ukraine on Tuesday. "
    "The minister spoke on Wednesday."
)
KHERSON = (46.63695, 32.61458)


def precision_doc() -> AnnotatedDoc:
    """Hand-built: a shelling 20 km north of Kherson (2), arrests in Kherson (1), a protest in
    Ukraine (3) and a statement without a place."""

    def at(word: str, nth: int = 0) -> int:
        i = -1
        for _ in range(nth + 1):
            i = TEXT.index(word, i + 1)
        return i

    k1, k2, u = at("Kherson"), at("Kherson", 1), at("Ukraine")
    lat, lon = destination(*KHERSON, 0.0, 20.0)
    north = Place(k1, k1 + 7, "Kherson", "Kherson", 706448, "UKR", "Kherson", lat, lon, "P.PPLA", 0,
                  relation="offset", distance_km=20.0, bearing=0.0, radius_km=8.0)  # fmt: skip
    town = Place(k2, k2 + 7, "Kherson", "Kherson", 706448, "UKR", "Kherson", *KHERSON, "P.PPLA", 0)
    country = Place(u, u + 7, "Ukraine", "Ukraine", 690791, "UKR", None, 49.0, 32.0, "A.PCLI", None)

    def event(type_: str, trigger: str, sentence: int, place: Place | None, precision: int | None) -> Event:
        i = TEXT.index(trigger)
        return Event(type_, sentence, Span(i, i + len(trigger), trigger), place=place,
                     place_source="model" if place else None, place_precision=precision, date="2024-05-05",
                     acled_type="Explosions/Remote violence" if type_ == "ASSAULT" else None)  # fmt: skip

    doc = AnnotatedDoc(
        article=Article(id="khe", text=TEXT, date=date(2024, 5, 6), title="Kherson", source="Wire"),
        sentences=sentences_of(TEXT),
        places=[north, town, country],
    )
    doc.events = [
        event("ASSAULT", "shelled", 0, north, 2),
        event("COERCE", "detained", 1, town, 1),
        event("PROTEST", "marched", 2, country, 3),
        event("CONSULT", "spoke", 3, None, None),
    ]
    return doc


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "s.duckdb")
    assert s.add_docs([precision_doc()]) == 1
    return s


def test_the_hand_built_doc_is_exact() -> None:
    doc = precision_doc()
    for p in doc.places:
        assert doc.text[p.start : p.end] == p.text
    for s in doc.sentences:
        assert doc.text[s.start : s.end].endswith(".")


def test_store_columns(store: Store) -> None:
    _, rows = store.sql(
        "SELECT idx, place_precision, place_relation, place_distance_km, place_bearing, place_radius_km "
        "FROM events ORDER BY idx"
    )
    assert rows == [(0, 2, "offset", 20.0, 0.0, 8.0), (1, 1, None, None, None, None),
                    (2, 3, None, None, None, None), (3, None, None, None, None, None)]  # fmt: skip
    _, places = store.sql("SELECT relation, distance_km, bearing, radius_km FROM places ORDER BY idx")
    assert places[0] == ("offset", 20.0, 0.0, 8.0) and places[1] == (None, None, None, None)


def test_a_store_from_before_gains_the_columns(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    Store(path).add_docs([precision_doc()])
    with duckdb.connect(str(path)) as con:  # what a schema-7 release left: none of the new columns
        for col in (
            "place_precision",
            "place_relation",
            "place_distance_km",
            "place_bearing",
            "place_radius_km",
        ):
            con.execute(f"ALTER TABLE events DROP COLUMN {col}")
        for col in ("relation", "distance_km", "bearing", "radius_km"):
            con.execute(f"ALTER TABLE places DROP COLUMN {col}")
    served = tmp_path / "served.duckdb"
    shutil.copy(path, served)
    # served read-only before any run upgrades it: the columns read as null
    with TestClient(create_app(str(served))) as c:
        items = c.get("/api/events", params={"limit": 10}).json()["items"]
        assert len(items) == 4 and all(it["place_precision"] is None for it in items)
        feats = c.get("/api/places.geojson").json()["features"]
        assert sum(f["properties"]["count"] for f in feats) == 3
    store = Store(path)  # what `eventwire run` does first
    _, rows = store.sql("SELECT count(*) FROM events WHERE place_precision IS NULL")
    assert rows == [(4,)]
    fresh = Store(tmp_path / "new.duckdb")
    for table in ("events", "places"):
        assert store.sql(f"DESCRIBE {table}")[1] == fresh.sql(f"DESCRIBE {table}")[1]
    # the ACLED export reads an old row's precision off its place's feature
    exporters.get("acled")(store, tmp_path / "a.csv", all_events=True)
    rows_ = list(csv.DictReader((tmp_path / "a.csv").open()))
    by_place = {r["location"]: r["geo_precision"] for r in rows_ if r["location"] != "Kherson"}
    assert by_place == {"Ukraine": "3", "": ""}  # (the statement has no place)
    assert {r["geo_precision"] for r in rows_ if r["location"] == "Kherson"} == {"1"}


def test_acled_geo_precision_is_the_events(store: Store, tmp_path: Path) -> None:
    exporters.get("acled")(store, tmp_path / "a.csv", all_events=True)
    rows = list(csv.DictReader((tmp_path / "a.csv").open()))
    got = {r["notes"].split()[0]: (r["location"], r["geo_precision"], r["latitude"]) for r in rows}
    assert got["Artillery"][:2] == ("Kherson", "2") and float(got["Artillery"][2]) > KHERSON[0] + 0.15
    assert got["Police"][:2] == ("Kherson", "1")
    assert got["Protesters"][:2] == ("Ukraine", "3")
    assert got["The"][1:] == ("", "")  # no place, no precision


def test_geojson_csv_parquet_and_gdelt_carry_the_precision(store: Store, tmp_path: Path) -> None:
    assert exporters.get("geojson")(store, tmp_path / "e.geojson") == 3
    props = {
        f["properties"]["evidence"].split()[0]: f["properties"]
        for f in json.loads((tmp_path / "e.geojson").read_text())["features"]
    }
    assert props["Artillery"]["place_precision"] == 2 and props["Artillery"]["place_relation"] == "offset"
    assert props["Artillery"]["place_radius_km"] == 8.0 and props["Artillery"]["place_distance_km"] == 20.0
    assert (props["Police"]["place_precision"], props["Protesters"]["place_precision"]) == (1, 3)

    exporters.get("csv")(store, tmp_path / "e.csv")
    rows = list(csv.DictReader((tmp_path / "e.csv").open()))
    assert [r["place_precision"] for r in sorted(rows, key=lambda r: int(r["idx"]))] == ["2", "1", "3", ""]

    exporters.get("parquet")(store, tmp_path / "e.parquet")
    (n,) = duckdb.sql(
        f"SELECT count(*) FROM read_parquet('{tmp_path / 'e.parquet'}') WHERE place_relation = 'offset'"
    ).fetchone()  # type: ignore[misc]
    assert n == 1

    exporters.get("gdelt-mentions")(store, tmp_path / "m.tsv")
    with (tmp_path / "m.tsv").open(newline="") as fh:
        extras = [json.loads(row[-1]) for row in csv.reader(fh, delimiter="\t")]
    by_word = {x["evidence"].split()[0]: x for x in extras}
    assert by_word["Artillery"]["place_precision"] == 2 and by_word["Artillery"]["place_relation"] == "offset"
    assert by_word["Police"]["place_precision"] == 1 and "place_relation" not in by_word["Police"]
    assert "place_precision" not in by_word["The"]

    exporters.get("jsonl")(store, tmp_path / "d.jsonl")
    (doc,) = map(json.loads, (tmp_path / "d.jsonl").read_text().splitlines())
    assert [e["place_precision"] for e in doc["events"]] == [2, 1, 3, None]
    assert doc["places"][0]["relation"] == "offset"


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(str(store.path))) as c:
        yield c


def test_the_map_keeps_an_offset_point_apart_with_its_precision(client: TestClient) -> None:
    feats = client.get("/api/places.geojson").json()["features"]
    assert len(feats) == 3  # Kherson, 20 km north of Kherson, Ukraine
    by = {(f["properties"]["name"], f["properties"]["relation"]): f for f in feats}
    moved, town = by[("Kherson", "offset")], by[("Kherson", None)]
    assert moved["properties"]["precision"] == {"1": 0, "2": 1, "3": 0}
    assert (moved["properties"]["distance_km"], moved["properties"]["bearing"], moved["properties"]["radius_km"]) == (
        20.0, 0.0, 8.0
    )  # fmt: skip
    assert (
        town["properties"]["precision"] == {"1": 1, "2": 0, "3": 0}
        and town["properties"]["radius_km"] is None
    )
    lon, lat = moved["geometry"]["coordinates"]
    assert km(*KHERSON, lat, lon) == pytest.approx(20.0, abs=0.01)
    assert by[("Ukraine", None)]["properties"]["precision"]["3"] == 1
    item = client.get("/api/events/khe:0").json()
    assert (item["place_precision"], item["place_relation"], item["place_radius_km"]) == (2, "offset", 8.0)


def test_the_dashboard_shows_precision() -> None:
    static = Path(__file__).resolve().parents[1] / "src/eventwire/web/static"
    map_js = (static / "js/map.js").read_text()
    assert "p.precision" in map_js and "L.circle" in map_js and "PRECISION_NAMES" in map_js
    assert ".cluster.prec2" in (static / "style.css").read_text()
