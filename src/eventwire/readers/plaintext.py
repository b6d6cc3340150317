"""Plain-text readers: one article per file.

``seed`` files start (after optional whitespace) with a header ``date YYYY-MM-DD``; the body
follows, possibly on the same line. The header is not part of ``Article.text``. ``text`` files
have no header, so their date is unknown (None, never "today") and they get no title.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Article, Reject
from ..registry import readers
from .common import ReadOptions, make_article

# The header token must be followed by whitespace or the end, so "date 2022-11-29T10:00" works
# and "date 2022-11-290" is not taken for a header.
SEED_HEADER = re.compile(r"\A\s*date[ \t]+(\d{4}-\d{2}-\d{2}(?:T[0-9:.,+\-Z]*)?)(?=\s|\Z)")


def is_seed(text: str) -> bool:
    """True if ``text`` opens with a seed ``date YYYY-MM-DD`` header."""
    return SEED_HEADER.match(text[:200]) is not None


@readers.register("seed")
def read_seed(text: str, origin: str, options: ReadOptions) -> Iterator[Article | Reject]:
    m = SEED_HEADER.match(text)
    if m is None:
        yield Reject(origin, 1, "seed format: missing 'date YYYY-MM-DD' header at the start")
        return
    body = text[m.end() :]
    if not body.strip():
        yield Reject(origin, 1, "seed format: no article text after the date header")
        return
    yield make_article({"text": body, "date": m[1]}, origin, 1, options)


@readers.register("text")
def read_text(text: str, origin: str, options: ReadOptions) -> Iterator[Article | Reject]:
    yield make_article({"text": text}, origin, 1, options)
