"""Coding one sentence: every NP that is an actor (coding.py), then the passes that weigh the
sentence's actors together, in this order:

1. ``share_within``: conjuncts and appositions share what one says of the other;
2. the outermost NP wins where two overlap ("the foreign ministers of NATO member countries"
   over "NATO");
3. ``split_conjoined``: "French and German diplomats" is two actors;
4. ``sentence_country``: an actor the text gives no country takes one from a possessive's
   antecedent, the sentence's one country, the document's home country or the places named.
"""

from __future__ import annotations

from bisect import bisect_right

from ...knowledge.actors import NON_STATE_CODES, STATE_SECTORS
from .coding import code, code_modifier
from .grammar import NOT_HEAD
from .lexicon import PEOPLE, Coded
from .phrases import coordinated, nominal
from .tokens import DocArrays


def code_sentence(da: DocArrays, start: int, end: int) -> list[Coded]:
    """The actors of the sentence of tokens [start, end), in text order, not overlapping."""
    coded: list[Coded] = []
    for i in range(start, end):
        pos, dep, nm = da.pos[i], da.dep[i], da.name_at[i]
        if pos not in ("NOUN", "PROPN") and not (pos == "ADJ" and nm) and not nominal(da, i):
            continue
        if dep in NOT_HEAD and not coordinated(da, i):
            continue
        # inside a multi-token name or role only its syntactic head counts
        h, m = da.head[i], nm or da.role_at[i]
        if m is not None and m.end - m.start > 1 and h != i and m.start <= h < m.end:
            continue
        c = code(da, i)
        if c is None and pos != "ADJ":
            c = code_modifier(da, i)
        if c is not None:
            coded.append(c)
    share_within(da, coded)
    # outermost NP wins: "the foreign ministers of NATO member countries" over "NATO"
    coded.sort(key=lambda c: (c.start - c.end, c.start))
    taken: list[Coded] = []
    for c in coded:
        if all(c.end <= o.start or c.start >= o.end for o in taken):
            taken.append(c)
    taken.sort(key=lambda c: c.start)
    taken = split_conjoined(da, taken)
    sentence_country(da, start, end, taken)
    return taken


def share_within(da: DocArrays, coded: list[Coded]) -> None:
    """Conjuncts and appositions share what one of them says about the other."""
    by_head = {c.head: c for c in coded}
    for c in coded:
        dep, h = da.dep[c.head], da.head[c.head]
        other = by_head.get(h) if dep in ("conj", "appos") and h != c.head else None
        if other is None:
            continue
        if dep == "conj" and coordinated_modifier(da, other, c):
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


def coordinated_modifier(da: DocArrays, first: Coded, second: Coded) -> bool:
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


def split_conjoined(da: DocArrays, coded: list[Coded]) -> list[Coded]:
    """ "French and Egyptian warships" is two actors, "French" and "Egyptian warships", both
    with the sector of the head, so that compound actors reach the events layer as such."""
    out: list[Coded] = []
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
            out.append(
                Coded(m.start, m.end, m.end - 1, m.value.canonical, m.value.country, c.sector, None, c.why)
            )
        last = cues[-1]
        out.append(
            Coded(last.start, c.end, c.head, c.canonical, last.value.country, c.sector, c.name_kind, c.why)
        )
    return out


def sentence_country(da: DocArrays, start: int, end: int, coded: list[Coded]) -> None:
    """An actor the text gives no country ("President X", "the rebels") takes, in this order:
    its possessive pronoun's antecedent; the sentence's country when exactly one country is
    mentioned in it (as a name, adjective or place); for a state actor ("police", "the
    interior minister"), the document's home country, if it has one; for civilians, the one
    country of the places the sentence names.

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
    states = [c for c in coded if country_word(da, c)]
    for c in states:  # "the country" is anaphoric: the one the story is about, if any
        if c.country is None and da.tag[c.head] == "NN":
            c.country = da.home
    coded = [c for c in coded if c not in states]
    for c in coded:
        if c.country is None and c.name_kind is None:
            c.country = antecedent_country(da, c, start, coded)
    if all(c.country for c in coded):
        return
    seen, covered = _countries_named(da, start, end, coded)
    if len(seen) == 1:
        (country,) = seen
        _give_one_country(da, coded, country)
        return
    if da.home is not None:
        for c in coded:
            if c.country is None and c.name_kind is None and c.sector in STATE_SECTORS and domestic(da, c):
                c.country = da.home
    _place_civilians(da, start, end, coded, covered)


def _countries_named(da: DocArrays, start: int, end: int, coded: list[Coded]) -> tuple[set[str], set[int]]:
    """The countries the sentence of tokens [start, end) mentions: its actors' (but people's),
    the names outside them (no people after "ethnic", no side-taking name), and the places;
    and the tokens the actors cover."""
    seen: set[str] = set()
    covered: set[int] = set()
    for c in coded:
        if c.name_kind in ("person", "surname") or da.personal(c.head):
            continue
        covered.update(range(c.start, c.end))
        if c.country and c.country not in NON_STATE_CODES:
            seen.add(c.country)
    for j in range(start, end):
        m = da.name_at[j]
        if j in covered or m is None or da.ethnic(m) or m.value.kind in ("person", "surname"):
            continue
        if da.agentive(m):
            continue
        if m.value.kind != "body" or (len(m.value.country) == 3 and m.value.country not in NON_STATE_CODES):
            seen.add(m.value.country)
    seen.update(
        c
        for j, c in da.place_at.items()
        if start <= j < end and j not in covered and da.name_at[j] is None and not da.agentive_span(j, j + 1)
    )
    return seen, covered


def _give_one_country(da: DocArrays, coded: list[Coded], country: str) -> None:
    """The sentence's one country, to every actor without one but named people and bodies.
    A country has one head: "President X welcomed South African leader Y" names Y's
    country, not X's."""
    titled = {
        m.value.country
        for o in coded
        if titled_leader(da, o)
        for m in (da.name_at[j] for j in range(o.start, o.head))
        if m is not None and m.value.kind in ("country", "demonym")
    }
    for c in coded:
        if c.country is None and c.name_kind not in ("body", "person", "surname"):
            if not (country in titled and titled_leader(da, c)):
                c.country = country


def _place_civilians(da: DocArrays, start: int, end: int, coded: list[Coded], covered: set[int]) -> None:
    """Civilians are where the sentence places them: "killed 23 people in Tel Aviv", "crowds
    blocked streets in Hong Kong", when the places named lie in one country (the other
    countries are then those of the perpetrators or of whoever is protested against)."""
    if any(c.country is None and c.name_kind is None and c.sector in PEOPLE for c in coded):
        located = {
            cc
            for j, cc in da.place_at.items()
            if start <= j < end and j not in covered and not da.personal(j) and not da.agentive_span(j, j + 1)
        }
        if len(located) == 1:
            (country,) = located
            for c in coded:
                if c.country is None and c.name_kind is None and c.sector in PEOPLE:
                    c.country = country


def antecedent_country(da: DocArrays, c: Coded, sent_start: int, coded: list[Coded]) -> str | None:
    """ "Russia said it had pulled its forces back": a possessive pronoun in the NP points
    to the nearest country named before it, in this sentence or the one before ("his" and
    "her" to a person's country too). "their" may stand for several ("Biden and Xi ...
    their governments"): it resolves only when the sentence names one country before it.
    A name inside an actor of this sentence stands for that actor's country ("Bosnian
    Serbs said their forces" -> BIH, not the Serbs' SRB). A light stand-in for
    coreference, which we lack."""
    pron = next((j for j in range(c.start, c.head) if da.tag[j] == "PRP$"), None)
    if pron is None:
        return None
    word = da.lex.strings[da.lower[pron]]
    k = bisect_right(da.sent_starts, sent_start) - 1
    floor = da.sent_starts[k - 1] if k > 0 else 0
    found: list[str] = []
    for j in range(c.start - 1, floor - 1, -1):
        m = da.name_at[j]
        if m is None or m.value.country in NON_STATE_CODES or not m.value.country or da.ethnic(m):
            continue
        if m.value.kind in ("person", "surname") and word not in ("his", "her"):
            continue
        if m.value.kind == "demonym" and da.pos[j] == "ADJ" and da.role_at[da.head[j]] is None:
            continue  # "the Indonesian island": an adjective on a thing names no one
        if da.agentive(m):
            continue
        country = next((o.country for o in coded if o is not c and o.start <= j < o.end), None)
        country = country if country and country not in NON_STATE_CODES else m.value.country
        if word != "their":
            return country
        if j < sent_start and found:
            break
        found.append(country)
    return found[0] if found and len(set(found)) == 1 else None


def titled_leader(da: DocArrays, c: Coded) -> bool:
    """Is the actor a person titled as the head of a state ("President X", "leader Y")?"""
    if not (c.name_kind in ("person", "surname") or da.personal(c.head)):
        return False
    return any(da.lower[j] in da.lex.leader_titles for j in range(c.start, c.head))


def country_word(da: DocArrays, c: Coded) -> bool:
    """ "the country", "poor countries": not coded from the sentence's countries. The
    plural is several states, so no one country; the singular is anaphoric ("Moscow
    tried to destabilise the country" is not Russia) and takes the home country."""
    r = da.role_at[c.head]
    return r is not None and r.value.needs == "acting" and r.value.sector == "GOV"


def domestic(da: DocArrays, c: Coded) -> bool:
    """May a state actor with no country of its own take the document's home country?
    Not when a group qualifies it ("Kurdish forces"), nor when a possessive pronoun says
    it belongs to someone named elsewhere ("its forces"). With a home country known only
    from the dateline, only a specific institution ("police", "the army", "parliament")
    is assumed domestic: "officials" or "delegates" at a summit come from anywhere."""
    if group_qualified(da, c) or any(da.tag[j] == "PRP$" for j in range(c.start, c.head)):
        return False
    r = da.role_at[c.head]
    return not (da.home_filed and (r is None or r.value.generic))


def group_qualified(da: DocArrays, c: Coded) -> bool:
    """Is the actor qualified by a people or group that is no state ("Kurdish forces")?"""
    for j in range(c.start, c.end):
        k = da.ent_at[j]
        if (
            k is not None
            and j != c.head
            and da.doc.entities[k].label in ("NORP", "ORG")
            and not da.name_at[j]
        ):
            return True
    return False
