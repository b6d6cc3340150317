"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds -> the items they list.

Parsed with lxml without entity expansion or network access (a feed is untrusted input: no
"billion laughs", no external DTDs). Elements are matched by local name, so namespaced
variants (dc:date, atom:link inside RSS, content:encoded) are read alike. A document that is
not well-formed XML, or whose root is no feed, raises FeedError with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit


class FeedError(ValueError):
    """The feed could not be read (the reason is the message)."""


@dataclass(slots=True)
class FeedItem:
    link: str | None  # absolute http(s) URL of the item's page (None: the item names none)
    guid: str | None = None
    title: str | None = None
    published: str | None = None  # as the feed writes it (RFC 2822 in RSS, ISO 8601 in Atom)
    updated: str | None = None  # Atom updated, dc:modified, atom:updated inside RSS

    @property
    def stamp(self) -> str | None:
        """What changes when the publisher updates the item (a change re-fetches its page)."""
        return self.updated or self.published


@dataclass(slots=True)
class Feed:
    format: str  # rss, rdf or atom
    title: str | None = None
    items: list[FeedItem] = field(default_factory=list)


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _text(el: object) -> str | None:
    if el is None:
        return None
    value = " ".join("".join(el.itertext()).split())  # type: ignore[attr-defined]
    return value or None


def _child(el: object, *names: str) -> object | None:
    for name in names:
        for c in el:  # type: ignore[attr-defined]
            if _local(c.tag) == name:
                return c
    return None


def _absolute(base: str, href: str | None) -> str | None:
    if not href or not href.strip():
        return None
    url = urljoin(base, href.strip())
    return url if urlsplit(url).scheme in ("http", "https") else None


def _rss_item(el: object, base: str) -> FeedItem:
    link = _text(_child(el, "link"))
    guid_el = _child(el, "guid")
    guid = _text(guid_el)
    if not link:
        atom_link = _child(el, "link")  # <atom:link href=...> has no text
        link = atom_link.get("href") if atom_link is not None else None  # type: ignore[attr-defined]
    if not link and guid and guid_el is not None and guid_el.get("isPermaLink", "true") != "false":  # type: ignore[attr-defined]
        link = guid
    return FeedItem(
        link=_absolute(base, link),
        guid=guid,
        title=_text(_child(el, "title")),
        published=_text(_child(el, "pubdate", "date", "published")),
        updated=_text(_child(el, "updated", "modified")),
    )


def _atom_entry(el: object, base: str) -> FeedItem:
    link = None
    for c in el:  # type: ignore[attr-defined]
        if _local(c.tag) == "link" and c.get("rel", "alternate") == "alternate" and c.get("href"):
            link = c.get("href")
            break
    return FeedItem(
        link=_absolute(base, link),
        guid=_text(_child(el, "id")),
        title=_text(_child(el, "title")),
        published=_text(_child(el, "published", "issued")),
        updated=_text(_child(el, "updated", "modified")),
    )


def parse_feed(data: bytes, url: str) -> Feed:
    """The items of an RSS or Atom document fetched from ``url`` (relative links resolve
    against it)."""
    import lxml.etree

    if not data.strip():
        raise FeedError("empty feed (no bytes)")
    parser = lxml.etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_pis=True
    )
    try:
        root = lxml.etree.fromstring(data, parser=parser)
    except lxml.etree.XMLSyntaxError as exc:
        raise FeedError(f"malformed feed XML: {exc}") from None
    kind = _local(root.tag)
    if kind == "feed":
        base = root.get("{http://www.w3.org/XML/1998/namespace}base") or url
        return Feed(
            "atom",
            _text(_child(root, "title")),
            [_atom_entry(e, base) for e in root if _local(e.tag) == "entry"],
        )
    if kind in ("rss", "rdf"):
        channel = _child(root, "channel")
        title = _text(_child(channel, "title")) if channel is not None else None
        # RSS 2.0 nests items in the channel; RSS 1.0 (RDF) puts them beside it
        items = [e for e in root.iter() if _local(e.tag) == "item"]
        return Feed("rss" if kind == "rss" else "rdf", title, [_rss_item(e, url) for e in items])
    raise FeedError(f"not an RSS or Atom feed (the document is <{kind or root.tag}>)")
