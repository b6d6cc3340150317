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
   ``sources``/``targets``; a protest is aimed at what its purpose clause opposes ("to protest
   against X's decision"). First-person pronouns in a quote resolve to its speaker;
   third-person ones to the nearest preceding actor that is not a mere modifier. Towns as
   targets follow the PLOVER GSR convention: civilians (CVL), a capital as subject or object
   its government (GOV). Named entities the actor layer left out fill gaps, except common
   nouns ("Missiles") and uncoded nationality adjectives.
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

The pieces live in the non-annotator package eventwire.coding (candidates, arguments, mentions,
modality, dates, classifier, features, coder); this module only wires them into the pipeline.
"""

from __future__ import annotations

from collections.abc import Callable

from ..coding.classifier import EventModel, load_model
from ..coding.coder import DocCoder
from ..coding.features import clf_label, masked_sentence, pair_features, pair_trigger, readings_of
from ..context import Context
from ..knowledge.ontology import Ontology, load_ontology
from ..model import AnnotatedDoc
from ..registry import components

# the names scripts and tests used to import from here
__all__ = [
    "EventModel",
    "clf_label",
    "load_model",
    "make_events",
    "masked_sentence",
    "pair_features",
    "pair_trigger",
    "readings_of",
]


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
    # a target the text leaves implicit, inferred from the sentence's places (Actor.basis says so)
    implicit = bool(opts.get("implicit_targets", True))

    def events(doc: AnnotatedDoc) -> None:
        if doc.nlp is None:
            return
        coder = DocCoder(doc, onto, model, clf_fallback, uaf, implicit)
        for e in coder.run():
            if e.confidence >= min_conf:
                e.plover_type = onto.plover_view(e)[0]
                doc.events.append(e)
        if model is None:
            doc.warnings.append("events: no trained model found; types from the lexicon only")

    return events
