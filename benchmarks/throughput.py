"""Throughput of the eventwire pipeline against bare spaCy `nlp.pipe` on the same texts.

Prints articles/s, words/s and peak memory (max RSS) for bare spaCy and for the full default
pipeline, each in its own process and repeated alternately (A B A B ...; medians quoted, so
a drift in machine load hits both), then the time of each layer measured inside the full
pipeline's run, which splits the same wall time into the spaCy parse and each component.

First, the issue #14 figure: the whole pipeline on articles of >= 600 words with 2 worker
processes (as `eventwire run --processes 2`), articles/s and peak memory per process, beside
the fast paths (the encoder reading each sentence once; the older linear type model).

Issue bars: the foundation (parse + entities, timex, tone) keeps >= 0.8 of bare spaCy's
throughput; peak memory under 1 GB per process; event coding adds at most 25% to the
foundation's time per article.

    python benchmarks/throughput.py --n 500 --repeat 3
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

FOUNDATION = ("entities", "timex", "tone")
EVENT_CODING = ("actors", "events")  # what event coding needs beyond the foundation


def _articles(n: int, words: int) -> list:
    from corpus import corpus, long_corpus

    return list(long_corpus(n, words) if words else corpus(n))


def _measure(mode: str, n: int, q: mp.Queue, words_min: int = 0, options: dict | None = None) -> None:
    from eventwire.context import Config, Context
    from eventwire.pipeline import Pipeline

    arts = _articles(n, words_min)
    words = sum(len(a.text.split()) for a in arts)
    timings: dict[str, float] = {}
    if mode == "spacy":
        nlp = Context().nlp
        list(nlp.pipe(["warm up the model ."]))
        t = time.perf_counter()
        for _ in nlp.pipe((a.text for a in arts), batch_size=64):
            pass
    else:
        pipe = Pipeline(Config(options=options or {}))
        list(pipe.annotate(arts[:2]))  # load lazily-built resources before timing
        pipe.timings.clear()
        t = time.perf_counter()
        for _ in pipe.annotate(arts):
            pass
        timings = dict(pipe.timings)
    secs = time.perf_counter() - t
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    q.put({"seconds": secs, "words": words, "peak_mb": peak_mb, "timings": timings})


def _in_process(target: object, *args: object) -> dict:
    """Run ``target(*args, queue)`` in a fresh spawned process and return what it puts."""
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    p = ctx.Process(target=target, args=(*args, q))
    p.start()
    out = q.get()
    p.join()
    return out


def measure(mode: str, n: int, words_min: int = 0, options: dict | None = None) -> dict:
    return _in_process(_measure_q, mode, n, words_min, options)


def _measure_q(mode: str, n: int, words_min: int, options: dict | None, q: mp.Queue) -> None:
    _measure(mode, n, q, words_min, options)


def _measure_processes(
    n: int,
    words_min: int,
    processes: int,
    options: dict | None,
    q: mp.Queue,
    components: list[str] | None = None,
) -> None:
    """The whole pipeline over ``processes`` worker processes (eventwire.pipeline.annotate, as
    `eventwire run --processes N`): wall-clock articles/s and the largest worker's peak RSS."""
    from eventwire.context import Config
    from eventwire.pipeline import annotate

    arts = _articles(n, words_min)
    words = sum(len(a.text.split()) for a in arts)
    config = Config(options=options or {}, batch_size=16)
    if components is not None:
        config.components = components
    t = time.perf_counter()
    done, t_first = 0, None
    for _ in annotate(arts, config, processes=processes):
        done += 1
        t_first = t_first or time.perf_counter()
    end = time.perf_counter()
    secs = end - t  # includes each worker's model loading, as a real run does
    # what a long run sustains: the workers hand back batches in order, and when the first
    # comes back every worker has loaded its models and coded about one batch; the rate of
    # the rest, after that
    warm = processes * config.batch_size
    steady = (done - warm) / (end - t_first) if t_first is not None and done > warm else float("nan")
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    q.put({"seconds": secs, "words": words, "articles": done, "peak_mb": peak_mb, "steady": steady})


def measure_processes(
    n: int, words_min: int, processes: int, options: dict | None = None, components: list[str] | None = None
) -> dict:
    return _in_process(_measure_processes_q, n, words_min, processes, options, components)


def _measure_processes_q(
    n: int, words_min: int, processes: int, options: dict | None, components: list[str] | None, q: mp.Queue
) -> None:
    _measure_processes(n, words_min, processes, options, q, components)


FAST_PATHS = {
    "encoder, pairs marked (default)": {},
    # before pipeline.per_worker: every worker's onnxruntime used all the cores
    "same, each worker on all cores": {"events": {"threads": os.cpu_count() or 1}},
    "same, arguments by the rules alone": {"events": {"arguments": "rules"}},
    "encoder, one pass per sentence": {"events": {"encode": "sentence"}},
    "linear model (no encoder)": {"events": {"type_model": "linear"}},
}


def long_articles(n: int, words_min: int, processes: int) -> None:
    """The issue's bar: the whole pipeline on long articles on 2 cores, beside the fast paths.
    ``articles/s`` counts the workers' start-up (model loading), as a short run sees it;
    ``sustained`` leaves out each worker's start-up and first batch, as a long run sees it."""
    print(f"\n{n} articles of >= {words_min} words, whole pipeline, {processes} worker processes:")
    print(
        f"{'type model':36} {'articles/s':>10} {'sustained':>10} {'words/article':>14} {'peak MB/process':>16}"
    )
    # the ceiling: the same workers with spaCy's parse and no eventwire layer
    runs = [*FAST_PATHS.items(), ("spaCy parse alone (the ceiling)", None)]
    for label, opts in runs:
        r = measure_processes(n, words_min, processes, opts, components=[] if opts is None else None)
        print(
            f"{label:36} {r['articles'] / r['seconds']:10.1f} {r['steady']:10.1f} "
            f"{r['words'] / r['articles']:14.0f} {r['peak_mb']:16.0f}",
            flush=True,
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=500, help="articles (default 500)")
    ap.add_argument("--repeat", type=int, default=3, help="alternating runs of each (default 3)")
    ap.add_argument("--long", type=int, default=200, help="long articles for the 2-core figure (0: skip)")
    ap.add_argument("--words", type=int, default=600, help="minimum words of a long article")
    ap.add_argument("--processes", type=int, default=2, help="worker processes for the long articles")
    args = ap.parse_args()
    if args.long:
        long_articles(args.long, args.words, args.processes)

    runs: dict[str, list[dict]] = {"spacy": [], "full": []}
    for _ in range(args.repeat):
        runs["spacy"].append(measure("spacy", args.n))
        runs["full"].append(measure("full", args.n))

    def med(mode: str, key: str) -> float:
        return statistics.median(r[key] for r in runs[mode])

    words = runs["spacy"][0]["words"]
    print(f"{args.n} articles, {words:,} words; {args.repeat} alternating runs each, medians")
    print(f"{'run':34} {'articles/s':>10} {'words/s':>9} {'peak MB':>8}")
    for mode, label in (("spacy", "bare spaCy nlp.pipe"), ("full", "eventwire, all components")):
        secs = med(mode, "seconds")
        print(f"{label:34} {args.n / secs:10.1f} {words / secs:9.0f} {med(mode, 'peak_mb'):8.0f}")
    print(f"full pipeline / bare spaCy throughput: {med('spacy', 'seconds') / med('full', 'seconds'):.2f}")

    # Per-layer split of the full pipeline's own runs (same process, same load).
    layers: dict[str, float] = {}
    for r in runs["full"]:
        for k, v in r["timings"].items():
            layers.setdefault(k, 0.0)
            layers[k] += v / len(runs["full"])
    total = statistics.mean(r["seconds"] for r in runs["full"])
    parse = total - sum(layers.values())
    print(f"\nper article, inside the full pipeline ({total / args.n * 1000:.1f} ms in all):")
    print(f"  {'spaCy parse':14} {parse / args.n * 1000:8.2f} ms")
    for k, v in layers.items():
        print(f"  {k:14} {v / args.n * 1000:8.2f} ms  ({v / parse:+.1%} of the parse)")
    foundation = (
        parse + sum(layers.get(k, 0.0) for k in FOUNDATION if k != "entities") + layers.get("entities", 0.0)
    )
    print(f"foundation throughput / parse-only throughput: {parse / foundation:.2f}  (bar >= 0.80)")
    coding = sum(layers.get(k, 0.0) for k in EVENT_CODING)
    print(
        f"event coding ({' + '.join(EVENT_CODING)}) adds {coding / foundation:+.1%} to the foundation (bar <= 25%)"
    )
    print(f"  with quotes (attribution) too: {(coding + layers.get('quotes', 0.0)) / foundation:+.1%}")


if __name__ == "__main__":
    main()
