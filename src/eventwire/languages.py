"""The language of each article: the declared one normalised, checked against py3langid.

A page or feed may declare its language (``<html lang="de-CH">``, a JSON ``lang`` field); the
declaration is normalised to ISO 639-1 (``de_ch``, ``en-US``, ``EN``, ``lang=en``, ``deu`` ->
``de``, ``en``). The text is identified with py3langid (the model ships inside the package,
loaded once per process on first use). Detection wins over a declaration when it is confident
and the text long enough; otherwise the declaration stands. A text that declares nothing takes
the detected language when detection is confident, else ``en``, eventwire's default (a ten-word
English sentence is often not enough for any detector to be sure).

Code lists (ISO 639-1, aliases, the detector's labels, groups of close languages) are data:
knowledge/data/languages.json. docs/languages.md says why py3langid and what it costs.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from .model import AnnotatedDoc

DEFAULT = "en"
# Detection overrides a declaration only for a text at least this long, at this probability.
OVERRIDE_CHARS = 120
OVERRIDE_CONFIDENCE = 0.9
# A text that declares nothing takes the detected language at this probability (else DEFAULT).
UNDECLARED_CONFIDENCE = 0.5
MIN_LETTERS = 20  # shorter texts are not identified at all
_SAMPLE = 6000  # characters taken from the start and from the middle of a long text
_PREFIX = re.compile(r"^\s*(?:x-)?(?:lang(?:uage)?|hreflang|locale|content-language)\s*[=:]\s*", re.I)
_SEPARATOR = re.compile(r"[-_;,.\s/|]")


@dataclass(frozen=True)
class _Codes:
    iso639_1: frozenset[str]
    aliases: dict[str, str]
    fold: dict[str, str]
    detect: tuple[str, ...]
    close: dict[str, frozenset[str]]
    coded: frozenset[str]


@cache
def codes() -> _Codes:
    raw: dict[str, Any] = json.loads(
        resources.files("eventwire.knowledge").joinpath("data/languages.json").read_text("utf-8")
    )
    close: dict[str, frozenset[str]] = {}
    for group in raw["close"]:
        for code in group:
            close[code] = frozenset(group)
    return _Codes(
        frozenset(raw["iso639_1"].split()), dict(raw["aliases"]), dict(raw["fold"]),
        tuple(raw["detect"].split()), close, frozenset(raw["coded"]),
    )  # fmt: skip


def coded(lang: str) -> bool:
    """True if eventwire codes events, quotes and actors in this language."""
    return lang in codes().coded


def normalise(value: Any) -> str | None:
    """An ISO 639-1 code from a declared language (``de_CH``, ``en-US``, ``EN``, ``lang=de``,
    ``deu``, ``German``), or the detector's own code for a language without one; None for
    anything else (``und``, ``x-default``, template junk)."""
    if value is None:
        return None
    s = _PREFIX.sub("", str(value)).strip().strip("\"'").strip().lower()
    if not s:
        return None
    c = codes()
    first = _SEPARATOR.split(s, maxsplit=1)[0]
    for key in (s, first):
        if key in c.aliases:
            return c.aliases[key]
        if key in c.iso639_1:
            return key
    return first if first in c.detect else None


def parse_codes(value: str | list[str] | tuple[str, ...]) -> list[str]:
    """``"en,de"`` (or a list) -> ``["en", "de"]``; ValueError naming a code it cannot read."""
    items = value.split(",") if isinstance(value, str) else list(value)
    out: list[str] = []
    for item in (i.strip() for i in items):
        if not item:
            continue
        code = normalise(item)
        if code is None:
            raise ValueError(f"{item!r} is not a language code (use ISO 639-1 codes such as en, de, fr)")
        if code not in out:
            out.append(code)
    return out


class Detector:
    """py3langid over the labels in languages.json, with probabilities normalised."""

    def __init__(self) -> None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        self._model = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        self._model.set_languages(list(codes().detect))

    def detect(self, text: str) -> tuple[str, float]:
        """(ISO code, probability) of the text's language."""
        if len(text) > 2 * _SAMPLE:  # cost grows with length; two samples decide as well
            mid = len(text) // 2
            text = text[:_SAMPLE] + "\n" + text[mid : mid + _SAMPLE]
        label, p = self._model.classify(text)
        return codes().fold.get(label, label), float(p)


@cache
def detector() -> Detector:
    """The process's detector, loaded on first use (about 0.5 s)."""
    return Detector()


@dataclass(frozen=True, slots=True)
class Identified:
    lang: str
    declared: str | None  # the declaration, normalised
    detected: str | None  # what the detector said (None: text too short)
    confidence: float
    warning: str | None = None


def _letters(text: str) -> int:
    return sum(1 for ch in text[: 4 * MIN_LETTERS] if ch.isalpha())


def identify(text: str, declared: Any = None) -> Identified:
    """The article's language from its text and what it declares (see the module doc)."""
    decl = normalise(declared)
    if _letters(text) < MIN_LETTERS:
        return Identified(decl or DEFAULT, decl, None, 0.0)
    found, p = detector().detect(text)
    if decl is None:
        lang = found if p >= UNDECLARED_CONFIDENCE else DEFAULT
        return Identified(lang, None, found, p)
    if found == decl or decl in codes().close.get(found, ()):
        return Identified(decl, decl, found, p)
    if p >= OVERRIDE_CONFIDENCE and len(text) >= OVERRIDE_CHARS:
        warning = f"declared language {decl}, but the text reads as {found} (p={p:.2f}); using {found}"
        return Identified(found, decl, found, p, warning)
    return Identified(decl, decl, found, p)


def keep_language_neutral(doc: AnnotatedDoc) -> None:
    """What stays of the English-model layers on an article eventwire does not code: the places
    the gazetteer resolved (a name such as Berlin or Kiew reads the same to it in any Latin-script
    language) and the entities under them. The English NER's other entities on such a text are
    mostly common nouns ("Haushalt" as a PERSON), so they are dropped."""
    doc.places = [p for p in doc.places if p.geonameid is not None]
    spans = {(p.start, p.end) for p in doc.places}
    doc.entities = [e for e in doc.entities if (e.start, e.end) in spans]
