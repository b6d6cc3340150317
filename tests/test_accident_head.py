"""The accident head: an accident or a disaster with no doer is no ASSAULT; an attack told in
the same words stays one. The model's files fail loudly, and ``events.accident_veto`` turns the
veto off. All sentences are the project's own, about real events."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import numpy as np
import pytest

import eventwire.annotate  # noqa: F401  (registers the components)
from eventwire.coding.accident_head import ACCIDENT, FILE
from eventwire.coding.encoder import ModelError, load_encoder
from eventwire.context import Config, Context
from eventwire.linear import softmax_form
from eventwire.model import AnnotatedDoc, Article
from eventwire.pipeline import Pipeline
from eventwire.registry import components

UPSTREAM = [c for c in ("entities", "timex", "places", "actors", "quotes") if c in components]


def _bundled() -> Path:
    from importlib import resources

    return Path(str(resources.files("eventwire.annotate").joinpath("models/event_encoder")))


def test_a_binary_model_in_softmax_form_gives_the_sigmoid() -> None:
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(3)
    x = rng.normal(size=(60, 4))
    y = np.where(x[:, 0] + 0.3 * rng.normal(size=60) > 0, "b", "a")
    lr = LogisticRegression().fit(x, y)
    coef, intercept = softmax_form(lr.coef_, lr.intercept_)
    z = x @ coef.T + intercept
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    assert np.allclose(p, lr.predict_proba(x))


def test_the_bundled_model_ships_an_accident_head() -> None:
    enc = load_encoder()
    assert enc.manifest.get("accident_head") == FILE and enc.accident_head is not None
    assert ACCIDENT in enc.accident_head.classes


def test_a_missing_accident_head_is_one_clear_error(tmp_path: Path) -> None:
    for p in _bundled().iterdir():
        if p.name != FILE:
            shutil.copy(p, tmp_path / p.name)
    with pytest.raises(ModelError, match=r"accident_head\.joblib is missing"):
        load_encoder(tmp_path)


def test_a_corrupt_accident_head_is_one_clear_error(tmp_path: Path) -> None:
    for p in _bundled().iterdir():
        shutil.copy(p, tmp_path / p.name)
    (tmp_path / FILE).write_bytes(b"not a model")
    with pytest.raises(ModelError, match=r"accident_head\.joblib cannot be loaded"):
        load_encoder(tmp_path)


def test_a_model_without_the_head_in_its_manifest_codes_as_before(tmp_path: Path) -> None:
    for p in _bundled().iterdir():
        shutil.copy(p, tmp_path / p.name)
    man = json.loads((tmp_path / "manifest.json").read_text("utf-8"))
    man.pop("accident_head")
    (tmp_path / "manifest.json").write_text(json.dumps(man), "utf-8")
    assert load_encoder(tmp_path).accident_head is None


@pytest.fixture(scope="module")
def code(ctx: Context):
    def make(options: dict | None = None):
        c = Context(Config(components=[*UPSTREAM, "events"], options={"events": options or {}}))
        c._cache = {"spacy": ctx.nlp}
        pipe = Pipeline(ctx=c)

        def run(text: str) -> AnnotatedDoc:
            return pipe(Article(id="t", text=text, date=date(2024, 3, 5)))

        return run

    return make


# accidents and disasters that report no deliberate act
ACCIDENTS = [
    "A fire at a garment factory on the outskirts of Dhaka killed 52 workers on Thursday.",
    "A gas cylinder exploded in a restaurant kitchen in Lahore, killing four cooks.",
    "A fuel tanker overturned and caught fire on a highway near Kisumu, killing 13 people.",
]
# attacks told in nearly the same words
ATTACKS = [
    "Militants set fire to a garment factory on the outskirts of Dhaka, killing 52 workers.",
    "A bomb planted in a restaurant kitchen in Lahore exploded, killing four cooks.",
    "Gunmen ambushed a fuel tanker on a highway near Kisumu, killing 13 people.",
]


# crashes whose subject phrase names a carrier or a passenger: the vehicle is no doer, so the
# named actor inside it does not close the veto's gate (event_arguments.json, non_agents)
VEHICLE_ACCIDENTS = [
    "A Lion Air jet plunged into the Java Sea shortly after take-off from Jakarta, killing all 189 people on board.",
    "A Yeti Airlines plane crashed into a gorge while landing in Pokhara, killing 72 people.",
    "A military helicopter carrying Taiwan's chief of general staff crashed in a mountainous area near Taipei, killing eight people.",
]
# attacks told with a vehicle or a craft: the gate opens, the head reads an attack
VEHICLE_ATTACKS = [
    "A Russian warplane bombed a crowded market in Idlib province, killing 21 civilians.",
    "A Saudi-led coalition jet struck a school bus in Dahyan, killing 40 children.",
    "A truck driven by an Islamic State supporter ploughed into a crowd in Nice, killing 86 people.",
]


@pytest.mark.parametrize("text", VEHICLE_ACCIDENTS)
def test_a_crash_named_by_its_carrier_is_no_assault_with_the_vehicle_gate(code, text: str) -> None:
    doc = code({"vehicle_gate": True})(text)
    assert not [e for e in doc.events if e.type == "ASSAULT"], [(e.type, e.trigger.text) for e in doc.events]
    assert [w.reason for w in doc.withheld] == ["accident"]
    # off (the default), the carrier or the passenger named in the phrase closes the gate
    assert any(e.type == "ASSAULT" for e in code()(text).events)


@pytest.mark.parametrize("text", VEHICLE_ATTACKS)
def test_an_attack_told_with_a_vehicle_stays_an_assault(code, text: str) -> None:
    doc = code({"vehicle_gate": True})(text)
    assert any(e.type == "ASSAULT" for e in doc.events) and doc.withheld == []


@pytest.mark.parametrize("text", ACCIDENTS)
def test_an_accident_is_no_assault(code, text: str) -> None:
    doc = code()(text)
    assert not [e for e in doc.events if e.type == "ASSAULT"], [(e.type, e.trigger.text) for e in doc.events]


@pytest.mark.parametrize("text", ATTACKS)
def test_an_attack_in_the_same_words_stays_an_assault(code, text: str) -> None:
    doc = code()(text)
    assert any(e.type == "ASSAULT" for e in doc.events)


def test_accident_veto_one_turns_the_veto_off(code) -> None:
    # without the veto, the garment-factory fire is coded as the unidentified force's ASSAULT,
    # as it was before the head existed
    doc = code({"accident_veto": 1.0})(ACCIDENTS[0])
    assert any(e.type == "ASSAULT" for e in doc.events)
    assert doc.withheld == []


@pytest.mark.parametrize("text", ACCIDENTS)
def test_a_vetoed_accident_is_kept_as_withheld(code, text: str) -> None:
    # the veto is visible: the document says what it left uncoded, where, and how sure it was
    doc = code()(text)
    assert len(doc.withheld) == 1, doc.withheld
    w = doc.withheld[0]
    assert (w.type, w.reason, w.threshold, w.sentence) == ("ASSAULT", "accident", 0.5, 0)
    assert text[w.trigger.start : w.trigger.end] == w.trigger.text
    assert 0.5 <= w.probability <= 1.0


@pytest.mark.parametrize("text", ATTACKS)
def test_an_attack_withholds_nothing(code, text: str) -> None:
    assert code()(text).withheld == []


def test_heads_can_be_left_out_to_fit_them_anew(tmp_path: Path) -> None:
    # a directory whose manifest names heads not written yet (a rebuild) still loads its encoder
    for name in ("model.onnx", "tokenizer.json", "manifest.json"):
        shutil.copy(_bundled() / name, tmp_path / name)
    enc = load_encoder(tmp_path, heads=False)
    assert enc.acled_head is None and enc.accident_head is None
    with pytest.raises(ModelError, match="acled_head"):
        load_encoder(tmp_path)
