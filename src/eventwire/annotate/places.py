"""Toponyms: recognised from NER plus a gazetteer pass, resolved to GeoNames with doc context.

Recognition
* GPE/LOC entities are toponyms, except outlet and agency names ("Interfax-Ukraine",
  "Censor.NET": knowledge/data/places_rules.json, plus a rule for "<agency>-<country>" and
  dotted names the gazetteer does not know).
* PERSON/ORG entities the small spaCy model gets wrong ("Kyiv", "Avdiivka") become places when
  the gazetteer knows the name and the text supports it: a locative preposition before it, a
  large place, or a place in a country the document already mentions. Their label in
  doc.entities is corrected to GPE (LOC for regions), so no Ukrainian city stays a PERSON.
  A name the entity layer found in the actor knowledge ("Google", a person's name) stays what
  the knowledge says.
* Capitalised words that NER missed entirely become places only after "in/near/at/..." and
  when the gazetteer knows them; they are added to doc.entities as GPE.
* A legislator's home after the party letter ("Rep. Jane Doe, D-Springfield", "(R-Fergus
  Falls)", "D-N.D.": places_context.json party_home) is a place when the gazetteer knows it;
  NER's entities inside the label ("R-Wadena" as a person, "Detroit" and "Lakes" of "R-Detroit
  Lakes") give way to the whole name.
* A region's name at the head of an ORG or FAC entity ("Ohio Department of Transportation"),
  also after a compass word ("Northeast Georgia Medical Center"), is a toponym of its own.
* ORG entities that are exactly a country's or region's name ("Uttar Pradesh", "the European
  Union") are places, and so are NORP/FAC entities the same test accepts ("Punjab" and "Toruń"
  tagged NORP, "Vatican" tagged FAC); a place name followed by "virus", "fever", "flu"... ("West Nile virus")
  names a disease and is dropped.
* FAC entities (streets, buildings) are kept as places when the same sentence names a city;
  they take that city's coordinates and keep their own text.
* Demonyms ("Russian", "Polish") are not toponyms, but they are kept as places: a Place over
  the demonym span resolved to the country (option ``demonyms``, default on), so analysts can
  filter by country reference. Consumers tell them apart by text != country name
  (``countries.by_demonym``); event_places never uses them as an event's location, because
  "Russian forces" says who acted, not where, and geo.py scores them only where the gold
  standard annotates them. Residents' names of regions and continents ("Ohioans",
  "Dagestani", "Europeans": places_rules.json region_demonyms) are treated the same way.

* Context cues (data/places_context.json, issue #16) count like a locative preposition for a
  name NER tagged PERSON/ORG/PRODUCT or left untagged: a place or unit word next to it ("the
  town of X", "X village", "X LGA", "X upazila"), a relative phrase ("20 km north of X", "NW
  of X": X is the anchor), an attack on it ("a strike on X"), a region in brackets after it
  ("X (Meta)") or being the object of a verb of taking or striking ("gangs attacked X").

Units and parents (issue #16): the unit word next to a name ("Guma LGA", "Kaduna state",
"Teknaf upazila", "Bakhmut raion"; knowledge/data/places_units.tsv per country) keeps the
candidates of the level it names; a settlement word ("village", "town") keeps towns. A name
followed by the unit it lies in ("Dhangri, Rajouri district", "Bounti (Douentza cercle)",
"X village in Y township", "X, a market village in Y cercle") is resolved inside that unit,
and to the unit itself when nothing of its name lies there; a name the gazetteer does not
know before a town ("a park in Dayton") is placed in the town. A list of regions ("Ohio,
Indiana") is no chain of parents. Countries the story names outright, twice or more (country
names, demonyms, regions and districts whose names nothing abroad bears), drop the small
namesakes far from them (Gazetteer._near_story).

Relative points (issue #16): a name after a relative phrase ("20 km north of Kherson", "15
kilometres south-east of Mosul", "near X", "20 km from X", "on the southern outskirts of X";
knowledge/place_relations.py, patterns in places_context.json) keeps its own name, id and
feature, and says how the point relates to it (Place.relation, distance_km, bearing,
radius_km): an offset from a town or district moves the point that far on that bearing
(gazetteer_index.destination), the other kinds keep it and give a radius. A unit word after
a name the gazetteer knows only as a town ("Gimbi district") makes the point the unit's seat
(relation "seat"). A name no source holds ("Lake Harriet", "Kibera", "Coffman Park") is put, as a
guess, at the town or district the text names nearest to it (relation "area", radius
places_context.json story_area): it takes that town's name, id and point.

Resolution: knowledge/gazetteer.py, with document context built from unambiguous mentions
(country names, unique admin names, places that dominate their namesakes 30:1), explicit
qualifiers ("Paris, Texas", "Atlanta, Ga.", "Kherson region", "the state of Washington"),
the outlet's country (option ``default_country``, ISO3) when known, else the country whose
press conventions the text follows ("$", "412 Walnut St.", "per cent": places_locale.json) as
one mention of it when the story names no other country, and lists: in a list of
three or more names that are mostly first-level regions ("Oregon, Utah, Washington and
Wyoming") a name that is also a region's means the region. "Greater Mumbai" is read as the
city; "Salinas Valley", "Hamilton Township" or "Catawba River", unknown to the gazetteer,
as the town of that name (a river's town lies on it); "Da Nang International Airport", "Bagram
Air Base" or "Port of Los Angeles", likewise unknown, as the town it serves
(places_context.json facility_names).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass

from ..context import Context
from ..knowledge.datelines import labels
from ..knowledge.gazetteer import (
    ADM1,
    ADM2,
    CITY,
    COUNTRY,
    REGION,
    DocContext,
    Entry,
    Gazetteer,
    Resolved,
    load_context_rules,
    load_gazetteer,
    load_locale_rules,
)
from ..knowledge.gazetteer_index import STREET_WORD
from ..knowledge.outlets import load_outlet_regions, outlet_key
from ..knowledge.place_relations import Relation, load_relations
from ..model import AnnotatedDoc, Entity, Place
from ..registry import components
from ._names import KNOWN_NAMES

LOCATIVE = frozenset(
    "in near at outside from around across into to toward towards inside outskirts via".split()
)
_QUALIFIER = re.compile(r",\s*((?:[A-Z][\w.]*\.?)(?:\s+[A-Z][\w.]*)?)")
_DATELINE = re.compile(r"([A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,2})(?=\s*(?:—|–|-|,|\())")
_ORG_LIKE = re.compile(r"[.@/\d]|\.(?:com|net|org|ua|ru)\b", re.I)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_DIRECTIONS = frozenset(
    "north south east west northeast northwest southeast southwest northern southern eastern "
    "western central upper lower north-east north-west south-east south-west".split()
)
# "the state of Washington", "the Province of Quebec": a region word before the name
_ADMIN_BEFORE = re.compile(
    r"\b(?i:state|province|region|county|oblast|governorate|prefecture|district) of\s+$"
)
_THE = re.compile(r"^[Tt]he\s+")
# a disease named after a place ("West Nile virus", "Rift Valley fever", "Spanish flu")
_DISEASE_AFTER = re.compile(r"[\s-]+(?i:virus(?:es)?|fever|flu|influenza|disease|encephalitis|hemorrhagic)\b")
# generic words after a town's name that make a feature of it, not a region to prefer
_NEAR_SUFFIXES = frozenset({"Valley", "Township", "River"})


def _feature_of(name: str, surface: str) -> bool:
    """Is ``name`` the town a valley, river or township of ``surface`` is read as ("Salinas"
    for "Salinas Valley")? A unit word after it then describes the feature, not the town:
    "the Salinas Valley region of California" is no first-level region called Salinas."""
    head, _, last = surface.rpartition(" ")
    return name == head and last in _NEAR_SUFFIXES


# what separates the items of a list of places: "Ohio, Utah and Washington"
_LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+)")
# "Hitchcock and Hayes counties", "Douglas, Sarpy and Lancaster counties": a plural admin
# word after a list makes every name of the list a region
_PLURAL_ADMIN = re.compile(
    r"(?:(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+)[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)?){0,6}"
    r",?\s+(?i:counties|parishes|regions|provinces|oblasts|districts|governorates|prefectures)\b"
)


# capitalised words, and what may stand between the words of one name ("North Druid Hills",
# "Greenbrier-Pocahontas"): PlaceFinder._inner_name
_CAP_WORD = re.compile(r"[A-Z][\w'’.]*")
_WORD_GAP = re.compile(r"[ -]")

# a compass word after a name, as in "Mashonaland West" (PlaceFinder._compass_after)
_COMPASS_AFTER = re.compile(
    r"[ -](?:North|South|East|West|Central|Northeast|Northwest|Southeast|Southwest)\b"
)

# "X (Y)", "X (Y district)": the name in brackets after another
_BRACKET_AFTER = re.compile(r"\s*\(\s*((?:[A-Z][\w'’.-]*)(?:\s+[\w'’.-]+){0,3}?)\s*\)")


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    text: str  # the name to look up (suffix stripped)
    entity: int | None  # index into doc.entities
    admin_only: bool = False
    qualifier: tuple[str, str | None] | None = None
    demonym: bool = False
    fac: bool = False
    level: str | None = None  # an entry kind the context demands (ADM1 in a list of states)
    unit: str | None = None  # the unit or settlement word next to it ("lga", "district", "village")
    parent: int | None = None  # index of the mention naming the unit it lies in ("X, Y district")


class PlaceFinder:
    def __init__(self, gaz: Gazetteer, default_country: str | None = None, demonyms: bool = True) -> None:
        self.gaz = gaz
        self.rules = gaz.rules
        self.ctx_rules = load_context_rules()
        self.relations = load_relations()
        self.demonyms = demonyms
        c = gaz.countries.by_iso3.get(default_country or "")
        self.default_cc = c.iso2 if c else None
        self.locale = load_locale_rules().locale

    # -- recognition ---------------------------------------------------------------------

    def _not_place(self, text: str) -> bool:
        # a bare compass word is a piece of a name NER split ("South" of "South Charleston")
        if text in self.rules.not_places or text.lower() in _DIRECTIONS:
            return True
        if self.gaz.is_known(text) or self.gaz.state_code(text) or text in self.rules.aliases:
            return False
        if _ORG_LIKE.search(text):
            return True
        # "Interfax-Ukraine", "Reuters-Moscow": an unknown word glued to a country name
        head, sep, tail = text.partition("-")
        return bool(sep) and (tail in self.gaz.countries.by_name or head in self.gaz.countries.by_name)

    def _split_suffix(self, text: str) -> tuple[str, bool]:
        # an upper-case headline or dateline word ("WASHINGTON") is looked up as a name
        if text.isupper() and len(text) > 3 and text not in self.gaz.countries.by_name:
            text = text.title()
        words = text.rsplit(" ", 1)
        if len(words) == 2 and words[1] in self.rules.admin_suffixes and not self.gaz.is_known(text):
            return words[0], True
        # "Salinas Valley", "Hamilton Township", "St. Marys River" missing from the gazetteer:
        # the town named after them (or that names them) lies in them or on them
        # (a post-office town's whole name is kept: "Lore City" is no town called Lore)
        whole = self.gaz.is_known(text) or self.gaz.is_post_town(text)
        if len(words) == 2 and words[1] in _NEAR_SUFFIXES and not whole:
            if self.gaz.is_known(words[0]):
                return words[0], False
        # "Da Nang International Airport", "Port of Los Angeles" missing from the gazetteer:
        # the town it is named after and serves (places_context.json facility_names)
        for pattern in self.ctx_rules.facility:
            m = pattern.fullmatch(text)
            if m is not None and not self.gaz.is_known(text) and self.gaz.is_known(m["town"]):
                return m["town"], False
        # "Nganzai LGA", "Dighinala upazila", "Pazigyi village", "Sinjar district"
        unit = self._unit_suffix(text)
        known = whole or text in self.rules.aliases or text in self.gaz.countries.by_name
        if unit is not None and not known:
            head = text[: unit[0]].rstrip()
            if head and self.gaz.is_known(head):
                return head, unit[1] in self.ctx_rules.units
            if head and head[0].isupper() and unit[1] in self.ctx_rules.units:
                return head, True
        return self._metro(text), False

    def _unit_suffix(self, text: str) -> tuple[int, str] | None:
        """(offset, lower-case word) of a unit or settlement word ending ``text``."""
        last = None
        for last in self.ctx_rules.word_after.finditer(text):  # noqa: B007  (the last match)
            pass
        if last is None or last.end() != len(text):
            return None
        return last.start(), " ".join(last["w"].lower().split())

    def _unit_named(self, text: str) -> bool:
        """ "Nganzai LGA", "Kokang zone" tagged ORG: a name the gazetteer knows, then a unit word
        (not "Santa Ana Unified School District")."""
        unit = self._unit_suffix(text)
        if unit is None:
            return False
        head = text[: unit[0]].strip()
        return 0 < len(head.split()) <= 3 and self.gaz.is_known(head)

    def unit_word(self, doc_text: str, start: int, end: int) -> str | None:
        """The unit or settlement word a mention carries: in its span ("Nganzai LGA"), right
        after it ("Rajouri district", "Motyzhyn village") or before it ("the town of Jermuk")."""
        inner = self._unit_suffix(doc_text[start:end])
        if inner is not None:
            return inner[1]
        m = self.ctx_rules.word_after.match(doc_text, end, min(len(doc_text), end + 40))
        if m is not None:
            return " ".join(m["w"].lower().split())
        b = self.ctx_rules.word_before.search(doc_text, max(0, start - 40), start)
        return " ".join(b["w"].lower().split()) if b is not None else None

    def cue(self, doc_text: str, start: int, end: int, parsed=None) -> bool:
        """Does the text around a name say it is a place? A place or unit word next to it ("the
        town of X", "X village", "X LGA"), a relative phrase ("20 km north of X", "on the
        outskirts of X", "20 km from X": knowledge/place_relations.py), an attack on it ("a
        strike on X"), a region in brackets after another place ("(Meta)"), or being the object
        of a verb of taking or striking ("gangs attacked X"): context patterns of
        data/places_context.json."""
        r = self.ctx_rules
        lo = max(0, start - 40)
        if self.unit_word(doc_text, start, end) is not None:
            return True
        if r.relative.search(doc_text, lo, start) or r.attack_on.search(doc_text, lo, start):
            return True
        if self.relations.before(doc_text, start) is not None:  # "on the outskirts of X", "20 km from X"
            return True
        if re.search(r"\w\s*\(\s*$", doc_text[lo:start]) and re.match(r"\s*\)", doc_text[end : end + 3]):
            return True
        # "Omagh (County Tyrone)", "Mapiripan (Meta)": a region in brackets after the name
        m = _BRACKET_AFTER.match(doc_text, end, min(len(doc_text), end + 60))
        if m is not None and any(
            e.kind in (COUNTRY, ADM1, ADM2) for e, _ in self.gaz.candidates(self._split_suffix(m[1])[0])
        ):
            return True
        if parsed is not None:
            span = parsed.char_span(start, end, alignment_mode="expand")
            if span is not None:
                root = span.root
                while root.dep_ in ("conj", "appos") and root.head.i != root.i:
                    root = root.head
                if root.dep_ in ("dobj", "nsubjpass") and root.head.lemma_.lower() in r.object_verbs:
                    return True
        return False

    def _metro(self, text: str) -> str:
        """ "Greater Mumbai" when only the city is known: the city stands for its metropolis."""
        if text.startswith("Greater ") and not self.gaz.is_known(text) and self.gaz.is_known(text[8:]):
            return text[8:]
        return text

    def _qualifier_after(self, doc_text: str, end: int, name: str) -> tuple[str, str | None] | None:
        """ "Paris, Texas" -> ("US", "TX"); only when a place of that name lies there, so a
        list ("California, Colorado, Georgia") is no chain of qualifiers."""
        m = _QUALIFIER.match(doc_text, end, min(len(doc_text), end + 40))
        if m is None:
            return None
        q = m.group(1).rstrip(",")
        readings = self.gaz.qualifiers(q) or self.gaz.qualifiers(q.split()[0])
        if not readings:
            return None
        if self.gaz.state_code(q) is not None or self.gaz.state_code(q.split()[0]) is not None:
            # an abbreviation ("Greenwood, W. Va.") qualifies even a town too small for
            # the gazetteer: resolution then falls back to the state
            return readings[0]
        if readings[0][1] is None and name in self.gaz.countries.by_name:
            return readings[0]
        # "Georgia, Oklahoma, Pennsylvania": a region named in full after another region's
        # name is the next item of a list
        if self.gaz.qualifier(name) is not None:
            return None
        cands = self.gaz.candidates(name)
        for cc, a1 in readings:
            if any(e.cc == cc and (a1 is None or e.admin1 == a1) for e, _ in cands):
                return cc, a1
        return None

    @staticmethod
    def _admin_before(doc_text: str, start: int) -> bool:
        return _ADMIN_BEFORE.search(doc_text, max(0, start - 20), start) is not None

    def _suffix_after(self, doc_text: str, end: int) -> bool:
        nxt = doc_text[end : end + 14].split(maxsplit=1)
        if nxt and nxt[0].rstrip(".,;") in self.rules.admin_suffixes:
            return True
        return _PLURAL_ADMIN.match(doc_text, end, min(len(doc_text), end + 120)) is not None

    def _looks_local(
        self,
        text: str,
        prev_word: str,
        doc_ccs: set[str],
        person_words: set[str],
        kind: str,
        doc_a1: frozenset[tuple[str, str]] | set[tuple[str, str]] = frozenset(),
        cue: bool = False,
    ) -> bool:
        """Should a PERSON/ORG/unlabelled ("bare") name be read as a place? ``cue``: the text
        around it says it is one (``cue()``), which counts like a locative preposition."""
        if text in self.rules.not_places or text in self.rules.stopwords:
            return False
        if text not in self.rules.region_demonyms:  # "NSW", "Zaire" (not "Europeans")
            text = self.rules.aliases.get(text, text)
        if text in self.gaz.countries.by_name:
            return True
        every = self.gaz.candidates(text)
        # a primary name, or a transliteration ("Avdiivka" for GeoNames' "Avdiyivka")
        cands = [e for e, primary in every if primary or e.kind != CITY]
        if any(e.kind in (COUNTRY, REGION, ADM1) for e in cands):
            return True
        if (prev_word in LOCATIVE or cue) and any(p or e.population >= 1000 for e, p in every):
            return True
        if text in person_words:  # "Clinton" after "Hillary Clinton" is a person
            return False
        if any(e.population >= 100_000 for e in cands):
            return True
        if kind == "bare":  # no NER label at all: only big places or after "in/near/at"
            return False
        # a lone one-word "person" never introduced by full name that is a town of some size
        # in a country the story is about: spaCy's usual mistake on Ukrainian towns
        least = 20_000 if kind == "person" else 1000
        if any(e.cc in doc_ccs and e.population >= least for e, _ in every):
            return True
        # an organisation-tagged town of the state the story names ("Torrington" in a story
        # naming Connecticut): local news names its state far more often than its country
        return kind == "org" and any(
            (e.cc, e.admin1) in doc_a1 and e.population >= least for e, p in every if p and e.kind == CITY
        )

    def find(self, doc: AnnotatedDoc) -> list[Mention]:
        text = doc.text
        ents = doc.entities
        mentions: list[Mention] = []
        doc_ccs = {self.default_cc} if self.default_cc else set()
        doc_a1: set[tuple[str, str]] = set()
        for e in ents:
            if e.label in ("GPE", "LOC") and e.text in self.gaz.countries.by_name:
                doc_ccs.add(self.gaz.countries.by_name[e.text].iso2)
            elif e.label in ("NORP", "GPE", "LOC") and e.text in self.gaz.countries.by_demonym:
                doc_ccs.add(self.gaz.countries.by_demonym[e.text].iso2)
            elif e.label in ("GPE", "LOC") and (hit := self.gaz.unambiguous_country(e.text)) is not None:
                # a local story names its state, rarely its country ("Connecticut")
                if hit[1] is not None:
                    doc_a1.add((hit[0], hit[1]))
        person_words = {w for e in ents if e.label == "PERSON" and " " in e.text for w in e.text.split()}
        # people and bodies the entity layer found in the actor knowledge ("Google"): no place
        known = doc.nlp.user_data.get(KNOWN_NAMES, ()) if doc.nlp is not None else ()
        covered: list[tuple[int, int]] = []

        for i, e in enumerate(ents):
            covered.append((e.start, e.end))
            prev_word = text[max(0, e.start - 12) : e.start].split()[-1:] or [""]
            prev = prev_word[0].lower()
            demonym = self.gaz.countries.by_demonym.get(e.text)
            if demonym is not None and e.text not in self.gaz.countries.by_name:
                # "Ukrainian" is sometimes tagged GPE; either way it names a country, not a place
                if self.demonyms and e.label in ("NORP", "GPE", "LOC"):
                    mentions.append(Mention(e.start, e.end, demonym.name, i, demonym=True))
            elif e.text in self.rules.region_demonyms and e.label in ("NORP", "GPE", "LOC"):
                # "Ohioans", "Dagestani": the same for a region or a continent
                if self.demonyms:
                    region = self.rules.region_demonyms[e.text]
                    mentions.append(Mention(e.start, e.end, region, i, demonym=True))
            elif e.label in ("NORP", "FAC") and self._looks_local(
                e.text,
                prev,
                doc_ccs,
                person_words,
                "bare" if e.label == "NORP" else "org",
                doc_a1,
                self.cue(text, e.start, e.end, doc.nlp),
            ):
                # a place the model took for a group or a building ("Punjab", "Toruń" as NORP;
                # "Vatican", "Weybridge" as FAC): countries, regions, big places, or towns
                # after "in/near/at"
                e.label = "GPE"
                self._add(mentions, text, e.start, e.end, i)
            elif e.label in ("GPE", "LOC"):
                if self._not_place(e.text) or self.relations.is_direction(text, e.start, e.end):
                    continue  # (a compass abbreviation in "12 km NE of Idlib")
                parts = self._comma_parts(e)
                for start, end in parts:
                    self._add(mentions, text, start, end, i)
            elif ((e.start, e.end) not in known or e.text in self.gaz.countries.by_name) and (
                # "Google" from the actor knowledge: no town; "Vatican" (the Holy See) still a state
                (e.label in ("PERSON", "ORG", "PRODUCT", "WORK_OF_ART") and " " not in e.text.strip())
                or e.label == "PERSON"
                or (e.label in ("ORG", "PRODUCT") and self._unit_named(e.text))
            ):
                name, _ = self._split_suffix(e.text)
                kind = "person" if e.label == "PERSON" else "org"
                # "Hitchcock and Hayes counties": a region word after the name settles it
                county = self._suffix_after(text, e.end) and any(
                    c.kind in (ADM1, ADM2) for c, _ in self.gaz.candidates(name)
                )
                cue = self.cue(text, e.start, e.end, doc.nlp)
                if county or self._looks_local(name, prev, doc_ccs, person_words, kind, doc_a1, cue):
                    region = any(c.kind == REGION for c, _ in self.gaz.candidates(name))
                    e.label = "LOC" if region else "GPE"
                    self._add(mentions, text, e.start, e.end, i)
            elif e.label == "ORG" and " " in e.text and self._whole_region(_THE.sub("", e.text)):
                # "Uttar Pradesh", "the European Union" tagged ORG: a region's own name is a place
                name = _THE.sub("", e.text)
                e.label = "LOC" if any(c.kind == REGION for c, _ in self.gaz.candidates(name)) else "GPE"
                self._add(mentions, text, e.end - len(name), e.end, i)
            elif e.label in ("ORG", "FAC") and " " in e.text and self._org_place(mentions, text, e, i):
                pass
            elif e.label == "FAC":
                mentions.append(Mention(e.start, e.end, e.text, i, fac=True))
        mentions.extend(self._missed(doc, covered, doc_ccs, person_words))
        mentions.extend(self._datelines(doc, covered))
        mentions.extend(self._locators(doc, covered, person_words, known))
        mentions.extend(self._party_homes(doc, mentions))
        # "West Nile virus", "Marburg fever": a place's name in a disease's name is no toponym
        mentions = [m for m in mentions if _DISEASE_AFTER.match(text, m.end) is None]
        mentions.sort(key=lambda m: m.start)
        return mentions

    def _org_place(self, mentions: list[Mention], text: str, e: Entity, i: int) -> bool:
        """A region or country named inside an organisation or facility name ("Ohio Department
        of Transportation", "University of Georgia", "Madison County Jail") is a toponym of its
        own; the entity keeps its label."""
        words = e.text.split(" ")
        for n in (3, 2, 1):
            head = " ".join(words[:n])
            if n >= len(words):
                continue
            local = (
                words[n] in self.rules.org_tails
                and self.gaz.is_known(head)
                and head not in self.rules.stopwords
            )
            if local or self._is_region(head):
                self._add(mentions, text, e.start, e.start + len(head), i)
                return True
        if len(words) >= 3 and words[0].lower() in _DIRECTIONS:
            # "Northeast Georgia Medical Center", "Western Pennsylvania Kennel Association": a
            # body named after part of a region names the region (not "North Carolina State
            # University", whose compass word is part of the name: the loop above took it)
            for n in (2, 1):
                head = " ".join(words[1 : 1 + n])
                if 1 + n < len(words) and self._is_region(head):
                    start = e.start + len(words[0]) + 1
                    self._add(mentions, text, start, start + len(head), i)
                    return True
        if len(words) >= 3 and words[-2] == "of" and self._is_region(words[-1]):
            start = e.end - len(words[-1])
            self._add(mentions, text, start, e.end, i)
            return True
        return False

    def _whole_region(self, name: str) -> bool:
        """A country, first-level region or world region's own (primary) name."""
        if name in self.gaz.countries.by_name:
            return True
        return any(e.kind in (ADM1, REGION) and p for e, p in self.gaz.candidates(name))

    def _is_region(self, name: str) -> bool:
        if name.lower() in _DIRECTIONS:  # "East" of "East Cambridgeshire District Council"
            return False
        if name in self.gaz.countries.by_name or name in self.rules.state_abbreviations:
            return True
        # (a district of the larger index is no reason to cut an organisation's name: "Real IRA")
        return any(
            e.kind == ADM1 or (e.kind == ADM2 and not e.source)
            for e, primary in self.gaz.candidates(name)
            if primary
        )

    def _comma_parts(self, e: Entity) -> list[tuple[int, int]]:
        """'Paris, Texas' tagged as one entity -> two toponyms (the gold standards do this)."""
        if ", " not in e.text:
            return [(e.start, e.end)]
        out, pos = [], e.start
        for piece in e.text.split(", "):
            if piece.strip():
                out.append((pos, pos + len(piece)))
            pos += len(piece) + 2
        return out

    def _add(self, mentions: list[Mention], text: str, start: int, end: int, entity: int | None) -> None:
        end, lookup = self._trim(text, start, end)
        name, admin = self._split_suffix(lookup)
        unit = self.unit_word(text, start, end)
        admin = admin or self._suffix_after(text, end) or self._admin_before(text, start)
        if unit is not None and unit in self.ctx_rules.settlement and unit not in self.ctx_rules.units:
            admin = False  # "Kuriga village"
        if _feature_of(name, lookup):
            unit, admin = None, False
        mentions.append(
            Mention(start, end, name, entity, admin, self._qualifier_after(text, end, name), unit=unit)
        )

    def _trim(self, text: str, start: int, end: int) -> tuple[int, str]:
        """NER spans often carry more than the toponym: a possessive ("Boone County's"),
        a direction ("Northeast Georgia", "Southern California": looked up without it, the
        span kept) or an institution after it ("Anderson County Jail", "Las Vegas City
        Marshal": the span is cut to the place). Returns the new end and the name to look up."""
        surface = _POSSESSIVE.sub("", text[start:end])
        end = start + len(surface)
        if self._known(surface):
            return end, surface
        words = surface.split(" ")
        if len(words) >= 2 and words[0].lower() in _DIRECTIONS and self._known(" ".join(words[1:])):
            return end, " ".join(words[1:])
        for n in range(len(words) - 1, 0, -1):
            head = " ".join(words[:n])
            if not self._known(head) or head in self.rules.stopwords:
                continue
            longer = n >= 2 and words[0].lower() not in _DIRECTIONS  # not "South West" England
            if words[n - 1] in self.rules.admin_suffixes or words[n] in self.rules.org_tails or longer:
                return start + len(head), head
            break
        return end, surface

    def _known(self, name: str) -> bool:
        name, _ = self._split_suffix(name)
        return self.gaz.is_known(name) or self.gaz.state_code(name) is not None

    def _datelines(self, doc: AnnotatedDoc, covered: list[tuple[int, int]]) -> list[Mention]:
        """Upper-case datelines opening a sentence ("TORRINGTON — ...", "KYIV, Ukraine (AP)")."""
        out = []
        for sent in doc.sentences:
            m = _DATELINE.match(doc.text, sent.start, sent.end)
            if m is None:
                continue
            start, end = m.span(1)
            name = m.group(1).title()
            if any(s < end and start < e for s, e in covered) or not self.gaz.is_known(name):
                continue
            doc.entities.append(Entity(start, end, m.group(1), "GPE"))
            out.append(Mention(start, end, name, None, qualifier=self._qualifier_after(doc.text, end, name)))
        if out:
            doc.entities.sort(key=lambda e: e.start)
        return out

    def _locators(
        self,
        doc: AnnotatedDoc,
        covered: list[tuple[int, int]],
        person_words: set[str],
        known: Collection[str],
    ) -> list[Mention]:
        """The places of a note's opening locator ("Sanaa: Houthi leader threatens ...",
        "Dahyan market, Saada: coalition airstrike hits ...", "Mariupol/Azovstal: ..."), which
        NER often leaves untagged: each comma- or slash-separated part the gazetteer knows as
        a place where a place is expected (the locator is the cue), unless a person or body of
        the actor knowledge bears the name ("Obama: ..." is a speaker's label)."""
        out = []
        for a, b in labels(doc.text):
            for part in re.finditer(r"[^,/:]+", doc.text[a:b]):
                name = part.group().strip()
                if not name or not name[0].isupper():
                    continue
                start = a + part.start() + part.group().index(name)
                end = start + len(name)
                if name in known or name in person_words:
                    continue
                # NER's guess at a bare name in a note's locator ("Saada" as a nationality)
                # gives way; a place or a longer name it found stays
                same = next((e for e in doc.entities if (e.start, e.end) == (start, end)), None)
                if same is None and any(s < end and start < e for s, e in covered):
                    continue
                if same is not None and same.label not in ("NORP", "PERSON", "ORG"):
                    continue
                if self._looks_local(name, "", set(), person_words, "bare", cue=True):
                    if same is not None:
                        same.label = "GPE"
                    else:
                        doc.entities.append(Entity(start, end, name, "GPE"))
                    out.append(Mention(start, end, name, None))
        if out:
            doc.entities.sort(key=lambda e: e.start)
        return out

    def _party_homes(self, doc: AnnotatedDoc, mentions: list[Mention]) -> list[Mention]:
        """A legislator's home after the party letter ("Rep. Jane Doe, D-Springfield", "(R-Fergus
        Falls)", "both D-W. Va."; places_context.json party_home): the longest run of its words
        the gazetteer knows as a place or a state's abbreviation. NER leaves it untagged, takes
        it for a person or a body, glues it to the letter ("R-Wadena") or splits it ("Detroit"
        and "Lakes" of "R-Detroit Lakes"); such entities inside the label give way to the
        whole name, and places read from a piece of it are dropped (``mentions`` is edited)."""
        out = []
        for m in self.ctx_rules.party_home.finditer(doc.text):
            start = m.start("name")
            ends = [w.end() for w in _CAP_WORD.finditer(doc.text, start, m.end("name"))]
            end, name = None, ""
            for e in reversed(ends):
                for cut in (e, e - 1) if doc.text[e - 1] == "." else (e,):
                    if self._known(doc.text[start:cut]):
                        end, name = cut, doc.text[start:cut]
                        break
                if end is not None:
                    break
            if end is None or self._not_place(name):
                continue
            inside = [e for e in doc.entities if e.start < end and start < e.end]
            pieces = [x for x in mentions if x.start < end and start < x.end]
            if any(e.start < m.start() or e.end > end for e in inside) or any(
                x.start < start or x.end > end or (x.start, x.end) == (start, end) for x in pieces
            ):
                continue  # NER's span reaches beyond the label, or the whole name is read already
            for x in pieces:
                mentions.remove(x)
            for e in inside:
                doc.entities.remove(e)
            doc.entities.append(Entity(start, end, name, "GPE"))
            out.append(Mention(start, end, name, None, qualifier=self._qualifier_after(doc.text, end, name)))
        if out:
            doc.entities.sort(key=lambda e: e.start)
        return out

    def _missed(
        self, doc: AnnotatedDoc, covered: list[tuple[int, int]], doc_ccs: set[str], person_words: set[str]
    ) -> list[Mention]:
        """Runs of title-case proper nouns that NER left without a named-entity label
        ("Kyiv said ...", "a farm in Przewodów"): places when _looks_local agrees."""
        parsed = doc.nlp
        if parsed is None:
            return []
        out: list[Mention] = []
        toks = list(parsed)
        i = 0
        while i < len(toks):
            tok = toks[i]
            if tok.pos_ != "PROPN" or not tok.is_title or self._inside(tok.idx, covered):
                i += 1
                continue
            j = i
            while j + 1 < len(toks) and toks[j + 1].pos_ == "PROPN" and toks[j + 1].is_title:
                j += 1
            span = parsed[i : j + 1]
            start, end = span.start_char, span.end_char
            prev = toks[i - 1].lower_ if i else ""
            name = self._metro(span.text)
            if not any(s < end and start < e for s, e in covered) and self._looks_local(
                name, prev, doc_ccs, person_words, "bare", cue=self.cue(doc.text, start, end, parsed)
            ):
                doc.entities.append(Entity(start, end, span.text, "GPE"))
                out.append(
                    Mention(start, end, name, None, qualifier=self._qualifier_after(doc.text, end, name))
                )
            i = j + 1
        if out:
            doc.entities.sort(key=lambda e: e.start)
        return out

    @staticmethod
    def _inside(offset: int, covered: list[tuple[int, int]]) -> bool:
        return any(s <= offset < e for s, e in covered)

    # -- resolution ----------------------------------------------------------------------

    def context(
        self, mentions: list[Mention], doc_text: str = "", home: tuple[str, str] | None = None
    ) -> DocContext:
        """The document's context from its mentions; with ``doc_text``, also the country whose
        press conventions the text follows (data/places_locale.json), counted as one mention
        of it when the story names no other country and the outlet's country is not known.
        ``home``: (ISO2, admin1 code) of the outlet's home region (knowledge/outlets.py), whose
        country is then the outlet's country unless ``default_country`` says otherwise."""
        default_cc = self.default_cc or (home[0] if home else None)
        ctx = DocContext(default_country=default_cc, home=home)
        if default_cc:  # the outlet's country counts as one mention of it
            ctx.countries[default_cc] += 1
        seen: set[str] = set()
        for m in mentions:
            # each distinct name votes once: ten "Paris" do not make a story French
            if m.fac or m.text in seen:
                continue
            seen.add(m.text)
            if m.qualifier is not None:
                cc, a1 = m.qualifier
                ctx.countries[cc] += 1
                if a1:
                    ctx.admin1[(cc, a1)] += 1
            hit = self.gaz.unambiguous_country(m.text)
            if hit is not None:
                cc, a1 = hit
                ctx.voters[m.text] = hit
                ctx.countries[cc] += 0.5 if m.demonym else 1
                if a1:
                    ctx.admin1[(cc, a1)] += 1
                if self._names_country(m, cc):
                    ctx.named.setdefault(cc, set()).add(m.text)
            if m.qualifier is not None:
                ctx.named.setdefault(m.qualifier[0], set()).add(f"{m.text}, qualified")
        if doc_text and not default_cc:
            cc = self.locale(doc_text)
            if cc is not None and not any(n > 0 for c, n in ctx.countries.items() if c != cc):
                ctx.countries[cc] += 1
        return ctx

    def _names_country(self, m: Mention, cc: str) -> bool:
        """Does this mention name its country outright: the country, its demonym, or a
        first-level region or district of it whose name nothing outside that country bears
        ("Kayah", "Nganzai LGA"; not "Kent", a county in England and a town in Connecticut)?"""
        if m.demonym or m.text in self.gaz.countries.by_name:
            return True
        cands = self.gaz.candidates(m.text)
        return (
            bool(cands)
            and all(e.cc == cc for e, _ in cands)
            and any(e.kind in (ADM1, ADM2) for e, _ in cands)
        )

    def mention(self, doc_text: str, start: int, end: int) -> Mention:
        """A mention over a given span (gold spans in benchmarks), with suffix and qualifier."""
        name, admin = self._split_suffix(doc_text[start:end])
        admin = admin or self._suffix_after(doc_text, end) or self._admin_before(doc_text, start)
        unit = self.unit_word(doc_text, start, end)
        if _feature_of(name, doc_text[start:end]):
            unit, admin = None, False
        return Mention(start, end, name, None, admin, self._qualifier_after(doc_text, end, name), unit=unit)

    def resolve(
        self,
        mentions: list[Mention],
        doc_text: str,
        context: DocContext | None = None,
        home: tuple[str, str] | None = None,
    ) -> list[Place]:
        context = context or self.context(mentions, doc_text, home)
        self._region_lists(mentions, doc_text)
        # a name only ever named as the seat of a body ("the Houston-based contractor") lies
        # off the story's ground: no spatial witness, and not pulled by the story's towns
        seat = self.ctx_rules.seat_after
        context.seats = {m.text for m in mentions if seat.match(doc_text, m.end)}
        context.seats -= {m.text for m in mentions if not seat.match(doc_text, m.end)}
        for text in {m.text for m in mentions if not (m.fac or m.demonym)}:
            self.gaz.add_support(context, text)
            if text not in context.seats:
                self.gaz.add_points(context, text)
        # "Dhangri, Rajouri district", "Bounti (Douentza cercle)": the unit a place lies in
        # is resolved first and keeps the place's candidates inside it
        inside = self._parents(mentions, doc_text, context)
        # Pass 1 fixes the places that have few namesakes; their points and regions then
        # pull the ambiguous ones ("Gainesville" near "Hall County" and "Atlanta").
        for m in mentions:
            if m.fac or m.demonym:
                continue
            res = self._resolve_one(m, context, inside)
            if res is not None and res.entry.kind == ADM1 and m.text not in context.voters:
                # a first-level region the story reads under its own name votes for itself
                # although small namesakes abroad kept it from voting before ("Florida" in a
                # US story: Uruguay's department of Florida blurs the name alone)
                self._region_read(m, res.entry, context)
            if res is None or res.entry.kind not in (CITY, ADM2):
                continue
            if m.qualifier is not None or self.gaz.namesakes(m.text) == 1:
                context.anchors.setdefault(m.text, (res.entry.lat, res.entry.lon))
                if res.entry.admin1:
                    context.admin1[(res.entry.cc, res.entry.admin1)] += 1
        # Pass 2: a first guess for every name; the regions most guesses fall in then favour
        # their namesakes (a local story's towns share a state), a name never voting for itself
        for m in mentions:
            if m.fac or m.demonym or m.text in context.guesses:
                continue
            res = self._resolve_one(m, context, inside)
            if res is not None and res.entry.admin1 and res.entry.kind in (CITY, ADM2):
                context.guesses[m.text] = (res.entry.cc, res.entry.admin1)
        places: list[Place] = []
        last_city: Place | None = None
        pending_fac: list[Mention] = []
        for m in mentions:
            surface = doc_text[m.start : m.end]
            if m.fac:
                pending_fac.append(m)
                continue
            res = self._resolve_one(m, context, inside)
            if res is None:
                # "West Virginia Democratic Party", "North Druid Hills Road" taken for a place
                # name: the place is the name inside it; "Mashonaland" of "Mashonaland West",
                # the name with the compass word after it
                part = self._inner_name(m, doc_text, context) or self._compass_after(m, doc_text, context)
                if part is not None:
                    (m.start, m.end), res = part
                    surface = doc_text[m.start : m.end]
            if res is None:
                places.append(Place(m.start, m.end, surface))
                continue
            e = res.entry
            place = Place(
                m.start, m.end, surface, e.name, e.geonameid, res.iso3, res.admin1_name,
                e.lat, e.lon, e.feature, e.population or None,
            )  # fmt: skip
            self._relate(place, m, e, doc_text)
            places.append(place)
            if e.kind in (CITY, ADM2):
                last_city = place
                # a street or building is placed in the city named in the same stretch of text
                for f in pending_fac:
                    if 0 <= m.start - f.end <= 60:
                        places.append(self._fac(f, doc_text, place))
                pending_fac = []
        for f in pending_fac:
            if last_city is not None and 0 <= f.start - last_city.end <= 60:
                places.append(self._fac(f, doc_text, last_city))
        places.sort(key=lambda p: p.start)
        self._in_story_area(places)
        return places

    def _in_story_area(self, places: list[Place]) -> None:
        """A name no source holds (a lake, a park, a river, a village or a neighbourhood:
        "Lake Harriet", "the Hardeetown area") lies, as a guess, around the town or district
        the text names nearest to it: the place takes that town's name, id and point, relation
        "area" and radius ``story_area.radius_km`` (data/places_context.json). A story that
        names no town or district leaves it without a point."""
        towns = [
            p for p in places
            if p.lat is not None and p.feature is not None
            and (p.feature.startswith("P.") or p.feature in ("A.ADM2", "A.ADM3", "A.ADM4"))
        ]  # fmt: skip
        if not towns:
            return
        for p in places:
            if p.lat is not None:
                continue
            t = min(towns, key=lambda t: abs(t.start - p.start))
            p.name, p.geonameid, p.country, p.admin1 = t.name, t.geonameid, t.country, t.admin1
            p.lat, p.lon, p.feature, p.population = t.lat, t.lon, t.feature, t.population
            p.relation, p.radius_km = "area", self.ctx_rules.story_area_km

    def _inner_name(
        self, m: Mention, doc_text: str, context: DocContext
    ) -> tuple[tuple[int, int], Resolved] | None:
        """A name no rule resolves ("West Virginia Democratic Party", "Eastern Illinois Area of
        Special Education", "United Way of America": NER took a body for a place) names the
        country, first-level or world region inside it: the longest run of capitalised words
        that is one's own name; or the town a street or a body is named after, when only such
        words follow it ("North Druid Hills Road"; not "Edgar Springs", no town called Edgar,
        nor "Pearl Harbor"). Its span and resolution, or None."""
        words = [(w.start(), w.end()) for w in _CAP_WORD.finditer(doc_text, m.start, m.end)]
        best: tuple[tuple[int, int], tuple[int, int]] | None = None
        for i, j in itertools.combinations_with_replacement(range(len(words)), 2):
            start, end = words[i][0], words[j][1]
            if (start, end) == (m.start, m.end) or not all(
                _WORD_GAP.fullmatch(doc_text, words[k][1], words[k + 1][0]) for k in range(i, j)
            ):
                continue
            name = doc_text[start:end]
            if name in self.rules.stopwords or name.lower() in _DIRECTIONS or self._not_place(name):
                continue
            # (a town's name only before a street's or a body's words: "North Druid Hills Road")
            rest = doc_text[end : m.end].split()
            town = bool(rest) and all(
                w in self.rules.org_tails or STREET_WORD.fullmatch(" " + w) for w in rest
            )
            if not (self._whole_region(name) or (town and self.gaz.is_known(name))):
                continue
            key = (j - i, -i)
            if best is None or key > best[0]:
                best = (key, (start, end))
        if best is None:
            return None
        start, end = best[1]
        part = self.mention(doc_text, start, end)
        res = self._resolve_one(part, context, {})
        return None if res is None else ((start, end), res)

    def _compass_after(
        self, m: Mention, doc_text: str, context: DocContext
    ) -> tuple[tuple[int, int], Resolved] | None:
        """A name no rule resolves whose compass word NER left outside its span ("the provinces
        of Mashonaland West and Midlands": "Mashonaland" alone): the name with it, when the
        gazetteer knows that. Its span and resolution, or None."""
        nxt = _COMPASS_AFTER.match(doc_text, m.end, min(len(doc_text), m.end + 20))
        if nxt is None or not self.gaz.is_known(doc_text[m.start : nxt.end()]):
            return None
        part = self.mention(doc_text, m.start, nxt.end())
        res = self._resolve_one(part, context, {})
        return None if res is None else ((m.start, nxt.end()), res)

    def _relate(self, place: Place, m: Mention, e: Entry, doc_text: str) -> None:
        """A relative phrase before the name ("20 km north of X", "near X", "on the outskirts
        of X": knowledge/place_relations.py) puts the point relative to the named place: moved
        for an offset from a town or district (a region's or a country's representative point
        is no anchor to measure from: the relation is kept, the point not moved). A unit word
        after the name ("Gimbi district") resolved to a town means the unit's seat."""
        rel: Relation | None = self.relations.before(doc_text, m.start)
        if rel is not None:
            place.relation, place.bearing = rel.kind, rel.bearing
            place.distance_km = None if rel.distance_km is None else round(rel.distance_km, 3)
            if e.kind in (CITY, ADM2):
                place.lat, place.lon = (round(x, 6) for x in rel.point(e.lat, e.lon))
                place.radius_km = round(rel.radius_km, 3)
        elif m.unit in self.ctx_rules.units and m.unit not in self.ctx_rules.settlement and e.kind == CITY:
            place.relation = "seat"

    def _region_read(self, m: Mention, region: Entry, context: DocContext) -> None:
        """Count a first-level region read under its own name as one mention of it, as
        ``context`` counts a name that is unambiguous from the start."""
        if not region.admin1 or not any(e == region and p for e, p in self.gaz.candidates(m.text)):
            return
        context.voters[m.text] = (region.cc, region.admin1)
        context.admin1[(region.cc, region.admin1)] += 1

    def _resolve_one(self, m: Mention, context: DocContext, inside: dict[int, Entry]) -> Resolved | None:
        return self.gaz.resolve(
            m.text, context, m.qualifier, m.admin_only, level=m.level,
            unit=m.unit, inside=inside.get(id(m)),
        )  # fmt: skip

    def _parents(self, mentions: list[Mention], doc_text: str, context: DocContext) -> dict[int, Entry]:
        """For each mention followed by the unit it lies in (a gap of places_context.json's
        parent_gaps, then a unit: a unit word after the name, or a region the gazetteer knows),
        that unit's entry, keyed by id(mention)."""
        out: dict[int, Entry] = {}
        items = [m for m in mentions if not (m.fac or m.demonym)]
        for m, n in itertools.pairwise(items):
            gap = doc_text[m.end : n.start]
            if len(gap) > 60 or not any(g.fullmatch(gap) for g in self.ctx_rules.parent_gaps):
                continue
            own = self.gaz.candidates(m.text)
            if any(e.kind in (REGION, COUNTRY, ADM1) for e, _ in own) or m.text in self.gaz.countries.by_name:
                # a lake or a river is not inside a district ("Lake Chad (Kukawa LGA)"), and a
                # region before another is the item of a list ("Colorado, Georgia")
                continue
            res = self.gaz.resolve(n.text, context, n.qualifier, n.admin_only, level=n.level, unit=n.unit)
            if res is None:
                continue
            e = res.entry
            # a unit word of the unit's own country: "city" names a unit in the Philippines,
            # not in "Cambridge, Pleasant City and Lore City" (places_units.tsv)
            unitish = n.unit is not None and bool(self.gaz.unit_levels(e.cc, n.unit))
            region = e.kind in (COUNTRY, ADM1, ADM2) or (e.kind == REGION and e.cc)
            # a unit known only by its seat town ("Gimbi district") stands for the unit; a name
            # the gazetteer does not know lies in the town named after it ("a park in Dayton")
            town = e.kind == CITY and (unitish or not own)
            if not (region or town):
                continue
            if not (unitish or e.kind in (COUNTRY, ADM1) or "(" in gap or town):
                continue
            if n.unit in self.ctx_rules.settlement and n.unit not in self.ctx_rules.units:
                continue  # "X near Y town": a town is no unit
            if e.kind == ADM2 and own and all(x.kind == ADM2 and x.level <= e.level for x, _ in own):
                # a unit is not inside a unit of its own level: "Madison County, Montgomery
                # County" is a list of counties, "Kukawa LGA, Monguno LGA" of LGAs
                continue
            out[id(m)] = e
        return out

    def _region_lists(self, mentions: list[Mention], doc_text: str) -> None:
        """In a list of three or more names whose other items are mostly first-level regions
        ("Oregon, Utah, Washington and Wyoming"), a name that is also a region's ("Washington",
        "New York") means the region, not its namesake city."""
        items = [m for m in mentions if not (m.fac or m.demonym)]
        groups: list[list[Mention]] = []
        for m in items:
            prev = groups[-1][-1] if groups else None
            if prev is not None and _LIST_GAP.fullmatch(doc_text, prev.end, m.start):
                groups[-1].append(m)
            else:
                groups.append([m])
        for group in groups:
            if len(group) < 3:
                continue
            read = [self._adm1_reading(m.text) for m in group]
            for i, m in enumerate(group):
                # most other items are regions (a list of states may hold "Georgia" or "New
                # York"), of a country where this name is a region too ("Long Island" among
                # US states is no region of the Bahamas)
                others = [r for j, r in enumerate(read) if j != i]
                ccs = {r for r in others if r is not None}
                if 3 * (len(others) - others.count(None)) < 2 * len(others) or m.qualifier is not None:
                    continue
                if any(e.kind == ADM1 and p and e.cc in ccs for e, p in self.gaz.candidates(m.text)):
                    m.level = ADM1

    def _adm1_reading(self, name: str) -> str | None:
        """The country of the first-level region a name, read alone, resolves to."""
        res = self.gaz.resolve(name)
        return res.entry.cc if res is not None and res.entry.kind == ADM1 else None

    @staticmethod
    def _fac(m: Mention, doc_text: str, city: Place) -> Place:
        return Place(
            m.start, m.end, doc_text[m.start : m.end], city.name, None, city.country, city.admin1,
            city.lat, city.lon, "S.FAC", None,
        )  # fmt: skip


@components.register("places")
def make_places(ctx: Context) -> Callable[[AnnotatedDoc], None]:
    gaz = ctx.resource("gazetteer", load_gazetteer)
    opts = ctx.options("places")
    finder = PlaceFinder(gaz, opts.get("default_country"), bool(opts.get("demonyms", True)))
    # the outlets' home regions (eventwire outlets; knowledge/outlets.py): an outlet's own towns
    homes = load_outlet_regions(opts["outlets"], gaz) if opts.get("outlets") else {}

    def places(doc: AnnotatedDoc) -> None:
        key = outlet_key(doc.article) if homes else None
        home = homes.get(key) if key is not None else None
        doc.places.extend(finder.resolve(finder.find(doc), doc.text, home=home))

    return places
