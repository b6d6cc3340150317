"""The Parquet lake: every record kind as a Parquet dataset partitioned by article date.

Layout (hive-style, keyed by the article's publication day, so DuckDB, pandas, Spark and Arrow read it directly):

    LAKE/<table>/day=<YYYY-MM-DD|unknown>/part-<partition id>.parquet
    LAKE/rejects/part-<partition id>.parquet
    LAKE/_manifests/<partition id>.json      written last: the partition is done

File names depend only on the input partition, so a rerun after a crash overwrites what a
killed task half wrote instead of adding to it: no duplicates, nothing lost. Files are written
under a temporary name and renamed, so a reader never sees half a file.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from ..model import AnnotatedDoc, Reject
from ..store.rows import TABLES, doc_rows

MANIFESTS = "_manifests"


def _atomic_write_table(table: pa.Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, path)


def write_partition(
    lake: Path, pid: str, docs: list[AnnotatedDoc], rejects: list[Reject], spec: dict[str, Any]
) -> dict[str, int]:
    """Write one input partition's records, then its manifest. Returns row counts per table."""
    by_table_date: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for doc in docs:
        day = doc.article.date.isoformat() if doc.article.date else "unknown"
        for table, rows in doc_rows(doc).items():
            by_table_date[(table, day)].extend(rows)
    counts = dict.fromkeys(TABLES, 0)
    for (table, day), rows in by_table_date.items():
        if not rows:
            continue
        _atomic_write_table(pa.Table.from_pylist(rows), lake / table / f"day={day}" / f"part-{pid}.parquet")
        counts[table] += len(rows)
    if rejects:
        _atomic_write_table(
            pa.Table.from_pylist([asdict(r) for r in rejects]), lake / "rejects" / f"part-{pid}.parquet"
        )
    counts["rejects"] = len(rejects)
    manifest = {"partition": pid, **spec, "counts": counts}
    path = lake / MANIFESTS / f"{pid}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    os.replace(tmp, path)
    return counts


LAKE_MANIFEST = "_lake.json"  # the inputs the lake was written from (check_inputs)


class LakeMismatch(ValueError):
    """The lake holds partitions written from other inputs than this run's."""


def _input_key(raw: str) -> str:
    from ..readers.remote import is_url

    return raw if is_url(raw) else str(Path(raw).resolve())


def check_inputs(lake: Path, paths: list[str], files: dict[str, list[int | str]]) -> None:
    """Refuse a lake written from other inputs, then record this run's inputs in
    ``LAKE/_lake.json``: the input arguments, and each planned file with its size and version
    (mtime). A rerun over the same inputs (or more of them) resumes; a lake whose recorded
    inputs this run does not read raises LakeMismatch, instead of counting its partitions as
    this run's work already done. A lake from before the record is judged by the files its
    partition manifests name."""
    inputs = sorted({_input_key(p) for p in paths})
    path = lake / LAKE_MANIFEST
    before: list[str] = []
    if path.is_file():
        before = json.loads(path.read_text(encoding="utf-8")).get("inputs", [])
        missing = [p for p in before if p not in inputs]
    else:  # an older lake: the files named by its manifests must be among this run's files
        named = set()
        folder = lake / MANIFESTS
        for m in folder.glob("*.json") if folder.is_dir() else []:
            named.add(json.loads(m.read_text(encoding="utf-8")).get("path"))
        missing = sorted(p for p in named if p and p not in files)
    if missing:
        shown = ", ".join(missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
        raise LakeMismatch(
            f"the lake {lake} was written from other inputs ({shown}), which this run does not read: "
            "pass another --lake for these inputs (one lake per input set), or remove that folder"
        )
    record = {"inputs": sorted(set(before) | set(inputs)), "files": files}
    lake.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(record, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def done_partitions(lake: Path) -> set[str]:
    folder = lake / MANIFESTS
    return {p.stem for p in folder.glob("*.json")} if folder.is_dir() else set()


def lake_views_sql(lake: Path) -> list[str]:
    """CREATE VIEW statements that expose the lake under the store's table names."""
    out = []
    for table in (*TABLES, "rejects"):
        folder = lake / table
        if not any(folder.rglob("*.parquet")) if folder.is_dir() else True:
            continue
        glob = str(folder / "**" / "*.parquet").replace("'", "''")
        hive = "true" if table != "rejects" else "false"
        out.append(
            f"CREATE OR REPLACE VIEW {table} AS SELECT * FROM read_parquet('{glob}', "
            f"hive_partitioning={hive}, union_by_name=true)"
        )
    return out
