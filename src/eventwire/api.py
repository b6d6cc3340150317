"""The Python API. Each function mirrors one CLI command (cli.py only parses options and prints).

import eventwire
for doc in eventwire.extract(["article.txt"]):      # eventwire extract article.txt
    ...
summary = eventwire.run(["examples/"], db="eventwire.duckdb")   # eventwire run examples/
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from . import __version__
from .context import Config
from .knowledge.outlets import MIN_SHARE, MIN_STORIES, OutletHome, learn_outlet_homes
from .languages import coded, parse_codes
from .model import AnnotatedDoc, Article, Reject
from .pipeline import annotate
from .readers.dates import is_date_warning
from .store.duckdb_store import DEFAULT_DB, Store
from .store.stories import StoriesSummary, update_stories


def read(
    paths: Iterable[str | Path],
    format: str | None = None,
    csv_columns: dict[str, str] | None = None,
    *,
    fields: dict[str, str] | None = None,
    date_order: str | None = None,
    today: Any = None,
) -> Iterator[Article | Reject]:
    """Read articles from files, folders (recursive) or "-" (stdin). ``fields`` maps article
    fields to the key or column holding them (``{"text": "body"}``; ``csv_columns`` is its older
    name); ``date_order`` (DMY, MDY, YMD) reads numeric dates; ``today`` is the run's date
    (default: today). See ``eventwire.readers.read``."""
    from .readers import read as _read

    return _read(
        paths, format=format, csv_columns=csv_columns, fields=fields, date_order=date_order, today=today
    )


def language_filter(langs: str | Iterable[str] | None) -> Callable[[Article], str | None]:
    """For ``langs`` (``"en,de"`` or a list of codes; None = every language): a function that
    returns why an article is skipped, or None when it is to be processed. ValueError for a
    code it cannot read."""
    wanted = None if langs is None else parse_codes(langs if isinstance(langs, str) else list(langs))
    shown = ",".join(wanted or [])

    def skip(article: Article) -> str | None:
        if wanted is None or article.lang in wanted:
            return None
        return f"language {article.lang} is not in --lang {shown}"

    return skip


def extract(
    paths: Iterable[str | Path],
    format: str | None = None,
    csv_columns: dict[str, str] | None = None,
    processes: int = 1,
    config: Config | None = None,
    on_reject: Callable[[Reject], None] | None = None,
    langs: str | Iterable[str] | None = None,
    on_skip: Callable[[Article, str], None] | None = None,
    fields: dict[str, str] | None = None,
    date_order: str | None = None,
) -> Iterator[AnnotatedDoc]:
    """Read and annotate, yielding documents in input order. Rejected records go to
    ``on_reject`` (the CLI prints them to stderr); they are never dropped silently. With
    ``langs``, only articles in those languages are annotated; the others go to ``on_skip``
    with the reason."""
    skip = language_filter(langs)

    def articles() -> Iterator[Article]:
        for item in read(paths, format, csv_columns, fields=fields, date_order=date_order):
            if isinstance(item, Reject):
                if on_reject:
                    on_reject(item)
            elif (why := skip(item)) is not None:
                if on_skip:
                    on_skip(item, why)
            else:
                yield item

    yield from annotate(articles(), config, processes)


def outlets(
    paths: Iterable[str | Path],
    format: str | None = None,
    processes: int = 1,
    config: Config | None = None,
    on_reject: Callable[[Reject], None] | None = None,
    fields: dict[str, str] | None = None,
    date_order: str | None = None,
    langs: str | Iterable[str] | None = None,
    on_skip: Callable[[Article, str], None] | None = None,
    min_stories: int = MIN_STORIES,
    min_share: float = MIN_SHARE,
) -> list[OutletHome]:
    """Each outlet's home region, learnt from its own stories' places (no gold; see
    ``eventwire.knowledge.outlets``): read ``paths``, find and resolve their places (the
    ``entities`` and ``places`` components, with ``config``'s options for them), and keep the
    region at least ``min_share`` of an outlet's stories agree on, when ``min_stories`` vote.
    ``format``, ``fields``, ``date_order``, ``langs`` and the callbacks are as for ``extract``.
    ``write_outlet_homes`` saves the table; ``places.outlets`` reads it in a run."""
    cfg = Config(components=["entities", "places"], options=dict(config.options) if config else {})
    cfg.options["places"] = {k: v for k, v in cfg.options.get("places", {}).items() if k != "outlets"}
    docs = extract(
        paths, format, None, processes, cfg, on_reject, langs, on_skip, fields=fields, date_order=date_order
    )
    return learn_outlet_homes(docs, min_stories, min_share)


@dataclass
class RunSummary:
    """What a run did. Every record read is counted once: read = stored + duplicates +
    rejected + skipped."""

    run_id: int
    read: int = 0  # records read: articles and rejects
    stored: int = 0
    duplicates: int = 0  # already in the store (same stable id), not stored again
    rejected: int = 0
    warnings: int = 0
    skipped: int = 0  # read, but not in the languages asked for (``langs``)
    seconds: float = 0.0
    rejects: list[Reject] = field(default_factory=list)
    stories: StoriesSummary | None = None
    # articles stored per language, and of them those not coded (no events, quotes, actors)
    languages: Counter[str] = field(default_factory=Counter)
    not_coded: Counter[str] = field(default_factory=Counter)
    skipped_languages: Counter[str] = field(default_factory=Counter)
    # stored articles whose date field was unusable (stored without a date, or dated from the
    # URL, dateline or page instead) or ambiguous (read day-first); each has a warning
    date_warnings: int = 0
    # records in the inputs that are no articles (WARC requests, images, redirects), by kind
    not_articles: Counter[str] = field(default_factory=Counter)
    # candidate events left uncoded on purpose (AnnotatedDoc.withheld), by reason
    withheld: Counter[str] = field(default_factory=Counter)

    @property
    def rate(self) -> float:
        """Articles read per second (rejects not counted)."""
        return (self.read - self.rejected) / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id, "read": self.read, "stored": self.stored,
            "duplicates": self.duplicates, "rejected": self.rejected, "warnings": self.warnings,
            "skipped": self.skipped, "seconds": round(self.seconds, 3),
            "articles_per_second": round(self.rate, 2), "languages": dict(self.languages),
            "not_coded": dict(self.not_coded), "skipped_languages": dict(self.skipped_languages),
            "date_warnings": self.date_warnings, "not_articles": dict(self.not_articles),
            "withheld": dict(self.withheld),
        }  # fmt: skip


def run(
    paths: Iterable[str | Path],
    db: str | Path = DEFAULT_DB,
    format: str | None = None,
    csv_columns: dict[str, str] | None = None,
    processes: int = 1,
    config: Config | None = None,
    batch_size: int = 64,
    progress: Callable[[RunSummary], None] | None = None,
    on_reject: Callable[[Reject], None] | None = None,
    stories: bool = True,
    langs: str | Iterable[str] | None = None,
    on_skip: Callable[[Article, str], None] | None = None,
    on_warning: Callable[[AnnotatedDoc], None] | None = None,
    fields: dict[str, str] | None = None,
    date_order: str | None = None,
) -> RunSummary:
    """Read + annotate + store. Articles already stored (same id) are counted, not re-annotated.
    Each batch is committed on its own, so a concurrent ``serve`` sees new articles at once.
    With ``langs`` only articles in those languages are processed; the others are counted as
    skipped and passed to ``on_skip``. ``on_warning`` gets each annotated document that has
    warnings. ``fields`` and ``date_order`` are as for ``read``. A run that stores nothing
    returns its summary like any other (the CLI then exits with status 1)."""
    skip = language_filter(langs)
    paths = [str(p) for p in paths]
    store = Store(db)
    summary = RunSummary(run_id=store.start_run(paths, __version__))
    started = time.monotonic()
    pending_rejects: list[Reject] = []

    def reject(r: Reject) -> None:
        summary.rejected += 1
        summary.rejects.append(r)
        pending_rejects.append(r)
        if on_reject:
            on_reject(r)

    def fresh_articles() -> Iterator[Article]:
        reading = read(paths, format, csv_columns, fields=fields, date_order=date_order)
        seen: set[str] = set()  # ids met earlier in this run but maybe not flushed yet
        while chunk := list(islice(reading, batch_size)):
            batch = []
            for item in chunk:
                if isinstance(item, Reject):
                    reject(item)
                else:
                    batch.append(item)
            summary.read += len(chunk)
            summary.not_articles = Counter(getattr(reading, "skipped_records", {}))
            known = store.known_ids([a.id for a in batch])
            for a in batch:
                if (why := skip(a)) is not None:
                    summary.skipped += 1
                    summary.skipped_languages[a.lang] += 1
                    if on_skip:
                        on_skip(a, why)
                elif a.id in known or a.id in seen:  # seen: also a twin earlier in this batch
                    summary.duplicates += 1
                else:
                    seen.add(a.id)
                    yield a
        summary.not_articles = Counter(
            getattr(reading, "skipped_records", {})
        )  # those after the last article

    buffer: list[AnnotatedDoc] = []

    def flush() -> None:
        if buffer:
            summary.stored += store.add_docs(buffer, summary.run_id)
            summary.warnings += sum(len(d.warnings) for d in buffer)
            summary.date_warnings += sum(any(map(is_date_warning, d.warnings)) for d in buffer)
            buffer.clear()
        if pending_rejects:
            store.add_rejects(summary.run_id, pending_rejects)
            pending_rejects.clear()
        summary.seconds = time.monotonic() - started
        if progress:
            progress(summary)

    for doc in annotate(fresh_articles(), config, processes):
        lang = doc.article.lang
        summary.languages[lang] += 1
        if not coded(lang):
            summary.not_coded[lang] += 1
        summary.withheld.update(w.reason for w in doc.withheld)
        if doc.warnings and on_warning:
            on_warning(doc)
        buffer.append(doc)
        if len(buffer) >= batch_size:
            flush()
    flush()
    summary.seconds = time.monotonic() - started
    if stories:
        summary.stories = update_stories(store)
    store.finish_run(summary.run_id, summary.as_dict())
    store.rebuild_fts()
    return summary


def stories(db: str | Path = DEFAULT_DB, rebuild: bool = True) -> StoriesSummary:
    """(Re)build copies, stories and canonical events over a store."""
    return update_stories(Store(db), rebuild=rebuild)


def watch(
    feeds: Iterable[str] = (),
    folders: Iterable[str | Path] = (),
    db: str | Path = DEFAULT_DB,
    interval: float = 300.0,
    once: bool = False,
    config: Config | None = None,
    options: Any = None,
    on_reject: Callable[[Reject], None] | None = None,
    on_poll: Callable[[Any], None] | None = None,
    stop: Any = None,
    pipeline: Any = None,
    serve: dict[str, Any] | None = None,
) -> Any:
    """Follow RSS/Atom ``feeds`` (URLs) and ``folders``: fetch each new item's page, read it,
    code it and store it in ``db``, every ``interval`` seconds until ``stop`` (a
    threading.Event) is set, or once. ``options`` is an ``eventwire.live.WatchOptions``
    (politeness, caps; its interval is replaced by ``interval``). Returns the
    ``WatchSummary``; ``pipeline``, an ``eventwire.pipeline.Pipeline`` to reuse (its models
    loaded already). ``serve={"host": ..., "port": ..., "token": ..., "public": ...}`` also
    serves the dashboard and API from this process, reading through the watch's own database
    connection (`eventwire watch --serve`). See docs/live.md."""
    from dataclasses import replace

    from .live import WatchOptions
    from .live import watch as _watch

    opts = replace(options or WatchOptions(), interval=interval)
    return _watch(feeds, folders, db, once, config, opts, on_reject, on_poll, stop, pipeline, serve)


def feeds(db: str | Path = DEFAULT_DB) -> list[dict[str, Any]]:
    """The feeds and folders ``watch`` follows in ``db``, each with its last status and counts."""
    from .live import feed_status

    return feed_status(db)


MAX_ACTOR_TEXT = 10_000  # characters code_actor accepts: a phrase or a sentence, not an article
_ACTOR_STEPS = ["entities", "timex", "places", "actors"]
_actor_pipelines: dict[tuple[str, ...], Any] = {}


def _actor_date(date: Any) -> Any:
    import datetime as dt

    if date is None or (isinstance(date, dt.date) and not isinstance(date, dt.datetime)):
        return date
    if isinstance(date, dt.datetime):
        return date.date()
    if isinstance(date, str):
        try:
            return dt.date.fromisoformat(date.strip())
        except ValueError:
            raise ValueError(f"code_actor: date {date!r} is not a date written YYYY-MM-DD") from None
    raise TypeError(
        f"code_actor: date must be a 'YYYY-MM-DD' string or a datetime.date, not {type(date).__name__}"
    )


_FRAME = " said."


def _phrase(text: str) -> bool:
    """A short text that is no sentence: a noun phrase naming an actor."""
    words = text.split()
    return len(words) <= 15 and not text.rstrip().endswith((".", "!", "?", ":", ";", '"'))


def actor_coder(actors: Iterable[str | Path] = ()) -> Callable[..., Any]:
    """``code_actor`` with one pipeline loaded once, for coding many texts: ``code =
    actor_coder(); code("Kenyan police", date="2024-05-01")``. ``actors``: the user's own
    tables (the format of data/actors/people_*.tsv or bodies_*.tsv, docs/actors.md); a
    malformed one raises ActorTableError naming its file and line."""
    from .knowledge.actors import read_user_tables
    from .pipeline import Pipeline

    files = tuple(str(Path(p)) for p in actors)
    if files:
        read_user_tables(files)  # fail here, naming the line, not inside the pipeline
    if files not in _actor_pipelines:
        options: dict[str, Any] = {"actors": {"files": list(files)}} if files else {}
        _actor_pipelines[files] = Pipeline(Config(components=list(_ACTOR_STEPS), options=options))
    pipe = _actor_pipelines[files]

    def code(text: str, date: Any = None) -> Any:
        if not isinstance(text, str):
            raise TypeError(f"code_actor: text must be a string, not {type(text).__name__}")
        if not text.strip():
            raise ValueError(
                "code_actor: text is empty: give the words that name an actor, e.g. 'Kenyan police'"
            )
        if len(text) > MAX_ACTOR_TEXT:
            raise ValueError(
                f"code_actor: text has {len(text):,} characters, more than {MAX_ACTOR_TEXT:,}: "
                "give a phrase or a sentence (eventwire.extract codes whole articles)"
            )
        day = _actor_date(date)
        # A bare phrase ("Amadou Toumani Toure", "Modi") parses badly on its own (spaCy reads
        # a lone name as a verb): it is coded as the subject of a sentence framed around it,
        # and only what lies inside the phrase counts.
        framed = _phrase(text)
        doc = pipe(Article("code_actor", text + _FRAME if framed else text, date=day))
        found = [a for a in doc.actors if a.end <= len(text)]
        if framed and not found:
            found = pipe(Article("code_actor", text, date=day)).actors
        # the actor that covers most of the text; on a tie, the one named in the knowledge
        return max(found, key=lambda a: (a.end - a.start, a.canonical is not None, -a.start), default=None)

    return code


def code_actor(text: str, date: Any = None, actors: Iterable[str | Path] = ()) -> Any:
    """The coded actor a short text names, as of ``date`` ("YYYY-MM-DD" or a datetime.date;
    without one, each person's latest office), or None when it names none: an ``Actor`` with ``canonical``,
    ``country`` (ISO3, or IGO / NGO / IMG / MNC), ``sector`` (PLOVER; None for a state as a
    whole) and ``why`` (the knowledge row, with the office held on the date, or the rule).
    Mirrors ``eventwire actor TEXT --date D``.

    >>> eventwire.code_actor("Chancellor Angela Merkel", date="2015-09-05").sector
    'GOV'

    TypeError for a text that is not a string, ValueError for an empty text or one longer
    than 10,000 characters, or a malformed date; ActorTableError (a ValueError) for a
    malformed ``actors`` table, naming its line."""
    return actor_coder(actors)(text, date)
