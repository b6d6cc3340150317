"""Live ingestion: `eventwire watch` follows RSS/Atom feeds and folders and keeps the store
current (watch.py), politely (http.py), reading the feeds with feeds.py. See docs/live.md."""

from .watch import PollSummary, Watcher, WatchOptions, WatchSummary, feed_status, read_feed_list, watch

__all__ = ["PollSummary", "WatchOptions", "WatchSummary", "Watcher", "feed_status", "read_feed_list", "watch"]
