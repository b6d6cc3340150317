"""The event-type classifier: two linear views trained by scripts/train_events.py."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ..linear import from_pipeline

MODEL_FILE = "events_clf.joblib"


@dataclass
class EventModel:
    """Two scikit-learn views averaged: tf-idf weighted pair_features -> logistic regression,
    and character n-grams of the masked sentence -> logistic regression (weight ``text_weight``).
    Labels are PLV roots (YIELD for CONCEDE/RETREAT)."""

    pipe: Any
    labels: list[str]
    text_pipe: Any = None
    text_weight: float = 0.0

    def __post_init__(self) -> None:
        # the same linear models applied directly (eventwire.linear): scikit-learn's per-call
        # overhead was most of the events layer's time
        self._feat = from_pipeline(self.pipe)
        use_text = self.text_pipe is not None and self.text_weight > 0
        self._text = from_pipeline(self.text_pipe) if use_text else None
        if self._feat.classes != self.labels or (self._text and self._text.classes != self.labels):
            raise ValueError("events model: the two views disagree on the labels")

    def proba(self, feats: list[dict[str, float]], texts: list[str] | None = None) -> list[dict[str, float]]:
        out = []
        for k, f in enumerate(feats):
            row = self._feat.proba_dict(f)
            if self._text is not None and texts is not None:
                row = (1 - self.text_weight) * row + self.text_weight * self._text.proba_text(texts[k])
            out.append(dict(zip(self.labels, row.tolist(), strict=True)))
        return out

    def proba_sklearn(
        self, feats: list[dict[str, float]], texts: list[str] | None = None
    ) -> list[dict[str, float]]:
        """The same probabilities through scikit-learn (reference for tests)."""
        if not feats:
            return []
        probs = self.pipe.predict_proba(feats)
        if self.text_pipe is not None and texts is not None and self.text_weight > 0:
            probs = (1 - self.text_weight) * probs + self.text_weight * self.text_pipe.predict_proba(texts)
        return [dict(zip(self.labels, row, strict=True)) for row in probs]


def load_model(path: str | Path | None = None) -> EventModel | None:
    import joblib

    if path is None:
        ref = resources.files("eventwire.annotate").joinpath(f"models/{MODEL_FILE}")
        if not ref.is_file():
            return None
        with resources.as_file(ref) as p:
            bundle = joblib.load(p)
    else:
        bundle = joblib.load(path)
    if not isinstance(bundle, dict):  # a bare feature pipeline
        bundle = {"features": bundle}
    pipe = bundle["features"]
    return EventModel(
        pipe, [str(c) for c in pipe.classes_], bundle.get("text"), float(bundle.get("text_weight", 0.0))
    )
