"""The main event of a report: the one an ACLED or CASE coder would code for the article.

Coders code what the report is about, which news puts first: an ACLED event (violence, a
protest, a riot, a strategic development) before a reaction to it; an event that happened
before one announced, denied or doubted; an early sentence before a late one. A protest the
police broke up stays the protest (its sub-type says "Protest with intervention"); the
intervention is its own event.
"""

from __future__ import annotations

from ..model import Event

# modality weights: what happened outranks what is announced, demanded, denied or doubted
MODALITY_WEIGHT = {"asserted": 1.0, "historical": 0.3, "future": 0.4, "demanded": 0.3}
# sub-types that make an event the protest itself, and those of an intervention that ACLED
# folds into it ("Protest with intervention") when the protest is reported beside it
PROTEST_SUB_TYPES = frozenset(
    {
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
        "Violent demonstration",
    }
)
INTERVENTION_SUB_TYPES = frozenset({"Arrests"})


def main_event(events: list[Event], n_sentences: int) -> int | None:
    """Index of the main event of ``events``, or None when there is none."""
    if not events:
        return None
    protest_sentences = {e.sentence for e in events if e.acled_sub_type in PROTEST_SUB_TYPES}

    def folded(e: Event) -> bool:
        """An arrest at a protest reported in the same or the next sentence: part of it."""
        return e.acled_sub_type in INTERVENTION_SUB_TYPES and bool(
            protest_sentences & {e.sentence, e.sentence - 1}
        )

    def score(k: int) -> float:
        e = events[k]
        position = 1.0 - min(e.sentence, 10) / 10  # the lead first
        return (
            2.0 * (e.acled_sub_type is not None and not folded(e))
            + MODALITY_WEIGHT.get(e.modality, 0.0)
            + 0.8 * position
            + 0.5 * e.confidence
        )

    return max(range(len(events)), key=lambda k: (score(k), -k))
