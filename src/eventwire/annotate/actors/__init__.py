"""Actor coding: who acts, as coded actor mentions (``doc.actors``) with PLOVER country and sector.

Each mention is a whole noun phrase ("the foreign ministers of NATO member countries") whose
head is a known person, body, country, capital, people or role word, or a PERSON / ORG / NORP
entity; it carries a canonical name, an ISO-3166 alpha-3 or PLOVER non-state country, a PLOVER
sector (either may be None when the text does not say) and ``why``: the knowledge row or rule.
Mentions do not overlap and come in text order; pronouns are never actors here. Matching
``doc.entities`` get the same coding.

The layer runs as a few passes over one document (``annotate_actors``):
    tokens.py    the parse as integer arrays (``DocArrays``)
    names.py     lexicon names and role words, as of the article's date; the home country
    sentence.py  per sentence: each NP coded (coding.py, reading phrases.py), then the passes
                 that weigh the sentence's actors together
    output.py    ``doc.actors`` and the coding of ``doc.entities``
The knowledge is data (knowledge/data/actors*, word lists in actors_words.json); the rules and
their examples are in docs/actors.md ("How the layer reads a sentence").
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from ...context import Context
from ...model import AnnotatedDoc
from ...registry import components
from .lexicon import Lexicon, load_lexicon
from .names import home_country, match_names, match_roles
from .output import code_other_entities, write_actors
from .sentence import code_sentence
from .tokens import DocArrays

__all__ = ["Lexicon", "annotate_actors", "load_lexicon", "make_actors"]


def annotate_actors(lex: Lexicon, doc: AnnotatedDoc) -> None:
    if doc.nlp is None:
        return
    da = DocArrays(lex, doc)
    match_names(da)
    match_roles(da)
    da.home = home_country(da)
    for start, end in itertools.pairwise([*da.sent_starts, da.n]):
        write_actors(doc, da, code_sentence(da, start, end))
    code_other_entities(doc, da)


@components.register("actors")
def make_actors(ctx: Context) -> Callable[[AnnotatedDoc], None]:
    lex = ctx.resource("actors.lexicon", lambda: load_lexicon(ctx))

    def actors(doc: AnnotatedDoc) -> None:
        annotate_actors(lex, doc)

    return actors
