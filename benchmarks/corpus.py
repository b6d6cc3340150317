"""A benchmark corpus built from the bundled examples: N article texts, cycling through the
examples and varying each copy (sentence order rotated, a dateline changed), so no two texts
are identical and spaCy cannot profit from repetition. Shared by the throughput and scale
benchmarks."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from eventwire.model import Article, Reject
from eventwire.readers import read

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def example_articles() -> list[Article]:
    arts = [a for a in read([EXAMPLES]) if not isinstance(a, Reject)]
    if not arts:
        raise SystemExit(f"no example articles under {EXAMPLES}")
    return arts


def corpus(n: int) -> Iterator[Article]:
    base = example_articles()
    for i in range(n):
        a = base[i % len(base)]
        paras = [p for p in a.text.split("\n\n") if p.strip()]
        k = (i // len(base)) % max(1, len(paras))
        text = "\n\n".join(paras[k:] + paras[:k])  # rotate paragraphs: same language, new text
        day = (a.date or date(2022, 11, 1)) + timedelta(days=i // len(base) % 7)
        yield Article(id=f"bench-{i}", text=text, date=day, title=a.title, source=a.source)


def long_corpus(n: int, words: int = 600) -> Iterator[Article]:
    """N articles of at least ``words`` words each: consecutive texts of :func:`corpus` joined
    (one article's paragraphs, then the next one's), as a long wire report reads."""
    it = corpus(n * 8)
    for i in range(n):
        parts: list[str] = []
        first: Article | None = None
        while sum(len(p.split()) for p in parts) < words:
            a = next(it)
            first = first or a
            parts.append(a.text)
        assert first is not None
        yield Article(id=f"long-{i}", text="\n\n".join(parts), date=first.date, title=first.title)
