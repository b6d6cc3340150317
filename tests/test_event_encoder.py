"""The learned event core: the encoder's files, marking, the ACLED table, the main event."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventwire.coding.encoder import ModelError, load_encoder, mark
from eventwire.coding.main_event import main_event
from eventwire.knowledge.acled import FAMILIES, load_acled
from eventwire.learn.sources import PLOVER_TYPES, unmark
from eventwire.model import Event, Span

# --- marking -------------------------------------------------------------------------------


def test_mark_wraps_source_and_target() -> None:
    text = "Police arrested three activists in Minsk."
    act, minsk = text.index("activists"), text.index("Minsk")
    assert mark(text, (0, 6), (act, act + 9)) == "<s>Police</s> arrested three <t>activists</t> in Minsk."
    assert mark(text, None, None) == text
    assert mark(text, None, (minsk, minsk + 5)) == "Police arrested three activists in <t>Minsk</t>."


def test_mark_skips_a_target_inside_the_source() -> None:
    assert mark("the Kenyan police", (0, 17), (4, 10)) == "<s>the Kenyan police</s>"


@given(
    st.text(alphabet="abc ", min_size=4, max_size=40),
    st.integers(0, 40),
    st.integers(0, 40),
    st.integers(0, 40),
    st.integers(0, 40),
)
def test_mark_then_unmark_gives_the_text_back(text: str, a: int, b: int, c: int, d: int) -> None:
    n = len(text)
    s0, s1 = sorted((min(a, n), min(b, n)))
    t0, t1 = sorted((min(c, n), min(d, n)))
    src = (s0, s1) if s1 > s0 else None
    tgt = (t0, t1) if t1 > t0 and (src is None or t1 <= s0 or t0 >= s1) else None
    clean, _, _ = unmark(mark(text, src, tgt))
    assert clean == text


# --- the ACLED table ------------------------------------------------------------------------


def test_acled_table_has_the_codebook_types() -> None:
    acled = load_acled()
    assert len(acled.sub_types) == 25
    assert len(set(acled.type_of.values())) == 6
    assert acled.family("Mob violence") == "riot"
    assert acled.family("Protest with intervention") == "protest"
    assert acled.family("Air/drone strike") == "violence"
    assert acled.family("Arrests") == "strategic"
    assert acled.family(None) == "none"
    assert set(acled.family_of_type.values()) <= set(FAMILIES)


def test_acled_compatibility_keeps_diplomacy_out() -> None:
    acled = load_acled()
    assert acled.allows("ASSAULT", "Shelling/artillery/missile attack")
    assert acled.allows("PROTEST", "Peaceful protest")
    assert not acled.allows("CONSULT", "Agreement")
    assert not acled.allows("PROTEST", "Air/drone strike")
    assert set(acled.compatible) <= set(PLOVER_TYPES)


# --- the main event -------------------------------------------------------------------------


def _ev(
    type_: str, sentence: int, sub: str | None = None, modality: str = "asserted", conf: float = 0.5
) -> Event:
    e = Event(type=type_, sentence=sentence, trigger=Span(0, 1, "x"), modality=modality, confidence=conf)
    e.acled_sub_type = sub
    return e


def test_main_event_prefers_the_acled_event_of_the_lead() -> None:
    events = [
        _ev("ACCUSE", 0),
        _ev("ASSAULT", 1, "Air/drone strike"),
        _ev("ASSAULT", 4, "Armed clash"),
    ]
    assert main_event(events, 6) == 1
    assert main_event([], 3) is None


def test_main_event_prefers_what_happened_over_what_is_announced() -> None:
    events = [_ev("PROTEST", 0, "Peaceful protest", modality="future"), _ev("PROTEST", 1, "Peaceful protest")]
    assert main_event(events, 2) == 1


# --- the model files: one clear error naming the file ---------------------------------------


def _bundled() -> Path:
    from importlib import resources

    return Path(str(resources.files("eventwire.annotate").joinpath("models/event_encoder")))


def test_missing_model_file_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"model\.onnx is missing"):
        load_encoder(tmp_path)


def test_corrupt_model_file_is_one_clear_error(tmp_path: Path) -> None:
    for name in ("tokenizer.json", "manifest.json"):
        shutil.copy(_bundled() / name, tmp_path / name)
    (tmp_path / "model.onnx").write_bytes(b"not a model at all")
    with pytest.raises(ModelError, match=r"model\.onnx cannot be loaded"):
        load_encoder(tmp_path)


def test_manifest_that_does_not_match_the_model_is_an_error(tmp_path: Path) -> None:
    for name in ("tokenizer.json", "model.onnx"):
        shutil.copy(_bundled() / name, tmp_path / name)
    man = json.loads((_bundled() / "manifest.json").read_text("utf-8"))
    man["plover_labels"] = man["plover_labels"][:-1]
    (tmp_path / "manifest.json").write_text(json.dumps(man), "utf-8")
    with pytest.raises(ModelError, match="manifest lists"):
        load_encoder(tmp_path)


def test_broken_manifest_is_an_error(tmp_path: Path) -> None:
    for name in ("tokenizer.json", "model.onnx"):
        shutil.copy(_bundled() / name, tmp_path / name)
    (tmp_path / "manifest.json").write_text("{not json", "utf-8")
    with pytest.raises(ModelError, match=r"manifest\.json is not a valid manifest"):
        load_encoder(tmp_path)


def test_pipeline_with_a_missing_model_fails_at_start_naming_it(tmp_path: Path) -> None:
    from eventwire.context import Config
    from eventwire.pipeline import Pipeline

    with pytest.raises(ModelError, match=str(tmp_path)):
        Pipeline(Config(options={"events": {"encoder": str(tmp_path)}}))


def test_bundled_model_manifest_names_its_script_and_labels() -> None:
    enc = load_encoder()
    assert enc.manifest["script"] == "scripts/train_event_encoder.py"
    assert enc.plover_labels[: len(PLOVER_TYPES)] == list(PLOVER_TYPES)
    assert enc.acled_labels[-1] == "null" and len(enc.acled_labels) == 26
    p, a = enc.predict(["Police fired tear gas at <t>protesters</t> in Nairobi.", "Hello."])
    assert p.shape == (2, len(enc.plover_labels)) and a.shape == (2, 26)
    assert abs(float(p[0].sum()) - 1.0) < 1e-4


def test_cli_names_the_missing_model_in_one_line(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from eventwire.cli import main

    art = tmp_path / "a.txt"
    art.write_text("Police arrested two journalists in Minsk on Monday.", "utf-8")
    res = CliRunner().invoke(main, ["extract", str(art), "--set", f"events.encoder={tmp_path / 'nope'}"])
    assert res.exit_code == 1
    assert "model.onnx is missing" in res.output and "Traceback" not in res.output


def test_loso_scores_carry_a_bootstrap_interval_around_the_figure() -> None:
    from eventwire.learn.evaluate import bootstrap_macro_f1, score_types
    from eventwire.learn.sources import PLOVER_TYPES

    labels = list(PLOVER_TYPES)
    rng = np.random.default_rng(5)
    gold = [labels[i % 4] for i in range(200)]
    # right four times in five, else a neighbouring type
    pred_idx = [i % 4 if rng.random() < 0.8 else (i + 1) % 4 for i in range(200)]
    probs = np.eye(len(labels))[pred_idx]
    r = score_types("gsr", gold, probs, labels)
    lo, hi = r["macro_f1_ci"]
    assert lo < r["macro_f1"] < hi and hi - lo < 0.2
    # a perfect coder has no spread; the same resampling seed gives the same interval
    assert bootstrap_macro_f1(gold, gold) == (1.0, 1.0)
    assert bootstrap_macro_f1(gold, [labels[i] for i in pred_idx]) == (lo, hi)


def test_argument_scores_reads_roles_by_overlap() -> None:
    """The arguments benchmark: a role is right when a coded actor overlaps the gold span, or
    neither names one; inferred arguments count as coded but not as explicit."""
    from types import SimpleNamespace

    from eventwire.learn.evaluate import argument_scores
    from eventwire.model import Actor

    text = "Kenyan police arrested twelve protesters in Nairobi on Monday."

    def actor(word: str, basis: str | None = None) -> Actor:
        a = text.find(word)
        return Actor(a, a + len(word), word, basis=basis)

    item = {
        "text": text,
        "trigger": "arrested",
        "plover_type": "COERCE",
        "source": "Kenyan police",
        "target": "twelve protesters",
        "case": "place",
    }
    trig = Span(text.find("arrested"), text.find("arrested") + 8, "arrested")

    def doc(src: Actor | None, tgt: Actor | None) -> SimpleNamespace:
        ev = Event(type="COERCE", sentence=0, trigger=trig, source=src, target=tgt, confidence=0.9)
        return SimpleNamespace(events=[ev])

    right = argument_scores([item], [doc(actor("police"), actor("protesters"))])
    assert (right["coded_source"], right["coded_target"], right["coded_both"]) == (1.0, 1.0, 1.0)
    place = argument_scores([item], [doc(actor("police"), actor("Nairobi", basis="place"))])
    assert (place["coded_target"], place["explicit_target"], place["coded_both"]) == (0.0, 0.0, 0.0)
    none_item = {**item, "target": None}
    inferred = argument_scores([none_item], [doc(actor("police"), actor("Nairobi", basis="place"))])
    assert (inferred["coded_target"], inferred["explicit_target"]) == (0.0, 1.0)
    missing = argument_scores([item], [SimpleNamespace(events=[])])
    assert (missing["found"], missing["coded_source"]) == (0.0, 0.0)
