"""Article relevance (issue #23) on the frozen test set tests/frozen/relevance.jsonl.

The shipped model (src/eventwire/annotate/models/relevance.npz, rebuilt by
scripts/train_relevance.py) scores each frozen text as the pipeline does (no title; the first
3,000 characters) at the manifest's threshold, chosen by cross-validation on the training data.
The frozen set is only scored here: nothing was fitted or chosen on it.

Prints accuracy, recall on relevant texts, precision (each with n and a 95% Wilson interval),
the errors by kind (false negatives among relevant kinds, false positives among the others),
the non-English texts' accuracy (the model is English-trained, and the pipeline does not score
articles it does not code), and the cost per article in milliseconds (the frozen texts,
then 600-word articles). Issue bars: recall on relevant texts >= 0.95, accuracy >= 0.90.

    python benchmarks/relevance.py [--threshold T]
"""

from __future__ import annotations

import argparse
import collections
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from event_location import wilson
from eventwire.annotate.relevance import MAX_CHARS, article_text, load_relevance_model

REPO = Path(__file__).resolve().parents[1]
FROZEN = REPO / "tests" / "frozen" / "relevance.jsonl"
sys.path.insert(0, str(Path(__file__).resolve().parent))


def line(label: str, k: int, n: int) -> str:
    lo, hi = wilson(k, n)
    return f"  {label:<28} {k / max(1, n):.3f}  ({k}/{n}, 95% CI {lo:.3f}-{hi:.3f})"


def language(text: str) -> str:
    """The language the readers would give the text (eventwire.languages, py3langid)."""
    from eventwire.languages import identify

    return identify(text).lang


def ms_per_text(model, texts: list[str], repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        for x in texts:
            model.score(article_text(None, x, MAX_CHARS))
        times.append((time.perf_counter() - t) * 1000 / max(1, len(texts)))
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--threshold", type=float, default=None, help="default: the model manifest's")
    args = ap.parse_args()
    t0 = time.perf_counter()
    model = load_relevance_model()
    load_ms = (time.perf_counter() - t0) * 1000
    threshold = model.threshold if args.threshold is None else args.threshold
    rows = [json.loads(x) for x in FROZEN.read_text("utf-8").splitlines() if x.strip()]
    scores = [model.score(article_text(None, r["text"], MAX_CHARS)) for r in rows]
    pred = [s >= threshold for s in scores]
    gold = [bool(r["relevant"]) for r in rows]

    n = len(rows)
    correct = sum(p == g for p, g in zip(pred, gold, strict=True))
    tp = sum(p and g for p, g in zip(pred, gold, strict=True))
    pos = sum(gold)
    predicted = sum(pred)
    print(f"relevance on {FROZEN.relative_to(REPO)} ({n} texts, {pos} relevant), threshold {threshold}")
    print(line("accuracy", correct, n))
    print(line("recall on relevant", tp, pos))
    print(line("precision", tp, predicted))
    print(f"  bars: recall >= 0.95 {'met' if tp / max(1, pos) >= 0.95 else 'NOT met'}, "
          f"accuracy >= 0.90 {'met' if correct / max(1, n) >= 0.90 else 'NOT met'}")  # fmt: skip

    errors: collections.Counter[tuple[str, str]] = collections.Counter()
    per_kind: collections.Counter[str] = collections.Counter()
    for r, p, g in zip(rows, pred, gold, strict=True):
        per_kind[r["kind"]] += 1
        if p != g:
            errors[
                (
                    "missed (relevant scored irrelevant)"
                    if g
                    else "false alarm (irrelevant scored relevant)",
                    r["kind"],
                )
            ] += 1
    print("errors by kind:")
    for side in ("missed (relevant scored irrelevant)", "false alarm (irrelevant scored relevant)"):
        kinds = {k: c for (s, k), c in errors.items() if s == side}
        total = sum(kinds.values())
        print(f"  {side}: {total}")
        for k, c in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])):
            print(f"    {k:<24} {c} of {per_kind[k]}")

    other = [i for i, r in enumerate(rows) if language(r["text"]) != "en"]
    if other:  # the pipeline does not score these (relevance null): only English articles are coded
        ok = sum(pred[i] == gold[i] for i in other)
        print(line(f"accuracy, not English ({len(other)})", ok, len(other)))

    texts = [r["text"] for r in rows]
    print("cost per article (one core; the relevance component alone):")
    print(f"  model load                   {load_ms:.0f} ms, once per process")
    print(f"  frozen texts (median {statistics.median(len(t) for t in texts):.0f} chars)"
          f"   {ms_per_text(model, texts):.2f} ms")  # fmt: skip
    try:
        from corpus import long_corpus

        long = [a.text for a in long_corpus(100, 600)]
        print(f"  600-word articles (first {MAX_CHARS} chars read)  {ms_per_text(model, long):.2f} ms")
    except Exception as exc:  # the corpus helper needs the examples folder; say so, do not fail
        print(f"  600-word articles: not measured ({type(exc).__name__}: {exc})")


if __name__ == "__main__":
    main()
