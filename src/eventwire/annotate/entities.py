"""Sentences and named-entity mentions from the spaCy parse, with character offsets."""

from __future__ import annotations

from collections.abc import Callable

from ..context import Context
from ..model import AnnotatedDoc, Entity, Sentence
from ..registry import components

# Numeric and temporal labels are left to the timex layer and to event arguments.
NAMED_LABELS = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}
)
_LEADING = ("the ", "The ")


@components.register("entities")
def make_entities(ctx: Context) -> Callable[[AnnotatedDoc], None]:
    def entities(doc: AnnotatedDoc) -> None:
        parsed = doc.nlp
        text = doc.text
        for sent in parsed.sents:
            # spaCy sentences include trailing whitespace tokens; trim so offsets are tight
            start, end = sent.start_char, sent.end_char
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                doc.sentences.append(Sentence(start, end))
        for ent in parsed.ents:
            if ent.label_ not in NAMED_LABELS:
                continue
            start, end = ent.start_char, ent.end_char
            # "the EU" -> "EU": the article is not part of the name
            if text.startswith(_LEADING, start) and end - start > 4:
                start += 4
            doc.entities.append(Entity(start, end, text[start:end], ent.label_))

    return entities
