"""The fast-path candidate the event encoder was chosen over: static token embeddings distilled
from all-MiniLM-L6-v2 with model2vec (256 dimensions), averaged per sentence, with a logistic
regression head; measured leave-one-source-out like the encoder (eventwire.learn.evaluate).

    python scripts/static_baseline.py --loso plv,gsr

Needs the train extra (model2vec[distill], torch, transformers). Writes nothing to the repo:
the distilled vectors go to a temporary folder.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared/data")
    ap.add_argument("--loso", default="plv,gsr")
    args = ap.parse_args()

    import numpy as np
    from model2vec import StaticModel
    from model2vec.distill import distill
    from sklearn.linear_model import LogisticRegression

    from eventwire.coding.encoder import mark
    from eventwire.learn.evaluate import SOURCES, print_loso, score_types
    from eventwire.learn.finetune import encoder_dir
    from eventwire.learn.sources import NONE, PLOVER_TYPES, load_all

    with tempfile.TemporaryDirectory() as tmp:
        distill(model_name=str(encoder_dir()), pca_dims=256).save_pretrained(tmp)
        static = StaticModel.from_pretrained(tmp)
    labels = [*PLOVER_TYPES, NONE]
    rows = []
    for s in args.loso.split(","):
        train = load_all(args.data, [x for x in SOURCES if x != s])
        test = [e for e in load_all(args.data, [s]) if e.plover != NONE]
        x = static.encode([mark(e.text, e.src, e.tgt) for e in train])
        # a static head cannot score "either of two"; PLV's YIELD trains as CONCEDE
        y = ["CONCEDE" if e.plover == "YIELD" else e.plover for e in train]
        clf = LogisticRegression(C=10, max_iter=3000, class_weight="balanced").fit(x, y)
        t = time.perf_counter()
        probs = clf.predict_proba(static.encode([mark(e.text, e.src, e.tgt) for e in test]))
        per_s = len(test) / (time.perf_counter() - t)
        full = np.zeros((len(test), len(labels)))
        for j, c in enumerate(clf.classes_):
            full[:, labels.index(c)] = probs[:, j]
        r = score_types(s, [e.plover for e in test], full, labels)
        print(f"  {s}: macro-F1 {r['macro_f1']:.3f} ({per_s:,.0f} sentences/s with the head)", flush=True)
        rows.append(r)
    print_loso(rows)


if __name__ == "__main__":
    main()
