"""The rule table (``data/timex_rules.toml``): patterns, head words and context tests, compiled."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .context import State
from .lexicon import Lexicon

RULES_PATH = Path(__file__).resolve().parents[1] / "data" / "timex_rules.toml"

# A value function gets the match and the extraction state and returns (type, value), or None to
# reject the match (e.g. "May" used as a modal verb); (type, value, start, end) narrows the span.
Result = tuple[str, str | None] | tuple[str, str | None, int, int] | None
ValueFn = Callable[[re.Match[str], State], Result]

_PIECE = re.compile(r"\{([a-z_]+)\}")  # {month}; regex quantifiers ({4}, {1,2}) hold no letters


@dataclass(slots=True)
class Rule:
    name: str
    heads: tuple[str, ...]  # kinds of head word around which the rule runs
    pattern: re.Pattern[str]
    value: ValueFn
    year_shift: bool  # "a year ago": may refer to a quarter just before it
    clock: bool  # a clock time: joins an adjacent day


@dataclass(slots=True)
class RuleBook:
    rules: list[Rule]
    head_words: dict[str, tuple[str, ...]]  # head word -> its kinds
    digit_heads: re.Pattern[str]  # the head kinds found in digits, one named group each
    reach_left: int
    reach_right: int


def _joined(pattern: str | list[str]) -> str:
    return pattern if isinstance(pattern, str) else "".join(pattern)


def _expand(pattern: str | list[str], pieces: Mapping[str, str]) -> str:
    return _PIECE.sub(lambda m: pieces[m.group(1)], _joined(pattern))


def load_table(path: Path = RULES_PATH) -> dict[str, Any]:
    with path.open("rb") as f:
        return tomllib.load(f)


def context_patterns(table: dict[str, Any]) -> dict[str, Any]:
    """``[context]``: compiled patterns by name, and the numbers as they are."""
    out: dict[str, Any] = {}
    for name, entry in table["context"].items():
        if isinstance(entry, dict):
            out[name] = re.compile(_joined(entry["pattern"]), re.I if entry.get("ignore_case") else 0)
        else:
            out[name] = entry
    return out


def compile_rules(table: dict[str, Any], lexicon: Lexicon, values: Mapping[str, ValueFn]) -> RuleBook:
    pieces = lexicon.alternations()
    for name, piece in table["pieces"].items():
        pieces[name] = _expand(piece, pieces)
    rules = [
        Rule(
            name=spec["name"],
            heads=tuple(spec["heads"]),
            pattern=re.compile(_expand(spec["pattern"], pieces), re.I),
            value=values[spec["value"]],
            year_shift=spec.get("year_shift", False),
            clock=spec.get("clock", False),
        )
        for spec in table["rule"]
    ]
    heads = table["heads"]
    return RuleBook(
        rules=rules,
        head_words=_head_words(heads["words"], lexicon),
        digit_heads=re.compile(_joined(heads["digits"])),
        reach_left=heads["reach_left"],
        reach_right=heads["reach_right"],
    )


def _head_words(kinds: dict[str, dict[str, list[str]]], lexicon: Lexicon) -> dict[str, tuple[str, ...]]:
    """Head word -> the kinds of head it is ("quarter" is a unit and a quarter word)."""
    heads: dict[str, tuple[str, ...]] = {}
    for kind, spec in kinds.items():
        words = set(spec.get("words", ()))
        for key in spec.get("lexicon", ()):
            words.update(lexicon.words(key))
        for key in spec.get("first_word", ()):
            words.update(w.split()[0] for w in lexicon.words(key))
        for key in spec.get("last_word", ()):
            words.update(w.split()[-1] for w in lexicon.words(key))
        for w in words:
            heads[w] = (*heads.get(w, ()), kind)
    return heads
