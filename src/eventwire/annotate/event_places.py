"""Where each event happened: fills Event.place (and Event.place_source).

The location of an event is not any place in its sentence: in "Russia's missile strikes on
Ukraine ... the incident in Poland" the strike lands in Poland. Candidates are the sentence's
toponyms (doc.places, without demonyms), other named entities (the small NER model tags many
villages PERSON or ORG) and untagged proper nouns after a preposition; each pair is
scored by a logistic regression over dependency-parse features (the preposition that governs
the candidate and whether it attaches to the trigger, the candidate's role, tree and token
distance, the kind of place). The weights (models/event_places.json) are trained by
scripts/train_event_places.py on shared/data event_location_train; inference is a dot product,
so scikit-learn is not needed at run time.

A country that is the event's source actor is rarely where it happened, so such a candidate
is penalised. ``place_source`` says how sure we are: "model" when the model's best candidate
clears its confidence threshold; "sentence" when the place is only the model's weaker guess
or, below that, the sentence's most specific place; "article" when the sentence has no place
and the article's dominant place is used. Only "model" counts as a located event when
abstaining matters. A weak guess must be a toponym, a span of the village-like kinds, or sit
in a locative phrase, so "the UN Charter" is never a place; a chosen non-toponym span comes
back as an unresolved Place (text only). Known gap: a lone surname tagged PERSON
("Kuleba said") can still be picked when the person was never named in full.
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
from ..model import AnnotatedDoc, Place, Span
from ..registry import components

MODEL_FILE = "models/event_places.json"
# entities the small NER model often gives to unfamiliar villages ("Qabasin" as PERSON)
_ENTITY_CANDIDATES = frozenset(
    {"FAC", "ORG", "PERSON", "NORP", "PRODUCT", "EVENT", "GPE", "LOC", "WORK_OF_ART"}
)
_PLACE_NOUNS = frozenset(
    "city town village province district region area camp county state capital neighborhood "
    "neighbourhood suburb street road square border port base prison hospital market mosque".split()
)
_SPECIFICITY = {"S": 5, "P": 4, "R": 4, "A.ADM2": 3, "A.ADM1": 2, "L": 1, "H": 1, "A.PCLI": 0}


def specificity(place: Place) -> int:
    if place.feature is None:
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
    if place.feature in ("A.PCLI", "A.ADM1", "A.ADM2"):
        return place.feature[2:]
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
    # the nearest verb above the candidate: is it this event's trigger?
    verb = next((x for x in c.ancestors if x.pos_ in ("VERB", "AUX")), None)
    if verb is not None and verb.i == t.i:
        f["governing_verb_is_trigger"] = 1.0
        f[f"governing_verb_is_trigger|prep={p}"] = 1.0
    if any(x.i == t.i for x in c.ancestors):
        f["trigger_dominates"] = 1.0
    f[f"prep={p}|kind={cand_.kind}"] = 1.0
    # "the town of X", "X province", "X refugee camp": a place word next to the name
    before = parsed[max(0, cspan.start - 2) : cspan.start]
    if len(before) == 2 and before[1].lower_ == "of" and before[0].lemma_ in _PLACE_NOUNS:
        f["place_noun_of"] = 1.0
    if cspan.end < len(parsed) and parsed[cspan.end].lemma_ in _PLACE_NOUNS:
        f["place_noun_after"] = 1.0
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
    return f


def candidates(doc: AnnotatedDoc, sent_index: int, demonyms: dict[str, Any]) -> list[Cand]:
    """The sentence's non-demonym places, then other proper-name entities and unlabelled
    proper nouns governed by a preposition: the model decides which one is the location."""
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
            if e.text in demonyms or (e.label == "PERSON" and e.text in person_words):
                continue
            kind = "S" if e.label == "FAC" else f"ent:{e.label}"
            out.append(
                Cand(Place(e.start, e.end, e.text, feature="S.FAC" if e.label == "FAC" else None), kind)
            )
            spans.append((e.start, e.end))
    parsed = doc.nlp
    if parsed is not None:
        span = parsed.char_span(sent.start, sent.end, alignment_mode="expand")
        for tok in span if span is not None else ():
            # the head of a run of proper nouns that is the object of a preposition
            if tok.pos_ == "PROPN" and tok.dep_ == "pobj" and tok.is_title and not tok.ent_type_:
                left = min(
                    (t.idx for t in tok.lefts if t.pos_ == "PROPN" and t.dep_ == "compound"), default=tok.idx
                )
                start, end = left, tok.idx + len(tok)
                if free(start, end):
                    out.append(Cand(Place(start, end, doc.text[start:end]), "propn"))
                    spans.append((start, end))
    out.sort(key=lambda c: c.place.start)
    return out


class LocationModel:
    def __init__(self, weights: dict[str, float], threshold: float, weak: float = 0.1) -> None:
        self.weights = weights
        self.threshold = threshold  # at or above: the model's confident answer
        self.weak = weak  # at or above: still preferred to the heuristic fallback

    @classmethod
    def load(cls) -> LocationModel:
        raw = json.loads(resources.files("eventwire.annotate").joinpath(MODEL_FILE).read_text("utf-8"))
        return cls(raw["weights"], raw["threshold"], raw.get("weak", 0.1))

    def prob(self, feats: dict[str, float]) -> float:
        z = sum(self.weights.get(k, 0.0) * v for k, v in feats.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

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
        scored = []
        for c in cands:
            pr = self.prob(features(parsed, trigger, c, cands, sent_start))
            if _is_source(c.place, source_countries, avoid or []):
                pr *= 0.3  # the source actor, or its country, is rarely where it acted
            scored.append((pr, c))
        scored.sort(key=lambda x: -x[0])
        return scored


_LOCATIVE_PREPS = frozenset("in at near outside inside into from across around through on".split())


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
    real = [p for p in doc.places if p.lat is not None and not (p.text in demonyms and p.text != p.name)]
    if not real:
        return None
    counts = Counter((p.name, p.country) for p in real)
    return max(real, key=lambda p: (counts[(p.name, p.country)], specificity(p), -p.start))


def locate(doc: AnnotatedDoc, model: LocationModel, demonyms: dict[str, Any]) -> None:
    parsed = doc.nlp
    article_place: Place | None = None
    for ev in doc.events:
        if ev.place is not None:
            continue
        cands = candidates(doc, ev.sentence, demonyms)
        actors = [a for a in (ev.source, *ev.sources) if a is not None]
        avoid = [(a.start, a.end) for a in actors]
        source_countries = frozenset(a.country for a in actors if a.country)
        ranked = []
        if cands and parsed is not None:
            sent_start = doc.sentences[ev.sentence].start
            ranked = model.rank(parsed, ev.trigger, cands, sent_start, source_countries, avoid)
        # a weak guess must be a plausible location, not just any name ("the UN Charter")
        weak = next(
            ((pr, c) for pr, c in ranked if pr >= model.weak and _plausible(parsed, c)),
            None,
        )
        if ranked and ranked[0][0] >= model.threshold:
            ev.place, ev.place_source = ranked[0][1].place, "model"
        elif weak is not None:
            ev.place, ev.place_source = weak[1].place, "sentence"
        elif real := [c.place for c in cands if c.is_place]:
            free = [c for c in real if not _is_source(c, source_countries, avoid)] or real
            ev.place = max(free, key=lambda c: (specificity(c), -abs(c.start - ev.trigger.start)))
            ev.place_source = "sentence"
        else:
            article_place = article_place or dominant_place(doc, demonyms)
            if article_place is not None:
                ev.place, ev.place_source = article_place, "article"


@components.register("event_places")
def make_event_places(ctx: Context) -> Callable[[AnnotatedDoc], None]:
    from ..knowledge.countries import load_countries

    model = ctx.resource("event_places_model", LocationModel.load)
    demonyms = ctx.resource("countries", load_countries).by_demonym

    def event_places(doc: AnnotatedDoc) -> None:
        locate(doc, model, demonyms)

    return event_places
