"""The ACLED sub-event type head: a linear model over the encoder's pooled sentence vector,
averaged with a word n-gram view of the sentence (the weapon and act words that separate
shelling from an air strike or an IED are lexical). Trained by
``scripts/train_event_encoder.py --acled`` on the texts that say their ACLED sub-type (our own
real-style texts, NGEC stories through their mode, and the PLOVER types that are never ACLED
events), with balanced class weights; stored as ``acled_head.joblib`` beside the encoder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..linear import LinearScorer, from_pipeline, softmax_form

FILE = "acled_head.joblib"


@dataclass
class AcledHead:
    classes: list[str]  # ACLED sub-types and "null"
    emb_coef: np.ndarray
    emb_intercept: np.ndarray
    text: LinearScorer | None
    text_weight: float

    def proba(self, pooled: np.ndarray, texts: list[str]) -> np.ndarray:
        z = pooled @ self.emb_coef.T + self.emb_intercept
        z = np.exp(z - z.max(axis=1, keepdims=True))
        p = z / z.sum(axis=1, keepdims=True)
        if self.text is not None and self.text_weight > 0:
            t = np.array([self.text.proba_text(x) for x in texts]).reshape(p.shape)
            p = (1 - self.text_weight) * p + self.text_weight * t
        return p


def from_bundle(bundle: dict[str, Any]) -> AcledHead:
    emb = bundle["emb"]
    classes = [str(c) for c in emb.classes_]
    text = from_pipeline(bundle["text"]) if bundle.get("text") is not None else None
    if text is not None and list(text.classes) != classes:
        raise ValueError("the two views disagree on the labels")
    coef, intercept = softmax_form(emb.coef_, emb.intercept_)  # (a binary head: two rows)
    return AcledHead(classes, coef, intercept, text, float(bundle["text_weight"]))


def load_acled_head(model_dir: Path) -> AcledHead:
    return load_head(model_dir / FILE, "--acled")


def load_head(path: Path, flag: str) -> AcledHead:
    """A head bundle (an embedding view and a word view, as the ACLED head's); a missing or
    broken file is a ModelError naming it and the script ``flag`` that rebuilds it."""
    from .encoder import ModelError

    if not path.is_file():
        raise ModelError(
            f"event encoder: {path} is missing (rebuild it with scripts/train_event_encoder.py {flag})"
        )
    try:
        import joblib

        return from_bundle(joblib.load(path))
    except Exception as e:
        raise ModelError(f"event encoder: {path} cannot be loaded ({e})") from e
