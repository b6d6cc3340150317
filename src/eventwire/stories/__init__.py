"""Copies, stories and canonical events over annotated articles."""

from .cluster import Assignment, StoryConfig, StoryIndex
from .dedup import CopyConfig, CopyDetector

__all__ = ["Assignment", "CopyConfig", "CopyDetector", "StoryConfig", "StoryIndex"]
