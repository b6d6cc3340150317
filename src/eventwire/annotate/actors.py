"""Actor coding: who acts, as coded actor mentions (``doc.actors``) with PLOVER country + sector.

Conventions that the events and quotes layers can rely on:

* ``doc.actors`` holds non-overlapping mentions in text order; ``text[start:end] == text``. A
  mention is a whole noun phrase: determiner, modifiers, titles and possessor ("the foreign
  ministers", "Ukraine's General Staff", "Polish President Andrzej Duda"), plus an ``of`` /
  ``from`` complement naming whom they belong to ("the foreign ministers of NATO member
  countries", "officials from Kenya"). Appositions, relative clauses and "in X" complements are
  not part of the span (an "in X" still gives the country: "protesters in Tehran" -> IRN).
* An NP is an actor when its head is a known person or political family name
  (data/actors/people_*.tsv, compiled by scripts/build_actors.py; actors_surnames.tsv:
  "President Bush"), a named body (data/actors/bodies_*.tsv), a country (also data/actors_countries.tsv: "the Soviet Union" ->
  RUS), a people ("Ukrainians", "Yoruba"), a role word (data/actors_roles.tsv: "forces",
  "protesters"), or a PERSON / ORG / NORP named entity. Validity rules keep things out:
  concrete nouns ("Debris", "Missiles" even when spaCy tags them ORG), a weapon nobody owns
  ("a drone"; "Russian drones" is RUS MIL), civilian property ("homes": only what modifies it,
  "Palestinian homes" -> PSE CVL), a settlement or "countries" as a location ("in the town";
  "shelled the town" is CVL), and "opposition to X" (a stance, not a party). Countries are actors except as
  locative complements ("in Ukraine", "across Ukraine"). Capitals and metonyms ("Moscow",
  "Kyiv", "Brussels") are actors (the state: no sector) only when they act: subject, object, passive agent,
  object of with / against / by / for / between, or possessor ("Moscow's decision"); an
  apposition or conjunct acts when its head does ("in the capital, Kabul" does not); a
  capital named as a town ("the town of Kabul", "the regional capital Juba") is CVL, and so
  is the entity of a city that is no actor ("a curfew in Algiers": its country, sector CVL). Other
  towns are actors (CVL, PLOVER GSR convention) only when they act and the places layer
  resolved them; a dateline ("MOSCOW (Reuters) -") never is.
* An actor named only as a modifier of a non-actor noun is a mention of its own, spanning the
  modifiers that name it: "a U.S. request" -> "U.S." (USA, no sector), "Israeli army bulldozers" ->
  "Israeli army" (ISR MIL), "Russia's aggression" -> "Russia", "a Russian proposal" -> "Russian"
  (RUS, sector None: an adjective says whose, not which part of the state); a weapon says
  which part: "Russian missile strikes" -> "Russian missile" (RUS MIL).
* Coordinated national modifiers make one mention each: "French and German diplomats" ->
  "French" (FRA GOV) and "German diplomats" (DEU GOV); the events layer can group them. So
  does a singular national name parsed as a conjunct of its own ("Sierra Leonean and Liberian
  refugees": both REF). Conjoined actors are separate actors even when spaCy hangs the first
  on the second as a modifier: "the Sudanese government and SPLM/A", "Ukrainians and Russian
  soldiers" are two mentions each.
* ``country`` is ISO-3166 alpha-3 or IGO / NGO / IMG / MNC (PLOVER non-state codes; the UN and
  EU are IGO, as in the PLOVER gold records); ``sector`` a PLOVER sector (GOV, MIL, COP, JUD,
  LEG, REB, OPP, PTY, SPY, CVL, REF, CRM, BUS, JRN, MED, EDU, LAB, AGR, REL, SOC, ELI, PRM,
  UAF) or IGO / NGO for an international body acting as itself. Either may be None when the
  text does not say. A country named alone, or by its capital, is the state as a whole: its
  country and no sector (CAMEO, PLOVER, NGEC); its institutions have theirs ("X's government"
  GOV, "X's army" MIL, "X's parliament" LEG). An intergovernmental body, its organs,
  officials and forces are IGO / IGO (NGEC's rule), its member states are not; defence
  ministers are GOV (PLOVER GSR),
  defence ministries MIL. A people is CVL: "ethnic Albanians" take the country where the
  sentence places them, "Bosnian Serbs" the modifier's.
* A name that says whom an actor sides with or who backs it is not its country: "pro-Iranian
  Hezbollah", "an anti-Syria journalist", "Iranian-backed militias", "the Israeli-occupied West
  Bank" ("Saudi-led coalition" keeps SAU: the leader is a member).
* Sector details: state media are GOV ("an official Syrian newspaper", "state television");
  a generic head hanging on a kind of organisation takes its sector ("Municipality
  Association officials", "members of the Writers Association": SOC); a role word inside a
  deeper complement ("members of the Movement for ... the Sovereign State of X") or in a gloss
  in brackets ("Hizbollah (Party of God) group") says nothing; immigrants are CVL, not REF.
* Country when the NP does not name one, in this order: an "in X" / "at X" complement (or a
  placing participle: "a group based in X", "guerrillas operating in X"); a possessive
  pronoun's antecedent, the nearest country named before it in this or the previous sentence
  ("Russia said it pulled its forces back" -> RUS; "their" only when one country precedes it
  in the sentence; a name inside an actor stands for that actor's country: "Bosnian Serbs
  said their forces" -> BIH); the only country the sentence mentions (a name inside another
  actor counts as that actor's country: "Bosnian Serbs" is BIH once, not BIH and SRB; but a
  head of state does not take the country in another leader's title: "President X welcomed
  South African leader Y" says nothing of X); for civilians (CVL, REF) in a sentence whose
  countries disagree, the one country of the places it names ("Palestinian bombers killed 23
  people in Tel Aviv": ISR); else,
  for state sectors (GOV MIL COP JUD LEG SPY), the document's home country: the one that
  clearly dominates its mentions (at least 3 and half of all), or failing that the country of
  the wire dateline ("NAIROBI, Kenya (Wire) - Police ..." -> KEN COP), which is trusted only
  for specific institutions (police, army, parliament), not for "officials" or "delegates".
  No home country for an NP qualified by a group ("Kurdish forces") or a possessive pronoun.
* A surname alone is first the listed person of that surname the document named in full
  before ("President Ali Abdullah Saleh ... Saleh said"), whoever else had it then; a surname
  that listed people have as often as a given name ("Hussein") names no one else. The layer's
  word lists (prepositions, "former", honorifics, ranks) are data/actors_words.json.
* People and bodies with dated rows are coded as of the article's date: a person by the
  office held then (the state's before a party's), ELI once out of every state office, no
  sector before the first known one; a party PTY while in government, OPP in opposition. With
  no date, the latest office or period. A title in the text is what the person was then
  ("Finance Minister X"), except a military rank ("Gen. X" heading a state stays GOV); "former"
  makes a state role ELI. ``Actor.why`` names the row (table:line, with the office) or rule.
* ``canonical`` is the lexicon name for known people, bodies and countries ("Dmytro Kuleba",
  "NATO", "Russia"; "the Alliance" / "Allies" are NATO when NATO is mentioned in the
  document); for other people the full name as first mentioned in the document, so a later
  surname-only mention carries the same canonical, country and sector; for other ORGs the
  entity text; for a role NP qualified by a named body, that body ("Hamas leaders", "the
  foreign ministers of NATO member countries" -> Hamas, NATO); for other role NPs and for
  peoples it is None.
* Pronouns are never actors here ("we", "it", "they", "our"): resolving them needs the quote
  speaker (the quotes layer runs later) or coreference we do not do safely. The events layer
  resolves "we" inside a quote to the quote's speaker.
* Matching doc.entities get canonical / country / sector too: an entity heading an actor takes
  the actor's coding; any other entity known to the lexicon takes its identity (canonical and
  country, and sector for people and bodies) — "Ukraine" in "fighting in Ukraine" gets UKR.
"""

from __future__ import annotations

import itertools
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from spacy.attrs import DEP, HEAD, IDX, LEMMA, LOWER, ORTH, POS, SENT_START, TAG

from ..context import Context
from ..knowledge.actors import (
    NON_STATE_CODES,
    STATE_SECTORS,
    ActorKnowledge,
    ActorWords,
    Named,
    Role,
    load_actor_words,
)
from ..knowledge.datelines import dateline_spans, inside
from ..model import Actor, AnnotatedDoc
from ..registry import components
from ._names import index_phrases, name_index

# Dependents to the left of a noun that belong to its noun phrase.
_LEFT_DEPS = frozenset({"det", "amod", "compound", "poss", "nmod", "nummod", "quantmod", "predet"})
# A noun with one of these relations is a modifier inside someone else's NP.
_NOT_HEAD = frozenset({"compound", "amod", "nmod", "case", "det", "flat"})
# Where a capital or metonym acts: "Moscow said", "accused Kyiv", "was approved by Brussels".
_ACTING_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "poss", "agent", "appos", "attr"})
_ACTOR_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_PEOPLE = frozenset({"CVL", "REF"})  # sectors of people who are where they are found
# argument slots where "the wounded" or "the displaced" is a noun phrase of its own
_NOMINAL_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "dative", "conj"})
# The word lists (prepositions, "former", titles, honorifics, ranks, ...) are data:
# knowledge/data/actors_words.json (load_actor_words), each list described there.
_ATTRS = [ORTH, LOWER, LEMMA, POS, DEP, HEAD, IDX, TAG, SENT_START]


@dataclass(slots=True)
class _Lexicon:
    """The knowledge, indexed by spaCy string hashes so that matching never builds strings."""

    knowledge: ActorKnowledge
    words: ActorWords  # the word lists as written (data/actors_words.json)
    strings: Any  # spaCy StringStore
    names: dict[int, list[tuple[tuple[int, ...], Named]]]  # first token ORTH -> longest first
    roles: dict[int, list[tuple[tuple[int, ...], Role]]]  # first token LOWER -> longest first
    complement: frozenset[int]  # "of", "from"
    former: frozenset[int]  # "former", "ousted", ...
    prep_in: frozenset[int]  # "in", "at", "inside"
    prep_at: int  # "at"
    prep_to: int  # "to"
    ethnic: int
    stance: frozenset[int]  # "pro", "anti"
    agentive: frozenset[int]  # "backed", "occupied", ...
    hyphen: int
    capital: int  # "capital": "the regional capital Juba" names the town
    subnational: frozenset[int]  # "regional", "provincial", ...
    placing: frozenset[int]  # lemmas of "based", "operating", "living" (in X)
    leader_titles: frozenset[int]  # "president", "king", "leader", ...
    official: frozenset[int]  # "official", "state", "government": on a news outlet, GOV
    label: dict[int, str]  # POS / DEP / TAG id -> name, filled as met
    lemma_lower: dict[int, int]  # LEMMA hash -> hash of the lower-cased lemma, filled as met


def load_lexicon(ctx: Context) -> _Lexicon:
    names = name_index(ctx)  # tokenised once, shared with the entities layer
    kb = names.knowledge
    nlp = ctx.nlp
    strings = nlp.vocab.strings

    def lowers(s: str) -> list[int]:
        # tokenised as a title would be written, so that "gen." splits like "Gen." in text
        titled = " ".join(w[:1].upper() + w[1:] for w in s.split())
        return [strings.add(t.text.lower()) for t in nlp.tokenizer(titled)]

    w = load_actor_words()

    def ids(words: Any) -> frozenset[int]:
        return frozenset(strings.add(x) for x in words)

    return _Lexicon(
        kb, w, strings, names.names, index_phrases(kb.roles, lowers),
        ids(w.complement_prepositions), ids(w.former),
        ids(w.placing_prepositions), strings.add("at"), strings.add("to"), strings.add("ethnic"),
        ids(w.stance_prefixes), ids(w.agentive_participles),
        strings.add("-"), strings.add("capital"), ids(w.subnational_words),
        ids(w.placing_lemmas), ids(w.leader_titles), ids(w.state_media_words), {}, {},
    )  # fmt: skip


@dataclass(slots=True)
class _Match:
    start: int  # token indices, end-exclusive
    end: int
    value: Any  # Named | Role


@dataclass(slots=True)
class _Coded:
    start: int  # token indices, end-exclusive
    end: int
    head: int
    canonical: str | None
    country: str | None
    sector: str | None
    name_kind: str | None  # kind of the lexicon name heading the NP, if any
    why: str | None = None  # the knowledge row or rule that coded it (Actor.why)


class _DocActors:
    """Actor coding over one parsed document, on integer arrays taken from spaCy in one call
    (walking spaCy Token objects costs more than all of our own logic)."""

    def __init__(self, lex: _Lexicon, doc: AnnotatedDoc) -> None:
        self.lex = lex
        self.doc = doc
        # people and bodies are coded as of the article's date (today when it has none)
        self.day = doc.article.date
        self._resolved: dict[int, Named | None] = {}
        rows = doc.nlp.to_array(_ATTRS).tolist()
        label, lemma_lower, strings = lex.label, lex.lemma_lower, lex.strings
        for r in rows:
            for k in (3, 4, 7):
                if r[k] not in label:
                    label[r[k]] = strings[r[k]]
            if r[2] not in lemma_lower:
                lemma_lower[r[2]] = strings.add(strings[r[2]].lower())
        n = self.n = len(rows)
        self.orth = [r[0] for r in rows]
        self.caps = [r[0] != r[1] and strings[r[0]].isupper() and len(strings[r[0]]) > 3 for r in rows]
        self.lower = [r[1] for r in rows]
        self.lemma = [lemma_lower[r[2]] for r in rows]
        self.pos = [label[r[3]] for r in rows]
        self.dep = [label[r[4]] for r in rows]
        self.tag = [label[r[7]] for r in rows]
        self.head = [i + (r[5] if r[5] < 2**63 else r[5] - 2**64) for i, r in enumerate(rows)]
        self.idx = [r[6] for r in rows]
        self.sent_starts = [i for i, r in enumerate(rows) if r[8] == 1 or i == 0]
        self.lefts: list[list[int]] = [[] for _ in range(n)]
        self.rights: list[list[int]] = [[] for _ in range(n)]
        for i, h in enumerate(self.head):
            if h != i:
                (self.lefts if i < h else self.rights)[h].append(i)
        self.left_edge = list(range(n))
        for i in range(n):  # push each token's position up to its ancestors
            child, h, steps = i, self.head[i], 0
            while h != child and self.left_edge[h] > i and steps < n:
                self.left_edge[h] = i
                child, h, steps = h, self.head[h], steps + 1
        self.name_at: list[_Match | None] = [None] * n
        self.role_at: list[_Match | None] = [None] * n
        self.ent_at: list[int | None] = [None] * n
        self.ent_span: dict[int, tuple[int, int]] = {}
        self.people: dict[str, tuple[str, str | None, str | None]] = {}  # name or surname -> coding
        self.place_at: dict[int, str] = {}  # token index -> country of a place starting there
        self.towns: set[int] = set()  # token indices where a populated place starts
        # "Western" alone is a Sri Lankan province to the gazetteer, but a bloc in the news
        unplaced = lex.knowledge.unplaced
        self.unplaced = frozenset(lex.strings.add(w) for w in unplaced)
        for place in doc.places:
            if place.country and place.text.lower() not in unplaced:
                at = max(bisect_right(self.idx, place.start) - 1, 0)
                self.place_at[at] = place.country
                if place.feature and place.feature.startswith("P."):
                    self.towns.add(at)
        self._map_entities()
        self._match_names()
        self._match_roles()
        # A wire dateline ("NUSA DUA, Indonesia, Nov 14 (Wire Desk) - ") names where the story
        # was filed, not who acts: its words are never actors (the places layer still reads them)
        self.datelines = dateline_spans(doc.text)
        self.home_filed = False  # the home country comes from the dateline alone
        self.home = self._home_country()

    # --- lexicon matching ----------------------------------------------------------------

    def _match_names(self) -> None:
        orth, n = self.orth, self.n
        found: list[_Match] = []
        named: set[str] = set()  # listed people named in full so far
        i = 0
        while i < n:
            hit = None
            cands = self.lex.names.get(orth[i])
            if cands is None and self.caps[i]:  # "MOSCOW" in a dateline or headline
                cands = self.lex.names.get(self.lex.strings.add(self.lex.strings[orth[i]].title()))
                if cands is not None:
                    cands = [c for c in cands if len(c[0]) == 1]
            for toks, value in cands or ():
                k = len(toks)
                if i + k <= n and tuple(orth[i : i + k]) == toks:
                    resolved = self.resolve(value, i, named)
                    if resolved is None:
                        continue  # a surname several people share, the date settling none
                    hit = _Match(i, i + k, resolved)
                    break
            if hit and not self._inside_compound_name(hit):
                found.append(hit)
                if hit.value.kind == "person" and not hit.value.alias:
                    named.add(hit.value.canonical)
                i = hit.end
            else:
                i += 1
        # Context-dependent names ("the Alliance" -> NATO) count only when their body appears.
        present = {m.value.canonical for m in found if not m.value.requires}
        # "Jan Novak ... Mr. Novak": a surname a full name in this document has, and that name
        # is no listed person, is that person's, not a listed person's of the same surname
        named_here = set()
        for k, (es, ee) in self.ent_span.items():
            if (
                ee - es > 1
                and self.doc.entities[k].label == "PERSON"
                and self._given(ee - 2)
                and not any(m.start < ee and es < m.end and m.value.kind == "person" and m.end - m.start > 1 for m in found)
            ):
                named_here.add((self.orth[ee - 1], es))
        for m in found:
            if m.value.requires and m.value.requires not in present:
                continue
            if m.value.kind in ("country", "capital") and self._in_person(m):
                continue  # "Michael Jordan" is a person, not Jordan
            if m.value.kind == "demonym" and self._in_person(m, first=True):
                continue  # "Karen Pierce": a given name, not the Karen people
            if (
                m.value.kind in ("person", "surname")
                and m.end - m.start == 1
                and (
                    self._in_person(m, first=True)
                    or self._other_given_name(m)
                    or any(o == self.orth[m.start] and es <= m.start for o, es in named_here)
                )
            ):
                continue  # "Cameron Smith" is not David Cameron: a surname alias as a given name;
                # "Mark Rowley" is not Keith Rowley: another given name before the surname
            for j in range(m.start, m.end):
                self.name_at[j] = m

    def _words(self, m: _Match) -> str:
        """The text of a match, as written."""
        last = self.lex.strings[self.orth[m.end - 1]]
        return self.doc.text[self.idx[m.start] : self.idx[m.end - 1] + len(last)]

    def resolve(self, value: Named, i: int, named: set[str] | frozenset[str] = frozenset()) -> Named | None:
        """The entry as of the article's date: a person's office then, a party's standing. A
        surname several people share may be settled by the title before it ("President").
        A surname alone is first the person of that surname the document named in full before
        (``named``: "President Ali Abdullah Saleh ... Saleh said", whoever else had the name
        then); a surname that is as often a given name names no one else."""
        if not value.people and not value.periods:
            return value
        if value.alias:
            here = tuple(p for p in value.people if p.canonical in named)
            if here:
                return replace(value, people=here).resolve(self.day, self._titles(i))
            if value.context:
                return None  # "Hussein", "Charles": a given name, unless the full name came first
        if len(value.people) > 1:
            return value.resolve(self.day, self._titles(i))
        key = id(value)
        if key not in self._resolved:
            self._resolved[key] = value.resolve(self.day)
        return self._resolved[key]

    def _titles(self, i: int) -> list[str]:
        """The three words before token ``i``, lower-cased, without a full stop ("president")."""
        return [self.lex.strings[self.lower[j]].rstrip(".") for j in range(max(i - 3, 0), i)]

    def _in_person(self, m: _Match, first: bool = False) -> bool:
        """Is the match part of a longer PERSON name (with ``first``, its first word)? (spaCy
        also tags bare "Benin" PERSON, and peoples like "Bosnian Serbs".)"""
        k = self.ent_at[m.start]
        # spaCy tags many people ORG ("Cameron Diaz"): for a person's given name either will do
        person = m.value.kind in ("person", "surname")
        if k is None or self.doc.entities[k].label not in (("PERSON", "ORG") if person else ("PERSON",)):
            return False
        start, end = self.ent_span[k]
        if not first:
            return end - start > m.end - m.start
        # a given name is followed by a surname, not by another people ("Bosnian Serbs")
        return start == m.start < m.end < end and not any(
            v.kind in ("demonym", "country") for j in range(m.end, end) for _, v in self.lex.names.get(self.orth[j], ())
        )

    def _other_given_name(self, m: _Match) -> bool:
        """Does a capitalised name that is no title, role or known name stand before the
        surname in the same name ("Mark Rowley", "Mick Lynch")? Then it is someone else."""
        j = m.start - 1
        if j < 0 or not (self.head[j] == m.start or self.ent_at[j] == self.ent_at[m.start] is not None):
            return False
        return self._given(j)

    def _given(self, j: int) -> bool:
        """Is token ``j`` a given name: capitalised, no title, role or (non-person) known name?"""
        if j < 0 or self.tag[j] != "NNP":
            return False
        word = self.lex.strings[self.orth[j]]
        if not word[:1].isupper() or not word.replace("-", "").isalpha() or word in self.lex.words.honorifics:
            return False
        # a name that is itself a person's surname is a given name here ("Cameron Diaz")
        alone = any(
            len(toks) == 1 and v.kind not in ("person", "surname") for toks, v in self.lex.names.get(self.orth[j], ())
        )
        return not alone and self.lex.roles.get(self.lower[j]) is None

    def _inside_compound_name(self, m: _Match) -> bool:
        """ "Interfax-Ukraine" is a news agency, not Ukraine: a name glued by a hyphen to an
        unknown word before it is part of another name. ("Russia-Ukraine" keeps both.)"""
        j = m.start
        if j < 2 or self.tag[j - 1] != "HYPH" or self.idx[j - 1] + 1 != self.idx[j]:
            return False
        before = self.lex.names.get(self.orth[j - 2], ())
        return not any(v.kind in ("country", "demonym", "capital") for _, v in before)

    def _match_roles(self) -> None:
        lower, lemma, n, roles = self.lower, self.lemma, self.n, self.lex.roles
        i = 0
        while i < n:
            cands = None if self.name_at[i] else roles.get(lower[i]) or roles.get(lemma[i])
            hit = None
            for toks, value in cands or ():
                k = len(toks)
                if i + k > n or any(self.name_at[j] for j in range(i + 1, i + k)):
                    continue
                # inner words must match exactly; the last may be inflected ("foreign ministers")
                last = i + k - 1
                if (
                    toks[-1] in (lower[last], lemma[last])
                    and all(lower[i + j] == toks[j] for j in range(k - 1))
                    and (
                        not value.proper
                        or all(self.lex.strings[self.orth[j]][:1].isupper() for j in range(i, i + k))
                    )
                ):
                    hit = _Match(i, i + k, value)
                    break
            if hit:
                for j in range(hit.start, hit.end):
                    self.role_at[j] = hit
                i = hit.end
            else:
                i += 1

    def _map_entities(self) -> None:
        idx = self.idx
        for k, ent in enumerate(self.doc.entities):
            if ent.label not in _ACTOR_LABELS:
                continue
            start = max(bisect_right(idx, ent.start) - 1, 0)
            end = max(bisect_right(idx, ent.end - 1), start + 1)
            self.ent_span[k] = (start, end)
            for j in range(start, end):
                self.ent_at[j] = k

    def _home_country(self) -> str | None:
        """The country the document is about, if one clearly dominates its mentions (at least
        three, and half of all): "police" or "the interior minister" in a story about Turkey
        are Turkish unless the text says otherwise. Failing that, the country of the first
        dateline ("NAIROBI, Kenya (Wire) - Police fired tear gas" -> KEN COP): a wire story
        is filed from where it happens unless its text names another country as often."""
        counts: dict[str, int] = {}
        seen: set[int] = set()
        for m in self.name_at:
            if m is None or id(m) in seen or m.value.country in NON_STATE_CODES or not m.value.country:
                continue
            seen.add(id(m))
            counts[m.value.country] = counts.get(m.value.country, 0) + 1
        top = max(counts, key=counts.__getitem__) if counts else None
        if top is not None and counts[top] >= 3 and 2 * counts[top] >= sum(counts.values()):
            return top
        filed = self._dateline_country()
        if filed is not None and (not counts or counts.get(filed, 0) >= max(counts.values())):
            self.home_filed = True
            return filed
        return None

    def _dateline_country(self) -> str | None:
        if not self.datelines:
            return None
        start, end = self.datelines[0]
        for j in range(bisect_right(self.idx, start) - 1, self.n):
            if self.idx[j] >= end:
                break
            if self.idx[j] < start:
                continue
            if j in self.place_at:
                return self.place_at[j]
            m = self.name_at[j]  # without the places layer: "NAIROBI", "Kenya"
            if (
                m is not None
                and m.value.kind in ("country", "capital")
                and m.value.country not in NON_STATE_CODES
            ):
                return m.value.country
        return None

    # --- noun phrases ----------------------------------------------------------------------

    def _left(self, i: int) -> int:
        start = i
        for c in self.lefts[i]:
            if self.dep[c] not in _LEFT_DEPS:
                continue
            if self.coordinated(c):  # the NP begins with the conjunct after "and"
                cc = next(k for k in self.rights[c] if self.dep[k] == "cc")
                start = min(start, cc + 1)
            else:
                start = min(start, self.left_edge[c])
        # no leading punctuation or "at least" / "some" hedges
        while start < i and (
            self.tag[start] in ("``", "''", ",", ":", "-LRB-", "-RRB-", "HYPH", ".")
            or self.dep[start] in ("advmod", "quantmod", "prep", "cc", "punct")
        ):
            start += 1
        return start

    def nominal(self, i: int) -> bool:
        """ "evacuated the wounded", "food for the needy": an adjective or participle used as a
        noun after "the" names people when it is a civilian role word (data/actors_roles.tsv)."""
        r = self.role_at[i]
        return (
            self.pos[i] in ("ADJ", "VERB")
            and self.dep[i] in _NOMINAL_DEPS
            and r is not None
            and r.value.sector in _PEOPLE
            and any(self.lex.strings[self.lower[c]] == "the" for c in self.lefts[i])
        )

    def coordinated(self, c: int) -> bool:
        """Is ``c`` a noun actor coordinated inside another NP's modifiers? spaCy often parses
        "the Sudanese government and SPLM/A" or "Ukrainians and Russian soldiers" as one NP
        whose first conjunct modifies the head; conjoined actors are separate actors, so the
        first conjunct heads an NP of its own."""
        if self.pos[c] not in ("NOUN", "PROPN") or self.dep[c] not in _NOT_HEAD:
            return False
        r = self.role_at[c]
        if self.name_at[c] is None and (r is None or not r.value.head):
            return False  # "oil and gas workers": no actor in the first conjunct
        # the second conjunct hangs on the first ("SPLM/A") or on the head ("Russian")
        return any(self.dep[k] == "cc" for k in self.rights[c])

    def _has_cue(self, start: int, end: int, names_only: bool) -> bool:
        for j in range(start, end):
            r = self.role_at[j]
            if self.name_at[j] or (
                not names_only and (self.ent_at[j] is not None or (r is not None and r.value.head))
            ):
                return True
        return False

    def _bounds(self, i: int, extend: bool, names_only: bool = False) -> tuple[int, int]:
        """(start, end) of the NP headed by token ``i``: left modifiers, the whole of a name,
        and an of/from complement that names somebody ("members of parliament"; with
        ``names_only`` a lexicon name: "the Albanians of southern Serbia")."""
        start, end = self._left(i), i + 1
        nm = self.name_at[i] or self.role_at[i]
        if nm is not None:  # "Doctors Without Borders" is headed by "Doctors"
            start, end = min(start, nm.start), max(end, nm.end)
        ent = self.ent_at[i]
        if ent is not None:  # never cut a name in two
            es, ee = self.ent_span[ent]
            start, end = min(start, es), max(end, ee)
        if extend or names_only:
            for c in self.rights[i]:
                if c != end or self.dep[c] != "prep" or self.lower[c] not in self.lex.complement:
                    continue
                pobj = next((g for g in self.rights[c] if self.dep[g] == "pobj"), None)
                if pobj is not None:
                    _, pend = self._bounds(pobj, True)
                    if self._has_cue(c + 1, pend, names_only):
                        end = pend
                break
        return start, end

    # --- coding ------------------------------------------------------------------------------

    def _acting(self, i: int, capital: bool) -> bool:
        """Is this country / capital mention a participant rather than a location? A conjunct
        or an apposition is what its head is: "in the capital, Kabul" is a location."""
        r = i
        while self.dep[r] in ("conj", "appos") and self.head[r] != r:
            r = self.head[r]
        if self.dep[r] == "pobj":
            prep = self.lex.strings[self.lower[self.head[r]]]
            words = self.lex.words
            return prep in words.acting_prepositions if capital else prep not in words.locative_prepositions
        if capital:
            return self.dep[r] in _ACTING_DEPS
        return self.dep[r] != "npadvmod"

    def _dateline(self, i: int) -> bool:
        """ "MOSCOW (Reuters) -" or "NUSA DUA, Indonesia": a dateline, not a subject."""
        return self.sent_starts[0] <= i < 4 and self.lex.strings[self.orth[i]].isupper()

    def _titled(self, i: int) -> bool:
        """Does a title ("King", "President") stand in front of token ``i`` in its compound?"""
        for c in self.lefts[i]:
            r = self.role_at[c]
            if self.dep[c] == "compound" and r is not None and r.value.head and r.value.needs is None:
                return True
        return False

    def _given_name(self, i: int, ent: int | None) -> bool:
        """Is the GPE entity at ``i`` preceded by a capitalised name of no entity, place, role
        or lexicon entry ("Kenzo Oshima", spaCy tagging only "Oshima")?"""
        if ent is None:
            return False
        j = self.ent_span[ent][0] - 1
        return (
            j >= 0
            and self.tag[j] == "NNP"
            and self.dep[j] == "compound"
            and self.head[j] == i
            and self.ent_at[j] is None
            and self.name_at[j] is None
            and self.role_at[j] is None
            and j not in self.place_at
        )

    def _settlement(self, j: int) -> bool:
        r = self.role_at[j]
        return r is not None and r.value.needs == "acting"

    def _town_word(self, j: int) -> bool:
        """A word that names a settlement as such: "town", "village", or a regional capital
        ("the southern regional capital Juba", "the provincial capital"). A bare "capital" is
        no settlement role ("shelled the capital Kabul" is the government's seat; "foreign
        capital" is money)."""
        return self._settlement(j) or (
            self.lower[j] == self.lex.capital
            and any(self.lower[c] in self.lex.subnational for c in self.lefts[j])
        )

    def _personal(self, j: int) -> bool:
        """Is token ``j`` part of a person's name ("Bush" is also a village in Egypt)?"""
        k, m = self.ent_at[j], self.name_at[j]
        if m is not None and m.value.kind in ("person", "surname"):
            return True
        return k is not None and self.doc.entities[k].label == "PERSON"

    def _agentive(self, m: _Match) -> bool:
        return self._agentive_span(m.start, m.end)

    def _agentive_span(self, s: int, e: int) -> bool:
        """A name that says who backs, leads or opposes, not whose: "pro-Iranian", "anti-Syria",
        "Israeli-occupied", "Russian-backed". "-led" keeps its owner ("Saudi-led coalition").
        (spaCy tags such hyphens HYPH or JJ, so the hyphen is recognised by its text.)"""
        hyph = self.lex.hyphen
        if s >= 2 and self.orth[s - 1] == hyph and self.lower[s - 2] in self.lex.stance:
            return True
        return e + 1 < self.n and self.orth[e] == hyph and self.lower[e + 1] in self.lex.agentive

    def _ethnic(self, m: _Match) -> bool:
        """ "ethnic Albanians": a people, not the state of that name."""
        return m.value.kind == "demonym" and m.start > 0 and self.lower[m.start - 1] == self.lex.ethnic

    def _modifier_cues(self, start: int, end: int, head: int) -> tuple[list[_Match], list[_Match]]:
        """Name and role matches in [start, end) apart from the head's own: names leftmost
        first ("Hungarian and Romanian officials" -> HUN, as the first conjunct), roles nearest
        the head first ("Russian military officials" -> military)."""
        names: list[_Match] = []
        roles: list[_Match] = []
        j, depth = start, 0
        while j < end:
            depth += (self.tag[j] == "-LRB-") - (self.tag[j] == "-RRB-")
            m = self.name_at[j] or self.role_at[j]
            if m is None or m.start <= head < m.end or m.end > end:
                j += 1
                continue
            if depth > 0 and isinstance(m.value, Role):
                # "Hizbollah (Party of God) group": a gloss of the name says nothing of the sector
                j = m.end
                continue
            if isinstance(m.value, Named):
                if not self._ethnic(m) and not self._agentive(m):
                    names.append(m)
            elif (m.value.modifier or m.value.generic) and (
                m.start < head or self._complement_of(m.end - 1, head)
            ):
                # a noun role modifies ("police officers"), an adjective only if listed as one;
                # in a complement only its head counts ("members of parliament", but not the
                # "Muslim" of "administrators of Muslim property"), and only the head's own
                # complement ("members of the Movement for ... the State of X" are no "State")
                if self.pos[m.end - 1] != "ADJ" or m.value.adjective:
                    roles.append(m)
            j = m.end
        roles.sort(key=lambda m: (m.start > head, abs(head - m.start)))
        return names, roles

    def _complement_of(self, j: int, head: int) -> bool:
        """Is token ``j`` the object of a preposition attached to ``head``?"""
        return self.dep[j] == "pobj" and (head < 0 or self.head[self.head[j]] == head)

    def code(self, i: int) -> _Coded | None:
        """Code the NP headed by token ``i``, or None when it is not an actor."""
        nm, rm, ent = self.name_at[i], self.role_at[i], self.ent_at[i]
        named: Named | None = nm.value if nm is not None else None
        role: Role | None = rm.value if rm is not None else None
        kind = named.kind if named else None
        label = self.doc.entities[ent].label if ent is not None else None
        if named is None and self.pos[i] == "PROPN" and self._known_person(i, ent):
            label = "PERSON"  # spaCy tagged a later "Lipavsky" ORG or missed it: we know him
        elif label == "GPE" and named is None and (self._titled(i) or self._given_name(i, ent)):
            # "King Hassan", "President Bush": spaCy's GPE, but a title says who; "Kenzo
            # Oshima": a given name outside the entity says a surname, not a town
            label = "PERSON"
        canonical = country = sector = why = None
        if kind == "surname":  # "President Bush": the family's country, the text's full name
            canonical = self.doc.entities[ent].text if ent is not None else self.lex.strings[self.orth[i]]
            country, sector, why = named.country, named.sector, named.why  # type: ignore[union-attr]
        elif named is not None:
            if kind in ("country", "capital"):
                if not self._acting(i, capital=kind == "capital"):
                    return None
            elif kind == "demonym" and self.pos[i] not in ("NOUN", "PROPN"):
                return None
            canonical, country, sector, why = named.canonical, named.country, named.sector, named.why
            if kind == "demonym":  # a people, not its state: no canonical name
                canonical, sector = None, "CVL"
                if self._ethnic(nm):  # type: ignore[arg-type]
                    country = None
        elif role is not None and role.head:
            if role.needs == "never" or (role.needs == "acting" and not self._acting(i, capital=True)):
                return None
            if role.needs == "acting" and any(self.tag[c] in ("WDT", "WP$") for c in self.lefts[i]):
                return None  # "which countries", "whose country": a question, not a participant
            if role.sector == "OPP" and any(
                self.dep[c] == "prep" and self.lower[c] == self.lex.prep_to for c in self.rights[i]
            ):
                return None  # "their opposition to the plan" is a stance, not a party
            sector = role.sector
            why = f"role: {self._words(rm)!r} ({sector or 'no sector'})"  # type: ignore[arg-type]
        elif role is not None and not role.modifier:
            return None  # "the UN Charter": spaCy's ORG, but a document, not an actor
        elif label in ("PERSON", "ORG", "NORP"):
            canonical = self.doc.entities[ent].text if ent is not None else self.lex.strings[self.orth[i]]
            why = f"entity: a {label} name not in the knowledge"
            if label == "NORP":
                sector = "CVL"
            elif ent is not None and self.doc.entities[ent].label == "GPE" and self._given_name(i, ent):
                first = self.ent_span[ent][0] - 1  # the whole name: "Kenzo Oshima"
                canonical = self.doc.text[self.idx[first] : self.doc.entities[ent].end]
        elif (
            label == "GPE" and i in self.place_at and self._acting(i, capital=True) and not self._dateline(i)
        ):
            # a town that acts stands for its people (PLOVER GSR: cities are CVL)
            canonical, country, sector = self.doc.entities[ent].text, self.place_at[i], "CVL"  # type: ignore[index]
            why = "rule: a town that acts stands for its people (CVL)"
        else:
            return None
        start, end = self._bounds(i, kind in (None, "body", "person", "surname"), kind == "demonym")

        names, roles = self._modifier_cues(start, end, i)
        if role is not None and named is None and role.needs == "owner" and not names:
            return None  # "missiles", "a drone": a weapon with no owner is no actor
        if kind == "capital" and (
            any(self._town_word(j) for j in range(start, i))
            or (self.dep[i] == "appos" and self._town_word(self.head[i]))
        ):
            # "the regional capital Juba" is the town itself (its people), not a government
            canonical, sector = self.doc.entities[ent].text if ent is not None else canonical, "CVL"
        # a lexicon person or body knows its own country; a people ("Serbs") is coded where
        # it lives when a modifier or complement says so ("Bosnian Serbs")
        if country is None or kind == "demonym":
            source = next((m for m in names if m.value.country), None)
            if source is not None:
                country = source.value.country
                if kind is None and label is None and source.value.kind == "body":
                    # a body's organs speak for it: "the foreign ministers of NATO member
                    # countries", "Hamas leaders" -> canonical NATO, Hamas
                    canonical = source.value.canonical
        if country is None:  # a place among the modifiers: "Darfur rebels", "Donetsk separatists"
            country = next(
                (
                    self.place_at[j]
                    for j in range(start, end)
                    if j != i
                    and j in self.place_at
                    and self.name_at[j] is None  # names were weighed above ("ethnic Albanian")
                    and not self._personal(j)
                    and not self._agentive_span(j, j + 1)
                ),
                None,
            )
        if country is None:
            country = self._located(i)
        if country is None and kind is None:
            country = self._shared_complement(i)
        specific = [m for m in roles if not m.value.generic]
        if kind == "person":
            if (
                specific
                and sector not in (None, "ELI")
                and self._words(specific[0]).lower() in self.lex.words.ranks
            ):
                pass  # "Gen. Sani Abacha" in 1995: a rank, not the office he held (head of state)
            elif specific and specific[0].value.sector != sector:
                # a title in the text says what the person was then ("Finance Minister X")
                sector = specific[0].value.sector
                why = f"{why}; title {self._words(specific[0])!r} in the text: {sector}"
        elif kind == "surname":
            if specific:
                sector = specific[0].value.sector
            canonical, country, sector = self._person(canonical, country, sector)
        elif label == "PERSON" and kind is None:
            if roles:
                sector = roles[0].value.sector
                why = f"{why}; title {self._words(roles[0])!r} in the text"
            canonical, country, sector = self._person(canonical, country, sector)
        elif role is not None and role.generic:
            body = next((m.value.sector for m in names if m.value.kind == "body"), None)
            # a noun role is the most specific ("police officials"), then a named body
            # ("Taliban religious faction" -> REB), then an adjective ("military officials")
            nouns = [m for m in specific if self.pos[m.end - 1] != "ADJ"]
            # a kind of organisation that the head hangs on says whose it is: "Municipality
            # Association officials", "members of the Association of X" are the association's
            # (SOC), whatever "Municipality" says
            near = roles[0] if roles else None
            kind_of = (
                near.value.sector
                if near is not None
                and near.value.generic
                and near.value.sector == "SOC"  # an association, a group: not "a group of leaders"
                and sector != "SOC"
                and self.pos[near.end - 1] != "ADJ"
                and (self.head[near.end - 1] == i or self._complement_of(near.end - 1, i))
                else None
            )
            if kind_of is not None:
                sector = kind_of
                why = f"{why}; a kind of organisation: {self._words(near)!r}"  # type: ignore[arg-type]
            elif nouns or (specific and body is None):
                sector = (nouns or specific)[0].value.sector
                why = f"{why}; sector from {self._words((nouns or specific)[0])!r}"
            elif body is not None:
                sector = body
                why = f"{why}; sector of the body named"
            if sector is None and not names and not self._has_cue(i + 1, end, names_only=False):
                return None  # bare "members": nothing says of what (a named group would)
        elif specific and (kind == "body" or (sector is None and kind not in ("country", "capital"))):
            sector = specific[0].value.sector
            why = f"{why}; sector from {self._words(specific[0])!r}"
        if sector == "JRN" and any(self.lower[j] in self.lex.official for j in range(start, i)):
            sector = "GOV"  # "an official Syrian newspaper", "a state broadcaster": state media
            why = f"{why}; state media: GOV"
        if sector in STATE_SECTORS and any(self.lower[j] in self.lex.former for j in range(start, i)):
            sector = "ELI"  # "former prime minister", "ousted president": PLOVER elites
            why = f"{why}; 'former' in the text: ELI"
        return _Coded(start, end, i, canonical, country, sector, kind, why)

    def code_modifier(self, i: int) -> _Coded | None:
        """An actor named only as a modifier of a non-actor noun: "a U.S. request", "Israeli
        army bulldozers", "Security Council resolution", "rebel positions". A demonym alone
        carries no sector ("a Russian proposal" -> RUS); on a settlement acted on or on civilian
        property it is civilian ("shelled Iraqi towns", "burned Palestinian homes" -> CVL)."""
        start = self._left(i)
        last = None
        for j in range(i - 1, start - 1, -1):
            m = self.name_at[j] or self.role_at[j]
            if m is None or self.dep[j] == "poss":
                continue
            if isinstance(m.value, Role) and (
                m.value.needs in ("acting", "never")
                or not (
                    (m.value.head and not m.value.generic and self.pos[j] in ("NOUN", "PROPN"))
                    or m.value.adjective
                )
            ):
                continue  # "Taliban religious faction": the adjective is not the actor
            last = j
            break
        if last is None:
            return None
        names, _ = self._modifier_cues(start, last + 1, -1)
        names = [m for m in names if m.value.kind in ("country", "demonym", "body")]
        m = self.name_at[last] or self.role_at[last]
        assert m is not None
        if not names and not (
            isinstance(m.value, Role) and self.dep[last] == "compound" and m.value.needs is None
        ):
            return None  # "drone strikes": a weapon with no owner says nobody
        # the span runs from the first cue to the last: "Israeli army", not "Recent US"
        start = names[0].start if names else m.start
        if isinstance(m.value, Role):
            sector = m.value.sector
            why = f"role: {self._words(m)!r} ({sector or 'no sector'}), modifying {self.lex.strings[self.orth[i]]!r}"
        else:
            # a bare state modifying a thing ("a U.S. request") is the state: no sector
            sector = m.value.sector if m.value.kind == "body" else None
            why = m.value.why
            head_role = self.role_at[i]
            needs = head_role.value.needs if head_role is not None else None
            if needs == "never" or (needs == "acting" and self._acting(i, capital=True)):
                sector = head_role.value.sector  # type: ignore[union-attr]  # "burned Palestinian homes": CVL
        first: Named | None = names[0].value if names else None
        alone = len(names) == 1 and m is names[0]
        canonical = first.canonical if alone and first is not None else None
        country = first.country if first is not None else None
        if first is not None and not alone and isinstance(m.value, Role):
            why = f"{why}; country from {self._words(names[0])!r}"
        return _Coded(start, m.end, last, canonical, country, sector, first.kind if alone and first else None, why)

    def _located(self, i: int) -> str | None:
        """Country of an "in X" / "at X" complement of the head: "police in Tehran", "rebels in
        Darfur", "students at Kabul University". Under "at" only a proper name counts:
        "protesters at the Russian embassy" are not Russian. A participle that places the group
        counts too: "a group based in Kenya", "guerrillas operating in Macedonia"."""
        preps = [c for c in self.rights[i] if self.dep[c] == "prep"]
        for v in self.rights[i]:
            if self.dep[v] == "acl" and self.lemma[v] in self.lex.placing:
                preps.extend(c for c in self.rights[v] if self.dep[c] == "prep")
        for c in preps:
            if self.lower[c] not in self.lex.prep_in:
                continue
            at = self.lower[c] == self.lex.prep_at
            for pobj in self.rights[c]:
                m = self.name_at[pobj]
                if m is not None and m.value.kind != "person":
                    return m.value.country
                for j in range(self.left_edge[pobj], pobj + 1):
                    if j in self.place_at and not (at and self.pos[j] != "PROPN"):
                        return self.place_at[j]
        return None

    def _shared_complement(self, i: int) -> str | None:
        """ "the government and people of Saudi Arabia": spaCy hangs the "of" complement on
        the first conjunct, after the second one, so neither NP spans it. Both belong to the
        country it names."""
        heads = [i, self.head[i]] if self.dep[i] == "conj" else [i]
        for h in heads:
            for c in self.rights[h]:
                if self.dep[c] != "prep" or self.lower[c] not in self.lex.complement:
                    continue
                for pobj in self.rights[c]:
                    m = self.name_at[pobj]
                    if self.dep[pobj] == "pobj" and m is not None and m.value.kind in ("country", "capital"):
                        return m.value.country
        return None

    def _known_person(self, i: int, ent: int | None) -> bool:
        """Is token ``i`` (or its entity) a person already met in this document?"""
        text = self.doc.entities[ent].text if ent is not None else self.lex.strings[self.orth[i]]
        return text in self.people

    def _person(
        self, name: str | None, country: str | None, sector: str | None
    ) -> tuple[str | None, str | None, str | None]:
        """Coding of a person not in the lexicon: link "Duda" back to "Andrzej Duda" earlier in
        the document, and let the mention inherit what the first one said (title, country)."""
        if name is None:
            return None, country, sector
        for t in self.lex.words.courtesy_titles:
            if name.startswith(t + " "):
                name = name[len(t) + 1 :]
        if name in self.people:  # the full name again, or a surname seen before
            canonical, c, s = self.people[name]
            return canonical, country or c, sector or s
        self.people[name] = (name, country, sector)
        self.people.setdefault(name.split()[-1], (name, country, sector))
        return name, country, sector

    def antecedent_country(self, c: _Coded, sent_start: int, coded: list[_Coded]) -> str | None:
        """ "Russia said it had pulled its forces back": a possessive pronoun in the NP points
        to the nearest country named before it, in this sentence or the one before ("his" and
        "her" to a person's country too). "their" may stand for several ("Biden and Xi ...
        their governments"): it resolves only when the sentence names one country before it.
        A name inside an actor of this sentence stands for that actor's country ("Bosnian
        Serbs said their forces" -> BIH, not the Serbs' SRB). A light stand-in for
        coreference, which we lack."""
        pron = next((j for j in range(c.start, c.head) if self.tag[j] == "PRP$"), None)
        if pron is None:
            return None
        word = self.lex.strings[self.lower[pron]]
        k = bisect_right(self.sent_starts, sent_start) - 1
        floor = self.sent_starts[k - 1] if k > 0 else 0
        found: list[str] = []
        for j in range(c.start - 1, floor - 1, -1):
            m = self.name_at[j]
            if m is None or m.value.country in NON_STATE_CODES or not m.value.country or self._ethnic(m):
                continue
            if m.value.kind in ("person", "surname") and word not in ("his", "her"):
                continue
            if m.value.kind == "demonym" and self.pos[j] == "ADJ" and self.role_at[self.head[j]] is None:
                continue  # "the Indonesian island": an adjective on a thing names no one
            if self._agentive(m):
                continue
            country = next((o.country for o in coded if o is not c and o.start <= j < o.end), None)
            country = country if country and country not in NON_STATE_CODES else m.value.country
            if word != "their":
                return country
            if j < sent_start and found:
                break
            found.append(country)
        return found[0] if found and len(set(found)) == 1 else None

    def members(self, c: _Coded) -> bool:
        """ "the EU member states": the states of a body, not the body acting (no IGO rule)."""
        r = self.role_at[c.head]
        return r is not None and self.lex.strings[self.lower[r.start]] == "member"

    def leader(self, c: _Coded) -> bool:
        """Is the actor a person titled as the head of a state ("President X", "leader Y")?"""
        if not (c.name_kind in ("person", "surname") or self._personal(c.head)):
            return False
        return any(self.lower[j] in self.lex.leader_titles for j in range(c.start, c.head))

    def states(self, c: _Coded) -> bool:
        """ "the country", "poor countries": not coded from the sentence's countries. The
        plural is several states, so no one country; the singular is anaphoric ("Moscow
        tried to destabilise the country" is not Russia) and takes the home country."""
        r = self.role_at[c.head]
        return r is not None and r.value.needs == "acting" and r.value.sector == "GOV"

    def domestic(self, c: _Coded) -> bool:
        """May a state actor with no country of its own take the document's home country?
        Not when a group qualifies it ("Kurdish forces"), nor when a possessive pronoun says
        it belongs to someone named elsewhere ("its forces"). With a home country known only
        from the dateline, only a specific institution ("police", "the army", "parliament")
        is assumed domestic: "officials" or "delegates" at a summit come from anywhere."""
        if self.group(c) or any(self.tag[j] == "PRP$" for j in range(c.start, c.head)):
            return False
        r = self.role_at[c.head]
        return not (self.home_filed and (r is None or r.value.generic))

    def group(self, c: _Coded) -> bool:
        """Is the actor qualified by a people or group that is no state ("Kurdish forces")?"""
        for j in range(c.start, c.end):
            k = self.ent_at[j]
            if (
                k is not None
                and j != c.head
                and self.doc.entities[k].label in ("NORP", "ORG")
                and not self.name_at[j]
            ):
                return True
        return False

    def remember(self, c: _Coded) -> None:
        """Keep what we learnt about a person (apposition, conjunct) for later mentions."""
        if c.canonical and c.canonical in self.people:
            name, country, sector = self.people[c.canonical]
            entry = (name, country or c.country, sector or c.sector)
            self.people[c.canonical] = entry
            self.people[c.canonical.split()[-1]] = entry

    def char_span(self, start: int, end: int) -> tuple[int, int]:
        """Character offsets of tokens [start, end), without a trailing possessive 's."""
        if end - 1 > start and self.tag[end - 1] == "POS":
            end -= 1
        last = self.lex.strings[self.orth[end - 1]]
        return self.idx[start], self.idx[end - 1] + len(last)


def _share_within(da: _DocActors, coded: list[_Coded]) -> None:
    """Conjuncts and appositions share what one of them says about the other."""
    by_head = {c.head: c for c in coded}
    for c in coded:
        dep, h = da.dep[c.head], da.head[c.head]
        other = by_head.get(h) if dep in ("conj", "appos") and h != c.head else None
        if other is None:
            continue
        if dep == "conj" and _coordinated_modifier(da, other, c):
            # "Sierra Leonean and Liberian refugees", parsed as a people and a conjunct: the
            # singular national name is the first half of a coordinated modifier
            other.sector = c.sector
        if dep == "conj" and c.name_kind is None and other.name_kind is None:
            # only a bare conjunct borrows: "the Ukrainian people and government"
            for a, b in ((c, other), (other, c)):
                if a.start == a.head and a.end == a.head + 1:
                    a.country = a.country or b.country
        if dep == "appos":
            for a, b in ((c, other), (other, c)):
                a.country = a.country or b.country
                if a.name_kind not in ("country", "capital"):  # a state named alone keeps no sector
                    a.sector = a.sector or b.sector


def _coordinated_modifier(da: _DocActors, first: _Coded, second: _Coded) -> bool:
    """Is ``first`` a bare singular national name ("Sierra Leonean") coordinated with a role
    NP that starts with one ("Liberian refugees")? (A plural people, "Serbs and Croat
    refugees", is an actor of its own.)"""
    m, n = da.name_at[first.head], da.name_at[second.start]
    return (
        first.name_kind == "demonym"
        and m is not None
        and (m.start, m.end) == (first.start, first.end)
        and da.tag[first.head] not in ("NNS", "NNPS")
        and second.name_kind is None
        and n is not None
        and n.value.kind in ("demonym", "country")
        and da.role_at[second.head] is not None
    )


def _split_conjoined(da: _DocActors, coded: list[_Coded]) -> list[_Coded]:
    """ "French and Egyptian warships" is two actors, "French" and "Egyptian warships", both
    with the sector of the head, so that compound actors reach the events layer as such."""
    out: list[_Coded] = []
    for c in coded:
        cues = []
        j = c.start
        while j < c.head:
            m = da.name_at[j]
            if m is not None and m.value.kind in ("country", "demonym") and m.end <= c.head:
                cues.append(m)
                j = m.end
            else:
                j += 1
        heads = {m.end - 1 for m in cues}
        if len(cues) < 2 or not any(da.dep[h] == "conj" and da.head[h] in heads for h in heads):
            out.append(c)
            continue
        for m in cues[:-1]:
            out.append(_Coded(m.start, m.end, m.end - 1, m.value.canonical, m.value.country, c.sector, None, c.why))
        last = cues[-1]
        out.append(_Coded(last.start, c.end, c.head, c.canonical, last.value.country, c.sector, c.name_kind, c.why))
    return out


def _sentence_country(da: _DocActors, start: int, end: int, coded: list[_Coded]) -> None:
    """An actor the text gives no country ("President X", "the rebels") takes the sentence's
    country when exactly one country is mentioned in it (as a name, adjective or place);
    failing that, a state actor ("police", "the interior minister") takes the document's
    home country, if it has one.

    A name inside another actor counts as that actor's country: "Bosnian Serbs" is one
    country, BIH, not BIH and SRB. (People are left to their words: a lexicon person's
    country is not mentioned in the text, and "Algerian President X" does say Algeria.)"""
    # "Western officials", "foreign diplomats": several or other states, none of the sentence's
    # (a role phrase holding the word is no qualifier: "the foreign minister" is a country's)
    coded = [
        c
        for c in coded
        if not any(da.lower[j] in da.unplaced and da.role_at[j] is None for j in range(c.start, c.head))
    ]
    states = [c for c in coded if da.states(c)]
    for c in states:  # "the country" is anaphoric: the one the story is about, if any
        if c.country is None and da.tag[c.head] == "NN":
            c.country = da.home
    coded = [c for c in coded if c not in states]
    for c in coded:
        if c.country is None and c.name_kind is None:
            c.country = da.antecedent_country(c, start, coded)
    if all(c.country for c in coded):
        return
    seen: set[str] = set()
    covered: set[int] = set()
    for c in coded:
        if c.name_kind in ("person", "surname") or da._personal(c.head):
            continue
        covered.update(range(c.start, c.end))
        if c.country and c.country not in NON_STATE_CODES:
            seen.add(c.country)
    for j in range(start, end):
        m = da.name_at[j]
        if j in covered or m is None or da._ethnic(m) or m.value.kind in ("person", "surname"):
            continue
        if da._agentive(m):
            continue
        if m.value.kind != "body" or (len(m.value.country) == 3 and m.value.country not in NON_STATE_CODES):
            seen.add(m.value.country)
    seen.update(
        c
        for j, c in da.place_at.items()
        if start <= j < end and j not in covered and da.name_at[j] is None and not da._agentive_span(j, j + 1)
    )
    if len(seen) == 1:
        (country,) = seen
        # a country has one head: "President X welcomed South African leader Y" names Y's
        # country, not X's
        titled = {
            m.value.country
            for o in coded
            if da.leader(o)
            for m in (da.name_at[j] for j in range(o.start, o.head))
            if m is not None and m.value.kind in ("country", "demonym")
        }
        for c in coded:
            if c.country is None and c.name_kind not in ("body", "person", "surname"):
                if not (country in titled and da.leader(c)):
                    c.country = country
        return
    if da.home is not None:
        for c in coded:
            if c.country is None and c.name_kind is None and c.sector in STATE_SECTORS and da.domestic(c):
                c.country = da.home
    # civilians are where the sentence places them: "killed 23 people in Tel Aviv", "crowds
    # blocked streets in Hong Kong", when the places named lie in one country (the other
    # countries are then those of the perpetrators or of whoever is protested against)
    if any(c.country is None and c.name_kind is None and c.sector in _PEOPLE for c in coded):
        located = {
            cc
            for j, cc in da.place_at.items()
            if start <= j < end
            and j not in covered
            and not da._personal(j)
            and not da._agentive_span(j, j + 1)
        }
        if len(located) == 1:
            (country,) = located
            for c in coded:
                if c.country is None and c.name_kind is None and c.sector in _PEOPLE:
                    c.country = country


def annotate_actors(lex: _Lexicon, doc: AnnotatedDoc) -> None:
    if doc.nlp is None:
        return
    da = _DocActors(lex, doc)
    text = doc.text
    datelines = da.datelines
    bounds = [*da.sent_starts, da.n]
    for s_start, s_end in itertools.pairwise(bounds):
        coded: list[_Coded] = []
        for i in range(s_start, s_end):
            pos, dep, nm = da.pos[i], da.dep[i], da.name_at[i]
            if pos not in ("NOUN", "PROPN") and not (pos == "ADJ" and nm) and not da.nominal(i):
                continue
            if dep in _NOT_HEAD and not da.coordinated(i):
                continue
            # inside a multi-token name or role only its syntactic head counts
            h, m = da.head[i], nm or da.role_at[i]
            if m is not None and m.end - m.start > 1 and h != i and m.start <= h < m.end:
                continue
            c = da.code(i)
            if c is None and pos != "ADJ":
                c = da.code_modifier(i)
            if c is not None:
                coded.append(c)
        _share_within(da, coded)
        # outermost NP wins: "the foreign ministers of NATO member countries" over "NATO"
        coded.sort(key=lambda c: (c.start - c.end, c.start))
        taken: list[_Coded] = []
        for c in coded:
            if all(c.end <= o.start or c.start >= o.end for o in taken):
                taken.append(c)
        taken.sort(key=lambda c: c.start)
        taken = _split_conjoined(da, taken)
        _sentence_country(da, s_start, s_end, taken)
        for c in taken:
            s, e = da.char_span(c.start, c.end)
            if inside(datelines, s, e):
                continue
            da.remember(c)
            if c.country == "IGO" and c.sector != "IGO" and not da.members(c):
                # an intergovernmental body's organs, officials and forces act as the body
                c.sector, c.why = "IGO", f"{c.why}; IGO rule: an intergovernmental body acting is IGO / IGO"
            doc.actors.append(Actor(s, e, text[s:e], c.canonical, c.country, c.sector, why=c.why))
            _code_entity(doc, da, c)
    _code_other_entities(doc, da)


def _code_entity(doc: AnnotatedDoc, da: _DocActors, c: _Coded) -> None:
    k = da.ent_at[c.head]
    if k is not None and c.start <= da.ent_span[k][0] and da.ent_span[k][1] <= c.end:
        ent = doc.entities[k]
        ent.canonical, ent.country, ent.sector = c.canonical or ent.text, c.country, c.sector


def _code_other_entities(doc: AnnotatedDoc, da: _DocActors) -> None:
    """Entities not heading an actor still get their lexicon identity ("in Ukraine" -> UKR).
    A city that is no actor ("a curfew in Algiers") is the town, not its government: it gets
    its country and the sector of its people, CVL (PLOVER GSR convention for towns), also when
    only the places layer knows it ("in Abidjan")."""
    for k, (start, end) in da.ent_span.items():
        ent = doc.entities[k]
        if ent.canonical is not None:
            continue
        m = da.name_at[end - 1]
        if m is None:
            if ent.label == "GPE" and start in da.towns:
                ent.canonical, ent.country, ent.sector = ent.text, da.place_at[start], "CVL"
            continue
        named: Named = m.value
        ent.canonical, ent.country = named.canonical, named.country
        if named.kind in ("person", "body"):
            ent.sector = named.sector
        elif named.kind == "capital" and ent.label == "GPE":
            ent.sector = "CVL"


@components.register("actors")
def make_actors(ctx: Context) -> Callable[[AnnotatedDoc], None]:
    lex = ctx.resource("actors.lexicon", lambda: load_lexicon(ctx))

    def actors(doc: AnnotatedDoc) -> None:
        annotate_actors(lex, doc)

    return actors
