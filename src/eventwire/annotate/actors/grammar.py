"""The parser's labels the actors layer reads: grammar, not knowledge (the word lists are data:
knowledge/data/actors_words.json)."""

from spacy.attrs import DEP, HEAD, IDX, LEMMA, LOWER, ORTH, POS, SENT_START, TAG

# Dependents to the left of a noun that belong to its noun phrase.
LEFT_DEPS = frozenset({"det", "amod", "compound", "poss", "nmod", "nummod", "quantmod", "predet"})
# A noun with one of these relations is a modifier inside someone else's NP.
NOT_HEAD = frozenset({"compound", "amod", "nmod", "case", "det", "flat"})
# Where a capital or metonym acts: "Moscow said", "accused Kyiv", "was approved by Brussels".
ACTING_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "poss", "agent", "appos", "attr"})
# argument slots where "the wounded" or "the displaced" is a noun phrase of its own
NOMINAL_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "dative", "conj"})
# Entity labels that may name an actor.
ACTOR_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
# The token attributes taken from spaCy in one call (DocArrays).
ATTRS = [ORTH, LOWER, LEMMA, POS, DEP, HEAD, IDX, TAG, SENT_START]
