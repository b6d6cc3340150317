"""JSON readers: JSON Lines (one object per line) and JSON documents (an array of objects or a
single object; a ``.json`` file that is really JSON Lines is read as such).

Fields: text (required), id, date, title, url, source, lang, crawled, each under the keys listed
in knowledge/data/fields.json (body/content/maintext, published/publish_date/date_publish,
headline, outlet/domain/source_domain ...), so news-please output reads as it is; ``--field``
(``ReadOptions.fields``) names any other key. Record numbers are line numbers for JSON Lines
and 1-based positions in an array.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ..model import Article, Reject
from ..registry import readers
from .common import ReadOptions, field_aliases, make_article, pick_all


def _from_object(obj: Any, origin: str, record: int, options: ReadOptions) -> Article | Reject:
    if not isinstance(obj, dict):
        return Reject(origin, record, f"expected a JSON object, got {type(obj).__name__}")
    fields = pick_all(obj, options)
    if fields["text"] is None:
        looked = options.fields.get("text") or ", ".join(field_aliases()["text"])
        return Reject(origin, record, f"no text field (looked for {looked})")
    return make_article(fields, origin, record, options)


@readers.register("jsonl")
def read_jsonl(text: str, origin: str, options: ReadOptions) -> Iterator[Article | Reject]:
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue  # blank lines separate nothing and hold no record
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Reject(origin, lineno, f"broken JSON line: {exc.msg} (column {exc.colno})")
            continue
        yield _from_object(obj, origin, lineno, options)


def _first_line_is_json(text: str) -> bool:
    line = next((ln for ln in text.splitlines() if ln.strip()), "")
    try:
        json.loads(line)
    except json.JSONDecodeError:
        return False
    return True


@readers.register("json")
def read_json(text: str, origin: str, options: ReadOptions) -> Iterator[Article | Reject]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if _first_line_is_json(text):  # JSON Lines saved as .json: one bad line must not sink the rest
            yield from read_jsonl(text, origin, options)
        else:
            yield Reject(origin, None, f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")
        return
    if isinstance(data, list):
        for i, obj in enumerate(data, start=1):
            yield _from_object(obj, origin, i, options)
    else:
        yield _from_object(data, origin, 1, options)
