"""Builds the annotation pipeline from config and runs it over articles.

spaCy parses in batches (``nlp.pipe``); then each registered component reads the doc and adds
its layer, in the configured order. With ``processes > 1`` whole batches go to worker
processes, each of which loads the models once (spaCy's own ``n_process`` would parallelise
only the parse, leaving our components on one core).
"""

from __future__ import annotations

import multiprocessing as mp
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from .context import Config, Context
from .model import AnnotatedDoc, Article
from .registry import components


class Pipeline:
    def __init__(self, config: Config | None = None, ctx: Context | None = None) -> None:
        from . import annotate  # noqa: F401  (registers the built-in components)

        self.ctx = ctx or Context(config)
        self.config = self.ctx.config
        self.steps: list[tuple[str, Callable[[AnnotatedDoc], None]]] = [
            (name, components.get(name)(self.ctx)) for name in self.config.components
        ]
        # Seconds spent in each component over this pipeline's life (two clock reads per
        # component and document: cheap), so benchmarks can split the time by layer.
        self.timings: Counter[str] = Counter()

    def __call__(self, article: Article) -> AnnotatedDoc:
        return next(self.annotate([article]))

    def annotate(self, articles: Iterable[Article]) -> Iterator[AnnotatedDoc]:
        """Annotate articles lazily, in input order."""
        nlp = self.ctx.nlp
        pairs = ((a.text, a) for a in articles)
        for parsed, article in nlp.pipe(pairs, as_tuples=True, batch_size=self.config.batch_size):
            doc = AnnotatedDoc(article=article, nlp=parsed)
            for name, step in self.steps:
                t = time.perf_counter()
                try:
                    step(doc)
                except Exception as exc:  # one bad layer must not sink the batch: report it
                    doc.warnings.append(f"{name}: {type(exc).__name__}: {exc}")
                self.timings[name] += time.perf_counter() - t
            doc.nlp = None  # spaCy objects stay inside the pipeline
            yield doc


# --- multi-process ---------------------------------------------------------------------------

_worker: Pipeline | None = None


def _init_worker(config: Config) -> None:
    global _worker
    _worker = Pipeline(config)


def _work(batch: list[Article]) -> list[AnnotatedDoc]:
    assert _worker is not None
    return list(_worker.annotate(batch))


def _batches(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def annotate(
    articles: Iterable[Article], config: Config | None = None, processes: int = 1
) -> Iterator[AnnotatedDoc]:
    """Annotate articles with ``processes`` workers; results come back in input order."""
    config = config or Config()
    if processes <= 1:
        yield from Pipeline(config).annotate(articles)
        return
    ctx = mp.get_context("spawn")  # fork after loading torch/duckdb is unsafe; spawn is portable
    with ctx.Pool(processes, initializer=_init_worker, initargs=(config,)) as pool:
        for docs in pool.imap(_work, _batches(articles, config.batch_size)):
            yield from docs
