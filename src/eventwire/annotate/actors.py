"""Actor coding: who acts, as coded actor mentions (``doc.actors``) with PLOVER country + sector.

Conventions that the events and quotes layers can rely on:

* ``doc.actors`` holds non-overlapping mentions in text order. A mention is a whole noun
  phrase: its determiner, modifiers, titles and possessor ("the foreign ministers", "Ukraine's
  General Staff", "Polish President Andrzej Duda"), plus an ``of``/``from`` complement that
  names who they belong to ("the foreign ministers of NATO member countries", "officials from
  Kenya"). Appositions and relative clauses are not part of the span.
* An NP is an actor when its head is a known person, a named body (data/actors_bodies.tsv), a
  country, a people ("Ukrainians"), a role word (data/actors_roles.tsv: "forces", "protesters"),
  or a PERSON / ORG named entity. Countries are actors except as locative complements ("in
  Ukraine", "across Ukraine"); capitals and place metonyms ("Moscow", "Kyiv", "Brussels") only
  when they act: subject, object, passive agent, object of with/against/by, or possessor
  ("Moscow's decision"). Cities other than capitals are left to the places layer.
* A possessor is a mention of its own when the NP it qualifies is not an actor ("Russia's
  aggression" -> "Russia"); a demonym adjective alone is not ("Russian aggression").
* ``country`` is ISO-3166 alpha-3 or IGO / NGO / IMG / MNC; ``sector`` a PLOVER sector (GOV,
  MIL, COP, JUD, LEG, REB, OPP, PTY, SPY, CVL, REF, CRM, BUS, JRN, MED, EDU, LAB, AGR, REL, SOC,
  ELI, PRM, UAF) or IGO / NGO for an international body as such. Either may be None when the
  text does not say. A country acting, a capital metonym or a national institution is GOV.
* ``canonical`` is the lexicon name for known people, bodies and countries ("Dmytro Kuleba",
  "NATO", "Russia"); for other people the full name as first mentioned in the document, so a
  later surname-only mention carries the same canonical, country and sector; for other ORGs the
  entity text; for role NPs it is None.
* Pronouns are never actors here ("we", "it", "they", "our"): resolving them needs the quote
  speaker (the quotes layer runs later) or coreference we do not do safely. The events layer
  resolves "we" inside a quote to the quote's speaker.
* Matching doc.entities get canonical / country / sector too: an entity heading an actor takes
  the actor's coding; any other entity known to the lexicon takes its identity (canonical and
  country, and sector for people and bodies).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..context import Context
from ..knowledge.actors import ActorKnowledge, Named, Role, load_actor_knowledge
from ..model import Actor, AnnotatedDoc
from ..registry import components

# Dependents to the left of a noun that belong to its noun phrase.
_LEFT_DEPS = frozenset({"det", "amod", "compound", "poss", "nmod", "nummod", "quantmod", "predet", "advmod"})
# A head token with one of these relations is a modifier inside someone else's NP.
_NOT_HEAD = frozenset({"compound", "amod", "nmod", "case", "det", "flat"})
# Prepositions that make a country or capital a location, not a participant.
_LOCATIVE = frozenset(
    {"in", "at", "near", "inside", "across", "throughout", "within", "around", "into", "through", "outside",
     "onto", "via", "beyond", "toward", "towards", "over", "along", "on", "off", "from", "to", "of"}
)  # fmt: skip
_COUNTRY_LOCATIVE = _LOCATIVE - {"from", "to", "of", "on", "over", "toward", "towards"}
# Where a capital or metonym acts: "Moscow said", "accused Kyiv", "was approved by Brussels".
_ACTING_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "poss", "agent", "appos", "attr"})
_ACTING_PREPS = frozenset({"by", "with", "against", "between", "for"})
_COMPLEMENT_PREPS = frozenset({"of", "from"})
_ACTOR_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_MAX_PHRASE = 6  # longest lexicon phrase we look for, in tokens


@dataclass(slots=True)
class _Lexicon:
    knowledge: ActorKnowledge
    names: dict[str, list[tuple[tuple[str, ...], Named]]]  # first token -> longest first
    roles: dict[str, list[tuple[tuple[str, ...], Role]]]  # lower-cased first token -> longest first


def _index(entries: dict[str, object], tokenize: Callable[[str], list[str]]) -> dict[str, list]:
    out: dict[str, list] = {}
    for surface, value in entries.items():
        toks = tuple(tokenize(surface))
        if toks and len(toks) <= _MAX_PHRASE:
            out.setdefault(toks[0], []).append((toks, value))
    for cands in out.values():
        cands.sort(key=lambda c: -len(c[0]))
    return out


def load_lexicon(ctx: Context) -> _Lexicon:
    kb = load_actor_knowledge()
    tokenizer = ctx.nlp.tokenizer

    def tokenize(s: str) -> list[str]:
        return [t.text for t in tokenizer(s)]

    roles = _index(kb.roles, lambda s: [w.lower() for w in tokenize(s)])  # type: ignore[arg-type]
    return _Lexicon(kb, _index(kb.names, tokenize), roles)  # type: ignore[arg-type]


@dataclass(slots=True)
class _Match:
    start: int  # token indices, end-exclusive
    end: int
    value: Named | Role


@dataclass(slots=True)
class _Coded:
    start: int  # token indices, end-exclusive
    end: int
    head: int
    canonical: str | None
    country: str | None
    sector: str | None
    name_kind: str | None  # kind of the lexicon name heading the NP, if any


class _DocActors:
    """Actor coding over one parsed document."""

    def __init__(self, lex: _Lexicon, doc: AnnotatedDoc) -> None:
        self.lex = lex
        self.doc = doc
        self.toks = list(doc.nlp)
        self.text = [t.text for t in self.toks]
        self.lower = [t.lower_ for t in self.toks]
        self.lemma = [t.lemma_.lower() for t in self.toks]
        n = len(self.toks)
        self.name_at: list[_Match | None] = [None] * n
        self.role_at: list[_Match | None] = [None] * n
        self.ent_at: list[int | None] = [None] * n
        self.people: dict[str, tuple[str, str | None, str | None]] = {}  # name or surname -> coding
        self._match_names()
        self._match_roles()
        self._map_entities()

    # --- lexicon matching ----------------------------------------------------------------

    def _match_names(self) -> None:
        text, n = self.text, len(self.text)
        found: list[_Match] = []
        i = 0
        while i < n:
            cands = self.lex.names.get(text[i])
            hit = None
            if cands:
                for toks, value in cands:
                    k = len(toks)
                    if i + k <= n and tuple(text[i : i + k]) == toks:
                        hit = _Match(i, i + k, value)
                        break
            if hit:
                found.append(hit)
                i = hit.end
            else:
                i += 1
        # Context-dependent names ("the Alliance" -> NATO) count only when their body appears.
        present = {m.value.canonical for m in found if isinstance(m.value, Named) and not m.value.requires}
        for m in found:
            assert isinstance(m.value, Named)
            if m.value.requires and m.value.requires not in present:
                continue
            for j in range(m.start, m.end):
                self.name_at[j] = m

    def _match_roles(self) -> None:
        lower, lemma, n = self.lower, self.lemma, len(self.lower)
        i = 0
        while i < n:
            if self.name_at[i] is not None:
                i += 1
                continue
            cands = self.lex.roles.get(lower[i]) or self.lex.roles.get(lemma[i])
            hit = None
            for toks, value in cands or ():
                k = len(toks)
                if i + k > n or any(self.name_at[j] for j in range(i, i + k)):
                    continue
                # inner words must match exactly; the last may be inflected ("foreign ministers")
                if all(lower[i + j] == toks[j] for j in range(k - 1)) and toks[-1] in (
                    lower[i + k - 1],
                    lemma[i + k - 1],
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
        parsed = self.doc.nlp
        for k, ent in enumerate(self.doc.entities):
            if ent.label not in _ACTOR_LABELS:
                continue
            span = parsed.char_span(ent.start, ent.end, alignment_mode="expand")
            if span is not None:
                for j in range(span.start, span.end):
                    self.ent_at[j] = k

    # --- noun phrases ----------------------------------------------------------------------

    def _left(self, tok) -> int:  # noqa: ANN001  (spaCy Token)
        start = tok.i
        for child in tok.lefts:
            if child.dep_ in _LEFT_DEPS:
                start = min(start, child.left_edge.i)
        while start < tok.i and (self.toks[start].is_punct or self.toks[start].is_space):
            start += 1
        return start

    def _has_cue(self, start: int, end: int) -> bool:
        for j in range(start, end):
            r = self.role_at[j]
            if self.name_at[j] or self.ent_at[j] is not None or (r is not None and r.value.head):  # type: ignore[union-attr]
                return True
        return False

    def _bounds(self, tok, extend: bool) -> tuple[int, int]:  # noqa: ANN001
        """(start, end) of the NP headed by ``tok``, in tokens."""
        start, end = self._left(tok), tok.i + 1
        ent = self.ent_at[tok.i]
        if ent is not None:  # never cut a name in two
            e = self.doc.entities[ent]
            span = self.doc.nlp.char_span(e.start, e.end, alignment_mode="expand")
            start, end = min(start, span.start), max(end, span.end)
        if extend:
            for child in tok.rights:
                if child.i != end or child.dep_ != "prep" or child.lower_ not in _COMPLEMENT_PREPS:
                    continue
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is None:
                    break
                _, pend = self._bounds(pobj, True)
                if self._has_cue(child.i + 1, pend):
                    end = pend
                break
        return start, end

    # --- coding ------------------------------------------------------------------------------

    def _acting(self, tok, capital: bool) -> bool:  # noqa: ANN001
        """Is this country / capital mention a participant rather than a location?"""
        r = tok
        while r.dep_ == "conj" and r.head.i != r.i:
            r = r.head
        if r.dep_ == "pobj":
            prep = r.head.lower_
            return prep in _ACTING_PREPS if capital else prep not in _COUNTRY_LOCATIVE
        if capital:
            return r.dep_ in _ACTING_DEPS
        return r.dep_ not in ("npadvmod",)

    def _modifier_cues(self, start: int, end: int, head: int) -> tuple[list[_Match], list[_Match]]:
        """Name and role matches in [start, end) apart from the head's own: names leftmost
        first ("Hungarian and Romanian officials" -> HUN, as the first conjunct), roles nearest
        the head first ("Russian military officials" -> military)."""
        names: list[_Match] = []
        roles: list[_Match] = []
        j = start
        while j < end:
            m = self.name_at[j] or self.role_at[j]
            if m is None or m.start <= head < m.end or m.end > end:
                j += 1
                continue
            if isinstance(m.value, Named):
                if not self._ethnic(m):
                    names.append(m)
            elif m.value.modifier or m.value.generic:
                # a noun role modifies ("police officers"); an adjective only if listed as one
                if self.toks[m.end - 1].pos_ != "ADJ" or not m.value.head or self.lower[m.end - 1] in _ADJ_ROLES:
                    roles.append(m)
            j = m.end
        roles.sort(key=lambda m: (m.start > head, abs(head - m.start)))
        return names, roles

    def _ethnic(self, m: _Match) -> bool:
        """ "ethnic Albanians", "Tamil refugees": a people, not the state of that name."""
        return m.value.kind == "demonym" and m.start > 0 and self.lower[m.start - 1] == "ethnic"  # type: ignore[union-attr]

    def code(self, tok) -> _Coded | None:  # noqa: ANN001
        i = tok.i
        nm, rm, ent = self.name_at[i], self.role_at[i], self.ent_at[i]
        named = nm.value if nm is not None else None
        role = rm.value if rm is not None else None
        assert named is None or isinstance(named, Named)
        assert role is None or isinstance(role, Role)
        kind = named.kind if named else None
        start, end = self._bounds(tok, kind in (None, "body", "demonym"))
        label = self.doc.entities[ent].label if ent is not None else None
        canonical = country = sector = None
        if named is not None:
            if kind in ("country", "capital"):
                if not self._acting(tok, capital=kind == "capital"):
                    return None
            elif kind == "demonym" and tok.pos_ not in ("NOUN", "PROPN"):
                return None
            canonical, country, sector = named.canonical, named.country, named.sector
            if kind == "demonym":
                sector = "CVL"
                if self._ethnic(nm):  # type: ignore[arg-type]
                    country = None
        elif role is not None and role.head:
            sector = role.sector
        elif label in ("PERSON", "ORG", "NORP") or (label == "GPE" and self._acting(tok, capital=True)):
            canonical = self.doc.entities[ent].text  # type: ignore[index]
            if label == "NORP":
                sector = "CVL"
        else:
            return None

        names, roles = self._modifier_cues(start, end, i)
        # the country: a lexicon person or body knows its own; a people ("Serbs") is coded
        # where it lives when a modifier or complement says so ("Bosnian Serbs")
        if country is None or kind == "demonym":
            country = next((m.value.country for m in names if m.value.country), country)  # type: ignore[union-attr]
        if country is None:
            country = self._located(tok)
        specific = [m for m in roles if not m.value.generic]  # type: ignore[union-attr]
        if kind == "person":
            if specific:  # a title in the text is more current than the lexicon
                sector = specific[0].value.sector  # type: ignore[union-attr]
        elif label == "PERSON" and kind is None:
            if roles:
                sector = roles[0].value.sector  # type: ignore[union-attr]
            canonical, country, sector = self._person(canonical, country, sector)
        elif role is not None and role.generic:
            if specific:
                sector = specific[0].value.sector  # type: ignore[union-attr]
            else:
                sector = next((m.value.sector for m in names if m.value.kind == "body"), sector)  # type: ignore[union-attr]
            if sector is None and not names:
                return None  # "the officials": nothing says who
        elif kind == "body" and specific:
            sector = specific[0].value.sector  # type: ignore[union-attr]
        elif sector is None and specific:
            sector = specific[0].value.sector  # type: ignore[union-attr]
        return _Coded(start, end, i, canonical, country, sector, kind)

    def code_modifier(self, tok) -> _Coded | None:  # noqa: ANN001
        """An actor named only as a modifier of a non-actor noun: "a U.S. request", "Israeli
        army bulldozers", "Security Council resolution". Needs a country or body among the
        modifiers; a demonym alone carries no sector ("Russian missile strikes" -> RUS)."""
        start = self._left(tok)
        last = None
        for j in range(tok.i - 1, start - 1, -1):
            t = self.toks[j]
            if t.dep_ == "poss" or (self.name_at[j] is None and self.role_at[j] is None):
                continue
            last = j
            break
        if last is None:
            return None
        names, _ = self._modifier_cues(start, last + 1, -1)
        names = [m for m in names if m.value.kind in ("country", "demonym", "body")]  # type: ignore[union-attr]
        if not names:
            return None
        while start < last and self.toks[start].dep_ in ("det", "predet", "nummod", "quantmod", "advmod"):
            start += 1
        first = names[0].value
        assert isinstance(first, Named)
        m = self.name_at[last] or self.role_at[last]
        assert m is not None
        if isinstance(m.value, Role):
            sector = m.value.sector
        else:
            sector = {"country": "GOV", "body": m.value.sector}.get(m.value.kind)
        canonical = first.canonical if first.kind in ("body", "country") and len(names) == 1 and m is names[0] else None
        return _Coded(start, m.end, last, canonical, first.country, sector, first.kind if m is names[0] else None)

    def _located(self, tok) -> str | None:  # noqa: ANN001
        """Country of an "in X" complement of the head: "police in Tehran", "rebels in Darfur"."""
        for child in tok.rights:
            if child.dep_ == "prep" and child.lower_ == "in":
                for pobj in child.children:
                    m = self.name_at[pobj.i]
                    if m is not None and isinstance(m.value, Named) and m.value.kind != "person":
                        return m.value.country
                    for place in self.doc.places:
                        if place.start == pobj.idx and place.country:
                            return place.country
        return None

    def _person(self, name: str | None, country: str | None, sector: str | None) -> tuple[str | None, str | None, str | None]:
        """Coding of a person not in the lexicon: link "Duda" back to "Andrzej Duda" earlier in
        the document, and let the mention inherit what the first one said (title, country)."""
        if name is None:
            return None, country, sector
        for t in ("Mr. ", "Mrs. ", "Ms. ", "Mr ", "Mrs ", "Ms ", "Dr. ", "Dr "):
            if name.startswith(t):
                name = name[len(t) :]
        key = name if name in self.people else name.split()[-1] if " " not in name else None
        if key is not None and key in self.people:
            canonical, c, s = self.people[key]
            return canonical, country or c, sector or s
        self.people[name] = (name, country, sector)
        self.people.setdefault(name.split()[-1], (name, country, sector))
        return name, country, sector

    def remember(self, c: _Coded) -> None:
        """Keep what we learnt about a person (title, apposition) for later surname mentions."""
        if c.canonical and c.canonical in self.people:
            name, country, sector = self.people[c.canonical]
            entry = (name, country or c.country, sector or c.sector)
            self.people[c.canonical] = entry
            self.people[c.canonical.split()[-1]] = entry


# Adjectives that specify a sector when they modify a generic head ("military officials").
_ADJ_ROLES = frozenset({"military", "rebel", "police", "opposition", "civilian", "religious", "separatist"})


def _share_within(coded: list[_Coded], toks) -> None:  # noqa: ANN001
    """Conjuncts and appositions share what one of them says about the other."""
    by_head = {c.head: c for c in coded}
    for c in coded:
        t = toks[c.head]
        other = by_head.get(t.head.i) if t.dep_ in ("conj", "appos") and t.head.i != t.i else None
        if other is None:
            continue
        if t.dep_ == "conj" and c.name_kind is None and other.name_kind is None:
            c.country = c.country or other.country
            other.country = other.country or c.country
        if t.dep_ == "appos":
            for a, b in ((c, other), (other, c)):
                a.country = a.country or b.country
                a.sector = a.sector or b.sector


def annotate_actors(lex: _Lexicon, doc: AnnotatedDoc) -> None:
    if doc.nlp is None:
        return
    da = _DocActors(lex, doc)
    toks = da.toks
    text = doc.text
    for sent in doc.nlp.sents:
        coded: list[_Coded] = []
        for tok in sent:
            if tok.pos_ not in ("NOUN", "PROPN") and not (tok.pos_ == "ADJ" and da.name_at[tok.i]):
                continue
            if tok.dep_ in _NOT_HEAD and not (da.name_at[tok.i] and tok.dep_ == "compound" and tok.head.pos_ == "VERB"):
                continue
            # inside a multi-token name only its syntactic head counts
            m = da.name_at[tok.i]
            if m is not None and m.end - m.start > 1 and tok.head.i != tok.i and m.start <= tok.head.i < m.end:
                continue
            c = da.code(tok)
            if c is not None:
                coded.append(c)
        _share_within(coded, toks)
        # outermost NP wins: "the foreign ministers of NATO member countries" over "NATO"
        coded.sort(key=lambda c: (-(c.end - c.start), c.start))
        taken: list[_Coded] = []
        for c in coded:
            if all(c.end <= o.start or c.start >= o.end for o in taken):
                taken.append(c)
        taken.sort(key=lambda c: c.start)
        for c in taken:
            da.remember(c)
            s, e = toks[c.start].idx, toks[c.end - 1].idx + len(toks[c.end - 1])
            if toks[c.end - 1].tag_ == "POS" and c.end - 1 > c.start:  # "Russia's" -> "Russia"
                e = toks[c.end - 2].idx + len(toks[c.end - 2])
            doc.actors.append(Actor(s, e, text[s:e], c.canonical, c.country, c.sector))
            _code_entities(doc, da, c)
    _code_other_entities(doc, da)


def _code_entities(doc: AnnotatedDoc, da: _DocActors, c: _Coded) -> None:
    k = da.ent_at[c.head]
    if k is not None:
        ent = doc.entities[k]
        ent.canonical, ent.country, ent.sector = c.canonical or ent.text, c.country, c.sector


def _code_other_entities(doc: AnnotatedDoc, da: _DocActors) -> None:
    """Entities not heading an actor still get their lexicon identity ("in Ukraine" -> UKR)."""
    parsed = doc.nlp
    for ent in doc.entities:
        if ent.canonical is not None or ent.label not in _ACTOR_LABELS:
            continue
        span = parsed.char_span(ent.start, ent.end, alignment_mode="expand")
        if span is None:
            continue
        m = da.name_at[span.end - 1]
        if m is None or not isinstance(m.value, Named):
            continue
        named = m.value
        ent.canonical, ent.country = named.canonical, named.country
        if named.kind in ("person", "body"):
            ent.sector = named.sector


@components.register("actors")
def make_actors(ctx: Context) -> Callable[[AnnotatedDoc], None]:
    lex = ctx.resource("actors.lexicon", lambda: load_lexicon(ctx))

    def actors(doc: AnnotatedDoc) -> None:
        annotate_actors(lex, doc)

    return actors
