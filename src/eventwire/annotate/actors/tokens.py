"""The parsed document as integer arrays, and the layers the actors passes add to it.

spaCy ``Token`` objects cost more to walk than all of the layer's own logic, so ``DocArrays``
takes every attribute from spaCy in one call (``Doc.to_array``) and keeps plain lists: the
parse (heads, children, left edges), the entities and places mapped onto tokens, and the slots
the passes fill in order: ``name_at`` / ``role_at`` (names.py), ``home`` (names.py), ``people``
(coding.py). Its methods are small questions about single tokens or matches.
"""

from __future__ import annotations

from bisect import bisect_right

from ...knowledge.actors import Named
from ...knowledge.datelines import filed_spans
from ...model import AnnotatedDoc
from .grammar import ACTOR_LABELS, ATTRS
from .lexicon import Lexicon, Match


class DocArrays:
    """One parsed document, on integer arrays taken from spaCy in one call."""

    def __init__(self, lex: Lexicon, doc: AnnotatedDoc) -> None:
        self.lex = lex
        self.doc = doc
        # people and bodies are coded as of the article's date (today when it has none)
        self.day = doc.article.date
        self.resolved: dict[int, Named | None] = {}  # names.resolve, per entry
        rows = doc.nlp.to_array(ATTRS).tolist()
        label, lemma_lower, strings = lex.label, lex.lemma_lower, lex.strings
        for r in rows:
            for k in (3, 4, 7):
                if r[k] not in label:
                    label[r[k]] = strings[r[k]]
            if r[2] not in lemma_lower:
                lemma_lower[r[2]] = strings.add(strings[r[2]].lower())
        n = self.n = len(rows)
        self.orth = [r[0] for r in rows]
        self.caps = [r[0] != r[1] and strings[r[0]].isupper() and len(strings[r[0]]) > 3 for r in rows]
        self.lower = [r[1] for r in rows]
        self.lemma = [lemma_lower[r[2]] for r in rows]
        self.pos = [label[r[3]] for r in rows]
        self.dep = [label[r[4]] for r in rows]
        self.tag = [label[r[7]] for r in rows]
        self.head = [i + (r[5] if r[5] < 2**63 else r[5] - 2**64) for i, r in enumerate(rows)]
        self.idx = [r[6] for r in rows]
        self.sent_starts = [i for i, r in enumerate(rows) if r[8] == 1 or i == 0]
        self.lefts: list[list[int]] = [[] for _ in range(n)]
        self.rights: list[list[int]] = [[] for _ in range(n)]
        for i, h in enumerate(self.head):
            if h != i:
                (self.lefts if i < h else self.rights)[h].append(i)
        self.left_edge = list(range(n))
        for i in range(n):  # push each token's position up to its ancestors
            child, h, steps = i, self.head[i], 0
            while h != child and self.left_edge[h] > i and steps < n:
                self.left_edge[h] = i
                child, h, steps = h, self.head[h], steps + 1
        self.name_at: list[Match | None] = [None] * n
        self.role_at: list[Match | None] = [None] * n
        self.ent_at: list[int | None] = [None] * n
        self.ent_span: dict[int, tuple[int, int]] = {}
        self.people: dict[str, tuple[str, str | None, str | None]] = {}  # name or surname -> coding
        self.place_at: dict[int, str] = {}  # token index -> country of a place starting there
        self.towns: set[int] = set()  # token indices where a populated place starts
        # "Western" alone is a Sri Lankan province to the gazetteer, but a bloc in the news
        unplaced = lex.knowledge.unplaced
        self.unplaced = frozenset(lex.strings.add(w) for w in unplaced)
        for place in doc.places:
            if place.country and place.text.lower() not in unplaced:
                at = max(bisect_right(self.idx, place.start) - 1, 0)
                self.place_at[at] = place.country
                if place.feature and place.feature.startswith("P."):
                    self.towns.add(at)
        self._map_entities()
        # A wire dateline ("NUSA DUA, Indonesia, Nov 14 (Wire Desk) - ") or a note's locator
        # ("Sanaa: ") names where, not who acts: its words are never actors (the places layer
        # still reads them)
        self.datelines = filed_spans(doc.text, ((p.start, p.end) for p in doc.places))
        # filled by names.home_country: the country the document is about, and whether it
        # comes from the dateline alone
        self.home: str | None = None
        self.home_filed = False

    def words(self, m: Match) -> str:
        """The text of a match, as written."""
        last = self.lex.strings[self.orth[m.end - 1]]
        return self.doc.text[self.idx[m.start] : self.idx[m.end - 1] + len(last)]

    def _map_entities(self) -> None:
        idx = self.idx
        for k, ent in enumerate(self.doc.entities):
            if ent.label not in ACTOR_LABELS:
                continue
            start = max(bisect_right(idx, ent.start) - 1, 0)
            end = max(bisect_right(idx, ent.end - 1), start + 1)
            self.ent_span[k] = (start, end)
            for j in range(start, end):
                self.ent_at[j] = k

    def dateline_word(self, i: int) -> bool:
        """ "MOSCOW (Reuters) -" or "NUSA DUA, Indonesia": a dateline, not a subject."""
        return self.sent_starts[0] <= i < 4 and self.lex.strings[self.orth[i]].isupper()

    def personal(self, j: int) -> bool:
        """Is token ``j`` part of a person's name ("Bush" is also a village in Egypt)?"""
        k, m = self.ent_at[j], self.name_at[j]
        if m is not None and m.value.kind in ("person", "surname"):
            return True
        return k is not None and self.doc.entities[k].label == "PERSON"

    def agentive(self, m: Match) -> bool:
        return self.agentive_span(m.start, m.end)

    def agentive_span(self, s: int, e: int) -> bool:
        """A name that says who backs, leads or opposes, not whose: "pro-Iranian", "anti-Syria",
        "Israeli-occupied", "Russian-backed". "-led" keeps its owner ("Saudi-led coalition").
        (spaCy tags such hyphens HYPH or JJ, so the hyphen is recognised by its text.)"""
        hyph = self.lex.hyphen
        if s >= 2 and self.orth[s - 1] == hyph and self.lower[s - 2] in self.lex.stance:
            return True
        return e + 1 < self.n and self.orth[e] == hyph and self.lower[e + 1] in self.lex.agentive

    def ethnic(self, m: Match) -> bool:
        """ "ethnic Albanians": a people, not the state of that name."""
        return m.value.kind == "demonym" and m.start > 0 and self.lower[m.start - 1] in self.lex.ethnic

    def complement_of(self, j: int, head: int) -> bool:
        """Is token ``j`` the object of a preposition attached to ``head``?"""
        return self.dep[j] == "pobj" and (head < 0 or self.head[self.head[j]] == head)

    def char_span(self, start: int, end: int) -> tuple[int, int]:
        """Character offsets of tokens [start, end), without a trailing possessive 's."""
        if end - 1 > start and self.tag[end - 1] == "POS":
            end -= 1
        last = self.lex.strings[self.orth[end - 1]]
        return self.idx[start], self.idx[end - 1] + len(last)
