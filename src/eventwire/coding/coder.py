"""One document's events: trigger candidates -> arguments -> type, modality, date, attribution.

**Type** is the lexicon reading the classifier likes best (coding.classifier, trained on the PLV
sentences by scripts/train_events.py). Reading cues in the lexicon settle some ambiguities
("troops withdrew" RETREAT vs "withdrew its ambassador" SANCTION). A sentence with no lexicon
event but a source and a target on its main verb is typed by the classifier alone, at half
confidence. The CAMEO code says an announced or demanded action as CAMEO/PLOVER coders do
(033 express intent to aid, which the PLOVER crosswalk reads as AGREE): Ontology.plover_view.
An event governing another's clause ("promised to send aid to X") takes that event's target.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..knowledge.actors import STATE_SECTORS
from ..knowledge.ontology import Ontology
from ..model import Actor, AnnotatedDoc, Event, Quote, Span
from .arguments import ArgumentFinder
from .candidates import ARMED_SECTORS, Cand, classifier_candidate, find_candidates, sporting
from .classifier import EventModel
from .dates import EventDater
from .features import clf_label, masked_sentence, pair_features, readings_of
from .implicit import fill_implicit_targets
from .mentions import SUBJ_DEPS
from .modality import event_modality

LOCATIVE_PREPS = frozenset({"in", "near", "outside", "at", "around", "inside", "across", "on", "of"})
# "in protest of", "in retaliation for": the noun names the purpose of the clause it ends
PURPOSE_NOUNS = frozenset({"protest", "retaliation", "response", "revenge", "solidarity"})
CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "advcl", "relcl", "conj", "parataxis", "acl", "csubj"})


def _same(a: Actor, b: Actor) -> bool:
    """One mention, or two names of one coded entity ("the European Union" and "the EU": same
    canonical name, country and sector). A demonym has no sector: "imposed blockades on Saudi
    ports" is aimed at the ports, not at Saudi Arabia itself."""
    if a is b:
        return True
    return (
        a.canonical is not None
        and a.sector is not None
        and (a.canonical, a.country, a.sector) == (b.canonical, b.country, b.sector)
    )


class DocCoder(ArgumentFinder):
    """Codes the events of one document; holds the per-document lookups."""

    def __init__(
        self,
        doc: AnnotatedDoc,
        onto: Ontology,
        model: EventModel | None,
        clf_fallback: bool = True,
        unattributed_force: bool = True,
        implicit_targets: bool = True,
    ) -> None:
        super().__init__(doc, onto)
        self.model = model
        self.clf_fallback = clf_fallback
        self.unattributed_force = unattributed_force
        self.implicit_targets = implicit_targets
        self.dater = EventDater(doc, self.mod["historical_days"])

    def run(self) -> list[Event]:
        out: list[Event] = []
        pending: list[tuple[Cand, list[Actor], list[Actor], bool, Quote | None, Any, Any]] = []
        feats: list[dict[str, float]] = []
        texts: list[str] = []
        sents = list(self.parsed.sents)
        for k, sent in enumerate(sents):
            si = self._sent_index(sent, k)
            quote = self.quote_at(sent.start_char) or self.quote_at(sent.end_char - 2)
            found = len(pending)
            cands = find_candidates(sent, si, self.onto, self.tok_actor)
            for cand in [*cands, *self._fallback_candidate(sent, si)]:
                if cand.from_classifier and len(pending) > found:
                    continue  # the lexicon found an event in this sentence
                q = self.quote_at(self.parsed[cand.trigger.i].idx) or quote
                s_tok, t_tok, fallback = self.arguments(cand, q)
                sources = self.resolve(s_tok, q, si)
                # an actor is never its own target, under the same name or another ("the
                # European Union ... calls on the EU")
                targets = [a for a in self.resolve(t_tok, q, si) if not any(_same(a, s) for s in sources)]
                if cand.from_classifier and not (sources and targets):
                    continue  # without a lexicon trigger, only a full source-target pair counts
                if cand.subject_is_target and not sources:
                    attributed = self.attribution(cand.trigger, q, si)
                    sources = [attributed] if attributed is not None else []
                if not sources and not targets:
                    continue
                src_span = self.span_of(sources[0]) if sources else None
                tgt_span = self.span_of(targets[0]) if targets else None
                feats.append(pair_features(cand.trigger, src_span, tgt_span, self.onto))
                texts.append(masked_sentence(sent, src_span, tgt_span))
                pending.append((cand, sources, targets, fallback, q, sent, si))
                if sources:
                    self.prev_sources.append((si, sources[0]))
        probs = self.model.proba(feats, texts) if self.model is not None else [{} for _ in feats]
        for (cand, sources, targets, fallback, q, sent, si), p in zip(pending, probs, strict=True):
            out.append(self._event(cand, sources, targets, fallback, q, sent, si, p))
        self._inherit_targets([c for c, *_ in pending], out)
        if self.implicit_targets:
            fill_implicit_targets(self, [c for c, *_ in pending], out)
        return self._dedupe(out)

    @staticmethod
    def _inherit_targets(cands: list[Cand], events: list[Event]) -> None:
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
                # trigger may start as an object ("agreed to postpone the demonstration in X"),
                # a verb as a conjunct sharing the subject ("donated and delivered goods to X")
                for step in range(3):
                    links = ("xcomp", "ccomp", "dobj") if step == 0 else ("xcomp", "ccomp")
                    shared = (
                        tok.dep_ == "conj"
                        and step == 0
                        and not any(c.dep_ in SUBJ_DEPS for c in tok.children)
                    )
                    if (tok.dep_ not in links and not shared) or tok.head.i == tok.i:
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

    def _fallback_candidate(self, sent: Any, si: int) -> list[Cand]:
        if self.model is None or not self.clf_fallback:
            return []
        if sporting(sent, self.onto, self.tok_actor):
            return []  # "Brazil beat Serbia 2-0": the classifier knows no sporting senses
        return classifier_candidate(sent, si, self.mod["attribution_verbs"], self.onto.fallback_stop_verbs)

    def _sent_index(self, sent: Any, k: int) -> int:
        if not self.sent_starts:
            return k
        i = self.doc.sentence_index(sent.start_char)
        if i is None:  # a leading-whitespace sentence: use the first one starting after it
            i = next((j for j, s in enumerate(self.sent_starts) if s >= sent.start_char), k)
        return i

    def choose_type(self, cand: Cand, p: dict[str, float]) -> tuple[str, str | None, float]:
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
        cand: Cand,
        sources: list[Actor],
        targets: list[Actor],
        fallback: bool,
        quote: Quote | None,
        sent: Any,
        si: int,
        p: dict[str, float],
    ) -> Event:
        type_, mode, conf = self.choose_type(cand, p)
        date_v, date_src, hist = self.dater.date_for(sent.start_char, sent.end_char, cand)
        modality, flip = event_modality(cand, hist, self.onto)
        if flip:
            type_, mode = self.onto.negation_flip[cand.trigger.lemma_.lower()], None
            # the confidence is the classifier's for the type coded ("would not meet the
            # demands" is a REJECT, whatever "meet" alone would be)
            conf = max(conf, p.get(clf_label(type_), 0.0))
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
        if (
            type_ == "RETREAT"
            and mode in ("withdraw", "disarm")
            and not sources
            and targets
            and (targets[0].sector or "")[:3] in ARMED_SECTORS
            and self._agentless_passive(cand)
        ):
            # "the guerrillas have been demobilized", "troops were pulled out of X": the armed
            # party that gives up ground or arms is the one yielding (PLOVER's source)
            sources, targets = targets[:1], targets[1:]
        if type_ == "COERCE" and not sources and targets and self._agentless_passive(cand):
            # "was arrested in Lebanon", "were detained in Tehran": only a state arrests,
            # detains or expels, so PLOVER codes the authorities of the country where it happened
            place = self._locative_place(cand, sent, targets)
            if place is not None:
                sources = [
                    Actor(
                        place.start, place.end, place.text, "authorities", place.country, "GOV", basis="place"
                    )
                ]
        if type_ == "COERCE" and any(a.country is None for a in (*sources, *targets)):
            sources, targets = self._localize(cand, sent, sources, targets)
        # an announced or demanded action keeps its type; its CAMEO code says it as CAMEO and
        # PLOVER coders do ("will help" = 033 express intent to aid, which PLOVER reads as AGREE)
        cameo = self.onto.convention_cameo(type_, mode, modality)
        # the quad class goes with the code, as in GDELT (an intent to aid is verbal cooperation)
        coded_as = (
            self.onto.plover_reading(cameo, type_) if cameo != self.onto.cameo_for(type_, mode) else type_
        )
        a, b = cand.span
        trig = Span(self.parsed[a].idx, self.parsed[b - 1].idx + len(self.parsed[b - 1]), "")
        trig.text = self.text[trig.start : trig.end]
        conf = conf * (0.6 if fallback else 1.0) * (1.0 if targets else 0.85)
        if self._subordinate(cand.trigger):
            conf *= 0.3  # "staged rallies to demand reforms": the demand is the rally's purpose
        elif self._theme(cand):
            conf *= 0.5  # "opposed to French mediation": the mediation is what is opposed
        return Event(
            type=type_,
            sentence=si,
            trigger=trig,
            mode=mode,
            cameo=cameo,
            quad_class=self.onto.quad_class(coded_as),
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

    def _unattributed_force(self, cand: Cand, sent: Any, targets: list[Actor]) -> Actor | None:
        """PLOVER's coding of violence with no named perpetrator ("a roadside bomb near Samarra
        killed a soldier"): an unidentified armed force (sector UAF) of the country where it
        happened; the place mention nearest the trigger, in a locative phrase ("near X", "in
        the city of X") and not part of the target ("a U.S. soldier"), is its evidence span."""
        p = self._locative_place(cand, sent, targets)
        if p is None:
            return None
        return Actor(p.start, p.end, p.text, "unidentified armed force", p.country, "UAF", basis="place")

    def _localize(
        self, cand: Cand, sent: Any, sources: list[Actor], targets: list[Actor]
    ) -> tuple[list[Actor], list[Actor]]:
        """Coercion (a siege, a curfew, arrests) happens where the coercing state rules: an
        authority of no known country ("the military government of General X") and its
        uncoded targets ("political opponents") take the country of the place named in the
        act's sentence ("declared a state of siege in Haiti, arresting opponents")."""
        place = self._locative_place(cand, sent, targets)
        if place is None:
            return sources, targets

        def fill(a: Actor, state_only: bool) -> Actor:
            if a.country is not None or (state_only and (a.sector or "")[:3] not in STATE_SECTORS):
                return a
            return replace(a, country=place.country)

        return [fill(a, True) for a in sources], [fill(a, False) for a in targets]

    @staticmethod
    def _agentless_passive(cand: Cand) -> bool:
        tok = cand.light or cand.trigger
        kids = [c.dep_ for c in tok.children]
        return any(d in ("nsubjpass", "auxpass") for d in kids) and "agent" not in kids

    def _locative_place(self, cand: Cand, sent: Any, targets: list[Actor]) -> Any | None:
        """The place mention nearest the trigger in a locative phrase ("near X", "in the city
        of X") of the sentence, not part of a target ("a U.S. soldier")."""
        places: list[Any] = []
        # resolved places, and the towns the actor layer coded as civilians ("the town of X")
        # (and a name the gazetteer missed, coded with no sector, right after "in": "thwarted
        # in X"; not a person's name in an "of" phrase)
        towns = [
            a
            for a in self.actors
            if (a.sector == "CVL" and self._is_name(a)) or (a.sector is None and self._after_in(a))
        ]
        for p in [*self.doc.places, *towns]:
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
        return min(places, key=lambda p: abs(p.start - cand.trigger.idx))

    def _after_in(self, actor: Actor) -> bool:
        span = self.parsed.char_span(actor.start, actor.end, alignment_mode="expand")
        root = span.root if span is not None else None
        return (
            root is not None
            and root.pos_ == "PROPN"
            and root.dep_ == "pobj"
            and root.head.lower_ in ("in", "near", "outside")
        )

    def _is_name(self, actor: Actor) -> bool:
        span = self.parsed.char_span(actor.start, actor.end, alignment_mode="expand")
        return span is not None and all(t.pos_ == "PROPN" for t in span)

    def _reading_cue(self, cand: Cand) -> tuple[str, str | None] | None:
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
        """A purpose or manner clause of another trigger ("to demand", "demanding"), or the
        bare purpose phrase of a clause ("organized a strike in protest of the arrest")."""
        if (
            tok.dep_ == "pobj"
            and tok.head.lower_ == "in"
            and tok.lemma_.lower() in PURPOSE_NOUNS
            and not any(c.dep_ in ("det", "poss") for c in tok.children)
        ):
            return True
        if tok.dep_ not in ("advcl", "xcomp", "pcomp", "acl") or tok.head.i == tok.i:
            return False
        head = tok.head if tok.dep_ != "pcomp" else tok.head.head
        return bool(readings_of(head, self.onto)) or any(
            readings_of(c, self.onto) for c in head.children if c.dep_ == "dobj"
        )

    def _theme(self, cand: Cand) -> bool:
        """A bare noun trigger that is the object of another trigger ("opposed to French
        mediation", "called for sanctions", "would not meet the demands", "in protest of the
        arrest"): the governing event is what the sentence asserts; this one is its content,
        which may never have happened."""
        tok = cand.trigger
        # an object is a noun even when the tagger says verb ("meet hostage-takers demands")
        if cand.light is not None or tok.pos_ not in ("NOUN", "PROPN", "VERB"):
            return False
        if tok.dep_ == "dobj":
            head = tok.head
        elif tok.dep_ == "pobj" and tok.head.dep_ == "prep":
            head = tok.head.head
        else:
            return False
        return head.i != tok.i and bool(readings_of(head, self.onto))

    def _mode_from_cues(self, cand: Cand, type_: str) -> str | None:
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
