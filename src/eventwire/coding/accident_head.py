"""The accident head: is a violent happening with no named doer an accident or an attack?

"A fire at a textile factory near Dhaka killed 52 workers" and "Militants set fire to a
factory near Dhaka" share their words; the type head, trained mostly on events, reads both as
an ASSAULT. This head is a binary linear model of the same design as the ACLED head (the
encoder's pooled vector averaged with a word n-gram view: a gas leak, a short circuit or a
derailment are lexical cues), trained by ``scripts/train_event_encoder.py --accident`` on our
own accident texts against violent events (docs/events_model.md, "An accident head"). The
coder uses it only to veto an ASSAULT that no actor named in the text does
(``events.accident_veto``); the type head, and so the leave-one-source-out figures, are
untouched. Stored as ``accident_head.joblib`` beside the encoder.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .acled_head import AcledHead, load_head

FILE = "accident_head.joblib"
ACCIDENT = "accident"
DELIBERATE = "deliberate"


def load_accident_head(model_dir: Path) -> AcledHead:
    head = load_head(model_dir / FILE, "--accident")
    if sorted(head.classes) != sorted((ACCIDENT, DELIBERATE)):
        from .encoder import ModelError

        raise ModelError(
            f"event encoder: {model_dir / FILE} has classes {head.classes}, not {ACCIDENT}/{DELIBERATE}"
        )
    return head


def accident_probability(head: AcledHead, pooled: np.ndarray, texts: list[str]) -> np.ndarray:
    """P(accident) for each (pooled vector, plain sentence)."""
    return head.proba(pooled, texts)[:, head.classes.index(ACCIDENT)]
