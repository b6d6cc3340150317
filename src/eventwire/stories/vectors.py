"""Sparse term vectors (dict term -> weight) and the few operations story clustering needs,
written with C-level loops (map/mul) because they are the innermost work of the layer."""

from __future__ import annotations

import heapq
import math
from itertools import repeat
from operator import mul


def by_weight(kv: tuple[str, float]) -> tuple[float, str]:
    return (-kv[1], kv[0])


def axpy(target: dict[str, float], vec: dict[str, float], a: float) -> float:
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


def vec_dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(map(mul, a.values(), map(b.get, a, repeat(0.0, len(a)))))


def vec_norm(vec: dict[str, float]) -> float:
    return math.sqrt(sum(map(mul, vec.values(), vec.values())))


def sum_vecs(vecs: list[dict[str, float]]) -> dict[str, float]:
    out: dict[str, float] = {}
    for v in vecs:
        axpy(out, v, 1.0)
    return out


def sum_of(vecs: dict[str, dict[str, float]], keys: list[str]) -> dict[str, float]:
    return sum_vecs([vecs[k] for k in keys])


def top_terms(vec: dict[str, float], n: int) -> list[tuple[str, float]]:
    """The n heaviest terms; ties broken by the term, so the choice never depends on history."""
    return heapq.nsmallest(n, vec.items(), key=by_weight)


def by_score(kv: tuple[str, float]) -> tuple[float, str]:
    return (kv[1], kv[0])
