"""Context rules of the places layer (issue #16): unit words ("X LGA", "X state"), a place
inside the unit the text names ("X, Y district", "X (Y)", "X village in Y township"), the
document's countries constraining its other names, recognition cues ("the town of X", "20 km
north of X", "a strike on X", "gangs attacked X") and the event put at the finer place.

Our own sentences. Tests that need the larger gazetteer (the ``geo`` extra: LGAs, upazilas,
raions) are skipped without it; the others run on cities500 and the hand tables alone.
"""

from __future__ import annotations

import pytest

from eventwire.annotate.event_places import Cand, finer
from eventwire.annotate.places import PlaceFinder
from eventwire.knowledge.gazetteer import ADM1, ADM2, CITY, DocContext, Gazetteer
from eventwire.model import AnnotatedDoc, Place, Span
from eventwire.pipeline import Pipeline
from samples import annotate_keeping_parse


@pytest.fixture(scope="module")
def pipe(places_pipe: Pipeline) -> Pipeline:
    return places_pipe


def _ext(gaz: Gazetteer) -> None:
    if gaz.ext is None:
        pytest.skip("the larger gazetteer (pip install -e '.[geo]') is not installed")


def place_for(doc: AnnotatedDoc, surface: str) -> Place:
    start = doc.text.index(surface)
    hits = [p for p in doc.places if p.start <= start < p.end]
    assert hits, f"no place for {surface!r}; places: {[(p.text, p.name) for p in doc.places]}"
    return hits[0]


# -- unit words -------------------------------------------------------------------------------


def test_state_word_picks_the_first_level_region(pipe: Pipeline) -> None:
    doc = annotate_keeping_parse(pipe, "Police imposed a curfew across Kaduna state after the riots.")
    p = place_for(doc, "Kaduna")
    assert (p.country, p.feature) == ("NGA", "A.ADM1")


def test_lga_upazila_raion_pick_the_unit_of_that_kind(pipe: Pipeline, gaz: Gazetteer) -> None:
    _ext(gaz)
    cases = [
        ("Gunmen killed nine farmers in Guma LGA overnight, police said.", "Guma", "NGA"),
        ("Police reinforcements were sent to Teknaf upazila after the clashes.", "Teknaf", "BGD"),
        ("Shelling damaged schools across Bakhmut raion on Tuesday.", "Bakhmut", "UKR"),
    ]
    for text, surface, iso3 in cases:
        p = place_for(annotate_keeping_parse(pipe, text), surface)
        assert p.country == iso3 and p.feature is not None and p.feature.startswith("A.ADM"), (text, p)
        assert p.feature != "A.ADM1"


def test_unit_word_filters_candidates(gaz: Gazetteer) -> None:
    _ext(gaz)
    lga = gaz.resolve("Guma", unit="lga")
    assert lga is not None and lga.entry.unit == "LGA" and lga.entry.level == 2
    up = gaz.resolve("Teknaf", unit="upazila")
    assert up is not None and up.entry.unit == "upazila" and up.entry.level == 3
    town = gaz.resolve("Teknaf", unit="town")
    assert town is not None and town.entry.kind == CITY
    assert gaz.unit_levels("UA", "raion") == {2} and gaz.unit_levels("NG", "state") == {1}
    assert gaz.unit_levels("US", "county") == {2} and gaz.unit_levels("US", "community") == set()


# -- a place inside the unit the text names --------------------------------------------------


def test_place_in_brackets_lies_in_that_region(pipe: Pipeline) -> None:
    doc = annotate_keeping_parse(pipe, "A tornado tore the roofs off homes in Paris (Texas) on Monday night.")
    p = place_for(doc, "Paris")
    assert (p.country, p.admin1) == ("USA", "Texas")


def test_place_comma_state_lies_in_that_state(pipe: Pipeline) -> None:
    doc = annotate_keeping_parse(
        pipe, "Bandits abducted dozens of pupils from a school in Kankara, Katsina State."
    )
    p = place_for(doc, "Kankara")
    assert p.country == "NGA" and p.admin1 == "Katsina"


def test_unknown_village_of_a_named_unit_takes_the_unit(pipe: Pipeline) -> None:
    doc = annotate_keeping_parse(
        pipe, "Soldiers burned homes in Zoglobari village in Kaduna state, residents said."
    )
    p = place_for(doc, "Zoglobari")
    assert (p.country, p.name, p.feature) == ("NGA", "Kaduna", "A.ADM1")


def test_inside_keeps_candidates_in_the_unit(gaz: Gazetteer) -> None:
    texas = next(e for e, _ in gaz.candidates("Texas") if e.kind == ADM1 and e.cc == "US")
    res = gaz.resolve("Paris", inside=texas)
    assert res is not None and (res.entry.cc, res.entry.admin1, res.entry.kind) == ("US", "TX", CITY)
    # nothing of that name inside: the unit itself
    res = gaz.resolve("Nowhereville", inside=texas)
    assert res is not None and res.entry == texas


def test_a_list_of_regions_is_no_chain_of_parents(pipe: Pipeline) -> None:
    doc = annotate_keeping_parse(pipe, "Cases were confirmed in Ohio, Indiana, Illinois and Michigan.")
    for state in ("Ohio", "Indiana", "Illinois", "Michigan"):
        p = place_for(doc, state)
        assert (p.name, p.feature) == (state, "A.ADM1")


# -- the document's countries ---------------------------------------------------------------


def test_story_countries_drop_small_namesakes_abroad(gaz: Gazetteer) -> None:
    # "Paris" alone in a story that names the US twice over: the French capital stays (it is
    # large), the small Paris of another country is gone
    ctx = DocContext()
    ctx.named = {"US": {"Texas", "Americans"}}
    trace: list = []
    gaz.resolve("Paris", ctx, trace=trace)
    ccs = {e.cc for _, e in trace}
    assert "US" in ccs and "FR" in ccs and "UA" not in ccs
    # one mention is not enough evidence ("Lebanon" in a Pennsylvania obituary)
    one = DocContext()
    one.named = {"LB": {"Lebanon"}}
    trace = []
    gaz.resolve("Palmyra", one, trace=trace)
    assert "US" in {e.cc for _, e in trace}


def test_names_of_one_country_count_as_naming_it(pipe: Pipeline, gaz: Gazetteer) -> None:
    finder = PlaceFinder(gaz)
    doc = annotate_keeping_parse(
        pipe, "Nigerian troops and Cameroonian police patrolled the border near Maiduguri."
    )
    ctx = finder.context(finder.find(doc))
    assert {"NG", "CM"} <= set(ctx.named)


# -- recognition cues ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Residents of the mountain town of Zarvani fled overnight.", "Zarvani"),
        ("Drones struck Zarvani village before dawn.", "Zarvani"),
        ("Troops were seen 20 km north of Zarvani on Friday.", "Zarvani"),
        ("Units pushed forward NW of Zarvani, the army said.", "Zarvani"),
        ("A missile strike on Zarvani killed four people.", "Zarvani"),
        ("Gunmen attacked Zarvani and looted the market.", "Zarvani"),
        ("Fighting was reported near Kolbo (Kaduna state) all week.", "Kolbo"),
    ],
)
def test_context_cues(pipe: Pipeline, gaz: Gazetteer, text: str, name: str) -> None:
    finder = PlaceFinder(gaz)
    doc = annotate_keeping_parse(pipe, text)
    start = text.index(name)
    assert finder.cue(text, start, start + len(name), doc.nlp)


def test_no_cue_without_context(pipe: Pipeline, gaz: Gazetteer) -> None:
    finder = PlaceFinder(gaz)
    text = "Zarvani said the talks would resume next week."
    doc = annotate_keeping_parse(pipe, text)
    assert not finder.cue(text, 0, len("Zarvani"), doc.nlp)


def test_unit_word_is_read_around_the_name(gaz: Gazetteer) -> None:
    finder = PlaceFinder(gaz)
    text = "in Guma LGA, near the town of Yelwata, in Bakhmut raion, at Kutupalong refugee camp"
    for name, word in [
        ("Guma", "lga"),
        ("Yelwata", "town"),
        ("Bakhmut", "raion"),
        ("Kutupalong", "refugee camp"),
    ]:
        s = text.index(name)
        assert finder.unit_word(text, s, s + len(name)) == word
    assert finder._split_suffix("Guma LGA") == ("Guma", True) or not gaz.is_known("Guma")


# -- the event at the finer place ------------------------------------------------------------


def _place(text: str, start: int, name: str, country: str, admin1: str | None, lat: float, lon: float,
           feature: str) -> Place:  # fmt: skip
    return Place(start, start + len(text), text, name, None, country, admin1, lat, lon, feature, None)


def test_event_in_a_region_moves_to_the_town_inside_it() -> None:
    region = _place("Kharkiv region", 40, "Kharkiv", "UKR", "Kharkiv", 49.5, 36.5, "A.ADM1")
    town = _place("Izium", 20, "Izium", "UKR", "Kharkiv", 49.21, 37.26, "P.PPL")
    other = _place("Sloviansk", 70, "Sloviansk", "UKR", "Donetsk", 48.85, 37.6, "P.PPL")
    cands = [Cand(town, "P"), Cand(region, "ADM1"), Cand(other, "P")]
    trigger = Span(5, 12, "shelled")
    assert finer(region, cands, trigger) is town
    # a town of another region is no refinement, and a town stays a town
    assert finer(region, [Cand(region, "ADM1"), Cand(other, "P")], trigger) is region
    assert finer(town, cands, trigger) is town
    country = _place("Ukraine", 90, "Ukraine", "UKR", None, 49.0, 32.0, "A.PCLI")
    assert finer(country, [Cand(country, "PCLI"), Cand(other, "P")], trigger) is other


def test_district_kinds_count_as_districts_for_the_model() -> None:
    from eventwire.annotate.event_places import place_kind, specificity

    up = _place("Teknaf", 0, "Teknaf", "BGD", "Chittagong", 20.9, 92.3, "A.ADM3")
    assert place_kind(up) == "ADM2" and specificity(up) == 3
    assert ADM2 == "adm2"
