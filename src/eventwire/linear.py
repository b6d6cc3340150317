"""Apply a fitted scikit-learn tf-idf + logistic-regression pipeline one item at a time, fast.

scikit-learn's ``predict_proba`` validates its input, builds sparse matrices and dispatches
through several layers on every call; for the handful of rows a sentence yields that overhead
is most of the cost. A linear model is only a dot product, so this module folds the tf-idf
weights into the coefficients once and then scores a row with a dictionary lookup per feature
and one small matrix product. The output equals the pipeline's ``predict_proba`` (to float
rounding); ``tests/test_events.py`` checks it.

Supported pipelines (what scripts/train_events.py builds):

* ``DictVectorizer -> TfidfTransformer -> LogisticRegression`` over feature dicts;
* ``TfidfVectorizer -> LogisticRegression`` over texts (any analyzer: it is reused as is).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np


class LinearScorer:
    """Multinomial logistic regression over l2-normalised, optionally sublinear tf-idf."""

    def __init__(
        self,
        vocab: Mapping[str, int],
        idf: np.ndarray | None,
        sublinear: bool,
        norm: str | None,
        coef: np.ndarray,
        intercept: np.ndarray,
        classes: list[str],
        analyzer: Callable[[str], Iterable[str]] | None = None,
        preprocessor: Callable[[str], str] | None = None,
        per_word: bool = False,
    ) -> None:
        self.vocab = dict(vocab)
        self.sublinear = sublinear
        self.norm = norm
        self.idf = idf if idf is not None else np.ones(coef.shape[1])
        # rows: features; tf-idf's idf folded into the weights (x_j * idf_j * w_cj)
        self.weights = np.ascontiguousarray((coef * self.idf).T)
        self.intercept = np.asarray(intercept, dtype=float)
        self.classes = list(classes)
        self.analyzer = analyzer
        self.preprocessor = preprocessor
        # char_wb n-grams never cross a word boundary, so a text's n-grams are the union of
        # its words' and can be looked up once per distinct word
        self.per_word = per_word
        self._words: dict[str, np.ndarray] = {}

    def _proba(self, idx: np.ndarray | list[int], counts: np.ndarray) -> np.ndarray:
        z = self.intercept.copy()
        if len(idx):
            x = np.log(counts) + 1.0 if self.sublinear else counts  # counts are positive
            if self.norm == "l2":
                n = float(np.sqrt(np.sum((x * self.idf[idx]) ** 2)))
                if n > 0:
                    x = x / n
            z += x @ self.weights[idx]
        z -= z.max()
        e = np.exp(z)
        return e / e.sum()

    def proba_dict(self, feats: Mapping[str, float]) -> np.ndarray:
        vocab = self.vocab
        hits = [(j, v) for key, v in feats.items() if v and (j := vocab.get(key)) is not None]
        idx = [j for j, _v in hits]
        return self._proba(idx, np.fromiter((v for _j, v in hits), dtype=float, count=len(hits)))

    def _word_hits(self, word: str) -> np.ndarray:
        got = self._words.get(word)
        if got is None:
            assert self.analyzer is not None
            vocab = self.vocab
            got = np.fromiter(
                (j for g in self.analyzer(word) if (j := vocab.get(g)) is not None), dtype=np.intp
            )
            if len(self._words) > 200_000:  # bound the cache on long runs
                self._words.clear()
            self._words[word] = got
        return got

    def proba_text(self, text: str) -> np.ndarray:
        assert self.analyzer is not None, "a text scorer needs the vectorizer's analyzer"
        if self.per_word and self.preprocessor is not None:
            parts = [self._word_hits(w) for w in self.preprocessor(text).split()]
            if not parts:
                return self._proba([], np.zeros(0))
            idx, counts = np.unique(np.concatenate(parts), return_counts=True)
            return self._proba(idx, counts.astype(float))
        c = Counter(g for g in self.analyzer(text) if g in self.vocab)
        idx = [self.vocab[g] for g in c]
        return self._proba(idx, np.fromiter(c.values(), dtype=float, count=len(c)))


def softmax_form(coef: Any, intercept: Any) -> tuple[np.ndarray, np.ndarray]:
    """A logistic regression's weights as one row per class, for a softmax: a binary model's
    single row w (the sigmoid of w.x + b for its second class) becomes the rows -w/2 and w/2,
    whose softmax is that same sigmoid."""
    coef, intercept = np.asarray(coef, dtype=float), np.asarray(intercept, dtype=float)
    if coef.shape[0] == 1:
        return np.vstack([-coef / 2, coef / 2]), np.concatenate([-intercept / 2, intercept / 2])
    return coef, intercept


def from_pipeline(pipe: Any) -> LinearScorer:
    """A LinearScorer equivalent to a fitted pipeline of the supported shapes."""
    steps = [s for _name, s in pipe.steps]
    clf = steps[-1]
    kind = type(steps[0]).__name__
    if kind == "DictVectorizer" and len(steps) == 3:
        vec, tfidf = steps[0], steps[1]
        vocab, analyzer, per_word = vec.vocabulary_, None, False
    elif kind == "TfidfVectorizer" and len(steps) == 2:
        vec = tfidf = steps[0]
        vocab, analyzer = vec.vocabulary_, vec.build_analyzer()
        per_word = vec.analyzer == "char_wb" and vec.strip_accents is None
    else:
        raise ValueError(f"unsupported pipeline: {[type(s).__name__ for s in steps]}")
    coef, intercept = softmax_form(clf.coef_, clf.intercept_)
    return LinearScorer(
        vocab,
        tfidf.idf_ if tfidf.use_idf else None,
        bool(tfidf.sublinear_tf),
        tfidf.norm,
        coef,
        intercept,
        [str(c) for c in clf.classes_],
        analyzer,
        vec.build_preprocessor() if analyzer is not None else None,
        per_word,
    )
