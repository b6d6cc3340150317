"""The unit of work shared by every engine: one input partition -> lake files + manifest.

A partition is one input file, or a range of records of a large JSONL/CSV file. Its id hashes
the path, size, modification time and record range, so the same input always maps to the same
output files (idempotent reruns) and a changed file is processed again.
"""

from __future__ import annotations

import glob
import hashlib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..context import Config
from ..model import Article, Reject
from ..pipeline import Pipeline
from ..readers import EXTENSIONS, format_of, read
from ..readers.parquet import parquet_rows
from ..readers.remote import RemoteFile, expand, is_url
from .lake import write_partition

# Files with many records are split so that one partition stays a few minutes of work.
RECORDS_PER_PARTITION = 1000
_SPLITTABLE = {".jsonl", ".ndjson", ".csv", ".tsv", ".parquet"}


@dataclass(frozen=True)
class Partition:
    path: str
    first: int | None = None  # 1-based record numbers, [first, last); None = whole file
    last: int | None = None

    def holds(self, record: int | None) -> bool:
        if self.first is None or self.last is None:
            return True
        if record is None:  # a file-level reject belongs to the first range only
            return self.first == 1
        return self.first <= record < self.last

    @property
    def id(self) -> str:
        if is_url(self.path):
            rst = RemoteFile(self.path).stat()
            size, version = rst.st_size, rst.version
        else:
            st = Path(self.path).stat()
            size, version = st.st_size, str(st.st_mtime_ns)
        key = f"{self.path}|{size}|{version}|{self.first}|{self.last}"
        return hashlib.blake2b(key.encode(), digest_size=10).hexdigest()


def plan(paths: list[str], records_per_partition: int = RECORDS_PER_PARTITION) -> list[Partition]:
    """Expand folders, globs and URLs, and split large line-based files into record ranges.
    A URL that lists no file raises ``RemoteError`` (a run must not plan nothing silently)."""
    files: list[Path | RemoteFile] = []
    for raw in paths:
        if is_url(str(raw)):
            files.extend(expand(str(raw), set(EXTENSIONS)))
            continue
        p = Path(raw)
        if p.is_dir():
            files.extend(
                f for f in sorted(p.rglob("*"))
                if f.is_file() and format_of(f.name) is not None
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )  # fmt: skip
        elif not p.exists() and any(c in str(p) for c in "*?["):  # a glob such as corpus/*.jsonl
            files.extend(Path(m) for m in sorted(glob.glob(str(p), recursive=True)) if Path(m).is_file())
        else:
            files.append(p)
    out: list[Partition] = []
    for f in files:
        if f.suffix.lower() in _SPLITTABLE and f.exists():
            if f.suffix.lower() == ".parquet":
                n = parquet_rows(f)
            else:
                with f.open("rb") as fh:
                    n = sum(1 for _ in fh)
            if n > records_per_partition:
                out.extend(
                    Partition(str(f), lo, lo + records_per_partition)
                    for lo in range(1, n + 1, records_per_partition)
                )
                continue
        out.append(Partition(str(f)))
    return out


_pipelines: dict[str, Pipeline] = {}


def _pipeline(config: Config) -> Pipeline:
    """One pipeline per worker process (models load once, on the first task)."""
    key = repr(config)
    if key not in _pipelines:
        _pipelines[key] = Pipeline(config)
    return _pipelines[key]


def process_partition(part: Partition, lake: str, config: Config | None = None) -> dict[str, Any]:
    config = config or Config()
    pid = part.id
    articles: list[Article] = []
    rejects: list[Reject] = []
    for item in read([part.path]):
        if not part.holds(item.record):
            continue
        (rejects if isinstance(item, Reject) else articles).append(item)  # type: ignore[arg-type]
    docs = list(_pipeline(config).annotate(articles))
    counts = write_partition(Path(lake), pid, docs, rejects, asdict(part))
    return {"partition": pid, "path": part.path, **counts}
