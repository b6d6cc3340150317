"""Sentence and article tone with the VADER lexicon (Hutto & Gilbert 2014, MIT licence).

Scale: each sentence gets VADER's compound score in [-1, 1] (negative = hostile, critical or
tragic wording; positive = cooperative, approving). The article tone is the mean of its
sentence scores, weighted by sentence length, also in [-1, 1]. Lexicon-based: it measures the
wording, not the stance of the outlet.
"""

from __future__ import annotations

from collections.abc import Callable

from ..context import Context
from ..model import AnnotatedDoc
from ..registry import components


def _analyzer() -> object:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@components.register("tone")
def make_tone(ctx: Context) -> Callable[[AnnotatedDoc], None]:
    vader = ctx.resource("vader", _analyzer)

    def tone(doc: AnnotatedDoc) -> None:
        total = weight = 0.0
        for s in doc.sentences:
            score = vader.polarity_scores(doc.text[s.start : s.end])["compound"]  # type: ignore[attr-defined]
            s.tone = round(score, 4)
            n = s.end - s.start
            total += score * n
            weight += n
        doc.tone = round(total / weight, 4) if weight else None

    return tone
