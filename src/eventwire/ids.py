"""Stable, short identifiers: the same input always gets the same id, across runs and machines.

An article keeps the id it was given; otherwise the id is a hash of its normalised URL, and
failing that a hash of its normalised text, so ingesting the same article twice (even from a
URL with tracking parameters or a file with different line endings) yields one id.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

ID_HEX_CHARS = 16  # 64 bits: collisions are negligible for corpora of millions of articles

# Query parameters that track the reader rather than identify the page.
_TRACKING_PARAMS = re.compile(r"^(utm_\w+|fbclid|gclid|dclid|mc_cid|mc_eid|ref|ref_src|cmpid|ito)$", re.I)
_DEFAULT_PORTS = {"http": "80", "https": "443"}
_SPACE = re.compile(r"\s+")


def short_hash(value: str) -> str:
    """A ``ID_HEX_CHARS``-long hex digest of ``value`` (BLAKE2b, stable across processes)."""
    return hashlib.blake2b(value.encode("utf-8"), digest_size=ID_HEX_CHARS // 2).hexdigest()


def normalise_url(url: str) -> str:
    """Canonical form of a URL for identity: lower-case scheme and host, no ``www.``, no default
    port, no fragment, no tracking parameters, sorted query, no trailing slash."""
    parts = urlsplit(url.strip())
    scheme = (parts.scheme or "http").lower()
    if scheme == "https":
        scheme = "http"  # the same page served over both schemes is the same article
    host = (parts.hostname or "").lower().removeprefix("www.")
    if parts.port is not None and str(parts.port) != _DEFAULT_PORTS.get(parts.scheme.lower()):
        host = f"{host}:{parts.port}"
    path = parts.path.rstrip("/") or "/"
    query = sorted(
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING_PARAMS.match(k)
    )
    return urlunsplit((scheme, host, path, urlencode(query), ""))


def normalise_text(text: str) -> str:
    """Canonical form of a text for identity: Unicode NFC, whitespace runs collapsed, trimmed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def article_id(given: str | None = None, url: str | None = None, text: str | None = None) -> str:
    """The id of an article: ``given`` if non-empty, else a hash of the URL, else of the text."""
    if given is not None and given.strip():
        return given.strip()
    if url is not None and url.strip():
        return short_hash("url:" + normalise_url(url))
    if text is None:
        raise ValueError("article_id needs an id, a url or a text")
    return short_hash("text:" + normalise_text(text))
