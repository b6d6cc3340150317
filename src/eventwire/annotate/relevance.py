"""Article relevance: is the article about politics, conflict, security, protest, diplomacy,
crime or disaster (the news event data is made of), or about sport, shopping, recipes, ...?

A small learned classifier (issue #23): logistic regression over tf-idf weighted word 1-2 grams
and character 2-5 grams (inside words) of the title and the first ``max_chars`` characters of
the text, lowercased, digits folded to 0. It needs no parse, so it can run first. The weights
are plain arrays (``models/relevance.npz``: vocabulary, idf, coefficients) applied with
:mod:`eventwire.linear`; ``models/relevance.json`` is the manifest (labels, training data
counts, the script, the cross-validated figures and the default threshold). Both are rebuilt
by ``scripts/train_relevance.py``; docs/relevance.md tells how and what it reaches.

The component sets ``AnnotatedDoc.relevance`` (the probability that the article is relevant,
0-1) and ``AnnotatedDoc.relevant`` (relevance >= the threshold). Events of an irrelevant
article are kept, flagged by the article; exports and the API leave them out by default.

Options (``--set relevance.NAME=VALUE``; ``--min-relevance`` sets ``threshold``):

* ``threshold``: the relevance from which an article counts as relevant (default: the
  manifest's, chosen by cross-validation on the training data);
* ``max_chars``: how much of the text is read (default 3000);
* ``model``: a model file to use instead of the bundled one (its manifest beside it, same
  name with ``.json``).

A missing or corrupt model file is one clear :class:`RelevanceModelError` naming it, raised
when the pipeline is built; there is no fallback.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

from ..context import Context
from ..linear import LinearScorer
from ..model import AnnotatedDoc
from ..registry import components

MODEL_FILE = "relevance.npz"
MANIFEST_FILE = "relevance.json"
MAX_CHARS = 3000
FORMAT = "eventwire-relevance/1"
ARRAYS = ("terms", "idf", "coef", "intercept")

_WORD = re.compile(r"\w\w+|\w")
_DIGIT = re.compile(r"\d")
CHAR_NGRAMS = (2, 5)


class RelevanceModelError(RuntimeError):
    """The relevance model file or its manifest is missing, unreadable or inconsistent."""


def normalise(text: str) -> str:
    return _DIGIT.sub("0", text.lower())


@lru_cache(maxsize=200_000)
def _char_grams(word: str) -> tuple[str, ...]:
    w = f" {word} "
    lo, hi = CHAR_NGRAMS
    return tuple("c:" + w[i : i + n] for n in range(lo, hi + 1) for i in range(len(w) - n + 1))


def analyze(text: str) -> list[str]:
    """The features of a text: ``w:`` word unigrams and bigrams, ``c:`` character 2-5 grams of
    each word padded with spaces (as scikit-learn's ``char_wb``). The training script uses this
    very function as the vectoriser's analyzer."""
    words = _WORD.findall(normalise(text))
    out = [f"w:{w}" for w in words if len(w) > 1]
    out += [f"w:{a} {b}" for a, b in pairwise(words)]
    for w in words:
        out.extend(_char_grams(w))
    return out


def article_text(title: str | None, text: str, max_chars: int = MAX_CHARS) -> str:
    """What the model reads: the title (when the text does not already start with it) and the
    first ``max_chars`` characters of the text."""
    body = text[:max_chars]
    if title and not body.lstrip().startswith(title.strip()):
        return f"{title.strip()}\n{body}"
    return body


@dataclass
class RelevanceModel:
    scorer: LinearScorer
    threshold: float
    manifest: dict[str, Any]
    path: str

    def score(self, text: str) -> float:
        """The probability that ``text`` (see :func:`article_text`) is relevant."""
        return float(self.scorer.proba_text(text)[1])


def save_model(
    path: Path,
    terms: list[str],
    idf: np.ndarray,
    coef: np.ndarray,
    intercept: float,
    manifest: dict[str, Any],
) -> None:
    """Write the weights (a zip of .npy arrays with fixed timestamps, so a rebuild is
    byte-identical) and the manifest beside them."""
    joined = "\n".join(terms)
    if len(terms) != joined.count("\n") + 1:
        raise ValueError("a feature holds a newline")
    arrays = {
        "terms": np.frombuffer(joined.encode("utf-8"), dtype=np.uint8),  # UTF-8, one per line
        "idf": np.asarray(idf, dtype=np.float32),
        "coef": np.asarray(coef, dtype=np.float32),
        "intercept": np.asarray([intercept], dtype=np.float64),
    }
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in ARRAYS:
            buf = io.BytesIO()
            np.save(buf, arrays[name], allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, buf.getvalue())
    manifest_path(path).write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", "utf-8")


def manifest_path(model: Path) -> Path:
    return model.with_suffix(".json")


def load_relevance_model(path: str | Path | None = None) -> RelevanceModel:
    """Load a model file (default: the bundled one); raise RelevanceModelError naming the bad file."""
    if path is None:
        ref = resources.files("eventwire.annotate").joinpath(f"models/{MODEL_FILE}")
        with resources.as_file(ref) as p:
            return _load(Path(p))
    return _load(Path(path))


def _load(path: Path) -> RelevanceModel:
    man = manifest_path(path)
    rebuild = "(rebuild it with scripts/train_relevance.py)"
    for f in (path, man):
        if not f.is_file():
            raise RelevanceModelError(f"relevance model: {f} is missing {rebuild}")
    try:
        manifest = json.loads(man.read_text("utf-8"))
        if manifest.get("format") != FORMAT:
            raise ValueError(f"format {manifest.get('format')!r}, expected {FORMAT!r}")
        threshold = float(manifest["threshold"])
        n_features = int(manifest["features"])
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as e:
        raise RelevanceModelError(f"relevance model: {man} is not a valid manifest ({e}) {rebuild}") from e
    try:
        with np.load(path, allow_pickle=False) as z:
            arrays = {name: z[name] for name in ARRAYS}
    except Exception as e:  # zipfile.BadZipFile, KeyError, ValueError, OSError ...
        raise RelevanceModelError(f"relevance model: {path} cannot be read ({e}) {rebuild}") from e
    try:
        terms = arrays["terms"].tobytes().decode("utf-8").split("\n")
    except UnicodeDecodeError as e:
        raise RelevanceModelError(f"relevance model: {path} cannot be read ({e}) {rebuild}") from e
    idf, coef = arrays["idf"], arrays["coef"]
    if not (len(terms) == len(idf) == len(coef) == n_features) or arrays["intercept"].shape != (1,):
        raise RelevanceModelError(
            f"relevance model: {path} holds {len(terms)} terms, {len(idf)} idf weights and "
            f"{len(coef)} coefficients; the manifest says {n_features} {rebuild}"
        )
    # a binary logistic regression is a two-class softmax with the first class's weights at 0
    weights = np.vstack([np.zeros(len(coef)), coef.astype(float)])
    scorer = LinearScorer(
        {t: i for i, t in enumerate(terms)},
        idf.astype(float),
        True,
        "l2",
        weights,
        np.array([0.0, float(arrays["intercept"][0])]),
        ["irrelevant", "relevant"],
        analyzer=analyze,
    )
    return RelevanceModel(scorer, threshold, manifest, str(path))


def _threshold(value: Any) -> float:
    try:
        t = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"relevance.threshold must be a number between 0 and 1, not {value!r}") from None
    if not 0.0 <= t <= 1.0:
        raise ValueError(f"relevance.threshold must be between 0 and 1, not {t}")
    return t


@components.register("relevance")
def make_relevance(ctx: Context) -> Callable[[AnnotatedDoc], None]:
    opts = ctx.options("relevance")
    where = opts.get("model")
    model: RelevanceModel = ctx.resource(
        f"relevance_model:{where or ''}", lambda: load_relevance_model(where)
    )
    threshold = _threshold(opts.get("threshold", model.threshold))
    max_chars = int(opts.get("max_chars", MAX_CHARS))

    def relevance(doc: AnnotatedDoc) -> None:
        doc.relevance = round(model.score(article_text(doc.article.title, doc.text, max_chars)), 4)
        doc.relevant = doc.relevance >= threshold

    return relevance
