"""Implicit event arguments (coding.implicit) and the argument repairs around them.

A targetless event takes the country-bearing mention of its sentence (outside its source and
the reporting clause), else, for a domestic type, the source's own country; the actor's
``basis`` says it was inferred. All sentences are the project's own.
"""

from __future__ import annotations

from datetime import date

import pytest

import eventwire.annotate  # noqa: F401  (registers the components)
from eventwire.context import Config, Context
from eventwire.model import AnnotatedDoc, Article, Event
from eventwire.pipeline import Pipeline
from eventwire.registry import components

UPSTREAM = [c for c in ("entities", "timex", "places", "actors", "quotes") if c in components]
pytestmark = pytest.mark.skipif(
    not all(c in components for c in ("places", "actors")), reason="needs the places and actors layers"
)


@pytest.fixture(scope="module")
def code(ctx: Context):
    """code(text, implicit=True) -> AnnotatedDoc through the upstream layers and events."""
    pipes: dict[bool, Pipeline] = {}

    def run(text: str, implicit: bool = True) -> AnnotatedDoc:
        if implicit not in pipes:
            c = Context(
                Config(components=[*UPSTREAM, "events"], options={"events": {"implicit_targets": implicit}})
            )
            c._cache = {"spacy": ctx.nlp}
            pipes[implicit] = Pipeline(ctx=c)
        return pipes[implicit](Article(id="t", text=text, date=date(2023, 5, 2)))

    return run


def _events(doc: AnnotatedDoc, type_: str) -> list[Event]:
    return [e for e in doc.events if e.type == type_]


# (sentence, event type, target country, basis of the inferred target)
IMPLICIT_CASES = [
    # the place where it happens
    ("Thousands of Kenyans marched through Mombasa on Friday to protest.", "PROTEST", "KEN", "place"),
    ("Rebels blew up a pipeline near Kirkuk.", "ASSAULT", "IRQ", "place"),
    ("Ghana's army will impose a curfew as clashes continued in northern Ghana.", "COERCE", "GHA", "place"),
    # an actor the parse did not link to the trigger
    (
        "The union called off a week-long strike after talks with the Peruvian government.",
        "CONCEDE",
        "PER",
        "mention",
    ),
    # a domestic act with no one named: the source's own country
    ("The Nepalese government eased restrictions on Sunday.", "CONCEDE", "NPL", "source-country"),
]


@pytest.mark.parametrize(
    ("text", "type_", "country", "basis"), IMPLICIT_CASES, ids=[c[0][:40] for c in IMPLICIT_CASES]
)
def test_implicit_target(code, text: str, type_: str, country: str, basis: str) -> None:
    found = _events(code(text), type_)
    assert found, [(e.type, e.trigger.text) for e in code(text).events]
    tgt = found[0].target
    assert tgt is not None and (tgt.country, tgt.basis) == (country, basis), tgt
    assert found[0].targets == [tgt]


@pytest.mark.parametrize(
    "text",
    [
        # the reporting clause is no party to the threat
        "Russia threatened to retaliate, Polish officials said.",
        "Russia threatened to retaliate, according to Polish officials.",
        # an international act is not domestic: no fallback to the source's own country
        "Hungary rejected the proposal on Monday.",
        # nothing in the sentence names a country
        "The ruling coalition rejected the plan.",
    ],
)
def test_no_implicit_target(code, text: str) -> None:
    doc = code(text)
    assert doc.events, text
    assert all(not e.targets for e in doc.events), [(e.type, e.targets) for e in doc.events]


def test_implicit_targets_can_be_switched_off(code) -> None:
    text = "The Nepalese government eased restrictions on Sunday."
    assert all(not e.targets for e in code(text, implicit=False).events)
    assert any(e.targets for e in code(text).events)


def test_explicit_targets_carry_no_basis(code) -> None:
    (e,) = _events(code("Bolivian police arrested dozens of miners on Tuesday."), "COERCE")
    assert e.target is not None and e.target.sector == "LAB" and e.target.basis is None


def test_inferred_target_is_a_copy(code) -> None:
    # the document's own actor keeps no basis: the event holds a copy marked as inferred
    doc = code("The union called off a week-long strike after talks with the Peruvian government.")
    assert all(a.basis is None for a in doc.actors)


def test_governing_subject_is_no_implicit_target(code) -> None:
    # the one who issues a reminder demands; the demanded cooperation is not aimed at him
    doc = code("The minister issued a reminder to Iran that it must cooperate with inspectors.")
    for e in _events(doc, "COOPERATE"):
        assert all("minister" not in a.text for a in e.targets)


def test_object_naming_the_same_event_is_one_event(code) -> None:
    # "hosted a meeting": one CONSULT anchored at the verb, with its subject as source
    doc = code("The Omani cabinet hosted a meeting between Armenian and Azerbaijani envoys.")
    consults = _events(doc, "CONSULT")
    assert len(consults) == 1 and consults[0].sources, [(e.trigger.text, e.sources) for e in consults]
    assert consults[0].trigger.text.startswith("hosted") and "meeting" in consults[0].trigger.text


def test_demand_noun_with_a_that_clause_makes_the_action_demanded(code) -> None:
    doc = code("Finland reiterated its demand on Monday that Estonia release the fishermen.")
    (e,) = _events(doc, "RETREAT")
    assert e.modality == "demanded" and e.attributed_to is not None and "Finland" in e.attributed_to.text


def test_press_release_is_no_event(code) -> None:
    doc = code("The army has been holding civilians, according to a press release by the rebels.")
    assert all(e.trigger.text != "release" for e in doc.events)


@pytest.mark.parametrize(
    ("text", "sector"),
    [
        ("The ruling party rejected the plan.", "GOV"),  # PLOVER GOV: "governing parties"
        ("The governing coalition rejected the plan.", "GOV"),
        ("The opposition party rejected the plan.", "OPP"),
        ("The party rejected the plan.", "PTY"),
    ],
)
def test_party_sectors(code, text: str, sector: str) -> None:
    (e,) = _events(code(text), "REJECT")
    assert e.source is not None and e.source.sector == sector


def test_must_be_ready_to_is_demanded(code) -> None:
    # "must" on the copula of "ready to mediate": a demand on France, said by Sall
    doc = code("Mr Sall said on Monday that France must be ready to mediate between the two parties.")
    (e,) = _events(doc, "CONSULT")
    assert e.modality == "demanded" and e.source is not None and e.source.country == "FRA"
    assert e.attributed_to is not None and "Sall" in e.attributed_to.text


def test_active_conjunct_of_a_passive_acts_through_its_subject(code) -> None:
    doc = code("The Gambian president was indicted by the court and will resign.")
    (e,) = _events(doc, "RETREAT")
    assert e.source is not None and "president" in e.source.text and e.modality == "future"
    # the passive verb itself keeps its subject as the target
    (acc,) = _events(doc, "ACCUSE")
    assert acc.target is not None and "president" in acc.target.text


def test_forces_moving_are_the_actor_of_a_movement_noun(code) -> None:
    doc = code("The first deployment of Turkish troops has arrived in Qatar.")
    (e,) = _events(doc, "MOBILIZE")
    assert e.source is not None and (e.source.country, e.source.sector) == ("TUR", "MIL")
    assert e.target is not None and (e.target.country, e.target.basis) == ("QAT", "place")


def test_the_one_who_issues_a_reminder_is_the_attribution(code) -> None:
    doc = code("The Dutch minister issued a reminder to Iran that it must cooperate with inspectors.")
    (e,) = _events(doc, "COOPERATE")
    assert e.modality == "demanded" and e.attributed_to is not None and "minister" in e.attributed_to.text


@pytest.mark.parametrize(
    ("text", "type_"),
    [
        ("Bolivian teachers went on strike on Monday.", "PROTEST"),
        ("Dockworkers in Chile went on a hunger strike.", "PROTEST"),
        ("The air force carried out a strike on rebel positions.", "ASSAULT"),
    ],
)
def test_on_strike_is_a_protest(code, text: str, type_: str) -> None:
    doc = code(text)
    assert [e.type for e in doc.events] == [type_], [(e.type, e.trigger.text) for e in doc.events]
    assert doc.events[0].source is not None


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("UN helicopters evacuated the wounded from the besieged Syrian town of Madaya.", "ASSAULT"),
        ("The army has been holding civilians, according to a press release by the rebels.", "RETREAT"),
    ],
)
def test_words_that_only_look_like_triggers(code, text: str, absent: str) -> None:
    doc = code(text)
    assert doc.events and not _events(doc, absent), [(e.type, e.trigger.text) for e in doc.events]


# populations as targets: the role words give their PLOVER sector
@pytest.mark.parametrize(
    ("text", "sector"),
    [
        ("Police dispersed hundreds of pilgrims near the shrine in Karbala.", "CVL"),
        ("Soldiers detained twenty fishermen off the coast of Gambia.", "CVL"),
        ("Gunmen attacked a bus carrying tourists near Luxor.", "CVL"),
        ("Border guards beat dozens of deportees at the crossing.", "REF"),
        ("Police arrested forty laborers at the port of Mombasa.", "LAB"),
        ("Troops fired on worshippers leaving a mosque in Kano.", "CVL"),
    ],
)
def test_population_target_sectors(code, text: str, sector: str) -> None:
    doc = code(text)
    assert any(a.sector == sector and a.basis is None for e in doc.events for a in e.targets), [
        (e.type, [(a.text, a.sector) for a in e.targets]) for e in doc.events
    ]


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Ugandan soldiers attacked Congolese rebels near the Rwandan border on Friday, killing 30.", "COD"),
        ("Chadian troops shelled rebel camps near the Sudanese border, killing twelve fighters.", None),
    ],
)
def test_co_event_of_the_same_source_shares_its_target(code, text: str, target: str | None) -> None:
    # "attacked X, killing 30": the killing is of those attacked, not of the border's country
    found = _events(code(text), "ASSAULT")
    assert found and all(e.targets for e in found)
    assert all(a.country != "SDN" and a.country != "RWA" for e in found for a in e.targets)
    if target:
        assert all(e.targets[0].country == target for e in found)


def test_coercion_abroad_takes_no_home_country(code) -> None:
    # an annexation is no domestic act: without a named victim there is no inferred target
    found = _events(code("Nobody will recognize Russia's illegal annexations."), "COERCE")
    assert found and all(a.country != "RUS" for e in found for a in e.targets)
