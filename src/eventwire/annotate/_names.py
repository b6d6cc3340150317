"""The actor knowledge's names as spaCy token sequences, shared by the entities and actors
layers (not a component: the leading underscore keeps it out of the registry).

Both layers find the people and bodies of the actor knowledge in the text by their tokens, so
the names are tokenised once per process (``name_index``, a Context resource) and used by both.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..context import Context
from ..knowledge.actors import ActorKnowledge, Named, load_actor_knowledge

MAX_PHRASE = 10  # longest knowledge phrase looked for, in tokens
# spaCy Doc.user_data key: character spans (start, end) of the entities the entity layer took
# from the actor knowledge; the places layer reads it while the pipeline runs (never stored)
KNOWN_NAMES = "eventwire.known_names"


def index_phrases(entries: dict[str, Any], tokenize: Callable[[str], list[int]]) -> dict[int, list]:
    """phrase -> value as first token hash -> [(token hashes, value)], longest first."""
    out: dict[int, list] = {}
    for surface, value in entries.items():
        toks = tuple(tokenize(surface))
        if toks and len(toks) <= MAX_PHRASE:
            out.setdefault(toks[0], []).append((toks, value))
    for cands in out.values():
        cands.sort(key=lambda c: -len(c[0]))
    return out


@dataclass(slots=True)
class NameIndex:
    knowledge: ActorKnowledge  # with the user's own tables (option actors.files) on top
    names: dict[int, list[tuple[tuple[int, ...], Named]]]  # first token ORTH -> longest first


def name_index(ctx: Context) -> NameIndex:
    """The actor knowledge and its names tokenised (case-sensitive ORTH), once per Context."""

    def load() -> NameIndex:
        kb = load_actor_knowledge(ctx.options("actors").get("files", ()))
        nlp = ctx.nlp
        strings = nlp.vocab.strings

        def orths(s: str) -> list[int]:
            return [strings.add(t.text) for t in nlp.tokenizer(s)]

        return NameIndex(kb, index_phrases(kb.names, orths))

    return ctx.resource("actors.names", load)
