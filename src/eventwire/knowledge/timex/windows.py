"""Where rules run: windows of text around the head words each rule needs.

Most of a news text holds no time expression, and scanning every position with two dozen
patterns would cost more than the spaCy parse itself. One cheap word scan plus dict look-ups
finds the heads (month names, unit words, four-digit years ...); each rule then runs only in the
windows around the heads of its kinds.
"""

from __future__ import annotations

import re

from .rules import RuleBook

_WORD = re.compile(r"[A-Za-z]+")
_SPACE = re.compile(r"\s")


def merge(windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching windows joined, in text order."""
    if len(windows) < 2:
        return windows
    windows.sort()
    out = [windows[0]]
    for start, end in windows[1:]:
        if start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


class HeadFinder:
    def __init__(self, book: RuleBook) -> None:
        self._heads = book.head_words
        self._digits = book.digit_heads
        self._left = book.reach_left
        self._right = book.reach_right

    def kinds(self, word: str) -> tuple[str, ...]:
        kinds = self._heads.get(word, ())
        if word.endswith("s"):
            kinds += self._heads.get(word[:-1], ())
        return kinds

    def windows(self, text: str) -> dict[str, list[tuple[int, int]]]:
        """Per kind of head: text windows around its occurrences (to be joined with ``merge``)."""
        n = len(text)
        raw: dict[str, list[tuple[int, int]]] = {}
        hits: list[tuple[int, int, tuple[str, ...]]] = []
        low = text.lower()
        if len(low) != n:  # a few characters lengthen when lower-cased: scan word by word instead
            for m in _WORD.finditer(text):
                if kinds := self.kinds(m.group().lower()):
                    hits.append((m.start(), m.end(), kinds))
        else:
            # distinct words first (C speed), then str.find for the few that are heads
            for w in set(_WORD.findall(low)):
                if not (kinds := self.kinds(w)):
                    continue
                i = low.find(w)
                while i >= 0:
                    j = i + len(w)
                    if (i == 0 or not low[i - 1].isalpha()) and (j == n or not low[j].isalpha()):
                        hits.append((i, j, kinds))
                    i = low.find(w, j)
        for m in self._digits.finditer(text):
            hits.append((m.start(), m.end(), (m.lastgroup or "",)))
        for start, end, kinds in hits:
            start, end = max(0, start - self._left), min(n, end + self._right)
            # widen to whole words: a pattern must not take a window edge for a word boundary
            # (a start inside a word is harmless: the engine sees the text before ``pos``)
            if start > 0:
                start = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
            if end < n:
                space = _SPACE.search(text, end)
                end = space.start() if space else n
            for kind in kinds:
                raw.setdefault(kind, []).append((start, end))
        return raw
