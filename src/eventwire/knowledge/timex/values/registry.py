"""The value functions by the names that ``data/timex_rules.toml`` gives them."""

from __future__ import annotations

from collections.abc import Callable

from ..rules import ValueFn

VALUES: dict[str, ValueFn] = {}


def value(name: str) -> Callable[[ValueFn], ValueFn]:
    """Register the decorated function as the value function ``name``."""

    def register(fn: ValueFn) -> ValueFn:
        VALUES[name] = fn
        return fn

    return register
