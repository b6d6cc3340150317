"""Time expressions: a small rule grammar that finds them and normalises them to TIMEX3 values.

``extract_timexes(text, anchor)`` is pure text in, ``Timex`` records out; the annotator in
``eventwire.annotate.timex`` only feeds it the article body and date. The rules (regex, head
words, value function) are a table in ``data/timex_rules.toml``, the words in
``data/timex_lexicon.json``. Spans follow TimeML (no governing preposition; quantifiers and edge
modifiers included); a relative expression is resolved against the anchor (the article date),
or left underspecified without one (XXXX-11-15, PAST_REF), never guessed; the longest match
wins. docs/timex.md lists the conventions with examples and says how to edit the rules.
"""

from .grammar import TimexGrammar, default_grammar, extract_timexes
from .lexicon import load_lexicon

__all__ = ["TimexGrammar", "default_grammar", "extract_timexes", "load_lexicon"]
