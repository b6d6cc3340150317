"""Counted units: durations ("three days"), shifts ("three days ago") and sets ("every week")."""

from __future__ import annotations

import datetime as dt
import re

from ..calendar import TENS, duration, shift, ymd
from ..context import NEXT_WORD, PREV_WORD, State, cap, next_word, prev_word
from ..lexicon import Lexicon, norm
from ..rules import Result
from .registry import value


def number(lx: Lexicon, s: str) -> float | None:
    """The count in "48", "2 1/2", "twenty-four", "a couple of"; None when vague ("several")."""
    s = norm(s)
    if s in lx.vague:
        return None
    s = s.replace(",", "")
    half = 0.5 if s.endswith((" 1/2", " and a half")) else 0.0
    s = s.removesuffix(" 1/2").removesuffix(" and a half")
    if re.fullmatch(r"\d+(?:\.\d+)?", s):
        return float(s) + half
    if s in lx.numbers:
        return lx.numbers[s] + half
    parts = re.split(r"[\s-]+", s)
    if len(parts) == 2 and parts[0] in TENS and parts[1] in lx.numbers and lx.numbers[parts[1]] < 10:
        return lx.numbers[parts[0]] + lx.numbers[parts[1]] + half  # "twenty-four"
    return None


@value("duration")
def length(m: re.Match[str], st: State) -> Result:
    """A length ("three days"), or with a direction word a shift of the anchor (``ago``)."""
    if m["dir"]:
        return ago(m, st)
    raw_n = norm(m["n"])
    unit = st.lx.units[m["unit"].lower()]
    n = number(st.lx, raw_n)
    if m["half"]:
        n = None if n is None else n + 0.5
    plural = bool(m["pl"])
    if m["tail"] == "-old" or next_word(st, m.end()) == "old":
        return None  # an age ("the 6-year-old", "52 years old"), not a time expression
    if unit == "Q" and ((plural and "-" in m.group(0)) or next_word(st, m.end()) == "of"):
        return None  # "three-quarters", "a quarter of the vote": a fraction
    if raw_n in ("a", "an") and st.text[m.end("n") : m.end("n") + 1] == "-":
        return None  # "$50,000-a-year", "an-hour-long": part of a compound
    if unit == "S" and raw_n in ("a", "an", "one") and not m["det"]:
        if not st.cues["clause_end"].match(st.text, m.end()):
            return None  # "a second term", "a second bomb": the ordinal
    if raw_n[:1].isdigit() and m["unit"][:1].isupper() and not m["unit"].isupper():
        return None  # "60 Minutes", "24 Hours of Le Mans": a title
    if n is not None:
        if n > 10000 or (n == 1 and plural and not m["tail"]):
            return None
        if 1500 <= n <= 2099 and not plural and raw_n.isdigit():
            return None  # "the 1988 quarter" names a year
    elif raw_n in ("some",) or (raw_n in st.lx.vague and not plural):
        return None
    if raw_n in ("a", "an") and not m["rel"] and not m["det"]:
        prev = prev_word(st, m.start())
        before = st.text[max(0, m.start() - 12) : m.start()]
        # "twice a year", "$5 billion a year", "three times a week": a rate, not a length
        if prev in st.lx.rate_words or re.search(r"[\d%]\s*$|\w+ion\s*$", before):
            return "SET", duration(1, unit)
    if unit == "WE":
        return None
    if m["det"] and not m["rel"] and not plural and "-" in st.text[m.start("n") : m.end("unit")]:
        # "the 24-hour news cycle": the article belongs to the noun, not to the duration
        return "DURATION", duration(n, unit), m.start("n"), m.end()
    return "DURATION", duration(n, unit)


def ago(m: re.Match[str], st: State) -> Result:
    """ "three days ago", "a year earlier": the anchor shifted, at the unit's granularity."""
    n = number(st.lx, m["n"])
    unit = st.lx.units[m["unit"].lower()]
    word = m["dir"].lower()
    if word == "later" or (word == "earlier" and unit in ("D", "W", "2W", "H", "MIN", "S")):
        # "three days later" counts from the story's last event, not from the article date:
        # only the length is known. "A year earlier" is kept as a date: news uses it to
        # compare with the anchor's period.
        end = m.end("tail") if m["tail"] else m.end("half") if m["half"] else m.end("unit") + bool(m["pl"])
        return "DURATION", duration(n, unit), m.start(), end
    direction = -1 if word in ("ago", "earlier", "back") else 1
    if n is None or st.anchor is None or unit in ("H", "MIN", "S"):
        if unit in ("H", "MIN", "S") and st.anchor is not None and n is not None:
            delta = {"H": 3600, "MIN": 60, "S": 1}[unit] * n * direction
            t = dt.datetime.combine(st.anchor, dt.time(12)) + dt.timedelta(seconds=delta)
            return "DATE", ymd(t.date())
        return "DATE", "PAST_REF" if direction < 0 else "FUTURE_REF"
    if not float(n).is_integer():
        return "DATE", "PAST_REF" if direction < 0 else "FUTURE_REF"
    return "DATE", shift(st.anchor, int(n) * direction, unit)


@value("bare_units")
def bare_units(m: re.Match[str], st: State) -> Result:
    cue = norm(m["cue"] or "")
    unit = st.lx.units[m["unit"].lower().rstrip("s").replace("centurie", "century")]
    if cue in ("coming", "the coming", "next", "the next"):
        return "DATE", "FUTURE_REF"
    if cue == "recent":
        return "DATE", "PAST_REF"
    return "DURATION", duration(None, unit)


@value("set")
def every(m: re.Match[str], st: State) -> Result:
    what = m["what"].lower()
    step = 2 if m["other"] else 1
    if m["n"]:
        n = number(st.lx, m["n"])
        if n is None:
            return None
        step *= n
    if what in st.lx.weekdays:
        return ("SET", f"XXXX-WXX-{st.lx.weekdays[what]}") if cap(m["what"]) else None
    if what in st.lx.months:
        return ("SET", f"XXXX-{st.lx.months[what]:02d}") if cap(m["what"]) else None
    if what in st.lx.parts_of_day:
        return "SET", f"XXXX-XX-XXT{st.lx.parts_of_day[what]}"
    if what in st.lx.seasons:
        return "SET", f"XXXX-{st.lx.seasons[what]}"
    unit = st.lx.units[what]
    if unit == "WE":
        return "SET", "XXXX-WXX-WE"
    return "SET", duration(step, unit)


@value("set_adverb")
def set_adverb(m: re.Match[str], st: State) -> Result:
    w = m["w"]
    before = PREV_WORD.search(st.text, max(0, m.start() - 25), m.start())
    after = NEXT_WORD.match(st.text, m.end(), m.end() + 25)
    # "Breitbart News Daily", "the Daily Mail", 'the Nigerian daily "Aksan"': a newspaper
    adjacent = before is not None and before.end() + 2 >= m.start()
    title = adjacent and cap(w) and cap(before.group(1))  # "Breitbart News Daily"
    if (
        title
        or (adjacent and st.cues["demonym"].search(before.group(1)))
        or (after and (cap(after.group(1)) or after.group(1)[:1] in "\"'“"))
    ):
        return None
    return "SET", st.lx.set_adverbs[w.lower()]
