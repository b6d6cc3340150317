"""Copies, stories and canonical events over annotated articles.

Incremental use (``eventwire run``)::

    index = StoryIndex.load(path) if path.exists() else StoryIndex()
    for doc in annotated_docs:           # in arrival order
        a = index.add(doc)               # Assignment(article_id, story, duplicate_of, topic, absorbed)
        # a.story is provisional: consolidation may still move the article between open stories
    index.save(path)                     # gzip JSON; the next run continues from it
    stories = index.stories()            # list[Story]: title, first/last seen, articles, outlets, ...
    current = index.assignments()        # article id -> story id: the truth, after consolidation

Modules: ``features`` (article vectors), ``vectors`` (sparse-vector arithmetic), ``levels`` (one
clustering level: arrival, split, reassign, merge), ``cluster`` (the index: copies, stories,
topics, state), ``dedup`` (near-copies), ``canonical`` (one event from many mentions).

Rebuild (``eventwire stories``): a fresh ``StoryIndex`` fed the stored docs in date order.
Canonical events: ``canonical_events(docs) -> list[CanonicalEvent]`` over any set of docs
(typically one story's, or a date range's), each with every ``EventMention`` and its evidence.
"""

from .canonical import CanonicalConfig, canonical_events
from .cluster import Assignment, StoryConfig, StoryIndex
from .dedup import CopyConfig, CopyDetector

__all__ = [
    "Assignment",
    "CanonicalConfig",
    "CopyConfig",
    "CopyDetector",
    "StoryConfig",
    "StoryIndex",
    "canonical_events",
]
