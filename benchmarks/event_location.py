"""Event-location benchmark on the held-out split of event_location_train (shared/data).

The held-out split is never used for training or for choosing hyperparameters: those are
chosen by cross-validation inside the training split (scripts/train_event_places.py, which
stores its cross-validated figures in the model file; they are printed here for reference).

For each annotated verb, builds an Event record (trigger = the verb) on the sentence annotated
by the real pipeline (entities + places), runs the event_places logic and compares the chosen
place with the gold LOCATION span(s). Held out: md5(doc_id or text) % 5 == 0, the same split
scripts/train_event_places.py leaves out. Prints:

* accuracy over verbs that have a gold location: the chosen place overlaps a gold span
  (as output, including the flagged "sentence" guesses), and counting only confident
  ("model") choices;
* accuracy over all verbs, where a verb without a gold location is correct only when the
  model predicts no place (model threshold, no fallback);
* the candidate ceiling: verbs whose gold location is among the candidates at all.

Every accuracy is printed with its split, its n and a 95% Wilson interval.

    python benchmarks/event_location.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any

from eventwire.annotate.event_places import LocationModel, candidates, locate
from eventwire.context import Config
from eventwire.knowledge.countries import load_countries
from eventwire.model import AnnotatedDoc, Article, Event, Span
from eventwire.pipeline import Pipeline

REPO = Path(__file__).resolve().parents[1]
# The training script owns how the dev file is read and split: one definition for both.
sys.path.insert(0, str(REPO / "scripts"))
from train_event_places import char_span, held_out  # noqa: E402


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson score interval of a proportion k/n."""
    if n == 0:
        return 0.0, 0.0
    p = k / n
    mid = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return mid - half, mid + half


def line(label: str, k: int, n: int) -> str:
    lo, hi = wilson(k, n)
    return f"  {label:<64} {k / max(1, n):.3f}  ({k}/{n}, 95% CI {lo:.3f}-{hi:.3f})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    args = ap.parse_args()

    with (args.data / "events" / "event_location_train.jsonl").open(encoding="utf-8") as fh:
        records = [r for r in map(json.loads, fh) if held_out(r)]
    pipe = Pipeline(Config(components=["entities", "places"]))
    model = LocationModel.load()
    demonyms = load_countries().by_demonym
    texts = sorted({r["text"] for r in records})
    docs: dict[str, AnnotatedDoc] = {}
    for parsed, text in pipe.ctx.nlp.pipe(((t, t) for t in texts), as_tuples=True, batch_size=256):
        doc = AnnotatedDoc(article=Article("x", text), nlp=parsed)
        for _, step in pipe.steps:
            step(doc)
        docs[text] = doc

    with_loc = hit = hit_model = ceiling = 0
    all_ok = 0
    n = 0
    for r in records:
        verbs = [s for s in r["spans"] if s["label"] == "VERB"]
        if not verbs:
            continue
        n += 1
        golds = [char_span(r, s) for s in r["spans"] if s["label"] == "LOCATION"]
        doc = docs[r["text"]]
        v = verbs[0]
        vs, ve = char_span(r, v)
        sent = doc.sentence_index(vs) or 0
        ev = Event(type="UNKNOWN", sentence=sent, trigger=Span(vs, ve, r["text"][vs:ve]))
        doc.events = [ev]
        locate(doc, model, demonyms)
        place = ev.place if ev.place_source in ("model", "sentence") else None
        model_place = ev.place if ev.place_source == "model" else None

        def overlaps(p: Any, golds: list[tuple[int, int]] = golds) -> bool:
            return p is not None and any(p.start < e and s < p.end for s, e in golds)

        if golds:
            with_loc += 1
            hit += overlaps(place)
            hit_model += overlaps(model_place)
            ceiling += any(overlaps(c.place) for c in candidates(doc, sent, demonyms))
            all_ok += overlaps(model_place)
        else:
            all_ok += model_place is None
    split = "held-out split (md5(doc_id or text) % 5 == 0 of event_location_train)"
    print(f"{split}: {n} verbs, {with_loc} with a gold location")
    print(line("accuracy, verbs with a gold location (as output, with fallbacks)", hit, with_loc))
    print(line("accuracy, verbs with a gold location (confident, source=model)", hit_model, with_loc))
    print(line("accuracy, all verbs (no gold location -> no confident place)", all_ok, n))
    print(line("candidate ceiling (gold among the sentence's candidates)", ceiling, with_loc))
    sel = model.selection
    if sel:
        print(
            f"model selection ({sel['method']}): C={sel['C']} threshold={sel['threshold']} weak={sel['weak']}; "
            f"CV accuracy {sel['cv_accuracy_located']:.3f} over {sel['train_verbs_located']} located training "
            f"verbs, {sel['cv_accuracy_all_verbs']:.3f} over all {sel['train_verbs']} (best grid cell, optimistic)"
        )


if __name__ == "__main__":
    main()
