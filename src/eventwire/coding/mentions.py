"""The actor mentions of one document, looked up by token, with pronoun resolution and
attribution (who reports or claims an event).

Coded actors (doc.actors) come first; named entities fill the gaps the actor layer left, and
resolved places come last (a town is the target of what happens in it). First-person pronouns
in a quote resolve to its speaker; third-person ones to the nearest preceding actor or subject.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..knowledge.actors import load_unplaced
from ..knowledge.datelines import filed_spans, inside
from ..knowledge.event_arguments import load_argument_words
from ..knowledge.ontology import Ontology
from ..model import Actor, AnnotatedDoc, Place, Quote

ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
SUBJ_DEPS = frozenset({"nsubj", "csubj"})
CROWD_QUANTITIES = load_argument_words().crowd_quantities
# a capital in these roles is its government (PLOVER GSR convention), elsewhere its people
CAPITAL_AS_GOVERNMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj"})
# nouns of claims and warnings (beside the demanding governors) that carry a "that" clause
CLAIM_NOUNS = frozenset({"reminder", "warning", "ultimatum", "claim", "assurance", "pledge"})
THIRD_PERSON = frozenset(
    {"it", "its", "they", "their", "them", "he", "his", "him", "she", "her", "who", "which"}
)


class Mentions:
    """Per-document actor lookups: token -> actor mention, quotes, recent sources."""

    def __init__(self, doc: AnnotatedDoc, onto: Ontology) -> None:
        self.doc, self.onto = doc, onto
        self.mod = onto.modality
        self.parsed = doc.nlp
        self.text = doc.text
        self.tok_actor: dict[int, Actor] = {}
        # coded actors first; named entities fill the gaps the actor layer left ("Tamil")
        actors = list(doc.actors)
        ents = doc.entities or [
            Actor(e.start_char, e.end_char, e.text) for e in self.parsed.ents if e.label_ in ACTOR_LABELS
        ]
        datelines = filed_spans(self.text, ((p.start, p.end) for p in doc.places))
        self.filed = datelines  # where, never who: a dateline or a note's locator
        for e in ents:
            if getattr(e, "label", "PERSON") not in ACTOR_LABELS or inside(datelines, e.start, e.end):
                continue
            if any(a.start < e.end and e.start < a.end for a in doc.actors) or self._rejected(e):
                continue
            actors.append(Actor(e.start, e.end, e.text, e.canonical, e.country, e.sector))
        # resolved places last: a town is the target of what happens in it ("a curfew in
        # Algiers", "shelled Kharkiv") even when the entity tagger called it LOC
        unplaced = load_unplaced()  # "Western partners": a bloc, not Sri Lanka's province
        for p in doc.places:
            if p.country and not inside(datelines, p.start, p.end) and p.text.lower() not in unplaced:
                if not any(a.start < p.end and p.start < a.end for a in actors):
                    actors.append(Actor(p.start, p.end, p.text, p.name, p.country, self._place_sector(p)))
        actors += self._crowds(actors)
        self.actors = actors
        for a in actors:
            span = self.parsed.char_span(a.start, a.end, alignment_mode="expand")
            if span is not None:
                for t in span:
                    self.tok_actor.setdefault(t.i, a)
        self.quotes: list[Quote] = sorted(doc.quotes, key=lambda q: q.start)
        # nouns of demanding or warning whose "that" clause someone's object noun phrase carries
        self._claim_nouns = frozenset(self.mod["demanding_governors"]) | CLAIM_NOUNS
        self.sent_starts = [s.start for s in doc.sentences]
        self.prev_sources: list[tuple[int, Actor]] = []  # (sentence, actor) for pronoun fallback

    def _crowds(self, actors: list[Actor]) -> list[Actor]:
        """A bare quantity as a clause's subject is a crowd of people, the doer: "Thousands
        marched in Santiago", "Hundreds rallied outside parliament" (civilians of no stated
        country; ``crowd_quantities`` in data/event_arguments.json). "Thousands of Chileans"
        is the Chileans' own phrase, and "thousands of dollars" no subject of an act."""
        if self.parsed is None:
            return []
        out = []
        for t in self.parsed:
            if (
                t.dep_ == "nsubj"
                and t.lower_ in CROWD_QUANTITIES
                and not any(c.dep_ == "prep" for c in t.children)
                and not any(a.start <= t.idx < a.end for a in actors)
            ):
                start = min(c.idx for c in t.subtree)
                out.append(Actor(start, t.idx + len(t), self.text[start : t.idx + len(t)], sector="CVL"))
        return out

    def _rejected(self, ent: Any) -> bool:
        """An entity the actor layer left out on purpose: a concrete common noun the tagger
        called ORG or PERSON ("Missiles", "Debris"), or an uncoded adjective of nationality or
        creed ("Mormon community", "Western allies") that only modifies the real argument."""
        span = self.parsed.char_span(ent.start, ent.end, alignment_mode="expand")
        if span is None or not any(t.pos_ == "PROPN" for t in span):
            return True
        uncoded = not (ent.canonical or ent.country or ent.sector)
        return uncoded and getattr(ent, "label", "") == "NORP"

    def _place_sector(self, place: Place) -> str | None:
        """The PLOVER convention for a town named as an actor: civilians (CVL), except a
        capital as subject or direct object, which stands for its government ("shelled
        Kabul" vs "a curfew in Kabul"). Regions and countries keep no sector here."""
        feature = place.feature or ""
        if not feature.startswith("P."):
            return None
        if feature == "P.PPLC":
            span = self.parsed.char_span(place.start, place.end, alignment_mode="expand")
            if span is not None and span.root.dep_ in CAPITAL_AS_GOVERNMENT_DEPS:
                return "GOV"
        return "CVL"

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
                # nor a content clause on a noun ("an admission by X that Y did ...": Y is
                # what is admitted, not who is asked)
                nxt.extend(
                    c
                    for c in t.children
                    if c.dep_ not in ("relcl", "advcl", "ccomp", "punct", "cc")
                    and (c.dep_ != "prep" or c.lemma_.lower() in prep_ok)
                    and not (c.dep_ == "acl" and any(g.dep_ == "mark" for g in c.children))
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
        at = self.actor_in(tok)
        if at is None:
            # "doctors from two American aid groups": the body behind an uncoded group noun,
            # through a "from" on the head itself only ("its values from Russian aggression"
            # does not make Russia the argument)
            froms = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "from" for g in c.children]
            at = next((a for g in froms if g.dep_ == "pobj" and (a := self.actor_in(g)) is not None), None)
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
        # the subject of a clause reported by its governor's subject is, by default, that
        # subject: "militants loyal to X said they attempted ...", "Nigeria announced that
        # it will ..." (not the nearest name, which may sit inside the speaker's phrase)
        verb = pron.head
        if pron.dep_ in SUBJ_DEPS and verb.dep_ == "ccomp" and verb.head.i != verb.i:
            speaker = next((c for c in verb.head.children if c.dep_ in SUBJ_DEPS and c.i < pron.i), None)
            if speaker is not None and speaker.pos_ != "PRON" and speaker.i in self.tok_actor:
                return [self.tok_actor[speaker.i]]
        # the nearest actor earlier in the sentence ("help Ukraine as it rebuilds"), else a
        # recent event source; an actor that only modifies another noun ("rejected a
        # Senegalese peace plan, and said they ...") is no antecedent
        for t in reversed(list(pron.sent[: pron.i - pron.sent.start])):
            if t.i in self.tok_actor and not self._mere_modifier(t):
                return [self.tok_actor[t.i]]
        for s, a in reversed(self.prev_sources):
            if sent_i - s <= 1:
                return [a]
        return []

    def _mere_modifier(self, tok: Any) -> bool:
        """Whether an actor mention is an adjective or noun modifier of a non-actor noun."""
        root = self._actor_root(tok)
        a = self.tok_actor[tok.i]
        top = tok
        while top.head.i != top.i and self.tok_actor.get(top.head.i) is a:
            top = top.head
        return root is not top and top.dep_ in ("amod", "compound") and root.i not in self.tok_actor

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
            if anc.pos_ == "NOUN" and anc.dep_ == "dobj" and anc.lemma_.lower() in self._claim_nouns:
                # "X issued a reminder to Y that it must ...", "X repeated its demand that ...":
                # the one who makes the demand or claim says it
                for c in anc.head.children:
                    if c.dep_ in SUBJ_DEPS:
                        found = self.resolve(c, None, sent_i)
                        if found:
                            return found[0]
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

    def span_of(self, actor: Actor) -> Any | None:
        return self.parsed.char_span(actor.start, actor.end, alignment_mode="expand")
