"""Loader for the event-location layer's word lists (data/event_places_lexicon.json): place
nouns, person titles, locative prepositions and the incident rule's nouns, verbs and
prepositions. Kept as data so a user can extend them without touching the rules."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources


@cache
def event_place_lexicon() -> dict[str, frozenset[str]]:
    raw = json.loads(
        resources.files(__package__).joinpath("data/event_places_lexicon.json").read_text("utf-8")
    )
    return {k: frozenset(v) for k, v in raw.items() if not k.startswith("_")}
