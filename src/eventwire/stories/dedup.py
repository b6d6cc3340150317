"""Copies: exact and near-duplicate articles (syndicated wire copy, re-headlined, trimmed, padded).

Method: word 5-gram shingles, hashed, of which we keep the ones whose hash is 0 mod ``sample``
(Broder's mod-p sampling). Unlike a MinHash signature, a mod-p sample of a text prefix is a
prefix of the sample, so *containment* (shared / size of the smaller text) stays measurable:
a copy with its last paragraphs cut is still ~100% contained in the original, where Jaccard
would fall with every cut paragraph. Candidates come from an inverted index over the sampled
fingerprints; the decision is the exact sampled containment, so it is deterministic and needs
no random permutations. Exact copies (same normalised text) are caught by a whole-text hash,
which also covers texts too short to have enough fingerprints.
"""

from __future__ import annotations

import hashlib
import re
from array import array
from collections import Counter
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+", re.UNICODE)
BUCKET_DAYS = 7


@dataclass
class CopyConfig:
    shingle: int = 5  # words per shingle
    sample: int = 4  # keep fingerprints whose hash is 0 mod sample (1 in 4)
    containment: float = 0.6  # shared / min(|A|, |B|) at or above which B is a copy of A
    min_shared: int = 3  # fewer shared fingerprints is never enough evidence
    common: int = 8  # a fingerprint in more articles than this weighs common/df (boilerplate)
    screen: float = 0.3  # unweighted containment a candidate needs before the weighted check
    max_postings: int = 200  # a fingerprint in more articles than this is boilerplate: not a clue
    window_days: int | None = 30  # copies of dated articles are looked for this far back


def _hash64(data: str) -> int:
    return int.from_bytes(hashlib.blake2b(data.encode(), digest_size=8).digest(), "little")


def fingerprints(text: str, shingle: int = 5, sample: int = 4) -> set[int]:
    """Sampled shingle hashes. The hash must be stable across processes (Python's hash() is
    salted) and well mixed in its low bits: CRC-32 is linear, and sampling it mod p picked
    correlated shingles in trials, so a cryptographic hash it is."""
    tokens = _TOKEN.findall(text.lower())
    out = set()
    for i in range(max(len(tokens) - shingle + 1, 0)):
        h = _hash64(" ".join(tokens[i : i + shingle]))
        if h % sample == 0:
            out.add(h)
    return out


def text_key(text: str) -> int:
    """Hash of the text with case, punctuation and whitespace normalised away."""
    return _hash64(" ".join(_TOKEN.findall(text.lower())))


class CopyDetector:
    """Incremental copy finder: ``check_add`` tells whether an article copies one seen before."""

    def __init__(self, config: CopyConfig | None = None) -> None:
        self.config = config or CopyConfig()
        self._exact: dict[int, str] = {}  # text key -> first article id
        # fingerprint -> internal doc numbers, in buckets of BUCKET_DAYS by article date (None:
        # undated), so that a whole bucket can be dropped once it is older than the window
        self._buckets: dict[int | None, dict[int, list[int]]] = {}
        self._latest: int | None = None
        self._ids: list[str] = []  # internal number -> article id
        self._prints: list[array | None] = []  # internal number -> its fingerprints (None: pruned)
        self._days: list[int | None] = []
        self._original: dict[str, str] = {}  # copy id -> the first-seen original

    def check_add(self, article_id: str, text: str, day: int | None = None) -> str | None:
        """Register the article; return the id of the first-seen article it copies, or None."""
        cfg = self.config
        key = text_key(text)
        if key in self._exact:
            return self._record(article_id, self._exact[key])
        self._exact[key] = article_id
        prints = fingerprints(text, cfg.shingle, cfg.sample)
        original = self._best_match(prints, day) if len(prints) >= cfg.min_shared else None
        number = len(self._ids)
        self._ids.append(article_id)
        self._prints.append(array("Q", sorted(prints)))
        self._days.append(day)
        postings = self._buckets.setdefault(None if day is None else day // BUCKET_DAYS, {})
        for fp in prints:
            postings.setdefault(fp, []).append(number)
        if day is not None and (self._latest is None or day > self._latest):
            self._latest = day
            self._prune()
        return self._record(article_id, original) if original else None

    def _best_match(self, prints: set[int], day: int | None) -> str | None:
        cfg = self.config
        shared: Counter[int] = Counter()
        live = [p for b, p in self._buckets.items() if self._in_window(b, day)]
        df: dict[int, int] = {}
        for fp in prints:
            n = 1  # the arriving article itself
            for postings in live:
                posting = postings.get(fp)
                if posting:
                    n += len(posting)
                    if len(posting) <= cfg.max_postings:
                        shared.update(posting)
            df[fp] = n

        def weight(fp: int) -> float:
            if fp not in df:
                df[fp] = 1 + sum(len(p.get(fp, ())) for p in live)
            return min(1.0, cfg.common / df[fp])

        own = sum(weight(fp) for fp in prints)
        best, best_score = None, 0.0
        for number, n in shared.items():
            other = self._prints[number]
            if n < cfg.min_shared or other is None or n < cfg.screen * min(len(prints), len(other)):
                continue  # the cheap unweighted containment rules most candidates out
            other_day = self._days[number]
            if cfg.window_days is not None and day is not None and other_day is not None:
                if abs(day - other_day) > cfg.window_days:
                    continue
            # containment with fingerprints in many articles down-weighted (common/df): boilerplate
            # (datelines, copyright lines) counts for little, the article's own wording fully;
            # a wire text syndicated k times has all its fingerprints at df ~ k, so its ratio holds
            common = sum(weight(fp) for fp in other if fp in prints)
            score = common / min(own, sum(weight(fp) for fp in other))
            # ties go to the earlier article, so the original is the first seen
            if score >= cfg.containment and (score > best_score or (score == best_score and number < best)):
                best, best_score = number, score
        return None if best is None else self._ids[best]

    def _in_window(self, bucket: int | None, day: int | None) -> bool:
        window = self.config.window_days
        if bucket is None or day is None or window is None:
            return True
        return (bucket - 1) * BUCKET_DAYS - window <= day <= (bucket + 1) * BUCKET_DAYS + window

    def _prune(self) -> None:
        """Forget fingerprints of dated articles older than the window (memory stays bounded)."""
        window = self.config.window_days
        if window is None or self._latest is None:
            return
        oldest = (self._latest - window) // BUCKET_DAYS - 1
        for bucket in [b for b in self._buckets if b is not None and b < oldest]:
            for posting in self._buckets.pop(bucket).values():
                for number in posting:
                    self._prints[number] = None

    def _record(self, article_id: str, original: str) -> str:
        root = self._original.get(original, original)  # copy of a copy -> the first original
        self._original[article_id] = root
        return root

    def original_of(self, article_id: str) -> str | None:
        return self._original.get(article_id)

    # --- state ------------------------------------------------------------------------------

    def state(self) -> dict:
        return {
            "config": self.config.__dict__,
            "exact": {str(k): v for k, v in self._exact.items()},
            "buckets": [
                [b, {str(k): v for k, v in postings.items()}] for b, postings in self._buckets.items()
            ],
            "latest": self._latest,
            "ids": self._ids,
            "prints": [None if p is None else p.tolist() for p in self._prints],
            "days": self._days,
            "original": self._original,
        }

    @classmethod
    def from_state(cls, state: dict) -> CopyDetector:
        det = cls(CopyConfig(**state["config"]))
        det._exact = {int(k): v for k, v in state["exact"].items()}
        det._buckets = {b: {int(k): v for k, v in p.items()} for b, p in state["buckets"]}
        det._latest = state["latest"]
        det._ids = list(state["ids"])
        det._prints = [None if p is None else array("Q", p) for p in state["prints"]]
        det._days = list(state["days"])
        det._original = dict(state["original"])
        return det
