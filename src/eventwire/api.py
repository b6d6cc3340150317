"""The Python API. Each function mirrors one CLI command (cli.py only parses options and prints).

import eventwire
for doc in eventwire.extract(["article.txt"]):      # eventwire extract article.txt
    ...
summary = eventwire.run(["examples/"], db="eventwire.duckdb")   # eventwire run examples/
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from . import __version__
from .context import Config
from .model import AnnotatedDoc, Article, Reject
from .pipeline import annotate
from .store.duckdb_store import DEFAULT_DB, Store
from .store.stories import StoriesSummary, update_stories


def read(
    paths: Iterable[str | Path], format: str | None = None, csv_columns: dict[str, str] | None = None
) -> Iterator[Article | Reject]:
    """Read articles from files, folders (recursive) or "-" (stdin)."""
    from .readers import read as _read

    return _read(paths, format=format, csv_columns=csv_columns)


def extract(
    paths: Iterable[str | Path],
    format: str | None = None,
    csv_columns: dict[str, str] | None = None,
    processes: int = 1,
    config: Config | None = None,
    on_reject: Callable[[Reject], None] | None = None,
) -> Iterator[AnnotatedDoc]:
    """Read and annotate, yielding documents in input order. Rejected records go to
    ``on_reject`` (the CLI prints them to stderr); they are never dropped silently."""

    def articles() -> Iterator[Article]:
        for item in read(paths, format, csv_columns):
            if isinstance(item, Reject):
                if on_reject:
                    on_reject(item)
            else:
                yield item

    yield from annotate(articles(), config, processes)


@dataclass
class RunSummary:
    run_id: int
    read: int = 0
    stored: int = 0
    duplicates: int = 0  # already in the store (same stable id), not stored again
    rejected: int = 0
    warnings: int = 0
    seconds: float = 0.0
    rejects: list[Reject] = field(default_factory=list)
    stories: StoriesSummary | None = None

    @property
    def rate(self) -> float:
        return self.read / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id, "read": self.read, "stored": self.stored,
            "duplicates": self.duplicates, "rejected": self.rejected, "warnings": self.warnings,
            "seconds": round(self.seconds, 3), "articles_per_second": round(self.rate, 2),
        }  # fmt: skip


def run(
    paths: Iterable[str | Path],
    db: str | Path = DEFAULT_DB,
    format: str | None = None,
    csv_columns: dict[str, str] | None = None,
    processes: int = 1,
    config: Config | None = None,
    batch_size: int = 64,
    progress: Callable[[RunSummary], None] | None = None,
    on_reject: Callable[[Reject], None] | None = None,
    stories: bool = True,
) -> RunSummary:
    """Read + annotate + store. Articles already stored (same id) are counted, not re-annotated.
    Each batch is committed on its own, so a concurrent ``serve`` sees new articles at once."""
    paths = [str(p) for p in paths]
    store = Store(db)
    summary = RunSummary(run_id=store.start_run(paths, __version__))
    started = time.monotonic()
    pending_rejects: list[Reject] = []

    def reject(r: Reject) -> None:
        summary.rejected += 1
        summary.rejects.append(r)
        pending_rejects.append(r)
        if on_reject:
            on_reject(r)

    def fresh_articles() -> Iterator[Article]:
        items = iter(read(paths, format, csv_columns))
        seen: set[str] = set()  # ids met earlier in this run but maybe not flushed yet
        while chunk := list(islice(items, batch_size)):
            batch = []
            for item in chunk:
                if isinstance(item, Reject):
                    reject(item)
                else:
                    batch.append(item)
            summary.read += len(batch)
            known = store.known_ids([a.id for a in batch]) | seen
            for a in batch:
                if a.id in known:
                    summary.duplicates += 1
                else:
                    seen.add(a.id)
                    yield a

    buffer: list[AnnotatedDoc] = []

    def flush() -> None:
        if buffer:
            summary.stored += store.add_docs(buffer, summary.run_id)
            summary.warnings += sum(len(d.warnings) for d in buffer)
            buffer.clear()
        if pending_rejects:
            store.add_rejects(summary.run_id, pending_rejects)
            pending_rejects.clear()
        summary.seconds = time.monotonic() - started
        if progress:
            progress(summary)

    for doc in annotate(fresh_articles(), config, processes):
        buffer.append(doc)
        if len(buffer) >= batch_size:
            flush()
    flush()
    summary.seconds = time.monotonic() - started
    if stories:
        summary.stories = update_stories(store)
    store.finish_run(summary.run_id, summary.as_dict())
    store.rebuild_fts()
    return summary


def stories(db: str | Path = DEFAULT_DB, rebuild: bool = True) -> StoriesSummary:
    """(Re)build copies, stories and canonical events over a store."""
    return update_stories(Store(db), rebuild=rebuild)
