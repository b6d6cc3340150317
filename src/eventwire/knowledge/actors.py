"""Actor-coding knowledge: named bodies, prominent people, place metonyms and role words.

All of it is data (``data/actors_*.tsv``); this module only parses the files. Country codes are
ISO-3166 alpha-3, or the PLOVER non-state codes IGO / NGO / IMG / MNC; sectors are PLOVER
sector codes (GOV, MIL, COP, ...), plus IGO / NGO for an international body acting as itself.
Tokenising the names for matching is left to the annotator, which owns the spaCy tokenizer.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .countries import Countries, load_countries

# PLOVER country codes for actors with no country of their own (international bodies, NGOs,
# multinational armed groups, companies, movements): no place or home government to infer
NON_STATE_CODES = frozenset({"IGO", "NGO", "IMG", "MNC", "ISM"})
# PLOVER sectors of the state's own organs
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY"})


@dataclass(frozen=True, slots=True)
class Named:
    """An entry matched by its surface form: a body, a person, a country or a metonym."""

    kind: str  # "body" | "person" | "surname" | "country" | "capital" | "demonym"
    canonical: str
    country: str | None
    sector: str | None
    requires: str | None = None  # canonical body that must be mentioned in the document


@dataclass(frozen=True, slots=True)
class Role:
    """A role word or phrase ("foreign minister", "protesters") with its PLOVER sector.

    A "thing" (charter, treaty, summit) has none of the three uses: it stops an ORG-tagged
    name like "the UN Charter" from being taken for an actor. ``head`` says the phrase can
    head an actor noun phrase; ``generic`` heads ("officials",
    "leader") give way to a more specific role among their modifiers; ``modifier`` says the
    phrase can specify the sector of another head ("rebel leader", "military officials").
    """

    sector: str | None
    head: bool
    generic: bool
    modifier: bool
    adjective: bool = False  # may modify as an adjective too ("military officials")
    # a head that is an actor only under a condition: "owner" (the text says whose: "Israeli
    # tanks"), "acting" (subject or object, never a location: "shelled the town"), "never"
    # (civilian property: only what modifies it is an actor, and civilian: "Palestinian homes")
    needs: str | None = None


@dataclass(slots=True)
class ActorKnowledge:
    names: dict[str, Named]  # surface form (case-sensitive) -> entry
    roles: dict[str, Role]  # lower-cased phrase -> role
    countries: Countries
    # qualifiers placing an actor in no single state ("Western officials")
    unplaced: frozenset[str] = frozenset()


_DISSOLVED = frozenset({"SCG", "ANT"})
_CONDITIONAL = {"weapon": "owner", "place": "acting", "property": "never"}


def _rows(filename: str) -> list[list[str]]:
    text = resources.files("eventwire.knowledge").joinpath(f"data/{filename}").read_text("utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _role(kind: str, sector: str | None) -> Role:
    if kind == "thing":
        return Role(None, head=False, generic=False, modifier=False)
    if kind == "mod":
        return Role(sector, head=False, generic=False, modifier=True, adjective=True)
    if kind == "generic":
        return Role(sector, head=True, generic=True, modifier=False)
    if kind in _CONDITIONAL:
        return Role(sector, head=True, generic=False, modifier=False, needs=_CONDITIONAL[kind])
    return Role(sector, head=True, generic=False, modifier=True)


def _merge(old: Role | None, new: Role) -> Role:
    """A phrase listed twice ("military" as a head role and as an adjective) keeps both uses."""
    if old is None:
        return new
    return Role(
        old.sector if old.head else new.sector,
        head=old.head or new.head,
        generic=old.generic and new.generic if old.head and new.head else old.generic or new.generic,
        modifier=old.modifier or new.modifier,
        adjective=old.adjective or new.adjective,
        needs=old.needs if old.head else new.needs,
    )


def load_actor_knowledge() -> ActorKnowledge:
    countries = load_countries()
    names: dict[str, Named] = {}
    # Lowest priority first: later tables overwrite earlier ones for the same surface form,
    # so a curated body or person beats a GeoNames-derived alias.
    for d, c in countries.by_demonym.items():  # shared demonyms go to the most populous
        names[d] = Named("demonym", c.name, c.iso3, None)
    for cap, c in countries.by_capital.items():
        # GeoNames still lists dissolved states ("Serbia and Montenegro", capital Belgrade)
        live = next((k for k in countries.all if k.capital == cap and k.iso3 not in _DISSOLVED), c)
        names[cap] = Named("capital", live.name, live.iso3, "GOV")
    for n, c in countries.by_name.items():
        names[n] = Named("country", c.name, c.iso3, "GOV")
    for name, iso3, kind in _rows("actors_countries.tsv"):
        official = countries.by_iso3[iso3].name if iso3 in countries.by_iso3 else name
        names[name] = (
            Named("country", official, iso3, "GOV")
            if kind == "country"
            else Named("demonym", official, iso3, None)
        )
    for name, country, sector in _rows("actors_metonyms.tsv"):
        canonical = countries.by_iso3[country].name if country in countries.by_iso3 else name
        names[name] = Named("capital", canonical, country, sector)
    for row in _rows("actors_bodies.tsv"):
        surface, country, sector = row[0].split("|"), row[1], row[2]
        requires = row[3] if len(row) > 3 and row[3] else None
        # "the Alliance" is NATO itself, under the name of the body it depends on
        entry = Named("body", requires or surface[0], country, sector, requires)
        for s in surface:
            names[s] = entry
    for surname, country, sector in _rows("actors_surnames.tsv"):
        names[surname] = Named("surname", surname, country, sector or None)
    for canonical, aliases, country, sector in _rows("actors_people.tsv"):
        entry = Named("person", canonical, country, sector or None)
        for s in (canonical, *[a for a in aliases.split("|") if a]):
            names[s] = entry
    roles: dict[str, Role] = {}
    for phrases, sector, kind in _rows("actors_roles.tsv"):
        role = _role(kind, sector or None)
        for p in phrases.split("|"):
            roles[p] = _merge(roles.get(p), role)
    return ActorKnowledge(names, roles, countries, load_unplaced())


@lru_cache(maxsize=1)
def load_unplaced() -> frozenset[str]:
    """Qualifiers that place an actor in no single state ("Western", "foreign"), lower-cased."""
    return frozenset(row[0].strip().lower() for row in _rows("actors_unplaced.tsv"))
