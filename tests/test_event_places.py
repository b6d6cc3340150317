"""Event location: the incident rule, the candidate filter, the features and the model (its
file, its softmax, its training), and the seed.

Sentences are our own. The seed article (../shared/seed) is run through the whole pipeline
when present: its 15 November incident (Russian missile strikes that cost lives in Poland)
must be placed in Poland, not in Ukraine, the country the strikes were aimed at.
"""

from __future__ import annotations

import json
import math
import sys
from importlib import resources
from pathlib import Path

import pytest

from eventwire.annotate.event_places import (
    MODEL_FILE,
    NULL,
    LocationModel,
    candidates,
    choose,
    features,
    incident_place,
)
from eventwire.knowledge.countries import load_countries
from eventwire.model import AnnotatedDoc, Event, Span
from eventwire.pipeline import Pipeline
from samples import SHARED_SEED, annotate_keeping_parse, place_assault

REPO = Path(__file__).resolve().parents[1]
SEED = SHARED_SEED


@pytest.fixture(scope="module")
def pipe(make_pipeline) -> Pipeline:
    return make_pipeline("entities", "places")  # shares the session's spaCy model


annotate = annotate_keeping_parse


def locate(pipe: Pipeline, text: str, trigger: str) -> Event:
    return place_assault(pipe, text, trigger)


# (sentence, trigger, expected place text): an incident's locative or the place offered
# solidarity over it beats the country a strike was aimed at
INCIDENT_CASES = [
    (
        "The explosion in Przewodów, caused by Russian strikes on Ukraine, killed two farmers.",
        "strikes",
        "Przewodów",
    ),
    (
        "The explosion in Przewodów, caused by Russian strikes on Ukraine, killed two farmers.",
        "explosion",
        "Przewodów",
    ),
    (
        "Leaders expressed solidarity with Poland after the explosion that resulted from Russian missile "
        "strikes on Ukraine.",
        "strikes",
        "Poland",
    ),
    (
        "Allies stood with Poland following the incident that was caused by a Russian barrage on Ukraine.",
        "barrage",
        "Poland",
    ),
    (
        "The Prime Minister sent condolences to Turkey following the bombing that was triggered by clashes "
        "with militants.",
        "clashes",
        "Turkey",
    ),
    ("The incident in Poland followed a wave of Russian strikes on Ukraine.", "incident", "Poland"),
    ("The blast near Hrubieszów was caused by a missile strike on Ukraine.", "strike", "Hrubieszów"),
    ("Russian strikes on Ukraine caused an explosion in Przewodów.", "strikes", "Przewodów"),
    (
        "The Russian barrage on Ukraine resulted in an explosion at a farm in Przewodów.",
        "barrage",
        "Przewodów",
    ),
    # a finer place of the same country, the strike's own target, beats the country offered solidarity
    ("Macron expressed solidarity with Ukraine after the strike on Odesa.", "strike", "Odesa"),
]


@pytest.mark.parametrize(("text", "trigger", "expected"), INCIDENT_CASES)
def test_incident_rule(pipe: Pipeline, text: str, trigger: str, expected: str) -> None:
    ev = locate(pipe, text, trigger)
    assert ev.place is not None and ev.place.text == expected, ev.place
    assert ev.place_source == "model"


# the rule must stay out of the way where no incident is located
PLAIN_CASES = [
    ("Russian missile strikes on Ukraine killed ten people on Tuesday.", "strikes", "Ukraine"),
    ("Russian forces shelled Kharkiv again, hours after a strike in Belgorod.", "shelled", "Kharkiv"),
    ("Police arrested three men in Lviv on Friday.", "arrested", "Lviv"),
]


@pytest.mark.parametrize(("text", "trigger", "expected"), PLAIN_CASES)
def test_rule_does_not_misfire(pipe: Pipeline, text: str, trigger: str, expected: str) -> None:
    doc = annotate(pipe, text)
    start = text.index(trigger)
    sent = doc.sentence_index(start) or 0
    cands = candidates(doc, sent, load_countries().by_demonym)
    assert incident_place(doc.nlp, Span(start, start + len(trigger), trigger), cands) is None
    ev = locate(pipe, text, trigger)
    assert ev.place is not None and ev.place.text == expected, ev.place


def test_rule_beats_a_confident_model(pipe: Pipeline) -> None:
    text = "The explosion in Przewodów, caused by Russian strikes on Ukraine, killed two farmers."
    doc = annotate(pipe, text)
    start = text.index("strikes")
    trigger = Span(start, start + 7, "strikes")
    cands = candidates(doc, doc.sentence_index(start) or 0, load_countries().by_demonym)
    ukraine = next(c for c in cands if c.place.text == "Ukraine")
    others = [(0.0, c) for c in cands if c is not ukraine]
    place, how = choose(doc.nlp, trigger, cands, [(0.99, ukraine), *others], threshold=0.5, weak=0.05)
    assert place is not None and place.text == "Przewodów" and how == "model"
    # without the incident's locative the same ranking stands
    plain = "Russian strikes on Ukraine killed two farmers."
    doc = annotate(pipe, plain)
    start = plain.index("strikes")
    cands = candidates(doc, 0, load_countries().by_demonym)
    ranked = [(0.99 if c.place.text == "Ukraine" else 0.0, c) for c in cands]
    place, how = choose(
        doc.nlp, Span(start, start + 7, "strikes"), cands, sorted(ranked, key=lambda x: -x[0]), 0.5, 0.05
    )
    assert place is not None and place.text == "Ukraine" and how == "model"


def test_titled_person_is_not_a_place(pipe: Pipeline) -> None:
    text = "The ministers congratulated Foreign Minister Kuleba in Bucharest."
    doc = annotate(pipe, text)
    texts = {c.place.text for c in candidates(doc, 0, load_countries().by_demonym)}
    assert "Kuleba" not in texts and "Bucharest" in texts
    assert locate(pipe, text, "congratulated").place.text == "Bucharest"


def assault(
    pipe: Pipeline, text: str, trigger: str, source: tuple[str, str], target: tuple[str, str]
) -> Event:
    return place_assault(pipe, text, trigger, source, target)


def test_assault_without_a_located_place_lands_on_its_target(pipe: Pipeline) -> None:
    text = "Russia's aggression, above all its attacks on Ukrainian power plants, must stop."
    ev = assault(pipe, text, "attacks", ("Russia", "RUS"), ("Ukrainian", "UKR"))
    assert ev.place is not None and ev.place.country == "UKR" and ev.place_source == "sentence"


def test_aid_without_a_located_place_reaches_its_recipient(pipe: Pipeline) -> None:
    # the place named in the sentence is what the aid counters, not where it goes
    text = "Allies will help Moldova protect its grid and counter Russia's pressure campaigns."
    ev = place_assault(pipe, text, "help", None, ("Moldova", "MDA"), type_="AID")
    assert ev.place is not None and ev.place.country == "MDA", ev.place


def test_a_locative_still_beats_the_target_country(pipe: Pipeline) -> None:
    text = "Russian troops attacked Ukrainian soldiers near Sudzha, in Russia's Kursk region."
    ev = assault(pipe, text, "attacked", ("Russian troops", "RUS"), ("Ukrainian soldiers", "UKR"))
    assert ev.place is not None and ev.place.text == "Sudzha", ev.place


# --- the features: the other candidates and the other verbs of the sentence ---------------


def _features_of(pipe: Pipeline, text: str, trigger: str) -> dict[str, dict[str, float]]:
    doc = annotate(pipe, text)
    start = text.index(trigger)
    cands = candidates(doc, doc.sentence_index(start) or 0, load_countries().by_demonym)
    span = Span(start, start + len(trigger), trigger)
    return {c.place.text: features(doc.nlp, span, c, cands, 0) for c in cands}


def test_a_name_before_its_place_word_is_a_candidate(pipe: Pipeline) -> None:
    text = "Gunmen opened fire in the crowded Bakara market on Sunday."
    doc = annotate(pipe, text)
    assert "Bakara" in {c.place.text for c in candidates(doc, 0, load_countries().by_demonym)}


def test_the_place_of_a_district_is_under_it(pipe: Pipeline) -> None:
    text = "Gunmen killed two traders in the Hodan district of Mogadishu on Sunday."
    feats = _features_of(pipe, text, "killed")
    assert feats["Mogadishu"].get("under_cand_via=of") == 1.0
    assert feats["Hodan"].get("over_cand") == 1.0 and "under_cand" not in feats["Hodan"]
    assert locate(pipe, text, "killed").place.text == "Hodan"


def test_a_place_of_another_verb(pipe: Pipeline) -> None:
    text = "Protesters who had gathered in Lviv marched to Kyiv on Monday."
    feats = _features_of(pipe, text, "marched")
    assert feats["Lviv"].get("governing_verb_below_trigger") == 1.0
    assert feats["Kyiv"].get("governing_verb_is_trigger") == 1.0
    assert locate(pipe, text, "marched").place.text == "Kyiv"


# --- the model: a softmax over the candidates and "no place" -------------------------------


def test_candidates_compete_for_the_one_place() -> None:
    model = LocationModel({"good": 2.0, "bad": -1.0, NULL: 0.5}, threshold=0.5)
    one = model.probabilities([{"good": 1.0}])
    two = model.probabilities([{"good": 1.0}, {"good": 1.0}])
    assert one[0] > 0.5 and two[0] < 0.5 and math.isclose(two[0], two[1])
    probs = model.probabilities([{"good": 1.0}, {"bad": 1.0}])
    rest = 1.0 - sum(probs)  # the "no place" option's share
    assert probs[0] > rest > probs[1] > 0.0
    assert model.probabilities([]) == []


def test_training_learns_the_choice_and_no_place() -> None:
    sys.path.insert(0, str(REPO / "scripts"))
    from train_event_places import Item, fit

    def item(labels: list[int], names: list[str]) -> Item:
        return Item("d", None, Span(0, 1, "x"), [], [{n: 1.0} for n in names], labels, [(0, 1)])  # type: ignore[arg-type]

    items = [item([1, 0], ["in_pp", "subject"]) for _ in range(20)]
    items += [item([0, 0], ["subject", "subject"]) for _ in range(20)]  # no candidate is the place
    model = fit(items, 10.0)
    assert model.weights["in_pp"] > model.weights.get("subject", 0.0)
    assert model.probabilities([{"in_pp": 1.0}, {"subject": 1.0}])[0] > 0.8
    assert sum(model.probabilities([{"subject": 1.0}, {"subject": 1.0}])) < 0.2


# --- the model file and how it was selected ----------------------------------------------


def test_model_file_records_its_cross_validated_selection() -> None:
    raw = json.loads(resources.files("eventwire.annotate").joinpath(MODEL_FILE).read_text("utf-8"))
    sel = raw["selection"]
    assert "cross-validation on the training split" in sel["method"]
    assert (raw["threshold"], raw["weak"]) == (sel["threshold"], sel["weak"])
    for name in ("C", "threshold", "weak"):
        assert sel[name] in sel["grid"][name]
    assert 0.0 < sel["cv_accuracy_located"] <= 1.0 and sel["train_verbs_located"] <= sel["train_verbs"]
    model = LocationModel.load()
    assert model.selection == sel and model.threshold == sel["threshold"]


def test_split_keeps_a_document_on_one_side() -> None:
    sys.path.insert(0, str(REPO / "scripts"))
    from train_event_places import held_out

    a = {"doc_id": "d1", "text": "One sentence."}
    b = {"doc_id": "d1", "text": "Another sentence of the same document."}
    assert held_out(a) == held_out(b)
    sides = {held_out({"text": f"Sentence number {i}."}) for i in range(40)}
    assert sides == {True, False}


# --- the seed article, end to end --------------------------------------------------------


@pytest.fixture(scope="module")
def seed_doc() -> AnnotatedDoc:
    if not SEED.exists():
        pytest.skip("seed article not available")
    import eventwire

    (doc,) = list(eventwire.extract([SEED]))
    return doc


def test_seed_november_incident_is_in_poland(seed_doc: AnnotatedDoc) -> None:
    i = seed_doc.text.index("November 15 incident")
    sent = seed_doc.sentence_index(i)
    strikes = [e for e in seed_doc.events if e.sentence == sent and e.type == "ASSAULT"]
    assert strikes, [(e.type, e.trigger.text) for e in seed_doc.events if e.sentence == sent]
    for ev in strikes:
        assert ev.place is not None and ev.place.country == "POL", (ev.trigger.text, ev.place)
        assert ev.place_source == "model"


def test_seed_places_are_never_people(seed_doc: AnnotatedDoc) -> None:
    located = [e for e in seed_doc.events if e.place is not None]
    assert located
    assert all(e.place.text != "Kuleba" for e in located)
    meeting = [e for e in located if "meeting" in e.trigger.text]
    assert all(e.place.country == "ROU" for e in meeting)
