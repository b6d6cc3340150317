"""Word-list files: a JSON object of named lists (keys starting with "_" are comments), read
into a frozen dataclass whose fields name the lists. Tuple fields keep the file's order (an
order of preference); frozenset fields are unordered. A list the file lacks or a list the
dataclass does not know is a ValueError naming the file."""

from __future__ import annotations

import json
from dataclasses import fields
from importlib import resources
from typing import Any, TypeVar

T = TypeVar("T")


def load_word_lists(filename: str, cls: type[T]) -> T:
    """``cls`` built from ``knowledge/data/<filename>``."""
    raw = json.loads(resources.files("eventwire.knowledge").joinpath(f"data/{filename}").read_text("utf-8"))
    lists: dict[str, Any] = {k: v for k, v in raw.items() if not k.startswith("_")}
    wanted = {f.name: str(f.type) for f in fields(cls)}  # type: ignore[arg-type]
    if set(lists) != set(wanted):
        raise ValueError(f"{filename}: lists {sorted(set(lists) ^ set(wanted))} missing or unknown")
    return cls(
        **{k: frozenset(v) if wanted[k].startswith("frozenset") else tuple(v) for k, v in lists.items()}
    )
