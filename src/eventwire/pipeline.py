"""Builds the annotation pipeline from config and runs it over articles.

spaCy parses in batches (``nlp.pipe``) of at most ``batch_size`` articles and ``batch_chars``
characters: its memory while parsing grows with the characters of the whole batch (some 3.5 MB
per 1,000 characters), so the batch, not the article, is what must be bounded. A text longer than
``batch_chars`` is parsed in pieces of at most that size, cut at paragraph or sentence ends, and
the pieces are joined into one ``Doc`` with the article's exact text (``parse_long``). Then each
registered component reads the doc and adds its layer, in the configured order, and the parse is
released.
Articles in a language eventwire does not code (``languages.coded``) run only the
``Config.any_language`` components. With ``processes > 1`` whole batches go to worker
processes, each of which loads the models once (spaCy's own ``n_process`` would parallelise
only the parse, leaving our components on one core).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from itertools import islice
from typing import Any

from .context import Config, Context
from .languages import coded, keep_language_neutral
from .model import AnnotatedDoc, Article
from .registry import components

NOT_CODED_PREFIX = "language"  # the warning on an article not coded: "language de: not coded ..."


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
        """Annotate articles lazily, in input order. An article in a language eventwire does
        not code runs only the ``config.any_language`` components, and says so in a warning."""
        nlp = self.ctx.nlp
        limit = self.config.batch_chars
        for batch in batches(articles, self.config.batch_size, limit):
            if limit is not None and len(batch) == 1 and len(batch[0].text) > limit:
                parses: Iterable[Any] = [parse_long(nlp, batch[0].text, limit)]
            else:
                parses = nlp.pipe((a.text for a in batch), batch_size=len(batch))
            for parsed, article in zip(parses, batch, strict=True):
                doc = AnnotatedDoc(article=article, nlp=parsed, warnings=list(article.warnings))
                del parsed  # the doc holds the parse until the components are done, then drops it
                self._run_steps(doc)
                doc.nlp = None  # spaCy objects stay inside the pipeline
                yield doc

    def _run_steps(self, doc: AnnotatedDoc) -> None:
        lang = doc.article.lang
        english_only = not coded(lang)
        skipped: list[str] = []
        for name, step in self.steps:
            if english_only and name not in self.config.any_language:
                skipped.append(name)
                continue
            t = time.perf_counter()
            try:
                step(doc)
            except Exception as exc:  # one bad layer must not sink the batch: report it
                doc.warnings.append(f"{name}: {type(exc).__name__}: {exc}")
            self.timings[name] += time.perf_counter() - t
        if english_only:
            keep_language_neutral(doc)
            doc.warnings.append(
                f"{NOT_CODED_PREFIX} {lang}: not coded (eventwire codes English only): no "
                + (", ".join(skipped) or "English-only layers")
            )


# where a piece may end, best first: after a paragraph break, a sentence end, a space
_CUTS = [re.compile(p) for p in (r"\n+", r"(?<=[.!?。！？])[\"'”’)\]]*\s+|(?<=[。！？])", r"\s+")]


def pieces(text: str, size: int) -> list[str]:
    """``text`` cut into consecutive pieces of at most ``size`` characters (joined, they are
    ``text``), each ending, where the text allows, after a paragraph break, else after a
    sentence end, else after a space; only a run of ``size`` characters with none of those is
    cut where it stands."""
    out: list[str] = []
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = 0
        for pattern in _CUTS:
            ends = [m.end() for m in pattern.finditer(window) if m.end() > size // 4]
            if ends:
                cut = ends[-1]
                break
        cut = cut or size
        out.append(text[start : start + cut])
        start += cut
    out.append(text[start:])
    return out


def parse_long(nlp: Any, text: str, size: int) -> Any:
    """One ``Doc`` of ``text`` parsed in ``pieces`` of at most ``size`` characters, one at a time
    (a whole 200,000-character page at once takes some 700 MB; in 50,000-character pieces,
    under 200 MB). The joined doc has exactly ``text``, with each piece's tags, parse,
    sentences and entities; no sentence crosses a cut."""
    from spacy.tokens import Doc

    joined = Doc.from_docs([nlp(piece) for piece in pieces(text, size)], ensure_whitespace=False)
    if joined.text != text:  # never seen: from_docs without ensure_whitespace keeps every character
        raise RuntimeError("parse_long: the parsed pieces do not give the text back")
    return joined


# --- multi-process ---------------------------------------------------------------------------

_worker: Pipeline | None = None


def per_worker(config: Config, processes: int) -> Config:
    """``config`` for one of ``processes`` worker processes: unless the user set
    ``events.threads``, each worker's encoder gets an equal share of the cores, so that the
    workers' thread pools do not fight over them (measured in benchmarks/throughput.py)."""
    events = dict(config.options.get("events", {}))
    if processes <= 1 or "threads" in events:
        return config
    events["threads"] = max(1, (os.cpu_count() or 1) // processes)
    return replace(config, options={**config.options, "events": events})


def _init_worker(config: Config) -> None:
    global _worker
    _worker = Pipeline(config)


def _work(batch: list[Article]) -> list[AnnotatedDoc]:
    assert _worker is not None
    return list(_worker.annotate(batch))


def batches(items: Iterable[Article], size: int, chars: int | None = None) -> Iterator[list[Article]]:
    """Consecutive batches of at most ``size`` articles and, when ``chars`` is set, at most that
    many characters of text (a longer article makes a batch of its own)."""
    if chars is None:
        it = iter(items)
        while batch := list(islice(it, size)):
            yield batch
        return
    current: list[Article] = []
    total = 0
    for a in items:
        if current and (len(current) >= size or total + len(a.text) > chars):
            yield current
            current, total = [], 0
        current.append(a)
        total += len(a.text)
    if current:
        yield current


def annotate(
    articles: Iterable[Article], config: Config | None = None, processes: int = 1
) -> Iterator[AnnotatedDoc]:
    """Annotate articles with ``processes`` workers; results come back in input order."""
    config = config or Config()
    if processes <= 1:
        yield from Pipeline(config).annotate(articles)
        return
    ctx = mp.get_context("spawn")  # fork after loading torch/duckdb is unsafe; spawn is portable
    config = per_worker(config, processes)
    with ctx.Pool(processes, initializer=_init_worker, initargs=(config,)) as pool:
        for docs in pool.imap(_work, batches(articles, config.batch_size, config.batch_chars)):
            yield from docs
