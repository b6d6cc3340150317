"""Trigger candidates: lexicon words and phrases that may express an event.

A noun governed by a light verb ("express solidarity", "launch strikes") is one event with the
noun's type, anchored at the verb.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from ..knowledge.ontology import Ontology
from .features import readings_of

# compounds that make a trigger noun a kind of publication or briefing
MEDIA_COMPOUNDS = frozenset({"press", "news"})
# prepositions of time: a trigger noun after them dates the clause ("before the war")
TEMPORAL_PREPS = frozenset({"before", "after", "during", "since", "until", "till", "throughout"})
# measure and collection nouns a light verb governs instead of the event noun itself: "launched
# ten days of war games", "held three rounds of talks", "exploded a series of bombs"
PARTITIVE_NOUNS = frozenset(
    {"day", "week", "month", "hour", "round", "series", "wave", "spate", "string", "volley", "barrage"}
)


@dataclass
class Cand:
    """A trigger candidate: the token, its evidence span and its lexicon readings."""

    trigger: Any  # spaCy Token (head of the trigger)
    span: tuple[int, int]  # token range of the trigger evidence
    readings: list[tuple[str, str | None]]
    sent_index: int
    light: Any | None = None  # the light verb governing a noun trigger, if any
    subject_is_target: bool = False
    from_classifier: bool = False  # no lexicon trigger: the classifier alone names the type


def find_candidates(sent: Any, sent_i: int, onto: Ontology, tok_actor: Mapping[int, Any]) -> list[Cand]:
    """Lexicon triggers of one sentence; ``tok_actor`` maps token indices to actor mentions."""
    cands: dict[int, Cand] = {}
    sports = sporting(sent, onto, tok_actor)
    for tok in sent:
        if tok.pos_ not in ("VERB", "NOUN", "PROPN", "AUX"):
            continue
        readings = readings_of(tok, onto)
        if not readings:
            continue
        if tok.pos_ in ("NOUN", "PROPN") and tok.i in tok_actor:
            continue  # "the Alliance", "Strike Force": part of a name
        if tok.pos_ in ("NOUN", "PROPN") and tok.ent_type_ in ("DATE", "TIME"):
            continue  # "since early March": a month, not a march
        if _prepositional(tok):
            continue  # "given the findings", "following the talks": a participle as preposition
        if not _sense_ok(tok, readings, onto, tok_actor):
            continue  # "people can charge phones": an everyday sense of a trigger verb
        if sports:
            readings = [r for r in readings if r[0] not in onto.sports.types]
            if not readings:
                continue  # "beat the hosts 2-0 in the opening game": a sporting sense
        if tok.tag_ == "VBN" and tok.dep_ == "acomp" and tok.head.lemma_.lower() in onto.state_verbs:
            continue  # "when it feels threatened": a state, not an act
        if _cited_document(tok, onto):
            continue  # "Article 4 of the treaty": the document cited, no agreement made
        if tok.pos_ == "NOUN" and any(
            c.dep_ == "compound" and c.lower_ in MEDIA_COMPOUNDS for c in tok.children
        ):
            continue  # "a press release", "a news conference": a publication, not an act
        if tok.tag_ == "VBN" and any(c.dep_ == "det" for c in tok.children):
            continue  # "evacuated the wounded": a participle used as a noun names people
        # the object may be the last of a list: "launched artillery, mortar and rocket fire"
        objs = [x for c in tok.children if c.dep_ in ("dobj", "attr") for x in (c, *c.conjuncts)]
        phrase_obj = next(
            (c for c in objs if f"{tok.lemma_.lower()} {c.lemma_.lower()}" in onto.phrases),
            None,
        )
        if tok.pos_ == "NOUN" and _on_strike(tok, readings, onto):
            # "went on strike", "are on a hunger strike": the protest reading, never an attack
            readings = sorted(readings, key=lambda r: r[0] != "PROTEST")
        cand = Cand(tok, (tok.i, tok.i + 1), readings, sent_i)
        if phrase_obj is not None:
            cand.span = (min(tok.i, phrase_obj.i), max(tok.i, phrase_obj.i) + 1)
            key = f"{tok.lemma_.lower()} {phrase_obj.lemma_.lower()}"
            cand.subject_is_target = key in onto.subject_is_target
        for c in tok.children:
            if c.dep_ == "prep" and f"{tok.lemma_.lower()} {c.lemma_.lower()}" in onto.subject_is_target:
                cand.subject_is_target = True
        cands[tok.i] = cand
    # A noun trigger that is the object of a light verb (or of another trigger verb whose
    # phrase reading already covers it) is one event with the verb as its anchor.
    for i, cand in list(cands.items()):
        tok = cand.trigger
        if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ not in ("dobj", "attr", "nsubjpass", "pobj"):
            continue
        verb = tok.head if tok.dep_ != "pobj" else tok.head.head
        if tok.dep_ == "pobj" and tok.head.lower_ in TEMPORAL_PREPS and verb.i not in cands:
            continue  # "had 70,000 inhabitants before the war": a time, not the verb's event
        if _partitive(tok):
            verb = verb.head  # "launched [ten days [of [war games]]]": the verb governs the measure
        if onto.is_light_verb(verb.lemma_.lower(), verb.lower_) and verb.pos_ in ("VERB", "AUX"):
            vc = cands.pop(verb.i, None)
            if vc is not None and vc.span[1] - vc.span[0] > 1:  # the verb+object phrase won
                cands[verb.i] = vc
                cands.pop(i, None)
                continue
            cand.light = verb
            cand.span = (min(verb.i, tok.i), max(verb.i, tok.i) + 1)
        elif verb.i in cands and cands[verb.i].span[1] - cands[verb.i].span[0] > 1:
            cands.pop(i, None)  # "placed responsibility": the phrase holds the noun
        elif (
            verb.i in cands
            and tok.dep_ == "dobj"
            and cands[verb.i].readings[0][0] == cand.readings[0][0]
            and not cands[verb.i].subject_is_target
        ):
            # "host a meeting", "launch an attack": a trigger verb whose object names the same
            # type of event is one event, anchored at the verb (its subject and modality)
            vc = cands[verb.i]
            vc.span = (min(vc.span[0], tok.i), max(vc.span[1], tok.i + 1))
            cands.pop(i, None)
    # a noun naming a state ("the war in Ukraine") is an event only with a verb that wages it
    for i, cand in list(cands.items()):
        tok = cand.trigger
        if (
            tok.pos_ in ("NOUN", "PROPN")
            and tok.lemma_.lower() in onto.state_nouns
            and cand.light is None
            and cand.span[1] - cand.span[0] == 1
        ):
            cands.pop(i)
    return sorted(cands.values(), key=lambda c: c.trigger.i)


def sporting(sent: Any, onto: Ontology, tok_actor: Mapping[int, Any]) -> bool:
    """A sentence on sport (``Ontology.sports``) with no armed or police actor in it."""
    cues = {t.lemma_.lower() for t in sent} & onto.sports.cues
    if len(cues) < onto.sports.min_cues:
        return False
    return not any(
        (a.sector or "")[:3] in ARMED_SECTORS for i, a in tok_actor.items() if sent.start <= i < sent.end
    )


def _cited_document(tok: Any, onto: Ontology) -> bool:
    """A trigger noun in the "of" phrase of a part of a document ("Article 4 of the treaty")."""
    return (
        tok.pos_ == "NOUN"
        and tok.dep_ == "pobj"
        and tok.head.lower_ == "of"
        and tok.head.head.lemma_.lower() in onto.document_parts
    )


def _prepositional(tok: Any) -> bool:
    """A participle the parser attached as a preposition ("given the findings")."""
    return tok.dep_ == "prep" and tok.tag_ in ("VBN", "VBG")


# pronouns that stand for things, never for a party ("called it a disgrace")
THING_PRONOUNS = frozenset({"it", "this", "that", "these", "those", "what", "which"})
# sectors of armed and police actors: with one of them a sports sentence may still report violence
ARMED_SECTORS = frozenset({"MIL", "REB", "COP", "PRM", "UAF", "INS"})


def _sense_ok(
    tok: Any, readings: list[tuple[str, str | None]], onto: Ontology, tok_actor: Mapping[int, Any]
) -> bool:
    """Whether a verb has what its lexicon sense needs (``Ontology.sense_constraints``): "charged
    the mayor" or "charged with fraud" accuses, "charge phones" does not. A phrase reading
    ("call for") has its own sense and is never constrained."""
    rule = onto.sense_constraints.get(tok.lemma_.lower())
    if rule is None or tok.pos_ not in ("VERB", "AUX"):
        return True
    if readings != onto.verbs.get(tok.lemma_.lower(), []):
        return True  # a phrase reading won
    kids = list(tok.children)
    if any(c.dep_ in rule.never_deps for c in kids):
        return False
    if rule.never_naming and (any(c.dep_ == "oprd" for c in kids) or sum(c.dep_ == "dobj" for c in kids) > 1):
        return False  # "called it a disgrace"; "which officials called political pressure" (two objects)
    if rule.never_questions and any(c.dep_ == "ccomp" and _question(c) for c in kids):
        return False
    if any(
        c.dep_ == "prep" and g.dep_ == "pobj" and g.lemma_.lower() in rule.never_pobjs
        for c in kids
        for g in c.children
    ):
        return False
    if rule.subject == "actor" and not _actor_subject(tok, kids, tok_actor, rule.or_enacted_by):
        return False
    if rule.object is None and not rule.or_preps and not rule.or_deps and not rule.or_own_clause:
        return True
    if rule.or_own_clause and any(_own_clause(c, onto, tok_actor) for c in kids):
        return True
    if rule.or_conditional and any(
        t.dep_ == "mark" and t.lower_ in CONDITIONAL_MARKS for t in tok.subtree if t.i > tok.i
    ):
        return True  # "warned of a reaction if the army does not leave": a conditional threat
    # the preposition may hang on the object ("received a letter from X")
    objs = [c for c in kids if c.dep_ == "dobj"]
    if any(c.dep_ == "prep" and c.lower_ in rule.or_preps for k in (tok, *objs) for c in k.children):
        return True
    if any(c.dep_ in rule.or_deps for c in kids):
        return True
    if rule.object == "actor":
        for c in kids:
            if c.dep_ not in ("dobj", "nsubjpass", "dative"):
                continue
            if c.i in tok_actor or (c.pos_ == "PRON" and c.lower_ not in THING_PRONOUNS):
                return True
    return False


def _actor_subject(
    tok: Any, kids: list[Any], tok_actor: Mapping[int, Any], enacted_by: Collection[str]
) -> bool:
    """Whether the verb's subject, if it has one, is an actor or a personal pronoun ("it" may
    stand for a state). A relative pronoun stands for the noun its clause modifies ("the
    agreement that allows"); a thing an actor enacts acts for it ("approved a plan that will
    not allow X")."""
    subj = next((c for c in kids if c.dep_ == "nsubj"), None)
    if subj is None:
        return True
    if subj.tag_ in ("WDT", "WP") and tok.dep_ == "relcl":
        subj = tok.head
    if subj.dep_ == "dobj" and subj.head.lemma_.lower() in enacted_by:
        return True
    return subj.i in tok_actor or (
        subj.pos_ == "PRON" and (subj.lower_ == "it" or subj.lower_ not in THING_PRONOUNS)
    )


# markers of a condition ("if", not "whether")
CONDITIONAL_MARKS = frozenset({"if", "unless"})
# words opening a question clause ("asked whether", "asked why")
QUESTION_WORDS = frozenset({"whether", "if", "why", "how", "what", "when", "where", "who", "which"})


def _question(clause: Any) -> bool:
    """An indirect question: the clause opens with "whether", "if" or a wh-word."""
    first = clause.left_edge
    return first.lower_ in QUESTION_WORDS and first.i < clause.i


def _own_clause(clause: Any, onto: Ontology, tok_actor: Mapping[int, Any]) -> bool:
    """A "that" clause announcing an action: a party (a pronoun or an actor) as subject and a
    will/would modal ("warned that it would respond", "warned that police will not tolerate
    rallies"); "could" and "might" only say what may happen ("troops could leave mines")."""
    if clause.dep_ != "ccomp":
        return False
    kids = list(clause.children)
    # "it" may stand for a state or an army here; the modal carries the threat
    party = any(
        c.dep_ == "nsubj"
        and (c.i in tok_actor or (c.pos_ == "PRON" and (c.lower_ == "it" or c.lower_ not in THING_PRONOUNS)))
        for c in kids
    )
    return party and any(c.dep_ == "aux" and c.lower_ in onto.modality.get("announce_aux", ()) for c in kids)


def _partitive(tok: Any) -> bool:
    """A noun that is the "of" complement of a measure noun in object position."""
    of, measure = tok.head, tok.head.head
    return (
        tok.dep_ == "pobj"
        and of.lower_ == "of"
        and measure.lemma_.lower() in PARTITIVE_NOUNS
        and measure.dep_ in ("dobj", "attr", "nsubjpass")
    )


def _on_strike(tok: Any, readings: list[tuple[str, str | None]], onto: Ontology) -> bool:
    """A noun with a protest reading as the object of "on", bare ("on strike") or with a
    protest cue ("on a hunger strike", "on general strike")."""
    if tok.dep_ != "pobj" or tok.head.lower_ != "on" or not any(t == "PROTEST" for t, _m in readings):
        return False
    bare = not any(c.dep_ in ("det", "poss") for c in tok.children)
    return bare or any(c.lemma_.lower() in onto.strike_protest_cues for c in tok.children)


def classifier_candidate(
    sent: Any, si: int, attribution_verbs: Collection[str], stop_verbs: Collection[str] = ()
) -> list[Cand]:
    """The sentence's main verb as a trigger whose type only the classifier gives, used
    when no lexicon trigger yields an event ("troops arrived in Sierra Leone"). A reporting
    verb hands over to its complement clause ("X said Y ..."); a verb of everyday life
    ("waited for a train", "was represented by", "face Iran in the group stage") is none."""
    root = sent.root
    if root.lemma_.lower() in attribution_verbs:
        root = next((c for c in root.children if c.dep_ == "ccomp"), root)
    if root.pos_ not in ("VERB", "AUX") or root.lemma_.lower() in attribution_verbs:
        return []
    if root.lemma_.lower() in stop_verbs:
        return []
    return [Cand(root, (root.i, root.i + 1), [("", None)], si, from_classifier=True)]
