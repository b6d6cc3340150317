"""Bytes -> text the way browsers and trafilatura decode pages.

Order: a byte-order mark; then, for markup, the charset the page declares (``<meta charset>``,
``<meta http-equiv="Content-Type" content="...; charset=...">`` or the XML declaration), mapped
to the codec browsers use for that label (knowledge/data/charsets.json); then UTF-8; then
detection with charset-normalizer. What had to be repaired on the way (stray NUL bytes, a few
invalid bytes replaced with U+FFFD, a declaration the bytes contradict) comes back as warnings,
so the article is kept and the repair is on record. Bytes that are no text in any charset raise
``BadRecord`` with the reason.
"""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources


class BadRecord(ValueError):
    """A record that cannot become an Article; the message is the Reject reason."""


@dataclass(slots=True)
class Decoded:
    text: str
    encoding: str  # the Python codec that decoded it
    warnings: list[str] = field(default_factory=list)


_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16: its BOM starts the same way
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control bytes that never occur in ordinary text (tab, LF, VT, FF, CR and ESC excluded).
_CONTROL_BYTES = frozenset(set(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B})
_PRESCAN_BYTES = 16384  # where a page's charset declaration may stand (browsers look at 1024)
_META_CHARSET = re.compile(rb"<meta\b[^>]*?\bcharset\s*=\s*[\"']?\s*([A-Za-z0-9._:\-]+)", re.I)
XML_DECLARATION = re.compile(r"\A\s*<\?xml\b[^>]*\?>", re.I)
_XML_ENCODING = re.compile(rb"\A\s*<\?xml\b[^>]*?\bencoding\s*=\s*[\"']([A-Za-z0-9._:\-]+)[\"']", re.I)
_DETECT_SAMPLE = 20000  # bytes charset-normalizer looks at (the start and the end of a file)


@cache
def _aliases() -> dict[str, str | None]:
    path = resources.files("eventwire.knowledge").joinpath("data/charsets.json")
    return json.loads(path.read_text("utf-8"))["aliases"]


def codec_for(label: str) -> str | None:
    """The Python codec for a declared charset label, as browsers read it; None if unknown."""
    key = label.strip().lower()
    aliases = _aliases()
    if key in aliases:
        return aliases[key]
    try:
        return codecs.lookup(key).name
    except LookupError:
        return None


def _is_utf8(name: str) -> bool:
    return codecs.lookup(name).name == "utf-8"


def _looks_like_text(data: bytes) -> bool:
    sample = data[:65536]
    controls = sum(1 for b in sample if b in _CONTROL_BYTES)
    return controls <= len(sample) // 1000  # at most 0.1% stray control bytes


def _bad_count(data: bytes, codec: str) -> tuple[str, int]:
    """Decode with replacement; the text and how many replacement characters decoding added."""
    text = data.decode(codec, errors="replace")
    added = text.count("\ufffd")
    if added and _is_utf8(codec):
        added -= data.count("\ufffd".encode())  # U+FFFD written in the page itself
    return text, added


def _few(bad: int, data: bytes) -> bool:
    """A few invalid bytes (a truncated character, a pasted symbol), not a wrong charset."""
    return bad <= max(3, len(data) // 2000)


def _strip_nuls(data: bytes, warnings: list[str]) -> bytes:
    """The bytes without a few stray NULs (a warning says how many); BadRecord for binary."""
    nuls = data.count(0)
    if nuls <= max(4, len(data) // 50):  # a few stray NULs in otherwise ordinary text
        stripped = data.replace(b"\x00", b"")
        if stripped.strip() and _looks_like_text(stripped):
            warnings.append(f"removed {nuls} stray NUL byte{'s' if nuls > 1 else ''}")
            return stripped
    raise BadRecord("binary file (contains NUL bytes), not text")


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text that lost its BOM: NULs at every other byte of ASCII-range characters."""
    if len(data) < 8 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    half = len(data) // 2
    for codec, nuls in (("utf-16-le", odd), ("utf-16-be", even)):
        if nuls >= half * 0.6:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            if _looks_like_text(text.encode("utf-8", "replace")):
                return codec
    return None


def declared_charset(data: bytes) -> tuple[str, str] | None:
    """(label, where) of the charset a page declares in its first bytes, ``<meta>`` first
    (what browsers read), else the XML declaration."""
    head = data[:_PRESCAN_BYTES]
    body = head.lower().find(b"<body")
    if body > 0:
        head = head[:body]
    m = _META_CHARSET.search(head)
    if m:
        return m[1].decode("ascii"), "<meta> charset"
    m = _XML_ENCODING.match(head)
    if m:
        return m[1].decode("ascii"), "XML declaration"
    return None


def _detect(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    sample = (
        data if len(data) <= _DETECT_SAMPLE else data[: _DETECT_SAMPLE // 2] + data[-_DETECT_SAMPLE // 2 :]
    )
    best = from_bytes(sample).best()
    if best is None and sample is not data:
        best = from_bytes(data).best()
    return None if best is None else codecs.lookup(best.encoding).name


def _mostly_utf8(data: bytes) -> tuple[str, int] | None:
    """Text that is UTF-8 but for a few invalid bytes: (text with U+FFFD, how many replaced)."""
    text, bad = _bad_count(data, "utf-8")
    if not bad or not _few(bad, data):
        return None
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    return (text, bad) if multibyte >= bad else None


def _replaced(bad: int, codec: str) -> str:
    return f"{bad} invalid {codec} byte sequence{'s' if bad > 1 else ''} replaced with U+FFFD"


def _decode_declared(data: bytes, label: str, where: str, warnings: list[str]) -> Decoded | None:
    codec = codec_for(label)
    if codec is None:
        if label.strip().lower() not in _aliases():
            warnings.append(f"unknown charset {label!r} in the {where}; detected instead")
        return None
    if not _is_utf8(codec):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            if not data.isascii():  # legacy text with non-ASCII bytes is almost never valid UTF-8
                warnings.append(f"the {where} says {label}, but the bytes are UTF-8; decoded as UTF-8")
                return Decoded(text, "utf-8", warnings)
    text, bad = _bad_count(data, codec)
    if not bad:
        return Decoded(text, codec, warnings)
    if _few(bad, data):
        warnings.append(f"{_replaced(bad, label)} (declared in the {where})")
        return Decoded(text, codec, warnings)
    detected = _detect(data)
    if detected and detected != codec:
        alt, alt_bad = _bad_count(data, detected)
        if not alt_bad:
            warnings.append(
                f"the {where} says {label}, but {bad} bytes are invalid in it; decoded as {detected}"
            )
            return Decoded(alt, detected, warnings)
    warnings.append(f"{_replaced(bad, label)} (declared in the {where}; the bytes fit no charset better)")
    return Decoded(text, codec, warnings)


def decode_bytes(data: bytes, markup: bool = False, declared: str | None = None) -> Decoded:
    """Decode file bytes; ``markup`` reads a page's own charset declaration first, and before it
    ``declared``, the charset of an HTTP Content-Type header (browsers give it precedence).
    Raises BadRecord for binary input or bytes that are text in no charset."""
    warnings: list[str] = []
    for bom, codec in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            text, bad = _bad_count(body, codec)
            if bad and not _few(bad, body):
                raise BadRecord(
                    f"undecodable {codec} text ({bad} invalid byte sequences after its byte-order mark)"
                )
            if bad:
                warnings.append(_replaced(bad, codec))
            return Decoded(text, codec, warnings)
    if 0 in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            warnings.append(f"decoded as {utf16} (UTF-16 text without a byte-order mark)")
            return Decoded(data.decode(utf16), utf16, warnings)
        data = _strip_nuls(data, warnings)
    if markup and declared:
        got = _decode_declared(data, declared, "HTTP Content-Type header", warnings)
        if got is not None:
            return got
    if markup:
        in_page = declared_charset(data)
        if in_page is not None:
            got = _decode_declared(data, *in_page, warnings)
            if got is not None:
                return got
    try:
        return Decoded(data.decode("utf-8"), "utf-8", warnings)
    except UnicodeDecodeError as exc:
        utf8_error = f"{exc.reason} at byte {exc.start}"
    almost = _mostly_utf8(data)
    if almost is not None:
        warnings.append(_replaced(almost[1], "UTF-8"))
        return Decoded(almost[0], "utf-8", warnings)
    if _looks_like_text(data):
        detected = _detect(data)
        if detected is not None:
            text, bad = _bad_count(data, detected)
            if bad:
                warnings.append(_replaced(bad, detected))
            return Decoded(text, detected, warnings)
    raise BadRecord(f"undecodable bytes: not UTF-8 ({utf8_error}) and not text in any charset")


def without_xml_declaration(text: str) -> str:
    """The page without its ``<?xml ... encoding=...?>`` line: lxml refuses a str that still
    declares an encoding, and the text is already decoded."""
    return XML_DECLARATION.sub("", text, count=1)
