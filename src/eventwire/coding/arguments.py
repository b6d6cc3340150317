"""Source and target selection over the dependency parse: who did what to whom.

The rules, in the order they apply and each with its example, are in docs/events_model.md
("How source and target are chosen"). Their word lists and preference tables are data
(knowledge/data/event_arguments.json; a type's own target prepositions are the ontology's
``target_preps``); the parser's dependency labels stay here, as grammar.
"""

from __future__ import annotations

from typing import Any

from ..knowledge.datelines import inside
from ..knowledge.event_arguments import load_argument_words
from .candidates import Cand
from .features import verbal_noun
from .mentions import SUBJ_DEPS, Mentions

# The data lists under the names the rules use (data/event_arguments.json says what each does).
WORDS = load_argument_words()
TARGET_PREPS = WORDS.target_preps
INNER_TARGET_PREPS = WORDS.inner_target_preps
NOUN_PHRASE_PREPS = WORDS.noun_phrase_preps
PROTESTED_PREPS = WORDS.protested_preps
PROTEST_NOUNS = WORDS.protest_nouns
PARTICIPATION_TYPES = WORDS.participation_types
PARTICIPATION_PREPS = WORDS.participation_preps
HOST_PREPS = WORDS.host_preps
MOVEMENT_TYPES = WORDS.movement_types
ARMED_SECTORS = WORDS.armed_sectors
MOVEMENT_PREPS = WORDS.movement_preps
OWN_POSSESSIVES = WORDS.own_possessives
CONFLICT_NOUN_PREPS = WORDS.conflict_noun_preps
HELP_NOUNS = WORDS.help_nouns
ENACTMENT_NOUNS = WORDS.enactment_nouns
DEATH_VERBS = WORDS.death_verbs
CUSTODY_NOUNS = WORDS.custody_nouns
PLACE_PREPS = WORDS.place_preps
PLACE_TARGET_TYPES = WORDS.place_target_types
AIMED_PREPS = WORDS.aimed_preps
THREAT_PREPS = WORDS.threat_preps
OBJECT_CONTROL_PREPS = WORDS.object_control_preps

# Grammar: the parser's dependency labels.
PASS_SUBJ_DEPS = frozenset({"nsubjpass", "csubjpass"})
OBJ_DEPS = frozenset({"dobj", "dative", "attr", "oprd"})
# Clause links through which a verb inherits the subject of its governor.
SUBJECT_LINKS = frozenset({"xcomp", "conj", "advcl", "acl", "pcomp", "ccomp", "prep", "acomp"})


class ArgumentFinder(Mentions):
    """Picks the source and target head tokens of a trigger candidate."""

    def arguments(self, cand: Cand) -> tuple[Any | None, Any | None, bool]:
        """(source head token, target head token, source found by fallback). A quote's speaker
        is resolved later (``Mentions.resolve``), not here."""
        type_ = cand.readings[0][0]
        if cand.trigger.pos_ in ("NOUN", "PROPN") and cand.light is None and not verbal_noun(cand.trigger):
            src, tgt = self._noun_arguments(cand.trigger, type_)
        else:
            src, tgt = self._verb_arguments(cand, type_)
        if cand.subject_is_target:
            src, tgt = None, src
        fallback = False
        if type_ in self.onto.fallback_source_types and self._no_actor(src):
            near = self._nearest_actor(cand.trigger, exclude=tgt)
            if near is not None:
                src, fallback = near, True
        return src, tgt, fallback

    def _no_actor(self, tok: Any | None) -> bool:
        """No argument, or one that holds no actor and is no pronoun."""
        return tok is None or (self.actor_in(tok) is None and tok.pos_ != "PRON")

    # -- a noun trigger ("the arrest of X by police", "a rally") ----------------------------

    def _noun_arguments(self, tok: Any, type_: str) -> tuple[Any | None, Any | None]:
        """(source, target) of a noun trigger with no light verb."""
        src = self._noun_source(tok, type_)
        tgt = self._noun_target(tok, type_)
        # no subject inheritance for a bare noun: "Ukraine can deter aggression" is not an
        # ASSAULT by Ukraine (light-verb nouns were anchored to their verb above); but who
        # goes to a rally or talks takes part in them ("thousands converged for a rally")
        joined = (
            tok.dep_ == "pobj"
            and tok.head.lemma_.lower() in PARTICIPATION_PREPS
            and tok.head.head.pos_ == "VERB"
        )
        if src is None and type_ in PARTICIPATION_TYPES and joined:
            src = self._subject(tok.head.head)
            if tgt is None and type_ == "CONSULT":
                # "arrived in Amman on a visit", "flew to Moscow for talks": the host
                tgt = self._prep_target(tok.head.head, preps=HOST_PREPS)
        if type_ == "ASSAULT" and tgt is None:
            tgt, custodian = self._death_by(tok)
            src = src or custodian
        return src, tgt

    def _noun_source(self, tok: Any, type_: str) -> Any | None:
        """The first of the noun's own dependents that names its doer: a possessor or actor
        modifier ("Israel's attack", "the Israeli attack"), a "by" phrase ("the arrest by
        police"), or for forces moving, the armed forces of its "of" phrase."""
        for c in tok.children:
            if c.dep_ == "poss" or (c.dep_ in ("amod", "compound", "nmod") and c.i in self.tok_actor):
                return c
            if c.dep_ == "prep" and c.lemma_.lower() == "by":
                by = next((g for g in c.children if g.dep_ == "pobj"), None)
                if by is not None:
                    return by
            elif c.dep_ == "prep" and c.lemma_.lower() == "of" and type_ in MOVEMENT_TYPES:
                # "the deployment of Turkish troops", "the withdrawal of NATO forces": the
                # forces that move are the actor (armed or police units only)
                g = next((g for g in c.children if g.dep_ == "pobj"), None)
                at = self.actor_in(g, 1) if g is not None else None
                if at is not None and self._armed(at):
                    return g
        return None

    def _noun_target(self, tok: Any, type_: str) -> Any | None:
        """A target preposition of the noun ("sanctions on X"), or of the noun it qualifies ("a
        mediation mission between X and Y"); for material conflict, also "of" and "in" ("the
        invasion of X", "a curfew in X")."""
        tgt = self._prep_target(tok)
        if tgt is None and tok.dep_ == "compound":
            tgt = self._prep_target(tok.head)
        if tgt is None and self.onto.quad_class(type_) == 4:
            tgt = self._prep_target(tok, preps=CONFLICT_NOUN_PREPS)
        return tgt

    # -- a verb trigger, or a noun with its light verb ("held talks with X") ----------------

    def _verb_arguments(self, cand: Cand, type_: str) -> tuple[Any | None, Any | None]:
        """(source, target) of a verb, or of an event noun anchored at its light verb: the
        clause's subject and object, then, while the target holds no actor, the steps below
        in order (docs/events_model.md)."""
        tok = cand.trigger
        anchor = cand.light or tok
        allowed = self.onto.target_preps.get(type_, TARGET_PREPS)
        src, tgt = self._clause_arguments(anchor)
        if tgt is None:
            tgt = next((c for c in anchor.children if c.dep_ in OBJ_DEPS and c.i != tok.i), None)
        obj = tgt
        if tgt is not None and self._own_means(tgt, src):
            # "withdrew its troops from X", "sent their warships to X": the source's own
            # forces are the means; the place or party they go to or leave is the target
            # (only through the prepositions the type allows: what a defence is "from" is
            # the danger, not the party helped)
            moves = tuple(p for p in MOVEMENT_PREPS if p in allowed)
            tgt = self._prep_target(anchor, preps=moves) or tgt
        if tgt is None or not self._coded(tgt):
            # "held talks with X", "imposed sanctions on X": the object noun's preposition
            # too, in the type's order ("complained to the UN over X": X is accused)
            alt = self._light_prep_target(anchor, tok, allowed) or (
                self._prep_target(obj, preps=allowed) if obj is not None else None
            )
            if alt is not None:
                tgt = alt
        if self._no_actor(tgt) or self._own_forces(tgt, src):
            tgt = self._object_phrase_target(anchor, tok, obj, src, allowed) or tgt
        if self._no_actor(tgt):
            tgt = self._complement_subject(anchor) or tgt
        if self._no_actor(tgt):
            protest = any(t == "PROTEST" for t, _m in cand.readings)
            aimed = self._purpose_target(anchor, tok, obj, src, protest)
            if aimed is not None:
                tgt = aimed
            elif type_ in PLACE_TARGET_TYPES:
                tgt = self._place_target(anchor, tok, obj) or tgt
        if type_ == "THREATEN" and self._no_actor(tgt):
            tgt = self._threat_target(anchor, src) or tgt
        return src, tgt

    def _clause_arguments(self, anchor: Any) -> tuple[Any | None, Any | None]:
        """(source, target) from the clause's subject: the subject acts; a passive's subject is
        the target and its agent ("by X") the source, unless the participle is stative ("X is
        committed to": X acts); a relative pronoun subject of an enacted text stands for whoever
        enacts it ("passed a law that bans rallies")."""
        pass_subj = next((c for c in anchor.children if c.dep_ in PASS_SUBJ_DEPS), None)
        agent = next((c for c in anchor.children if c.dep_ == "agent"), None)
        by = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None else None
        if pass_subj is None and by is not None and anchor.tag_ == "VBN" and self.actor_in(by) is not None:
            # a headline drops the auxiliary ("Navalny detained by police", "Diffa attacked
            # by Boko Haram fighters"): a participle with an actor as its "by" agent is passive
            # all the same ("shortened by one hour" is not), its subject or, read as a reduced
            # relative, the noun it modifies the one acted on
            pass_subj = next((c for c in anchor.children if c.dep_ in SUBJ_DEPS), None)
            if pass_subj is None and anchor.dep_ == "acl" and anchor.head.pos_ in ("NOUN", "PROPN"):
                pass_subj = anchor.head
        if pass_subj is not None:
            # "Vietnam is committed to", "Israel is opposed to": a stative participle's
            # grammatical subject is the doer
            stative = (
                anchor.lemma_.lower() in self.onto.stative_passives
                or anchor.lower_ in self.onto.stative_passives
            )
            if stative and agent is None:
                return pass_subj, None
            if agent is None:
                return self._late_agent(anchor), pass_subj
            return next((g for g in agent.children if g.dep_ == "pobj"), None), pass_subj
        src = self._subject(anchor)
        if (
            src is not None
            and src.tag_ == "WDT"
            and anchor.dep_ == "relcl"
            and anchor.head.lemma_.lower() in ENACTMENT_NOUNS
            and anchor.head.dep_ in ("dobj", "nsubjpass")
        ):
            # "approved a plan that will not allow X", "passed a law that bans Y": a text
            # acts through those who adopt it
            src = self._subject(anchor.head.head) or src
        return src, None

    def _own_means(self, obj: Any, src: Any | None) -> bool:
        """An object that is the source's own ("its troops") or its own forces."""
        own = any(c.dep_ == "poss" and c.lower_ in OWN_POSSESSIVES for c in obj.children)
        return own or self._own_forces(obj, src)

    def _object_phrase_target(
        self, anchor: Any, tok: Any, obj: Any | None, src: Any | None, allowed: tuple[str, ...]
    ) -> Any | None:
        """An actor inside the object phrase; the noun of a light verb is its object here
        ("announced a suspension of air links with X")."""
        inner_obj = obj if obj is not None else (tok if tok is not anchor else None)
        if inner_obj is not None and self._own_forces(inner_obj, src):
            inner_obj = None  # "mobilized reservists for a war against X": X
        # inside the object too, only the type's prepositions (plus the noun-phrase links "by"
        # and "of"): "defends its values from X" does not aim at X
        inner = tuple(p for p in INNER_TARGET_PREPS if p in allowed or p in NOUN_PHRASE_PREPS)
        return self._inner_target(anchor, inner_obj, src, inner, outer=allowed)

    def _complement_subject(self, anchor: Any) -> Any | None:
        """The subject of a complement clause naming an actor ("help Ukraine rebuild", "urge X
        to"); of several such clauses, the last."""
        found = None
        for c in anchor.children:
            if c.dep_ in ("ccomp", "xcomp"):
                s = next((g for g in c.children if g.dep_ in SUBJ_DEPS), None)
                if s is not None and self.actor_in(s, 2) is not None:
                    found = s
        return found

    def _purpose_target(
        self, anchor: Any, tok: Any, obj: Any | None, src: Any | None, protest: bool
    ) -> Any | None:
        """The object of a purpose clause ("opened fire to disperse demonstrators"; the
        infinitive may hang on the object noun too: "began a strike to protest"); for a
        protest, an actor inside what the clause or an "in protest against" phrase opposes."""
        nouns = [n for n in (obj, tok if tok is not anchor else None) if n is not None]
        on_noun = [c for n in nouns for c in n.children if c.dep_ in ("relcl", "acl")]
        for c in [*anchor.children, *on_noun]:
            # a purpose clause ("to disperse"), not a time or reason clause ("after a jet shot
            # down a helicopter")
            purpose = c.dep_ == "xcomp" or any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
            if c.dep_ in ("advcl", "xcomp", "relcl", "acl") and purpose:
                # the clause's own object, or its complement's ("to help defend X")
                o = next((g for g in c.children if g.dep_ == "dobj"), None) or next(
                    (g for x in c.children if x.dep_ == "xcomp" for g in x.children if g.dep_ == "dobj"),
                    None,
                )
                if o is not None and self.actor_in(o) is not None:
                    return o
                # a protest is aimed at what its purpose clause opposes ("to protest against
                # Sweden's decision"): an actor inside that clause's phrases
                inner = self._inner_target(c, o, src, PROTESTED_PREPS) if protest else None
                if inner is not None:
                    return inner
            elif protest and c.dep_ == "prep" and c.lemma_.lower() == "in":
                # "staged a hunger strike in protest against violations by X"
                noun = next((g for g in c.children if g.dep_ == "pobj"), None)
                inner = self._inner_target(noun, None, src, PROTESTED_PREPS) if noun is not None else None
                if inner is not None and noun.lemma_.lower() in PROTEST_NOUNS:
                    return inner
        return None

    # -- the special constructions and repairs the steps above use --------------------------
    def _death_by(self, noun: Any) -> tuple[Any | None, Any | None]:
        """(victim, custodian) of a death by violence named as a noun: "a prisoner died of
        torture", "died as a result of beatings while in police custody": the one who died
        is the target, and whoever held them in custody, named in the same clause, the source
        (deaths in detention are the detaining force's acts)."""
        t = noun
        for _ in range(4):  # "died [as [a result [of [torture]]]]"
            if t.dep_ not in ("pobj", "prep") or t.head.i == t.i:
                return None, None
            t = t.head
            if t.pos_ == "VERB":
                break
        if t.lemma_.lower() not in DEATH_VERBS:
            return None, None
        victim = next((c for c in t.children if c.dep_ in SUBJ_DEPS), None)
        custodian = None
        for c in t.subtree:
            if c.lemma_.lower() in CUSTODY_NOUNS and c.pos_ == "NOUN":
                custodian = self.actor_in(c, 2)
                break
        return victim, custodian

    def _late_agent(self, verb: Any) -> Any | None:
        """The agent of a passive verb that the small parser hung on the governing clause
        after an interruption ("X has been accused of misusing funds, much of it believed
        embezzled, by government officials"): a later "by" phrase of the governor naming an
        actor, unless the governor reports ("..., it was reported by Reuters")."""
        gov = verb.head
        if verb.dep_ not in ("ccomp", "conj") or gov.i == verb.i:
            return None
        if gov.lemma_.lower() in self.mod["attribution_verbs"]:
            return None
        for c in gov.children:
            if c.dep_ in ("prep", "agent") and c.lower_ == "by" and c.i > verb.i:
                pobj = self._pobj(c)
                if pobj is not None and self.actor_in(pobj) is not None:
                    return pobj
        return None

    def _place_target(self, anchor: Any, tok: Any, obj: Any | None) -> Any | None:
        """With no actor argument, the place the action happens in is its target: "imposed a
        curfew in Cizre", "arrived in Amman", "extend the curfew in X", "shortened the curfew
        imposed in X" (a participle on the object), "fired shells at targets in X"."""
        found = self._prep_target(anchor, preps=PLACE_PREPS)
        nouns = [n for n in (obj, tok if tok is not anchor else None) if n is not None]
        nouns += [a for n in nouns for a in n.children if a.dep_ == "acl"]
        nouns += [
            g
            for c in anchor.children
            if c.dep_ == "prep" and c.lemma_.lower() in AIMED_PREPS
            for g in c.children
            if g.dep_ == "pobj"
        ]
        for noun in nouns:
            if found is None:
                found = self._prep_target(noun, preps=PLACE_PREPS)
        return found

    def _own_forces(self, tok: Any, src: Any | None) -> bool:
        """An object that is the source's own forces ("mobilized army reservists", "deployed
        troops"): armed or police units with no other country than the source's."""
        at = self.actor_in(tok, 1)
        if at is None:
            return False
        a = self.tok_actor[at.i]
        if not self._armed(at):
            return False
        s_at = self.actor_in(src, 2) if src is not None else None
        s_country = self.tok_actor[s_at.i].country if s_at is not None else None
        return a.country is None or a.country == s_country

    def _armed(self, at: Any) -> bool:
        """Whether the actor at token ``at`` is an armed or police unit (ARMED_SECTORS)."""
        return (self.tok_actor[at.i].sector or "")[:3] in ARMED_SECTORS

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
        preps = THREAT_PREPS
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

    def _inner_target(
        self,
        verb: Any,
        obj: Any | None,
        src: Any | None,
        preps: tuple[str, ...] = INNER_TARGET_PREPS,
        outer: tuple[str, ...] = TARGET_PREPS,
    ) -> Any | None:
        """The actor an act is aimed at when it sits inside the object phrase ("rejected calls
        by X", "accepted demands from X", "denounced X's suppression") or inside a
        prepositional object ("reneged on his commitment to X"); ``outer`` are the verb's
        prepositions that may lead there (the event type's target prepositions)."""
        heads = [obj] if obj is not None else []
        # the verb's prepositional objects ("denounced as a crime X's suppression"), then those
        # of its complement ("refused to respond to a demand from X")
        for v in (verb, *(c for c in verb.children if c.dep_ == "xcomp")):
            if v is not verb:
                heads += [c for c in v.children if c.dep_ in OBJ_DEPS]
            heads += [
                g
                for c in v.children
                if c.dep_ == "prep" and (c.lemma_.lower() in outer or c.lemma_.lower() == "as")
                for g in c.children
                if g.dep_ == "pobj"
            ]
        skip = range(src.left_edge.i, src.right_edge.i + 1) if src is not None else ()
        for h in heads:
            at = self.actor_in(h, 5, skip=skip, preps=preps)
            if at is not None:
                return at
        return None

    def _subject(self, verb: Any) -> Any | None:
        for _ in range(4):
            # a note's locator the parser took for a subject ("Sanaa: Houthi leader X
            # threatens") says where, not who
            s = next(
                (
                    c
                    for c in verb.children
                    if c.dep_ in SUBJ_DEPS and not inside(self.filed, c.idx, c.idx + 1)
                ),
                None,
            )
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
            if (
                verb.dep_ == "conj"
                and verb.tag_ != "VBN"
                and not any(c.dep_ == "auxpass" for c in verb.children)
            ):
                # "was indicted and will resign": an active conjunct of a passive verb acts
                # through the passive's subject
                s = next((c for c in verb.head.children if c.dep_ == "nsubjpass"), None)
                if s is not None:
                    return s
            if verb.dep_ == "ccomp" and self._reporting(verb.head):
                # "X is expected to visit China, officials said": who reports an act never
                # does it; a subjectless reported clause has no source of its own
                return None
            if verb.dep_ == "xcomp" and verb.head.i != verb.i:
                # "X is expected / due / set to visit": the raised passive subject acts
                s = next((c for c in verb.head.children if c.dep_ == "nsubjpass"), None)
                if s is not None:
                    return s
            if verb.dep_ in SUBJECT_LINKS and verb.head.i != verb.i:
                # "urged Russia to withdraw": the object of an object-control governor is
                # the doer ("summoned the ambassador to complain" is the summoner's complaint)
                if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in self.mod["object_control_verbs"]:
                    o = next((c for c in verb.head.children if c.dep_ in ("dobj",)), None)
                    o = o or self._prep_target(verb.head, preps=OBJECT_CONTROL_PREPS)
                    if o is not None:
                        return o
                came, verb = verb, verb.head
                if verb.pos_ in ("NOUN", "PROPN"):  # "readiness to increase": the noun's owner
                    no_main_verb = verb.sent.root.pos_ in ("NOUN", "PROPN")
                    if came.dep_ == "acl" and no_main_verb and verb.i in self.tok_actor:
                        # no main verb found: "Doctors from X donated and delivered ..." was
                        # parsed as a noun with a participle; the noun is the doer
                        return verb
                    p = next((c for c in verb.children if c.dep_ == "poss"), None)
                    return p if p is not None else self._subject(verb.head)
            else:
                return self._adjacent_subject(verb)
        return None

    def _reporting(self, verb: Any) -> bool:
        """A verb reporting a clause ("officials said"), not one acting on a thing ("declared a
        state of siege", whose clauses are the act's own)."""
        if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in self.mod["attribution_verbs"]:
            return False
        return not any(
            c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN") and c.i not in self.tok_actor
            for c in verb.children
        )

    def _adjacent_subject(self, verb: Any) -> Any | None:
        """A finite verb the parser left without a subject ("With the signing of X, the
        government and the rebels have agreed": the actors hang in the opening phrase): the
        actor right before the verb and its auxiliaries. Never for a passive."""
        kids = list(verb.children)
        if any(c.dep_ in ("nsubjpass", "csubjpass", "expl", "auxpass") for c in kids):
            return None
        if verb.tag_ not in ("VBD", "VBZ", "VBP") and not any(c.dep_ == "aux" for c in kids):
            return None
        left = min([verb.i, *(c.i for c in kids if c.i < verb.i and c.dep_ in ("aux", "neg", "advmod"))])
        prev = self.parsed[left - 1] if left > verb.sent.start else None
        return prev if prev is not None and prev.i in self.tok_actor else None

    def _coded(self, tok: Any) -> bool:
        """Whether an argument holds an actor with a known identity (a bare "intelligence" or
        "air defense" tagged by the actor layer does not beat a coded prepositional target)."""
        if tok.pos_ == "PRON":
            return True
        at = self.actor_in(tok)
        return at is not None and bool(self.tok_actor[at.i].country or self.tok_actor[at.i].canonical)

    def _prep_target(self, tok: Any, preps: tuple[str, ...] = TARGET_PREPS) -> Any | None:
        """The object of the first of ``preps`` (in their order) that holds an actor ("by" is
        never a target preposition: its object is the agent)."""
        best = self._ranked_prep_target(tok, preps)
        return best[1] if best else None

    def _light_prep_target(self, anchor: Any, noun: Any, preps: tuple[str, ...]) -> Any | None:
        """The target phrase of a light verb and its event noun together, by preference of
        the preposition ("held a meeting with X at a dinner hosted by Y": "with" outranks
        the verb's "at"); the verb wins a tie."""
        found = [b for h in (anchor, noun) if (b := self._ranked_prep_target(h, preps)) is not None]
        return min(found, key=lambda b: b[0])[1] if found else None

    def _ranked_prep_target(self, tok: Any, preps: tuple[str, ...]) -> tuple[int, Any] | None:
        best: tuple[int, Any] | None = None
        # prepositions may hang off a particle: "kidnapped up to 16 advisers"
        kids = [g for c in tok.children for g in ([c, *c.children] if c.dep_ == "prt" else [c])]
        for c in kids:
            lemma = c.lemma_.lower()
            if c.dep_ in ("prep", "dative") and lemma in preps:
                pobj = self._pobj(c)
                if lemma == "with" and pobj is not None and pobj.lemma_.lower() in HELP_NOUNS:
                    continue  # "with Albania's help", "with the backing of X": an ally, not a target
                if pobj is not None and (self.actor_in(pobj) is not None or pobj.pos_ == "PRON"):
                    rank = preps.index(lemma)
                    if best is None or rank < best[0]:
                        best = (rank, pobj)
        return best

    @staticmethod
    def _pobj(prep: Any) -> Any | None:
        """The object of a preposition. The small parser often reads a reduced relative as a
        clause of its own ("granted asylum to five officers holed up in ...": "officers" the
        subject of "holed", "to" left empty); the subject starting right after an empty
        preposition is its object then."""
        pobj = next((g for g in prep.children if g.dep_ == "pobj"), None)
        if pobj is not None or prep.head.i == prep.i:
            return pobj
        for v in [*prep.children, *prep.head.children]:  # "to [soldiers hiding in ...]"
            if v.dep_ in ("pcomp", "advcl", "relcl", "acl", "ccomp", "conj") and v.i > prep.i:
                s = next((g for g in v.children if g.dep_ in SUBJ_DEPS), None)
                if s is not None and s.left_edge.i == prep.i + 1:
                    return s
        return None

    def _nearest_actor(self, tok: Any, exclude: Any | None) -> Any | None:
        """Fallback source: the closest actor reached by climbing the trigger's ancestors
        (at most 4 steps), looking at subjects and 'of' phrases of each ancestor."""
        excl = set(range(exclude.left_edge.i, exclude.right_edge.i + 1)) if exclude is not None else set()
        cur, came = tok, tok
        for _ in range(4):
            if cur.head.i == cur.i:
                break
            came, cur = cur, cur.head
            if self._reporting(cur):
                break  # "..., officials said": the reporter is no party to what is reported
            for c in cur.children:
                if c.i == came.i or c.dep_ not in (*SUBJ_DEPS, "prep", "poss", "compound"):
                    continue
                if c.dep_ == "prep" and c.lemma_.lower() != "of":
                    continue
                at = self.actor_in(c, 4, skip=excl)
                if at is not None and at.i not in excl:
                    return at
        return None
