"""Modality of an event: negated, hypothetical, demanded, future, historical or asserted.

Cue lemmas (knowledge/data/ontology_modality.json) in the trigger's clause and in the verbs
that govern it through complement links. "will never recognize" flips to REJECT instead of a
negated SUPPORT (the caller applies Ontology.negation_flip); the type stays the action's ("will
help" is AID, future).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..knowledge.ontology import Ontology
from .candidates import Cand
from .mentions import SUBJ_DEPS

MODALITY_RANK = {"negated": 0, "hypothetical": 1, "demanded": 2, "future": 3, "historical": 4, "asserted": 5}


def event_modality(cand: Cand, year_back: bool, onto: Ontology) -> tuple[str, bool]:
    """(modality, negated-and-flippable). Looks at the trigger's (or light verb's) own
    modifiers and at the verbs that govern it through complement links."""
    m = onto.modality
    tok = cand.light or cand.trigger
    found: set[str] = set()
    negated = any(
        c.dep_ == "neg" or (c.lower_ in m["negation_words"] and c.dep_ in ("advmod", "det", "neg"))
        for c in tok.children
    ) or any(  # "No missiles struck Kyiv"
        g.dep_ == "det" and g.lower_ == "no" for c in tok.children if c.dep_ in SUBJ_DEPS for g in c.children
    )
    negated = negated or _no_evidence(tok, m)
    chain = [tok]
    t = tok
    while (
        t.dep_ in ("xcomp", "ccomp", "acl", "advcl", "conj", "pcomp", "pobj", "prep", "acomp")
        and t.head.i != t.i
        and len(chain) < 6
    ):
        t = t.head
        chain.append(t)
    is_noun = cand.trigger.pos_ in ("NOUN", "PROPN") and cand.light is None
    for depth, t in enumerate(chain):
        if is_noun and depth > 0:
            break
        lemma = t.lemma_.lower()
        kids = list(t.children)
        if depth > 0:
            if lemma in m["negating_governors"]:
                negated = True
            if lemma in m["demanding_governors"] and t.dep_ != "ccomp":
                found.add("demanded")
            # "reiterated its demand today that X ease ...": the small parser hangs the "that"
            # clause on the verb instead of on the demand noun it completes
            if chain[depth - 1].dep_ == "ccomp" and any(
                c.dep_ == "dobj" and c.pos_ == "NOUN" and c.lemma_.lower() in m["demanding_governors"]
                for c in kids
            ):
                found.add("demanded")
            if lemma in m.get("hypothetical_governors", ()):
                found.add("hypothetical")  # "was unlikely to have been fired from X"
            if lemma in m["intent_governors"]:
                found.add("future")
            if any(c.dep_ == "neg" for c in kids) and chain[depth - 1].dep_ in ("xcomp", "conj"):
                negated = True
        for c in kids:
            cl = c.lower_
            if c.dep_ == "mark" and cl in m["hypothetical_markers"]:
                found.add("hypothetical")
            if c.dep_ in ("aux", "auxpass"):
                if cl in m["future_aux"]:
                    found.add("future")
                elif cl in m["demand_aux"]:
                    found.add("demanded")
                elif cl in m["hypothetical_aux"]:
                    # "X said NATO would continue": a past-of-future in reported speech
                    found.add(
                        "future"
                        if t.dep_ == "ccomp" and t.head.lemma_.lower() in m["attribution_verbs"]
                        else "hypothetical"
                    )
        if t.dep_ in ("advcl",) and any(
            c.dep_ == "mark" and c.lower_ in m["hypothetical_markers"] for c in t.children
        ):
            found.add("hypothetical")
        if t.dep_ in ("ccomp", "advcl", "relcl") and depth > 0:
            break
    flip = negated and cand.trigger.lemma_.lower() in onto.negation_flip
    if negated and not flip:
        return "negated", False
    if year_back:
        found.add("historical")
    best = min(found, key=MODALITY_RANK.__getitem__) if found else "asserted"
    return best, flip


def _no_evidence(tok: Any, m: Mapping[str, Any]) -> bool:
    """Whether the trigger's clause completes a denied evidence noun: "there was no evidence
    that the blast was a deliberate attack", "found no sign that troops had crossed"."""
    clause = tok.head if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("attr", "dobj", *SUBJ_DEPS) else tok
    if clause.dep_ not in ("acl", "ccomp"):
        return False
    noun = clause.head
    if noun.lemma_.lower() not in m.get("evidence_nouns", ()):
        return False
    if any(c.dep_ in ("det", "neg") and c.lower_ in m["negation_words"] for c in noun.children):
        return True
    return noun.head.i != noun.i and any(c.dep_ == "neg" for c in noun.head.children)
