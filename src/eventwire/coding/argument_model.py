"""The learned argument tagger at run time: onnxruntime + tokenizers, no torch.

For a sentence, an event type and its trigger word it gives each word piece the probability of being part of
the event's source, its target, or neither. The coder reads it beside the parse rules
(``ArgumentFinder``); how the two are combined is in docs/events_model.md ("The learned
argument tagger"). The bundled model is rebuilt by ``scripts/train_argument_model.py``; a
missing or broken file is one clear :class:`ModelError` naming it, never a silent fallback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from .encoder import ModelError, load_session, load_tokenizer, read_manifest

LABELS = ("none", "source", "target")
MAX_TOKENS = 128
MODEL_DIR = "argument_tagger"
FILES = ("model.onnx", "tokenizer.json", "manifest.json")
BATCH = 8
# PLV's merged label, read as the word the two types share
TYPE_WORDS = {"YIELD": "yield", "NONE": "event"}


def query(plover_type: str, trigger: str) -> str:
    """The first text of the tagger's input pair: the event type as a word and the trigger
    word ("ASSAULT", "shelled" -> "assault shelled")."""
    return f"{TYPE_WORDS.get(plover_type, plover_type.lower())} {trigger}".strip()


@dataclass
class Roles:
    """One sentence's word pieces (character offsets into the text) and their role
    probabilities (columns in ``LABELS`` order)."""

    offsets: list[tuple[int, int]]
    probs: np.ndarray

    def of(self, start: int, end: int) -> tuple[float, float]:
        """(P(source), P(target)) of the characters start..end: the highest over their pieces."""
        rows = [k for k, (a, b) in enumerate(self.offsets) if a < end and b > start]
        if not rows:
            return 0.0, 0.0
        p = self.probs[rows]
        return float(p[:, 1].max()), float(p[:, 2].max())

    def span(self, role: int, threshold: float = 0.5) -> tuple[int, int] | None:
        """The characters of a role (1 source, 2 target): the run of pieces the tagger labels
        with it around its most probable piece, or None when no piece reaches ``threshold``."""
        p = self.probs
        if not self.offsets or p[:, role].max() < threshold:
            return None
        k = int(p[:, role].argmax())
        a = b = k
        while a > 0 and p[a - 1].argmax() == role:
            a -= 1
        while b + 1 < len(self.offsets) and p[b + 1].argmax() == role:
            b += 1
        return self.offsets[a][0], self.offsets[b][1]


@dataclass
class ArgumentModel:
    session: Any
    tokenizer: Any
    manifest: dict[str, Any]
    path: str
    _cache: dict[tuple[str, str, str], Roles] = field(default_factory=dict)

    def roles(self, items: list[tuple[str, str, str]], batch: int = BATCH) -> list[Roles]:
        """Role probabilities for each (PLOVER type, trigger word, sentence); repeated items are
        read once."""
        todo = list(dict.fromkeys(x for x in items if x not in self._cache))
        if len(self._cache) > 4096:
            self._cache.clear()
        todo.sort(key=lambda x: len(x[2]))
        for k in range(0, len(todo), batch):
            part = todo[k : k + batch]
            enc = self.tokenizer.encode_batch([(query(t, w), s) for t, w, s in part])
            width = max(len(e.ids) for e in enc)
            ids = np.zeros((len(part), width), dtype=np.int64)
            types = np.zeros_like(ids)
            att = np.zeros_like(ids)
            for r, e in enumerate(enc):
                ids[r, : len(e.ids)] = e.ids
                types[r, : len(e.ids)] = e.type_ids
                att[r, : len(e.ids)] = 1
            (logits,) = self.session.run(
                ["roles"], {"input_ids": ids, "attention_mask": att, "token_type_ids": types}
            )
            z = np.exp(logits - logits.max(axis=2, keepdims=True))
            probs = z / z.sum(axis=2, keepdims=True)
            for r, (x, e) in enumerate(zip(part, enc, strict=True)):
                keep = [k for k, s in enumerate(e.sequence_ids) if s == 1]
                self._cache[x] = Roles([e.offsets[k] for k in keep], probs[r, keep])
        return [self._cache[x] for x in items]


def load_argument_model(path: str | Path | None = None, threads: int | None = None) -> ArgumentModel:
    """Load a tagger directory (default: the bundled one); raise ModelError naming the bad file."""
    if path is None:
        ref = resources.files("eventwire.annotate").joinpath(f"models/{MODEL_DIR}")
        with resources.as_file(ref) as p:
            return _load(Path(p), threads)
    return _load(Path(path), threads)


def _load(d: Path, threads: int | None) -> ArgumentModel:
    manifest = read_manifest(d, FILES, "argument tagger", "scripts/train_argument_model.py")
    if tuple(manifest.get("labels") or ()) != LABELS:
        raise ModelError(
            f"argument tagger: {d / 'manifest.json'} is not a valid manifest "
            f"(labels {manifest.get('labels')}, expected {list(LABELS)})"
        )
    tok = load_tokenizer(d, int(manifest.get("max_tokens", MAX_TOKENS)), "argument tagger")
    sess = load_session(d, threads, "argument tagger")
    shapes = {o.name: o.shape[-1] for o in sess.get_outputs()}
    if shapes.get("roles") != len(LABELS):
        raise ModelError(
            f"argument tagger: {d / 'model.onnx'} has outputs {shapes}, expected roles of {len(LABELS)}"
        )
    return ArgumentModel(sess, tok, manifest, str(d))
