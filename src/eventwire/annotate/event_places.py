"""Where each event happened: fills Event.place (and Event.place_source).

The location of an event is not any place in its sentence: in "Russia's missile strikes on
Ukraine ... the incident in Poland" the strike lands in Poland. Candidates are the sentence's
toponyms (doc.places, without demonyms), other named entities (the small NER model tags many
villages PERSON or ORG) and untagged proper nouns after a preposition or before the place
word they name ("Bakara market", "Panjwayi district"). A conditional logit
(``LocationModel``) chooses among them: each candidate's score is a dot product of its
features with learned weights, and a softmax over the sentence's candidates and a "no place"
option makes them compete for the one place. The features (``features``) come from the parse
and the sentence: the preposition that governs the candidate and whether it attaches to the
trigger, the candidate's role and the dependency its phrase hangs from, tree and token distance;
the other event verbs (is the candidate's governing verb another one, below or above the
trigger; verbs between the two; a verb nearer the candidate than the trigger); the kind of
place (its gazetteer class, the place word next to it, "the town of X", "X district"; an
acronym); and the other candidates (does it sit in another's phrase, "the Suuqa Xoolaha
neighborhood of Mogadishu", hold one in its own, or lie in another's region or contain one).
The weights (models/event_places.json) are trained by scripts/train_event_places.py on
shared/data event_location_train; inference is dot products and a softmax, so scikit-learn is
not needed at run time.

Two rules come before the model, for constructions the training data rarely shows. The
incident rule: a nominal event's own locative ("the explosion in Przewodów"), or the place
offered solidarity over it ("solidarity with Poland following the incident"), is where it
happened, and an event stated as the cause of that incident ("the incident that resulted in
... due to Russian missile strikes on Ukraine") landed there too, whatever country it was aimed
at. The target rule: an ASSAULT (or AID) with no confident place is put in its target's country
("attacks on Ukrainian infrastructure") rather than in a weakly guessed other one.

An event put in a country, region or district whose sentence also names a town, village or
district inside it ("troops entered Vovchansk in Kharkiv region") is moved to that finer place,
the one nearest the trigger (``finer``): ACLED's convention of the most specific location.

A country that is the event's source actor is rarely where it happened, so such a candidate
is penalised. ``place_source`` says how sure we are: "model" when the incident rule applies or
the model's best candidate clears its confidence threshold; "sentence" when the place is only
the model's weaker guess, the target's country, or, below that, the sentence's most specific
place; "article" when the sentence has no place and the article's dominant place is used.
Only "model" counts as a located event when abstaining matters. A weak guess must be a
toponym, a span of the village-like kinds, or sit in a locative phrase, so "the UN Charter" is
never a place; a chosen non-toponym span comes back as an unresolved Place (text only). Names
after a title ("Foreign Minister Kuleba") are people, never candidates. Known gap: a lone
surname tagged PERSON ("Kuleba said") can still be picked when the person was never named in
full or titled.

``place_precision`` is ACLED's geo_precision: 1 the town, village or spot itself, 2 near a
town or somewhere in a district, 3 only a region or a country. It is read off the final
place's feature class (data/places_precision.tsv, a table rather than rules: P and S 1,
A.ADM2-5 2, A.ADM1, countries, areas, seas and other physical features 3) and raised to 2 at
least when the place is a point relative to the named one (Place.relation, set by the places
layer: "20 km north of X", "near X", "on the outskirts of X", or a district known only by its
seat town) or when it is the article's dominant place (place_source "article": the sentence
names no place, so the event happened somewhere about the article's place, not surely in that
town). A weak "sentence" guess keeps its feature's precision: it is a guess about that town,
and place_source already says how sure it is. A place without a point has no precision.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any

from ..context import Context
from ..knowledge.event_places import event_place_lexicon, precision_table
from ..knowledge.gazetteer_index import km
from ..knowledge.place_relations import load_relations
from ..model import AnnotatedDoc, Place, Span
from ..registry import components

MODEL_FILE = "models/event_places.json"
_LEX = event_place_lexicon()  # word lists: knowledge/data/event_places_lexicon.json
# entities the small NER model often gives to unfamiliar villages ("Qabasin" as PERSON)
_ENTITY_CANDIDATES = _LEX["entity_candidates"]
_PLACE_NOUNS = _LEX["place_nouns"]
# a name right after one of these is a person ("Foreign Minister Kuleba"), never a village
_TITLES = _LEX["titles"]
_TARGET_LOCATED = _LEX["target_located_types"]
_RELATIONS = load_relations()  # compass words: data/places_context.json
_SPECIFICITY = {
    "S": 5, "P": 4, "R": 4, "A.ADM4": 3, "A.ADM3": 3, "A.ADM2": 3, "A.ADM1": 2, "L": 1, "H": 1, "A.PCLI": 0,
}  # fmt: skip


def specificity(place: Place) -> int:
    if place.feature is None or place.relation == "area":  # (a guess around a town: unresolved)
        return 2
    return _SPECIFICITY.get(place.feature, _SPECIFICITY.get(place.feature[0], 1))


def _bucket(n: int, edges: tuple[int, ...] = (0, 1, 2, 3, 5, 8, 13)) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return f">{edges[-1]}"


def _head(span: Any) -> Any:
    return span.root


@dataclass(slots=True)
class Cand:
    """A candidate location: a resolved or unresolved place, or another proper-name span."""

    place: Place
    kind: str  # PCLI, ADM1, ADM2, P, L, H, S, none (unresolved toponym), ent:LABEL, propn

    @property
    def is_place(self) -> bool:
        return not self.kind.startswith(("ent:", "propn"))


def place_kind(place: Place) -> str:
    if place.relation == "area":  # a name no source holds, put at the story's nearest town
        return "none"
    if place.feature in ("A.PCLI", "A.ADM1", "A.ADM2"):
        return place.feature[2:]
    if place.feature in ("A.ADM3", "A.ADM4"):  # districts below the second level: as the model knows them
        return "ADM2"
    return (place.feature or "none").split(".")[0]


def features(
    parsed: Any, trigger: Span, cand_: Cand, cands_: list[Cand], sent_start: int
) -> dict[str, float]:
    """Features of one (trigger, candidate) pair; ``parsed`` is the spaCy Doc."""
    f: dict[str, float] = {"bias": 1.0}
    cand = cand_.place
    cands = [c.place for c in cands_]
    tspan = parsed.char_span(trigger.start, trigger.end, alignment_mode="expand")
    cspan = parsed.char_span(cand.start, cand.end, alignment_mode="expand")
    f[f"kind={cand_.kind}"] = 1.0
    if tspan is None or cspan is None:
        f["noparse"] = 1.0
        return f
    t, c = _head(tspan), _head(cspan)
    # the preposition (or case marker) governing the candidate
    prep = c.head if c.dep_ == "pobj" else None
    p = prep.lower_ if prep is not None else "none"
    f[f"prep={p}"] = 1.0
    f[f"dep={c.dep_}"] = 1.0
    if prep is not None:
        f[f"prep_head_pos={prep.head.pos_}"] = 1.0
        if prep.head.i == t.i:
            f["prep_on_trigger"] = 1.0
            f[f"prep_on_trigger={p}"] = 1.0
        elif prep.head.head.i == t.i:
            f["prep_on_trigger_child"] = 1.0
    if c.head.i == t.i:
        f[f"child_of_trigger={c.dep_}"] = 1.0
    if c.dep_ == "compound" or c.dep_ == "amod":
        f[f"modifies={c.head.pos_}"] = 1.0
    if c.dep_ == "poss":
        f["possessive"] = 1.0
    if c.dep_ == "appos" or (c.dep_ == "npadvmod"):
        f[f"appos_head_ent={c.head.ent_type_ or 'none'}"] = 1.0
    # tree distance: steps from each token to their lowest common ancestor
    t_anc = [t, *t.ancestors]
    c_anc = [c, *c.ancestors]
    t_ids = {x.i: n for n, x in enumerate(t_anc)}
    up_c = next((n for n, x in enumerate(c_anc) if x.i in t_ids), None)
    if up_c is None:
        f["no_path"] = 1.0
    else:
        up_t = t_ids[c_anc[up_c].i]
        f[f"tree_up_t={_bucket(up_t, (0, 1, 2, 3))}"] = 1.0
        f[f"tree_up_c={_bucket(up_c, (1, 2, 3, 4, 5))}"] = 1.0
        f["tree_dist"] = min(up_t + up_c, 10) / 10
    # the nearest verb above the candidate: this event's trigger, or another event's verb?
    verb = next((x for x in c.ancestors if x.pos_ in ("VERB", "AUX")), None)
    if verb is not None and verb.i == t.i:
        f["governing_verb_is_trigger"] = 1.0
        f[f"governing_verb_is_trigger|prep={p}"] = 1.0
    elif verb is not None:
        # below the trigger ("killed in an attack carried out in X"), above it, or beside it
        if any(x.i == t.i for x in verb.ancestors):
            where = "below_trigger"
        elif any(x.i == verb.i for x in t.ancestors):
            where = "above_trigger"
        else:
            where = "elsewhere"
        f[f"governing_verb_{where}"] = 1.0
        if where != "elsewhere":
            f[f"governing_verb_{where}|prep={p}"] = 1.0
    if any(x.i == t.i for x in c.ancestors):
        f["trigger_dominates"] = 1.0
    # the dependency under which the candidate's phrase hangs from its verb (or the root)
    top = c
    while top.head.i != top.i and top.head.pos_ not in ("VERB", "AUX"):
        top = top.head
    attach = top.dep_ if top.head.i != top.i else "root"
    f[f"attach={attach}"] = 1.0
    f[f"attach={attach}|{'place' if cand_.is_place else 'name'}"] = 1.0
    # the other verbs of the sentence: between the trigger and the candidate, or nearer to it
    lo, hi = sorted((t.i, c.i))
    between = sum(1 for x in parsed[lo + 1 : hi] if x.pos_ == "VERB" and not tspan.start <= x.i < tspan.end)
    f[f"verbs_between={min(between, 3)}"] = 1.0
    if any(x.pos_ == "VERB" and x.i != t.i and abs(x.i - c.i) < abs(t.i - c.i) for x in c.sent):
        f["other_verb_closer"] = 1.0
        f[f"other_verb_closer|prep={p}"] = 1.0
    side = "after" if c.i > t.i else "before"
    f[f"prep={p}|kind={cand_.kind}"] = 1.0
    f[f"prep={p}|kind={cand_.kind}|{side}"] = 1.0
    f[f"prep={p}|{side}"] = 1.0
    f[f"trigger_pos={t.pos_}|prep={p}"] = 1.0
    # "the town of X", "X province", "X refugee camp": a place word next to the name
    before = parsed[max(0, cspan.start - 2) : cspan.start]
    if len(before) == 2 and before[1].lower_ == "of" and before[0].lemma_ in _PLACE_NOUNS:
        f["place_noun_of"] = 1.0
        f[f"place_noun_of={before[0].lemma_}"] = 1.0
    if cspan.end < len(parsed) and parsed[cspan.end].lemma_ in _PLACE_NOUNS:
        f["place_noun_after"] = 1.0
        f[f"place_noun_after={parsed[cspan.end].lemma_}"] = 1.0
    if cand.text.isupper() and len(cand.text) <= 5:  # "SAA", "RSF": an acronym is rarely a place
        f["acronym"] = 1.0
        f[f"acronym|{'place' if cand_.is_place else 'name'}"] = 1.0
    d = c.i - t.i
    f["after_trigger" if d > 0 else "before_trigger"] = 1.0
    f[f"tok_dist={_bucket(abs(d))}"] = 1.0
    # ranks among the sentence's candidates
    dists = sorted(abs(((x.start + x.end) // 2) - trigger.start) for x in cands)
    mine = abs(((cand.start + cand.end) // 2) - trigger.start)
    f[f"dist_rank={min(dists.index(mine), 3)}"] = 1.0
    spec = specificity(cand)
    f["most_specific"] = float(spec >= max(specificity(x) for x in cands))
    f[f"n_cands={min(len(cands), 4)}"] = 1.0
    if cand.start - sent_start < 4 and p in ("in", "at", "near"):
        f["sentence_initial_pp"] = 1.0
    if spec == 0 and any(specificity(x) > 0 for x in cands if x is not cand):
        f["country_with_finer"] = 1.0
    f.update(_nesting(parsed, cand_, cspan, cands_))
    return f


_NAME_LINKS = ("compound", "appos", "poss", "conj", "npadvmod", "amod")


def _phrase(span: Any) -> tuple[Any, set[int]]:
    """A name's phrase: its top token and its tokens, the name and the place word it names
    ("Hodan district")."""
    top, tokens = span.root, set(range(span.start, span.end))
    if top.dep_ == "compound" and top.head.lemma_ in _PLACE_NOUNS:
        top = top.head
        tokens.add(top.i)
    return top, tokens


def _nesting(parsed: Any, cand_: Cand, cspan: Any, cands_: list[Cand]) -> dict[str, float]:
    """How the candidate sits among the sentence's other candidates: inside another one's
    phrase ("the Suuqa Xoolaha neighborhood of Mogadishu": Mogadishu under the neighbourhood,
    by "of"), holding one in its own phrase, or, by the gazetteer, lying in another
    candidate's region or containing one."""
    f: dict[str, float] = {}
    others = [
        (o, _phrase(s)) for o in cands_
        if o is not cand_ and (s := parsed.char_span(o.place.start, o.place.end, alignment_mode="expand")) is not None
    ]  # fmt: skip
    top, mine = _phrase(cspan)
    # up from the candidate's phrase, below its verb: the first token in another one's phrase
    x, link = top, "none"
    for _ in range(6):
        if x.head.i == x.i or x.head.pos_ in ("VERB", "AUX"):
            break
        if x.dep_ == "pobj":
            link = x.head.lower_
        elif x.dep_ in _NAME_LINKS:
            link = x.dep_
        x = x.head
        under = next((o for o, (_, phrase) in others if x.i in phrase), None)
        if under is not None:
            f["under_cand"] = 1.0
            f[f"under_cand_via={link}"] = 1.0
            f[f"under_cand_kind={under.kind}"] = 1.0
            break
    for o, (y, _) in others:
        for _ in range(6):
            if y.head.i == y.i or y.head.pos_ in ("VERB", "AUX"):
                break
            y = y.head
            if y.i in mine:
                f["over_cand"] = 1.0
                f[f"over_cand_kind={o.kind}"] = 1.0
                break
    place = cand_.place
    if cand_.is_place and place.lat is not None and place.relation != "area":
        regions = [
            o.place
            for o in cands_
            if o is not cand_ and o.is_place and (o.place.feature or "").startswith("A.")
        ]
        if any(specificity(r) < specificity(place) and _inside(place, r) for r in regions):
            f["inside_other"] = 1.0
        if (place.feature or "").startswith("A.") and any(
            o is not cand_
            and o.is_place
            and specificity(o.place) > specificity(place)
            and _inside(o.place, place)
            for o in cands_
        ):
            f["contains_other"] = 1.0
    return f


def candidates(doc: AnnotatedDoc, sent_index: int, demonyms: dict[str, Any]) -> list[Cand]:
    """The sentence's non-demonym places, then other proper-name entities and unlabelled
    proper nouns governed by a preposition or naming a place word ("Bakara market"): the
    model decides which one is the location."""
    sent = doc.sentences[sent_index]
    out = [
        Cand(p, place_kind(p)) for p in doc.places
        if sent.start <= p.start < sent.end and not (p.text in demonyms and p.text != p.name)
    ]  # fmt: skip
    spans = [(c.place.start, c.place.end) for c in out]

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in spans)

    # surnames of people introduced by full name ("Kuleba" after "Dmytro Kuleba") are people
    person_words = {w for e in doc.entities if e.label == "PERSON" and " " in e.text for w in e.text.split()}
    for e in doc.entities:
        if e.label in _ENTITY_CANDIDATES and sent.start <= e.start < sent.end and free(e.start, e.end):
            if e.text in demonyms or (
                e.label == "PERSON" and (e.text in person_words or _titled(doc.text, e.start))
            ):
                continue
            if _RELATIONS.is_direction(doc.text, e.start, e.end):
                continue  # "NE" in "12 km NE of Idlib": a direction from a place, not a place
            kind = "S" if e.label == "FAC" else f"ent:{e.label}"
            out.append(
                Cand(Place(e.start, e.end, e.text, feature="S.FAC" if e.label == "FAC" else None), kind)
            )
            spans.append((e.start, e.end))
    parsed = doc.nlp
    if parsed is not None:
        span = parsed.char_span(sent.start, sent.end, alignment_mode="expand")
        for tok in span if span is not None else ():
            if tok.pos_ != "PROPN" or not tok.is_title or tok.ent_type_:
                continue
            if tok.dep_ == "pobj":  # the head of a run of proper nouns that is the object of a preposition
                left = [t.idx for t in tok.lefts if t.pos_ == "PROPN" and t.dep_ == "compound"]
                start = min(left, default=tok.idx)
            elif _names_place_noun(tok) and tok.i + 1 == tok.head.i:
                # the run of names right before the place word it names ("Bakara market")
                first = tok
                while first.i > span.start and _names_place_noun(parsed[first.i - 1], tok.head):
                    first = parsed[first.i - 1]
                start = first.idx
            else:
                continue
            end = tok.idx + len(tok)
            if free(start, end):
                out.append(Cand(Place(start, end, doc.text[start:end]), "propn"))
                spans.append((start, end))
    out.sort(key=lambda c: c.place.start)
    return out


def _names_place_noun(tok: Any, noun: Any = None) -> bool:
    """Is ``tok`` an untagged proper noun in a compound naming a place word ("Bakara market",
    "Panjwayi district"), or, given ``noun``, one naming that word or another name of its run?"""
    if tok.pos_ != "PROPN" or tok.dep_ != "compound" or not tok.is_title or tok.ent_type_:
        return False
    if noun is None:
        return tok.head.pos_ == "NOUN" and tok.head.lemma_ in _PLACE_NOUNS
    return tok.head.i == noun.i or (tok.head.pos_ == "PROPN" and tok.head.head.i == noun.i)


def _titled(text: str, start: int) -> bool:
    """Is the name at ``start`` preceded by a title word ("Minister Kuleba", "Mr. Smith")?"""
    words = text[max(0, start - 16) : start].split()
    return bool(words) and words[-1].lower() in _TITLES


NULL = "null"  # the weight of the "no place in this sentence" option


class LocationModel:
    """A conditional logit over a verb's candidates: each candidate's score is a dot product
    of its features with the weights, the "no place" option scores ``weights["null"]``, and a
    softmax over the sentence's candidates and that option gives each candidate's probability
    of being the event's place, so candidates compete for the one place."""

    def __init__(
        self,
        weights: dict[str, float],
        threshold: float,
        weak: float = 0.1,
        selection: dict[str, Any] | None = None,
    ) -> None:
        self.weights = weights
        self.threshold = threshold  # at or above: the model's confident answer
        self.weak = weak  # at or above: still preferred to the heuristic fallback
        self.selection = selection or {}  # how the training script chose C/threshold/weak, with CV figures

    @classmethod
    def load(cls) -> LocationModel:
        raw = json.loads(resources.files("eventwire.annotate").joinpath(MODEL_FILE).read_text("utf-8"))
        return cls(raw["weights"], raw["threshold"], raw.get("weak", 0.1), raw.get("selection"))

    def score(self, feats: dict[str, float]) -> float:
        return sum(self.weights.get(k, 0.0) * v for k, v in feats.items())

    def probabilities(self, feats: list[dict[str, float]]) -> list[float]:
        """Each candidate's probability (in order) of being the place; the rest is "no place"."""
        scores = [self.weights.get(NULL, 0.0), *map(self.score, feats)]
        top = max(scores)
        exp = [math.exp(z - top) for z in scores]
        total = sum(exp)
        return [e / total for e in exp[1:]]

    def rank(
        self,
        parsed: Any,
        trigger: Span,
        cands: list[Cand],
        sent_start: int,
        source_countries: frozenset[str] = frozenset(),
        avoid: list[tuple[int, int]] | None = None,
    ) -> list[tuple[float, Cand]]:
        """Candidates with their probabilities, best first."""
        probs = self.probabilities([features(parsed, trigger, c, cands, sent_start) for c in cands])
        scored = []
        for pr, c in zip(probs, cands, strict=True):
            if _is_source(c.place, source_countries, avoid or []):
                pr *= 0.3  # the source actor, or its country, is rarely where it acted
            scored.append((pr, c))
        scored.sort(key=lambda x: -x[0])
        return scored


_LOCATIVE_PREPS = _LEX["locative_preps"]


def _locative(parsed: Any, place: Place) -> bool:
    span = parsed.char_span(place.start, place.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    return root.dep_ == "pobj" and root.head.lower_ in _LOCATIVE_PREPS


def _plausible(parsed: Any, c: Cand) -> bool:
    """Could this candidate be a location at all? Toponyms yes; names the small NER model
    gives to unfamiliar villages (PERSON, NORP, PRODUCT, bare proper nouns) yes; ORG and the
    rest only inside a locative phrase."""
    if c.is_place or c.kind in ("propn", "ent:PERSON", "ent:NORP", "ent:PRODUCT"):
        return True
    return _locative(parsed, c.place)


def _is_source(place: Place, source_countries: frozenset[str], avoid: list[tuple[int, int]]) -> bool:
    if any(s < place.end and place.start < e for s, e in avoid):
        return True
    return place.feature == "A.PCLI" and place.country in source_countries


def dominant_place(doc: AnnotatedDoc, demonyms: dict[str, Any]) -> Place | None:
    """The article's most mentioned place (ties: the most specific, then the first)."""
    real = [
        p for p in doc.places
        if p.lat is not None and p.relation != "area" and not (p.text in demonyms and p.text != p.name)
    ]  # fmt: skip
    if not real:
        return None
    counts = Counter((p.name, p.country) for p in real)
    return max(real, key=lambda p: (counts[(p.name, p.country)], specificity(p), -p.start))


# --- the incident rule ---------------------------------------------------------------------
# A nominal event's own locative phrase ("the explosion in Przewodów") says where it happened;
# so does the party offered solidarity after it ("solidarity with Poland following the
# incident"). An event stated as the cause of such an incident ("the incident that resulted
# ... due to missile strikes on Ukraine", "the blast, caused by strikes on Ukraine") landed
# where the incident did: the incident's place beats the country the strikes were aimed at.
# The learned model rarely sees these constructions, so they are rules over the parse.
_INCIDENT_NOUNS = _LEX["incident_nouns"]
_CAUSAL_VERBS = _LEX["causal_verbs"]
_CAUSAL_PREPS = _LEX["causal_preps"]
_AFTER_PREPS = _LEX["after_preps"]
_SOLIDARITY_WORDS = _LEX["solidarity_words"]
_INCIDENT_LOC_PREPS = _LEX["incident_loc_preps"]
_HAPPEN_VERBS = _LEX["happen_verbs"]


def _is_incident(tok: Any) -> bool:
    return tok.pos_ == "NOUN" and tok.lemma_ in _INCIDENT_NOUNS


def _effects(verb: Any) -> list[Any]:
    """The incident nouns a causal verb produces: "the blast was caused by ...", "strikes
    caused an explosion", "... resulted in an explosion"."""
    out = [c for c in verb.children if c.dep_ in ("nsubjpass", "dobj")]
    out += [
        g
        for c in verb.children
        if c.dep_ == "prep" and c.lower_ == "in"
        for g in c.children
        if g.dep_ == "pobj"
    ]
    return [x for x in out if _is_incident(x)]


def _incident_chain(t: Any) -> list[Any]:
    """The trigger (if nominal) and the incident nouns it explains, nearest first: climbing
    only through prepositions and causal verbs ("the incident that resulted in ... due to X",
    "the blast was caused by X", "X caused an explosion")."""
    chain = [t] if t.pos_ in ("NOUN", "PROPN") else []
    node = t
    for _ in range(6):
        head = node.head
        if head.i == node.i:
            break
        if node.dep_ in ("pobj", "pcomp") and head.lower_ in _CAUSAL_PREPS:
            pass  # "due to X", "caused by X": keep climbing to what X explains
        elif node.dep_ in ("prep", "agent", "pcomp") and head.pos_ in ("ADP", "VERB", "NOUN", "ADJ"):
            pass
        elif node.dep_ == "nsubj" and head.lemma_ in _CAUSAL_VERBS:
            pass  # "strikes caused an explosion"
        elif node.pos_ in ("VERB", "AUX") and node.dep_ in ("relcl", "acl") and node.lemma_ in _CAUSAL_VERBS:
            pass
        else:
            break
        node = head
        if node.pos_ in ("VERB", "AUX") and node.lemma_ in _CAUSAL_VERBS:
            chain += [x for x in _effects(node) if x.i != t.i]
        if _is_incident(node) and node.i not in {x.i for x in chain}:
            chain.append(node)
    # a verb trigger not attached to an incident noun is the model's business
    return chain


def _cand_at(tok: Any, cands: list[Cand]) -> Cand | None:
    """The candidate that is this prepositional object, or that it names through "of"/"in"/
    apposition/compound ("the village of Przewodów", "a farm in Przewodów", "Przewodów village")."""
    toks = [tok, *(c for c in tok.children if c.dep_ in ("compound", "appos"))]
    toks += [
        g
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ in ("of", "in", "near")
        for g in c.children
        if g.dep_ == "pobj"
    ]
    for x in toks:
        for c in cands:
            if c.place.start <= x.idx < c.place.end and _usable(c):
                return c
    return None


def _usable(c: Cand) -> bool:
    return c.is_place or c.kind in ("propn", "ent:PERSON", "ent:NORP", "ent:PRODUCT")


def _locative_of(noun: Any, cands: list[Cand]) -> Cand | None:
    """The incident's own locative: "the explosion in X", "the incident, which occurred in X"."""
    heads = [noun] + [v for v in noun.children if v.dep_ in ("relcl", "acl") and v.lemma_ in _HAPPEN_VERBS]
    for h in heads:
        for prep in h.children:
            if prep.dep_ == "prep" and prep.lower_ in _INCIDENT_LOC_PREPS:
                for obj in prep.children:
                    if obj.dep_ == "pobj" and (c := _cand_at(obj, cands)) is not None:
                        return c
    return None


def _solidarity_place(noun: Any, cands: list[Cand]) -> Cand | None:
    """The place offered solidarity over an incident is where it happened: "solidarity with X
    following the incident", "condolences to X after the blast"."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ not in _AFTER_PREPS:
        return None
    gov = prep.head
    scope = [gov, *(c for c in gov.children if c.dep_ in ("dobj", "attr", "nsubj", "nsubjpass"))]
    if not any(x.lemma_.lower() in _SOLIDARITY_WORDS or x.lower_ in _SOLIDARITY_WORDS for x in scope):
        return None
    for x in scope:
        for p in x.children:
            if p.dep_ in ("prep", "dative") and p.lower_ in ("with", "to"):
                for obj in p.children:
                    c = _cand_at(obj, cands) if obj.dep_ == "pobj" else None
                    if c is not None and c.is_place:
                        return c
    return None


def incident_place(parsed: Any, trigger: Span, cands: list[Cand]) -> Cand | None:
    """The place the incident rule gives this event, or None when it does not apply."""
    tspan = parsed.char_span(trigger.start, trigger.end, alignment_mode="expand")
    if tspan is None or not cands:
        return None
    for noun in _incident_chain(tspan.root):
        c = _locative_of(noun, cands) or _solidarity_place(noun, cands)
        if c is not None:
            return c
    return None


def choose(
    parsed: Any,
    trigger: Span,
    cands: list[Cand],
    ranked: list[tuple[float, Cand]],
    threshold: float,
    weak: float,
    source_countries: frozenset[str] = frozenset(),
    avoid: list[tuple[int, int]] | None = None,
) -> tuple[Place | None, str | None]:
    """The event's place from the sentence and how sure we are, or (None, None) when the
    sentence offers nothing (the caller then falls back to the article)."""
    avoid = avoid or []
    if parsed is not None and (c := incident_place(parsed, trigger, cands)) is not None:
        # a finer place of the same country the model also believes in ("solidarity with
        # Ukraine after the strike on Odesa": Odesa) is the better answer
        finer = [
            x for pr, x in ranked
            if pr >= weak and x.is_place and x.place.country == c.place.country and specificity(x.place) > specificity(c.place)
        ]  # fmt: skip
        return (finer[0] if finer else c).place, "model"
    if ranked and ranked[0][0] >= threshold:
        return ranked[0][1].place, "model"
    # a weak guess must be a plausible location, not just any name ("the UN Charter")
    weak_hit = next((c for pr, c in ranked if pr >= weak and _plausible(parsed, c)), None)
    if weak_hit is not None:
        return weak_hit.place, "sentence"
    if real := [c.place for c in cands if c.is_place]:
        free = [c for c in real if not _is_source(c, source_countries, avoid)] or real
        return max(free, key=lambda c: (specificity(c), -abs(c.start - trigger.start))), "sentence"
    return None, None


def _inside(place: Place, region: Place) -> bool:
    """Does ``place`` lie in ``region`` (a country, a first-level region or a district)?"""
    if place.country != region.country or place.lat is None or region.lat is None:
        return False
    if "area" in (place.relation, region.relation):  # a guess around a town says nothing of this
        return False
    if region.feature == "A.PCLI":
        return True
    if region.feature == "A.ADM1":
        return place.admin1 is not None and place.admin1 == region.admin1
    return km(place.lat, place.lon or 0.0, region.lat, region.lon or 0.0) < 60


def finer(place: Place | None, cands: list[Cand], trigger: Span) -> Place | None:
    """An event put in a region whose sentence names a town, village or district inside that
    region ("Russian troops entered Vovchansk in Kharkiv region") happened there: the finer
    place nearest the trigger (the convention of ACLED's most specific location)."""
    if place is None or not (place.feature or "").startswith("A."):
        return place
    inner = [
        c.place for c in cands
        if c.is_place and c.place is not place and specificity(c.place) > specificity(place)
        and (c.place.feature or "")[:1] in ("P", "A") and _inside(c.place, place)
    ]  # fmt: skip
    if not inner:
        return place
    return min(inner, key=lambda p: abs(p.start - trigger.start))


def target_country_place(doc: AnnotatedDoc, ev: Any) -> Place | None:
    """An assault lands on its target, aid reaches its recipient (the types are data:
    ``target_located_types``): the target's country as a Place (a mention of it in the
    event's sentence first, "attacks on Ukrainian infrastructure", else in the article), or
    None when the target has no country, is the source's own, or is never mentioned."""
    sources = {a.country for a in (ev.source, *ev.sources) if a is not None and a.country}
    targets = [a.country for a in (ev.target, *ev.targets) if a is not None and a.country]
    if ev.type not in _TARGET_LOCATED or not targets or targets[0] in sources:
        return None
    sent = doc.sentences[ev.sentence]
    mentions = [p for p in doc.places if p.feature == "A.PCLI" and p.country == targets[0]]
    return min(mentions, key=lambda p: (not sent.start <= p.start < sent.end, p.start), default=None)


def place_precision(place: Place | None, how: str | None) -> int | None:
    """ACLED's geo_precision of an event put at ``place``, found ``how`` (Event.place_source):
    the precision of the place's feature (1 a town, village or spot, 2 a district or other unit
    of level 2-4, 3 a first-level region, a country or larger), raised to 2 at least for a point
    relative to the place ("20 km north of X", "near X", a district's seat town) and for the
    article's dominant place; None without a point (data/places_precision.tsv)."""
    if place is None or place.lat is None or place.lon is None:
        return None
    table = precision_table()
    precision = table.of_feature(place.feature)
    if place.relation is not None:
        precision = max(precision, table.found["relation"])
    if how is not None and how in table.found:
        precision = max(precision, table.found[how])
    return precision


def locate(doc: AnnotatedDoc, model: LocationModel, demonyms: dict[str, Any]) -> None:
    parsed = doc.nlp
    article_place: Place | None = None
    for ev in doc.events:
        if ev.place is not None:
            if ev.place_precision is None:  # placed by another component
                ev.place_precision = place_precision(ev.place, ev.place_source)
            continue
        cands = candidates(doc, ev.sentence, demonyms)
        actors = [a for a in (ev.source, *ev.sources) if a is not None]
        avoid = [(a.start, a.end) for a in actors]
        source_countries = frozenset(a.country for a in actors if a.country)
        ranked = []
        if cands and parsed is not None:
            sent_start = doc.sentences[ev.sentence].start
            ranked = model.rank(parsed, ev.trigger, cands, sent_start, source_countries, avoid)
        place, how = choose(
            parsed, ev.trigger, cands, ranked, model.threshold, model.weak, source_countries, avoid
        )
        # without a confident place, an assault (or aid) is put in its target's country rather
        # than in a weakly guessed other one ("Russia's attacks on Ukrainian infrastructure")
        if how != "model" and (landed := target_country_place(doc, ev)) is not None:
            if place is None or place.country != landed.country:
                place, how = landed, "sentence"
        if place is not None:
            ev.place, ev.place_source = finer(place, cands, ev.trigger), how
        else:
            article_place = article_place or dominant_place(doc, demonyms)
            if article_place is not None:
                ev.place, ev.place_source = article_place, "article"
        ev.place_precision = place_precision(ev.place, ev.place_source)


@components.register("event_places")
def make_event_places(ctx: Context) -> Callable[[AnnotatedDoc], None]:
    from ..knowledge.countries import load_countries

    model = ctx.resource("event_places_model", LocationModel.load)
    demonyms = ctx.resource("countries", load_countries).by_demonym

    def event_places(doc: AnnotatedDoc) -> None:
        locate(doc, model, demonyms)

    return event_places
