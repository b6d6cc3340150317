"""Loaders for the event-location layer's data: its word lists (data/event_places_lexicon.json:
place nouns, person titles, locative prepositions and the incident rule's nouns, verbs and
prepositions) and the precision of a place (data/places_precision.tsv: ACLED's geo_precision
by feature class, and floors by how the place was found). Kept as data so a user can extend
them without touching the rules."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources


@cache
def event_place_lexicon() -> dict[str, frozenset[str]]:
    raw = json.loads(
        resources.files(__package__).joinpath("data/event_places_lexicon.json").read_text("utf-8")
    )
    return {k: frozenset(v) for k, v in raw.items() if not k.startswith("_")}


@dataclass(frozen=True, slots=True)
class PrecisionTable:
    """data/places_precision.tsv: ACLED's geo_precision by feature, and floors by how found."""

    features: dict[str, int]  # feature prefix ("P", "A.ADM2") -> precision; "default"
    found: dict[str, int]  # "relation", "article" -> the least precision number it allows

    def of_feature(self, feature: str | None) -> int:
        """The precision of a feature: the longest row key that starts it."""
        if feature:
            for n in range(len(feature), 0, -1):
                if (hit := self.features.get(feature[:n])) is not None:
                    return hit
        return self.features["default"]


@cache
def precision_table() -> PrecisionTable:
    text = resources.files(__package__).joinpath("data/places_precision.tsv").read_text("utf-8")
    rows = [ln.split("\t") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    tables: dict[str, dict[str, int]] = {"feature": {}, "found": {}}
    for kind, key, precision, *_ in rows:
        tables[kind][key] = int(precision)
    return PrecisionTable(tables["feature"], tables["found"])
