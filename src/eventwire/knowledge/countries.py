"""Countries: names, aliases, demonyms and capitals (data/countries.json).

Shared by the places layer (demonyms -> country toponyms) and actor coding ("Russian forces",
"Moscow said" -> RUS). Rebuild the JSON with scripts/build_countries.py.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from importlib import resources


@dataclass(frozen=True, slots=True)
class Country:
    iso3: str
    iso2: str
    fips: str | None
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    capital: str | None
    geonameid: int
    continent: str
    population: int


class Countries:
    """Lookup tables over all countries; keys are matched case-sensitively on purpose
    ("US" the country vs "us" the pronoun, "Turkey" vs "turkey")."""

    def __init__(self, countries: list[Country]) -> None:
        self.all = countries
        self.by_iso3 = {c.iso3: c for c in countries}
        self.by_iso2 = {c.iso2: c for c in countries}

    @cached_property
    def by_name(self) -> dict[str, Country]:
        """Country name or alias -> Country (also without a leading 'the ')."""
        out: dict[str, Country] = {}
        for c in self.all:
            for n in (c.name, *c.aliases):
                out.setdefault(n, c)
                if n.lower().startswith("the "):
                    out.setdefault(n[4:], c)
        return out

    @cached_property
    def by_demonym(self) -> dict[str, Country]:
        """Demonym or adjective ('Russian', 'Poles') -> Country. First listed country wins
        for shared demonyms ('Congolese'), which the TSV orders by prominence."""
        out: dict[str, Country] = {}
        for c in sorted(self.all, key=lambda c: -c.population):
            for d in c.demonyms:
                out.setdefault(d, c)
        return out

    @cached_property
    def by_capital(self) -> dict[str, Country]:
        """Capital city -> Country, for metonymy ('Moscow said' -> RUS)."""
        return {c.capital: c for c in sorted(self.all, key=lambda c: c.population) if c.capital}


def load_countries() -> Countries:
    raw = json.loads(
        resources.files("eventwire.knowledge").joinpath("data/countries.json").read_text("utf-8")
    )
    return Countries(
        [
            Country(
                iso3=r["iso3"],
                iso2=r["iso2"],
                fips=r.get("fips"),
                name=r["name"],
                aliases=tuple(r["aliases"]),
                demonyms=tuple(r["demonyms"]),
                capital=r["capital"],
                geonameid=r["geonameid"],
                continent=r["continent"],
                population=r["population"],
            )
            for r in raw
        ]
    )
