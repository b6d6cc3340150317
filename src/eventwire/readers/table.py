"""CSV and TSV readers: one article per row, with a header row.

Columns are found through ``ReadOptions.csv_columns`` (field -> column name, e.g.
``{"text": "body", "date": "published"}``); unmapped fields fall back to a column of the same
name or a common alias (see ``common.FIELD_ALIASES``). Record numbers are the file line on which
the row starts, so a quoted multi-line body does not shift later numbers.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator

from ..model import Article, Reject
from ..registry import readers
from .common import FIELD_ALIASES, ReadOptions, make_article


def _columns(header: list[str], mapping: dict[str, str]) -> dict[str, int] | str:
    """Field -> column index, or an error message when a mapped or required column is missing."""
    index = {name: i for i, name in enumerate(header)}
    lower = {name.strip().lower(): i for i, name in enumerate(header)}
    out: dict[str, int] = {}
    for fieldname, aliases in FIELD_ALIASES.items():
        if fieldname in mapping:
            col = mapping[fieldname]
            if col not in index:
                return f"csv_columns maps {fieldname!r} to column {col!r}, not in header {header}"
            out[fieldname] = index[col]
            continue
        for alias in aliases:
            if alias in lower:
                out[fieldname] = lower[alias]
                break
    if "text" not in out:
        looked = ", ".join(FIELD_ALIASES["text"])
        return f"no text column (looked for {looked}; set csv_columns) in header {header}"
    return out


def _read_table(text: str, origin: str, options: ReadOptions, delimiter: str) -> Iterator[Article | Reject]:
    # Article bodies easily exceed the csv module's default 128 KiB field limit.
    csv.field_size_limit(max(csv.field_size_limit(), min(sys.maxsize, 2**31 - 1)))
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(rows)
    except StopIteration:
        yield Reject(origin, None, "empty CSV file (no header row)")
        return
    except csv.Error as exc:
        yield Reject(origin, 1, f"unreadable CSV header: {exc}")
        return
    columns = _columns(header, options.csv_columns)
    if isinstance(columns, str):
        yield Reject(origin, 1, columns)
        return
    while True:
        start = rows.line_num + 1
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as exc:  # the parser cannot resynchronise after this
            yield Reject(origin, start, f"CSV syntax error: {exc}; rows after this one were not read")
            return
        if not row:
            continue  # a blank line holds no record
        if len(row) != len(header):
            yield Reject(origin, start, f"row has {len(row)} fields, the header has {len(header)}")
            continue
        yield make_article({f: row[i] for f, i in columns.items()}, origin, start, options)


@readers.register("csv")
def read_csv(text: str, origin: str, options: ReadOptions) -> Iterator[Article | Reject]:
    yield from _read_table(text, origin, options, ",")


@readers.register("tsv")
def read_tsv(text: str, origin: str, options: ReadOptions) -> Iterator[Article | Reject]:
    yield from _read_table(text, origin, options, "\t")
