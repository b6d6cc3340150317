"""Event coding: PLOVER events with actors, modality, attribution, date and evidence.

Method (a hybrid, all data-driven):

1. **Triggers** come from the trigger lexicon (knowledge/data/ontology_triggers.json): verb
   lemmas, noun lemmas, and verb+particle / verb+object phrases ("call on", "impose sanction").
   A noun governed by a light verb ("express solidarity", "launch strikes") is one event with
   the noun's type.
2. **Arguments** come from the dependency parse over coded actor mentions (doc.actors, else
   named entities): subject/agent -> source, object or a target preposition (on, against, to,
   with, ..., in the type's order of preference) -> target, else an actor inside the object
   phrase ("rejected calls by X", "denounced X's crackdown"), else the place the action happens
   "in"; the source's own forces as object yield to where they go ("withdrew its troops from
   X"); a stative participle's subject acts ("X is committed to"); an event governing another's
   clause ("promised to send aid to X") takes that event's target; conjoined actors fill
   ``sources``/``targets``. First-person pronouns in
   a quote resolve to its speaker; third-person ones to the nearest preceding subject actor.
3. **Type** is the lexicon reading a classifier likes best (models/events_clf.joblib, trained on
   the PLV sentences by scripts/train_events.py): logistic regression over sparse features of
   the trigger, its dependency context and the source/target pair, averaged with a character
   n-gram view of the sentence with the pair masked. Reading cues in the lexicon settle some
   ambiguities ("troops withdrew" RETREAT vs "withdrew its ambassador" SANCTION). The fitted
   linear models are applied directly (eventwire.linear), not through scikit-learn. A sentence
   with no lexicon event but a source and a target on its main verb is typed by the classifier
   alone, at half confidence (option ``classifier_fallback``, default on).
4. **Modality** (negated, hypothetical, demanded, future, historical, asserted) from cue lemmas
   in the trigger's clause and governing verbs (ontology_modality.json); "will never recognize"
   flips to REJECT instead of a negated SUPPORT. The type stays the action's ("will help" is
   AID, future); the CAMEO code says it as CAMEO/PLOVER coders do (033 express intent to aid,
   which the PLOVER crosswalk reads as AGREE; 13x threats, 10x demands): Ontology.plover_view.
5. **Attribution**: the quote speaker when the trigger is inside a quote, else "according to X",
   else the subject of a reporting verb governing the trigger ("Russia's ministry claimed ...").
6. **Date**: a full-date timex that governs the event (it modifies the trigger or a phrase or
   clause containing it: "after the March 3 strikes" dates the strikes, not the condemnation
   it follows), else the article date (date_source="article").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from ..context import Context
from ..knowledge.datelines import dateline_spans, inside
from ..knowledge.ontology import Ontology, load_ontology
from ..linear import from_pipeline
from ..model import Actor, AnnotatedDoc, Event, Quote, Span
from ..registry import components

MODEL_FILE = "events_clf.joblib"
ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
# Prepositions that introduce a target, in order of preference.
TARGET_PREPS = (
    "on",
    "against",
    "to",
    "with",
    "at",
    "toward",
    "towards",
    "into",
    "for",
    "upon",
    "over",
    "between",  # "mediation between X and Y"
    "from",  # "withdrew from X", "demanded autonomy from X"
)
# Prepositions inside an object phrase that lead to the actor the act is aimed at: "rejected
# calls by X", "accepted demands from X", "denounced X's suppression of ..."
INNER_TARGET_PREPS = ("by", "from", "between", "to", "with", "against", "on", "of")
SUBJ_DEPS = frozenset({"nsubj", "csubj"})
LOCATIVE_PREPS = frozenset({"in", "near", "outside", "at", "around", "inside", "across", "on", "of"})
# nouns whose event the subject of "went to / joined in / gathered for" takes part in
PARTICIPATION_TYPES = frozenset({"PROTEST", "CONSULT"})
OWN_POSSESSIVES = frozenset({"its", "their", "his", "her", "our"})
CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "advcl", "relcl", "conj", "parataxis", "acl", "csubj"})
PASS_SUBJ_DEPS = frozenset({"nsubjpass", "csubjpass"})
OBJ_DEPS = frozenset({"dobj", "dative", "attr", "oprd"})
# Clause links through which a verb inherits the subject of its governor.
SUBJECT_LINKS = frozenset({"xcomp", "conj", "advcl", "acl", "pcomp", "ccomp", "prep", "acomp"})
THIRD_PERSON = frozenset(
    {"it", "its", "they", "their", "them", "he", "his", "him", "she", "her", "who", "which"}
)
# PLV training data merges CONCEDE and RETREAT into YIELD; the classifier predicts YIELD.
YIELD_TYPES = ("CONCEDE", "RETREAT")
FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
YEAR = re.compile(r"^(\d{4})")
FUTURE_AUX = frozenset({"will", "would", "'ll", "wo", "shall"})
MODALITY_RANK = {"negated": 0, "hypothetical": 1, "demanded": 2, "future": 3, "historical": 4, "asserted": 5}


def clf_label(type_: str) -> str:
    return "YIELD" if type_ in YIELD_TYPES else type_


# --- classifier features (shared with scripts/train_events.py) -------------------------------


def readings_of(tok: Any, onto: Ontology) -> list[tuple[str, str | None]]:
    """Lexicon readings of one token, phrase readings first ("call on", "place responsibility")."""
    out: list[tuple[str, str | None]] = []
    lemma = tok.lemma_.lower()
    for child in tok.children:
        if child.dep_ in ("prt", "prep", "dobj", "attr", "acomp"):
            key = f"{lemma} {child.lemma_.lower()}"
            if key in onto.phrases:
                out.append(onto.phrases[key])
    if out:  # a phrase reading decides: "call on/for" is a REQUEST, never a phone call
        return out
    if tok.pos_ in ("VERB", "AUX"):
        out.extend(onto.verbs.get(lemma, ()))
    elif tok.pos_ in ("NOUN", "PROPN"):
        out.extend(onto.nouns.get(lemma, ()))
    return out


def _path_to_root(tok: Any) -> list[Any]:
    path = [tok]
    while path[-1].head.i != path[-1].i and len(path) < 30:
        path.append(path[-1].head)
    return path


def pair_features(trigger: Any, src: Any | None, tgt: Any | None, onto: Ontology) -> dict[str, float]:
    """Sparse features for classifying the event a trigger expresses between src and tgt
    (spaCy Spans or None). Designed to be cheap: one pass over the sentence."""
    f: dict[str, float] = {}
    sent = trigger.sent
    lem = trigger.lemma_.lower()
    f[f"lem={lem}"] = 1.0
    f[f"pos={trigger.pos_}"] = 1.0
    for t, _m in readings_of(trigger, onto):
        f[f"rt={t}"] = 1.0
        f[f"rt={t}|{trigger.pos_}"] = 1.0
    for c in trigger.children:
        if c.dep_ in ("prep", "prt", "dobj", "xcomp", "ccomp", "neg", "aux", "auxpass", "dative"):
            f[f"ch={c.dep_}:{c.lemma_.lower()}"] = 1.0
            f[f"lch={lem}:{c.lemma_.lower()}"] = 1.0
            for t, _m in readings_of(c, onto):
                f[f"cht={c.dep_}:{t}"] = 1.0
    gov = trigger.head
    if gov.i != trigger.i:
        f[f"gov={gov.lemma_.lower()}"] = 1.0
        f[f"govdep={trigger.dep_}"] = 1.0
        for t, _m in readings_of(gov, onto):
            f[f"govt={t}"] = 1.0
    src_ids = set(range(src.start, src.end)) if src is not None else set()
    tgt_ids = set(range(tgt.start, tgt.end)) if tgt is not None else set()
    lo = min([trigger.i, *(src_ids or [trigger.i]), *(tgt_ids or [trigger.i])])
    hi = max([trigger.i, *(src_ids or [trigger.i]), *(tgt_ids or [trigger.i])])
    prev = "<s>"
    for tok in sent:
        if tok.i in src_ids or tok.i in tgt_ids:
            w = "SRC" if tok.i in src_ids else "TGT"
            if w == prev:
                continue
        elif tok.is_punct or tok.like_num:
            continue
        else:
            w = tok.lemma_.lower()
        f[f"w={w}"] = 1.0
        f[f"bg={prev}_{w}"] = 1.0
        if lo <= tok.i <= hi and w not in ("SRC", "TGT"):
            f[f"b={w}"] = 1.0
            for t, _m in readings_of(tok, onto):
                f[f"bt={t}"] = f.get(f"bt={t}", 0.0) + 1.0
        else:
            for t, _m in readings_of(tok, onto):
                f[f"st={t}"] = 1.0
        prev = w
    for name, span in (("s", src), ("t", tgt)):
        if span is None:
            f[f"{name}=none"] = 1.0
            continue
        root = span.root
        f[f"{name}dep={root.dep_}"] = 1.0
        f[f"{name}lem={root.lemma_.lower()}"] = 1.0  # "troops", "aid", "protesters"
        for t, _m in readings_of(root, onto):
            f[f"{name}rt={t}"] = 1.0
        f[f"{name}dep={root.dep_}|{lem}"] = 1.0
        if root.dep_ == "pobj":
            f[f"{name}prep={root.head.lemma_.lower()}"] = 1.0
            f[f"{name}prep={root.head.lemma_.lower()}|{root.head.head.lemma_.lower()}"] = 1.0
        # dependency path from the argument up to the trigger (or to the sentence root)
        path = [t.dep_ for t in _path_to_root(root)[:4]]
        f[f"{name}path={'/'.join(path)}"] = 1.0
        f[f"{name}ent={root.ent_type_ or 'none'}"] = 1.0
    if src is not None and tgt is not None:
        f["order=" + ("st" if src.start < tgt.start else "ts")] = 1.0
    # words near the trigger, and negation combined with the trigger's readings ("never recognize")
    doc = trigger.doc
    for tok in doc[max(sent.start, trigger.i - 3) : min(sent.end, trigger.i + 4)]:
        if tok.i != trigger.i and not tok.is_punct:
            f[f"win={tok.lemma_.lower()}"] = 1.0
    neg = any(c.dep_ == "neg" for c in trigger.children) or any(
        c.dep_ == "neg" for c in trigger.head.children if trigger.dep_ in ("xcomp", "dobj")
    )
    if neg:
        f["neg"] = 1.0
        for t, _m in readings_of(trigger, onto):
            f[f"neg|rt={t}"] = 1.0
    # an announced action: PLOVER codes "will boycott" / "will begin an operation" as THREATEN
    # and "will provide aid" as AGREE, so the future combined with the reading is informative
    gov_chain = [trigger, trigger.head] if trigger.dep_ in ("xcomp", "ccomp") else [trigger]
    if any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for t in gov_chain for c in t.children):
        f["fut"] = 1.0
        for t, _m in readings_of(trigger, onto):
            f[f"fut|rt={t}"] = 1.0
    return f


def pair_trigger(src: Any, tgt: Any, onto: Ontology) -> Any:
    """The token that links a marked source and target: a lexicon token on the dependency
    path between them if any, else their lowest common ancestor (used for training)."""
    ps, pt = _path_to_root(src.root), _path_to_root(tgt.root)
    ids_t = {t.i for t in pt}
    lca = next((t for t in ps if t.i in ids_t), ps[-1])
    path = ps[: ps.index(lca) + 1] + pt[: [t.i for t in pt].index(lca.i)]
    inside = set(range(src.start, src.end)) | set(range(tgt.start, tgt.end))
    lex = [t for t in path if readings_of(t, onto) and t.i not in inside]
    if lex:
        return min(lex, key=lambda t: abs(t.i - lca.i))
    # "Canada and Costa Rica have agreed": the pair meet inside an argument; climb to its verb
    while (lca.i in inside or lca.pos_ not in ("VERB", "AUX")) and lca.head.i != lca.i:
        if lca.i not in inside and readings_of(lca, onto):
            break
        lca = lca.head
    # "X says it will begin an operation against Y": the reported clause holds the event
    if lca.lemma_.lower() in onto.modality.get("attribution_verbs", ()):
        for c in lca.children:
            if c.dep_ in ("ccomp", "xcomp"):
                lexical = [t for t in c.subtree if readings_of(t, onto) and t.i not in inside]
                return lexical[0] if lexical else c
    return lca


# --- the model -----------------------------------------------------------------------------


def masked_sentence(sent: Any, src: Any | None, tgt: Any | None) -> str:
    """The sentence with the source and target replaced by SRC / TGT (the text view's input)."""
    text, base = sent.text, sent.start_char
    spans = [
        (s.start_char - base, s.end_char - base, name)
        for s, name in ((src, "SRC"), (tgt, "TGT"))
        if s is not None
    ]
    for a, b, name in sorted(spans, reverse=True):
        if 0 <= a < b <= len(text):
            text = f"{text[:a]} {name} {text[b:]}"
    return text


@dataclass
class EventModel:
    """Two scikit-learn views averaged: tf-idf weighted pair_features -> logistic regression,
    and character n-grams of the masked sentence -> logistic regression (weight ``text_weight``).
    Labels are PLV roots (YIELD for CONCEDE/RETREAT)."""

    pipe: Any
    labels: list[str]
    text_pipe: Any = None
    text_weight: float = 0.0

    def __post_init__(self) -> None:
        # the same linear models applied directly (eventwire.linear): scikit-learn's per-call
        # overhead was most of the events layer's time
        self._feat = from_pipeline(self.pipe)
        use_text = self.text_pipe is not None and self.text_weight > 0
        self._text = from_pipeline(self.text_pipe) if use_text else None
        if self._feat.classes != self.labels or (self._text and self._text.classes != self.labels):
            raise ValueError("events model: the two views disagree on the labels")

    def proba(self, feats: list[dict[str, float]], texts: list[str] | None = None) -> list[dict[str, float]]:
        out = []
        for k, f in enumerate(feats):
            row = self._feat.proba_dict(f)
            if self._text is not None and texts is not None:
                row = (1 - self.text_weight) * row + self.text_weight * self._text.proba_text(texts[k])
            out.append(dict(zip(self.labels, row.tolist(), strict=True)))
        return out

    def proba_sklearn(
        self, feats: list[dict[str, float]], texts: list[str] | None = None
    ) -> list[dict[str, float]]:
        """The same probabilities through scikit-learn (reference for tests)."""
        if not feats:
            return []
        probs = self.pipe.predict_proba(feats)
        if self.text_pipe is not None and texts is not None and self.text_weight > 0:
            probs = (1 - self.text_weight) * probs + self.text_weight * self.text_pipe.predict_proba(texts)
        return [dict(zip(self.labels, row, strict=True)) for row in probs]


def load_model(path: str | Path | None = None) -> EventModel | None:
    import joblib

    if path is None:
        ref = resources.files("eventwire.annotate").joinpath(f"models/{MODEL_FILE}")
        if not ref.is_file():
            return None
        with resources.as_file(ref) as p:
            bundle = joblib.load(p)
    else:
        bundle = joblib.load(path)
    if not isinstance(bundle, dict):  # a bare feature pipeline
        bundle = {"features": bundle}
    pipe = bundle["features"]
    return EventModel(
        pipe, [str(c) for c in pipe.classes_], bundle.get("text"), float(bundle.get("text_weight", 0.0))
    )


# --- the component -------------------------------------------------------------------------


@components.register("events")
def make_events(ctx: Context) -> Callable[[AnnotatedDoc], None]:
    opts = ctx.options("events")
    onto: Ontology = ctx.resource(
        "events.ontology",
        lambda: load_ontology(
            opts.get("ontology", "ontology_plover.json"),
            opts.get("triggers", "ontology_triggers.json"),
            opts.get("modality", "ontology_modality.json"),
        ),
    )
    model: EventModel | None = ctx.resource("events.model", lambda: load_model(opts.get("model")))
    min_conf = float(opts.get("min_confidence", 0.0))
    # code sentences without a lexicon trigger from the classifier alone (two actors needed)
    clf_fallback = bool(opts.get("classifier_fallback", True))
    # violence with no named perpetrator: an unidentified armed force of the place (PLOVER UAF)
    uaf = bool(opts.get("unattributed_force", True))

    def events(doc: AnnotatedDoc) -> None:
        if doc.nlp is None:
            return
        coder = _DocCoder(doc, onto, model, clf_fallback, uaf)
        doc.events.extend(e for e in coder.run() if e.confidence >= min_conf)
        if model is None:
            doc.warnings.append("events: no trained model found; types from the lexicon only")

    return events


@dataclass
class _Cand:
    trigger: Any  # spaCy Token (head of the trigger)
    span: tuple[int, int]  # token range of the trigger evidence
    readings: list[tuple[str, str | None]]
    sent_index: int
    light: Any | None = None  # the light verb governing a noun trigger, if any
    subject_is_target: bool = False
    from_classifier: bool = False  # no lexicon trigger: the classifier alone names the type


class _DocCoder:
    """Codes the events of one document; holds the per-document lookups."""

    def __init__(
        self,
        doc: AnnotatedDoc,
        onto: Ontology,
        model: EventModel | None,
        clf_fallback: bool = True,
        unattributed_force: bool = True,
    ) -> None:
        self.doc, self.onto, self.model = doc, onto, model
        self.clf_fallback = clf_fallback
        self.unattributed_force = unattributed_force
        self.mod = onto.modality
        self.parsed = doc.nlp
        self.text = doc.text
        self.tok_actor: dict[int, Actor] = {}
        # coded actors first; named entities fill the gaps the actor layer left ("Tamil")
        actors = list(doc.actors)
        ents = doc.entities or [
            Actor(e.start_char, e.end_char, e.text) for e in self.parsed.ents if e.label_ in ACTOR_LABELS
        ]
        datelines = dateline_spans(self.text)
        for e in ents:
            if getattr(e, "label", "PERSON") not in ACTOR_LABELS or inside(datelines, e.start, e.end):
                continue
            if any(a.start < e.end and e.start < a.end for a in doc.actors):
                continue
            actors.append(Actor(e.start, e.end, e.text, e.canonical, e.country, e.sector))
        # resolved places last: a town is the target of what happens in it ("a curfew in
        # Algiers", "shelled Kharkiv") even when the entity tagger called it LOC
        for p in doc.places:
            if p.country and not inside(datelines, p.start, p.end):
                if not any(a.start < p.end and p.start < a.end for a in actors):
                    actors.append(Actor(p.start, p.end, p.text, p.name, p.country, None))
        self.actors = actors
        for a in actors:
            span = self.parsed.char_span(a.start, a.end, alignment_mode="expand")
            if span is not None:
                for t in span:
                    self.tok_actor.setdefault(t.i, a)
        self.quotes: list[Quote] = sorted(doc.quotes, key=lambda q: q.start)
        self.sent_starts = [s.start for s in doc.sentences]
        self.prev_sources: list[tuple[int, Actor]] = []  # (sentence, actor) for pronoun fallback

    # -- actor lookup ---------------------------------------------------------------------

    def actor_in(
        self, head: Any, max_depth: int = 4, skip: Iterable[int] = (), preps: Iterable[str] = ("of",)
    ) -> Any | None:
        """The shallowest actor token in ``head``'s subtree (BFS), not entering clauses nor
        prepositional phrases other than ``preps``."""
        prep_ok = frozenset(preps)
        skip_ids = set(skip)
        frontier, depth = [head], 0
        while frontier and depth <= max_depth:
            nxt = []
            for t in frontier:
                if t.i in skip_ids:
                    continue
                if t.i in self.tok_actor:
                    return t
                # inside an argument only "of" phrases are transparent ("the people of Ukraine");
                # "values from Russian aggression" does not make Russia the argument
                nxt.extend(
                    c
                    for c in t.children
                    if c.dep_ not in ("relcl", "advcl", "ccomp", "punct", "cc")
                    and (c.dep_ != "prep" or c.lemma_.lower() in prep_ok)
                )
            frontier, depth = nxt, depth + 1
        return None

    def resolve(self, tok: Any | None, quote: Quote | None, sent_i: int) -> list[Actor]:
        """Actors denoted by an argument head token: the actor itself plus conjoined actors,
        or a pronoun resolved to a quote speaker / preceding subject."""
        if tok is None:
            return []
        low = tok.lower_
        is_pron = tok.pos_ == "PRON" or tok.tag_ in ("PRP", "PRP$", "WP")  # "US" is not "us"
        if is_pron and low in self.mod["speaker_pronouns"]:
            return [quote.speaker] if quote is not None and quote.speaker is not None else []
        if is_pron and low in THIRD_PERSON:
            return self._antecedent(tok, sent_i)
        # "doctors from two American aid groups": the body behind an uncoded group noun
        at = self.actor_in(tok, preps=("of", "from"))
        if at is None:
            return []
        out = [self.tok_actor[at.i]]
        for c in [*at.conjuncts, *self._actor_root(at).conjuncts]:
            a = self.tok_actor.get(c.i) or (self.tok_actor.get(x.i) if (x := self.actor_in(c, 2)) else None)
            if a is not None and all(a is not b for b in out):
                out.append(a)
        return out

    def _actor_root(self, tok: Any) -> Any:
        a = self.tok_actor[tok.i]
        while tok.head.i != tok.i and self.tok_actor.get(tok.head.i) is a:
            tok = tok.head
        return tok.head if tok.dep_ in ("compound", "amod", "poss", "nmod") else tok

    def _antecedent(self, pron: Any, sent_i: int) -> list[Actor]:
        # relative pronoun: the noun the clause modifies
        if pron.lower_ in ("who", "which") and pron.head.dep_ == "relcl":
            return self.resolve(pron.head.head, None, sent_i)
        # the nearest actor earlier in the sentence ("help Ukraine as it rebuilds"), else a
        # recent event source
        for t in reversed(list(pron.sent[: pron.i - pron.sent.start])):
            if t.i in self.tok_actor:
                return [self.tok_actor[t.i]]
        for s, a in reversed(self.prev_sources):
            if sent_i - s <= 1:
                return [a]
        return []

    # -- quotes & attribution ------------------------------------------------------------

    def quote_at(self, char: int) -> Quote | None:
        for q in self.quotes:
            if q.start <= char < q.end:
                return q
        return None

    def attribution(self, trig: Any, quote: Quote | None, sent_i: int) -> Actor | None:
        if quote is not None and quote.speaker is not None:
            return quote.speaker
        sent = trig.sent
        for t in sent:  # "according to X", "citing X"
            if t.lower_ == "according" and t.i + 1 < sent.end and self.parsed[t.i + 1].lower_ == "to":
                for c in self.parsed[t.i + 1].children:
                    if c.dep_ == "pobj":
                        found = self.resolve(c, None, sent_i)
                        if found:
                            return found[0]
        verbs = self.mod["attribution_verbs"]
        for anc in trig.ancestors:
            if anc.lemma_.lower() in verbs and anc.i != trig.i:
                for c in anc.children:
                    if c.dep_ in SUBJ_DEPS:
                        found = self.resolve(c, None, sent_i) or self._statement_author(c)
                        if found:
                            return found[0]
        # the trigger's sentence is governed by a reporting verb attached to its root ("..., X said")
        root = sent.root
        for c in root.children:
            if c.dep_ in ("parataxis", "ccomp") and c.lemma_.lower() in verbs:
                for s in c.children:
                    if s.dep_ in SUBJ_DEPS:
                        found = self.resolve(s, None, sent_i) or self._statement_author(s)
                        if found:
                            return found[0]
        return None

    def _statement_author(self, tok: Any) -> list[Actor]:
        """'the statement said' -> the author of the latest earlier 'statement of/by X'."""
        if tok.lemma_.lower() not in self.mod["attribution_nouns"]:
            return []
        lemma = tok.lemma_.lower()
        for t in reversed(self.parsed[: tok.i]):
            if t.lemma_.lower() == lemma:
                at = self.actor_in(t, 4)
                if at is not None:
                    return [self.tok_actor[at.i]]
        return []

    # -- candidates ------------------------------------------------------------------------

    def candidates(self, sent: Any, sent_i: int) -> list[_Cand]:
        onto = self.onto
        cands: dict[int, _Cand] = {}
        for tok in sent:
            if tok.pos_ not in ("VERB", "NOUN", "PROPN", "AUX"):
                continue
            readings = readings_of(tok, onto)
            if not readings:
                continue
            if tok.pos_ in ("NOUN", "PROPN") and tok.i in self.tok_actor:
                continue  # "the Alliance", "Strike Force": part of a name
            phrase_obj = next(
                (
                    c
                    for c in tok.children
                    if c.dep_ in ("dobj", "attr")
                    and f"{tok.lemma_.lower()} {c.lemma_.lower()}" in onto.phrases
                ),
                None,
            )
            cand = _Cand(tok, (tok.i, tok.i + 1), readings, sent_i)
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
        return sorted(cands.values(), key=lambda c: c.trigger.i)

    # -- arguments ------------------------------------------------------------------------

    def arguments(self, cand: _Cand, quote: Quote | None) -> tuple[Any | None, Any | None, bool]:
        """(source head token, target head token, source found by fallback)."""
        tok = cand.trigger
        anchor = cand.light or tok
        src = tgt = None
        if tok.pos_ in ("NOUN", "PROPN") and cand.light is None:
            for c in tok.children:
                if c.dep_ in ("poss",) or (c.dep_ in ("amod", "compound", "nmod") and c.i in self.tok_actor):
                    src = src or c
                elif c.dep_ == "prep" and c.lemma_.lower() == "by":
                    src = src or next((g for g in c.children if g.dep_ == "pobj"), None)
            tgt = self._prep_target(tok, exclude_by=True)
            if tgt is None and tok.dep_ == "compound":  # "a mediation mission between X and Y"
                tgt = self._prep_target(tok.head, exclude_by=True)
            if tgt is None and self.onto.quad_class(cand.readings[0][0]) == 4:
                tgt = self._prep_target(tok, preps=("of", "in"))  # "invasion of", "curfew in"
            # no subject inheritance for a bare noun: "Ukraine can deter aggression" is not an
            # ASSAULT by Ukraine (light-verb nouns were anchored to their verb above); but who
            # goes to a rally or talks takes part in them ("thousands converged for a rally")
            if (
                src is None
                and cand.readings[0][0] in PARTICIPATION_TYPES
                and tok.dep_ == "pobj"
                and tok.head.lemma_.lower() in ("for", "in", "at", "into")
                and tok.head.head.pos_ == "VERB"
            ):
                src = self._subject(tok.head.head)
        else:
            src = self._subject(anchor)
            # "Vietnam is committed to", "Israel is opposed to": a stative participle's
            # grammatical subject is the doer
            stative = (
                anchor.lemma_.lower() in self.onto.stative_passives
                or anchor.lower_ in self.onto.stative_passives
            )
            passive = any(c.dep_ in PASS_SUBJ_DEPS for c in anchor.children)
            if passive and stative and not any(c.dep_ == "agent" for c in anchor.children):
                src = next((c for c in anchor.children if c.dep_ in PASS_SUBJ_DEPS), None)
            elif passive:
                tgt = next((c for c in anchor.children if c.dep_ in PASS_SUBJ_DEPS), None)
                agent = next((c for c in anchor.children if c.dep_ == "agent"), None)
                src = (
                    next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None else None
                )
            for c in anchor.children:
                if tgt is None and c.dep_ in OBJ_DEPS and c.i != tok.i:
                    tgt = c
            obj = tgt
            if tgt is not None and (
                any(c.dep_ == "poss" and c.lower_ in OWN_POSSESSIVES for c in tgt.children)
                or self._own_forces(tgt, src)
            ):
                # "withdrew its troops from X", "sent their warships to X": the source's own
                # forces are the means; the place or party they go to or leave is the target
                tgt = self._prep_target(anchor, preps=("from", "to", "into", "toward", "towards")) or tgt
            if tgt is None or not self._coded(tgt):
                # "held talks with X", "imposed sanctions on X": the object noun's preposition
                # too, in the type's order ("complained to the UN over X": X is accused)
                preps = self.onto.target_preps.get(cand.readings[0][0], TARGET_PREPS)
                alt = (
                    self._prep_target(anchor, preps=preps)
                    or (self._prep_target(tok, preps=preps) if tok is not anchor else None)
                    or (self._prep_target(obj, preps=preps) if obj is not None else None)
                )
                if alt is not None:
                    tgt = alt
            if (
                tgt is None
                or (self.actor_in(tgt) is None and tgt.pos_ != "PRON")
                or self._own_forces(tgt, src)
            ):
                # the noun of a light verb is its object here ("announced a suspension of
                # air links with X")
                inner_obj = obj if obj is not None else (tok if tok is not anchor else None)
                if inner_obj is not None and self._own_forces(inner_obj, src):
                    inner_obj = None  # "mobilized reservists for a war against X": X
                tgt = self._inner_target(anchor, inner_obj, src) or tgt
            if tgt is None or (self.actor_in(tgt) is None and tgt.pos_ != "PRON"):
                # "help Ukraine rebuild", "urge X to": the subject of the complement clause
                for c in anchor.children:
                    if c.dep_ in ("ccomp", "xcomp"):
                        s = next((g for g in c.children if g.dep_ in SUBJ_DEPS), None)
                        if s is not None and self.actor_in(s, 2) is not None:
                            tgt = s
            if tgt is None or (self.actor_in(tgt) is None and tgt.pos_ != "PRON"):
                # "opened fire to disperse demonstrators": the purpose clause's object;
                # "imposed a curfew in Cizre": for material conflict, the place attacked
                for c in anchor.children:
                    # a purpose clause ("to disperse"), not a time or reason clause ("after a
                    # jet shot down a helicopter")
                    purpose = c.dep_ == "xcomp" or any(
                        g.dep_ == "aux" and g.lower_ == "to" for g in c.children
                    )
                    if c.dep_ in ("advcl", "xcomp") and purpose:
                        o = next((g for g in c.children if g.dep_ == "dobj"), None)
                        if o is not None and self.actor_in(o) is not None:
                            tgt = o
                            break
                else:
                    # "imposed a curfew in Cizre", "lifted a curfew in X", "arrived in Amman":
                    # with no actor argument, the place the action happens in is its target
                    in_tgt = self._prep_target(anchor, preps=("in",))
                    for noun in (obj, tok if tok is not anchor else None):  # "extend the curfew in X"
                        if in_tgt is None and noun is not None:
                            in_tgt = self._prep_target(noun, preps=("in",))
                    tgt = in_tgt or tgt
            if cand.readings[0][0] in ("THREATEN",) and (
                tgt is None or (self.actor_in(tgt) is None and tgt.pos_ != "PRON")
            ):
                tgt = self._threat_target(anchor, src) or tgt
        if cand.subject_is_target:
            src, tgt = None, src
        fallback = False
        if cand.readings[0][0] in self.onto.fallback_source_types and (
            src is None or (self.actor_in(src) is None and src.pos_ != "PRON")
        ):
            near = self._nearest_actor(tok, exclude=tgt)
            if near is not None:
                src, fallback = near, True
        return src, tgt, fallback

    def _own_forces(self, tok: Any, src: Any | None) -> bool:
        """An object that is the source's own forces ("mobilized army reservists", "deployed
        troops"): armed or police units with no other country than the source's."""
        at = self.actor_in(tok, 1)
        if at is None:
            return False
        a = self.tok_actor[at.i]
        if (a.sector or "")[:3] not in ("MIL", "COP"):
            return False
        s_at = self.actor_in(src, 2) if src is not None else None
        s_country = self.tok_actor[s_at.i].country if s_at is not None else None
        return a.country is None or a.country == s_country

    def _threat_target(self, verb: Any, src: Any | None) -> Any | None:
        """Whom a threat is aimed at: the party its condition names ("threatened to strike
        unless Baghdad accepts" -> Baghdad), else the target of the threatened action
        ("threatened to resume attacks in Israel")."""
        comps = [c for c in verb.children if c.dep_ in ("xcomp", "ccomp")]
        skip = range(src.left_edge.i, src.right_edge.i + 1) if src is not None else ()
        markers = self.mod["hypothetical_markers"]
        for v in (verb, *comps):
            for c in v.children:
                if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in markers for m in c.children):
                    subj = next((g for g in c.children if g.dep_ in SUBJ_DEPS), None)
                    if subj is not None and self.actor_in(subj, 2, skip=skip) is not None:
                        return subj
        preps = ("against", "on", "in", "at", "to", "into")
        for c in comps:
            obj = next((g for g in c.children if g.dep_ in OBJ_DEPS), None)
            if obj is not None and self.actor_in(obj, skip=skip) is not None:
                return obj
            found = (
                self._prep_target(c, preps=preps)
                or (self._prep_target(obj, preps=preps) if obj is not None else None)
                or self._inner_target(c, obj, src)
            )
            if found is not None:
                return found
        return None

    def _inner_target(self, verb: Any, obj: Any | None, src: Any | None) -> Any | None:
        """The actor an act is aimed at when it sits inside the object phrase ("rejected calls
        by X", "accepted demands from X", "denounced X's suppression") or inside a
        prepositional object ("reneged on his commitment to X")."""
        heads = [obj] if obj is not None else []
        # the verb's prepositional objects ("denounced as a crime X's suppression"), then those
        # of its complement ("refused to respond to a demand from X")
        for v in (verb, *(c for c in verb.children if c.dep_ == "xcomp")):
            if v is not verb:
                heads += [c for c in v.children if c.dep_ in OBJ_DEPS]
            heads += [
                g
                for c in v.children
                if c.dep_ == "prep" and (c.lemma_.lower() in TARGET_PREPS or c.lemma_.lower() == "as")
                for g in c.children
                if g.dep_ == "pobj"
            ]
        skip = range(src.left_edge.i, src.right_edge.i + 1) if src is not None else ()
        for h in heads:
            at = self.actor_in(h, 5, skip=skip, preps=INNER_TARGET_PREPS)
            if at is not None:
                return at
        return None

    def _subject(self, verb: Any) -> Any | None:
        for _ in range(4):
            s = next((c for c in verb.children if c.dep_ in SUBJ_DEPS), None)
            # the small parser sometimes hangs the subject on the auxiliary ("Sudan is opposed")
            s = s or next(
                (
                    g
                    for c in verb.children
                    if c.dep_ in ("aux", "auxpass")
                    for g in c.children
                    if g.dep_ in SUBJ_DEPS
                ),
                None,
            )
            if s is not None:
                return s
            if verb.dep_ in SUBJECT_LINKS and verb.head.i != verb.i:
                # "urged Russia to withdraw": the object of an object-control governor is
                # the doer ("summoned the ambassador to complain" is the summoner's complaint)
                if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in self.mod["object_control_verbs"]:
                    o = next((c for c in verb.head.children if c.dep_ in ("dobj",)), None)
                    o = o or self._prep_target(verb.head, preps=("on", "upon"))
                    if o is not None:
                        return o
                verb = verb.head
                if verb.pos_ in ("NOUN", "PROPN"):  # "readiness to increase": the noun's owner
                    p = next((c for c in verb.children if c.dep_ == "poss"), None)
                    return p if p is not None else self._subject(verb.head)
            else:
                return None
        return None

    def _coded(self, tok: Any) -> bool:
        """Whether an argument holds an actor with a known identity (a bare "intelligence" or
        "air defense" tagged by the actor layer does not beat a coded prepositional target)."""
        if tok.pos_ == "PRON":
            return True
        at = self.actor_in(tok)
        return at is not None and bool(self.tok_actor[at.i].country or self.tok_actor[at.i].canonical)

    def _prep_target(
        self, tok: Any, exclude_by: bool = False, preps: tuple[str, ...] = TARGET_PREPS
    ) -> Any | None:
        best: tuple[int, Any] | None = None
        for c in tok.children:
            lemma = c.lemma_.lower()
            if c.dep_ in ("prep", "dative") and lemma in preps:
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None and (self.actor_in(pobj) is not None or pobj.pos_ == "PRON"):
                    rank = preps.index(lemma)
                    if best is None or rank < best[0]:
                        best = (rank, pobj)
        return best[1] if best else None

    def _nearest_actor(self, tok: Any, exclude: Any | None) -> Any | None:
        """Fallback source: the closest actor reached by climbing the trigger's ancestors
        (at most 4 steps), looking at subjects and 'of' phrases of each ancestor."""
        excl = set(range(exclude.left_edge.i, exclude.right_edge.i + 1)) if exclude is not None else set()
        cur, came = tok, tok
        for _ in range(4):
            if cur.head.i == cur.i:
                break
            came, cur = cur, cur.head
            for c in cur.children:
                if c.i == came.i or c.dep_ not in (*SUBJ_DEPS, "prep", "poss", "compound"):
                    continue
                if c.dep_ == "prep" and c.lemma_.lower() != "of":
                    continue
                at = self.actor_in(c, 4, skip=excl)
                if at is not None and at.i not in excl:
                    return at
        return None

    # -- modality ---------------------------------------------------------------------------

    def modality(self, cand: _Cand, year_back: bool) -> tuple[str, bool]:
        """(modality, negated-and-flippable). Looks at the trigger's (or light verb's) own
        modifiers and at the verbs that govern it through complement links."""
        m = self.mod
        tok = cand.light or cand.trigger
        found: set[str] = set()
        negated = any(
            c.dep_ == "neg" or (c.lower_ in m["negation_words"] and c.dep_ in ("advmod", "det", "neg"))
            for c in tok.children
        ) or any(  # "No missiles struck Kyiv"
            g.dep_ == "det" and g.lower_ == "no"
            for c in tok.children
            if c.dep_ in SUBJ_DEPS
            for g in c.children
        )
        chain = [tok]
        t = tok
        while (
            t.dep_ in ("xcomp", "ccomp", "acl", "advcl", "conj", "pcomp", "pobj", "prep")
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
        flip = negated and cand.trigger.lemma_.lower() in self.onto.negation_flip
        if negated and not flip:
            return "negated", False
        if year_back:
            found.add("historical")
        best = min(found, key=MODALITY_RANK.__getitem__) if found else "asserted"
        return best, flip

    # -- dates ----------------------------------------------------------------------------

    def sentence_timexes(self, start: int, end: int) -> list[Any]:
        return [t for t in self.doc.timexes if start <= t.start < end]

    def _timex_anchor(self, tx: Any) -> Any | None:
        """The word a time expression modifies: the first verb or noun above it ("hit" in "On
        November 15, a missile hit X"; "incident" in "after the November 15 incident")."""
        span = self.parsed.char_span(tx.start, tx.end, alignment_mode="expand")
        if span is None:
            return None
        t = span.root
        while t.head.i != t.i:
            t = t.head
            if not (span.start <= t.i < span.end) and t.pos_ in ("VERB", "AUX", "NOUN", "PROPN"):
                return t
        return t

    def _governs(self, tx: Any, cand: _Cand) -> bool:
        """Whether a time expression dates this event: it modifies the event's trigger (or
        light verb) or a clause/phrase containing it. "Allies expressed solidarity following
        the November 15 incident" does not date the expression of solidarity."""
        at = self._timex_anchor(tx)
        if at is None:
            return False
        for tok in (cand.trigger, cand.light):
            if tok is not None and (tok.i == at.i or at in tok.ancestors):
                return True
        return False

    def date_for(
        self, sent_start: int, sent_end: int, cand: _Cand | None = None
    ) -> tuple[str | None, str | None, bool]:
        """(date, date_source, historical?): the first date expression governing the event,
        else the article date (date_source "article")."""
        art = self.doc.article.date
        for tx in self.sentence_timexes(sent_start, sent_end):
            v = tx.value or ""
            if tx.type != "DATE" or (cand is not None and not self._governs(tx, cand)):
                continue
            if FULL_DATE.match(v):
                d = date.fromisoformat(v[:10])
                hist = art is not None and (art - d).days > self.mod["historical_days"]
                return v[:10], "timex", hist
            y = YEAR.match(v)
            if y and art is not None and art.year - int(y.group(1)) >= 2:
                return (art.isoformat(), "article", True)
        if art is None:
            return None, None, False
        return art.isoformat(), "article", False

    # -- main -----------------------------------------------------------------------------

    def run(self) -> list[Event]:
        out: list[Event] = []
        pending: list[tuple[_Cand, list[Actor], list[Actor], bool, Quote | None, Any, Any]] = []
        feats: list[dict[str, float]] = []
        texts: list[str] = []
        sents = list(self.parsed.sents)
        for k, sent in enumerate(sents):
            si = self._sent_index(sent, k)
            quote = self.quote_at(sent.start_char) or self.quote_at(sent.end_char - 2)
            found = len(pending)
            cands = self.candidates(sent, si)
            for cand in [*cands, *self._classifier_candidate(sent, si, bool(cands))]:
                if cand.from_classifier and len(pending) > found:
                    continue  # the lexicon found an event in this sentence
                q = self.quote_at(self.parsed[cand.trigger.i].idx) or quote
                s_tok, t_tok, fallback = self.arguments(cand, q)
                sources = self.resolve(s_tok, q, si)
                targets = [a for a in self.resolve(t_tok, q, si) if all(a is not s for s in sources)]
                if cand.from_classifier and not (sources and targets):
                    continue  # without a lexicon trigger, only a full source-target pair counts
                if cand.subject_is_target and not sources:
                    attributed = self.attribution(cand.trigger, q, si)
                    sources = [attributed] if attributed is not None else []
                if not sources and not targets:
                    continue
                src_span = self._span_of(sources[0]) if sources else None
                tgt_span = self._span_of(targets[0]) if targets else None
                feats.append(pair_features(cand.trigger, src_span, tgt_span, self.onto))
                texts.append(masked_sentence(sent, src_span, tgt_span))
                pending.append((cand, sources, targets, fallback, q, sent, si))
                if sources:
                    self.prev_sources.append((si, sources[0]))
        probs = self.model.proba(feats, texts) if self.model is not None else [{} for _ in feats]
        for (cand, sources, targets, fallback, q, sent, si), p in zip(pending, probs, strict=True):
            out.append(self._event(cand, sources, targets, fallback, q, sent, si, p))
        self._inherit_targets([c for c, *_ in pending], out)
        return self._dedupe(out)

    @staticmethod
    def _inherit_targets(cands: list[_Cand], events: list[Event]) -> None:
        """A targetless event governing another event's clause takes that event's target:
        "promised to continue aid to Mozambique" is a promise to Mozambique, "agreed to provide
        aid for Romania" an agreement with Romania (PLOVER codes the promised action's target)."""
        anchor = {(c.light or c.trigger).i: k for k, c in enumerate(cands)}
        for k, (cand, ev) in enumerate(zip(cands, events, strict=True)):
            if ev.targets or not ev.sources:
                continue
            top = (cand.light or cand.trigger).i
            for j, other in enumerate(events):
                if j == k or not other.targets or other.sentence != ev.sentence:
                    continue
                tok = cands[j].light or cands[j].trigger
                # climb at most three complement links ("agreed to help to rebuild"); a noun
                # trigger may start as an object ("agreed to postpone the demonstration in X")
                for step in range(3):
                    links = ("xcomp", "ccomp", "dobj") if step == 0 else ("xcomp", "ccomp")
                    if tok.dep_ not in links or tok.head.i == tok.i:
                        break
                    tok = tok.head
                    if tok.i == top:
                        break
                if tok.i != top or anchor.get(tok.i) != k:
                    continue
                tgts = [a for a in other.targets if all(a is not s for s in ev.sources)]
                if tgts:
                    ev.targets, ev.target = tgts, tgts[0]
                    break

    def _classifier_candidate(self, sent: Any, si: int, have_lexical: bool) -> list[_Cand]:
        """The sentence's main verb as a trigger whose type only the classifier gives, used
        when no lexicon trigger yields an event ("troops arrived in Sierra Leone"). A reporting
        verb hands over to its complement clause ("X said Y ...")."""
        if self.model is None or not self.clf_fallback:
            return []
        root = sent.root
        if root.lemma_.lower() in self.mod["attribution_verbs"]:
            root = next((c for c in root.children if c.dep_ == "ccomp"), root)
        if root.pos_ not in ("VERB", "AUX") or root.lemma_.lower() in self.mod["attribution_verbs"]:
            return []
        return [_Cand(root, (root.i, root.i + 1), [("", None)], si, from_classifier=True)]

    def _sent_index(self, sent: Any, k: int) -> int:
        if not self.sent_starts:
            return k
        i = self.doc.sentence_index(sent.start_char)
        if i is None:  # a leading-whitespace sentence: use the first one starting after it
            i = next((j for j, s in enumerate(self.sent_starts) if s >= sent.start_char), k)
        return i

    def _span_of(self, actor: Actor) -> Any | None:
        return self.parsed.char_span(actor.start, actor.end, alignment_mode="expand")

    def choose_type(self, cand: _Cand, p: dict[str, float]) -> tuple[str, str | None, float]:
        """Pick the lexicon reading the classifier likes best; YIELD splits by the reading."""
        if cand.from_classifier:
            top = max(p, key=p.__getitem__)
            # YIELD is PLV's merge of CONCEDE and RETREAT; with no trigger word to split it,
            # CONCEDE (the political reading) is the default
            return ("CONCEDE" if top == "YIELD" else top), None, p[top] * 0.5
        if not p:
            t, m = cand.readings[0]
            return t, m, 0.5
        # the lexicon's first reading is its default: a mild prior in its favour
        first = cand.readings[0]
        best = max(cand.readings, key=lambda r: p.get(clf_label(r[0]), 0.0) * (1.5 if r is first else 1.0))
        conf = p.get(clf_label(best[0]), 0.0)
        top = max(p, key=p.__getitem__)
        # the classifier may overrule the lexicon when it is confident and the trigger is a
        # single verb (never a phrase or a light-verb noun, whose reading is explicit)
        single = cand.light is None and cand.span[1] - cand.span[0] == 1
        if top != clf_label(best[0]) and p[top] >= 0.75 and top != "YIELD" and single:
            return top, None, p[top]
        return best[0], best[1], conf

    def _event(
        self,
        cand: _Cand,
        sources: list[Actor],
        targets: list[Actor],
        fallback: bool,
        quote: Quote | None,
        sent: Any,
        si: int,
        p: dict[str, float],
    ) -> Event:
        type_, mode, conf = self.choose_type(cand, p)
        date_v, date_src, hist = self.date_for(sent.start_char, sent.end_char, cand)
        modality, flip = self.modality(cand, hist)
        if flip:
            type_, mode = self.onto.negation_flip[cand.trigger.lemma_.lower()], None
        if type_ == "ASSAULT" and mode is None:
            mode = self._mode_from_cues(cand, "ASSAULT")
        if type_ in ("PROTEST", "CONSULT") and mode is None:
            mode = self._mode_from_cues(cand, type_)
        cue = self._reading_cue(cand)
        if cue is not None:
            type_, mode = cue
        if cand.trigger.lemma_.lower() == "strike" and type_ in ("ASSAULT", "PROTEST"):
            if any(t.lemma_.lower() in self.onto.strike_protest_cues for t in cand.trigger.subtree):
                type_, mode = "PROTEST", "strike"
        if type_ == "ASSAULT" and not sources and targets and self.unattributed_force:
            uaf = self._unattributed_force(cand, sent, targets)
            sources = [uaf] if uaf is not None else sources
        # an announced or demanded action keeps its type; its CAMEO code says it as CAMEO and
        # PLOVER coders do ("will help" = 033 express intent to aid, which PLOVER reads as AGREE)
        cameo = self.onto.convention_cameo(type_, mode, modality)
        a, b = cand.span
        trig = Span(self.parsed[a].idx, self.parsed[b - 1].idx + len(self.parsed[b - 1]), "")
        trig.text = self.text[trig.start : trig.end]
        conf = conf * (0.6 if fallback else 1.0) * (1.0 if targets else 0.85)
        if self._subordinate(cand.trigger):
            conf *= 0.3  # "staged rallies to demand reforms": the demand is the rally's purpose
        return Event(
            type=type_,
            sentence=si,
            trigger=trig,
            mode=mode,
            cameo=cameo,
            quad_class=self.onto.quad_class(type_),
            goldstein=self.onto.goldstein_for(cameo),
            modality=modality,
            source=sources[0] if sources else None,
            target=targets[0] if targets else None,
            sources=list(sources),
            targets=list(targets),
            date=date_v,
            date_source=date_src,
            attributed_to=self.attribution(cand.trigger, quote, si),
            confidence=round(float(conf), 3),
        )

    def _unattributed_force(self, cand: _Cand, sent: Any, targets: list[Actor]) -> Actor | None:
        """PLOVER's coding of violence with no named perpetrator ("a roadside bomb near Samarra
        killed a soldier"): an unidentified armed force (sector UAF) of the country where it
        happened; the place mention nearest the trigger, in a locative phrase ("near X", "in
        the city of X") and not part of the target ("a U.S. soldier"), is its evidence span."""
        places = []
        for p in self.doc.places:
            if not (sent.start_char <= p.start < sent.end_char and p.country):
                continue
            if any(t.start < p.end and p.start < t.end for t in targets):
                continue
            span = self.parsed.char_span(p.start, p.end, alignment_mode="expand")
            if span is None:
                continue
            steps = [span.root, *list(span.root.ancestors)[:3]]
            if any(t.dep_ == "prep" and t.lemma_.lower() in LOCATIVE_PREPS for t in steps):
                places.append(p)
        if not places:
            return None
        p = min(places, key=lambda p: abs(p.start - cand.trigger.idx))
        return Actor(p.start, p.end, p.text, "unidentified armed force", p.country, "UAF")

    def _reading_cue(self, cand: _Cand) -> tuple[str, str | None] | None:
        """A word in the trigger's clause that settles an ambiguous reading ("troops withdrew"
        is a RETREAT, "withdrew its ambassador" a SANCTION); cues are data."""
        cues = self.onto.reading_cues.get(cand.trigger.lemma_.lower())
        if not cues:
            return None
        # the trigger's own arguments, not the clauses it governs ("lifted the curfew after
        # the blockade ended" is no RETREAT)
        words = [cand.trigger] + [
            t for c in cand.trigger.children if c.dep_ not in CLAUSE_DEPS for t in c.subtree
        ]
        for t in words:
            hit = cues.get(t.lemma_.lower())
            if hit is not None:
                return hit
        return None

    def _subordinate(self, tok: Any) -> bool:
        """A purpose or manner clause of another trigger ("to demand", "demanding")."""
        if tok.dep_ not in ("advcl", "xcomp", "pcomp", "acl") or tok.head.i == tok.i:
            return False
        head = tok.head if tok.dep_ != "pcomp" else tok.head.head
        return bool(readings_of(head, self.onto)) or any(
            readings_of(c, self.onto) for c in head.children if c.dep_ == "dobj"
        )

    def _mode_from_cues(self, cand: _Cand, type_: str) -> str | None:
        cues = self.onto.mode_cues.get(type_, {})
        for t in cand.trigger.subtree:
            m = cues.get(t.lemma_.lower())
            if m:
                return m
        return None

    @staticmethod
    def _dedupe(events: list[Event]) -> list[Event]:
        """One event per (sentence, type, source, target, modality): keep the most confident."""
        best: dict[tuple, Event] = {}
        order: list[tuple] = []
        for e in events:
            key = (
                e.sentence,
                e.type,
                e.source.start if e.source else None,
                e.target.start if e.target else None,
                e.modality,
            )
            if key not in best:
                order.append(key)
                best[key] = e
            elif e.confidence > best[key].confidence:
                best[key] = e
        return [best[k] for k in order]
