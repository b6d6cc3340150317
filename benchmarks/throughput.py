"""Throughput of `extract` against bare spaCy `nlp.pipe` on the same texts.

Prints articles/s, words/s and peak memory (max RSS) for: bare spaCy, the foundation pipeline
(entities, timex, tone) and the full default pipeline, each in its own process so peaks are
separate, and the ratios to bare spaCy. Issue bar: foundation >= 0.8 of bare spaCy; peak
memory under 1 GB per process; event coding adds at most 25% to the foundation's time.

    python benchmarks/throughput.py --n 500
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

FOUNDATION = ["entities", "timex", "tone"]


def _measure(mode: str, n: int, components: list[str] | None, q: mp.Queue) -> None:
    from corpus import corpus
    from eventwire.context import Config, Context
    from eventwire.pipeline import Pipeline

    arts = list(corpus(n))
    words = sum(len(a.text.split()) for a in arts)
    if mode == "spacy":
        nlp = Context().nlp
        list(nlp.pipe(["warm up the model ."]))
        t = time.perf_counter()
        for _ in nlp.pipe((a.text for a in arts), batch_size=64):
            pass
    else:
        cfg = Config(components=components) if components else Config()
        pipe = Pipeline(cfg)
        list(pipe.annotate(arts[:2]))  # load lazily-built resources before timing
        t = time.perf_counter()
        for _ in pipe.annotate(arts):
            pass
    secs = time.perf_counter() - t
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    q.put({"articles_s": n / secs, "words_s": words / secs, "seconds": secs, "peak_mb": peak_mb})


def measure(mode: str, n: int, components: list[str] | None = None) -> dict[str, float]:
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    p = ctx.Process(target=_measure, args=(mode, n, components, q))
    p.start()
    out = q.get()
    p.join()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=500, help="articles (default 500)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    import eventwire.annotate  # noqa: F401
    from eventwire.context import Config
    from eventwire.registry import components

    full = [c for c in Config().components if c in components]
    rows = {
        "bare spaCy nlp.pipe": measure("spacy", args.n),
        "foundation (" + ",".join(FOUNDATION) + ")": measure("pipe", args.n, FOUNDATION),
        "full (" + ",".join(full) + ")": measure("pipe", args.n, full),
    }
    base = next(iter(rows.values()))
    if args.json:
        print(json.dumps(rows, indent=1))
    print(f"{args.n} articles; one process each")
    print(f"{'pipeline':60} {'articles/s':>10} {'words/s':>9} {'peak MB':>8} {'vs spaCy':>8}")
    for name, r in rows.items():
        ratio = r["articles_s"] / base["articles_s"]
        print(f"{name:60} {r['articles_s']:10.1f} {r['words_s']:9.0f} {r['peak_mb']:8.0f} {ratio:8.2f}")
    found, fullr = list(rows.values())[1:]
    print(f"time added by the layers after the foundation: {fullr['seconds'] / found['seconds'] - 1:+.1%}")


if __name__ == "__main__":
    main()
