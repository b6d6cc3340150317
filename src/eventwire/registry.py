"""Name -> factory registries, so the pipeline is built from config rather than if-chains.

Components register with ``@components.register("name")``; readers with ``@readers.register``.
A user can register their own before building a pipeline.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Registry(Generic[T]):
    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._items: dict[str, T] = {}

    def register(self, name: str) -> Callable[[T], T]:
        def deco(obj: T) -> T:
            self._items[name] = obj
            return obj

        return deco

    def get(self, name: str) -> T:
        try:
            return self._items[name]
        except KeyError:
            known = ", ".join(sorted(self._items)) or "none"
            raise KeyError(f"unknown {self.kind} {name!r} (known: {known})") from None

    def names(self) -> list[str]:
        return sorted(self._items)

    def __contains__(self, name: str) -> bool:
        return name in self._items


# A component factory takes the per-process Context and returns a callable(doc) -> None.
components: Registry[Callable] = Registry("component")
# A reader is a callable(text, origin, options) -> Iterator[Article | Reject] over the decoded text.
readers: Registry[Callable] = Registry("reader")
