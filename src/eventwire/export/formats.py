"""GDELT 2.0 Events/Mentions, ACLED-like CSV and GeoJSON exports, streamed from the store.

Documented column subsets and what stays blank are in docs/exports.md. One output row per
stored event mention; GDELT's NumMentions/NumSources/NumArticles come from the canonical
event when the stories layer has merged mentions, else 1.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any, TextIO

from ..knowledge.countries import load_countries
from ..knowledge.event_places import precision_table
from ..store.duckdb_store import Store, has_relevance
from . import exporters

_EVENT_QUERY = """
SELECT e.*, a.url, a.tone AS article_tone, length(a.text) AS doc_len, a.date AS article_date
FROM events e JOIN articles a ON a.id = e.article_id
WHERE {where}
ORDER BY a.date NULLS LAST, e.article_id, e.idx
"""
# GDELT and ACLED record what happened (or was threatened: a future attack is already a CAMEO
# threat code); neither layout can say "did not happen", so a negated event ("troops did not
# cross", "no evidence that the blast was an attack") would read as the act itself. They leave
# negated events out; GeoJSON, CSV and Parquet keep every event with its modality.
HAPPENED = "e.modality IS DISTINCT FROM 'negated'"

GDELT_EVENT_COLUMNS = (
    ["GlobalEventID", "Day", "MonthYear", "Year", "FractionDate"]
    + [f"Actor{i}{c}" for i in (1, 2) for c in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
        "Religion2Code", "Type1Code", "Type2Code", "Type3Code")]
    + ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
       "NumMentions", "NumSources", "NumArticles", "AvgTone"]
    + [f"{g}Geo_{c}" for g in ("Actor1", "Actor2", "Action") for c in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")]
    + ["DATEADDED", "SOURCEURL"]
)  # fmt: skip
GDELT_MENTION_COLUMNS = [
    "GlobalEventID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
    "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset", "ActionCharOffset",
    "InRawText", "Confidence", "MentionDocLen", "MentionDocTone", "MentionDocTranslationInfo", "Extras",
]  # fmt: skip
ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "event_type", "sub_event_type", "actor1", "actor2",
    "country", "iso3", "admin1", "location", "latitude", "longitude", "geo_precision", "source",
    "source_url", "notes", "fatalities", "plover_type", "plover_mode", "modality", "attributed_to",
]  # fmt: skip


def _rows(store: Store, where: str = "true", include_irrelevant: bool = False) -> Iterator[dict[str, Any]]:
    """The events matching ``where`` with their article's columns; the events of irrelevant
    articles (articles.relevant = FALSE) only with ``include_irrelevant``."""
    with store.read() as con:
        if not include_irrelevant and has_relevance(con):
            where = f"({where}) AND a.relevant IS DISTINCT FROM FALSE"
        cur = con.execute(_EVENT_QUERY.format(where=where))
        cols = [d[0] for d in cur.description]
        while chunk := cur.fetchmany(2000):
            for r in chunk:
                yield dict(zip(cols, r, strict=True))


def global_event_id(event_id: str) -> int:
    """GDELT ids are integers: a stable 53-bit hash of our event id (safe in JSON and pandas)."""
    return int.from_bytes(hashlib.blake2b(event_id.encode(), digest_size=8).digest(), "big") >> 11


@cache
def _fips() -> dict[str, str]:
    return {c.iso3: c.fips for c in load_countries().all if c.fips}


def _geo_type(feature: str | None, country: str | None) -> int | str:
    if not feature:
        return ""
    if feature.startswith("A.PCL"):
        return 1
    if country == "USA":
        return 2 if feature.startswith("A.ADM1") else 3
    return 5 if feature.startswith("A.ADM1") else 4


def _actor_code(country: str | None, sector: str | None) -> str:
    return f"{country or ''}{sector or ''}"


def _ymd(d: Any) -> str:
    return d.strftime("%Y%m%d") if d else ""


@contextmanager
def _output(out: Path | TextIO) -> Iterator[TextIO]:
    """A path is opened (and closed) here; a stream is the caller's to close."""
    if isinstance(out, Path):
        with open(out, "w", encoding="utf-8", newline="") as fh:
            yield fh
    else:
        yield out


def _write_tsv(
    store: Store,
    out: Path | TextIO,
    make_row: Callable[[dict[str, Any]], list[Any]],
    include_irrelevant: bool,
) -> int:
    """GDELT's layout: tab-separated, no header, empty string for missing values."""
    n = 0
    with _output(out) as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        for r in _rows(store, HAPPENED, include_irrelevant):
            w.writerow(["" if v is None else v for v in make_row(r)])
            n += 1
    return n


def _gdelt_event_row(r: dict[str, Any]) -> list[Any]:
    fips = _fips()
    d = r["date"] or r["article_date"]
    cameo = r["cameo"] or ""
    action_geo = (
        [_geo_type(r["place_feature"], r["place_country"]),
         r["place_name"] or "", fips.get(r["place_country"] or "", ""), r["place_admin1"] or "", "",
         r["lat"], r["lon"], r["place_geonameid"] or ""]
        if r["lat"] is not None else [""] * 8
    )  # fmt: skip
    return [
        global_event_id(r["id"]), _ymd(d), _ymd(d)[:6], _ymd(d)[:4],
        f"{d.year + (d.timetuple().tm_yday - 0.5) / 365:.4f}" if d else "",
        _actor_code(r["source_country"], r["source_sector"]), r["source_canonical"] or r["source_text"] or "",
        r["source_country"] or "", "", "", "", "", r["source_sector"] or "", "", "",
        _actor_code(r["target_country"], r["target_sector"]), r["target_canonical"] or r["target_text"] or "",
        r["target_country"] or "", "", "", "", "", r["target_sector"] or "", "", "",
        1, cameo, cameo[:3], cameo[:2], r["quad_class"] or "", r["goldstein"] if r["goldstein"] is not None else "",
        r["mentions"] or 1, 1, 1, round(10 * (r["article_tone"] or 0.0), 3),
        *([""] * 16), *action_geo,
        _ymd(r["article_date"]), r["url"] or "",
    ]  # fmt: skip


@exporters.register("gdelt-events")
def export_gdelt_events(
    store: Store, out: Path | TextIO, table: str = "events", include_irrelevant: bool = False
) -> int:
    return _write_tsv(store, out, _gdelt_event_row, include_irrelevant)


def _gdelt_mention_row(r: dict[str, Any]) -> list[Any]:
    d = _ymd(r["date"] or r["article_date"])
    return [
        global_event_id(r["id"]), d and d + "000000", _ymd(r["article_date"]) and _ymd(r["article_date"]) + "000000",
        1, r["source"] or "", r["url"] or r["article_id"], r["sentence"] + 1 if r["sentence"] is not None else "",
        -1, -1, r["trigger_start"], 1, round(100 * (r["confidence"] or 0.0)), r["doc_len"] or 0,
        round(10 * (r["article_tone"] or 0.0), 3), "", json.dumps(_extras(r), ensure_ascii=False),
    ]  # fmt: skip


def _extras(r: dict[str, Any]) -> dict[str, Any]:
    """GDELT Mentions' free-form Extras: the evidence sentence and, for a located event, the
    place's precision (ACLED's geo_precision) and its relation to the named place, which the
    fixed Events layout has no column for."""
    out: dict[str, Any] = {"evidence": r["evidence"]}
    if r["lat"] is not None:
        out["place_precision"] = _geo_precision(r)
        if r.get("place_relation"):
            out["place_relation"] = r["place_relation"]
            out["place_distance_km"] = r.get("place_distance_km")
            out["place_bearing"] = r.get("place_bearing")
            out["place_radius_km"] = r.get("place_radius_km")
    return out


@exporters.register("gdelt-mentions")
def export_gdelt_mentions(
    store: Store, out: Path | TextIO, table: str = "events", include_irrelevant: bool = False
) -> int:
    return _write_tsv(store, out, _gdelt_mention_row, include_irrelevant)


def _geo_precision(r: dict[str, Any]) -> int | str:
    """ACLED's geo_precision of the event's place: 1 the town itself, 2 near a town or in a
    district, 3 only a region or country. The event's own place_precision (event_places); a
    store from before schema 8 has none, so it is read off the place's feature with the same
    table (data/places_precision.tsv); blank without a point."""
    if r["lat"] is None:
        return ""
    if r.get("place_precision") is not None:
        return int(r["place_precision"])
    return precision_table().of_feature(r["place_feature"])


# ACLED codes ACLED events only: the event coder's ACLED type (Event.acled_type), NULL for an event
# that is none (a diplomatic visit, a statement) and for events stored before schema 4
ACLED_EVENT = "e.acled_type IS NOT NULL"


@exporters.register("acled")
def export_acled(
    store: Store, out: Path | TextIO, table: str = "events", all_events: bool = False,
    include_irrelevant: bool = False,
) -> int:  # fmt: skip
    """ACLED-like CSV: ``event_type``/``sub_event_type`` are the event's ACLED type and sub-type.
    Only ACLED events unless ``all_events`` (the others then have both columns blank)."""
    countries = load_countries().by_iso3
    n = 0
    with _output(out) as fh:
        w = csv.DictWriter(fh, fieldnames=ACLED_COLUMNS, lineterminator="\n")
        w.writeheader()
        where = HAPPENED if all_events else f"{HAPPENED} AND {ACLED_EVENT}"
        for r in _rows(store, where, include_irrelevant):
            d = r["date"] or r["article_date"]
            iso = r["place_country"]
            w.writerow({
                "event_id_cnty": f"{iso or 'XXX'}{global_event_id(r['id'])}", "event_date": d.isoformat() if d else "",
                "year": d.year if d else "", "event_type": r["acled_type"] or "",
                "sub_event_type": r["acled_sub_type"] or "",
                "actor1": r["source_canonical"] or r["source_text"] or "",
                "actor2": r["target_canonical"] or r["target_text"] or "",
                "country": countries[iso].name if iso in countries else "", "iso3": iso or "",
                "admin1": r["place_admin1"] or "", "location": r["place_name"] or "",
                "latitude": r["lat"] if r["lat"] is not None else "", "longitude": r["lon"] if r["lon"] is not None else "",
                "geo_precision": _geo_precision(r),
                "source": r["source"] or "", "source_url": r["url"] or "", "notes": r["evidence"] or "",
                "fatalities": "", **_plover_columns(r),
                "modality": r["modality"], "attributed_to": r["attributed_canonical"] or r["attributed_text"] or "",
            })  # fmt: skip
            n += 1
    return n


def _plover_columns(r: dict[str, Any]) -> dict[str, str]:
    """The type as PLOVER coders code it (an announced AID is AGREE), and the mode where that
    type is the action's own (a store from before schema 2 has no plover_type: the type)."""
    plover = r["plover_type"] or r["type"]
    return {"plover_type": plover, "plover_mode": (r["mode"] or "") if plover == r["type"] else ""}


@exporters.register("geojson")
def export_geojson(
    store: Store, out: Path | TextIO, table: str = "events", include_irrelevant: bool = False
) -> int:
    """A FeatureCollection of located events, written feature by feature (constant memory)."""
    n = 0
    with _output(out) as fh:
        fh.write('{"type": "FeatureCollection", "features": [\n')
        for r in _rows(store, include_irrelevant=include_irrelevant):
            if r["lat"] is None or r["lon"] is None:
                continue
            d = r["date"] or r["article_date"]
            props = {
                "id": r["id"], "article_id": r["article_id"], "type": r["type"], "mode": r["mode"],
                "cameo": r["cameo"], "quad_class": r["quad_class"], "goldstein": r["goldstein"],
                "modality": r["modality"], "date": d.isoformat() if d else None,
                "source": r["source_canonical"] or r["source_text"], "target": r["target_canonical"] or r["target_text"],
                "place": r["place_name"], "country": r["place_country"],
                "place_precision": _geo_precision(r) or None, "place_relation": r.get("place_relation"),
                "place_distance_km": r.get("place_distance_km"), "place_bearing": r.get("place_bearing"),
                "place_radius_km": r.get("place_radius_km"), "evidence": r["evidence"],
                "url": r["url"], "acled_type": r.get("acled_type"), "acled_sub_type": r.get("acled_sub_type"),
                "main": r.get("main"),
            }  # fmt: skip
            feat = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
                    "properties": props}  # fmt: skip
            fh.write(("," if n else "") + json.dumps(feat, ensure_ascii=False, default=str) + "\n")
            n += 1
        fh.write("]}\n")
    return n
