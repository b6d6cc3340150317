"""HTML reader: one article per page, body and metadata extracted offline with trafilatura.

The publication date is taken first from explicit page metadata (``article:published_time`` and
similar meta tags, ``itemprop=datePublished``, the first ``<time datetime>``) and checked like
any other date, so an impossible date is a Reject; when the page declares none, or declares it in
a non-ISO format, we use trafilatura's own date finder (without its extensive text search, which
guesses).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..model import Article, Reject
from ..registry import readers
from .common import BadRecord, ReadOptions, UnrecognisedDate, make_article, parse_date

# Meta tags (name or property, lower-cased) that declare the publication date, best first.
_DATE_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publish-date",
    "publish_date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
)
_PARAGRAPH_BREAK = re.compile(r"\n+")
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def _declared_date(tree: Any) -> str | None:
    """The publication date the page itself declares, as written (not yet validated)."""
    metas: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = (meta.get("content") or "").strip()
        if key and content:
            metas.setdefault(key, content)
    for key in _DATE_META:
        if key in metas:
            return metas[key]
    for el in tree.iter("time"):
        if el.get("datetime"):
            return el.get("datetime").strip()
    return None


@readers.register("html")
def read_html(text: str, origin: str, options: ReadOptions) -> Iterator[Article | Reject]:
    import lxml.html
    import trafilatura

    try:
        tree = lxml.html.document_fromstring(text)
    except Exception as exc:  # lxml raises several types (ParserError, ValueError) for junk
        yield Reject(origin, 1, f"unparseable HTML: {exc}")
        return
    declared = _declared_date(tree)
    if declared is not None:
        try:
            parse_date(declared)
        except UnrecognisedDate:
            declared = None  # e.g. "November 15, 2022": htmldate (below) reads such formats
        except BadRecord:
            pass  # an impossible date: make_article turns it into a Reject
    doc = trafilatura.bare_extraction(
        tree, with_metadata=True, include_comments=False, date_extraction_params=_DATE_PARAMS
    )
    if doc is None or not (doc.text or "").strip():
        yield Reject(origin, 1, "no article text found in the HTML page")
        return
    body = doc.text
    title = (doc.title or "").strip() or None
    if title:
        # trafilatura keeps the headline as the body's first line; the title field holds it.
        first, _, rest = body.partition("\n")
        if first.strip() == title and rest.strip():
            body = rest
    fields = {
        # trafilatura ends each block with one newline; a blank line between paragraphs matches
        # the other formats, so the same story reads the same whichever way it arrived.
        "text": _PARAGRAPH_BREAK.sub("\n\n", body.strip()),
        "date": declared if declared is not None else doc.date,
        "title": title,
        "url": doc.url,
        "source": doc.sitename,
        # <html lang="en-GB"> -> "en"; trafilatura only sets language when asked to filter by it
        "lang": (tree.get("lang") or doc.language or "").split("-")[0].strip().lower() or None,
    }
    yield make_article(fields, origin, 1, options)
