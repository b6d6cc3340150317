"""Lexicons for the quotes layer (data/quotes_lexicon.json): cue verbs, role and document nouns.

The attribution rules live in annotate/quotes.py; every word list they consult lives in the
JSON file so that it can be extended without touching code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True, slots=True)
class QuoteLexicon:
    speech_verbs: frozenset[str]  # lemmas that introduce speech ("say", "warn", "accuse")
    cognition_verbs: frozenset[str]  # lemmas that report beliefs ("think", "believe")
    continue_verbs: frozenset[str]  # "X continued:" / "X went on:" before a block quote
    quote_verbs: frozenset[str]  # cue only next to quotation marks ("yelled", "the sign read")
    addressee_verbs: frozenset[str]  # the direct object is the hearer, not the content ("told reporters")
    prep_content: dict[str, frozenset[str]]  # "accused X of Y": prepositions that carry content
    content_deps: frozenset[str]
    source_prepositions: tuple[tuple[str, ...], ...]  # "according to X", "citing X"
    person_pronouns: frozenset[str]
    group_pronouns: frozenset[str]
    role_nouns: frozenset[str]  # "the minister" -> last named person
    document_nouns: frozenset[str]  # "the statement" -> the body that issued it
    collective_nouns: frozenset[str]  # "the Allies" -> the most salient organisation
    anonymous_nouns: frozenset[str]  # "a senior diplomat": kept as an anonymous source
    title_words: frozenset[str]  # "the film 'X'": quoted titles are not statements
    scare_max_words: int  # unattributed quotes this short are scare quotes
    headline_labels: frozenset[str]  # "Poll: ...", "Watch: ..." are section labels, not speakers

    @property
    def cue_verbs(self) -> frozenset[str]:
        return self.speech_verbs | self.cognition_verbs


def load_quote_lexicon() -> QuoteLexicon:
    raw = json.loads(
        resources.files("eventwire.knowledge").joinpath("data/quotes_lexicon.json").read_text("utf-8")
    )

    def words(key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in raw[key])

    return QuoteLexicon(
        speech_verbs=words("speech_verbs"),
        cognition_verbs=words("cognition_verbs"),
        continue_verbs=words("continue_verbs"),
        quote_verbs=words("quote_verbs"),
        addressee_verbs=words("addressee_verbs"),
        prep_content={k: frozenset(v) for k, v in raw["prep_content"].items()},
        content_deps=words("content_deps"),
        source_prepositions=tuple(tuple(p) for p in raw["source_prepositions"]),
        person_pronouns=words("person_pronouns"),
        group_pronouns=words("group_pronouns"),
        role_nouns=words("role_nouns"),
        document_nouns=words("document_nouns"),
        collective_nouns=words("collective_nouns"),
        anonymous_nouns=words("anonymous_nouns"),
        title_words=words("title_words"),
        scare_max_words=int(raw["scare_max_words"]),
        headline_labels=words("headline_labels"),
    )
