"""Event coding internals: the pieces the ``events`` component (annotate/events.py) assembles.

- features: the classifier's features and the PLV label helpers (shared with the training script)
- classifier: the trained two-view linear model and its loader
- candidates: trigger candidates from the lexicon (and the classifier-only fallback trigger)
- mentions: the document's actor mentions by token, pronoun resolution and attribution
- arguments: source and target selection over the dependency parse
- modality: asserted / future / hypothetical / demanded / negated / historical
- dates: the date that governs an event
- coder: one document's events, from candidates to typed, coded Event records
"""
