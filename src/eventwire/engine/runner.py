"""Engines that run partitions: in-process, or on Dask (a LocalCluster or any scheduler).

Both call the same task, ``tasks.process_partition``. Partitions whose manifest exists are
skipped, so an interrupted run (client or worker killed) is finished by running it again.
Dask itself retries a task whose worker died (``allowed_failures``), and because a task's
output files are named by its partition, a retried task overwrites rather than duplicates.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..context import Config
from .lake import check_inputs, done_partitions
from .tasks import Partition, plan, process_partition


@dataclass
class LakeSummary:
    partitions: int = 0
    skipped: int = 0  # already done by an earlier run
    processed: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def add(self, result: dict[str, Any]) -> None:
        self.processed += 1
        for k, v in result.items():
            if isinstance(v, int):
                self.counts[k] = self.counts.get(k, 0) + v


def run_lake(
    paths: list[str],
    lake: str | Path,
    engine: str = "local",
    workers: int = 2,
    scheduler: str | None = None,
    config: Config | None = None,
    records_per_partition: int = 1000,
    progress: Callable[[LakeSummary], None] | None = None,
) -> LakeSummary:
    lake = Path(lake)
    lake.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    parts = plan(paths, records_per_partition)
    check_inputs(lake, [str(p) for p in paths], _fingerprint(parts))  # LakeMismatch: other inputs
    done = done_partitions(lake)
    todo = [p for p in parts if p.id not in done]
    summary = LakeSummary(partitions=len(parts), skipped=len(parts) - len(todo))

    def finished(result: dict[str, Any]) -> None:
        summary.add(result)
        summary.seconds = time.monotonic() - started
        if progress:
            progress(summary)

    if engine == "local":
        for p in todo:
            finished(process_partition(p, str(lake), config))
    elif engine == "dask":
        _run_dask(todo, str(lake), config, workers, scheduler, finished)
    else:
        raise ValueError(f"unknown engine {engine!r} (local or dask)")
    summary.seconds = time.monotonic() - started
    return summary


def _fingerprint(parts: list[Partition]) -> dict[str, list[int | str]]:
    """Each planned file with its size and version (local mtime in ns, or the remote version)."""
    from ..readers.remote import RemoteFile, is_url

    out: dict[str, list[int | str]] = {}
    for p in parts:
        if p.path in out:
            continue
        if is_url(p.path):
            st = RemoteFile(p.path).stat()
            out[p.path] = [st.st_size, str(st.version)]
        else:
            st = Path(p.path).stat()
            out[p.path] = [st.st_size, st.st_mtime_ns]
    return out


def _run_dask(
    todo: list[Partition], lake: str, config: Config | None, workers: int, scheduler: str | None,
    finished: Callable[[dict[str, Any]], None],
) -> None:  # fmt: skip
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise RuntimeError("the dask engine needs: pip install 'eventwire[dask]'") from exc
    if scheduler:
        client = Client(scheduler)
        cluster = None
    else:
        # One thread per worker process: spaCy and our components are CPU-bound Python.
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)  # fmt: skip
        client = Client(cluster)
    try:
        futures = client.map(process_partition, todo, lake=lake, config=config, pure=False)
        for fut in as_completed(futures):
            finished(fut.result())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
