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

from dataclasses import dataclass, replace
from typing import Any

from ..knowledge.acled import Acled
from ..knowledge.actors import STATE_SECTORS
from ..knowledge.ontology import Ontology
from ..model import Actor, AnnotatedDoc, Event, Quote, Span, Withheld
from .argument_model import ArgumentModel
from .arguments import WORDS, ArgumentFinder
from .candidates import ARMED_SECTORS, Cand, classifier_candidate, find_candidates, sporting
from .classifier import EventModel
from .dates import EventDater
from .encoder import EventEncoder, mark
from .features import clf_label, masked_sentence, pair_features, readings_of
from .implicit import fill_implicit_targets, own_unit
from .mentions import SUBJ_DEPS
from .modality import event_modality
from .tagger_guards import protected, refused

NONE = "NONE"  # the encoder's "no event" label
# an agentless trigger word is kept when the encoder gives one of its readings at least this
AGENTLESS_MIN = 0.1
# ... or takes the encoder's own type when the encoder is at least this sure of it
AGENTLESS_RETYPE = 0.4
# a sentence with no trigger word is an event only when the encoder gives one type at least this
# (and more than "no event")
FALLBACK_MIN = 0.3

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


@dataclass(frozen=True)
class CoderSettings:
    """The events component's options (README: Component options)."""

    min_confidence: float = 0.0
    clf_fallback: bool = True
    unattributed_force: bool = True
    implicit_targets: bool = True
    agentless: bool = True
    none_veto: float = 0.9
    # drop an ASSAULT no named actor does when the accident head's P(accident) is at least this
    accident_veto: float = 0.5
    # the veto also asks the head when the source is named only inside a vehicle, craft or
    # structure ("a Lion Air jet plunged into the sea"); off by default (docs/events_model.md)
    vehicle_gate: bool = False
    lead_sentences: int = 2
    # what the encoder reads per candidate: "pair" (the sentence with the candidate's source
    # and target marked, as trained) or "sentence" (the sentence once, unmarked: faster)
    encode: str = "pair"
    # who did what to whom: "rules" (the parse rules alone) or "tagger" (the learned argument
    # tagger may overrule them: _tagged, docs/events_model.md "The learned argument tagger")
    arguments: str = "tagger"
    # the tagger overrules a rule's pick only when its own pick is at least this sure and the
    # rule's pick is below ``tagger_keep`` for the role
    tagger_min: float = 0.5
    tagger_keep: float = 0.1


@dataclass
class Pending:
    """A candidate with its arguments, waiting for the type model."""

    cand: Cand
    sources: list[Actor]
    targets: list[Actor]
    fallback: bool
    quote: Quote | None
    sent: Any
    si: int
    agentless: bool = False  # no named actor: kept only when the encoder agrees it is an event
    # the source phrase's head is a vehicle, craft or structure ("an Air X jet crashed"): the
    # actor named in it is no doer (event_arguments.json, non_agents); or the learned tagger
    # named the source where the rules found none: the accident head, not the tagger, says
    # whether anyone did it
    vehicle_source: bool = False
    # the rules found no actor and the learned tagger filled the roles: the encoder reads the
    # sentence unmarked, as the rules left it (its reading decides whether the event stands)
    unmarked: bool = False


class DocCoder(ArgumentFinder):
    """Codes the events of one document; holds the per-document lookups."""

    def __init__(
        self,
        doc: AnnotatedDoc,
        onto: Ontology,
        model: EventModel | None,
        settings: CoderSettings | None = None,
        encoder: EventEncoder | None = None,
        acled: Acled | None = None,
        tagger: ArgumentModel | None = None,
    ) -> None:
        super().__init__(doc, onto)
        self.model = model
        self.encoder = encoder
        self.acled = acled
        self.settings = settings or CoderSettings()
        self.tagger = tagger if self.settings.arguments == "tagger" else None
        self.clf_fallback = self.settings.clf_fallback
        self.unattributed_force = self.settings.unattributed_force
        self.implicit_targets = self.settings.implicit_targets
        self.dater = EventDater(doc, self.mod["historical_days"])
        # set by _event: the event it made is the police's act against a crowd (run() adds
        # the crowd's protest beside it)
        self._intervened = False
        # the trigger words of the sentence being coded (_tagged)
        self._triggers: list[Any] = []

    def run(self) -> list[Event]:
        pending: list[Pending] = []
        sents = list(self.parsed.sents)
        index = [self._sent_index(sent, k) for k, sent in enumerate(sents)]
        found_cands = [
            find_candidates(sent, si, self.onto, self.tok_actor)
            for sent, si in zip(sents, index, strict=True)
        ]
        if self.tagger is not None:
            # one batched read of every candidate's arguments (_tagged then finds them cached)
            self.tagger.roles(
                [self._tagger_item(c, s) for s, cs in zip(sents, found_cands, strict=True) for c in cs]
            )
        for k, (sent, si, cands) in enumerate(zip(sents, index, found_cands, strict=True)):
            quote = self.quote_at(sent.start_char) or self.quote_at(sent.end_char - 2)
            found = len(pending)
            self._triggers = [c.trigger for c in cands]
            for cand in [*cands, *self._fallback_candidate(sent, si)]:
                if cand.from_classifier and len(pending) > found:
                    continue  # the lexicon found an event in this sentence
                p = self._pending(cand, sent, si, quote)
                if p is not None:
                    pending.append(p)
            if len(pending) == found and k < self.settings.lead_sentences:
                lead = self._lead_candidate(sent, si)
                if lead is not None:
                    pending.append(Pending(lead, [], [], False, quote, sent, si, agentless=True))
        plover, acled, accident = self._type_probs(pending)
        out: list[Event] = []
        kept: list[Pending] = []
        crowds: set[int] = set()  # positions in ``out`` of the protests of crowds acted on
        for p, pr in zip(pending, plover, strict=True):
            if p.agentless and p.cand.readings:
                p.cand = self._retyped(p.cand, pr)
        for p, pr, ac, acc in zip(pending, plover, acled, accident, strict=True):
            if not self._confirmed(p, pr, pending):
                continue
            # the types the sentence's other trigger words can have: the encoder reads the whole
            # sentence, so its reading may be of another event in it
            others = {
                k
                for o in pending
                if o.si == p.si and o is not p
                for r in o.cand.readings
                for k in (r[0], clf_label(r[0]))
            }
            ev = self._event(p.cand, p.sources, p.targets, p.fallback, p.quote, p.sent, p.si, pr, others)
            if self._accidental(ev, acc, p.vehicle_source):
                self._withhold(ev, "accident", acc, self.settings.accident_veto)
                continue
            if p.agentless:
                ev.confidence = round(ev.confidence * 0.8, 3)
            if self._intervened:
                # one ACLED event per protest, as ACLED codes it: the crowd's protest carries
                # the sub-type ("Protest with intervention"), the police's act none
                crowd = self._crowd_protest(ev)
                self._set_acled(crowd, ac)
                crowds.add(len(out) + 1)
                out += [ev, crowd]
                kept += [p, p]
                continue
            self._set_acled(ev, ac)
            out.append(ev)
            kept.append(p)
        self._inherit_targets([p.cand for p in kept], out)
        if self.implicit_targets:
            # a crowd's protest has no recipient to infer: the nearest mention is the police
            # that acted on it
            pairs = [(p.cand, e) for k, (p, e) in enumerate(zip(kept, out, strict=True)) if k not in crowds]
            fill_implicit_targets(self, [c for c, _ in pairs], [e for _, e in pairs])
        return self._dedupe(out)

    def _pending(self, cand: Cand, sent: Any, si: int, quote: Quote | None) -> Pending | None:
        q = self.quote_at(self.parsed[cand.trigger.i].idx) or quote
        s_tok, t_tok, fallback = self.arguments(cand)
        # a candidate the rules find no actor for stays agentless however the tagger fills
        # it: only the encoder's agreement keeps it
        ruled = None
        borrowed = False
        if self.tagger is not None and not cand.from_classifier:
            tagged = self._tagged(cand, sent, s_tok, t_tok, fallback)
            if tagged[:2] != (s_tok, t_tok):
                ruled = bool(self.resolve(s_tok, q, si) or self.resolve(t_tok, q, si))
                borrowed = s_tok is None and tagged[0] is not None
            s_tok, t_tok, fallback = tagged
        sources = self.resolve(s_tok, q, si)
        # an actor is never its own target, under the same name or another ("the European
        # Union ... calls on the EU")
        targets = [a for a in self.resolve(t_tok, q, si) if not any(_same(a, s) for s in sources)]
        if cand.from_classifier and not (sources and targets):
            return None  # without a lexicon trigger, only a full source-target pair counts
        if cand.subject_is_target and not sources:
            attributed = self.attribution(cand.trigger, q, si)
            sources = [attributed] if attributed is not None else []
        agentless = (not sources and not targets) or ruled is False
        if agentless and not (self.encoder is not None and self.settings.agentless):
            return None
        if sources:
            self.prev_sources.append((si, sources[0]))
        vehicle = (
            self.settings.vehicle_gate and s_tok is not None and s_tok.lemma_.lower() in WORDS.non_agents
        )
        return Pending(
            cand,
            sources,
            targets,
            fallback,
            q,
            sent,
            si,
            agentless,
            vehicle or borrowed,
            unmarked=ruled is False,
        )

    @staticmethod
    def _tagger_item(cand: Cand, sent: Any) -> tuple[str, str, str]:
        """What the tagger reads for a candidate: its first lexicon type, its trigger word and
        its sentence."""
        return (cand.readings[0][0] if cand.readings else "NONE", cand.trigger.text, sent.text)

    def _tagged(
        self, cand: Cand, sent: Any, s_tok: Any | None, t_tok: Any | None, fallback: bool
    ) -> tuple[Any | None, Any | None, bool]:
        """The rules' source and target heads, each overruled by the learned tagger when the
        tagger names an actor for the role that the rule's pick is not part of: its most
        probable actor (or pronoun) token of its span that no guard refuses
        (coding/tagger_guards.py), if at least ``tagger_min`` sure while the rule's pick is
        below ``tagger_keep``. A role the tagger leaves empty keeps the rule's pick; a passive's
        "by" agent is never overruled."""
        assert self.tagger is not None
        roles = self.tagger.roles([self._tagger_item(cand, sent)])[0]
        base = sent.start_char
        taken = {cand.trigger.i}

        def prob(tok: Any, col: int) -> float:
            return roles.of(tok.idx - base, tok.idx - base + len(tok))[col - 1]

        picks: list[Any | None] = []
        for col, rule in ((1, s_tok), (2, t_tok)):
            span = roles.span(col, self.settings.tagger_min)
            pick = rule
            # the other role's phrase is no argument of this one ("Jordan's king, Abdullah II")
            other = picks[0] if picks else None
            mine = {t.i for t in other.subtree} if other is not None else set()
            if span is not None and not protected(rule):
                inside = [
                    t
                    for t in sent
                    if t.idx - base < span[1] and t.idx - base + len(t) > span[0] and t.i not in taken
                ]
                if rule is None or all(rule.i != t.i for t in inside):
                    heads = [
                        t
                        for t in inside
                        if (t.i in self.tok_actor or t.pos_ == "PRON")
                        and t.i not in mine
                        and (other is None or t.lower_ != other.lower_)
                        and refused(t, cand.trigger, self._triggers, self._reporting) is None
                    ]
                    best = max(heads, key=lambda t: prob(t, col), default=None)
                    if (
                        best is not None
                        and prob(best, col) >= self.settings.tagger_min
                        and (rule is None or prob(rule, col) < self.settings.tagger_keep)
                    ):
                        pick = best
                        if col == 1:
                            fallback = False
            if pick is not None:
                taken.add(pick.i)
            picks.append(pick)
        return picks[0], picks[1], fallback

    def _lead_candidate(self, sent: Any, si: int) -> Cand | None:
        """A lead sentence with no lexicon trigger, for the encoder alone ("Train moving heavy
        weaponry", "Mob lynches man"): anchored at its root verb or noun."""
        if self.encoder is None or not self.settings.agentless or not self.clf_fallback:
            return None  # classifier_fallback off: nothing is coded without a lexicon trigger
        root = sent.root
        if root.pos_ not in ("VERB", "NOUN", "PROPN", "AUX") or len(sent) < 3:
            return None
        reported = (
            [c for c in root.children if c.dep_ in ("ccomp", "parataxis")] if self._reporting(root) else []
        )
        if any(readings_of(c, self.onto) for c in reported):
            # "Ten people were killed in a fire ..., local authorities said": what is reported
            # is a trigger word the sense rules turned down, not an event the saying stands for
            return None
        verbs = [c for c in reported if c.pos_ == "VERB"]
        if verbs:
            # "The fire started on the fifteenth floor ..., officials said": the reported verb
            # is the evidence of what the encoder reads, never "said"
            root = verbs[0]
        if readings_of(root, self.onto):
            return None  # a trigger word the lexicon's sense rules turned down ("killed in a fire")
        return Cand(root, (root.i, root.i + 1), [], sent_index=si, from_classifier=True)

    def _type_probs(
        self, pending: list[Pending]
    ) -> tuple[list[dict[str, float]], list[dict[str, float]], list[float | None]]:
        """PLOVER type (and ACLED sub-type) probabilities of each pending candidate, and the
        accident head's P(accident) when the encoder ships one."""
        if not pending:
            return [], [], []
        if self.encoder is None:
            feats, texts = [], []
            for p in pending:
                src = self.span_of(p.sources[0]) if p.sources else None
                tgt = self.span_of(p.targets[0]) if p.targets else None
                feats.append(pair_features(p.cand.trigger, src, tgt, self.onto))
                texts.append(masked_sentence(p.sent, src, tgt))
            probs = self.model.proba(feats, texts) if self.model is not None else [{} for _ in feats]
            return probs, [{} for _ in pending], [None for _ in pending]
        texts = [self._marked(p) for p in pending]
        row: dict[str, int] = {}
        plain: list[str] = []
        for t, p in zip(texts, pending, strict=True):
            if t not in row:
                row[t] = len(row)
                plain.append(p.sent.text)
        r = self.encoder.read(list(row), plain)
        plover = [
            dict(zip(self.encoder.plover_labels, r.plover[row[t]].tolist(), strict=True)) for t in texts
        ]
        acled = [dict(zip(r.acled_labels, r.acled[row[t]].tolist(), strict=True)) for t in texts]
        accident = [None if r.accident is None else float(r.accident[row[t]]) for t in texts]
        return plover, acled, accident

    def _marked(self, p: Pending) -> str:
        """The sentence with the candidate's source and target marked, as the encoder was trained."""
        if self.settings.encode == "sentence" or p.unmarked:
            return p.sent.text
        base = p.sent.start_char

        def rel(actors: list[Actor]) -> tuple[int, int] | None:
            if not actors or actors[0].basis is not None:
                return None
            a = actors[0]
            if not (base <= a.start and a.end <= p.sent.end_char):
                return None
            return (a.start - base, a.end - base)

        return mark(p.sent.text, rel(p.sources), rel(p.targets))

    def _confirmed(self, p: Pending, probs: dict[str, float], pending: list[Pending]) -> bool:
        """The encoder's word on a candidate: a confident "no event" drops it; an agentless
        candidate needs the encoder to find an event of a type its trigger can have, and only
        where its sentence holds no event with a named actor."""
        none = probs.get(NONE, 0.0)
        if self.encoder is None:
            return True
        if none >= self.settings.none_veto:
            return False
        top = max(v for k, v in probs.items() if k != NONE)
        if p.cand.from_classifier and (top < FALLBACK_MIN or top <= none):
            return False  # no trigger word: the encoder must prefer one type to "no event"
        if not p.agentless:
            return True
        if none >= 0.5 or any(o.si == p.si and not o.agentless for o in pending):
            return False
        tok = p.cand.trigger
        if tok.pos_ == "NOUN" and tok.dep_ == "compound" and tok.head.pos_ in ("NOUN", "PROPN"):
            return False  # "a blast furnace", "attack helicopters": with no actor, a kind of thing

        def plausible(o: Pending) -> bool:  # the encoder gives one of the trigger's readings a chance
            return not o.cand.readings or max(probs.get(r[0], 0.0) for r in o.cand.readings) >= AGENTLESS_MIN

        if not plausible(p):
            return False
        # one agentless event per sentence: the first plausible trigger word, else the root
        rivals = [o for o in pending if o.si == p.si and o.agentless and plausible(o)]
        return p is min(rivals, key=lambda o: (not o.cand.readings, o.cand.trigger.i))

    def _withhold(self, ev: Event, reason: str, p: float, threshold: float) -> None:
        """Record a candidate left uncoded on purpose (``AnnotatedDoc.withheld``), once per trigger."""
        if any(w.sentence == ev.sentence and w.trigger.start == ev.trigger.start for w in self.doc.withheld):
            return
        self.doc.withheld.append(
            Withheld(ev.type, ev.sentence, ev.trigger, reason, round(float(p), 3), threshold)
        )

    def _accidental(self, ev: Event, p_accident: float | None, vehicle_source: bool = False) -> bool:
        """An ASSAULT that no actor named in the text does, which the accident head reads as an
        accident ("A fire at a textile factory near Dhaka killed 52 workers": the unidentified
        armed force of Dhaka is PLOVER's stand-in for an unnamed attacker, not a doer). A source
        named only inside a vehicle, craft or structure ("a Lion Air jet plunged into the sea,
        killing 189") is no doer either, with ``vehicle_gate`` on; "a Russian warplane bombed a
        market" is kept by the head, which reads an attack."""
        if ev.type != "ASSAULT" or p_accident is None or p_accident < self.settings.accident_veto:
            return False
        return vehicle_source or all(a.basis is not None for a in ev.sources)

    @staticmethod
    def _retyped(cand: Cand, probs: dict[str, float]) -> Cand:
        """An agentless trigger word whose readings the encoder all but rules out, in a sentence
        it reads confidently as another type ("Clashes broke out in Tbilisi after parliament
        passed the bill": a protest clash, not an assault), takes the encoder's type."""
        types = {k: v for k, v in probs.items() if k != NONE}
        top = max(types, key=types.__getitem__)
        if (
            max(types.get(r[0], 0.0) for r in cand.readings) < AGENTLESS_MIN
            and types[top] >= AGENTLESS_RETYPE
        ):
            return replace(cand, readings=[(top, None)])
        return cand

    def _set_acled(self, ev: Event, probs: dict[str, float]) -> None:
        """The ACLED sub-type the encoder likes best among those the PLOVER type allows, unless
        "no ACLED event" is likelier."""
        if self.acled is None or not probs:
            return
        allowed = [s for s in probs if s != "null" and self.acled.allows(ev.type, s)]
        if not allowed:
            return
        best = max(allowed, key=probs.__getitem__)
        if probs[best] >= probs.get("null", 0.0):
            ev.acled_sub_type = best
            ev.acled_type = self.acled.type_of[best]

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
        if (self.model is None and self.encoder is None) or not self.clf_fallback:
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

    def choose_type(
        self,
        cand: Cand,
        p: dict[str, float],
        modality: str = "asserted",
        others: frozenset[str] | set[str] = frozenset(),
    ) -> tuple[str, str | None, float]:
        """Pick the lexicon reading the type model likes best. ``p`` is keyed by PLOVER type
        (the encoder; NONE is "no event") or by PLV label (the linear model: YIELD = CONCEDE or
        RETREAT, split by the reading).

        The model learned from PLOVER coders, who code an announced, hypothetical or demanded
        action by one convention type (the manual: THREATEN is ASSAULT + hypothetical, AGREE
        future cooperation, CONCEDE an announced retreat, REQUEST a demand). eventwire keeps
        the action as the type and the rest in ``modality``, so a reading also collects the
        model's probability of its own convention type under this modality ("Israel would
        attack" read as THREATEN supports ASSAULT, hypothetical), and that convention type
        never overrules the reading. Nor does a type that another trigger word of the sentence
        can have (``others``): "was indicted by the court and will resign" read as ACCUSE is
        the indictment, not the resignation."""
        types = {k: v for k, v in p.items() if k != NONE}
        if cand.from_classifier:
            top = max(types, key=types.__getitem__)
            # YIELD is PLV's merge of CONCEDE and RETREAT; with no trigger word to split it,
            # CONCEDE (the political reading) is the default
            return ("CONCEDE" if top == "YIELD" else top), None, types[top] * 0.5
        if not types:
            t, m = cand.readings[0]
            return t, m, 0.5

        def key(t: str) -> str:  # the model's label for a type (PLV's YIELD for CONCEDE, RETREAT)
            return t if t in types else clf_label(t)

        def convention(r: tuple[str, str | None]) -> set[str]:  # the coders' types for it
            return {key(t) for t in self.onto.convention_types(r[0], r[1], modality)} - {key(r[0])}

        def extra(r: tuple[str, str | None]) -> float:  # its convention types' probability
            return sum(types.get(k, 0.0) for k in convention(r))

        # the lexicon's first reading is its default: a mild prior in its favour
        first = cand.readings[0]
        best = max(
            cand.readings, key=lambda r: types.get(key(r[0]), 0.0) * (1.5 if r is first else 1.0) + extra(r)
        )
        conf = min(1.0, types.get(key(best[0]), 0.0) + extra(best))
        top = max(types, key=types.__getitem__)
        # the model may overrule the lexicon when it is confident and the trigger is a single
        # verb (never a phrase, a light-verb noun or a noun: "the meeting" is a meeting,
        # whatever the sentence around it says); a demand's REQUEST reads the demand around
        # the action, not the action
        single = (
            cand.light is None and cand.span[1] - cand.span[0] == 1 and cand.trigger.pos_ in ("VERB", "AUX")
        )
        framing = modality == "demanded" and top == "REQUEST"
        if (
            top not in {key(best[0]), "YIELD"} | convention(best) | set(others)
            and types[top] >= 0.75
            and single
            and not framing
        ):
            return top, None, types[top]
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
        others: set[str] | frozenset[str] = frozenset(),
    ) -> Event:
        date_v, date_src, hist = self.dater.date_for(sent.start_char, sent.end_char, cand)
        modality, flip = event_modality(cand, hist, self.onto)
        type_, mode, conf = self.choose_type(cand, p, modality, others)
        if flip:
            type_, mode = self.onto.negation_flip[cand.trigger.lemma_.lower()], None
            # the confidence is the classifier's for the type coded ("would not meet the
            # demands" is a REJECT, whatever "meet" alone would be)
            conf = max(conf, p.get(clf_label(type_), 0.0))
        if type_ == "ASSAULT" and (mode is None or cand.trigger.lemma_.lower() in self.onto.weapon_verbs):
            mode = self._mode_from_cues(cand, "ASSAULT") or mode
        if type_ in ("PROTEST", "CONSULT") and mode is None:
            mode = self._mode_from_cues(cand, type_)
        cue = self._reading_cue(cand)
        if cue is not None:
            type_, mode = cue
        if cand.trigger.lemma_.lower() == "strike" and type_ in ("ASSAULT", "PROTEST"):
            if any(t.lemma_.lower() in self.onto.strike_protest_cues for t in cand.trigger.subtree):
                type_, mode = "PROTEST", "strike"
        intervened = type_ == "PROTEST" and self._crowd_control(sources, targets)
        if intervened:
            # "Police fired tear gas at protesters": the protest is the crowd's, the act the
            # police's own event (run() adds the crowd's protest beside it)
            type_, mode = self._intervention_type(cand, p)
        if (
            type_ in WORDS.movement_types
            and sources
            and targets
            and all(own_unit(t, sources[0]) for t in targets)
        ):
            # "sent 15,000 soldiers to its border", "massed troops near X": the forces that
            # move are the means, never the recipient; with no party named there is none
            targets = []
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
        coded_as = self.onto.coded_type(type_, mode, cameo)
        a, b = cand.span
        trig = Span(self.parsed[a].idx, self.parsed[b - 1].idx + len(self.parsed[b - 1]), "")
        trig.text = self.text[trig.start : trig.end]
        conf = conf * (0.6 if fallback else 1.0) * (1.0 if targets else 0.85)
        if self._subordinate(cand.trigger):
            conf *= 0.3  # "staged rallies to demand reforms": the demand is the rally's purpose
        elif self._theme(cand):
            conf *= 0.5  # "opposed to French mediation": the mediation is what is opposed
        ev = Event(
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
        self._intervened = intervened
        return ev

    def _crowd_control(self, sources: list[Actor], targets: list[Actor]) -> bool:
        """A protest reading whose stated doer is police or troops of a state (armed_sectors in
        data/event_arguments.json; rebels who block a road protest) and whose target is no
        state body and no armed group: the crowd the police acted on, not a protest by the
        police (police who protest against their ministry keep their protest)."""
        return (
            bool(sources and targets)
            and all(a.basis is None and (a.sector or "")[:3] in WORDS.armed_sectors for a in sources)
            and all((a.sector or "")[:3] not in (*STATE_SECTORS, *ARMED_SECTORS) for a in targets)
        )

    def _intervention_type(self, cand: Cand, p: dict[str, float]) -> tuple[str, str | None]:
        """The police's own act against a crowd: ASSAULT in the crowd-control mode where a
        crowd-control weapon or tactic is named (the PLOVER manual: tear gas, rubber bullets,
        baton charges; ontology_triggers.json mode_cues), else COERCE or ASSAULT as the
        encoder prefers."""
        mode = self._mode_from_cues(cand, "ASSAULT")
        if mode == "crowd-control":
            return "ASSAULT", mode
        if p.get("ASSAULT", 0.0) > p.get("COERCE", 0.0):
            return "ASSAULT", mode
        return "COERCE", None

    def _crowd_protest(self, ev: Event) -> Event:
        """The protest of the crowd an intervention acted on: the crowd is its source and its
        mention the trigger ("Police fired tear gas at [protesters]"), in the same sentence,
        modality and date."""
        crowd = ev.targets or [ev.target]
        a = crowd[0]
        mode = None
        cameo = self.onto.convention_cameo("PROTEST", mode, ev.modality)
        coded_as = self.onto.coded_type("PROTEST", mode, cameo)
        return Event(
            type="PROTEST",
            sentence=ev.sentence,
            trigger=Span(a.start, a.end, a.text),
            mode=mode,
            cameo=cameo,
            quad_class=self.onto.quad_class(coded_as),
            goldstein=self.onto.goldstein_for(cameo),
            modality=ev.modality,
            source=a,
            sources=list(crowd),
            date=ev.date,
            date_source=ev.date_source,
            attributed_to=ev.attributed_to,
            confidence=ev.confidence,
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
