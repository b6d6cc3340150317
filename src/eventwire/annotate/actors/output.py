"""Writing the layer: ``doc.actors`` from a sentence's coded NPs, and the coding of
``doc.entities`` (an entity heading an actor takes its coding; any other entity known to the
lexicon its identity)."""

from __future__ import annotations

from ...knowledge.actors import Named
from ...knowledge.datelines import after, inside
from ...model import Actor, AnnotatedDoc
from .coding import remember
from .lexicon import Coded
from .tokens import DocArrays


def write_actors(doc: AnnotatedDoc, da: DocArrays, coded: list[Coded]) -> None:
    """Append a sentence's actors to ``doc.actors``, but none inside a wire dateline or a
    note's locator, and none running across one (it starts after it); an
    intergovernmental body's organs, officials and forces act as the body (IGO / IGO)."""
    text = doc.text
    for c in coded:
        s, e = da.char_span(c.start, c.end)
        if inside(da.datelines, s, e):
            continue
        s = after(da.datelines, s, e)
        while s < e and text[s].isspace():
            s += 1
        remember(da, c)
        if c.country == "IGO" and c.sector != "IGO" and not member_states(da, c):
            # an intergovernmental body's organs, officials and forces act as the body
            c.sector, c.why = "IGO", f"{c.why}; IGO rule: an intergovernmental body acting is IGO / IGO"
        doc.actors.append(Actor(s, e, text[s:e], c.canonical, c.country, c.sector, why=c.why))
        code_entity(doc, da, c)


def member_states(da: DocArrays, c: Coded) -> bool:
    """ "the EU member states": the states of a body, not the body acting (no IGO rule)."""
    r = da.role_at[c.head]
    return r is not None and da.lower[r.start] in da.lex.member


def code_entity(doc: AnnotatedDoc, da: DocArrays, c: Coded) -> None:
    """The entity heading an actor takes the actor's coding."""
    k = da.ent_at[c.head]
    if k is not None and c.start <= da.ent_span[k][0] and da.ent_span[k][1] <= c.end:
        ent = doc.entities[k]
        ent.canonical, ent.country, ent.sector = c.canonical or ent.text, c.country, c.sector


def code_other_entities(doc: AnnotatedDoc, da: DocArrays) -> None:
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
