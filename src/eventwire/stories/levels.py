"""One clustering level: clusters of items (stories over articles, topics over stories), with
placement on arrival and consolidation (split, reassign, merge); the method is described in
``stories.cluster``."""

from __future__ import annotations

import heapq
import math
from collections import Counter
from dataclasses import asdict, dataclass, field
from itertools import repeat
from operator import mul
from typing import TYPE_CHECKING

from .features import stable_id
from .vectors import axpy, by_score, sum_of, sum_vecs, top_terms, vec_dot, vec_norm

if TYPE_CHECKING:
    from .cluster import StoryConfig


@dataclass
class Cluster:
    id: str
    number: int  # creation order: the older cluster survives a merge
    terms: dict[str, float] = field(default_factory=dict)  # sum of the members' vectors
    norm: float = 0.0
    first: int | None = None  # day ordinals
    last: int | None = None
    members: list[str] = field(default_factory=list)  # item keys
    indexed: list[str] = field(default_factory=list)  # terms this cluster is posted under
    closed: bool = False


class Level:
    """One clustering level (stories over articles, or topics over stories)."""

    def __init__(
        self, prefix: str, threshold: float, merge_cost: float, window: int, cfg: StoryConfig
    ) -> None:
        self.prefix, self.threshold, self.merge_cost, self.window, self.cfg = (
            prefix, threshold, merge_cost, window, cfg)  # fmt: skip
        self.clusters: dict[str, Cluster] = {}
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
        self, vec: dict[str, float], day: int | None, own: Cluster | None
    ) -> tuple[Cluster | None, float]:
        scores: dict[str, float] = {}
        get = scores.get
        for term in self._query(vec):
            w = vec[term]
            for cid in self.postings.get(term, ()):
                scores[cid] = get(cid, 0.0) + w
        ranked = heapq.nlargest(self.cfg.max_candidates, scores.items(), key=by_score)
        cands = [self.clusters[cid] for cid, _ in ranked]
        if own is not None and own not in cands and own.members:
            cands.append(own)
        best, best_sim = None, 0.0
        norm = vec_norm(vec) or 1.0
        for c in cands:
            if c.closed or not self._compatible(c, day):
                continue
            sim = cosine(vec, c, norm)
            if sim > best_sim or (sim == best_sim and best is not None and c.number < best.number):
                best, best_sim = c, sim
        return best, best_sim

    def _query(self, vec: dict[str, float]) -> list[str]:
        """An item's top terms, which find its candidate clusters (cached per vector object)."""
        hit = self.query_cache.get(id(vec))
        if hit is not None and hit[0] is vec:
            return hit[1]
        top = [t for t, _ in top_terms(vec, self.cfg.query_terms)]
        if len(self.query_cache) > 4 * len(self.vecs) + 1000:
            self.query_cache.clear()
        self.query_cache[id(vec)] = (vec, top)
        return top

    def _new(self, key: str) -> Cluster:
        self.created += 1
        c = Cluster(stable_id(self.prefix, f"{key}#{self.created}"), self.created)
        self.clusters[c.id] = c
        return c

    def _compatible(self, c: Cluster, day: int | None) -> bool:
        if day is None or c.first is None or c.last is None:
            return True
        return c.first - self.window <= day <= c.last + self.window

    def _join(self, c: Cluster, key: str, post: bool = True) -> None:
        c.norm = math.sqrt(max(c.norm * c.norm + axpy(c.terms, self.vecs[key], 1.0), 0.0))
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

    def _leave(self, c: Cluster, key: str, post: bool = True) -> None:
        c.norm = math.sqrt(max(c.norm * c.norm + axpy(c.terms, self.vecs[key], -1.0), 0.0))
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
        delta = axpy(c.terms, self.vecs[key], -1.0) + axpy(c.terms, vec, 1.0)
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

    def _drop(self, c: Cluster) -> None:
        self.changed.discard(c.id)
        self._unpost(c)
        del self.clusters[c.id]

    def _unpost(self, c: Cluster) -> None:
        for term in c.indexed:
            posting = self.postings.get(term)
            if posting is not None:
                posting.discard(c.id)
                if not posting:
                    del self.postings[term]
        c.indexed = []

    def _reindex(self, c: Cluster, post: bool = True) -> None:
        c.norm = math.sqrt(sum(w * w for w in c.terms.values()))
        self._unpost(c)
        if post:
            c.indexed = [t for t, _ in top_terms(c.terms, self.cfg.index_terms)]
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
                    axpy(c.terms, self.vecs[m], 1.0)
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
            a, b = sum_of(self.vecs, part), sum_of(self.vecs, rest)
            if vec_norm(a) + vec_norm(b) - vec_norm(c.terms) <= self.merge_cost:
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

    def _bisect(self, c: Cluster) -> list[str] | None:
        """Spherical 2-means over a cluster's members, seeded with the member least like the
        centroid and the member least like that one; returns the part without the oldest member."""
        vecs = [self.vecs[m] for m in c.members]
        seed_a = min(
            range(len(vecs)), key=lambda i: (vec_dot(vecs[i], c.terms) - vec_dot(vecs[i], vecs[i]), i)
        )
        seed_b = min(range(len(vecs)), key=lambda i: (vec_dot(vecs[i], vecs[seed_a]), i))
        if seed_a == seed_b:
            return None
        ca, cb = vecs[seed_a], vecs[seed_b]
        side: list[bool] = []
        for _ in range(8):
            na, nb = vec_norm(ca) or 1.0, vec_norm(cb) or 1.0
            new_side = [vec_dot(v, cb) / nb > vec_dot(v, ca) / na for v in vecs]
            if new_side == side or all(new_side) or not any(new_side):
                break
            side = new_side
            ca = sum_vecs([v for v, s in zip(vecs, side, strict=True) if not s])
            cb = sum_vecs([v for v, s in zip(vecs, side, strict=True) if s])
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
            for cid, _ in heapq.nlargest(self.cfg.max_candidates, scores.items(), key=by_score):
                other = self.clusters[cid]
                if other.closed or not self._overlap(c, other):
                    continue
                both = sum_norm(c, other)
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

    def _overlap(self, a: Cluster, b: Cluster) -> bool:
        if a.first is None or b.first is None or a.last is None or b.last is None:
            return True
        return a.first - self.window <= b.last and b.first - self.window <= a.last

    def _merge(self, a: Cluster, b: Cluster) -> tuple[str, str]:
        keep, gone = (a, b) if a.number < b.number else (b, a)
        axpy(keep.terms, gone.terms, 1.0)
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

    def close_stale(self) -> list[Cluster]:
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
                c.terms = dict(top_terms(c.terms, self.cfg.max_terms))
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
            c = Cluster(**raw)
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


def cosine(vec: dict[str, float], c: Cluster, norm: float) -> float:
    if not c.norm:
        return 0.0
    # C-level loops: this is the innermost operation of the whole layer
    dot = sum(map(mul, vec.values(), map(c.terms.get, vec, repeat(0.0, len(vec)))))
    return dot / (c.norm * norm)


def sum_norm(a: Cluster, b: Cluster) -> float:
    small, big = (a, b) if len(a.terms) < len(b.terms) else (b, a)
    dot = sum(w * big.terms.get(t, 0.0) for t, w in small.terms.items())
    return math.sqrt(max(a.norm * a.norm + b.norm * b.norm + 2 * dot, 0.0))
