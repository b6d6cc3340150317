"""The fine-tuned event encoder at run time: onnxruntime + tokenizers, no torch.

A model directory holds ``model.onnx`` (MiniLM fine-tuned end to end with a PLOVER head and an
ACLED sub-type head, int8-quantised), ``tokenizer.json`` and ``manifest.json`` (label sets, the
encoder it came from, the training data and script, the figures it reached). The bundled one is
rebuilt by ``scripts/train_event_encoder.py``. A missing or broken file is one clear
:class:`ModelError` naming it, never a silent fallback.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

MAX_TOKENS = 80
# texts per forward pass, shortest first: small batches waste little on padding (on one
# document's 600-word article, 8 reads about 30% faster than 32: benchmarks/throughput.py)
BATCH = 8
MODEL_DIR = "event_encoder"
FILES = ("model.onnx", "tokenizer.json", "manifest.json")


class ModelError(RuntimeError):
    """A model file is missing, unreadable or does not match its manifest."""


def mark(text: str, src: tuple[int, int] | None, tgt: tuple[int, int] | None) -> str:
    """The text with its source and target wrapped in <s>..</s> and <t>..</t> (as in PLV)."""
    cuts: list[tuple[int, str]] = []
    if src is not None:
        cuts += [(src[0], "<s>"), (src[1], "</s>")]
    if tgt is not None and (src is None or tgt[1] <= src[0] or tgt[0] >= src[1]):
        cuts += [(tgt[0], "<t>"), (tgt[1], "</t>")]
    out, pos = [], 0
    for at, tag in sorted(cuts, key=lambda c: (c[0], c[1].startswith("<s") or c[1].startswith("<t"))):
        out += [text[pos:at], tag]
        pos = at
    out.append(text[pos:])
    return "".join(out)


@dataclass
class Reading:
    """What the encoder's heads say about a batch of texts."""

    plover: np.ndarray  # PLOVER type probabilities (with NONE)
    acled: np.ndarray  # ACLED sub-type probabilities
    acled_labels: list[str]
    accident: np.ndarray | None  # P(accident) when the model ships an accident head


@dataclass
class EventEncoder:
    """Both heads' probabilities for a batch of (marked) texts."""

    session: Any
    tokenizer: Any
    plover_labels: list[str]
    acled_labels: list[str]
    manifest: dict[str, Any]
    path: str
    acled_head: Any = None  # coding.acled_head.AcledHead when the manifest names one
    accident_head: Any = None  # the same kind of head, accident against attack (accident_head.py)

    def read(self, texts: list[str], plain: list[str]) -> Reading:
        """Every head's answer for marked ``texts`` (``plain``: the same sentences unmarked, which
        the word views of the heads read)."""
        p, a, v = self.predict_all(texts)
        labels = self.acled_labels
        if self.acled_head is not None:
            a, labels = self.acled_head.proba(v, plain), self.acled_head.classes
        accident = None
        if self.accident_head is not None:
            from .accident_head import accident_probability

            accident = accident_probability(self.accident_head, v, plain)
        return Reading(p, a, labels, accident)

    def predict(self, texts: list[str], batch: int = BATCH) -> tuple[np.ndarray, np.ndarray]:
        """Softmax probabilities of the PLOVER and ACLED heads."""
        p, a, _ = self.predict_all(texts, batch)
        return p, a

    def predict_all(self, texts: list[str], batch: int = BATCH) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Both heads' probabilities and the pooled sentence vectors."""
        if not texts:
            return (
                np.zeros((0, len(self.plover_labels))),
                np.zeros((0, len(self.acled_labels))),
                np.zeros((0, 384)),
            )
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out_p = np.zeros((len(texts), len(self.plover_labels)), dtype=np.float32)
        out_a = np.zeros((len(texts), len(self.acled_labels)), dtype=np.float32)
        out_v = np.zeros((len(texts), 384), dtype=np.float32)
        for k in range(0, len(order), batch):
            idx = order[k : k + batch]
            enc = self.tokenizer.encode_batch([texts[i] for i in idx])
            width = max(len(e.ids) for e in enc)
            ids = np.zeros((len(idx), width), dtype=np.int64)
            att = np.zeros((len(idx), width), dtype=np.int64)
            for r, e in enumerate(enc):
                ids[r, : len(e.ids)] = e.ids
                att[r, : len(e.ids)] = 1
            lp, la, v = self.session.run(
                ["plover", "acled", "pooled"], {"input_ids": ids, "attention_mask": att}
            )
            out_p[idx] = _softmax(lp)
            out_a[idx] = _softmax(la)
            out_v[idx] = v
        return out_p, out_a, out_v


def _softmax(x: np.ndarray) -> np.ndarray:
    z = np.exp(x - x.max(axis=1, keepdims=True))
    return z / z.sum(axis=1, keepdims=True)


def load_encoder(
    path: str | Path | None = None, threads: int | None = None, heads: bool = True
) -> EventEncoder:
    """Load a model directory (default: the bundled one); raise ModelError naming the bad file.
    ``heads=False`` leaves out the small heads the manifest names (to fit them anew)."""
    if path is None:
        ref = resources.files("eventwire.annotate").joinpath(f"models/{MODEL_DIR}")
        with resources.as_file(ref) as p:
            return _load(Path(p), threads, heads)
    return _load(Path(path), threads, heads)


def load_tokenizer(d: Path, max_tokens: int, what: str) -> Any:
    """``d``/tokenizer.json, unpadded (batches are padded to their longest text) and truncated
    at ``max_tokens``; a ModelError naming the file (``what``: the model's name) if unreadable."""
    try:
        from tokenizers import Tokenizer

        tok = Tokenizer.from_file(str(d / "tokenizer.json"))
        tok.no_padding()
        tok.enable_truncation(max_tokens)
    except Exception as e:
        raise ModelError(f"{what}: {d / 'tokenizer.json'} cannot be read ({e})") from e
    return tok


def load_session(d: Path, threads: int | None, what: str) -> Any:
    """An onnxruntime CPU session of ``d``/model.onnx; a ModelError naming the file if it
    cannot be loaded."""
    try:
        import onnxruntime as ort

        opts = ort.SessionOptions()
        if threads:
            opts.intra_op_num_threads = threads
        opts.log_severity_level = 3
        return ort.InferenceSession(str(d / "model.onnx"), opts, providers=["CPUExecutionProvider"])
    except Exception as e:
        raise ModelError(f"{what}: {d / 'model.onnx'} cannot be loaded ({e})") from e


def read_manifest(d: Path, files: tuple[str, ...], what: str, script: str) -> dict[str, Any]:
    """``d``/manifest.json, once every one of ``files`` is there; a ModelError naming the file
    that is missing (and the script that rebuilds it) or the manifest that is not JSON."""
    for name in files:
        if not (d / name).is_file():
            raise ModelError(f"{what}: {d / name} is missing (rebuild it with {script})")
    try:
        manifest = json.loads((d / "manifest.json").read_text("utf-8"))
    except ValueError as e:
        raise ModelError(f"{what}: {d / 'manifest.json'} is not a valid manifest ({e})") from e
    if not isinstance(manifest, dict):
        raise ModelError(f"{what}: {d / 'manifest.json'} is not a valid manifest (not an object)")
    return manifest


def _load(d: Path, threads: int | None, heads: bool = True) -> EventEncoder:
    manifest = read_manifest(d, FILES, "event encoder", "scripts/train_event_encoder.py")
    try:
        plover, acled = list(manifest["plover_labels"]), list(manifest["acled_labels"])
    except (KeyError, TypeError) as e:
        raise ModelError(f"event encoder: {d / 'manifest.json'} is not a valid manifest ({e})") from e
    tok = load_tokenizer(d, int(manifest.get("max_tokens", MAX_TOKENS)), "event encoder")
    sess = load_session(d, threads, "event encoder")
    shapes = {o.name: o.shape[-1] for o in sess.get_outputs()}
    if shapes.get("plover") != len(plover) or shapes.get("acled") != len(acled) or "pooled" not in shapes:
        raise ModelError(
            f"event encoder: {d / 'model.onnx'} has outputs {shapes}, the manifest lists "
            f"{len(plover)} PLOVER and {len(acled)} ACLED labels"
        )
    head = accident = None
    if heads and manifest.get("acled_head"):
        from .acled_head import load_acled_head

        head = load_acled_head(d)
    if heads and manifest.get("accident_head"):
        from .accident_head import load_accident_head

        accident = load_accident_head(d)
    return EventEncoder(sess, tok, plover, acled, manifest, str(d), head, accident)
