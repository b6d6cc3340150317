"""Places (recognition + GeoNames resolution) and event location, table-driven.

spaCy and the gazetteer are loaded once for the module. Sentences are our own; the seed
article is read from ../shared/seed when present.
"""

from __future__ import annotations

import math

import pytest

from eventwire.knowledge.gazetteer import DocContext, fold
from eventwire.model import AnnotatedDoc, Event, Place
from eventwire.pipeline import Pipeline
from samples import SHARED_SEED, annotate_keeping_parse, place_assault

SEED = SHARED_SEED


@pytest.fixture(scope="module")
def pipe(make_pipeline) -> Pipeline:
    return make_pipeline("entities", "places")  # shares the session's spaCy model


annotate = annotate_keeping_parse


def place_for(doc: AnnotatedDoc, surface: str) -> Place:
    start = doc.text.index(surface)
    hits = [p for p in doc.places if p.start <= start < p.end]
    assert hits, f"no place for {surface!r}; places: {[p.text for p in doc.places]}"
    return hits[0]


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 12742.0 * math.asin(math.sqrt(a))


# (sentence, surface, expected ISO3, expected feature prefix or None)
CASES = [
    ("Russian troops shelled Kyiv and Kherson overnight, officials said.", "Kyiv", "UKR", "P"),
    ("Russian troops shelled Kyiv and Kherson overnight, officials said.", "Kherson", "UKR", "P"),
    ("Heavy fighting continued near Avdiivka on Sunday, the army said.", "Avdiivka", "UKR", "P"),
    ("Kyiv said the talks had failed.", "Kyiv", "UKR", "P"),
    ("A missile hit a farm in Przewodów, a village close to the border.", "Przewodów", "POL", "P"),
    ("Georgia accused Moscow of occupying part of its territory.", "Georgia", "GEO", "A.PCLI"),
    ("The storm knocked out power in Atlanta, Georgia, on Monday.", "Georgia", "USA", "A.ADM1"),
    ("The storm knocked out power in Atlanta, Georgia, on Monday.", "Atlanta", "USA", "P"),
    ("The county fair in Paris, Texas, drew a record crowd.", "Paris", "USA", "P"),
    ("Russia said it would respond to the new sanctions.", "Russia", "RUS", "A.PCLI"),
    ("Ministers met in Paris to discuss the crisis.", "Paris", "FRA", "P.PPLC"),
    ("Officials in Ukraine said Kharkiv was hit again.", "Kharkiv", "UKR", "P"),
    ("Polish officials visited the border crossing.", "Polish", "POL", "A.PCLI"),
]


@pytest.mark.parametrize(("text", "surface", "iso3", "feature"), CASES)
def test_resolution(pipe: Pipeline, text: str, surface: str, iso3: str, feature: str | None) -> None:
    doc = annotate(pipe, text)
    place = place_for(doc, surface)
    assert place.country == iso3, place
    assert place.lat is not None and place.lon is not None
    if feature:
        assert place.feature is not None and place.feature.startswith(feature), place


# (sentence, surface, expected ISO3, expected admin1 name or None, feature prefix or None):
# namesakes settled by a qualifier, by the rest of the story or by a population prior
AMBIGUITY = [
    ("Police in Springfield, Ill., said the suspect fled on foot.", "Springfield", "USA", "Illinois", "P"),
    ("A storm damaged homes in Portland, Maine, overnight.", "Portland", "USA", "Maine", "P"),
    ("Prices rose in Birmingham, Ala., and across the region.", "Birmingham", "USA", "Alabama", "P"),
    ("A new clinic opened in Albany, N.Y, last week.", "Albany", "USA", "New York", "P"),  # no final dot
    ("Floods swept through Greenwood, W. Va., overnight.", "W. Va.", "USA", "West Virginia", "A.ADM1"),
    # a town too small for the gazetteer falls back to the state the text names
    ("Floods swept through Big Ugly, W. Va., overnight.", "Big Ugly", "USA", "West Virginia", "A.ADM1"),
    # (a post office of a name other states' towns bear, where the text puts it: the town)
    ("Floods swept through Greenwood, W. Va., overnight.", "Greenwood", "USA", "West Virginia", "P"),
    ("Firefighters from Athens, Georgia, were called in to help.", "Athens", "USA", "Georgia", "P"),
    ("Tourists filled the streets of Athens as Greece marked the holiday.", "Athens", "GRC", None, "P"),
    ("A sawmill in Moscow, Idaho, shut down after the fire.", "Moscow", "USA", "Idaho", "P"),
    ("Moscow denied the report.", "Moscow", "RUS", None, "P.PPLC"),
    ("Lebanon, Tenn., approved a new school budget on Tuesday.", "Lebanon", "USA", "Tennessee", "P"),
    ("Lebanon said the border talks would resume next week.", "Lebanon", "LBN", None, "A.PCLI"),
    ("Jordan closed its border crossing with Syria.", "Jordan", "JOR", None, "A.PCLI"),
    ("Georgia and Armenia signed a transit agreement in Tbilisi.", "Georgia", "GEO", None, "A.PCLI"),
    ("The governor of Georgia signed the bill in Atlanta on Monday.", "Georgia", "USA", "Georgia", "A.ADM1"),
    ("The oil boom brought new workers to Odessa, Texas.", "Odessa", "USA", "Texas", "P"),
    (
        "Shelling was reported in Kharkov and Odessa overnight, Ukrainian officials said.",
        "Odessa",
        "UKR",
        None,
        "P",
    ),
    ("Residents of London, Ontario, voted on the plan.", "London", "CAN", "Ontario", "P"),
    ("The bank moved staff from London to Frankfurt.", "London", "GBR", None, "P.PPLC"),
    # capitals and metonyms
    ("WASHINGTON — The Senate passed the spending bill on Friday.", "WASHINGTON", "USA", None, "P.PPLC"),
    ("Washington imposed new sanctions on Moscow.", "Washington", "USA", None, "P.PPLC"),
    ("Officials in Washington, D.C., said the plan would cost more.", "Washington", "USA", None, "P.PPLC"),
    ("Beijing protested the arms sale to Taiwan.", "Beijing", "CHN", None, "P.PPLC"),
    ("Tehran rejected the offer from Brussels.", "Tehran", "IRN", None, "P.PPLC"),
    # counties: a plural after a list, a bare county name, a possessive, an institution
    ("Unemployment fell in Hitchcock and Hayes counties in Nebraska.", "Hayes", "USA", "Nebraska", "A.ADM2"),
    (
        "Unemployment fell in Hitchcock and Hayes counties in Nebraska.",
        "Hitchcock",
        "USA",
        "Nebraska",
        "A.ADM2",
    ),
    (
        "Voters in Gwinnett approved the transit tax, officials in Georgia said.",
        "Gwinnett",
        "USA",
        "Georgia",
        "A.ADM2",
    ),
    (
        "Snow closed roads across Boone County’s rural north, officials in Kentucky said.",
        "Boone County",
        "USA",
        "Kentucky",
        "A.ADM2",
    ),
    ("He was booked into the Anderson County Jail on Friday.", "Anderson County", "USA", None, "A.ADM2"),
    # a town and its county named together settle each other
    ("A Paris man was arrested on Friday, the Henry County sheriff said.", "Paris", "USA", "Tennessee", "P"),
    (
        "A Paris man was arrested on Friday, the Henry County sheriff said.",
        "Henry County",
        "USA",
        "Tennessee",
        "A.ADM2",
    ),
    (
        "The Paris school board met on Tuesday, and Lamar County commissioners met on Monday.",
        "Paris",
        "USA",
        "Texas",
        "P",
    ),
    # lists of regions are no "Town, State" pairs; a direction is not part of the name
    (
        "Voters in California, Oklahoma, Pennsylvania and Wisconsin went to the polls.",
        "Oklahoma",
        "USA",
        "Oklahoma",
        "A.ADM1",
    ),
    ("Cases were reported in Alaska, Wyoming, Utah and Texas.", "Wyoming", "USA", "Wyoming", "A.ADM1"),
    (
        "Heavy rain fell across Southern California on Sunday.",
        "Southern California",
        "USA",
        "California",
        "A.ADM1",
    ),
    # a sea is the sea, not the province named after it; "region" after a city name
    ("Tankers were attacked in the Red Sea on Tuesday.", "Red Sea", None, None, "H.SEA"),
    (
        "Fighting spread across eastern Ukraine and into the Kharkiv region.",
        "Kharkiv",
        "UKR",
        "Kharkiv",
        "A.ADM1",
    ),
    ("He flew from Kiev to Lvov on Sunday.", "Lvov", "UKR", "Lviv", "P"),
    # demonyms and diacritics
    ("German and French leaders met in Berlin.", "German", "DEU", None, "A.PCLI"),
    ("Belarusian troops held drills near the border.", "Belarusian", "BLR", None, "A.PCLI"),
    ("The train from Kraków reached Gdansk in the evening.", "Gdansk", "POL", None, "P"),
    ("The train from Kraków reached Gdansk in the evening.", "Kraków", "POL", None, "P"),
]


@pytest.mark.parametrize(("text", "surface", "iso3", "admin1", "feature"), AMBIGUITY)
def test_ambiguity(
    pipe: Pipeline, text: str, surface: str, iso3: str, admin1: str | None, feature: str | None
) -> None:
    place = place_for(annotate(pipe, text), surface)
    assert place.country == iso3, place
    if admin1:
        assert place.admin1 == admin1, place
    if feature:
        assert place.feature is not None and place.feature.startswith(feature), place


# transliterations and old names: (variant, GeoNames name, ISO3)
VARIANTS = [
    ("Kharkov", "Kharkiv", "UKR"),
    ("Kiev", "Kyiv", "UKR"),
    ("Lvov", "Lviv", "UKR"),
    ("Nikolaev", "Mykolayiv", "UKR"),
    ("Dnepropetrovsk", "Dnipro", "UKR"),
    ("Lugansk", "Luhansk", "UKR"),
    ("Severodonetsk", "Siverskodonetsk", "UKR"),
    ("Lisichansk", "Lysychansk", "UKR"),
    ("Energodar", "Enerhodar", "UKR"),
    ("Ugledar", "Vuhledar", "UKR"),
    ("Chernobyl", "Chornobyl", "UKR"),
    ("Grodno", "Hrodna", "BLR"),
    ("Kishinev", "Chisinau", "MDA"),
    ("Tiflis", "Tbilisi", "GEO"),
    ("Peking", "Beijing", "CHN"),
    ("Bombay", "Mumbai", "IND"),
    ("Rangoon", "Yangon", "MMR"),
    ("Alma-Ata", "Almaty", "KAZ"),
    ("Lodz", "Łódź", "POL"),
    ("Wroclaw", "Wrocław", "POL"),
    ("Dusseldorf", "Düsseldorf", "DEU"),
    ("Sao Paulo", "São Paulo", "BRA"),
    ("Bogota", "Bogotá", "COL"),
]


@pytest.mark.parametrize(("variant", "name", "iso3"), VARIANTS)
def test_transliteration(pipe: Pipeline, variant: str, name: str, iso3: str) -> None:
    gaz = pipe.ctx.resource("gazetteer", lambda: None)
    res = gaz.resolve(variant)
    assert res is not None and res.entry.name == name and res.iso3 == iso3, (variant, res)


@pytest.mark.parametrize("city", ["Kyiv", "Kherson", "Avdiivka"])
def test_ukrainian_cities_never_person(pipe: Pipeline, city: str) -> None:
    doc = annotate(
        pipe,
        f"{city} was shelled again on Tuesday, and {city} remains without power, Ukrainian officials said.",
    )
    labels = {e.label for e in doc.entities if e.text == city}
    assert labels and labels <= {"GPE", "LOC"}, labels


def test_compass_word_is_no_place(pipe: Pipeline) -> None:
    doc = annotate(pipe, "The East Cambridgeshire District Council approved the plan.")
    assert not any(p.text == "East" for p in doc.places), [p.text for p in doc.places]


def test_agency_names_are_not_places(pipe: Pipeline) -> None:
    doc = annotate(
        pipe, "Interfax-Ukraine reported the blast, citing Censor.NET and local officials in Lviv."
    )
    texts = {p.text for p in doc.places}
    assert "Lviv" in texts
    assert not any("Interfax" in t or "Censor" in t for t in texts), texts


def test_russia_never_in_us(pipe: Pipeline) -> None:
    gaz = pipe.ctx.resource("gazetteer", lambda: None)
    us = DocContext()
    us.countries["US"] = 10
    res = gaz.resolve("Russia", us)
    assert res is not None and res.iso3 == "RUS"


def test_variants_fold_and_resolve(pipe: Pipeline) -> None:
    gaz = pipe.ctx.resource("gazetteer", lambda: None)
    assert fold("Przewodów") == fold("Przewodow")
    for variant, name in [("Kharkov", "Kharkiv"), ("Kiev", "Kyiv"), ("Przewodow", "Przewodów")]:
        res = gaz.resolve(variant)
        assert res is not None and res.entry.name == name, (variant, res)
    region = gaz.resolve("Donbas")
    assert region is not None and region.iso3 == "UKR" and region.entry.feature == "L.RGN"
    europe = gaz.resolve("Europe")
    assert europe is not None and europe.entry.feature == "L.CONT"


def test_region_suffix_prefers_admin(pipe: Pipeline) -> None:
    doc = annotate(pipe, "Shelling was reported across the Kherson region and in Donetsk.")
    assert place_for(doc, "Kherson").feature == "A.ADM1"
    assert place_for(doc, "Donetsk").feature.startswith("P")


# --- event location ---------------------------------------------------------------------


def locate(pipe: Pipeline, text: str, trigger: str, source: str | None = None) -> Event:
    return place_assault(pipe, text, trigger, source)


EVENT_CASES = [
    (
        "Russia's strikes on Ukraine went on, and a stray missile exploded in Poland.",
        "exploded",
        None,
        "Poland",
    ),
    ("Police arrested three men in Lviv on Friday.", "arrested", None, "Lviv"),
    ("Protesters gathered outside the embassy in Warsaw after the vote.", "gathered", None, "Warsaw"),
    ("Russia launched drones at Kyiv overnight.", "launched", "Russia", "Kyiv"),
    ("Russian missiles hit an energy plant near Lviv.", "hit", None, "Lviv"),  # demonym is no location
    ("Ukrainian forces retook Izium, a town in the Kharkiv region.", "retook", "Ukrainian forces", "Izium"),
]


@pytest.mark.parametrize(("text", "trigger", "source", "expected"), EVENT_CASES)
def test_event_location(pipe: Pipeline, text: str, trigger: str, source: str | None, expected: str) -> None:
    ev = locate(pipe, text, trigger, source)
    assert ev.place is not None and ev.place.text == expected, ev.place
    assert ev.place_source in ("model", "sentence")


def test_event_without_place_in_sentence_falls_back_to_article(pipe: Pipeline) -> None:
    text = "Shelling hit Kharkiv again on Monday. Two people were killed, officials said."
    ev = locate(pipe, text, "killed")
    assert ev.place is not None and ev.place.text == "Kharkiv"
    assert ev.place_source == "article"


# --- the seed article -------------------------------------------------------------------


def test_seed_article(pipe: Pipeline) -> None:
    if not SEED.exists():
        pytest.skip("seed article not available")
    raw = SEED.read_text("utf-8")
    body = raw.split("\n", 1)[1] if raw.startswith(" date") else raw
    doc = annotate(pipe, body)
    bucharest = place_for(doc, "Bucharest")
    assert bucharest.country == "ROU"
    assert km(bucharest.lat, bucharest.lon, 44.43, 26.10) < 10
    by_text = {}
    for p in doc.places:
        by_text.setdefault(p.text, set()).add((p.country, p.feature))
    for name, iso3 in [("Poland", "POL"), ("Ukraine", "UKR"), ("Russia", "RUS"), ("Belarus", "BLR")]:
        assert by_text.get(name) == {(iso3, "A.PCLI")}, (name, by_text.get(name))
    for agency in ("Censor.NET", "Interfax-Ukraine"):
        i = body.find(agency)
        assert i >= 0, agency  # the fixture really contains the agency names
        while i >= 0:
            assert not any(p.start < i + len(agency) and i < p.end for p in doc.places), agency
            i = body.find(agency, i + 1)


def test_street_kept_as_fac_with_its_city(pipe: Pipeline) -> None:
    doc = annotate(pipe, "A fire broke out on Khreshchatyk Street in Kyiv on Monday.")
    street = place_for(doc, "Khreshchatyk Street")
    assert street.feature == "S.FAC" and street.name == "Kyiv" and street.country == "UKR"
    assert street.geonameid is None  # the street itself is not a GeoNames feature
