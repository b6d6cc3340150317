"""Geoparsing resolution rules of issue #16 (benchmarks/geo.py), each on our own sentences.

* first-level regions take GeoNames' own point (data/places_admin1_points.tsv);
* "X, Y City": "city" is a unit word only in the countries that use it so (places_units.tsv);
* a name the gazetteer does not know, "in" or before a town, lies in that town;
* "DeKalb" and "DeKalb County" are one name, no town-and-county pair that settles both;
* the press conventions of a text (data/places_locale.json) count as one mention of their
  country when the story names no other;
* spatial coherence: among same-named towns, the one near the story's other names wins;
* a county name borne in many states names the country, not the state of whichever comes
  first, so it casts no vote for a region (Gazetteer.unambiguous_country);
* second-level regions of the hand table take GeoNames' own point and id
  (data/places_admin2_points.tsv);
* a unit before a unit of its own level is an item of a list, not a place inside it.
"""

from __future__ import annotations

import pytest

from eventwire.annotate.places import PlaceFinder
from eventwire.knowledge.gazetteer import (
    DocContext,
    Gazetteer,
    admin1_points,
    admin2_points,
    load_locale_rules,
)
from eventwire.knowledge.gazetteer_index import km
from eventwire.pipeline import Pipeline
from samples import annotate_keeping_parse


@pytest.fixture(scope="module")
def finder(gaz: Gazetteer) -> PlaceFinder:
    return PlaceFinder(gaz)


def given_spans(finder: PlaceFinder, text: str, names: list[str]):
    mentions = [finder.mention(text, text.index(n), text.index(n) + len(n)) for n in names]
    by_start = {p.start: p for p in finder.resolve(mentions, text)}
    return [by_start.get(text.index(n)) for n in names]


# -- first-level regions at GeoNames' point ----------------------------------------------------


def test_admin1_takes_geonames_point(gaz: Gazetteer) -> None:
    res = gaz.resolve("Ontario")
    assert res is not None and res.entry.kind == "adm1"
    gid, lat, lon = admin1_points()[("CA", res.entry.admin1)]
    assert (res.entry.lat, res.entry.lon, res.entry.geonameid) == (lat, lon, gid)


def test_admin1_point_lies_in_the_region(gaz: Gazetteer) -> None:
    # the centre of its towns' box put Hebei some 800 km west, beyond Shanxi
    res = gaz.resolve("Hebei")
    assert res is not None
    assert km(res.entry.lat, res.entry.lon, 38.04, 114.51) < 300  # Shijiazhuang, its capital


# -- "city" is no unit word in the US -----------------------------------------------------------


def test_city_in_a_name_is_no_parent_unit(finder: PlaceFinder) -> None:
    text = "Crews from the Dayton, Bay City and Midland fire departments helped."
    dayton, bay_city, _ = given_spans(finder, text, ["Dayton", "Bay City", "Midland"])
    assert dayton is not None and dayton.name != bay_city.name


# -- an unknown name in a town -------------------------------------------------------------------


def test_unknown_name_lies_in_the_town_after_it(finder: PlaceFinder) -> None:
    text = "The fair moved to Quarrybrook Commons in Dayton last summer."
    commons, dayton = given_spans(finder, text, ["Quarrybrook Commons", "Dayton"])
    assert commons is not None and commons.lat is not None
    assert (commons.name, commons.country) == (dayton.name, dayton.country)


# -- one name is no town-and-county pair ---------------------------------------------------------


def test_town_and_county_of_one_name_do_not_vote(gaz: Gazetteer) -> None:
    def scores(names: list[str]) -> dict[tuple[str, str], float]:
        ctx = DocContext()
        for n in names:
            gaz.add_support(ctx, n)
        trace: list = []
        gaz.resolve("DeKalb County", ctx, trace=trace)
        return {(e.cc, e.admin1): s for s, e in trace if e.kind == "adm2"}

    alone, both = scores(["DeKalb County"]), scores(["DeKalb County", "DeKalb"])
    # the town of DeKalb lies in DeKalb County, Illinois: its bare name is no second witness
    assert both[("US", "IL")] - alone[("US", "IL")] < 1.0


# -- the text's press conventions ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("Deputies said the fire at 412 Walnut St. caused $30,000 in damage.", "US"),
        ("Councillors agreed to spend £2m on the town centre.", "GB"),
        ("Ministers met for the second day of talks.", None),
    ],
)
def test_locale_cues(text: str, locale: str | None) -> None:
    assert load_locale_rules().locale(text) == locale


def test_us_conventions_pick_the_us_namesake(pipe: Pipeline) -> None:
    text = (
        "Alexandria police arrested a man at his home at 918 Walnut St. on Sunday; "
        "bail was set at $5,000."
    )
    place = next(p for p in annotate_keeping_parse(pipe, text).places if p.text == "Alexandria")
    assert place.country == "USA"


def test_a_story_naming_its_country_keeps_it(pipe: Pipeline) -> None:
    text = "Egypt said the port of Alexandria reopened on Sunday after $5 million in repairs."
    place = next(p for p in annotate_keeping_parse(pipe, text).places if p.text == "Alexandria")
    assert place.country == "EGY"


@pytest.fixture(scope="module")
def pipe(places_pipe: Pipeline) -> Pipeline:
    return places_pipe


# -- spatial coherence: same-named towns near the story's other names ----------------------------


def test_ambiguous_towns_settle_near_each_other(finder: PlaceFinder) -> None:
    # each of the three names is borne by towns in many states, none names its state, and no
    # single one is unambiguous; only Tennessee holds all three within 100 km of each other
    text = "Storms knocked out power in Franklin, Brentwood and Columbia on Tuesday."
    places = given_spans(finder, text, ["Franklin", "Brentwood", "Columbia"])
    assert [p.admin1 for p in places] == ["Tennessee"] * 3


def test_a_region_name_is_no_spatial_witness(gaz: Gazetteer) -> None:
    # "Indiana" is a state before it is the town in Pennsylvania: it witnesses for no place
    ctx = DocContext()
    for name in ("Indiana", "Franklin"):
        gaz.add_points(ctx, name)
    assert "Indiana" not in ctx.point_w and "Franklin" in ctx.point_w
    assert 0.0 < ctx.point_w["Franklin"] < 1.0  # a name many towns bear is a weak witness


# -- a county name many states share votes for no state --------------------------------------


def test_shared_county_name_names_no_state(gaz: Gazetteer) -> None:
    # some twenty states have a Madison County: the name says "US", not which state
    assert gaz.unambiguous_country("Madison County") == ("US", None)
    # a name that one region bears as its own still names that region ("Ohio County" in
    # three states is no rival of Ohio), and so does a city that dwarfs its namesakes
    assert gaz.unambiguous_country("Ohio") == ("US", "OH")
    assert gaz.unambiguous_country("Louisville") == ("US", "KY")


def test_counties_follow_the_named_state(finder: PlaceFinder) -> None:
    text = "Schools in Madison County and Montgomery County close early, Kentucky's school board said."
    madison, montgomery, _ = given_spans(finder, text, ["Madison County", "Montgomery County", "Kentucky"])
    assert (madison.admin1, montgomery.admin1) == ("Kentucky", "Kentucky")


# -- second-level regions at GeoNames' point ---------------------------------------------------


def _district(gaz: Gazetteer, name: str, cc: str):
    (entry,) = [e for e, _ in gaz.candidates(name) if e.kind == "adm2" and e.cc == cc and not e.source]
    return entry


def test_admin2_takes_geonames_point(gaz: Gazetteer) -> None:
    entry = _district(gaz, "Jhansi", "IN")
    gid, lat, lon = admin2_points()[("IN", entry.admin1, entry.name)]
    assert (entry.lat, entry.lon, entry.geonameid) == (lat, lon, gid)


@pytest.mark.parametrize(
    ("district", "seat"),
    [("Barmer", (25.75, 71.39)), ("Jhansi", (25.45, 78.57)), ("Bahraich", (27.57, 81.60))],
)
def test_district_point_lies_near_its_seat(gaz: Gazetteer, district: str, seat: tuple[float, float]) -> None:
    # the centre of a district's towns' box fell 60-100 km from these districts' seat towns
    entry = _district(gaz, district, "IN")
    assert km(entry.lat, entry.lon, *seat) < 40


# -- a list of units is no chain of parents ----------------------------------------------------


def test_a_list_of_counties_is_no_chain(finder: PlaceFinder) -> None:
    text = "Crews from Madison County, Montgomery County and Jefferson County cleared roads in Kentucky."
    madison, montgomery, _, _ = given_spans(
        finder, text, ["Madison County", "Montgomery County", "Jefferson County", "Kentucky"]
    )
    # "Madison County, Montgomery County" once read as Madison County inside Montgomery County,
    # and, no Madison lying there, as Montgomery County itself
    assert madison.name == "Madison County" and montgomery.name == "Montgomery County"
    assert madison.lat != montgomery.lat


# -- a facility named after its town ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "town"),
    [
        ("Flights resumed at Da Nang International Airport after the storm.", "Da Nang International Airport",
         (16.07, 108.22)),
        ("Dock workers at the Port of Los Angeles walked out on Friday.", "Port of Los Angeles", (34.05, -118.24)),
        ("Two rockets landed inside Bagram Air Base overnight.", "Bagram Air Base", (34.97, 69.27)),
    ],
)  # fmt: skip
def test_facility_is_placed_at_its_town(finder: PlaceFinder, text: str, name: str, town) -> None:
    (place,) = given_spans(finder, text, [name])
    assert place is not None and place.lat is not None
    assert km(place.lat, place.lon, *town) < 30
    assert place.text == name  # the facility keeps its own words


def test_a_harbor_is_not_its_namesake_town(finder: PlaceFinder) -> None:
    # Pearl Harbor lies on Oahu, not in Pearl, Mississippi: no rule strips "Harbor"
    assert finder._split_suffix("Pearl Harbor") == ("Pearl Harbor", False)
