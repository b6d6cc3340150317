"""Places: physical features, world regions, former names and formal admin names.

Table-driven, our own sentences. Each table is one class of gazetteer gap or wrong reading:
a big feature against a small namesake town, a former country name, a GeoNames admin name
whose generic comes first ("Province of Bulacan"), letters NFKD does not decompose ("Ø"),
a region named in a list of regions or after "the state of".
"""

from __future__ import annotations

import pytest

from eventwire.knowledge.gazetteer import ADM1, REGION, Gazetteer, fold
from eventwire.model import AnnotatedDoc, Place
from eventwire.pipeline import Pipeline
from samples import annotate_keeping_parse


@pytest.fixture(scope="module")
def pipe(places_pipe: Pipeline) -> Pipeline:
    return places_pipe


def place_for(doc: AnnotatedDoc, surface: str) -> Place:
    start = doc.text.index(surface)
    hits = [p for p in doc.places if p.start <= start < p.end]
    assert hits, f"no place for {surface!r}; places: {[p.text for p in doc.places]}"
    return hits[0]


# (name alone, expected feature code, expected ISO3 or None for a multi-country feature):
# a big feature outranks a small town of the same name when nothing in the text says otherwise
FEATURES = [
    ("Pacific", "H.OCN", None),  # not Pacific, Missouri
    ("Atlantic", "H.OCN", None),  # not Atlantic, Iowa
    ("Java", "T.ISL", "IDN"),  # not Java, Georgia
    ("Luzon", "T.ISL", "PHL"),
    ("Mindanao", "T.ISL", "PHL"),
    ("Sumatra", "T.ISL", "IDN"),
    ("Jutland", "T.PEN", "DNK"),
    ("Lake Victoria", "H.LK", None),
    ("Lake Erie", "H.LK", None),
    ("Ural Mountains", "T.MTS", "RUS"),
    ("Danube Delta", "H.DLTA", "ROU"),
    ("Panama Canal", "H.CNL", "PAN"),
    ("West Africa", "L.RGN", None),
    ("East Africa", "L.RGN", None),
    ("Northern Europe", "L.RGN", None),
    ("Central America", "L.RGN", None),
    ("Pacific Northwest", "L.RGN", "USA"),
    ("American South", "L.RGN", "USA"),
    ("Eastern Mediterranean", "H.SEA", None),
    ("European Union", "L.RGN", None),
    ("EU", "L.RGN", None),  # not Eu, Normandy
    ("Rügen", "T.ISL", "DEU"),
    ("Rift Valley", "A.ADM1H", "KEN"),
]


@pytest.mark.parametrize(("name", "feature", "iso3"), FEATURES)
def test_feature_outranks_namesake_town(gaz: Gazetteer, name: str, feature: str, iso3: str | None) -> None:
    res = gaz.resolve(name)
    assert res is not None, name
    assert res.entry.kind == REGION and res.entry.feature == feature, res
    assert res.iso3 == iso3, res


# (former or short country name, current country ISO3)
FORMER_NAMES = [
    ("Zaire", "COD"),
    ("Zaïre", "COD"),
    ("Soviet Union", "RUS"),
    ("Cape Verde", "CPV"),
    ("Swaziland", "SWZ"),
    ("East Timor", "TLS"),
    ("Ceylon", "LKA"),
    ("Congo", "COG"),  # ISO 3166's short name of the Republic of the Congo
    ("Republic of the Congo", "COG"),
    ("Democratic Republic of the Congo", "COD"),
]


@pytest.mark.parametrize(("name", "iso3"), FORMER_NAMES)
def test_former_country_names(gaz: Gazetteer, name: str, iso3: str) -> None:
    res = gaz.resolve(name)
    assert res is not None and res.iso3 == iso3 and res.entry.feature == "A.PCLI", res


# (bare name, expected ISO3, kind): GeoNames names some regions with the generic first
# ("Province of Nueva Ecija", "Departement de la Somme"); a province dwarfing its namesake
# villages abroad keeps its bare name; US counties keep the "Jackson is a town" rule
ADMIN_NAMES = [
    ("Nueva Ecija", "PHL", "adm2"),
    ("Pangasinan", "PHL", "adm2"),  # not a village in Java
    ("Laguna", "PHL", "adm2"),  # not Laguna, California
    ("Bulacan", "PHL", "adm2"),  # the province, 35 times its namesake town
    ("Somme", "FRA", "adm2"),
    ("South Darfur", "SDN", "adm1"),  # GeoNames: "Southern Darfur"
    ("Østfold", "NOR", "adm1"),  # GeoNames: "Ostfold"
    ("West Kasai", "COD", "adm1"),  # GeoNames: "Kasai-Occidental"
    ("Western Kasai", "COD", "adm1"),
    ("North Maluku", "IDN", "adm1"),  # GeoNames: "Maluku Utara"
    ("Southeast Sulawesi", "IDN", "adm1"),  # GeoNames: "Sulawesi Tenggara"
    ("Jackson", "USA", "city"),
    ("Gwinnett", "USA", "adm2"),
]


@pytest.mark.parametrize(("name", "iso3", "kind"), ADMIN_NAMES)
def test_formal_admin_names(gaz: Gazetteer, name: str, iso3: str, kind: str) -> None:
    res = gaz.resolve(name)
    assert res is not None and res.iso3 == iso3 and res.entry.kind == kind, res


@pytest.mark.parametrize(
    ("a", "b"),
    [("Østfold", "Ostfold"), ("Łódź", "Lodz"), ("Doğubayazıt", "Dogubayazit"), ("Færøerne", "Faeroerne")],
)
def test_fold_undecomposed_letters(a: str, b: str) -> None:
    assert fold(a) == fold(b)


# (sentence, surface, ISO3, feature prefix): context in the sentence decides the reading
IN_TEXT = [
    ("Cases were confirmed in Oregon, Utah, Washington and Wyoming.", "Washington", "USA", "A.ADM1"),
    ("Inspectors found the infected herd in the state of Washington.", "Washington", "USA", "A.ADM1"),
    ("The senator flew back to Washington on Tuesday.", "Washington", "USA", "P.PPLC"),
    ("Farms in Santa Catarina, Tocantins and Minas Gerais reported losses.", "Tocantins", "BRA", "A.ADM1"),
    ("Flooding hit Greater Mumbai after a night of rain.", "Greater Mumbai", "IND", "P"),
    ("The ship sank in the Pacific, far from any port.", "Pacific", None, "H.OCN"),
    ("Refugees fled Zaire in 1996.", "Zaire", "COD", "A.PCLI"),
    ("The volcano on Java erupted again on Sunday.", "Java", "IDN", "T.ISL"),
]


@pytest.mark.parametrize(("text", "surface", "iso3", "feature"), IN_TEXT)
def test_context_in_text(pipe: Pipeline, text: str, surface: str, iso3: str | None, feature: str) -> None:
    place = place_for(annotate_keeping_parse(pipe, text), surface)
    assert place.country == iso3, place
    assert place.feature is not None and place.feature.startswith(feature), place


def test_region_list_needs_regions_around(gaz: Gazetteer, pipe: Pipeline) -> None:
    # two capitals and Washington: no list of states, so the capital stays the capital
    doc = annotate_keeping_parse(pipe, "Flights from London, Paris and Washington were delayed.")
    assert place_for(doc, "Washington").feature == "P.PPLC"
    assert any(e.kind == ADM1 for e, _ in gaz.candidates("Washington"))


# (sentence, surface, ISO3, expected name): residents' names of regions and continents are
# kept as places of that region, like country demonyms
REGION_DEMONYMS = [
    ("Ohioans voted on the measure in November.", "Ohioans", "USA", "Ohio"),
    ("Many Texans drove north for the holiday weekend.", "Texans", "USA", "Texas"),
    ("Two Dagestani men were detained at the border.", "Dagestani", "RUS", "Dagestan"),
]


@pytest.mark.parametrize(("text", "surface", "iso3", "name"), REGION_DEMONYMS)
def test_region_demonyms(pipe: Pipeline, text: str, surface: str, iso3: str, name: str) -> None:
    place = place_for(annotate_keeping_parse(pipe, text), surface)
    assert place.country == iso3 and place.name == name, place


def test_region_demonym_resolves_alone(gaz: Gazetteer) -> None:
    res = gaz.resolve("Europeans")
    assert res is not None and res.entry.name == "Europe"


# (sentence, surface, ISO3, feature prefix): a US-local story that names the state of a town
# called after a country, and nothing else of that country, means the town; a story that
# also names the country's people or capital, or a hamlet-sized namesake, keeps the country
COUNTRY_NAMED_TOWNS = [
    (
        "Palestine police in East Texas said the Texas highway was closed near Palestine.",
        "Palestine",
        "USA",
        "P",
    ),
    ("The Ohio county fair opened in Lebanon on Friday, Ohio officials said.", "Lebanon", "USA", "P"),
    (
        "Ohio officials said a delegation from Lebanon met Lebanese ministers in Beirut.",
        "Lebanon",
        "LBN",
        "A.PCLI",
    ),
    ("Texas farmers met traders from Italy at the fair in Texas.", "Italy", "ITA", "A.PCLI"),
]


@pytest.mark.parametrize(("text", "surface", "iso3", "feature"), COUNTRY_NAMED_TOWNS)
def test_country_named_us_towns(pipe: Pipeline, text: str, surface: str, iso3: str, feature: str) -> None:
    start = text.rindex(surface)
    doc = annotate_keeping_parse(pipe, text)
    hits = [p for p in doc.places if p.start <= start < p.end]
    assert hits, [p.text for p in doc.places]
    assert hits[0].country == iso3 and hits[0].feature.startswith(feature), hits[0]


# (sentence, surface, expected admin1): "X Valley" / "X Township" unknown to the gazetteer
# resolve to the town X in the region the story names
NEAR_SUFFIXES = [
    ("Growers in the Salinas Valley of California lost much of the crop.", "Salinas Valley", "California"),
    ("Kayakers paddled down the Catawba River in North Carolina.", "Catawba River", "North Carolina"),
    (
        "The board of Hamilton Township in Mercer County, New Jersey, met on Monday.",
        "Hamilton Township",
        "New Jersey",
    ),
]


@pytest.mark.parametrize(("text", "surface", "admin1"), NEAR_SUFFIXES)
def test_valley_and_township_fall_back_to_town(pipe: Pipeline, text: str, surface: str, admin1: str) -> None:
    place = place_for(annotate_keeping_parse(pipe, text), surface)
    assert place.feature == "P.PPL" and place.country == "USA" and place.admin1 == admin1, place


def test_org_tagged_town_of_named_state(pipe: Pipeline) -> None:
    # spaCy often tags a small town's name alone as ORG; the state named in the story settles it
    text = "Torrington officials said the Connecticut storm closed two roads."
    doc = annotate_keeping_parse(pipe, text)
    if not any(e.text == "Torrington" and e.label in ("ORG", "GPE") for e in doc.entities):
        pytest.skip("the model no longer tags Torrington ORG or GPE here")
    place = place_for(doc, "Torrington")
    assert place.country == "USA" and place.admin1 == "Connecticut", place


# (sentence, surface or None when no place may be found there, expected place name)
RECOGNITION = [
    ("Health officials in Uttar Pradesh reported new cases.", "Uttar Pradesh", "Uttar Pradesh"),  # tagged ORG
    (
        "The European Union banned the imports.",
        "European Union",
        "European Union",
    ),  # "The European Union" ORG
    ("Pilgrims gathered at the Vatican on Sunday.", "Vatican", "Vatican"),  # tagged FAC
    ("Floods in Punjab killed ten people.", "Punjab", "Punjab"),  # tagged NORP
    ("Police in Toruń arrested two men.", "Toruń", "Toruń"),  # tagged NORP
    ("Two horses died of West Nile virus in the county.", None, "West Nile"),  # a disease
    ("Doctors fought the Marburg virus in the hospital.", None, "Marburg"),
]


@pytest.mark.parametrize(("text", "surface", "name"), RECOGNITION)
def test_recognition(pipe: Pipeline, text: str, surface: str | None, name: str) -> None:
    doc = annotate_keeping_parse(pipe, text)
    if surface is None:
        start = text.index(name)
        assert not [p for p in doc.places if p.start <= start < p.end], doc.places
    else:
        place = place_for(doc, surface)
        assert place.name == name and place.text == surface, place
