"""Coding one noun phrase: is the NP headed by a token an actor, and with which canonical name,
country and sector (``code``); or is an actor named only as a modifier of a non-actor noun
(``code_modifier``: "a U.S. request"). People not in the lexicon are linked to their earlier
mentions here (``link_person``, ``remember``).

The rules, each with its example, are listed in docs/actors.md ("How the layer reads a
sentence"); the comments below name the same examples.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ...knowledge.actors import STATE_SECTORS, Named, Role
from .lexicon import Coded, Match
from .phrases import (
    acting,
    given_name_before,
    has_cue,
    left_start,
    located,
    modifier_cues,
    np_bounds,
    shared_complement,
    titled,
    town_word,
)
from .tokens import DocArrays


@dataclass(slots=True)
class _Draft:
    """An NP being coded: what its head token is, and the coding so far."""

    i: int  # the head token
    nm: Match | None  # the lexicon name at the head
    rm: Match | None  # the role word at the head
    ent: int | None  # the entity at the head (index into doc.entities)
    named: Named | None
    role: Role | None
    kind: str | None  # the lexicon name's kind
    label: str | None  # the entity's label, corrected ("King Hassan" is a PERSON)
    canonical: str | None = None
    country: str | None = None
    sector: str | None = None
    why: str | None = None


def code(da: DocArrays, i: int) -> Coded | None:
    """Code the NP headed by token ``i``, or None when it is not an actor: what its head is
    (the first of ``HEAD_RULES`` that applies), then its span, then the country and sector
    its modifiers and complements give."""
    d = _draft(da, i)
    for applies, rule in HEAD_RULES:
        if applies(da, d):
            if not rule(da, d):
                return None
            break
    else:
        return None
    kind = d.kind
    start, end = np_bounds(da, i, kind in (None, "body", "person", "surname"), kind == "demonym")

    names, roles = modifier_cues(da, start, end, i)
    if d.role is not None and d.named is None and d.role.needs == "owner" and not names:
        return None  # "missiles", "a drone": a weapon with no owner is no actor
    if kind == "capital" and (
        any(town_word(da, j) for j in range(start, i)) or (da.dep[i] == "appos" and town_word(da, da.head[i]))
    ):
        # "the regional capital Juba" is the town itself (its people), not a government
        d.canonical = da.doc.entities[d.ent].text if d.ent is not None else d.canonical
        d.sector = "CVL"
    _country(da, d, start, end, names)
    if not _sector(da, d, end, names, roles):
        return None
    if d.sector == "JRN" and any(da.lower[j] in da.lex.official for j in range(start, i)):
        d.sector = "GOV"  # "an official Syrian newspaper", "a state broadcaster": state media
        d.why = f"{d.why}; state media: GOV"
    if d.sector in STATE_SECTORS and any(da.lower[j] in da.lex.former for j in range(start, i)):
        d.sector = "ELI"  # "former prime minister", "ousted president": PLOVER elites
        d.why = f"{d.why}; 'former' in the text: ELI"
    return Coded(start, end, i, d.canonical, d.country, d.sector, kind, d.why)


def _draft(da: DocArrays, i: int) -> _Draft:
    nm, rm, ent = da.name_at[i], da.role_at[i], da.ent_at[i]
    named: Named | None = nm.value if nm is not None else None
    role: Role | None = rm.value if rm is not None else None
    label = da.doc.entities[ent].label if ent is not None else None
    if named is None and da.pos[i] == "PROPN" and known_person(da, i, ent):
        label = "PERSON"  # spaCy tagged a later "Lipavsky" ORG or missed it: we know him
    elif label == "GPE" and named is None and (titled(da, i) or given_name_before(da, i, ent)):
        # "King Hassan", "President Bush": spaCy's GPE, but a title says who; "Kenzo
        # Oshima": a given name outside the entity says a surname, not a town
        label = "PERSON"
    return _Draft(i, nm, rm, ent, named, role, named.kind if named else None, label)


# --- what the head is: each rule codes the head, or returns False when the NP is no actor ------


def _head_surname(da: DocArrays, d: _Draft) -> bool:
    """ "President Bush": the family's country, the text's full name."""
    assert d.named is not None
    d.canonical = da.doc.entities[d.ent].text if d.ent is not None else da.lex.strings[da.orth[d.i]]
    d.country, d.sector, d.why = d.named.country, d.named.sector, d.named.why
    return True


def _head_name(da: DocArrays, d: _Draft) -> bool:
    """A person, body, country, capital or people of the lexicon. A country or capital only
    when it acts ("in Ukraine" does not); a people only as a noun, CVL, with no canonical name."""
    named, kind, i = d.named, d.kind, d.i
    assert named is not None
    if kind in ("country", "capital"):
        if not acting(da, i, capital=kind == "capital"):
            return False
    elif kind == "demonym" and da.pos[i] not in ("NOUN", "PROPN"):
        return False
    d.canonical, d.country, d.sector, d.why = named.canonical, named.country, named.sector, named.why
    if kind == "demonym":  # a people, not its state: no canonical name
        d.canonical, d.sector = None, "CVL"
        if da.ethnic(d.nm):  # type: ignore[arg-type]
            d.country = None
    return True


def _head_role(da: DocArrays, d: _Draft) -> bool:
    """A role word that heads an NP ("forces", "protesters"), with its sector."""
    role, i = d.role, d.i
    assert role is not None
    if role.needs == "never" or (role.needs == "acting" and not acting(da, i, capital=True)):
        return False
    if role.needs == "acting" and any(da.tag[c] in ("WDT", "WP$") for c in da.lefts[i]):
        return False  # "which countries", "whose country": a question, not a participant
    if role.sector == "OPP" and any(
        da.dep[c] == "prep" and da.lower[c] in da.lex.prep_to for c in da.rights[i]
    ):
        return False  # "their opposition to the plan" is a stance, not a party
    d.sector = role.sector
    d.why = f"role: {da.words(d.rm)!r} ({d.sector or 'no sector'})"  # type: ignore[arg-type]
    return True


def _head_not_actor(da: DocArrays, d: _Draft) -> bool:
    """ "the UN Charter": spaCy's ORG, but a role word that is no actor (a document)."""
    return False


def _head_entity(da: DocArrays, d: _Draft) -> bool:
    """A PERSON, ORG or NORP entity the knowledge does not hold: its text; a NORP is CVL."""
    ent, label, i = d.ent, d.label, d.i
    d.canonical = da.doc.entities[ent].text if ent is not None else da.lex.strings[da.orth[i]]
    d.why = f"entity: a {label} name not in the knowledge"
    if label == "NORP":
        d.sector = "CVL"
    elif ent is not None and da.doc.entities[ent].label == "GPE" and given_name_before(da, i, ent):
        first = da.ent_span[ent][0] - 1  # the whole name: "Kenzo Oshima"
        d.canonical = da.doc.text[da.idx[first] : da.doc.entities[ent].end]
    return True


def _head_town(da: DocArrays, d: _Draft) -> bool:
    """A town that acts stands for its people (PLOVER GSR: cities are CVL)."""
    d.canonical, d.country, d.sector = da.doc.entities[d.ent].text, da.place_at[d.i], "CVL"  # type: ignore[index]
    d.why = "rule: a town that acts stands for its people (CVL)"
    return True


def _acting_town(da: DocArrays, d: _Draft) -> bool:
    return (
        d.label == "GPE"
        and d.i in da.place_at
        and acting(da, d.i, capital=True)
        and not da.dateline_word(d.i)
    )


# (applies, rule), in order: the first rule that applies says whether the NP is an actor
HEAD_RULES: list[tuple[Callable[[DocArrays, _Draft], bool], Callable[[DocArrays, _Draft], bool]]] = [
    (lambda da, d: d.kind == "surname", _head_surname),
    (lambda da, d: d.named is not None, _head_name),
    (lambda da, d: d.role is not None and d.role.head, _head_role),
    (lambda da, d: d.role is not None and not d.role.modifier, _head_not_actor),
    (lambda da, d: d.label in ("PERSON", "ORG", "NORP"), _head_entity),
    (_acting_town, _head_town),
]


# --- what the modifiers and complements add --------------------------------------------------


def _country(da: DocArrays, d: _Draft, start: int, end: int, names: list[Match]) -> None:
    """A lexicon person or body knows its own country; otherwise, in this order: a name among
    the modifiers or in the complement (a people, "Serbs", is coded where it lives when one
    says so: "Bosnian Serbs"), a place among the modifiers, an "in X" complement, an "of X"
    complement shared with a conjunct."""
    i, kind = d.i, d.kind
    if d.country is None or kind == "demonym":
        source = next((m for m in names if m.value.country), None)
        if source is not None:
            d.country = source.value.country
            if kind is None and d.label is None and source.value.kind == "body":
                # a body's organs speak for it: "the foreign ministers of NATO member
                # countries", "Hamas leaders" -> canonical NATO, Hamas
                d.canonical = source.value.canonical
    if d.country is None:  # a place among the modifiers: "Darfur rebels", "Donetsk separatists"
        d.country = next(
            (
                da.place_at[j]
                for j in range(start, end)
                if j != i
                and j in da.place_at
                and da.name_at[j] is None  # names were weighed above ("ethnic Albanian")
                and not da.personal(j)
                and not da.agentive_span(j, j + 1)
            ),
            None,
        )
    if d.country is None:
        d.country = located(da, i)
    if d.country is None and kind is None:
        d.country = shared_complement(da, i)


def _sector(da: DocArrays, d: _Draft, end: int, names: list[Match], roles: list[Match]) -> bool:
    """The sector the titles and role words in the NP give; False when a bare generic role
    ("members") says nothing of whom."""
    kind = d.kind
    specific = [m for m in roles if not m.value.generic]
    if kind == "person":
        if specific and d.sector not in (None, "ELI") and da.words(specific[0]).lower() in da.lex.words.ranks:
            pass  # "Gen. Sani Abacha" in 1995: a rank, not the office he held (head of state)
        elif specific and specific[0].value.sector != d.sector:
            # a title in the text says what the person was then ("Finance Minister X")
            d.sector = specific[0].value.sector
            d.why = f"{d.why}; title {da.words(specific[0])!r} in the text: {d.sector}"
    elif kind == "surname":
        if specific:
            d.sector = specific[0].value.sector
        d.canonical, d.country, d.sector = link_person(da, d.canonical, d.country, d.sector)
    elif d.label == "PERSON" and kind is None:
        if roles:
            d.sector = roles[0].value.sector
            d.why = f"{d.why}; title {da.words(roles[0])!r} in the text"
        d.canonical, d.country, d.sector = link_person(da, d.canonical, d.country, d.sector)
    elif d.role is not None and d.role.generic:
        return _generic_role_sector(da, d, end, names, roles, specific)
    elif specific and (kind == "body" or (d.sector is None and kind not in ("country", "capital"))):
        d.sector = specific[0].value.sector
        d.why = f"{d.why}; sector from {da.words(specific[0])!r}"
    return True


def _generic_role_sector(
    da: DocArrays, d: _Draft, end: int, names: list[Match], roles: list[Match], specific: list[Match]
) -> bool:
    """A generic head ("officials", "members") takes its sector from, in this order: a kind of
    organisation it hangs on ("Municipality Association officials", "members of the
    Association of X": SOC, whatever "Municipality" says), a noun role ("police officials"), a
    named body ("Taliban religious faction" -> REB), an adjective ("military officials")."""
    i = d.i
    body = next((m.value.sector for m in names if m.value.kind == "body"), None)
    nouns = [m for m in specific if da.pos[m.end - 1] != "ADJ"]
    near = roles[0] if roles else None
    kind_of = (
        near.value.sector
        if near is not None
        and near.value.generic
        and near.value.sector == "SOC"  # an association, a group: not "a group of leaders"
        and d.sector != "SOC"
        and da.pos[near.end - 1] != "ADJ"
        and (da.head[near.end - 1] == i or da.complement_of(near.end - 1, i))
        else None
    )
    if kind_of is not None:
        d.sector = kind_of
        d.why = f"{d.why}; a kind of organisation: {da.words(near)!r}"  # type: ignore[arg-type]
    elif nouns or (specific and body is None):
        d.sector = (nouns or specific)[0].value.sector
        d.why = f"{d.why}; sector from {da.words((nouns or specific)[0])!r}"
    elif body is not None:
        d.sector = body
        d.why = f"{d.why}; sector of the body named"
    return not (d.sector is None and not names and not has_cue(da, i + 1, end, names_only=False))


def code_modifier(da: DocArrays, i: int) -> Coded | None:
    """An actor named only as a modifier of a non-actor noun: "a U.S. request", "Israeli
    army bulldozers", "Security Council resolution", "rebel positions". A demonym alone
    carries no sector ("a Russian proposal" -> RUS); on a settlement acted on or on civilian
    property it is civilian ("shelled Iraqi towns", "burned Palestinian homes" -> CVL)."""
    start = left_start(da, i)
    last = None
    for j in range(i - 1, start - 1, -1):
        m = da.name_at[j] or da.role_at[j]
        if m is None or da.dep[j] == "poss":
            continue
        if isinstance(m.value, Role) and (
            m.value.needs in ("acting", "never")
            or not (
                (m.value.head and not m.value.generic and da.pos[j] in ("NOUN", "PROPN")) or m.value.adjective
            )
        ):
            continue  # "Taliban religious faction": the adjective is not the actor
        last = j
        break
    if last is None:
        return None
    names, _ = modifier_cues(da, start, last + 1, -1)
    names = [m for m in names if m.value.kind in ("country", "demonym", "body")]
    m = da.name_at[last] or da.role_at[last]
    assert m is not None
    if not names and not (isinstance(m.value, Role) and da.dep[last] == "compound" and m.value.needs is None):
        return None  # "drone strikes": a weapon with no owner says nobody
    # the span runs from the first cue to the last: "Israeli army", not "Recent US"
    start = names[0].start if names else m.start
    if isinstance(m.value, Role):
        sector = m.value.sector
        why = f"role: {da.words(m)!r} ({sector or 'no sector'}), modifying {da.lex.strings[da.orth[i]]!r}"
    else:
        # a bare state modifying a thing ("a U.S. request") is the state: no sector
        sector = m.value.sector if m.value.kind == "body" else None
        why = m.value.why
        head_role = da.role_at[i]
        needs = head_role.value.needs if head_role is not None else None
        if needs == "never" or (needs == "acting" and acting(da, i, capital=True)):
            sector = head_role.value.sector  # type: ignore[union-attr]  # "burned Palestinian homes": CVL
    first: Named | None = names[0].value if names else None
    alone = len(names) == 1 and m is names[0]
    canonical = first.canonical if alone and first is not None else None
    country = first.country if first is not None else None
    if first is not None and not alone and isinstance(m.value, Role):
        why = f"{why}; country from {da.words(names[0])!r}"
    return Coded(start, m.end, last, canonical, country, sector, first.kind if alone and first else None, why)


def known_person(da: DocArrays, i: int, ent: int | None) -> bool:
    """Is token ``i`` (or its entity) a person already met in this document?"""
    text = da.doc.entities[ent].text if ent is not None else da.lex.strings[da.orth[i]]
    return text in da.people


def link_person(
    da: DocArrays, name: str | None, country: str | None, sector: str | None
) -> tuple[str | None, str | None, str | None]:
    """Coding of a person not in the lexicon: link "Duda" back to "Andrzej Duda" earlier in
    the document, and let the mention inherit what the first one said (title, country)."""
    if name is None:
        return None, country, sector
    for t in da.lex.words.courtesy_titles:
        if name.startswith(t + " "):
            name = name[len(t) + 1 :]
    if name in da.people:  # the full name again, or a surname seen before
        canonical, c, s = da.people[name]
        return canonical, country or c, sector or s
    da.people[name] = (name, country, sector)
    da.people.setdefault(name.split()[-1], (name, country, sector))
    return name, country, sector


def remember(da: DocArrays, c: Coded) -> None:
    """Keep what we learnt about a person (apposition, conjunct) for later mentions."""
    if c.canonical and c.canonical in da.people:
        name, country, sector = da.people[c.canonical]
        entry = (name, country or c.country, sector or c.sector)
        da.people[c.canonical] = entry
        da.people[c.canonical.split()[-1]] = entry
