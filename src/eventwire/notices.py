"""What a run has to tell about single records: rejects, warnings and articles skipped by
language, as one line each on stderr and, on request, as JSON Lines a script can read.

A line never wraps and never spans two lines, whatever the terminal: control characters in a
reason (an lxml message with a newline) are replaced, and the CLI prints these lines without
rich's wrapping. The JSONL rows (``--rejects FILE``) are
``{"kind": "reject"|"warning"|"skipped", "file", "record", "reason", "id"?}``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal

from .model import AnnotatedDoc, Article, Reject

Kind = Literal["reject", "warning", "skipped"]
_VERB = {"reject": "rejected", "warning": "warning", "skipped": "skipped"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


def one_line(text: str) -> str:
    """``text`` with every newline, tab or other control character run made one space."""
    return _CONTROL.sub(" ", text).strip()


@dataclass(frozen=True, slots=True)
class Notice:
    kind: Kind
    file: str | None
    record: int | None
    reason: str
    id: str | None = None  # the article's id (warnings and skipped articles)

    @classmethod
    def of_reject(cls, r: Reject) -> Notice:
        return cls("reject", r.origin, r.record, r.reason)

    @classmethod
    def of_warning(cls, doc: AnnotatedDoc, warning: str) -> Notice:
        a = doc.article
        return cls("warning", a.origin, a.record, warning, a.id)

    @classmethod
    def of_skipped(cls, a: Article, reason: str) -> Notice:
        return cls("skipped", a.origin, a.record, reason, a.id)

    @property
    def where(self) -> str:
        where = self.file or "-"
        if self.record is not None:
            where += f":{self.record}"
        if self.id and self.kind != "reject":
            where += f" ({self.id})"
        return where

    def line(self) -> str:
        """``rejected FILE:RECORD: REASON``; ``warning FILE:RECORD (ID): REASON``; one line."""
        return f"{_VERB[self.kind]} {one_line(self.where)}: {one_line(self.reason)}"

    def row(self) -> dict[str, Any]:
        row: dict[str, Any] = {
            "kind": self.kind,
            "file": self.file,
            "record": self.record,
            "reason": self.reason,
        }
        if self.id is not None:
            row["id"] = self.id
        return row


class NoticeLog:
    """Prints each notice as one line (through ``echo``) and, with ``path``, appends it as a
    JSONL row to that file. Counts them by kind. Use as a context manager, or call close()."""

    def __init__(self, echo: Callable[[Notice], None] | None = None, path: str | Path | None = None) -> None:
        self.echo = echo
        self.counts: dict[str, int] = {"reject": 0, "warning": 0, "skipped": 0}
        self._file: IO[str] | None = open(path, "w", encoding="utf-8") if path else None

    def __call__(self, notice: Notice) -> None:
        self.counts[notice.kind] += 1
        if self.echo is not None:
            self.echo(notice)
        if self._file is not None:
            self._file.write(json.dumps(notice.row(), ensure_ascii=False) + "\n")
            self._file.flush()  # a script may follow the file while the run goes on

    def reject(self, r: Reject) -> None:
        self(Notice.of_reject(r))

    def warnings(self, doc: AnnotatedDoc) -> None:
        for w in doc.warnings:
            self(Notice.of_warning(doc, w))

    def skipped(self, a: Article, reason: str) -> None:
        self(Notice.of_skipped(a, reason))

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def __enter__(self) -> NoticeLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
