"""The command line: thin commands over the Python API (api.py); no extraction logic here."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__
from .context import Config
from .knowledge.outlets import MIN_SHARE, MIN_STORIES
from .notices import Notice, NoticeLog
from .store.duckdb_store import DEFAULT_DB

DB_OPTION = click.option(
    "--db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False), help="DuckDB store file."
)


def _columns(value: str | None) -> dict[str, str] | None:
    """--csv-columns text=body,date=published -> {"text": "body", "date": "published"}"""
    if not value:
        return None
    pairs = [p.split("=", 1) for p in value.split(",") if p.strip()]
    if any(len(p) != 2 for p in pairs):
        raise click.BadParameter("use FIELD=COLUMN pairs separated by commas, e.g. text=body,date=published")
    return {k.strip(): v.strip() for k, v in pairs}


def _fields(values: tuple[str, ...], csv_columns: str | None) -> dict[str, str] | None:
    """--field text=body --field date=published (and the older --csv-columns) -> one mapping,
    checked here so that a typo is a usage error before any work starts."""
    from .readers.common import check_fields

    mapping = dict(_columns(csv_columns) or {})
    for item in values:
        name, eq, column = item.partition("=")
        if not eq:
            raise click.BadParameter(f"{item!r}: use FIELD=COLUMN, e.g. text=body", param_hint="--field")
        mapping[name.strip()] = column.strip()
    try:
        return check_fields(mapping) or None
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--field") from None


def _config(
    components: str | None, settings: tuple[str, ...] = (), min_relevance: float | None = None
) -> Config:
    cfg = Config()
    if components:
        cfg.components = [c.strip() for c in components.split(",") if c.strip()]
    for item in settings:
        try:
            cfg.set_option(item)
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from None
    if min_relevance is not None:  # --min-relevance T is --set relevance.threshold=T
        cfg.options.setdefault("relevance", {})["threshold"] = min_relevance
    ctx = click.get_current_context(silent=True)
    if ctx is not None and ctx.meta.get(_ACTORS_META):  # --actors FILE: the user's own actors
        cfg.options.setdefault("actors", {})["files"] = list(ctx.meta[_ACTORS_META])
    return cfg


_ACTORS_META = "eventwire.actors"


def _actors_files(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    """--actors FILE: read and checked before any work starts (a malformed row names its line)."""
    if value:
        from .knowledge.actors import ActorTableError, read_user_tables

        try:
            read_user_tables(value)
        except (ActorTableError, OSError) as exc:
            raise click.BadParameter(str(exc), param_hint="--actors") from None
        ctx.meta[_ACTORS_META] = value
    return value


ACTORS_OPTION = click.option(
    "--actors", "actors_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
    expose_value=False, callback=_actors_files, metavar="FILE",
    help="Your own actors: a people or bodies table (tab-separated, with a header line; docs/actors.md), "
    "used on top of eventwire's knowledge. Repeatable.",
)  # fmt: skip


def _echo_notice(n: Notice) -> None:
    click.echo(n.line(), err=True)


def _languages(value: str | None) -> str | None:
    """--lang: checked here so that a typo is a usage error before any work starts."""
    if value is None:
        return None
    from .languages import parse_codes

    try:
        return ",".join(parse_codes(value))
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--lang") from None


def _counts(counts: dict[str, int]) -> str:
    """Counts by key, most first: "de 3, fr 1"."""
    return ", ".join(f"{lang} {n}" for lang, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


INPUT_OPTIONS = [
    click.argument("paths", nargs=-1, required=True),
    click.option("--format", "fmt", default=None, help="Input format (seed, text, json, jsonl, csv, tsv, html, parquet); default: by extension."),
    click.option("--field", "field_maps", multiple=True, metavar="FIELD=COLUMN", help="The JSON key or CSV column that holds an article field (text, date, title, url, source, lang, id, crawled), repeatable: --field text=body --field date=published. Known names (news-please, MediaCloud ...) need none."),
    click.option("--csv-columns", default=None, help="Older form of --field: text=body,date=published,title=headline."),
    click.option("--date-order", type=click.Choice(["DMY", "MDY", "YMD"], case_sensitive=False), default=None, help="How to read numeric dates such as 12/09/2016 (default: day-first, with a warning when both readings are valid)."),
    click.option("--processes", "-p", default=1, show_default=True, type=click.IntRange(1, 64), help="Worker processes, each loading the models once."),
    click.option("--components", default=None, help="Comma-separated annotation components to run (default: all, see `eventwire components`)."),
    click.option("--set", "settings", multiple=True, metavar="COMPONENT.OPTION=VALUE", help="A component option (repeatable), e.g. --set places.default_country=USA --set events.implicit_targets=false; options are listed in the README."),
    click.option("--lang", "langs", default=None, metavar="CODES", help="Only process articles in these languages (ISO 639-1, comma-separated, e.g. en,de); the others are counted as skipped."),
    click.option("--rejects", "rejects_file", default=None, type=click.Path(dir_okay=False, writable=True), help="Also write every reject, warning and skipped article to this file as JSON Lines: {kind, file, record, reason, id}."),
    click.option("--min-relevance", type=click.FloatRange(0, 1), default=None, metavar="FLOAT", help="Relevance (0-1) from which an article counts as relevant (same as --set relevance.threshold=FLOAT; default: the model's). Events of the others are kept but flagged, and left out of exports and the API by default."),
    ACTORS_OPTION,
]  # fmt: skip


def input_options(f):  # type: ignore[no-untyped-def]
    for opt in reversed(INPUT_OPTIONS):
        f = opt(f)
    return f


def reading_options(f):  # type: ignore[no-untyped-def]
    """The input options of a command that reads and places articles but codes nothing
    (``outlets``): no --components, --min-relevance or --actors."""
    for opt in reversed([o for k, o in enumerate(INPUT_OPTIONS) if k not in (6, 10, 11)]):
        f = opt(f)
    return f


class _Group(click.Group):
    """Turns a model file that is missing or broken into one clear error line (no traceback)."""

    def invoke(self, ctx: click.Context) -> object:
        from .coding.encoder import ModelError

        try:
            return super().invoke(ctx)
        except ModelError as exc:
            raise click.ClickException(str(exc)) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="eventwire")
def main() -> None:
    """eventwire: political event data from news, offline, with evidence for every record.

    PATHS are files, folders (read recursively) or - for stdin."""


@main.command()
@input_options
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write JSONL here instead of stdout.",
)
def extract(paths: tuple[str, ...], fmt: str | None, field_maps: tuple[str, ...], csv_columns: str | None,
            date_order: str | None, processes: int,
            components: str | None, settings: tuple[str, ...], langs: str | None,
            rejects_file: str | None, min_relevance: float | None, output: str | None) -> None:  # fmt: skip
    """Annotate documents and print one eventwire/1 JSON object per document (JSONL), in input order.

    Rejects, warnings and skipped articles go to stderr, one line each."""
    from collections import Counter

    from .api import extract as _extract
    from .contract import to_dict
    from .languages import coded

    langs = _languages(langs)
    out = open(output, "w", encoding="utf-8") if output else sys.stdout
    n = 0
    not_coded: Counter[str] = Counter()
    with NoticeLog(_echo_notice, rejects_file) as log:
        try:
            for doc in _extract(
                paths, fmt, None, processes, _config(components, settings, min_relevance), log.reject,
                langs=langs, on_skip=log.skipped, fields=_fields(field_maps, csv_columns), date_order=date_order,
            ):  # fmt: skip
                out.write(json.dumps(to_dict(doc), ensure_ascii=False) + "\n")
                n += 1
                if not coded(doc.article.lang):
                    not_coded[doc.article.lang] += 1
                log.warnings(doc)
        finally:
            if output:
                out.close()
    c = log.counts
    click.echo(
        f"extracted {n} documents, rejected {c['reject']}, warnings {c['warning']}, skipped {c['skipped']}",
        err=True,
    )
    if not_coded:
        click.echo(f"not coded (not English): {_counts(not_coded)}", err=True)


@main.command()
@reading_options
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, writable=True),
    help="The outlets table to write (TSV: outlet, country, admin1, stories, voting).",
)
@click.option(
    "--min-stories",
    default=MIN_STORIES,
    show_default=True,
    type=click.IntRange(1),
    help="An outlet gets a home only when at least this many of its stories name a region.",
)
@click.option(
    "--min-share",
    default=MIN_SHARE,
    show_default=True,
    type=click.FloatRange(0, 1),
    help="... and at least this share of them name the same one.",
)
def outlets(paths: tuple[str, ...], fmt: str | None, field_maps: tuple[str, ...], csv_columns: str | None,
            date_order: str | None, processes: int, settings: tuple[str, ...], langs: str | None,
            rejects_file: str | None, output: str, min_stories: int, min_share: float) -> None:  # fmt: skip
    """Learn where each outlet is at home from its own stories, for the place resolver.

    Reads PATHS, resolves their places, and writes each outlet's home region (the first-level
    region most of its stories happen in; an outlet is its URL's host, else the article's
    source). Then `eventwire run PATHS --set places.outlets=FILE` reads a local paper's bare
    "Alexandria" as its own town. The table is plain TSV: check it, edit it, keep it."""
    from .api import outlets as _outlets
    from .knowledge.outlets import write_outlet_homes

    with NoticeLog(_echo_notice, rejects_file) as log:
        homes = _outlets(
            paths, fmt, processes, _config(None, settings), log.reject,
            fields=_fields(field_maps, csv_columns), date_order=date_order, langs=_languages(langs),
            on_skip=log.skipped, min_stories=min_stories, min_share=min_share,
        )  # fmt: skip
    write_outlet_homes(output, homes)
    click.echo(f"wrote {len(homes)} outlets' home regions to {output}", err=True)


@main.command()
@input_options
@DB_OPTION
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default=None,
    help="Write a partitioned Parquet lake (--lake) in-process (local) or on Dask.",
)
@click.option(
    "--lake",
    type=click.Path(file_okay=False),
    default=None,
    help="Parquet lake folder (default with --engine: DB.lake next to an explicit --db, else ./lake). "
    "A lake written from other inputs is refused.",
)
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=click.IntRange(1, 512),
    help="Dask LocalCluster worker processes (ignored with --scheduler).",
)
@click.option("--scheduler", default=None, help="Address of a running Dask scheduler, e.g. tcp://host:8786.")
@click.option(
    "--no-stories", is_flag=True, help="Skip the incremental copies/stories/canonical-events update."
)
def run(paths: tuple[str, ...], fmt: str | None, field_maps: tuple[str, ...], csv_columns: str | None,
        date_order: str | None, processes: int,
        components: str | None, settings: tuple[str, ...], langs: str | None, rejects_file: str | None,
        min_relevance: float | None, db: str, quiet: bool, engine: str | None, lake: str | None, workers: int, scheduler: str | None,
        no_stories: bool) -> None:  # fmt: skip
    """Read + annotate + store into the DuckDB file, with progress and a summary.

    Rejects, warnings and skipped articles go to stderr, one line each (the progress bar only
    shows on a terminal). With --engine or --lake, write a Parquet lake partitioned by date
    instead: resumable (a rerun skips finished partitions) and distributable with --engine dask;
    with an explicit --db the lake is then imported into that store."""
    langs = _languages(langs)
    if engine or lake or scheduler:
        if langs or rejects_file or field_maps or csv_columns or date_order:
            raise click.UsageError(
                "--lang, --rejects, --field, --csv-columns and --date-order work with the DuckDB store, "
                "not yet with --engine/--lake"
            )
        source = click.get_current_context().get_parameter_source("db")
        into = db if source is not None and source.name != "DEFAULT" else None
        _run_lake(
            list(paths),
            lake or (str(Path(into).with_suffix(".lake")) if into else "lake"),
            engine or "local",
            workers,
            scheduler,
            _config(components, settings, min_relevance),
            quiet,
            into,
        )
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from .api import RunSummary
    from .api import run as _run

    console = Console(stderr=True)
    live = console.is_terminal and not quiet  # a bar redrawn in place only where there is a screen

    def echo(n: Notice) -> None:
        if live:  # above the bar; soft_wrap: rich neither wraps nor crops the line
            from rich.text import Text

            verb, _, rest = n.line().partition(" ")
            style = "red" if n.kind == "reject" else "yellow"
            console.print(Text.assemble((verb, style), " ", rest), highlight=False, soft_wrap=True)
        else:
            click.echo(n.line(), err=True)

    with NoticeLog(echo, rejects_file) as log, Progress(
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(bar_width=None), TimeElapsedColumn(),
        console=console, disable=not live, transient=False,
    ) as bar:  # fmt: skip
        task = bar.add_task("reading", total=None)

        def progress(s: RunSummary) -> None:
            bar.update(
                task,
                description=f"{s.stored} stored · {s.duplicates} dup · {s.rejected} rejected · "
                f"{s.rate:.1f} articles/s",
            )

        summary = _run(
            paths, db, fmt, None, processes, _config(components, settings, min_relevance),
            progress=progress, on_reject=log.reject, stories=not no_stories, langs=langs,
            on_skip=log.skipped, on_warning=log.warnings, fields=_fields(field_maps, csv_columns),
            date_order=date_order,
        )  # fmt: skip
    s = summary.as_dict()
    click.echo(
        f"run {s['run_id']}: read {s['read']}, stored {s['stored']}, duplicates {s['duplicates']}, "
        f"rejected {s['rejected']}, warnings {s['warnings']}, skipped {s['skipped']} in {s['seconds']:.1f} s "
        f"({s['articles_per_second']:.1f} articles/s) -> {db}"
    )
    if summary.not_coded:
        click.echo(f"not coded (not English): {_counts(summary.not_coded)}")
    if summary.skipped:
        click.echo(f"skipped by --lang {langs}: {_counts(summary.skipped_languages)}")
    if summary.date_warnings:
        click.echo(
            f"dates: {summary.date_warnings} articles with an unusable or ambiguous date (see the warnings)"
        )
    if summary.not_articles:
        click.echo(f"not articles (not read): {_counts(summary.not_articles)}")
    if summary.withheld:
        click.echo(
            f"candidate events withheld on purpose: {_counts(summary.withheld)} "
            "(each document's `withheld` list says which and why)"
        )
    if summary.stories:
        _echo_stories(summary.stories)
    if summary.stored == 0 and summary.duplicates == 0:
        click.echo(f"nothing stored in {db}: no record of the input was usable", err=True)
        sys.exit(1)


def _echo_stories(st: object) -> None:
    click.echo(
        f"stories: {st.added} articles assigned, {st.duplicates} copies, {st.stories} stories, "  # type: ignore[attr-defined]
        f"{st.canonical_events} canonical events ({st.merged_mentions} mentions merged)"  # type: ignore[attr-defined]
    )


@main.command()
@DB_OPTION
@click.option("--incremental", is_flag=True, help="Only assign articles that have no story yet.")
def stories(db: str, incremental: bool) -> None:
    """(Re)build copies, stories and canonical events over an existing store."""
    from .api import stories as _stories

    _echo_stories(_stories(db, rebuild=not incremental))


def _run_lake(paths: list[str], lake: str, engine: str, workers: int, scheduler: str | None,
              config: Config, quiet: bool, db: str | None = None) -> None:  # fmt: skip
    from .engine.lake import LakeMismatch
    from .engine.runner import LakeSummary, run_lake

    live = sys.stderr.isatty() and not quiet  # "\r" redraws one line: only on a terminal

    def progress(s: LakeSummary) -> None:
        if live:
            done = s.skipped + s.processed
            click.echo(f"\r{done}/{s.partitions} partitions, {s.counts.get('articles', 0)} articles, "
                       f"{s.counts.get('articles', 0) / max(s.seconds, 1e-9):.1f} articles/s", nl=False, err=True)  # fmt: skip

    from .readers.remote import RemoteError

    try:
        s = run_lake(paths, lake, engine, workers, scheduler, config, progress=progress)
    except (RemoteError, LakeMismatch) as exc:
        raise click.ClickException(str(exc)) from exc
    if live:
        click.echo("", err=True)
    c = s.counts
    if s.partitions and s.skipped == s.partitions:
        click.echo(
            f"{engine}: all {s.partitions} partitions of these inputs were done by an earlier run -> {lake}"
        )
    else:
        click.echo(
            f"{engine}: {s.partitions} partitions ({s.skipped} already done), {c.get('articles', 0)} articles, "
            f"{c.get('events', 0)} events, {c.get('rejects', 0)} rejected in {s.seconds:.1f} s -> {lake}"
        )
    if db:
        from .engine.importer import import_lake as _import

        n = _import(lake, db)
        click.echo(f"imported {n} new articles from {lake} into {db}")
    else:
        click.echo(f"(not in a store: pass --db FILE, or run `eventwire import-lake {lake} --db FILE`)")


@main.command("import-lake")
@click.argument("lake", type=click.Path(exists=True, file_okay=False))
@DB_OPTION
def import_lake(lake: str, db: str) -> None:
    """Load a Parquet lake into the embedded store (articles already stored are skipped)."""
    from .engine.importer import import_lake as _import

    n = _import(lake, db)
    click.echo(f"imported {n} new articles from {lake} into {db}")


@main.command()
@DB_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def stats(db: str, as_json: bool) -> None:
    """Counts of every record kind in the store."""
    from .store.duckdb_store import Store

    st = Store(db).stats()
    if as_json:
        click.echo(json.dumps(st, indent=2, default=str))
        return
    for table, n in st["counts"].items():
        click.echo(f"{table:17} {n:>10,}")
    click.echo(f"dates             {st['first_date']} .. {st['last_date']}")
    click.echo(f"duplicates        {st['duplicate_articles']:>10,}")
    for t, n in st["events_by_type"].items():
        click.echo(f"  {t:12} {n:>8,}")


@main.command()
@click.argument("article_id")
@DB_OPTION
def show(article_id: str, db: str) -> None:
    """Show one stored article with entities, places, dates, quotes and events highlighted."""
    from rich.console import Console

    from .contract import from_dict
    from .render import render_doc
    from .store.duckdb_store import Store

    store = Store(db)
    full = store.resolve_id(article_id)
    raw = store.doc_json(full) if full else None
    if raw is None:
        raise click.ClickException(f"no article with id (or unique id prefix) {article_id!r} in {db}")
    Console().print(render_doc(from_dict(json.loads(raw))))


@main.command()
@click.argument("query")
@DB_OPTION
@click.option(
    "--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True
)
def sql(query: str, db: str, fmt: str) -> None:
    """Run a read-only SQL query against the store.

    The query runs sandboxed: the store is attached read-only, file and network access outside
    it is off (no COPY TO, read_csv or ATTACH of other files), extensions are neither installed
    nor loaded automatically, and the configuration is locked. Full-text search (match_bm25)
    works."""
    import csv as _csv

    import duckdb

    from .store.duckdb_store import SANDBOX_NOTE, sandboxed_sql

    if not Path(db).exists():
        raise click.ClickException(f"no store at {db}: run `eventwire run PATHS --db {db}` first")
    try:
        cols, rows = sandboxed_sql(db, query)
    except duckdb.Error as exc:
        message = str(exc).splitlines()[0]
        if isinstance(exc, duckdb.PermissionException) or "read-only" in message or "locked" in message:
            message = f"{message}\n{SANDBOX_NOTE}"
        raise click.ClickException(message) from None
    if fmt == "json":
        click.echo(json.dumps([dict(zip(cols, r, strict=True)) for r in rows], default=str, indent=1))
    elif fmt == "csv":
        w = _csv.writer(sys.stdout)
        w.writerow(cols)
        w.writerows(rows)
    else:
        from rich.console import Console
        from rich.table import Table

        t = Table(*cols)
        for r in rows:
            t.add_row(*("" if v is None else str(v) for v in r))
        Console().print(t)


@main.command()
@DB_OPTION
@click.option("--format", "fmt", required=True, help="jsonl, csv or parquet (see `eventwire components`).")
@click.option(
    "--table", default=None, help="Table to export (default: articles for jsonl, events otherwise)."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="Output file (default stdout; parquet needs a file).",
)
@click.option(
    "--include-irrelevant",
    is_flag=True,
    help="Also export irrelevant articles and their events (articles.relevant = false, left out by default).",
)
def export(db: str, fmt: str, table: str | None, output: str | None, include_irrelevant: bool) -> None:
    """Export the store: JSONL (eventwire/1 documents), CSV or Parquet tables.

    Articles the relevance component scored irrelevant (not about politics, conflict, security,
    protest, diplomacy, crime or disaster) are left out with their events and other rows
    unless --include-irrelevant."""
    from .export import exporters
    from .store.duckdb_store import Store

    try:
        fn = exporters.get(fmt)
    except KeyError as exc:
        raise click.BadParameter(str(exc.args[0]), param_hint="--format") from None
    if output is None and fmt == "parquet":  # a binary format; the text ones may go to stdout
        raise click.UsageError(f"--format {fmt} needs -o FILE")
    kwargs: dict[str, object] = {"table": table} if table else {}
    if include_irrelevant:
        kwargs["include_irrelevant"] = True
    try:
        n = fn(Store(db), Path(output) if output else sys.stdout, **kwargs)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--table") from None
    click.echo(f"exported {n} rows", err=True)


@main.command()
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (loopback by default).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--token",
    envvar="EVENTWIRE_TOKEN",
    default=None,
    help="Access token required on every API request (env EVENTWIRE_TOKEN).",
)
@click.option("--public", is_flag=True, help="Allow a non-loopback --host without a token.")
@click.option(
    "--lake",
    type=click.Path(exists=True, file_okay=False),
    default=None,
    help="Serve a Parquet lake directly (DuckDB views over its files) instead of --db.",
)
def serve(db: str, host: str, port: int, token: str | None, public: bool, lake: str | None) -> None:
    """Serve the dashboard and the read-only HTTP API over the store (OpenAPI docs at /docs)."""
    from .web import serve as _serve

    if lake:
        from .engine.importer import lake_view_db

        db = str(lake_view_db(lake))
    try:
        _serve(db, host=host, port=port, public=public, token=token)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None


@main.command()
@click.option(
    "--feeds",
    "feeds_file",
    type=click.Path(exists=True, dir_okay=False),
    help="A file of feed URLs, one per line (# comments).",
)
@click.option(
    "--feed", "feed_urls", multiple=True, metavar="URL", help="An RSS or Atom feed URL (repeatable)."
)
@click.option(
    "--folder",
    "folders",
    multiple=True,
    type=click.Path(exists=True, file_okay=False),
    help="A folder whose new or changed files are read (repeatable).",
)
@DB_OPTION
@click.option(
    "--interval",
    default=300.0,
    show_default=True,
    type=click.FloatRange(min=1),
    help="Seconds between polls.",
)
@click.option("--once", is_flag=True, help="Poll once and exit.")
@click.option(
    "--max-pages",
    default=200,
    show_default=True,
    type=click.IntRange(1),
    help="Pages fetched (or files read) per poll; the rest wait for the next.",
)
@click.option(
    "--delay",
    default=1.0,
    show_default=True,
    type=click.FloatRange(min=0),
    help="Seconds between two requests to one host (more when its robots.txt asks).",
)
@click.option(
    "--timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="Seconds to wait for an answer.",
)
@click.option(
    "--user-agent",
    default=None,
    help="User-Agent to send (default names eventwire; add a contact address for long watches).",
)
@click.option(
    "--processes",
    "-p",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Annotation worker processes, each loading the models once.",
)
@click.option(
    "--batch-size",
    default=16,
    show_default=True,
    type=click.IntRange(1, 1000),
    help="Articles coded and stored together (smaller: each shows up sooner).",
)
@click.option(
    "--components", default=None, help="Comma-separated annotation components to run (default: all)."
)
@click.option(
    "--set",
    "settings",
    multiple=True,
    metavar="COMPONENT.OPTION=VALUE",
    help="A component option (repeatable).",
)
@click.option(
    "--no-stories", is_flag=True, help="Skip the copies/stories/canonical-events update after each poll."
)
@click.option(
    "--serve",
    "serve_too",
    is_flag=True,
    help="Also serve the dashboard and API from this process (the fastest way to serve a store being watched; docs/live.md).",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="With --serve: address to bind.")
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="With --serve: port."
)
@click.option(
    "--token",
    envvar="EVENTWIRE_TOKEN",
    default=None,
    help="With --serve: access token required on every API request (env EVENTWIRE_TOKEN).",
)
@click.option("--public", is_flag=True, help="With --serve: allow a non-loopback --host without a token.")
@click.option("--quiet", "-q", is_flag=True, help="No line per poll.")
def watch(feeds_file: str | None, feed_urls: tuple[str, ...], folders: tuple[str, ...], db: str, interval: float,
          once: bool, max_pages: int, delay: float, timeout: float, user_agent: str | None, processes: int,
          batch_size: int, components: str | None, settings: tuple[str, ...], no_stories: bool, serve_too: bool,
          host: str, port: int, token: str | None, public: bool, quiet: bool) -> None:  # fmt: skip
    """Follow RSS/Atom feeds and folders; store each new item, coded, every --interval seconds.

    Each new item's page is fetched (politely: a User-Agent naming eventwire, one request at a
    time per host with --delay between, conditional GET, robots.txt respected, at most
    --max-pages per poll), its article extracted, coded and stored. What was seen lives in the
    store, so a restart (even after kill -9) resumes without fetching a stored item again.
    A broken feed or page is a reject line and never stops the others. `eventwire serve` can
    serve the same store meanwhile. Stop with Ctrl-C or SIGTERM."""
    import signal
    import threading

    from .api import watch as _watch
    from .live import PollSummary, WatchOptions, read_feed_list

    urls = list(feed_urls)
    if feeds_file:
        urls.extend(read_feed_list(feeds_file))
    if not urls and not folders:
        raise click.UsageError("nothing to watch: give --feeds FILE, --feed URL or --folder DIR")
    options = WatchOptions(
        max_pages=max_pages, delay=delay, timeout=timeout, processes=processes, stories=not no_stories,
        batch_size=batch_size,
        **({"user_agent": user_agent} if user_agent else {}),
    )  # fmt: skip
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())

    def polled(p: PollSummary) -> None:
        if not quiet:
            click.echo(f"poll: {p.line()}", err=True)

    server = {"host": host, "port": port, "token": token, "public": public} if serve_too else None
    import logging

    logging.basicConfig(format="eventwire: %(message)s")  # a failed poll, the --serve address
    try:
        summary = _watch(
            urls, folders, db, interval, once, _config(components, settings), options,
            on_reject=lambda r: _echo_notice(Notice.of_reject(r)), on_poll=polled, stop=stop, serve=server,
        )  # fmt: skip
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    t = summary.totals
    click.echo(
        f"watch (run {summary.run_id}): {summary.polls} polls, fetched {t['fetched']}, stored {t['stored']}, "
        f"updated {t['updated']}, duplicates {t['duplicates']}, rejected {t['rejected']}, "
        f"feed errors {t['feed_errors']} -> {db}"
    )


@main.command()
@DB_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def feeds(db: str, as_json: bool) -> None:
    """The feeds and folders `eventwire watch` follows, with last status and item counts."""
    from .api import feeds as _feeds

    try:
        rows = _feeds(db)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(rows, indent=1, default=str))
        return
    if not rows:
        click.echo(f"no feeds in {db}: start with `eventwire watch --feed URL --db {db}`")
        return
    from rich.console import Console
    from rich.table import Table

    t = Table("feed", "status", "last poll", "items", "stored", "dup", "rejected", "pending", "error")
    for r in rows:
        when = r["last_poll"].strftime("%Y-%m-%d %H:%M:%S") if r["last_poll"] else "never"
        status = r["last_status"] or "-"
        if r["errors"]:
            status += f" ({r['errors']} in a row)"
        t.add_row(r["url"], status, when, *(str(r[k]) for k in ("items", "stored", "duplicates", "rejected", "pending")),
                  r["last_error"] or "")  # fmt: skip
    Console(width=200).print(t)


@main.command()
@click.argument("text")
@click.option(
    "--date",
    "-d",
    default=None,
    metavar="YYYY-MM-DD",
    help="The date the text was written: people are coded by the office they held then (without one: their latest office).",
)
@ACTORS_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the actor as JSON (null when none).")
def actor(text: str, date: str | None, as_json: bool) -> None:
    """Code the actor TEXT names: canonical name, country, sector and why (the knowledge row
    or rule), as of --date. Prints "none" and exits 1 when TEXT names no actor."""
    from dataclasses import asdict

    from .api import code_actor
    from .knowledge.actors import ActorTableError

    files = click.get_current_context().meta.get(_ACTORS_META, ())
    try:
        a = code_actor(text, date=date, actors=files)
    except (TypeError, ActorTableError) as exc:
        raise click.UsageError(str(exc)) from None
    except ValueError as exc:
        raise click.BadParameter(
            str(exc).removeprefix("code_actor: "), param_hint="TEXT" if "text" in str(exc) else "--date"
        ) from None
    if as_json:
        click.echo(json.dumps(asdict(a) if a else None, ensure_ascii=False))
    elif a is None:
        click.echo("none")
    else:
        click.echo(f"{a.canonical or a.text}\t{a.country or '-'}\t{a.sector or '-'}")
        click.echo(f"  text: {a.text!r} [{a.start}:{a.end}]")
        click.echo(f"  why:  {a.why or '-'}")
    if a is None:
        sys.exit(1)


@main.command()
def components() -> None:
    """List the annotation components, readers and export formats that are registered."""
    from . import annotate  # noqa: F401
    from . import readers as _readers  # noqa: F401
    from .export import exporters
    from .registry import components as comps
    from .registry import readers

    click.echo("components (default order): " + ", ".join(Config().components))
    click.echo("components (registered):    " + ", ".join(comps.names()))
    click.echo("readers:                    " + ", ".join(readers.names()))
    click.echo("export formats:             " + ", ".join(exporters.names()))


if __name__ == "__main__":
    main()
