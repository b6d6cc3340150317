"""Which eventwire the training scripts import: this checkout's ``src/``, unless PYTHONPATH
names another tree's (comparing trees with one set of scripts: an explicit PYTHONPATH must
win, or every tree measures this one)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def use_checkout() -> None:
    paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    if not any((Path(p) / "eventwire").is_dir() for p in paths):
        sys.path.insert(0, str(ROOT / "src"))
