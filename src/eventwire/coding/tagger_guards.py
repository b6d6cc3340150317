"""Where the learned argument tagger may not overrule the parse rules.

The tagger (coding/argument_model.py) reads a sentence for one event; the coder lets it
overrule the rules' source or target (``DocCoder._tagged``). It learnt the arguments of each
training sentence's own event, not this repository's conventions, so a few parse relations
keep its pick out, each with a sentence of our own that fails without it
(tests/test_argument_tagger.py, tests/test_events*.py; docs/events_model.md, "The learned
argument tagger"). The word lists are data (knowledge/data/event_arguments.json).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..knowledge.event_arguments import load_argument_words

WORDS = load_argument_words()
# edges that open a clause of its own: an argument across one belongs to another predicate
CLAUSE_EDGES = frozenset({"advcl", "relcl"})


def tree_distance(a: Any, b: Any) -> int:
    """Edges between two tokens of one parse tree (a large number across trees)."""
    return len(_path_up(a, b)[0]) + len(_path_up(b, a)[0])


def _path_up(a: Any, b: Any) -> tuple[list[Any], Any]:
    """The tokens from ``a`` up to (not including) the lowest common ancestor of ``a`` and
    ``b``, and that ancestor (None across trees)."""
    above = {b.i}
    t = b
    while t.head.i != t.i:
        t = t.head
        above.add(t.i)
    path, t = [], a
    while t.i not in above:
        path.append(t)
        if t.head.i == t.i:
            return [*path, *[None] * (1 << 8)], None
        t = t.head
    return path, t


def refused(pick: Any, trigger: Any, triggers: Sequence[Any], reporting: Callable[[Any], bool]) -> str | None:
    """Why the tagger's ``pick`` cannot be an argument of the event at ``trigger``, or None:
    - a word nearer in the parse to another of the sentence's ``triggers``: the tagger lends
      the arguments of a sentence's own event to side mentions ("children displaced by
      fighting");
    - a place name after a place preposition ("arrested in Iran", "near Kirkuk"): whether a
      place is a target is the rules' convention (V10, implicit targets);
    - a word inside a phrase of circumstance ("after a cyberattack on Swiss servers");
    - a word across a clause boundary ("although officials have promised ...", "since Russian
      troops withdrew"): it belongs to the other clause's predicate;
    - a word of the subject of a reporting verb that governs the trigger ("Poland said Russia
      must withdraw"): the speaker is the attribution, not an argument."""
    near = tree_distance(pick, trigger)
    if any(tree_distance(pick, o) < near for o in triggers if o.i != trigger.i):
        return "side mention"
    if (
        pick.ent_type_ in ("GPE", "LOC", "FAC")
        and pick.dep_ == "pobj"
        and pick.head.lower_ in WORDS.tagger_place_preps
    ):
        return "place"
    up, top = _path_up(pick, trigger)
    down, _ = _path_up(trigger, pick)
    if top is None:
        return "other sentence"
    if any(t is not None and t.dep_ == "prep" and t.lower_ in WORDS.circumstance_preps for t in up):
        return "circumstance"
    if any(t is not None and t.dep_ in CLAUSE_EDGES for t in (*up, *down)):
        return "clause"
    if (
        any(t is not None and t.dep_ in ("nsubj", "nsubjpass") and reporting(t.head) for t in up)
        and top is not trigger
    ):
        return "speaker"
    return None


def protected(rule: Any | None) -> bool:
    """A rule's pick the tagger never overrules: the agent of a passive ("attacked by
    Al-Shabaab fighters"), which the tagger, reading the first name as the doer, gets wrong."""
    return (
        rule is not None
        and rule.dep_ == "pobj"
        and rule.head.lower_ == "by"
        and rule.head.dep_ in ("agent", "prep")
    )
