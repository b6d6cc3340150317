"""CSV and TSV readers: one article per row, with a header row.

Columns are found through ``ReadOptions.fields`` (field -> column name, e.g.
``{"text": "body", "date": "published"}``, from ``--field text=body``); unmapped fields fall
back to a column of the same name or a known alias (knowledge/data/fields.json: MediaCloud's
``publish_date``, ``media_name``, ``stories_id`` ...), matched ignoring case. Record numbers are the file line on which
the row starts, so a quoted multi-line body does not shift later numbers.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator

from ..model import Article, Reject
from ..registry import readers
from .common import ReadOptions, field_aliases, make_article


def _columns(header: list[str], mapping: dict[str, str]) -> dict[str, int] | str:
    """Field -> column index, or an error message when a mapped or required column is missing."""
    index = {name: i for i, name in enumerate(header)}
    lower = {name.strip().lower(): i for i, name in enumerate(header)}
    out: dict[str, int] = {}
    for fieldname, aliases in field_aliases().items():
        if fieldname in mapping:
            col = mapping[fieldname]
            if col not in index and col.strip().lower() not in lower:
                return f"the field mapping (--field) names column {col!r} for {fieldname!r}, not in header {header}"
            out[fieldname] = index[col] if col in index else lower[col.strip().lower()]
            continue
        for alias in aliases:
            if alias in lower:
                out[fieldname] = lower[alias]
                break
    if "text" not in out:
        looked = ", ".join(field_aliases()["text"])
        return f"no text column (looked for {looked}; name it with --field text=COLUMN) in header {header}"
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
    columns = _columns(header, options.fields)
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
        # an empty cell is no value (CSV has no null); an empty text is still a reject's reason
        fields = {f: row[i] if row[i] or f == "text" else None for f, i in columns.items()}
        yield make_article(fields, origin, start, options)


@readers.register("csv")
def read_csv(text: str, origin: str, options: ReadOptions) -> Iterator[Article | Reject]:
    yield from _read_table(text, origin, options, ",")


@readers.register("tsv")
def read_tsv(text: str, origin: str, options: ReadOptions) -> Iterator[Article | Reject]:
    yield from _read_table(text, origin, options, "\t")
