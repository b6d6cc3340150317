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
3. **Type** is decided by a learned model over a real sentence representation: all-MiniLM-L6-v2
   fine-tuned end to end (coding.encoder; int8 ONNX, rebuilt by scripts/train_event_encoder.py
   from the PLV, AW, GSR and NGEC development data and our own real-style texts), reading the
   sentence with the candidate's source and target marked. Its PLOVER head picks the lexicon
   reading it likes best (or overrules a single-verb trigger when confident); a confident "no
   event" drops the candidate. Its ACLED head gives the sub-event type, kept when the PLOVER
   type allows it (knowledge/data/acled.json). ``type_model="linear"`` selects the older
   linear model (models/events_clf.joblib) instead.
   **Events without named actors** ("homes were hit by artillery", "an explosion in central
   Kyiv", "Mob lynches man") are kept when the encoder finds an event of a type the trigger can
   have; a lead sentence with no lexicon trigger is read by the encoder alone.
   **The main event** of the report (``AnnotatedDoc.main_event``) is the one an ACLED coder
   would code: an ACLED event before a reaction, what happened before what is announced, the
   lead before the body (coding.main_event).
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

from ..coding.argument_model import ArgumentModel, load_argument_model
from ..coding.classifier import EventModel, load_model
from ..coding.coder import CoderSettings, DocCoder
from ..coding.encoder import EventEncoder, ModelError, load_encoder
from ..coding.features import clf_label, masked_sentence, pair_features, pair_trigger, readings_of
from ..coding.main_event import main_event
from ..context import Context
from ..knowledge.acled import Acled, load_acled
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


def _threads(opts: dict) -> int | None:
    """``events.threads``: the encoder's onnxruntime threads (default: onnxruntime's, all cores;
    each of N worker processes gets cores / N, see pipeline.per_worker)."""
    n = opts.get("threads")
    if n is None:
        return None
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ValueError(f"events.threads must be a positive whole number, not {n!r}")
    return n


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
    # the type model: the fine-tuned encoder (default), or the older linear model ("linear")
    type_model = str(opts.get("type_model", "encoder"))
    if type_model not in ("encoder", "linear"):
        raise ValueError(f"events.type_model must be 'encoder' or 'linear', not {type_model!r}")
    encoder: EventEncoder | None = None
    model: EventModel | None = None
    if type_model == "encoder":
        encoder = ctx.resource("events.encoder", lambda: load_encoder(opts.get("encoder"), _threads(opts)))
    else:
        model = ctx.resource("events.model", lambda: load_model(opts.get("model")))
        if model is None:
            raise ModelError("events: the linear type model file is missing (scripts/train_events.py)")
    acled: Acled = ctx.resource("events.acled", load_acled)
    settings = CoderSettings(
        min_confidence=float(opts.get("min_confidence", 0.0)),
        # code sentences without a lexicon trigger from the classifier alone (two actors needed)
        clf_fallback=bool(opts.get("classifier_fallback", True)),
        # violence with no named perpetrator: an unidentified armed force of the place (PLOVER UAF)
        unattributed_force=bool(opts.get("unattributed_force", True)),
        # a target the text leaves implicit, inferred from the sentence's places (Actor.basis says so)
        implicit_targets=bool(opts.get("implicit_targets", True)),
        # events with no named actor ("homes were hit by artillery") when the encoder agrees
        agentless=bool(opts.get("agentless", True)),
        # the encoder's "no event" probability above which a candidate is dropped
        none_veto=float(opts.get("none_veto", 0.9)),
        # an ASSAULT no named actor does is dropped when the encoder's accident head gives it
        # at least this probability of being an accident (1.0: never)
        accident_veto=float(opts.get("accident_veto", 0.5)),
        # ... and also when the source is named only inside a vehicle, craft or structure ("a
        # Lion Air jet plunged into the sea, killing 189"): fewer crashes coded as attacks, a few
        # attacks lost (docs/events_model.md); off by default
        vehicle_gate=bool(opts.get("vehicle_gate", False)),
        # lead sentences with no lexicon trigger are read by the encoder alone ("Train moving
        # heavy weaponry"): how many sentences count as the lead
        lead_sentences=int(opts.get("lead_sentences", 2)),
        # "pair": the encoder reads each candidate's sentence with its source and target marked;
        # "sentence": each sentence once, unmarked (faster, a little less exact)
        encode=str(opts.get("encode", "pair")),
        # "rules": source and target from the parse rules; "tagger": the learned argument tagger
        # may overrule them (docs/events_model.md, "The learned argument tagger")
        arguments=str(opts.get("arguments", "tagger")),
        tagger_min=float(opts.get("tagger_min", 0.5)),
        tagger_keep=float(opts.get("tagger_keep", 0.1)),
    )
    if settings.encode not in ("pair", "sentence"):
        raise ValueError(f"events.encode must be 'pair' or 'sentence', not {settings.encode!r}")
    if settings.arguments not in ("rules", "tagger"):
        raise ValueError(f"events.arguments must be 'rules' or 'tagger', not {settings.arguments!r}")
    tagger: ArgumentModel | None = None
    if settings.arguments == "tagger":
        tagger = ctx.resource(
            "events.tagger", lambda: load_argument_model(opts.get("tagger"), _threads(opts))
        )

    def events(doc: AnnotatedDoc) -> None:
        if doc.nlp is None:
            return
        coder = DocCoder(doc, onto, model, settings, encoder=encoder, acled=acled, tagger=tagger)
        for e in coder.run():
            if e.confidence >= settings.min_confidence:
                e.plover_type = onto.plover_view(e)[0]
                doc.events.append(e)
        doc.main_event = main_event(doc.events, len(doc.sentences))

    return events
