"""ACLED event and sub-event types as data (``data/acled.json``): the codebook's six types and
25 sub-types, the coarse family of each (protest, riot, violence, strategic), and which
sub-types an event of each PLOVER type may carry."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources

FAMILIES = ("protest", "riot", "violence", "strategic", "none")


@dataclass(frozen=True, slots=True)
class Acled:
    type_of: dict[str, str]  # sub-type -> type
    family_of_type: dict[str, str]  # type -> family
    compatible: dict[str, frozenset[str]]  # PLOVER type -> sub-types it may carry

    @property
    def sub_types(self) -> list[str]:
        return list(self.type_of)

    def family(self, sub_type: str | None) -> str:
        if sub_type is None:
            return "none"
        return self.family_of_type[self.type_of[sub_type]]

    def allows(self, plover_type: str, sub_type: str) -> bool:
        return sub_type in self.compatible.get(plover_type, frozenset())


def load_acled(name: str = "acled.json") -> Acled:
    raw = json.loads(resources.files("eventwire.knowledge").joinpath(f"data/{name}").read_text("utf-8"))
    type_of = {s: t for t, v in raw["types"].items() for s in v["sub_types"]}
    fam = {t: v["family"] for t, v in raw["types"].items()}
    if not set(fam.values()) <= set(FAMILIES):
        raise ValueError(f"{name}: unknown family in {sorted(set(fam.values()))}")
    compat = {k: frozenset(v) for k, v in raw["compatible"].items()}
    unknown = {s for v in compat.values() for s in v} - set(type_of)
    if unknown:
        raise ValueError(f"{name}: 'compatible' names unknown sub-types {sorted(unknown)}")
    return Acled(type_of, fam, compat)
