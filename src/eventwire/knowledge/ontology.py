"""The event ontology as data: PLOVER types and modes, CAMEO codes, QuadClass, Goldstein,
trigger lexicons and modality cues.

Everything here is read from JSON/TSV files in ``data/`` (prefix ``ontology_``). A user can swap
in another ontology by pointing the events component's options at other files::

    Config(options={"events": {"ontology": "my_types.json", "triggers": "my_triggers.json"}})

Files: ``ontology_plover.json`` (types, quad class, modes -> CAMEO code), ``ontology_cameo.tsv``
(CAMEO -> PLOVER crosswalk, derived from the published 2021 table by
scripts/build_events_ontology.py), ``ontology_goldstein.tsv`` (Goldstein score per CAMEO root),
``ontology_triggers.json`` (trigger lemmas and phrases), ``ontology_modality.json`` (cues).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

Reading = tuple[str, str | None]  # (PLOVER type, mode or None)


def _read(name_or_path: str | Path) -> str:
    """Read a packaged data file by name, or any file by path."""
    p = Path(name_or_path)
    if p.is_absolute() or p.exists():
        return p.read_text("utf-8")
    return resources.files("eventwire.knowledge").joinpath(f"data/{name_or_path}").read_text("utf-8")


@dataclass(frozen=True, slots=True)
class EventType:
    name: str
    quad_class: int
    cameo: str  # default CAMEO code when no mode is known
    description: str
    modes: dict[str, str]  # mode -> CAMEO code


@dataclass(slots=True)
class Ontology:
    types: dict[str, EventType]
    cameo: dict[str, tuple[str, str, str, str]]  # code -> (plover, mode, context, description)
    goldstein: dict[str, float]  # CAMEO root (2 digits) -> score
    verbs: dict[str, list[Reading]] = field(default_factory=dict)
    nouns: dict[str, list[Reading]] = field(default_factory=dict)
    phrases: dict[str, Reading] = field(default_factory=dict)  # "call on", "impose sanction"
    light_verbs: frozenset[str] = frozenset()
    mode_cues: dict[str, dict[str, str]] = field(default_factory=dict)
    strike_protest_cues: frozenset[str] = frozenset()
    negation_flip: dict[str, str] = field(default_factory=dict)
    subject_is_target: frozenset[str] = frozenset()  # "Russia bears responsibility": subject = target
    fallback_source_types: frozenset[str] = frozenset()  # may take the nearest actor as source
    reading_cues: dict[str, dict[str, Reading]] = field(default_factory=dict)  # trigger -> word -> reading
    modality: dict[str, Any] = field(default_factory=dict)

    def cameo_for(self, type_: str, mode: str | None) -> str | None:
        """CAMEO code for a type+mode: the mode's code if the ontology lists one, else the
        most general crosswalk code with that type and mode, else the type's default."""
        t = self.types.get(type_)
        if t is None:
            return None
        if mode and mode in t.modes:
            return t.modes[mode]
        if mode:
            codes = sorted((c for c, r in self.cameo.items() if r[0] == type_ and r[1] == mode), key=len)
            if codes:
                return codes[0]
        return t.cameo

    def goldstein_for(self, cameo: str | None) -> float | None:
        return None if not cameo else self.goldstein.get(cameo[:2])

    def quad_class(self, type_: str) -> int | None:
        t = self.types.get(type_)
        return t.quad_class if t else None


def _readings(raw: dict[str, list[list[Any]]]) -> dict[str, list[Reading]]:
    return {k: [(r[0], r[1]) for r in v] for k, v in raw.items() if not k.startswith("_") and v}


def load_ontology(
    types_file: str | Path = "ontology_plover.json",
    triggers_file: str | Path = "ontology_triggers.json",
    modality_file: str | Path = "ontology_modality.json",
    cameo_file: str | Path = "ontology_cameo.tsv",
    goldstein_file: str | Path = "ontology_goldstein.tsv",
) -> Ontology:
    raw = json.loads(_read(types_file))
    types = {
        name: EventType(
            name, int(t["quad_class"]), t["cameo"], t.get("description", ""), dict(t.get("modes", {}))
        )
        for name, t in raw["types"].items()
    }
    cameo = {
        r["cameo"]: (r["plover"], r["mode"], r["context"], r["description"])
        for r in csv.DictReader(io.StringIO(_read(cameo_file)), delimiter="\t")
    }
    gold_lines = [ln for ln in _read(goldstein_file).splitlines() if ln and not ln.startswith("#")]
    goldstein = {r["cameo_root"]: float(r["goldstein"]) for r in csv.DictReader(gold_lines, delimiter="\t")}
    trig = json.loads(_read(triggers_file))
    return Ontology(
        types=types,
        cameo=cameo,
        goldstein=goldstein,
        verbs=_readings(trig.get("verbs", {})),
        nouns=_readings(trig.get("nouns", {})),
        phrases={k: (v[0], v[1]) for k, v in trig.get("phrases", {}).items()},
        light_verbs=frozenset(trig.get("light_verbs", [])),
        mode_cues=trig.get("mode_cues", {}),
        strike_protest_cues=frozenset(trig.get("strike_protest_cues", [])),
        negation_flip=dict(trig.get("negation_flip", {})),
        subject_is_target=frozenset(trig.get("subject_is_target", [])),
        fallback_source_types=frozenset(trig.get("fallback_source_types", [])),
        reading_cues={
            k: {w: (r[0], r[1]) for w, r in v.items()} for k, v in trig.get("reading_cues", {}).items()
        },
        modality=json.loads(_read(modality_file)),
    )
