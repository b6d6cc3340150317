"""Noun phrases: where the NP headed by a token begins and ends, whether a country or capital
acts or only locates, and what its modifiers and complements say (names, role words, places).

Pure reading of the parse and the matches on ``DocArrays``; coding.py decides what they mean.
"""

from __future__ import annotations

from ...knowledge.actors import Named, Role
from .grammar import ACTING_DEPS, LEFT_DEPS, NOMINAL_DEPS, NOT_HEAD
from .lexicon import PEOPLE, Match
from .tokens import DocArrays


def left_start(da: DocArrays, i: int) -> int:
    """First token of the NP headed by ``i``: its left modifiers, from the conjunct after
    "and" when one of them is coordinated, without leading punctuation or hedges."""
    start = i
    for c in da.lefts[i]:
        if da.dep[c] not in LEFT_DEPS:
            continue
        if coordinated(da, c):  # the NP begins with the conjunct after "and"
            cc = next(k for k in da.rights[c] if da.dep[k] == "cc")
            start = min(start, cc + 1)
        else:
            start = min(start, da.left_edge[c])
    # no leading punctuation or "at least" / "some" hedges
    while start < i and (
        da.tag[start] in ("``", "''", ",", ":", "-LRB-", "-RRB-", "HYPH", ".")
        or da.dep[start] in ("advmod", "quantmod", "prep", "cc", "punct")
    ):
        start += 1
    return start


def nominal(da: DocArrays, i: int) -> bool:
    """ "evacuated the wounded", "food for the needy": an adjective or participle used as a
    noun after "the" names people when it is a civilian role word (data/actors_roles.tsv)."""
    r = da.role_at[i]
    return (
        da.pos[i] in ("ADJ", "VERB")
        and da.dep[i] in NOMINAL_DEPS
        and r is not None
        and r.value.sector in PEOPLE
        and any(da.lower[c] in da.lex.nominal_det for c in da.lefts[i])
    )


def coordinated(da: DocArrays, c: int) -> bool:
    """Is ``c`` a noun actor coordinated inside another NP's modifiers? spaCy often parses
    "the Sudanese government and SPLM/A" or "Ukrainians and Russian soldiers" as one NP
    whose first conjunct modifies the head; conjoined actors are separate actors, so the
    first conjunct heads an NP of its own."""
    if da.pos[c] not in ("NOUN", "PROPN") or da.dep[c] not in NOT_HEAD:
        return False
    r = da.role_at[c]
    if da.name_at[c] is None and (r is None or not r.value.head):
        return False  # "oil and gas workers": no actor in the first conjunct
    # the second conjunct hangs on the first ("SPLM/A") or on the head ("Russian")
    return any(da.dep[k] == "cc" for k in da.rights[c])


def has_cue(da: DocArrays, start: int, end: int, names_only: bool) -> bool:
    """Does [start, end) hold a lexicon name (or, unless ``names_only``, an entity or a head
    role word): something that says whom?"""
    for j in range(start, end):
        r = da.role_at[j]
        if da.name_at[j] or (
            not names_only and (da.ent_at[j] is not None or (r is not None and r.value.head))
        ):
            return True
    return False


def np_bounds(da: DocArrays, i: int, extend: bool, names_only: bool = False) -> tuple[int, int]:
    """(start, end) of the NP headed by token ``i``: left modifiers, the whole of a name,
    and an of/from complement that names somebody ("members of parliament"; with
    ``names_only`` a lexicon name: "the Albanians of southern Serbia")."""
    start, end = left_start(da, i), i + 1
    nm = da.name_at[i] or da.role_at[i]
    if nm is not None:  # "Doctors Without Borders" is headed by "Doctors"
        start, end = min(start, nm.start), max(end, nm.end)
    ent = da.ent_at[i]
    if ent is not None:  # never cut a name in two
        es, ee = da.ent_span[ent]
        start, end = min(start, es), max(end, ee)
    if extend or names_only:
        for c in da.rights[i]:
            if c != end or da.dep[c] != "prep" or da.lower[c] not in da.lex.complement:
                continue
            pobj = next((g for g in da.rights[c] if da.dep[g] == "pobj"), None)
            if pobj is not None:
                _, pend = np_bounds(da, pobj, True)
                if has_cue(da, c + 1, pend, names_only):
                    end = pend
            break
    return start, end


def acting(da: DocArrays, i: int, capital: bool) -> bool:
    """Is this country / capital mention a participant rather than a location? A conjunct
    or an apposition is what its head is: "in the capital, Kabul" is a location."""
    r = i
    while da.dep[r] in ("conj", "appos") and da.head[r] != r:
        r = da.head[r]
    if da.dep[r] == "pobj":
        prep = da.lex.strings[da.lower[da.head[r]]]
        words = da.lex.words
        return prep in words.acting_prepositions if capital else prep not in words.locative_prepositions
    if capital:
        return da.dep[r] in ACTING_DEPS
    return da.dep[r] != "npadvmod"


def titled(da: DocArrays, i: int) -> bool:
    """Does a title ("King", "President") stand in front of token ``i`` in its compound?"""
    for c in da.lefts[i]:
        r = da.role_at[c]
        if da.dep[c] == "compound" and r is not None and r.value.head and r.value.needs is None:
            return True
    return False


def given_name_before(da: DocArrays, i: int, ent: int | None) -> bool:
    """Is the GPE entity at ``i`` preceded by a capitalised name of no entity, place, role
    or lexicon entry ("Kenzo Oshima", spaCy tagging only "Oshima")?"""
    if ent is None:
        return False
    j = da.ent_span[ent][0] - 1
    return (
        j >= 0
        and da.tag[j] == "NNP"
        and da.dep[j] == "compound"
        and da.head[j] == i
        and da.ent_at[j] is None
        and da.name_at[j] is None
        and da.role_at[j] is None
        and j not in da.place_at
    )


def settlement(da: DocArrays, j: int) -> bool:
    """Is token ``j`` a role word that is an actor only when it acts ("town", "countries")?"""
    r = da.role_at[j]
    return r is not None and r.value.needs == "acting"


def town_word(da: DocArrays, j: int) -> bool:
    """A word that names a settlement as such: "town", "village", or a regional capital
    ("the southern regional capital Juba", "the provincial capital"). A bare "capital" is
    no settlement role ("shelled the capital Kabul" is the government's seat; "foreign
    capital" is money)."""
    return settlement(da, j) or (
        da.lower[j] in da.lex.capital and any(da.lower[c] in da.lex.subnational for c in da.lefts[j])
    )


def modifier_cues(da: DocArrays, start: int, end: int, head: int) -> tuple[list[Match], list[Match]]:
    """Name and role matches in [start, end) apart from the head's own: names leftmost
    first ("Hungarian and Romanian officials" -> HUN, as the first conjunct), roles nearest
    the head first ("Russian military officials" -> military)."""
    names: list[Match] = []
    roles: list[Match] = []
    j, depth = start, 0
    while j < end:
        depth += (da.tag[j] == "-LRB-") - (da.tag[j] == "-RRB-")
        m = da.name_at[j] or da.role_at[j]
        if m is None or m.start <= head < m.end or m.end > end:
            j += 1
            continue
        if depth > 0 and isinstance(m.value, Role):
            # "Hizbollah (Party of God) group": a gloss of the name says nothing of the sector
            j = m.end
            continue
        if isinstance(m.value, Named):
            if not da.ethnic(m) and not da.agentive(m):
                names.append(m)
        elif (m.value.modifier or m.value.generic) and (m.start < head or da.complement_of(m.end - 1, head)):
            # a noun role modifies ("police officers"), an adjective only if listed as one;
            # in a complement only its head counts ("members of parliament", but not the
            # "Muslim" of "administrators of Muslim property"), and only the head's own
            # complement ("members of the Movement for ... the State of X" are no "State")
            if da.pos[m.end - 1] != "ADJ" or m.value.adjective:
                roles.append(m)
        j = m.end
    roles.sort(key=lambda m: (m.start > head, abs(head - m.start)))
    return names, roles


def located(da: DocArrays, i: int) -> str | None:
    """Country of an "in X" / "at X" complement of the head: "police in Tehran", "rebels in
    Darfur", "students at Kabul University". Under "at" only a proper name counts:
    "protesters at the Russian embassy" are not Russian. A participle that places the group
    counts too: "a group based in Kenya", "guerrillas operating in Macedonia"."""
    preps = [c for c in da.rights[i] if da.dep[c] == "prep"]
    for v in da.rights[i]:
        if da.dep[v] == "acl" and da.lemma[v] in da.lex.placing:
            preps.extend(c for c in da.rights[v] if da.dep[c] == "prep")
    for c in preps:
        if da.lower[c] not in da.lex.prep_in:
            continue
        at = da.lower[c] in da.lex.prep_at
        for pobj in da.rights[c]:
            m = da.name_at[pobj]
            if m is not None and m.value.kind != "person":
                return m.value.country
            for j in range(da.left_edge[pobj], pobj + 1):
                if j in da.place_at and not (at and da.pos[j] != "PROPN"):
                    return da.place_at[j]
    return None


def shared_complement(da: DocArrays, i: int) -> str | None:
    """ "the government and people of Saudi Arabia": spaCy hangs the "of" complement on
    the first conjunct, after the second one, so neither NP spans it. Both belong to the
    country it names."""
    heads = [i, da.head[i]] if da.dep[i] == "conj" else [i]
    for h in heads:
        for c in da.rights[h]:
            if da.dep[c] != "prep" or da.lower[c] not in da.lex.complement:
                continue
            for pobj in da.rights[c]:
                m = da.name_at[pobj]
                if da.dep[pobj] == "pobj" and m is not None and m.value.kind in ("country", "capital"):
                    return m.value.country
    return None
