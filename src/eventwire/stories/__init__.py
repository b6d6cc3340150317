"""Copies, stories and canonical events over annotated articles."""

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
