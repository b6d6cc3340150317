"""Fit and measure the ACLED sub-event type head (eventwire.coding.acled_head) over the
exported encoder's pooled vectors and the sentence's words.

Measured without the frozen set: 5-fold cross-validation on our own texts, and
leave-one-source-out between our own texts and the NGEC stories (train without S, score on S).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..coding.encoder import EventEncoder, mark
from .sources import Example

# chosen on held_out_figures (2 folds, the seventh session's data, 4 epochs): sub-type accuracy
# on texts the encoder never saw 0.79 with these, 0.74 with the earlier 0.5 / 1.0; 0.76 with
# 0.85 / 0.3; the encoder's own ACLED output 0.33
TEXT_WEIGHT = 0.7
C_EMB = 0.3
C_TEXT = 10.0


def labelled(examples: Sequence[Example]) -> list[Example]:
    return [e for e in examples if e.acled is not None]


def vectors(enc: EventEncoder, examples: Sequence[Example]) -> np.ndarray:
    _, _, v = enc.predict_all([mark(e.text, e.src, e.tgt) for e in examples])
    return v


def fit(
    examples: Sequence[Example],
    pooled: np.ndarray,
    text_weight: float = TEXT_WEIGHT,
    c_emb: float = C_EMB,
    c_text: float = C_TEXT,
) -> dict[str, Any]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    y = [e.acled for e in examples]
    emb = LogisticRegression(C=c_emb, max_iter=500, tol=1e-3, class_weight="balanced").fit(pooled, y)
    text = None
    if text_weight > 0:
        text = make_pipeline(
            TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2),
            LogisticRegression(C=c_text, max_iter=500, tol=1e-3, class_weight="balanced"),
        ).fit([e.text for e in examples], y)
    return {"emb": emb, "text": text, "text_weight": text_weight}


def accuracy(bundle: dict[str, Any], examples: Sequence[Example], pooled: np.ndarray) -> dict[str, float]:
    from ..coding.acled_head import from_bundle

    head = from_bundle(bundle)
    p = head.proba(pooled, [e.text for e in examples])
    pred = [head.classes[int(i)] for i in p.argmax(axis=1)]
    gold = [e.acled for e in examples]
    acled_rows = [k for k, g in enumerate(gold) if g != "null"]
    return {
        "n": len(gold),
        "accuracy": round(float(np.mean([p_ == g for p_, g in zip(pred, gold, strict=True)])), 3),
        "sub_type_accuracy": round(float(np.mean([pred[k] == gold[k] for k in acled_rows])), 3)
        if acled_rows
        else float("nan"),
        "acled_events": len(acled_rows),
    }


def cross_validate(
    examples: Sequence[Example], pooled: np.ndarray, folds: int = 5, **kw: Any
) -> dict[str, float]:
    """k-fold CV on the ``own`` examples (the other sources always train)."""
    from sklearn.model_selection import StratifiedKFold

    own = [k for k, e in enumerate(examples) if e.source == "own"]
    rest = [k for k, e in enumerate(examples) if e.source != "own"]
    hits = n = sub_hits = sub_n = 0
    y = [examples[k].acled for k in own]
    for tr, te in StratifiedKFold(folds, shuffle=True, random_state=13).split(own, y):
        train = rest + [own[i] for i in tr]
        test = [own[i] for i in te]
        b = fit([examples[k] for k in train], pooled[train], **kw)
        r = accuracy(b, [examples[k] for k in test], pooled[test])
        hits += r["accuracy"] * r["n"]
        n += r["n"]
        sub_hits += r["sub_type_accuracy"] * r["acled_events"]
        sub_n += r["acled_events"]
    return {"accuracy": round(hits / n, 3), "sub_type_accuracy": round(sub_hits / sub_n, 3), "n": n}


def leave_out(examples: Sequence[Example], pooled: np.ndarray, source: str, **kw: Any) -> dict[str, float]:
    train = [k for k, e in enumerate(examples) if e.source != source]
    test = [k for k, e in enumerate(examples) if e.source == source]
    b = fit([examples[k] for k in train], pooled[train], **kw)
    return accuracy(b, [examples[k] for k in test], pooled[test]) | {"source": source}


def held_out_figures(
    examples: Sequence[Example],
    rest: Sequence[Example],
    folds: int,
    epochs: int,
    work: Path,
    log: Any = print,
    **kw: Any,
) -> dict[str, Any]:
    """The head's figures on texts its encoder never saw, as text in use will be.

    The labelled examples are split into ``folds`` folds (stratified by ACLED label). For each
    fold an encoder is fine-tuned on ``rest`` and the other folds (the shipped recipe),
    exported the shipped way (int8 ONNX); the head is fitted on that encoder's vectors of its
    own training texts, as the shipped head is, and scored on the held fold. The figures the
    training script printed before (NGEC hold-out, cross-validation on our texts) read
    vectors of texts the encoder was trained on and overstated (cross-validation on our texts
    0.84 for the encoder of the seventh session's data, 0.74 here with the same settings).
    ``kw`` goes to :func:`fit` (the head's settings)."""
    from sklearn.model_selection import StratifiedKFold

    from ..coding.encoder import load_encoder
    from .finetune import export, train

    y = [e.acled for e in examples]
    split = StratifiedKFold(folds, shuffle=True, random_state=13).split(np.zeros(len(y)), y)
    rows = []
    for f, (tr, te) in enumerate(split):
        log(f"ACLED head, fold {f + 1}/{folds}: encoder trained without {len(te)} texts")
        train_ex = [examples[i] for i in tr]
        net = train([*rest, *train_ex], epochs=epochs, log=log)
        d = work / f"fold{f}"
        export(net, d, {"fold": f, "folds": folds})
        enc = load_encoder(d)
        held = [examples[i] for i in te]
        bundle = fit(train_ex, vectors(enc, train_ex), **kw)
        rows.append(accuracy(bundle, held, vectors(enc, held)))
    n = sum(r["n"] for r in rows)
    k = sum(r["acled_events"] for r in rows)
    return {
        "folds": folds,
        "accuracy": round(sum(r["accuracy"] * r["n"] for r in rows) / n, 3),
        "sub_type_accuracy": round(sum(r["sub_type_accuracy"] * r["acled_events"] for r in rows) / k, 3),
        "acled_events": k,
        "n": n,
    }
