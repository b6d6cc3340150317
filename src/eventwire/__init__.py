"""eventwire: political event data from news, offline, with the evidence for every record."""

__version__ = "0.1.0"

from .api import extract, read, run

__all__ = ["__version__", "extract", "read", "run"]
