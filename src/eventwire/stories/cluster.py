"""Stories: articles about the same real-world happening, grouped incrementally.

Each article becomes a TF-IDF vector over words and names (see ``features``); a story is the sum
of its articles' unit vectors. No number of clusters is ever given.

* **Arrival** (``add``): the article joins the story whose centroid it is most similar to when
  the cosine reaches ``story_threshold`` and its date falls within ``window_days`` of the
  story's first..last days; otherwise it starts a new story. This is cheap and immediate.
* **Consolidation** (every ``consolidate_every`` arrivals and before any read): over the open
  stories (those a new article could still join), the articles' vectors are re-weighed with the
  current document frequencies, then (a) every open article is taken out of its story and put
  back into the best one (the k-means step of DP-means: a story's own centroid is computed
  without the article, so it is not its own evidence), and (b) two stories merge when merging
  costs less than ``merge_cost``, the cost being the loss of fit ``|a| + |b| - |a + b|`` of
  their centroid sums (for unit articles ``n - |sum|`` is the sum of 1 - cosine to the mean
  direction), and their centroids are at least ``story_threshold`` alike. The cost grows with
  the stories' sizes: two established stories merge only when their centroids nearly coincide,
  a fragment joins its story readily. (c) The inverse step: a story splits in two (spherical
  2-means) when the two parts would cost more than ``merge_cost`` to merge: two happenings of
  one kind that one centroid came to sit between. Split, reassign and merge repeat over the
  stories that changed until nothing moves (at most ``passes`` rounds). Articles are visited in
  (date, id) order, so the result depends on the set of open articles, not on the order they
  came in; what remains order-dependent is the state of stories closed before (the window slid
  past them), which stories a round revisits, and ties.

A second, coarser level ("topics": the same kind of happening, e.g. two different church fires)
clusters stories the same way, over each story's word terms only (the kind of happening is in
the words, the particular one in the names), with a lower threshold and a longer window. Open
stories are (re)placed in topics when topics are read; a story's topic is settled when the story
closes. A story lies in exactly one topic by construction.

Near-copies (``dedup``) join their original's story without moving any centroid, so one
syndicated text does not outweigh independent reports. Undated articles are compatible with
any date (and their stories never close).
"""

from __future__ import annotations

import gzip
import heapq
import json
import math
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date
from itertools import repeat
from operator import mul
from pathlib import Path

from ..model import AnnotatedDoc, Story
from .dedup import CopyConfig, CopyDetector
from .features import article_day, doc_terms, lead_sentence, stable_id, words


def _rank(kv: tuple[str, float]) -> tuple[float, str]:
    return (-kv[1], kv[0])


@dataclass
class StoryConfig:
    story_threshold: float = 0.2  # article-to-story cosine to join a story
    merge_cost: float = 1.0  # merge two stories when |a| + |b| - |a + b| is below this
    window_days: int = 3  # an article joins a story only within this many days of it
    topic_threshold: float | None = 0.08  # coarser level (words only); None disables topics
    topic_merge_cost: float = 1.0
    topic_window_days: int = 30
    doc_terms: int = 80  # an article vector keeps its heaviest terms (the tail adds noise and time)
    query_terms: int = 20  # an item's top terms used to find candidate clusters
    index_terms: int = 40  # a cluster's top terms it is findable by
    max_terms: int = 300  # a closed cluster keeps at most this many terms (for its title)
    max_candidates: int = 8  # clusters scored exactly, best pre-ranked by shared top terms
    close_every: int = 250  # arrivals between closing stale stories
    consolidate_every: int = 5000  # arrivals between consolidations (reads consolidate too)
    min_split: int = 4  # smaller clusters are never bisected
    passes: int = 2  # at most this many reassign-and-merge rounds per consolidation
    copies: CopyConfig = field(default_factory=CopyConfig)
    copy_detection: bool = True


@dataclass(slots=True)
class Assignment:
    """Where one arriving article went. ``absorbed`` lists stories merged into ``story`` by this
    arrival. Consolidation may later move articles between open stories: ``StoryIndex.assignments()``
    is the current truth, to be read after a batch of arrivals. ``topic`` is the story's topic as
    of the last time topics were read or the story closed (None before)."""

    article_id: str
    story: str
    duplicate_of: str | None = None
    topic: str | None = None
    absorbed: list[str] = field(default_factory=list)


@dataclass
class _Cluster:
    id: str
    number: int  # creation order: the older cluster survives a merge
    terms: dict[str, float] = field(default_factory=dict)  # sum of the members' vectors
    norm: float = 0.0
    first: int | None = None  # day ordinals
    last: int | None = None
    members: list[str] = field(default_factory=list)  # item keys
    indexed: list[str] = field(default_factory=list)  # terms this cluster is posted under
    closed: bool = False


class _Level:
    """One clustering level (stories over articles, or topics over stories)."""

    def __init__(
        self, prefix: str, threshold: float, merge_cost: float, window: int, cfg: StoryConfig
    ) -> None:
        self.prefix, self.threshold, self.merge_cost, self.window, self.cfg = (
            prefix, threshold, merge_cost, window, cfg)  # fmt: skip
        self.clusters: dict[str, _Cluster] = {}
        self.of: dict[str, str] = {}  # item key -> cluster id (every item ever placed)
        self.vecs: dict[str, dict[str, float]] = {}  # open items' vectors
        self.days: dict[str, int | None] = {}  # open items' days
        self.postings: dict[str, set[str]] = {}
        self.created = 0
        self.latest: int | None = None
        self.absorbed: list[str] = []  # cluster ids merged away during the last place()
        self.stale: set[str] = set()  # clusters whose postings lag their terms
        self.changed: set[str] = set()  # clusters whose members changed since the last look
        self.touched: set[str] = set()  # clusters changed since the last consolidation
        self.query_cache: dict[int, tuple[dict[str, float], list[str]]] = {}

    # --- placing one item -----------------------------------------------------------------------

    def place(self, key: str, vec: dict[str, float], day: int | None) -> str:
        """Put one item into the most similar compatible cluster, or a new one; return its id."""
        self.absorbed = []
        self.vecs[key], self.days[key] = vec, day
        if day is not None and (self.latest is None or day > self.latest):
            self.latest = day
        best, sim = self._best(vec, day, None)
        if best is None or sim < self.threshold:
            best = self._new(key)
        # a large cluster's top terms change slowly: re-post it at sizes 1-4, 8, 16, 32, ... and
        # every 32nd item (a topic can gather thousands of stories: re-posting it is costly)
        size = len(best.members) + 1
        self._join(best, key, post=size <= 4 or size & (size - 1) == 0 or size % 32 == 0)
        return best.id

    def _best(
        self, vec: dict[str, float], day: int | None, own: _Cluster | None
    ) -> tuple[_Cluster | None, float]:
        scores: dict[str, float] = {}
        get = scores.get
        for term in self._query(vec):
            w = vec[term]
            for cid in self.postings.get(term, ()):
                scores[cid] = get(cid, 0.0) + w
        ranked = heapq.nlargest(self.cfg.max_candidates, scores.items(), key=_score_rank)
        cands = [self.clusters[cid] for cid, _ in ranked]
        if own is not None and own not in cands and own.members:
            cands.append(own)
        best, best_sim = None, 0.0
        norm = _norm(vec) or 1.0
        for c in cands:
            if c.closed or not self._compatible(c, day):
                continue
            sim = _cosine(vec, c, norm)
            if sim > best_sim or (sim == best_sim and best is not None and c.number < best.number):
                best, best_sim = c, sim
        return best, best_sim

    def _query(self, vec: dict[str, float]) -> list[str]:
        """An item's top terms, which find its candidate clusters (cached per vector object)."""
        hit = self.query_cache.get(id(vec))
        if hit is not None and hit[0] is vec:
            return hit[1]
        top = [t for t, _ in _top(vec, self.cfg.query_terms)]
        if len(self.query_cache) > 4 * len(self.vecs) + 1000:
            self.query_cache.clear()
        self.query_cache[id(vec)] = (vec, top)
        return top

    def _new(self, key: str) -> _Cluster:
        self.created += 1
        c = _Cluster(stable_id(self.prefix, f"{key}#{self.created}"), self.created)
        self.clusters[c.id] = c
        return c

    def _compatible(self, c: _Cluster, day: int | None) -> bool:
        if day is None or c.first is None or c.last is None:
            return True
        return c.first - self.window <= day <= c.last + self.window

    def _join(self, c: _Cluster, key: str, post: bool = True) -> None:
        c.norm = math.sqrt(max(c.norm * c.norm + _axpy(c.terms, self.vecs[key], 1.0), 0.0))
        c.members.append(key)
        self.of[key] = c.id
        self.changed.add(c.id)
        self.touched.add(c.id)
        day = self.days[key]
        if day is not None:
            c.first = day if c.first is None else min(c.first, day)
            c.last = day if c.last is None else max(c.last, day)
        if post or len(c.members) == 1:
            self._reindex(c)
        else:
            self.stale.add(c.id)

    def _leave(self, c: _Cluster, key: str, post: bool = True) -> None:
        c.norm = math.sqrt(max(c.norm * c.norm + _axpy(c.terms, self.vecs[key], -1.0), 0.0))
        c.members.remove(key)
        self.changed.add(c.id)
        self.touched.add(c.id)
        if not c.members:
            self._drop(c)
            return
        days = [d for d in (self.days.get(m) for m in c.members) if d is not None]
        c.first, c.last = (min(days), max(days)) if days else (None, None)
        if post:
            self._reindex(c)
        else:
            self.stale.add(c.id)

    def replace(self, key: str, vec: dict[str, float], day: int | None) -> None:
        """Give an open item a new vector (and day) in place."""
        c = self.clusters[self.of[key]]
        delta = _axpy(c.terms, self.vecs[key], -1.0) + _axpy(c.terms, vec, 1.0)
        self.vecs[key], self.days[key] = vec, day
        days = [d for d in (self.days.get(m) for m in c.members) if d is not None]
        c.first, c.last = (min(days), max(days)) if days else (None, None)
        c.norm = math.sqrt(max(c.norm * c.norm + delta, 0.0))
        self.stale.add(c.id)  # re-posted when the level consolidates
        self.touched.add(c.id)

    def remove(self, key: str) -> None:
        """Take an open item out of the level altogether."""
        cid = self.of.pop(key, None)
        if cid is not None and cid in self.clusters and key in self.vecs:
            self._leave(self.clusters[cid], key)
        self.vecs.pop(key, None)
        self.days.pop(key, None)

    def _drop(self, c: _Cluster) -> None:
        self.changed.discard(c.id)
        self._unpost(c)
        del self.clusters[c.id]

    def _unpost(self, c: _Cluster) -> None:
        for term in c.indexed:
            posting = self.postings.get(term)
            if posting is not None:
                posting.discard(c.id)
                if not posting:
                    del self.postings[term]
        c.indexed = []

    def _reindex(self, c: _Cluster, post: bool = True) -> None:
        c.norm = math.sqrt(sum(w * w for w in c.terms.values()))
        self._unpost(c)
        if post:
            c.indexed = [t for t, _ in _top(c.terms, self.cfg.index_terms)]
            for term in c.indexed:
                self.postings.setdefault(term, set()).add(c.id)

    # --- consolidation --------------------------------------------------------------------------

    def open_items(self) -> list[str]:
        """Open items in a canonical order (date, key): the order they came in does not matter."""
        return sorted(self.vecs, key=lambda k: (self.days[k] if self.days[k] is not None else -1, k))

    def reweigh(self, vecs: dict[str, dict[str, float]]) -> None:
        """Replace open items' vectors (new document frequencies) and rebuild the open clusters."""
        self.vecs.update(vecs)
        for c in self.clusters.values():
            if not c.closed and all(m in self.vecs for m in c.members):
                c.terms = {}
                for m in c.members:
                    _axpy(c.terms, self.vecs[m], 1.0)
                self._reindex(c)

    def consolidate(self) -> list[tuple[str, str]]:
        """Split, reassign and merge the open clusters touched since the last consolidation (and
        then those the previous round touched) until nothing moves; return (gone, kept) merges."""
        merges: list[tuple[str, str]] = []
        for cid in self.stale:
            if cid in self.clusters:
                self._reindex(self.clusters[cid])
        self.stale.clear()
        for _ in range(self.cfg.passes):
            active, self.touched = self.touched, set()
            active = {cid for cid in active if cid in self.clusters and not self.clusters[cid].closed}
            if not active:
                break
            self._split_pass(active)
            active |= self.touched
            self._reassign({m for cid in active if cid in self.clusters for m in self.clusters[cid].members})
            merges += self._merge_pass(active | self.touched)
        self.touched.clear()
        return merges

    def _reassign(self, keys: set[str]) -> None:
        before = self.touched
        moves: set[str] = set()
        for key in self.open_items():
            if key not in keys:
                continue
            own = self.clusters[self.of[key]]
            if own.closed:
                continue
            vec, day = self.vecs[key], self.days[key]
            lone = len(own.members) == 1
            self._leave(own, key, post=False)
            best, sim = self._best(vec, day, None if lone else own)
            if best is None or sim < self.threshold:
                if lone:  # a lone item that fits nowhere else stays where it is, under its id
                    best = own
                    self.clusters[own.id] = own
                    own.terms, own.norm, own.first, own.last = {}, 0.0, None, None
                else:
                    best = self._new(key)
            if best is not own:
                moves.update((own.id, best.id))
            self._join(best, key, post=False)
        for cid in self.stale:
            if cid in self.clusters:
                self._reindex(self.clusters[cid])
        self.stale.clear()
        # leaving and rejoining the same cluster is no change: only moves call for another round
        self.touched = before | moves

    def _split_pass(self, active: set[str]) -> int:
        """Split a cluster in two when its best bisection would cost more than ``merge_cost`` to
        merge back: two happenings of one kind (two title defences of one boxer) that came
        together through a centroid lying between them. Merging is the inverse step, with the
        same cost, so a split is never undone by the next merge pass."""
        splits = 0
        for c in sorted((self.clusters[a] for a in active), key=lambda c: c.number):
            if c.closed or len(c.members) < self.cfg.min_split:
                continue
            if any(m not in self.vecs for m in c.members):
                continue  # a topic holding closed stories: their vectors are gone
            part = self._bisect(c)
            if part is None:
                continue
            rest = [m for m in c.members if m not in part]
            a, b = _sum(self.vecs, part), _sum(self.vecs, rest)
            if _norm(a) + _norm(b) - _norm(c.terms) <= self.merge_cost:
                continue
            new = self._new(part[0])
            for m in part:
                self._leave(c, m, post=False)
                self._join(new, m, post=False)
            splits += 1
        for cid in self.stale:
            if cid in self.clusters:
                self._reindex(self.clusters[cid])
        self.stale.clear()
        return splits

    def _bisect(self, c: _Cluster) -> list[str] | None:
        """Spherical 2-means over a cluster's members, seeded with the member least like the
        centroid and the member least like that one; returns the part without the oldest member."""
        vecs = [self.vecs[m] for m in c.members]
        seed_a = min(range(len(vecs)), key=lambda i: (_dot(vecs[i], c.terms) - _dot(vecs[i], vecs[i]), i))
        seed_b = min(range(len(vecs)), key=lambda i: (_dot(vecs[i], vecs[seed_a]), i))
        if seed_a == seed_b:
            return None
        ca, cb = vecs[seed_a], vecs[seed_b]
        side: list[bool] = []
        for _ in range(8):
            na, nb = _norm(ca) or 1.0, _norm(cb) or 1.0
            new_side = [_dot(v, cb) / nb > _dot(v, ca) / na for v in vecs]
            if new_side == side or all(new_side) or not any(new_side):
                break
            side = new_side
            ca = _sum_vecs([v for v, s in zip(vecs, side, strict=True) if not s])
            cb = _sum_vecs([v for v, s in zip(vecs, side, strict=True) if s])
        if not side or all(side) or not any(side):
            return None
        part = [m for m, s in zip(c.members, side, strict=True) if s != side[0]]
        return part

    def _merge_pass(self, active: set[str]) -> list[tuple[str, str]]:
        """Merge the cheapest pairs of open clusters (one of them active) first, each cluster
        once per pass."""
        pairs = []
        for cid in sorted(active):
            c = self.clusters.get(cid)
            if c is None or c.closed:
                continue
            scores: Counter[str] = Counter()
            for term in c.indexed[: self.cfg.query_terms]:
                for cid in self.postings.get(term, ()):
                    if cid != c.id:
                        scores[cid] += 1
            for cid, _ in heapq.nlargest(self.cfg.max_candidates, scores.items(), key=_score_rank):
                other = self.clusters[cid]
                if other.closed or not self._overlap(c, other):
                    continue
                both = _sum_norm(c, other)
                cost = c.norm + other.norm - both
                # and never a pair less alike than an item must be to join: two lone items
                # cost at most 2 - sqrt(2) to merge however unrelated they are
                alike = (both * both - c.norm**2 - other.norm**2) / (2 * c.norm * other.norm or 1.0)
                if cost < self.merge_cost and alike >= self.threshold:
                    pairs.append((cost, min(c.number, other.number), max(c.number, other.number), c.id, cid))
        pairs.sort()
        touched: set[str] = set()
        merges = []
        for _, _, _, a, b in pairs:
            if a in touched or b in touched or a not in self.clusters or b not in self.clusters:
                continue
            keep, gone = self._merge(self.clusters[a], self.clusters[b])
            touched.update((a, b))
            merges.append((gone, keep))
        return merges

    def _overlap(self, a: _Cluster, b: _Cluster) -> bool:
        if a.first is None or b.first is None or a.last is None or b.last is None:
            return True
        return a.first - self.window <= b.last and b.first - self.window <= a.last

    def _merge(self, a: _Cluster, b: _Cluster) -> tuple[str, str]:
        keep, gone = (a, b) if a.number < b.number else (b, a)
        _axpy(keep.terms, gone.terms, 1.0)
        for m in gone.members:
            self.of[m] = keep.id
        self.changed.add(keep.id)
        self.touched.add(keep.id)
        keep.members += gone.members
        for attr, pick in (("first", min), ("last", max)):
            values = [v for v in (getattr(keep, attr), getattr(gone, attr)) if v is not None]
            setattr(keep, attr, pick(values) if values else None)
        self._drop(gone)
        self._reindex(keep)
        return keep.id, gone.id

    def freeze(self, key: str) -> None:
        """Keep an item where it is for good (its own cluster closed at the level below)."""
        self.vecs.pop(key, None)
        self.days.pop(key, None)

    def close_stale(self) -> list[_Cluster]:
        """Close clusters no new item can join (older than twice the window): their items' vectors
        are dropped and their terms trimmed, which bounds memory over an endless stream."""
        if self.latest is None:
            return []
        closed = []
        for c in self.clusters.values():
            if not c.closed and c.last is not None and c.last < self.latest - 2 * self.window:
                c.closed = True
                for m in c.members:
                    self.vecs.pop(m, None)
                    self.days.pop(m, None)
                c.terms = dict(_top(c.terms, self.cfg.max_terms))
                self._reindex(c, post=False)
                closed.append(c)
        return closed

    # --- state ----------------------------------------------------------------------------------

    def state(self) -> dict:
        return {
            "clusters": [asdict(c) for c in self.clusters.values()],
            "of": self.of,
            "vecs": self.vecs,
            "days": self.days,
            "created": self.created,
            "latest": self.latest,
            "stale": sorted(self.stale),
            "changed": sorted(self.changed),
            "touched": sorted(self.touched),
        }

    def load(self, saved: dict) -> None:
        for raw in saved["clusters"]:
            c = _Cluster(**raw)
            self.clusters[c.id] = c
            for term in c.indexed:
                self.postings.setdefault(term, set()).add(c.id)
        self.of = dict(saved["of"])
        self.vecs = dict(saved["vecs"])
        self.days = dict(saved["days"])
        self.created = saved["created"]
        self.latest = saved["latest"]
        self.stale = set(saved["stale"])
        self.changed = set(saved["changed"])
        self.touched = set(saved["touched"])


def _axpy(target: dict[str, float], vec: dict[str, float], a: float) -> float:
    """target += a * vec, in place; returns the change of target's squared norm."""
    delta = 0.0
    for term, w in vec.items():
        old = target.get(term, 0.0)
        v = old + a * w
        delta += v * v - old * old
        if abs(v) < 1e-9:
            target.pop(term, None)
        else:
            target[term] = v
    return delta


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(map(mul, a.values(), map(b.get, a, repeat(0.0, len(a)))))


def _norm(vec: dict[str, float]) -> float:
    return math.sqrt(sum(map(mul, vec.values(), vec.values())))


def _sum_vecs(vecs: list[dict[str, float]]) -> dict[str, float]:
    out: dict[str, float] = {}
    for v in vecs:
        _axpy(out, v, 1.0)
    return out


def _sum(vecs: dict[str, dict[str, float]], keys: list[str]) -> dict[str, float]:
    return _sum_vecs([vecs[k] for k in keys])


def _top(vec: dict[str, float], n: int) -> list[tuple[str, float]]:
    """The n heaviest terms; ties broken by the term, so the choice never depends on history."""
    return heapq.nsmallest(n, vec.items(), key=_rank)


def _cosine(vec: dict[str, float], c: _Cluster, norm: float) -> float:
    if not c.norm:
        return 0.0
    # C-level loops: this is the innermost operation of the whole layer
    dot = sum(map(mul, vec.values(), map(c.terms.get, vec, repeat(0.0, len(vec)))))
    return dot / (c.norm * norm)


def _score_rank(kv: tuple[str, float]) -> tuple[float, str]:
    return (kv[1], kv[0])


def _sum_norm(a: _Cluster, b: _Cluster) -> float:
    small, big = (a, b) if len(a.terms) < len(b.terms) else (b, a)
    dot = sum(w * big.terms.get(t, 0.0) for t, w in small.terms.items())
    return math.sqrt(max(a.norm * a.norm + b.norm * b.norm + 2 * dot, 0.0))


@dataclass
class _ArticleInfo:
    """What a Story record is built from, kept per article so that articles can move."""

    lead: str | None = None  # None for copies: their lead is their original's
    outlet: str | None = None
    actors: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    date: str | None = None


class StoryIndex:
    """Incremental copy detection and story (and topic) clustering.

    ``add(doc)`` assigns one article; ``assignments()``/``stories()`` consolidate and read;
    ``save``/``load`` keep the state between runs so that ``eventwire run`` continues.
    """

    MAX_NAMES = 10  # actors and places kept per article for the story record

    def __init__(self, config: StoryConfig | None = None) -> None:
        self.config = cfg = config or StoryConfig()
        self.df: Counter[str] = Counter()
        self.n_docs = 0
        self.copies = CopyDetector(cfg.copies)
        self.stories_level = _Level("st_", cfg.story_threshold, cfg.merge_cost, cfg.window_days, cfg)
        self.topics_level = (
            _Level("tp_", cfg.topic_threshold, cfg.topic_merge_cost, cfg.topic_window_days, cfg)
            if cfg.topic_threshold is not None
            else None
        )
        self.raw: dict[str, dict[str, float]] = {}  # open articles' unweighted terms
        self.duplicate_of: dict[str, str] = {}
        self.info: dict[str, _ArticleInfo] = {}
        self.dirty = False  # arrivals since the last consolidation

    # --- adding ---------------------------------------------------------------------------------

    def add(self, doc: AnnotatedDoc) -> Assignment:
        cfg = self.config
        aid = doc.article.id
        day = article_day(doc)
        level = self.stories_level
        original = self.copies.check_add(aid, doc.text, day) if cfg.copy_detection else None
        absorbed: list[str] = []
        if original is not None and original in level.of:
            self.duplicate_of[aid] = original
            story = self.story_of(original)
        else:
            original = None
            raw = doc_terms(doc)
            self.n_docs += 1
            self.df.update(raw.keys())
            self.raw[aid] = raw
            story = level.place(aid, self._weigh(raw), day)
            self.dirty = True
            if self.n_docs % cfg.close_every == 0:
                self._close_stale()
            if self.n_docs % cfg.consolidate_every == 0:
                absorbed = [gone for gone, keep in self.consolidate() if keep == level.of[aid]]
                story = level.of[aid]
        self.info[aid] = self._info(doc, original is None)
        doc.duplicate_of, doc.story = original, story
        return Assignment(aid, story, original, self._topic(story), absorbed)

    def story_of(self, aid: str) -> str:
        """The current story of an article (a copy's is its original's)."""
        return self.stories_level.of[self.duplicate_of.get(aid, aid)]

    def _topic(self, story: str) -> str | None:
        return self.topics_level.of.get(story) if self.topics_level is not None else None

    def _weigh(self, raw: dict[str, float], namespaces: str | None = None) -> dict[str, float]:
        n = self.n_docs
        vec = {
            t: w * (math.log((n + 1) / (self.df[t] + 1)) + 1.0)
            for t, w in raw.items()
            if namespaces is None or t[0] in namespaces
        }
        if len(vec) > self.config.doc_terms:
            vec = dict(_top(vec, self.config.doc_terms))
        norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
        return {t: w / norm for t, w in vec.items()}

    def consolidate(self) -> list[tuple[str, str]]:
        """Re-weigh, split, reassign and merge the open stories; close stale ones (settling their
        topics). Returns the story merges (gone id, kept id)."""
        level = self.stories_level
        level.reweigh({aid: self._weigh(self.raw[aid]) for aid in level.vecs if aid in self.raw})
        merges = level.consolidate()
        self._close_stale()
        self.dirty = False
        return merges

    def _close_stale(self) -> None:
        """Close the stories no new article can join any more; this bounds the open state (and the
        candidate lists every arrival scans) over an endless stream."""
        level, topics = self.stories_level, self.topics_level
        closing = level.close_stale()
        if topics is not None:
            # a closing story takes its topic with it for good: placed now if never read
            self._update_topics([c.id for c in closing])
            for c in closing:
                topics.freeze(c.id)
            topics.close_stale()
        for c in closing:
            level.changed.discard(c.id)
            for m in c.members:
                self.raw.pop(m, None)

    def consolidate_topics(self) -> None:
        """Cluster the open stories into topics (done when topics are read: an open story's topic
        is recomputed then; a closed story's was settled when it closed)."""
        topics, level = self.topics_level, self.stories_level
        if topics is None:
            return
        self._fresh()
        ids = [c for c in level.changed if c in level.clusters] + [
            c.id for c in level.clusters.values() if not c.closed and c.id not in topics.of
        ]
        level.changed.clear()
        self._update_topics(ids)
        topics.consolidate()

    def _update_topics(self, story_ids: list[str]) -> None:
        """(Re)place the given stories in the topic level by their word vectors: the sum of their
        articles' word-only vectors, i.e. the kind of happening without the names."""
        topics, level = self.topics_level, self.stories_level
        assert topics is not None
        for sid in [s for s in topics.vecs if s not in level.clusters]:
            topics.remove(sid)  # merged away or emptied by reassignment
        for sid in sorted(set(story_ids), key=lambda s: level.clusters[s].number):
            c = level.clusters[sid]
            vec: dict[str, float] = {}
            for m in c.members:
                if m in self.raw:
                    _axpy(vec, self._weigh(self.raw[m], "w"), 1.0)
            vec = _truncate(vec, self.config.doc_terms)
            day = c.last if c.last is not None else c.first
            if sid in topics.vecs:
                topics.replace(sid, vec, day)
            elif sid not in topics.of:
                topics.place(sid, vec, day)

    def _info(self, doc: AnnotatedDoc, independent: bool) -> _ArticleInfo:
        actors = list(dict.fromkeys(a.canonical or a.text for a in doc.actors if a.canonical or a.text))
        places = list(dict.fromkeys(p.name or p.text for p in doc.places if p.name or p.text))
        return _ArticleInfo(
            lead=lead_sentence(doc) if independent else None,
            outlet=doc.article.source,
            actors=actors[: self.MAX_NAMES],
            places=places[: self.MAX_NAMES],
            date=doc.article.date.isoformat() if isinstance(doc.article.date, date) else None,
        )

    # --- reading --------------------------------------------------------------------------------

    def _fresh(self) -> None:
        if self.dirty:
            self.consolidate()

    def assignments(self) -> dict[str, str]:
        """Article id -> current story id (after consolidation)."""
        self._fresh()
        return {aid: self.story_of(aid) for aid in self.info}

    def topic_assignments(self) -> dict[str, str]:
        if self.topics_level is None:
            return {}
        self._fresh()
        self.consolidate_topics()
        topic_of = self.topics_level.of
        return {aid: topic_of[s] for aid, s in self.assignments().items() if s in topic_of}

    def stories(self) -> list[Story]:
        groups: dict[str, list[str]] = {}
        for aid, sid in self.assignments().items():
            groups.setdefault(sid, []).append(aid)
        out = []
        for sid, aids in groups.items():
            infos = [self.info[a] for a in aids]
            leads = [i.lead for i in infos if i.lead]
            outlets = Counter(i.outlet for i in infos if i.outlet)
            actors = Counter(a for i in infos for a in i.actors)
            places = Counter(p for i in infos for p in i.places)
            dates = [i.date for i in infos if i.date]
            out.append(
                Story(
                    id=sid,
                    title=_central(leads, self.stories_level.clusters.get(sid)),
                    first_seen=min(dates) if dates else None,
                    last_seen=max(dates) if dates else None,
                    article_ids=aids,
                    outlets=[o for o, _ in outlets.most_common()],
                    top_actors=[a for a, _ in actors.most_common(5)],
                    top_places=[p for p, _ in places.most_common(5)],
                )
            )
        out.sort(key=lambda s: (-len(s.article_ids), s.first_seen or "", s.id))
        return out

    # --- state ----------------------------------------------------------------------------------

    def save(self, path: str | Path) -> None:
        with gzip.open(path, "wt", encoding="utf-8") as fh:
            json.dump(self.state(), fh)

    @classmethod
    def load(cls, path: str | Path) -> StoryIndex:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            return cls.from_state(json.load(fh))

    STATE_VERSION = 2

    def state(self) -> dict:
        return {
            "version": self.STATE_VERSION,
            "config": asdict(self.config),
            "df": self.df,
            "n_docs": self.n_docs,
            "copies": self.copies.state(),
            "stories": self.stories_level.state(),
            "topics": self.topics_level.state() if self.topics_level is not None else None,
            "raw": self.raw,
            "duplicate_of": self.duplicate_of,
            "info": {k: asdict(v) for k, v in self.info.items()},
            "dirty": self.dirty,
        }

    @classmethod
    def from_state(cls, state: dict) -> StoryIndex:
        if state.get("version") != cls.STATE_VERSION:
            raise ValueError("story state from an older eventwire: rebuild it (eventwire stories)")
        cfg = dict(state["config"])
        cfg["copies"] = CopyConfig(**cfg["copies"])
        index = cls(StoryConfig(**cfg))
        index.df = Counter(state["df"])
        index.n_docs = state["n_docs"]
        index.copies = CopyDetector.from_state(state["copies"])
        index.stories_level.load(state["stories"])
        if index.topics_level is not None and state["topics"] is not None:
            index.topics_level.load(state["topics"])
        index.raw = dict(state["raw"])
        index.duplicate_of = dict(state["duplicate_of"])
        index.info = {k: _ArticleInfo(**v) for k, v in state["info"].items()}
        index.dirty = state["dirty"]
        return index


def _truncate(vec: dict[str, float], n: int) -> dict[str, float]:
    return dict(vec) if len(vec) <= n else dict(_top(vec, n))


def _central(leads: list[str], cluster: _Cluster | None) -> str | None:
    """The lead sentence closest to the story centroid: the most typical way it was reported."""
    if not leads:
        return None
    if cluster is None or not cluster.terms:
        return leads[0]

    def score(lead: str) -> float:
        terms = {"w:" + w for w in words(lead)}
        if not terms:
            return 0.0
        return sum(cluster.terms.get(t, 0.0) for t in terms) / math.sqrt(len(terms))

    return max(leads, key=score)
