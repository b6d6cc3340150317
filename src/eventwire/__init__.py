"""eventwire: political event data from news, offline, with the evidence for every record."""

__version__ = "0.1.0"

from .api import code_actor, extract, feeds, outlets, read, run, watch

__all__ = ["__version__", "code_actor", "extract", "feeds", "outlets", "read", "run", "watch"]
