"""Scale-out: the same corpus in-process and on a Dask LocalCluster of 1 and 2 workers.

Writes N articles (generated from the examples, see corpus.py) as JSONL files, runs
`run_lake` with engine local, then dask with 1 and 2 workers (each into a fresh lake), and
prints articles/s for each and the speed-up of 2 workers over 1. Also prints the bare
pipeline's throughput on the same texts (as benchmarks/throughput.py measures it) so the
engine's overhead shows. Issue bars: 2 workers >= 1.7x of 1 worker; in-process within 10%
of the pipeline figure.

    python benchmarks/scale.py --n 5000
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def write_corpus(folder: Path, n: int, per_file: int) -> None:
    from corpus import corpus

    folder.mkdir(parents=True, exist_ok=True)
    fh = None
    for i, a in enumerate(corpus(n)):
        if i % per_file == 0:
            if fh:
                fh.close()
            fh = (folder / f"part-{i // per_file:05}.jsonl").open("w", encoding="utf-8")
        rec = {"id": a.id, "text": a.text, "date": a.date.isoformat() if a.date else None, "source": a.source}
        fh.write(json.dumps(rec, ensure_ascii=False) + "\n")  # type: ignore[union-attr]
    if fh:
        fh.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--per-file", type=int, default=100, help="articles per input file (= per partition)")
    ap.add_argument("--components", default=None, help="comma-separated components (default: all)")
    ap.add_argument(
        "--baseline-n", type=int, default=1000, help="articles for the engine-free pipeline figure"
    )
    args = ap.parse_args()

    from eventwire.context import Config
    from eventwire.engine.runner import run_lake
    from eventwire.pipeline import Pipeline
    from eventwire.readers import read

    cfg = Config(components=args.components.split(",")) if args.components else Config()
    work = Path(tempfile.mkdtemp(prefix="eventwire-scale-"))
    try:
        src = work / "corpus"
        write_corpus(src, args.n, args.per_file)
        print(
            f"{args.n} articles in {len(list(src.glob('*.jsonl')))} files; components: {','.join(cfg.components)}"
        )

        arts = [a for a in read([src]) if hasattr(a, "text")][: args.baseline_n]
        pipe = Pipeline(cfg)
        list(pipe.annotate(arts[:2]))
        t = time.perf_counter()
        for _ in pipe.annotate(arts):
            pass
        base = len(arts) / (time.perf_counter() - t)
        del pipe

        results: dict[str, float] = {}
        for name, engine, workers in (
            ("in-process", "local", 1),
            ("dask 1 worker", "dask", 1),
            ("dask 2 workers", "dask", 2),
        ):
            lake = work / f"lake-{engine}-{workers}"
            t = time.perf_counter()
            s = run_lake([str(src)], lake, engine=engine, workers=workers, config=cfg)
            secs = time.perf_counter() - t
            assert s.counts.get("articles") == args.n, s.counts
            results[name] = args.n / secs
        print(f"{'run':28} {'articles/s':>10}")
        print(f"{'pipeline only (no engine)':28} {base:10.2f}")
        for name, rate in results.items():
            print(f"{name:28} {rate:10.2f}")
        print(f"speed-up 2 workers / 1 worker: {results['dask 2 workers'] / results['dask 1 worker']:.2f}x")
        print(f"in-process engine / pipeline only: {results['in-process'] / base:.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
