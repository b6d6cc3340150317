"""The actors layer's knowledge as spaCy string hashes, so that matching never builds strings.

The knowledge itself is data (``knowledge/data/actors*``, loaded by ``eventwire.knowledge.actors``);
this module only indexes it, and defines the two records the layer passes around: a lexicon
``Match`` over tokens and a ``Coded`` noun phrase.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ...context import Context
from ...knowledge.actors import ActorKnowledge, ActorWords, Named, Role, load_actor_words
from .._names import index_phrases, name_index

PEOPLE = frozenset({"CVL", "REF"})  # sectors of people who are where they are found


@dataclass(slots=True)
class Lexicon:
    """The knowledge, indexed by spaCy string hashes (each word list: data/actors_words.json)."""

    knowledge: ActorKnowledge
    words: ActorWords  # the word lists as written (data/actors_words.json)
    strings: Any  # spaCy StringStore
    names: dict[int, list[tuple[tuple[int, ...], Named]]]  # first token ORTH -> longest first
    roles: dict[int, list[tuple[tuple[int, ...], Role]]]  # first token LOWER -> longest first
    complement: frozenset[int]  # "of", "from"
    former: frozenset[int]  # "former", "ousted", ...
    prep_in: frozenset[int]  # "in", "at", "inside"
    prep_at: frozenset[int]  # "at": after it only a proper name places
    prep_to: frozenset[int]  # "to": "opposition to X" is a stance
    ethnic: frozenset[int]  # "ethnic"
    stance: frozenset[int]  # "pro", "anti"
    agentive: frozenset[int]  # "backed", "occupied", ...
    hyphen: int
    capital: frozenset[int]  # "capital": "the regional capital Juba" names the town
    subnational: frozenset[int]  # "regional", "provincial", ...
    placing: frozenset[int]  # lemmas of "based", "operating", "living" (in X)
    leader_titles: frozenset[int]  # "president", "king", "leader", ...
    official: frozenset[int]  # "official", "state", "government": on a news outlet, GOV
    member: frozenset[int]  # "member": "EU member states" are not the EU acting
    nominal_det: frozenset[int]  # "the": "the wounded" names people
    label: dict[int, str]  # POS / DEP / TAG id -> name, filled as met
    lemma_lower: dict[int, int]  # LEMMA hash -> hash of the lower-cased lemma, filled as met


def load_lexicon(ctx: Context) -> Lexicon:
    names = name_index(ctx)  # tokenised once, shared with the entities layer
    kb = names.knowledge
    nlp = ctx.nlp
    strings = nlp.vocab.strings

    def lowers(s: str) -> list[int]:
        # tokenised as a title would be written, so that "gen." splits like "Gen." in text
        titled = " ".join(w[:1].upper() + w[1:] for w in s.split())
        return [strings.add(t.text.lower()) for t in nlp.tokenizer(titled)]

    w = load_actor_words()

    def ids(words: Iterable[str]) -> frozenset[int]:
        return frozenset(strings.add(x) for x in words)

    return Lexicon(
        knowledge=kb,
        words=w,
        strings=strings,
        names=names.names,
        roles=index_phrases(kb.roles, lowers),
        complement=ids(w.complement_prepositions),
        former=ids(w.former),
        prep_in=ids(w.placing_prepositions),
        prep_at=ids(w.proper_only_prepositions),
        prep_to=ids(w.stance_complement_prepositions),
        ethnic=ids(w.people_markers),
        stance=ids(w.stance_prefixes),
        agentive=ids(w.agentive_participles),
        hyphen=strings.add("-"),
        capital=ids(w.capital_words),
        subnational=ids(w.subnational_words),
        placing=ids(w.placing_lemmas),
        leader_titles=ids(w.leader_titles),
        official=ids(w.state_media_words),
        member=ids(w.member_words),
        nominal_det=ids(w.nominal_determiners),
        label={},
        lemma_lower={},
    )


@dataclass(slots=True)
class Match:
    """A lexicon name or role word over tokens [start, end)."""

    start: int
    end: int
    value: Any  # Named | Role


@dataclass(slots=True)
class Coded:
    """A noun phrase coded as an actor: tokens [start, end) headed by ``head``."""

    start: int
    end: int
    head: int
    canonical: str | None
    country: str | None
    sector: str | None
    name_kind: str | None  # kind of the lexicon name heading the NP, if any
    why: str | None = None  # the knowledge row or rule that coded it (Actor.why)
