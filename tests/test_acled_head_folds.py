"""The ACLED head's held-out figures: each fold is scored by an encoder that was not trained
on it, with a head fitted on that same encoder's vectors of its training texts (vectors of two
encoders are not comparable, and vectors of training texts overstate).

Training and export are replaced by recorders, so this runs without torch."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from eventwire.learn import acled_head as ah
from eventwire.learn.sources import Example

pytest.importorskip("sklearn")


def _ex(i: int, acled: str | None) -> Example:
    return Example(f"Text number {i} about an event.", None, None, "ASSAULT", acled, "own", str(i))


def test_each_fold_is_scored_by_an_encoder_that_never_saw_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import eventwire.coding.encoder as encoder_mod
    import eventwire.learn.finetune as finetune

    labelled = [_ex(i, ["Attack", "Armed clash", "null"][i % 3]) for i in range(30)]
    rest = [_ex(100 + i, None) for i in range(5)]
    trained: list[set[str]] = []
    fitted: list[tuple[int, np.ndarray]] = []
    scored: list[tuple[int, np.ndarray]] = []

    def fake_train(examples: list[Example], epochs: int, log: object = None) -> tuple[int, set[str]]:
        trained.append({e.text for e in examples})
        return len(trained) - 1, trained[-1]

    def fake_export(net: tuple[int, set[str]], out_dir: Path, manifest: dict) -> None:
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / "seen.txt").write_text(f"{net[0]}\n" + "\n".join(sorted(net[1])), "utf-8")

    class FakeEncoder:
        def __init__(self, d: Path) -> None:
            first, *seen = (d / "seen.txt").read_text("utf-8").split("\n")
            self.k, self.seen = int(first), set(seen)

        def predict_all(self, texts: list[str]) -> tuple[None, None, np.ndarray]:
            # column 0: which encoder; column 1: 1.0 when it was trained on the text
            v = np.zeros((len(texts), 384), dtype=np.float32)
            v[:, 0] = self.k
            v[:, 1] = [t in self.seen for t in texts]
            return None, None, v

    def fake_fit(examples: list[Example], pooled: np.ndarray, **kw: object) -> dict:
        fitted.append((len(fitted), pooled.copy()))
        return {}

    def fake_accuracy(bundle: dict, examples: list[Example], pooled: np.ndarray) -> dict:
        scored.append((len(scored), pooled.copy()))
        return {"n": len(examples), "accuracy": 1.0, "sub_type_accuracy": 1.0, "acled_events": 1}

    monkeypatch.setattr(finetune, "train", fake_train)
    monkeypatch.setattr(finetune, "export", fake_export)
    monkeypatch.setattr(encoder_mod, "load_encoder", lambda d: FakeEncoder(Path(d)))
    monkeypatch.setattr(ah, "fit", fake_fit)
    monkeypatch.setattr(ah, "accuracy", fake_accuracy)
    r = ah.held_out_figures(labelled, rest, folds=3, epochs=1, work=tmp_path, log=lambda *a: None)
    assert r["n"] == 30 and len(trained) == 3
    for k, seen in enumerate(trained):
        assert {e.text for e in rest} <= seen, "the unlabelled texts always train"
        assert len(seen & {e.text for e in labelled}) == 20
        (_, fit_v), (_, score_v) = fitted[k], scored[k]
        assert (fit_v[:, 0] == k).all() and (score_v[:, 0] == k).all(), "one encoder per fold"
        assert (fit_v[:, 1] == 1.0).all(), "the head is fitted on the encoder's training texts"
        assert (score_v[:, 1] == 0.0).all(), "and scored on texts the encoder never saw"
        assert len(score_v) == 10
