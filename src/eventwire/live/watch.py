"""`eventwire watch`: follow feeds and folders, and keep the store current.

A poll has two steps.

1. **Sources.** Every feed is fetched (conditional GET, in parallel across hosts) and every
   folder scanned. For each source one transaction writes its new validators (ETag,
   Last-Modified), its status, and each item it lists that is new or updated as ``pending`` in
   ``feed_items``. A source that fails is one reject row (written when its error first
   appears or changes, not again at every poll) and never stops the others.
2. **Items.** Pending items (at most ``max_pages`` per poll, oldest first) are fetched and read
   through the HTML reader (trafilatura), a few threads ahead of the annotation; articles are
   coded in batches by the pipeline; then each batch of items (``batch_size`` articles; 1 makes
   it one item) is written in **one transaction with their article rows** (or their rejects).
   Items that fail for a reason that may pass (timeouts, 5xx) stay pending and are tried again
   at later polls, ``retries`` times in all.

Because an item becomes ``pending`` in the same transaction as the feed validators that hide
it from the next conditional GET, and leaves ``pending`` in the same transaction as its
article, a watch killed at any moment (kill -9 included) resumes where it stopped: nothing
stored is fetched again, nothing listed is lost, no article is stored twice.

Only this process writes ``feeds`` and ``feed_items``: run one watch per store (it may follow
any number of feeds and folders). The store is opened for writing only while a step writes, so
``eventwire serve`` answers from the same file meanwhile; with ``serve=`` (`watch --serve`) the
API runs in this process instead and reads through the watch's own connection (docs/live.md).
"""

from __future__ import annotations

import io
import logging
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import duckdb

from .. import __version__
from ..context import Config
from ..ids import article_id, normalise_url
from ..model import AnnotatedDoc, Article, Reject
from ..store.duckdb_store import DEFAULT_DB, Store, connect, load_fts
from ..store.rows import TABLES, doc_rows
from .feeds import FeedError, FeedItem, parse_feed
from .http import USER_AGENT, Fetched, FetchError, PoliteClient

log = logging.getLogger("eventwire.watch")

PAGE_TYPES = ("text/html", "application/xhtml+xml", "application/xml", "text/xml", "text/plain")
FEED_ACCEPT = "application/atom+xml, application/rss+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"


@dataclass
class WatchOptions:
    """How a watch behaves; the defaults are polite to the hosts it reads."""

    interval: float = 300.0  # seconds between the starts of two polls
    max_pages: int = 200  # items fetched (or files read) per poll; the rest wait for the next
    timeout: float = 10.0  # seconds to wait for an answer (a whole answer: 3x this)
    delay: float = 1.0  # seconds between two requests to one host (more if robots.txt asks)
    user_agent: str = USER_AGENT
    robots: bool = True  # respect robots.txt
    max_page_bytes: int = 5_000_000
    max_feed_bytes: int = 10_000_000
    retries: int = 3  # attempts for an item that fails for a reason that may pass
    fetchers: int = 4  # threads fetching pages ahead of the annotation
    batch_size: int = 16  # articles annotated together
    settle: float = 1.0  # a folder's file must be this many seconds old (not being written)
    stories: bool = True  # update copies, stories and canonical events after each poll
    index_every: float = 600.0  # seconds between full-text index rebuilds while articles arrive
    processes: int = 1  # annotation worker processes (models loaded once each)


@dataclass
class PollSummary:
    feeds: int = 0
    feed_errors: int = 0
    not_modified: int = 0
    new_items: int = 0  # items first seen (or updated) in this poll's sources
    fetched: int = 0
    stored: int = 0
    updated: int = 0  # stored articles replaced by a changed version
    unchanged: int = 0  # updates whose text did not change
    duplicates: int = 0  # same text as a stored article (another URL), or an id already stored
    rejected: int = 0
    retrying: int = 0  # failed for a reason that may pass: tried again at the next poll
    pending: int = 0  # still waiting after this poll (the max_pages cap)
    seconds: float = 0.0
    stories: Any = None

    def line(self) -> str:
        return (
            f"{self.feeds} sources ({self.feed_errors} failed, {self.not_modified} not modified), "
            f"{self.new_items} new items; fetched {self.fetched}: stored {self.stored}, updated {self.updated}, "
            f"unchanged {self.unchanged}, duplicates {self.duplicates}, rejected {self.rejected}, "
            f"retrying {self.retrying}; {self.pending} pending; {self.seconds:.1f} s"
        )


@dataclass
class WatchSummary:
    run_id: int = 0
    polls: int = 0
    totals: Counter[str] = field(default_factory=Counter)
    last: PollSummary | None = None

    def add(self, p: PollSummary) -> None:
        self.polls += 1
        self.last = p
        for k in ("fetched", "stored", "updated", "unchanged", "duplicates", "rejected", "feed_errors"):
            self.totals[k] += getattr(p, k)


@dataclass
class _Item:
    url: str  # key: normalised URL, or a file:// URL
    link: str
    feed: str
    kind: str  # page or file
    title: str | None = None
    published: str | None = None
    feed_title: str | None = None
    article_id: str | None = None  # set: an update of a stored item
    text_hash: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    attempts: int = 0


@dataclass
class _Prepared:
    item: _Item
    articles: list[Article] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    outcome: str = "articles"  # articles, not_modified, rejected, retry
    reason: str | None = None
    fetched: Fetched | None = None
    docs: list[AnnotatedDoc] = field(default_factory=list)


class SharedStore(Store):
    """A Store whose connections are cursors of one open read-write connection: one DuckDB
    instance for the whole process (`watch --serve`), so the API's readers and the watch's
    writer work at once through DuckDB's MVCC instead of taking turns at the file lock."""

    def __init__(self, path: str | Path, con: duckdb.DuckDBPyConnection) -> None:
        self.path = Path(path)  # the schema is made by Store(path) before `con` is opened
        self.con = con

    @contextmanager
    def write(self) -> Iterator[duckdb.DuckDBPyConnection]:
        cur = self.con.cursor()
        try:
            yield cur
        finally:
            cur.close()

    read = write  # the FTS extension is loaded once for the instance (Watcher)


@dataclass
class _Batch:
    """The rows of one chunk's transaction, inserted together at its end."""

    known: set[str]  # article ids stored before the chunk
    ids: set[str] = field(default_factory=set)  # article ids the chunk stores
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {t: [] for t in TABLES})


def folder_key(folder: str | Path) -> str:
    return Path(folder).resolve().as_uri()


def _text_hash(text: str) -> str:
    return article_id(None, None, text)  # a hash of the normalised text


class Watcher:
    """Polls the sources of one store. ``poll()`` once, or ``run()`` until ``stop()``."""

    def __init__(
        self,
        db: str | Path = DEFAULT_DB,
        feeds: Iterable[str] = (),
        folders: Iterable[str | Path] = (),
        config: Config | None = None,
        options: WatchOptions | None = None,
        on_reject: Callable[[Reject], None] | None = None,
        on_poll: Callable[[PollSummary], None] | None = None,
        pipeline: Any = None,
        shared: bool = False,
    ) -> None:
        self.db = Path(db)
        self.feeds = list(dict.fromkeys(u.strip() for u in feeds if u.strip()))
        for u in self.feeds:
            if urlsplit(u).scheme not in ("http", "https"):
                raise ValueError(f"not an http(s) feed URL: {u!r}")
        self.folders = {folder_key(f): Path(f).resolve() for f in folders}
        for path in self.folders.values():
            if not path.is_dir():
                raise ValueError(f"not a folder: {path}")
        if not self.feeds and not self.folders:
            raise ValueError("nothing to watch: give feeds (URLs) or folders")
        self.config = config or Config()
        self.options = options or WatchOptions()
        self.on_reject = on_reject
        self.on_poll = on_poll
        self.store: Store = Store(self.db)  # creates or upgrades the schema
        # shared: hold one read-write connection for the life of the watch, for a server in
        # this process (serve()); else every write opens the file and closes it again, so that
        # another process (`eventwire serve`) can read between them
        self.shared: duckdb.DuckDBPyConnection | None = None
        self.server: tuple[Any, threading.Thread] | None = None  # serve_in_thread's uvicorn
        if shared:
            self.shared = connect(self.db)
            load_fts(self.shared)
            self.store = SharedStore(self.db, self.shared)
        self.client = PoliteClient(
            self.options.user_agent, self.options.timeout, self.options.delay, self.options.robots
        )
        self._stop = threading.Event()
        self._pipeline: Any = pipeline  # an eventwire.pipeline.Pipeline to reuse (models loaded)
        self._pool: Any = None
        self.run_id = self.store.start_run(
            ["watch", *self.feeds, *map(str, self.folders.values())], __version__
        )
        self.summary = WatchSummary(run_id=self.run_id)
        self._last_index = -float("inf")
        self._hashes: dict[str, str] = {}  # text hash -> article id of the items stored
        self._columns: dict[str, list[str]] = {}

    # --- life --------------------------------------------------------------------------------
    def stop(self) -> None:
        self._stop.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def close(self) -> None:
        self.client.close()
        if self._pool is not None:
            self._pool.terminate()
            self._pool = None
        t = self.summary.totals
        try:
            self.store.finish_run(self.run_id, {
                "read": t["fetched"], "stored": t["stored"] + t["updated"], "duplicates": t["duplicates"],
                "rejected": t["rejected"] + t["feed_errors"], "warnings": 0, "seconds": 0.0,
            })  # fmt: skip
        except duckdb.Error as exc:  # the run row stays open; nothing else is lost
            log.error("could not close run %d: %s", self.run_id, exc)
        if self.server is not None:  # stop serving before the connection it reads through goes
            server, thread = self.server
            server.should_exit = True
            thread.join(10)
            self.server = None
        if self.shared is not None:
            self.shared.close()
            self.shared = None

    @contextmanager
    def _write(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection for one step's writes: opened and closed around the step, so that a
        server in another process reads in between (the module docstring), unless shared."""
        with self.store.write() as con:
            yield con

    def run(self, once: bool = False) -> WatchSummary:
        """Poll every ``interval`` seconds until ``stop()`` (or once)."""
        try:
            while not self.stopping:
                started = time.monotonic()
                try:
                    p = self.poll()
                except Exception as exc:  # the store locked too long, say: try at the next poll
                    if once:
                        raise
                    log.error("poll failed (trying again in %g s): %s: %s", self.options.interval,
                              type(exc).__name__, exc)  # fmt: skip
                else:
                    log.info("poll %d: %s", self.summary.polls, p.line())
                    if once:
                        break
                self._stop.wait(max(0.0, self.options.interval - (time.monotonic() - started)))
        finally:
            self.close()
        return self.summary

    # --- one poll ----------------------------------------------------------------------------
    def poll(self) -> PollSummary:
        started = time.monotonic()
        s = PollSummary(feeds=len(self.feeds) + len(self.folders))
        items = self._poll_sources(s)
        if items:
            self._load_models()  # before the first page arrives: fetching runs ahead meanwhile
        self._process(items, s)
        stored_any = s.stored + s.updated > 0
        if stored_any and self.options.stories and not self.stopping:
            from ..store.stories import update_stories

            s.stories = update_stories(self.store)
        if stored_any and not self.stopping:
            self._maybe_index(force=False)
        s.seconds = time.monotonic() - started
        self.summary.add(s)
        self._finish_poll(s)
        if self.on_poll:
            self.on_poll(s)
        return s

    def _maybe_index(self, force: bool) -> None:
        """Rebuild the full-text index at most every ``index_every`` seconds; in between, the
        API finds the newer articles by substring (web/db.unindexed_since)."""
        if force or time.monotonic() - self._last_index >= self.options.index_every:
            self.store.rebuild_fts()
            self._last_index = time.monotonic()

    def _finish_poll(self, s: PollSummary) -> None:
        """Count what is left pending, and keep the run row's counts current."""
        t = self.summary.totals
        with self._write() as con:
            s.pending = int(
                con.execute("SELECT count(*) FROM feed_items WHERE status = 'pending'").fetchone()[0]
            )  # type: ignore[index]
            con.execute(
                "UPDATE runs SET read = ?, stored = ?, duplicates = ?, rejected = ? WHERE id = ?",
                [t["fetched"], t["stored"] + t["updated"], t["duplicates"], t["rejected"] + t["feed_errors"],
                 self.run_id],
            )  # fmt: skip

    # --- sources -----------------------------------------------------------------------------
    def _poll_sources(self, s: PollSummary) -> list[_Item]:
        """Fetch the feeds and scan the folders, record what they list; the items to fetch."""
        with self._write() as con:  # the store is locked twice: before fetching and after
            for url in self.feeds:
                con.execute(
                    "INSERT INTO feeds (url, kind, added, errors, polls) VALUES (?, 'feed', now(), 0, 0)"
                    " ON CONFLICT (url) DO NOTHING",
                    [url],
                )
            for key in self.folders:
                con.execute(
                    "INSERT INTO feeds (url, kind, added, errors, polls) VALUES (?, 'folder', now(), 0, 0)"
                    " ON CONFLICT (url) DO NOTHING",
                    [key],
                )
            self._hashes = dict(
                con.execute(
                    "SELECT text_hash, article_id FROM feed_items WHERE status = 'stored' AND text_hash IS NOT NULL"
                ).fetchall()
            )
            state = {
                r[0]: r[1:]
                for r in con.execute("SELECT url, etag, last_modified, last_error FROM feeds").fetchall()
            }
        results: list[tuple[str, Any]] = []
        if self.feeds:
            with ThreadPoolExecutor(min(8, len(self.feeds))) as ex:
                futures = {
                    url: ex.submit(self._fetch_feed, url, *state.get(url, (None, None, None))[:2])
                    for url in self.feeds
                }
                results = [(url, f.result()) for url, f in futures.items()]
        scans = [(key, self._scan_folder(key, path)) for key, path in self.folders.items()]
        with self._write() as con:
            for url, result in results:
                self._record_feed(con, url, result, state.get(url, (None, None, None))[2], s)
            for key, files in scans:
                self._record_folder(con, key, files, s)
            return self._pending(con, self.options.max_pages)

    def _fetch_feed(self, url: str, etag: str | None, last_modified: str | None) -> Any:
        try:
            got = self.client.get(url, etag, last_modified, self.options.max_feed_bytes, FEED_ACCEPT)
        except FetchError as exc:
            return exc
        if got.status == 304:
            return got
        try:
            return got, parse_feed(got.body, got.url)
        except FeedError as exc:
            return FetchError(str(exc))
        except Exception as exc:  # one strange feed never stops the others
            log.exception("reading the feed %s failed", url)
            return FetchError(f"cannot read the feed: {type(exc).__name__}: {exc}")

    def _source_failed(self, con: Any, url: str, reason: str, last_error: str | None, s: PollSummary) -> None:
        s.feed_errors += 1
        con.execute(
            "UPDATE feeds SET last_poll = now(), last_status = 'error', last_error = ?,"
            " errors = coalesce(errors, 0) + 1, polls = coalesce(polls, 0) + 1 WHERE url = ?",
            [reason, url],
        )
        if reason != last_error:  # a reject when the error appears or changes, not at every poll
            self._reject(con, Reject(url, None, f"feed: {reason}"))

    def _record_feed(self, con: Any, url: str, result: Any, last_error: str | None, s: PollSummary) -> None:
        con.execute("BEGIN")
        try:
            if isinstance(result, FetchError):
                self._source_failed(con, url, result.reason, last_error, s)
            elif isinstance(result, Fetched):  # 304
                s.not_modified += 1
                con.execute(
                    "UPDATE feeds SET last_poll = now(), last_ok = now(), last_status = 'not modified',"
                    " last_error = NULL, errors = 0, polls = coalesce(polls, 0) + 1 WHERE url = ?",
                    [url],
                )
            else:
                got, feed = result
                self._record_items(con, url, feed.title, feed.items, s)
                con.execute(
                    "UPDATE feeds SET last_poll = now(), last_ok = now(), last_status = 'ok', last_error = NULL,"
                    " errors = 0, polls = coalesce(polls, 0) + 1, etag = ?, last_modified = ?, title = ?,"
                    " format = ? WHERE url = ?",
                    [got.etag, got.last_modified, feed.title, feed.format, url],
                )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise

    def _record_items(self, con: Any, feed: str, feed_title: str | None, items: list[FeedItem],
                      s: PollSummary) -> None:  # fmt: skip
        rows = []
        no_link = 0
        for it in items:
            if not it.link:
                no_link += 1
                continue
            rows.append((normalise_url(it.link), it.link, feed, it.guid, it.title or feed_title,
                         it.published, it.stamp))  # fmt: skip
        if no_link:
            key = f"{feed}#items-without-link"
            if not con.execute("SELECT 1 FROM feed_items WHERE url = ?", [key]).fetchone():
                con.execute(
                    "INSERT INTO feed_items (url, feed, status, reason, first_seen) VALUES (?, ?, 'rejected', ?, now())",
                    [key, feed, "items without an http(s) link"],
                )
                self._reject(con, Reject(feed, None, f"feed: {no_link} items without an http(s) link"))
        if not rows:
            return
        seen = {r[0]: r for r in rows}  # one row per URL (a feed may list an item twice)
        known = dict(
            con.execute(
                "SELECT url, stamp FROM feed_items WHERE url IN (SELECT unnest(?))", [list(seen)]
            ).fetchall()
        )
        for key, r in seen.items():
            if key not in known:
                s.new_items += 1
                con.execute(
                    "INSERT INTO feed_items (url, link, feed, guid, title, published, stamp, status, attempts,"
                    " first_seen) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, now())",
                    list(r),
                )
            elif r[6] is not None and known[key] is not None and r[6] != known[key]:
                # the publisher updated the item: fetch its page again (conditionally)
                s.new_items += 1
                con.execute(
                    "UPDATE feed_items SET status = 'pending', stamp = ?, title = ?, attempts = 0"
                    " WHERE url = ? AND status <> 'pending'",
                    [r[6], r[4], key],
                )

    def _scan_folder(self, key: str, folder: Path) -> list[tuple[str, str]] | FetchError:
        from ..readers import format_of

        try:
            out = []
            now = time.time()
            for path in sorted(folder.rglob("*")):
                rel = path.relative_to(folder).parts
                if any(p.startswith(".") for p in rel) or format_of(path.name) is None:
                    continue
                st = path.stat()
                if not path.is_file() or now - st.st_mtime < self.options.settle:
                    continue  # still being written, perhaps: next poll
                out.append((path.as_uri(), f"{st.st_size}:{st.st_mtime_ns}"))
            return out
        except OSError as exc:
            return FetchError(f"cannot read folder: {exc.strerror or exc}")

    def _record_folder(self, con: Any, key: str, files: Any, s: PollSummary) -> None:
        con.execute("BEGIN")
        try:
            last_error = con.execute("SELECT last_error FROM feeds WHERE url = ?", [key]).fetchone()
            if isinstance(files, FetchError):
                self._source_failed(con, key, files.reason, last_error[0] if last_error else None, s)
            else:
                known = dict(
                    con.execute("SELECT url, stamp FROM feed_items WHERE feed = ?", [key]).fetchall()
                )
                for uri, stamp in files:
                    if uri not in known:
                        s.new_items += 1
                        con.execute(
                            "INSERT INTO feed_items (url, link, feed, stamp, status, attempts, first_seen)"
                            " VALUES (?, ?, ?, ?, 'pending', 0, now())",
                            [uri, uri, key, stamp],
                        )
                    elif known[uri] != stamp:
                        s.new_items += 1
                        con.execute(
                            "UPDATE feed_items SET status = 'pending', stamp = ?, attempts = 0 WHERE url = ?",
                            [stamp, uri],
                        )
                con.execute(
                    "UPDATE feeds SET last_poll = now(), last_ok = now(), last_status = 'ok', last_error = NULL,"
                    " errors = 0, polls = coalesce(polls, 0) + 1 WHERE url = ?",
                    [key],
                )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise

    # --- items -------------------------------------------------------------------------------
    def _pending(self, con: Any, limit: int) -> list[_Item]:
        rows = con.execute(
            "SELECT i.url, i.link, i.feed, f.kind, i.title, i.published, f.title, i.article_id,"
            " i.text_hash, i.etag, i.last_modified, coalesce(i.attempts, 0)"
            " FROM feed_items i LEFT JOIN feeds f ON f.url = i.feed"
            " WHERE i.status = 'pending' ORDER BY i.first_seen, i.rowid LIMIT ?",  # in feed order
            [limit],
        ).fetchall()
        return [
            _Item(url=r[0], link=r[1], feed=r[2], kind="file" if r[3] == "folder" else "page", title=r[4],
                  published=r[5], feed_title=r[6], article_id=r[7], text_hash=r[8], etag=r[9],
                  last_modified=r[10], attempts=r[11])
            for r in rows
        ]  # fmt: skip

    def _prepare(self, item: _Item) -> _Prepared:
        """Fetch and read one item (in a fetcher thread). Anything unexpected is that item's
        reject: one page never stops the others."""
        try:
            return self._prepare_item(item)
        except Exception as exc:  # a reader or parser bug on one strange page, say
            log.exception("reading %s failed", item.link)
            return _Prepared(item, outcome="rejected", reason=f"cannot read: {type(exc).__name__}: {exc}")

    def _prepare_item(self, item: _Item) -> _Prepared:
        if self.stopping:
            return _Prepared(item, outcome="skip")
        if item.kind == "file":
            return self._prepare_file(item)
        try:
            got = self.client.get(
                item.link, item.etag if item.article_id else None,
                item.last_modified if item.article_id else None, self.options.max_page_bytes, PAGE_ACCEPT,
            )  # fmt: skip
        except FetchError as exc:
            return _Prepared(item, outcome="retry" if exc.transient else "rejected", reason=exc.reason)
        if got.status == 304:
            return _Prepared(item, outcome="not_modified", fetched=got)
        ctype = got.content_type.split(";")[0].strip().lower()
        if ctype and ctype not in PAGE_TYPES:
            return _Prepared(item, outcome="rejected", fetched=got,
                             reason=f"not a web page (Content-Type {ctype})")  # fmt: skip
        return self._read_page(item, got)

    def _read_page(self, item: _Item, got: Fetched) -> _Prepared:
        from ..readers import read

        articles: list[Article] = []
        for a in read(["-"], format="html", stdin=io.BytesIO(got.body), max_bytes=len(got.body) + 1):
            if isinstance(a, Reject):
                return _Prepared(item, outcome="rejected", reason=a.reason, fetched=got)
            articles.append(a)
        if not articles:
            return _Prepared(item, outcome="rejected", reason="no article in the page", fetched=got)
        a = replace(
            articles[0], id=article_id(None, item.link, articles[0].text), url=item.link, origin=item.link,
            record=None, title=articles[0].title or item.title,
            source=articles[0].source or item.feed_title or urlsplit(item.link).hostname,
        )  # fmt: skip
        if a.date is None:  # the page names no date: the feed's, else one in the URL (/2023/06/06/)
            from ..readers.common import parse_date
            from ..readers.dates import date_from_url

            day = parse_date(item.published) if item.published else None
            if day is not None:
                a = replace(a, date=day, date_raw=item.published, date_source="record")
            elif (found := date_from_url(item.link)) is not None:
                a = replace(a, date=found[0], date_raw=found[1], date_source="url")
        return _Prepared(item, articles=[a], fetched=got)

    def _prepare_file(self, item: _Item) -> _Prepared:
        from urllib.request import url2pathname

        from ..readers import read

        path = Path(url2pathname(urlsplit(item.url).path))
        p = _Prepared(item)
        for a in read([path]):
            if isinstance(a, Reject):
                p.rejects.append(a)
            else:
                p.articles.append(a)
        if not p.articles and p.rejects:
            p.outcome, p.reason = "rejected", p.rejects[0].reason
        return p

    def _prepared(self, items: list[_Item]) -> Iterator[_Prepared]:
        """Items fetched and read by ``fetchers`` threads, in order, a few ahead."""
        ahead = max(1, self.options.fetchers) * 4
        with ThreadPoolExecutor(max(1, self.options.fetchers), thread_name_prefix="fetch") as ex:
            it = iter(items)
            window: deque[Future[_Prepared]] = deque(ex.submit(self._prepare, i) for i in _take(it, ahead))
            try:
                while window:
                    fut = window.popleft()
                    nxt = next(it, None)
                    if nxt is not None:
                        window.append(ex.submit(self._prepare, nxt))
                    yield fut.result()
            finally:
                for f in window:
                    f.cancel()

    def _process(self, items: list[_Item], s: PollSummary) -> None:
        chunk: list[_Prepared] = []
        n_articles = 0
        for p in self._prepared(items):
            if self.stopping or p.outcome == "skip":
                break
            s.fetched += 1
            chunk.append(p)
            n_articles += len(p.articles)
            if n_articles >= self.options.batch_size or len(chunk) >= 4 * self.options.batch_size:
                self._write_chunk(chunk, s)
                chunk, n_articles = [], 0
        if chunk and not self.stopping:
            self._write_chunk(chunk, s)

    def _load_models(self) -> None:
        """The pipeline (or its worker processes), loaded once per watch."""
        if self.options.processes > 1:
            if self._pool is None:
                import multiprocessing as mp

                from ..pipeline import _init_worker

                self._pool = mp.get_context("spawn").Pool(
                    self.options.processes, initializer=_init_worker, initargs=(self.config,)
                )
        elif self._pipeline is None:
            from ..pipeline import Pipeline

            self._pipeline = Pipeline(self.config)

    def _annotate(self, articles: list[Article]) -> list[AnnotatedDoc]:
        if not articles:
            return []
        self._load_models()
        if self.options.processes > 1:
            from ..pipeline import _work, batches

            parts = list(batches(articles, max(1, -(-len(articles) // self.options.processes))))
            return [d for docs in self._pool.map(_work, parts) for d in docs]
        return list(self._pipeline.annotate(articles))

    def _write_chunk(self, chunk: list[_Prepared], s: PollSummary) -> None:
        # decide duplicates and unchanged updates before annotating (cheap, saves the coding)
        to_code: list[Article] = []
        for p in chunk:
            if p.outcome != "articles" or p.item.kind == "file":
                to_code.extend(p.articles if p.item.kind == "file" else [])
                continue
            a = p.articles[0]
            h = _text_hash(a.text)
            if p.item.article_id and h == p.item.text_hash:
                p.outcome = "unchanged"
                continue
            other = self._hashes.get(h)
            if other is not None and other != a.id:
                p.outcome, p.reason = "duplicate", other
                continue
            self._hashes[h] = a.id
            to_code.append(a)
        docs = iter(self._annotate(to_code))
        for p in chunk:
            if p.outcome == "articles":
                p.docs = [next(docs) for _ in p.articles]
        ids = [d.article.id for p in chunk for d in p.docs]
        with self._write() as con:
            # one transaction: the chunk's items leave 'pending' together with their articles
            con.execute("BEGIN")
            try:
                known = {
                    r[0]
                    for r in con.execute(
                        "SELECT id FROM articles WHERE id IN (SELECT unnest(?))", [ids]
                    ).fetchall()
                }
                batch = _Batch(known)
                for p in chunk:
                    self._write_item(con, p, s, batch)
                for table, rows in batch.rows.items():
                    if rows:
                        self._insert(con, table, rows)
                if batch.ids:
                    con.execute(
                        "UPDATE articles SET ingested = now() WHERE id IN (SELECT unnest(?))",
                        [list(batch.ids)],
                    )
                con.execute("COMMIT")
            except Exception:
                con.execute("ROLLBACK")
                raise

    def _write_item(self, con: Any, p: _Prepared, s: PollSummary, batch: _Batch) -> None:
        item = p.item
        got = p.fetched
        etag = got.etag if got is not None else item.etag
        modified = got.last_modified if got is not None else item.last_modified
        if p.outcome == "retry":
            attempts = item.attempts + 1
            if attempts < self.options.retries:
                s.retrying += 1
                con.execute(
                    "UPDATE feed_items SET attempts = ?, reason = ?, fetched = now() WHERE url = ?",
                    [attempts, f"will retry: {p.reason}", item.url],
                )
                return
            p.outcome, p.reason = "rejected", f"gave up after {attempts} attempts: {p.reason}"
        if p.outcome == "rejected":
            s.rejected += 1
            con.execute(
                "UPDATE feed_items SET status = 'rejected', reason = ?, attempts = ?, fetched = now() WHERE url = ?",
                [p.reason, item.attempts + 1, item.url],
            )
            for r in p.rejects or [Reject(item.link, None, p.reason or "rejected")]:
                self._reject(con, r)
            return
        if p.outcome in ("not_modified", "unchanged"):
            s.unchanged += 1
            con.execute(
                "UPDATE feed_items SET status = 'stored', reason = NULL, etag = ?, last_modified = ?,"
                " attempts = ?, fetched = now() WHERE url = ?",
                [etag, modified, item.attempts + 1, item.url],
            )
            return
        if p.outcome == "duplicate":
            s.duplicates += 1
            con.execute(
                "UPDATE feed_items SET status = 'duplicate', duplicate_of = ?, reason = ?, etag = ?,"
                " last_modified = ?, attempts = ?, fetched = now() WHERE url = ?",
                [p.reason, "the same text as a stored article", etag, modified, item.attempts + 1, item.url],
            )
            return
        # articles: store them (an update replaces the stored version, same id)
        fresh = []
        for doc in p.docs:
            aid = doc.article.id
            if aid in batch.known and item.kind == "page" and item.article_id == aid and aid not in batch.ids:
                for t in TABLES:
                    con.execute(
                        f"DELETE FROM {t} WHERE {'id' if t == 'articles' else 'article_id'} = ?", [aid]
                    )
                s.updated += 1
            elif aid in batch.known or aid in batch.ids:
                s.duplicates += 1
                continue
            else:
                s.stored += 1
            fresh.append(doc)
            batch.ids.add(aid)
            for t, rows in doc_rows(doc, self.run_id).items():
                batch.rows[t].extend(rows)
        for r in p.rejects:
            s.rejected += 1
            self._reject(con, r)
        first = p.docs[0].article if p.docs else None
        if item.kind == "page" and first is not None and not fresh:
            # the article id was stored already (by `eventwire run`, or another URL that normalises alike)
            con.execute(
                "UPDATE feed_items SET status = 'duplicate', duplicate_of = ?, reason = ?, attempts = ?,"
                " fetched = now() WHERE url = ?",
                [first.id, "an article with this id is stored already", item.attempts + 1, item.url],
            )
            return
        con.execute(
            "UPDATE feed_items SET status = 'stored', article_id = ?, text_hash = ?, reason = ?, etag = ?,"
            " last_modified = ?, attempts = ?, fetched = now(), duplicate_of = NULL WHERE url = ?",
            [first.id if first and item.kind == "page" else None,
             _text_hash(first.text) if first and item.kind == "page" else None,
             None if item.kind == "page" else f"{len(fresh)} articles stored, {len(p.rejects)} rejected",
             etag, modified, item.attempts + 1, item.url],
        )  # fmt: skip

    def _insert(self, con: Any, table: str, rows: list[dict[str, Any]]) -> None:
        """Insert rows by column name (Store._insert, with the column lists looked up once)."""
        cols = self._columns.get(table)
        if cols is None:
            cols = self._columns[table] = [c[0] for c in con.execute(f"DESCRIBE {table}").fetchall()]
        Store._insert(con, table, rows, cols)

    def _reject(self, con: Any, r: Reject) -> None:
        con.execute("INSERT INTO rejects VALUES (?, ?, ?, ?)", [self.run_id, r.origin, r.record, r.reason])
        if self.on_reject:
            self.on_reject(r)


def _take(it: Iterator[_Item], n: int) -> list[_Item]:
    out = []
    for _ in range(n):
        nxt = next(it, None)
        if nxt is None:
            break
        out.append(nxt)
    return out


def serve_in_thread(w: Watcher, host: str = "127.0.0.1", port: int = 8000, token: str | None = None,
                    public: bool = False) -> Any:  # fmt: skip
    """The dashboard and API over the watcher's store, served from a thread of this process
    through the watcher's own connection (see SharedStore). Returns the uvicorn Server
    (``should_exit = True`` stops it). Refuses an unsafe bind as `eventwire serve` does."""
    import uvicorn

    from ..web import check_bind
    from ..web.app import create_app

    if w.shared is None:
        raise ValueError("serve_in_thread needs a Watcher made with shared=True")
    token = check_bind(host, public, token)
    app = create_app(str(w.db), token=token, connection=w.shared)
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="serve", daemon=True)
    thread.start()
    w.server = (server, thread)
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    shown = f"[{host}]" if ":" in host else host
    log.warning(
        "serving %s on http://%s:%d/%s (API docs at /docs)", w.db, shown, port, "?token=…" if token else ""
    )
    return server


def watch(
    feeds: Iterable[str] = (),
    folders: Iterable[str | Path] = (),
    db: str | Path = DEFAULT_DB,
    once: bool = False,
    config: Config | None = None,
    options: WatchOptions | None = None,
    on_reject: Callable[[Reject], None] | None = None,
    on_poll: Callable[[PollSummary], None] | None = None,
    stop: threading.Event | None = None,
    pipeline: Any = None,
    server: dict[str, Any] | None = None,
) -> WatchSummary:
    """Follow ``feeds`` (RSS/Atom URLs) and ``folders``, storing new items in ``db`` every
    ``options.interval`` seconds until ``stop`` is set (or after one poll with ``once``).
    ``pipeline``: an ``eventwire.pipeline.Pipeline`` to reuse instead of loading one.
    ``server``: also serve the dashboard and API from this process, with the keyword
    arguments of ``serve_in_thread`` (host, port, token, public)."""
    w = Watcher(db, feeds, folders, config, options, on_reject, on_poll, pipeline, shared=server is not None)
    if stop is not None:
        threading.Thread(target=lambda: (stop.wait(), w.stop()), daemon=True).start()
    try:
        if server is not None:
            serve_in_thread(w, **server)
    except BaseException:
        w.close()
        raise
    return w.run(once=once)  # closes the watcher, and with it the server


def read_feed_list(path: str | Path) -> list[str]:
    """Feed URLs from a file: one per line; blank lines and # comments are skipped."""
    out = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip() if line.lstrip().startswith("#") else line.strip()
        if line:
            out.append(line)
    return out


def feed_status(db: str | Path = DEFAULT_DB) -> list[dict[str, Any]]:
    """Each followed source with its last status and item counts (``eventwire feeds``)."""
    path = Path(db)
    if not path.exists():
        raise FileNotFoundError(f"no store at {db}")
    con = connect(path, read_only=True)
    try:
        try:
            cur = con.execute(
                "SELECT f.url, f.kind, f.title, f.last_status, f.last_poll, f.last_ok, f.last_error, f.errors, f.added,"
                " f.polls, count(i.url) AS items,"
                " count(*) FILTER (WHERE i.status = 'stored') AS stored,"
                " count(*) FILTER (WHERE i.status = 'duplicate') AS duplicates,"
                " count(*) FILTER (WHERE i.status = 'rejected') AS rejected,"
                " count(*) FILTER (WHERE i.status = 'pending') AS pending"
                " FROM feeds f LEFT JOIN feed_items i ON i.feed = f.url GROUP BY ALL ORDER BY f.added, f.url"
            )
        except duckdb.CatalogException:  # a store no watch has opened
            return []
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    finally:
        con.close()
