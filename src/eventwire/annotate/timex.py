"""Time expressions (TIMEX3), normalised against the article date.

The grammar lives in ``eventwire.knowledge.timex`` (pure text in, records out, usable without
spaCy); this component runs it over the article body once and appends the results to
``doc.timexes`` in text order. An article without a date gets underspecified values for
relative expressions ("XXXX-11-15", "PAST_REF"), never values computed from today's date.
"""

from __future__ import annotations

from collections.abc import Callable

from ..context import Context
from ..knowledge.timex import TimexGrammar, extract_timexes, load_lexicon
from ..model import AnnotatedDoc
from ..registry import components

__all__ = ["extract_timexes", "make_timex"]


@components.register("timex")
def make_timex(ctx: Context) -> Callable[[AnnotatedDoc], None]:
    grammar: TimexGrammar = ctx.resource("timex.grammar", lambda: TimexGrammar(load_lexicon()))

    def timex(doc: AnnotatedDoc) -> None:
        doc.timexes.extend(grammar.extract(doc.text, doc.article.date))

    return timex
