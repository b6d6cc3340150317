"""The grammar's words (``data/timex_lexicon.json``), loaded once into look-up tables."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

LEXICON_PATH = Path(__file__).resolve().parents[1] / "data" / "timex_lexicon.json"


def load_lexicon(path: Path = LEXICON_PATH) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def alt(words: Iterable[str]) -> str:
    """Regex alternation of ``words``, longest first so that "September" beats "Sep"."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


def norm(s: str) -> str:
    return " ".join(s.lower().split())


class Lexicon:
    """The word lists of the lexicon, as the value functions read them."""

    def __init__(self, lx: dict[str, Any]) -> None:
        self._raw = lx
        self.months: dict[str, int] = lx["months"]
        self.abbrev_months = set(lx["month_abbreviations_need_period_or_day"])
        self.ambiguous_months = set(lx["ambiguous_months"])
        self.ambiguous_month_left = set(lx["ambiguous_month_left_context"])
        self.weekdays: dict[str, int] = lx["weekdays"]
        self.numbers: dict[str, float] = lx["numbers"]
        self.vague = {norm(v) for v in lx["vague_numbers"]}
        # unit word -> TIMEX3 unit code; MIN (minute) is told apart from M (month) until output
        self.units: dict[str, str] = lx["units"]
        self.seasons: dict[str, str] = lx["seasons"]
        self.parts_of_day: dict[str, str] = lx["parts_of_day"]
        self.set_adverbs: dict[str, str] = lx["set_adverbs"]
        self.present = {norm(w) for w in lx["present_ref"]}
        self.past = {norm(w) for w in lx["past_ref"]}
        self.future = {norm(w) for w in lx["future_ref"]}
        self.after_noun_ref = frozenset(lx["after_noun_ref"])
        self.not_after_current = tuple(lx["not_after_current"])
        self.holidays: dict[str, list[int]] = lx["holidays"]
        self.national_days: dict[str, dict[str, list[int | str]]] = lx["national_days"]
        self.timezones: list[str] = lx["timezones"]
        self.year_left = set(lx["year_left_context"])
        self.early_year_left = set(lx["early_year_left_context"])
        self.spoken_year_left = tuple(lx["spoken_year_left_context"])
        self.count_nouns = set(lx["count_nouns_after_number"])
        self.year_plurals = set(lx["plurals_after_year"])
        self.not_plurals = frozenset(lx["not_plurals"])
        self.rate_words = tuple(lx["rate_words"])
        self.future_cue = re.compile(rf"\b(?:{alt(lx['future_cues'])})\b", re.I)
        self.reporting = re.compile(rf"\b(?:{alt(lx['reporting_verbs'])})\b", re.I)

    def alternations(self) -> dict[str, str]:
        """The word lists that rule patterns name as ``{months}``, ``{units}`` ..."""
        return {
            "months": alt(self.months),
            "full_months": alt(m for m in self.months if m not in self.abbrev_months),
            "weekdays": alt(self.weekdays),
            "number_words": alt(w for w in self.numbers if " " in w or len(w) > 2),
            "vague_numbers": alt(self.vague),
            "units": alt(self.units),
            "timezones": alt(self.timezones),
            "parts_of_day": alt(self.parts_of_day),
            "set_adverbs": alt(self.set_adverbs),
            "ref_words": alt(self.present | self.past | self.future),
            "holidays": alt([*self.holidays, *self.national_days]),
        }

    def words(self, key: str) -> list[str]:
        """The entries of the lexicon list (or the keys of the table) ``key``, normalised."""
        return [norm(w) for w in self._raw[key]]
