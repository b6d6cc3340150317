"""The word lists and preference tables of source and target selection
(data/event_arguments.json, used by coding/arguments.py): target prepositions in order of
preference, the nouns and verbs of its special constructions ("with X's help", "passed a law
that bans", "died of torture"). Kept as data so a researcher can extend them without touching
the rules; docs/events_model.md ("How source and target are chosen") says which rule reads
which list."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .wordlists import load_word_lists


@dataclass(frozen=True, slots=True)
class ArgumentWords:
    """data/event_arguments.json; tuples are in order of preference, frozensets unordered."""

    target_preps: tuple[str, ...]  # "sanctions on X": the default target prepositions
    inner_target_preps: tuple[str, ...]  # "rejected calls by X"
    noun_phrase_preps: tuple[str, ...]  # "by", "of": always open an object phrase
    protested_preps: tuple[str, ...]  # "to protest against X's decision"
    protest_nouns: frozenset[str]  # "in protest against X"
    participation_types: frozenset[str]  # "converged for a rally": the subject takes part
    participation_preps: tuple[str, ...]  # "for" (a rally), "in" (talks)
    host_preps: tuple[str, ...]  # "flew to Moscow for talks"
    movement_types: frozenset[str]  # "the deployment of Turkish troops"
    armed_sectors: frozenset[str]  # "MIL", "COP"
    movement_preps: tuple[str, ...]  # "withdrew its troops from X"
    own_possessives: frozenset[str]  # "its", "their"
    conflict_noun_preps: tuple[str, ...]  # "the invasion of X", "a curfew in X"
    help_nouns: frozenset[str]  # "with Albania's help": an ally, not a target
    enactment_nouns: frozenset[str]  # "passed a law that bans rallies"
    death_verbs: frozenset[str]  # "died of torture"
    custody_nouns: frozenset[str]  # "while in police custody"
    place_preps: tuple[str, ...]  # "imposed a curfew in Cizre"
    place_target_types: frozenset[str]  # the types whose place may be their target
    crowd_quantities: frozenset[str]  # "Thousands marched": a crowd, the doer
    aimed_preps: tuple[str, ...]  # "fired shells at targets in X"
    threat_preps: tuple[str, ...]  # "threatened to resume attacks in Israel"
    object_control_preps: tuple[str, ...]  # "called on Russia to withdraw"
    non_agents: frozenset[str]  # "an Air X jet crashed": a vehicle, craft or structure does nothing
    tagger_place_preps: frozenset[str]  # "arrested in Iran": no place name for the tagger
    circumstance_preps: frozenset[str]  # "after a cyberattack on Swiss servers": when, not who


@lru_cache(maxsize=1)
def load_argument_words() -> ArgumentWords:
    """data/event_arguments.json; ValueError naming a list the file lacks or does not know."""
    return load_word_lists("event_arguments.json", ArgumentWords)
