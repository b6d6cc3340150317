"""HTML reader: one article per page, body and metadata extracted offline with trafilatura.

A page has no date field of its own, so its date comes, in this order (``common.find_date``),
from the date in its URL (``/2016/12/09/``; the canonical link, or the URL it was fetched from),
the dateline opening the text ("LONDON, 9 December 2016 (Reuters) -"), then its metadata: the
explicit meta tags (``article:published_time`` and similar, ``itemprop=datePublished``, the
first ``<time datetime>``), then trafilatura's date finder (htmldate, without its extensive text
search, which guesses). A date the page declares that cannot be used (impossible, in the
future) is a warning, never a reject.

The page arrives decoded with the charset it declares (``charset.decode_bytes``); its XML
declaration is removed before lxml parses the text, which lxml would otherwise refuse. The
declared language (``<html lang>``, ``xml:lang``, ``Content-Language``, ``og:locale``) goes to
``make_article``, which checks it against the text. When trafilatura finds no article, it is
asked again favouring recall; a page is rejected only when that finds nothing either, and the
reason says whether the page had no visible text at all or only navigation and boilerplate.
``html_article`` reads one page for other readers (WARC records), with the URL and crawl date
they know.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..model import Article, Reject
from ..registry import readers
from .charset import without_xml_declaration
from .common import ReadOptions, make_article

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
# Meta tags (name, property or http-equiv, lower-cased) that declare the page's language.
_LANG_META = ("content-language", "og:locale", "language", "dc.language", "dcterms.language")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_INVISIBLE = ("script", "style", "noscript", "template")
_MIN_PROSE_LETTERS = 20  # letters outside links a page needs to hold an article
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


def _declared_lang(tree: Any) -> str | None:
    """The language the page declares, as written (languages.normalise reads it)."""
    for attr in ("lang", _XML_LANG, "xml:lang"):
        value = (tree.get(attr) or "").strip()
        if value:
            return value
    for meta in tree.iter("meta"):
        key = (meta.get("http-equiv") or meta.get("property") or meta.get("name") or "").strip().lower()
        if key in _LANG_META and (meta.get("content") or "").strip():
            return meta.get("content").strip()
    return None


def _visible_chars(tree: Any) -> int:
    """Non-space characters a reader of the page would see (scripts and styles excluded).
    Edits ``tree``: pass one parsed for this."""
    for el in list(tree.iter(*_INVISIBLE)):
        if el.getparent() is not None:
            el.drop_tree()
    body = tree.find("body")
    return 0 if body is None else len("".join(body.text_content().split()))


def _link_texts(tree: Any) -> list[str]:
    """The texts of the page's links, longest first."""
    texts = {" ".join(a.text_content().split()) for a in tree.iter("a")}
    return sorted((t for t in texts if t), key=len, reverse=True)


def _only_links(body: str, links: list[str]) -> bool:
    """True when what was extracted is nothing but link texts (a menu, a list of headlines):
    no article, however trafilatura's fallback took it for one."""
    rest = " ".join(body.split())
    for t in links:
        rest = rest.replace(t, " ")
    return sum(ch.isalpha() for ch in rest) < _MIN_PROSE_LETTERS


def _no_text_reason(tree: Any) -> str:
    visible = _visible_chars(tree)
    if not visible:
        return (
            "no article text found in the HTML page: it has no visible text (only markup, scripts or styles)"
        )
    return (
        f"no article text found in the HTML page: its {visible:,} characters of visible text are "
        "navigation, links or boilerplate"
    )


@readers.register("html")
def read_html(text: str, origin: str, options: ReadOptions) -> Iterator[Article | Reject]:
    yield html_article(text, origin, 1, options)


def html_article(
    text: str,
    origin: str,
    record: int | None,
    options: ReadOptions,
    url: str | None = None,
    crawled: Any = None,
) -> Article | Reject:
    """One page -> an Article or a Reject. ``url``: where the page was fetched from (used when
    it names no canonical URL); ``crawled``: when (a date the yearless datelines resolve against)."""
    import lxml.etree
    import lxml.html
    import trafilatura

    text = without_xml_declaration(text)
    if not text.strip():
        return Reject(origin, record, "empty text" if not text else "whitespace-only text")
    try:
        tree = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError) as exc:  # "Document is empty" for a bare comment
        return Reject(origin, record, f"no article text found in the HTML page: {exc}")
    declared = _declared_date(tree)
    lang = _declared_lang(tree)
    links = _link_texts(tree)
    doc = trafilatura.bare_extraction(
        tree, with_metadata=True, include_comments=False, date_extraction_params=_DATE_PARAMS
    )
    if doc is None or not (doc.text or "").strip():
        # trafilatura prunes the tree it is given: parse again for the second, recall-first try
        doc = trafilatura.bare_extraction(
            lxml.html.document_fromstring(text), with_metadata=True, include_comments=False,
            favor_recall=True, date_extraction_params=_DATE_PARAMS,
        )  # fmt: skip
    if doc is None or not (doc.text or "").strip() or _only_links(doc.text, links):
        return Reject(origin, record, _no_text_reason(lxml.html.document_fromstring(text)))
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
        "title": title,
        "url": doc.url or url,
        "source": doc.sitename,
        "lang": lang,
        "crawled": crawled,
    }
    # htmldate reads the same tags: when the page declares a date that cannot be used (impossible,
    # in the future), its answer is a guess from that date (2022-02-30 -> 2022-02-01), not taken
    page_dates = (declared,) if declared else tuple(d for d in (doc.date,) if d)
    del tree, doc, text  # the parse trees are large; nothing below needs them
    return make_article(fields, origin, record, options, page_dates)
