"""Value functions: each turns a rule's match into a TIMEX3 type and value, or rejects it.

``dates``: dates written out (ISO, "Nov. 15", "1990s"); ``relative``: days, weeks and clock times
resolved against the anchor; ``counts``: durations, "ago" shifts and sets; ``periods``: quarters,
seasons and holidays. Each registers itself in ``VALUES`` under the name the rules file uses.
"""

from . import counts, dates, periods, relative
from .registry import VALUES

__all__ = ["VALUES", "counts", "dates", "periods", "relative"]
