"""Implicit targets: the recipient of an event whose sentence names no argument for it.

PLOVER makes the recipient optional, but the coders of its gold standard filled it in from the
sentence when the text left it implicit. The GSR readme (plover_gsr_readme.tex, "Additional
comments on the coding") says: "Some eventLoc fields have been filled in, usually on the basis
of [human-identified] prepositional phrases. In some cases, the actor primary codes were
inferred from these locations." So "lifted the curfew imposed in Chad" has the recipient Chad,
"marched through Mombasa" Kenya.

After the parse found no target, the event takes (0) the explicit target of another event of
the sentence with the same source ("shelled the camps, killing 50"); else (1) the nearest
country-bearing mention of its sentence (a place, a country, a demonym-modified actor) outside
its source and outside the reporting clause ("..., Polish officials said"), preferring one
inside the trigger's own clause, and never the danger a cooperative act meets ("defends its
borders from X"), nor a mention in a phrase of time or cause ("after weeks of X strikes") or
the active subject of a coordinated or governing time/concession clause ("..., although
officials promised"; it does something else there); else (2) for the types domestic by
default (a protest or a concession with no one named), the source's own country. Either way
the actor says so in ``basis`` ("place", "mention" or "source-country"), so users who want
explicit arguments only can drop them. The sector comes with the mention (a capital as subject or object is its government,
another town its civilians, as the same readme says); a source-country fallback has none: the
text does not say which part of the country is meant.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..knowledge.actors import NON_STATE_CODES, STATE_SECTORS
from ..knowledge.event_arguments import load_argument_words
from ..model import Actor, Event
from .candidates import Cand
from .mentions import SUBJ_DEPS, Mentions

WORDS = load_argument_words()
# Types whose unnamed recipient is, by default, the source's own country: a protest or a
# concession with no one named is aimed at the home government or population (not coercion:
# "Russia's annexations" are not aimed at Russia)
DOMESTIC_TYPES = frozenset({"PROTEST", "CONCEDE"})
# what cooperation protects "from" or is "against" is the danger it meets, never its recipient
DANGER_PREPS = frozenset({"from", "against"})
# links from a clause up to the clause it completes ("said that ...", "a demand that ...")
COMPLEMENT_LINKS = frozenset({"ccomp", "xcomp", "acl", "dobj"})
# conjunctions of a time or concession clause ("..., although officials promised"), unlike a
# clause asking for the act ("is pushing for the US to support")
ADVERBIAL_MARKS = frozenset(
    {"although", "though", "while", "whereas", "since", "after", "before", "when", "as"}
)
# prepositions opening the time, cause or circumstance of an act rather than its party
# ("promised help after weeks of Russian strikes", "in the face of Russian objections")
CIRCUMSTANCE_WORDS = frozenset({"after", "before", "since", "amid", "following", "because", "face"})
# ... unless they name the partner ("after talks with X") or the place ("after weeks of clashes
# near X": where the fighting was is where its ceasefire holds)
PLACE_OR_PARTNER = frozenset({"with", "in", "near", "at"})


def _reporting_tokens(m: Mentions, cand: Cand) -> set[int]:
    """Tokens of the clauses that report the event rather than take part in it: the subject
    of a reporting verb governing the trigger ("officials in Warsaw said that ..."), a
    reporting clause hanging off it ("..., the agency reported"), "according to X"."""
    anchor = cand.light or cand.trigger
    sent = anchor.sent
    verbs = m.mod["attribution_verbs"]
    out: set[int] = set()
    ancestors = {a.i for a in anchor.ancestors}
    # the subject of a clause the event completes reports, demands or intends it ("the
    # minister issued a reminder to Iran that it must cooperate"): never its recipient
    t = anchor
    while t.dep_ in COMPLEMENT_LINKS and t.head.i != t.i:
        t = t.head
        for c in t.children:
            if c.dep_ in SUBJ_DEPS and c.i < anchor.i:
                out.update(x.i for x in c.subtree)
    for t in sent:
        if t.i == anchor.i:
            continue
        low = t.lemma_.lower()
        if low in verbs and t.pos_ in ("VERB", "AUX"):
            if t.i in ancestors:  # its subject (and agents) only: the trigger is its content
                for c in t.children:
                    if c.dep_ in (*SUBJ_DEPS, "nsubjpass", "agent"):
                        out.update(x.i for x in c.subtree)
            else:  # a reporting clause beside the trigger's
                sub = {x.i for x in t.subtree}
                if anchor.i not in sub:
                    out.update(sub)
        elif t.lower_ == "according" and t.i + 1 < sent.end:
            out.update(x.i for x in t.subtree)
            out.update(x.i for x in m.parsed[t.i + 1].subtree)
    return out


def implicit_target(
    m: Mentions, cand: Cand, ev: Event, domestic: frozenset[str] = DOMESTIC_TYPES
) -> Actor | None:
    """The inferred recipient of a targetless event with a source, or None."""
    anchor = cand.light or cand.trigger
    sent = anchor.sent
    banned = _reporting_tokens(m, cand)
    for a in (*ev.sources, ev.attributed_to):
        span = m.span_of(a) if a is not None else None
        if span is not None:
            banned.update(t.i for t in span)
    clause = {t.i for t in anchor.subtree}
    cooperative = m.onto.quad_class(ev.type) in (1, 2)
    material = m.onto.quad_class(ev.type) == 4
    src = ev.sources[0] if ev.sources else None
    best: tuple[tuple[int, int], Actor] | None = None
    for a in m.actors:
        if not (sent.start_char <= a.start < sent.end_char) or not a.country or a.country in NON_STATE_CODES:
            continue
        if src is not None and ev.type not in domestic and _same_party(m, src, a, material):
            continue  # "so that Ukraine can strengthen ...": an actor is never its own recipient
        span = m.span_of(a)
        if span is None or any(t.i in banned for t in span):
            continue
        if cooperative and any(t.dep_ == "prep" and t.lower_ in DANGER_PREPS for t in span.root.ancestors):
            continue  # "defends its borders from Russian pressure": the danger, not the one helped
        if _circumstance(span.root, anchor) or _other_doer(span.root, anchor):
            continue
        key = (0 if span.root.i in clause else 1, abs(span.root.i - anchor.i))
        if best is None or key < best[0]:
            best = (key, a)
    if best is not None:
        a = best[1]
        return replace(a, basis="place" if _is_place(m, a) else "mention")
    if ev.type in domestic and src is not None and src.country and src.country not in NON_STATE_CODES:
        return Actor(src.start, src.end, src.text, None, src.country, None, basis="source-country")
    return None


def _path_up(tok: Any, anchor: Any) -> list[Any]:
    """The tokens from ``tok`` up to (not including) the first one that governs the trigger
    or is it: the phrase or clause the mention hangs in, seen from the trigger's clause."""
    above = {anchor.i, *(a.i for a in anchor.ancestors)}
    path = []
    t = tok
    while t.i not in above and t.head.i != t.i:
        path.append(t)
        t = t.head
    return path


def _circumstance(tok: Any, anchor: Any) -> bool:
    """Does the mention sit in a phrase giving the time or cause of the act ("promised help
    after weeks of Russian strikes", "because of shelling on X"), not its party? Not when a
    clause, a partner or a place is named there: who acts in a clause of its own ("after the
    government accepted the deal"), is talked "with", or where earlier fighting was ("after
    clashes near X") may well be the party."""
    path = _path_up(tok, anchor)
    if any(t.pos_ in ("VERB", "AUX") for t in path):
        return False
    for k, t in enumerate(path):
        if t.dep_ == "prep" and t.lower_ in CIRCUMSTANCE_WORDS:
            # the prepositions between the mention and "after": a place or partner of the
            # earlier event itself, reached through "of" only ("after weeks of clashes near
            # X"), not of a thing it hit ("after an attack on the fleet in X")
            inner = [p.lower_ for p in path[:k] if p.dep_ == "prep"]
            return not (
                any(p in PLACE_OR_PARTNER for p in inner)
                and all(p in PLACE_OR_PARTNER or p == "of" for p in inner)
            )
    return False


def _other_doer(tok: Any, anchor: Any) -> bool:
    """Is the mention the active subject of another clause, one coordinated with the
    trigger's ("Kyiv set up heating points and that the city was working with ...") or one
    the trigger's clause is a time or concession clause of ("the government has stuck to
    ..., although officials promised")? It does something else there, so it is not this
    act's recipient. The subject of a clause under the trigger's ("... if the fighters
    leave") may be."""
    t = tok
    while t.head.i != t.i and (
        t.dep_ in ("appos", "conj", "compound", "amod", "poss")
        or (t.dep_ == "pobj" and t.head.lower_ == "of")
        or (t.dep_ == "prep" and t.lower_ == "of")
    ):
        t = t.head  # up to the head of the whole noun phrase ("residents of Kherson")
    if t.dep_ not in ("nsubj", "csubj"):
        return False
    verb = t.head
    if verb.i == anchor.i:
        return False
    if any(a.i == anchor.i for a in verb.ancestors):
        # a clause the trigger governs ("demands that X grant") may name its party; a
        # reported clause coordinated with it ("said X had set up ... and that the city was
        # working") does not (a conjunct hangs under the first; only one with its own "that":
        # the small parser reads many an object as a conjunct's subject)
        t = verb
        while t.i != anchor.i and t.dep_ == "conj":
            t = t.head
        return t.i == anchor.i and any(c.dep_ == "mark" for c in verb.children)
    chain = [anchor, *anchor.ancestors]
    if any(a.i == verb.i for a in chain):
        # a subject asking for the act is its recipient ("X is pushing for Y to support")
        below = chain[: next(k for k, a in enumerate(chain) if a.i == verb.i)]
        return any(
            a.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ADVERBIAL_MARKS for m in a.children)
            for a in below
        )
    return (verb.dep_ == "conj" and any(a.i == verb.head.i for a in chain)) or any(
        a.dep_ == "conj" and a.head.i == verb.i for a in chain
    )


def _same_party(m: Mentions, src: Actor, a: Actor, material: bool = False) -> bool:
    """Is the mention the source itself, or the source's own state named as a whole ("so
    that Ukraine can strengthen ... in Ukraine", "ordered by the Kurdistan Workers' Party
    (PKK)")? Another part of the same country is not: a president may criticise a mayor's
    office, an official yield to his country's anti-corruption commission, and rebels or
    civilians act towards their own state ("the rebels declared a ceasefire in X"). Nor is
    the country where a state uses force (``material``): "the army imposed a curfew as
    clashes spread in northern X" is aimed at the people of X."""
    if a.country != src.country:
        return False
    if (a.canonical is not None and a.canonical == src.canonical) or a.text.lower() == src.text.lower():
        return True  # one entity under two names
    s_span, a_span = m.span_of(src), m.span_of(a)
    if s_span is not None and a_span is not None:
        root = a_span.root
        if root.dep_ == "appos" and s_span.start <= root.head.i < s_span.end:
            return True  # "Qatar's emir, Sheikh X, ...": the source's own apposition
    state = src.sector in STATE_SECTORS or (src.sector is None and _names_state(m, src))
    if not state or material:
        return False
    # "officials in Warsaw ... asking" -> Poland; but not another organ of the same state ("the
    # mayor demanded support from the national government")
    return (a.sector is None or a.sector == src.sector) and _names_state(m, a)


def _names_state(m: Mentions, a: Actor) -> bool:
    """A mention that is a state as a whole: a resolved place or a country name or demonym
    ("Ukraine", "Russian"), not a person or body coded without a sector."""
    if any(p.start == a.start and p.end == a.end for p in m.doc.places):
        return True
    return any(
        e.start == a.start and e.end == a.end and e.label in ("GPE", "NORP") for e in m.doc.entities or ()
    )


def _co_event_target(ev: Event, explicit: list[Event]) -> Actor | None:
    """The target of another event of the same sentence and source ("shelled the camps,
    killing 50": the killing is of those the shelling hit), nearest trigger first."""
    src = ev.sources[0]
    same = [
        e
        for e in explicit
        if e.sentence == ev.sentence
        and e.sources
        and (e.sources[0].start, e.sources[0].end) == (src.start, src.end)
        and all((t.start, t.end) != (src.start, src.end) for t in e.targets)
    ]
    if not same:
        return None
    near = min(same, key=lambda e: abs(e.trigger.start - ev.trigger.start))
    return replace(near.targets[0], basis="mention")


def _is_place(m: Mentions, a: Actor) -> bool:
    """A resolved place, or a bare country name the actor layer coded without a sector."""
    return a.sector is None or any(p.start == a.start and p.end == a.end for p in m.doc.places)


def own_unit(a: Actor, source: Actor) -> bool:
    """A unit of the source's own armed forces or police (armed_sectors in
    data/event_arguments.json), of no other country: in a deployment or a withdrawal the means,
    never the recipient ("sent 15,000 soldiers to its border")."""
    return (a.sector or "")[:3] in WORDS.armed_sectors and a.country in (None, source.country)


def fill_implicit_targets(
    m: Mentions, cands: list[Cand], events: list[Event], domestic: frozenset[str] = DOMESTIC_TYPES
) -> None:
    """Give every targetless event with a source its implicit target (see the module doc)."""
    explicit = [e for e in events if e.targets and e.targets[0].basis is None]
    for cand, ev in zip(cands, events, strict=True):
        if ev.targets or not ev.sources:
            continue
        tgt = _co_event_target(ev, explicit) or implicit_target(m, cand, ev, domestic)
        if tgt is not None and ev.type in WORDS.movement_types and own_unit(tgt, ev.sources[0]):
            tgt = None
        if tgt is not None and ev.type == "PROTEST" and tgt.sector is None:
            # a protest with no one named is aimed at the policy or the authorities of the
            # country it happens in (PLOVER: "gather to protest a policy, action, or actor")
            tgt = replace(tgt, sector="GOV")
        if tgt is not None:
            ev.target, ev.targets = tgt, [tgt]
