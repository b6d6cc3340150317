"""The event ontology as data: PLOVER types and modes, CAMEO codes, QuadClass, Goldstein,
trigger lexicons and modality cues.

Everything here is read from JSON/TSV files in ``data/`` (prefix ``ontology_``). A user can swap
in another ontology by pointing the events component's options at other files::

    Config(options={"events": {"ontology": "my_types.json", "triggers": "my_triggers.json"}})

Files: ``ontology_plover.json`` (types, quad class, modes -> CAMEO code), ``ontology_cameo.tsv``
(CAMEO -> PLOVER crosswalk, derived from the published 2021 table by
scripts/build_events_ontology.py), ``ontology_goldstein.tsv`` (Goldstein score per CAMEO root),
``ontology_triggers.json`` (trigger lemmas and phrases), ``ontology_modality.json`` (cues).

Each type may name an ``intent_cameo`` and a ``demand_cameo``: the CAMEO code of its action when
announced or demanded. eventwire keeps the action as the event type and says "future" or
"demanded" in the modality; the event's CAMEO code follows the coders' convention (03x intent,
13x threat, 10x demand), and ``Ontology.plover_view`` reads the event as PLOVER coders do.
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
class SenseConstraint:
    """What a verb needs to be the lexicon's event rather than an everyday sense ("charge
    phones" is no accusation, "called it a disgrace" no call). With no requirement listed,
    only ``never_deps`` applies."""

    object: str | None = None  # "actor": the object (or passive subject) must be an actor
    or_preps: frozenset[str] = frozenset()  # a preposition that is enough instead ("charged with")
    or_deps: frozenset[str] = frozenset()  # a dependency that is enough instead ("charged that")
    never_deps: frozenset[str] = frozenset()  # a dependency ruling the sense out ("called it X")
    subject: str | None = None  # "actor": a subject, when there is one, must be an actor
    # a "that" clause is enough when its subject is a pronoun and its verb has a modal: "warned
    # that it would respond" threatens, "warned that the fighting was far from over" does not
    or_own_clause: bool = False
    or_conditional: bool = False  # an "if"/"unless" clause is enough: "warned of a reaction if X"
    never_questions: bool = False  # a question clause rules it out: "asked whether X" requests nothing
    never_pobjs: frozenset[str] = frozenset()  # a prepositional object ruling it out: "killed in a fire"
    # verbs by which an actor enacts a thing subject: "approved a plan that will not allow X"
    or_enacted_by: frozenset[str] = frozenset()
    # a naming complement rules the sense out ("called it a disgrace" names, it requests nothing)
    never_naming: bool = False


@dataclass(frozen=True, slots=True)
class SportsContext:
    """Words that make a sentence a report on sport, and the event types that a sports
    sentence never expresses unless an armed or police actor is in it ("beat the hosts 2-0")."""

    cues: frozenset[str] = frozenset()  # lemmas; "min_cues" distinct ones are needed
    min_cues: int = 2
    types: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class EventType:
    name: str
    quad_class: int
    cameo: str  # default CAMEO code when no mode is known
    description: str
    modes: dict[str, str]  # mode -> CAMEO code
    intent_cameo: str | None = None  # the action announced: 03x intent / 13x threat
    demand_cameo: str | None = None  # the action demanded of the target: 10x
    announced_as: str | None = None  # the PLOVER manual's own type for the action announced


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
    weapon_verbs: frozenset[str] = frozenset()  # "fired rockets": the weapon names the mode
    state_nouns: frozenset[str] = frozenset()  # "the war in Ukraine": a state, no act alone
    negation_flip: dict[str, str] = field(default_factory=dict)
    subject_is_target: frozenset[str] = frozenset()  # "Russia bears responsibility": subject = target
    fallback_source_types: frozenset[str] = frozenset()  # may take the nearest actor as source
    fallback_stop_verbs: frozenset[str] = frozenset()  # never an event without a lexicon trigger
    stative_passives: frozenset[str] = frozenset()  # "is committed to": the subject acts
    target_preps: dict[str, tuple[str, ...]] = field(default_factory=dict)  # type -> preference
    reading_cues: dict[str, dict[str, Reading]] = field(default_factory=dict)  # trigger -> word -> reading
    # verb -> what it needs to be its event ("charge" a person or "with" something)
    sense_constraints: dict[str, SenseConstraint] = field(default_factory=dict)
    sports: SportsContext = field(default_factory=SportsContext)
    # nouns naming a part of a document: "Article 4 of the treaty" cites a treaty, signs none
    document_parts: frozenset[str] = frozenset()
    # linking verbs whose participle complement is a state: "feels threatened" is no threat
    state_verbs: frozenset[str] = frozenset()
    modality: dict[str, Any] = field(default_factory=dict)

    def is_light_verb(self, lemma: str, form: str) -> bool:
        """A light verb by its lemma, or by its inflected form when the lemmatiser slips
        (spaCy's small model lemmatises "staged" as "stag")."""
        if lemma in self.light_verbs:
            return True
        if lemma.startswith("re") and lemma[2:].lstrip("-") in self.light_verbs:
            return True  # "reimposed a curfew", "reopened talks"
        for suffix in ("ed", "d", "ing", "s", "es"):
            if form.endswith(suffix) and len(form) > len(suffix) + 2:
                stem = form[: -len(suffix)]
                if stem in self.light_verbs or stem + "e" in self.light_verbs:
                    return True
        return False

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

    def convention_cameo(self, type_: str, mode: str | None, modality: str) -> str | None:
        """CAMEO code of an event as CAMEO/PLOVER coders code it: an announced action is an
        expression of intent (03x) or a threat (13x), a demanded one a demand (10x). eventwire
        keeps the action as the type and says "future"/"demanded" in the modality; this code
        carries the coders' convention beside it (see ``plover_reading``)."""
        t = self.types.get(type_)
        if t is None:
            return None
        conflict = t.quad_class in (3, 4)
        if t.intent_cameo and (modality == "future" or (modality == "hypothetical" and conflict)):
            return t.intent_cameo
        if t.demand_cameo and modality == "demanded":
            return t.demand_cameo
        return self.cameo_for(type_, mode)

    def convention_types(self, type_: str, mode: str | None, modality: str) -> frozenset[str]:
        """Every type a PLOVER coder may give this action under this modality: the crosswalk
        reading of its convention code and, for an announced action, the manual's own rule
        where it differs ("announced ... would withdraw troops" is CONCEDE in the manual, 0356
        intent to yield and so AGREE in the crosswalk)."""
        out = {self.coded_type(type_, mode, self.convention_cameo(type_, mode, modality))}
        t = self.types.get(type_)
        if t is not None and t.announced_as and modality in ("future", "hypothetical"):
            out.add(t.announced_as)
        return frozenset(out)

    def coded_type(self, type_: str, mode: str | None, cameo: str | None) -> str:
        """The PLOVER type an event of ``type_`` and ``mode`` coded ``cameo`` reads as: the
        crosswalk type of a convention code (intent, threat, demand), else ``type_`` itself;
        only a convention code changes the type (an asserted resignation stays RETREAT though
        its code 0831 sits under CONCEDE in the crosswalk)."""
        return self.plover_reading(cameo, type_) if cameo != self.cameo_for(type_, mode) else type_

    def plover_reading(self, cameo: str | None, type_: str) -> str:
        """The PLOVER type the published crosswalk gives the CAMEO code (for a convention code:
        "will help" -> 033 -> AGREE, "will attack" -> 138 -> THREATEN), else ``type_``."""
        row = self.cameo.get(cameo or "")
        return row[0] if row else type_

    def plover_view(self, event: Any) -> tuple[str, list[Any], list[Any]]:
        """(type, sources, targets) of an Event read the PLOVER coders' way: the crosswalk type
        of its CAMEO code, and for a demanded action turned REQUEST, the one who demands (the
        event's attribution) as source and the one demanded of as target ("Russia said Sudan
        must return the helicopter" = Russia REQUEST Sudan). Asserted events are unchanged."""
        type_ = self.coded_type(event.type, event.mode, event.cameo)
        sources = list(event.sources or ([event.source] if event.source else []))
        targets = list(event.targets or ([event.target] if event.target else []))
        demander = event.attributed_to
        if (
            event.modality == "demanded"
            and type_ == "REQUEST"
            and demander is not None
            and all(demander is not a for a in sources)
        ):
            return type_, [demander], sources
        return type_, sources, targets

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
            name,
            int(t["quad_class"]),
            t["cameo"],
            t.get("description", ""),
            dict(t.get("modes", {})),
            t.get("intent_cameo"),
            t.get("demand_cameo"),
            t.get("announced_as"),
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
        weapon_verbs=frozenset(trig.get("weapon_verbs", {}).get("verbs", [])),
        state_nouns=frozenset(trig.get("state_nouns", {}).get("nouns", [])),
        negation_flip=dict(trig.get("negation_flip", {})),
        subject_is_target=frozenset(trig.get("subject_is_target", [])),
        fallback_source_types=frozenset(trig.get("fallback_source_types", [])),
        fallback_stop_verbs=frozenset(
            w for w in trig.get("fallback_stop_verbs", []) if not w.startswith("_")
        ),
        stative_passives=frozenset(trig.get("stative_passives", [])),
        target_preps={k: tuple(v) for k, v in trig.get("target_preps", {}).items() if not k.startswith("_")},
        reading_cues={
            k: {w: (r[0], r[1]) for w, r in v.items()} for k, v in trig.get("reading_cues", {}).items()
        },
        sense_constraints={
            k: SenseConstraint(
                v.get("object"),
                frozenset(v.get("or_preps", ())),
                frozenset(v.get("or_deps", ())),
                frozenset(v.get("never_deps", ())),
                v.get("subject"),
                bool(v.get("or_own_clause", False)),
                bool(v.get("or_conditional", False)),
                bool(v.get("never_questions", False)),
                frozenset(v.get("never_pobjs", ())),
                frozenset(trig.get("enacting_verbs", ())) if v.get("or_enacted") else frozenset(),
                bool(v.get("never_naming", False)),
            )
            for k, v in trig.get("sense_constraints", {}).items()
            if not k.startswith("_")
        },
        sports=SportsContext(
            frozenset(trig.get("sports_context", {}).get("cues", ())),
            int(trig.get("sports_context", {}).get("min_cues", 2)),
            frozenset(trig.get("sports_context", {}).get("types", ())),
        ),
        document_parts=frozenset(w for w in trig.get("document_parts", []) if not w.startswith("_")),
        state_verbs=frozenset(w for w in trig.get("state_verbs", []) if not w.startswith("_")),
        modality=json.loads(_read(modality_file)),
    )
