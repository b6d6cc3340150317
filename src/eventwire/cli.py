"""The command line: thin commands over the Python API (api.py); no extraction logic here."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__
from .context import Config
from .model import Reject
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


def _config(components: str | None, settings: tuple[str, ...] = ()) -> Config:
    cfg = Config()
    if components:
        cfg.components = [c.strip() for c in components.split(",") if c.strip()]
    for item in settings:
        # --set events.implicit_targets=false -> Config.options["events"]["implicit_targets"] = False
        key, eq, raw = item.partition("=")
        component, dot, name = key.strip().partition(".")
        if not (eq and dot and component and name):
            raise click.BadParameter(f"{item!r}: use COMPONENT.OPTION=VALUE, e.g. places.default_country=USA")
        try:
            value = json.loads(raw)  # numbers, true/false, null; anything else is a string
        except json.JSONDecodeError:
            value = raw
        cfg.options.setdefault(component, {})[name] = value
    return cfg


def _print_reject(r: Reject) -> None:
    click.echo(f"rejected {r}", err=True)


INPUT_OPTIONS = [
    click.argument("paths", nargs=-1, required=True),
    click.option("--format", "fmt", default=None, help="Input format (seed, text, json, jsonl, csv, tsv, html, parquet); default: by extension."),
    click.option("--csv-columns", default=None, help="CSV column mapping, e.g. text=body,date=published,title=headline."),
    click.option("--processes", "-p", default=1, show_default=True, type=click.IntRange(1, 64), help="Worker processes, each loading the models once."),
    click.option("--components", default=None, help="Comma-separated annotation components to run (default: all, see `eventwire components`)."),
    click.option("--set", "settings", multiple=True, metavar="COMPONENT.OPTION=VALUE", help="A component option (repeatable), e.g. --set places.default_country=USA --set events.implicit_targets=false; options are listed in the README."),
]  # fmt: skip


def input_options(f):  # type: ignore[no-untyped-def]
    for opt in reversed(INPUT_OPTIONS):
        f = opt(f)
    return f


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
def extract(paths: tuple[str, ...], fmt: str | None, csv_columns: str | None, processes: int,
            components: str | None, settings: tuple[str, ...], output: str | None) -> None:  # fmt: skip
    """Annotate documents and print one eventwire/1 JSON object per document (JSONL), in input order."""
    from .api import extract as _extract
    from .contract import to_dict

    out = open(output, "w", encoding="utf-8") if output else sys.stdout
    n = rejected = 0

    def on_reject(r: Reject) -> None:
        nonlocal rejected
        rejected += 1
        _print_reject(r)

    try:
        for doc in _extract(
            paths, fmt, _columns(csv_columns), processes, _config(components, settings), on_reject
        ):
            out.write(json.dumps(to_dict(doc), ensure_ascii=False) + "\n")
            n += 1
            for w in doc.warnings:
                click.echo(f"warning {doc.article.origin or doc.article.id}: {w}", err=True)
    finally:
        if output:
            out.close()
    click.echo(f"extracted {n} documents, rejected {rejected}", err=True)


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
    help="Parquet lake folder (default with --engine: ./lake).",
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
def run(paths: tuple[str, ...], fmt: str | None, csv_columns: str | None, processes: int,
        components: str | None, settings: tuple[str, ...], db: str, quiet: bool, engine: str | None,
        lake: str | None, workers: int, scheduler: str | None, no_stories: bool) -> None:  # fmt: skip
    """Read + annotate + store into the DuckDB file, with progress and a summary.

    With --engine or --lake, write a Parquet lake partitioned by date instead: resumable (a
    rerun skips finished partitions) and distributable with --engine dask."""
    if engine or lake or scheduler:
        _run_lake(
            list(paths),
            lake or "lake",
            engine or "local",
            workers,
            scheduler,
            _config(components, settings),
            quiet,
        )
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from .api import RunSummary
    from .api import run as _run

    console = Console(stderr=True)
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(bar_width=None), TimeElapsedColumn(),
        console=console, disable=quiet, transient=False,
    ) as bar:  # fmt: skip
        task = bar.add_task("reading", total=None)

        def progress(s: RunSummary) -> None:
            bar.update(
                task,
                description=f"{s.stored} stored · {s.duplicates} dup · {s.rejected} rejected · "
                f"{s.rate:.1f} articles/s",
            )

        summary = _run(
            paths, db, fmt, _columns(csv_columns), processes, _config(components, settings),
            progress=progress, on_reject=lambda r: console.print(f"[yellow]rejected[/] {r}", markup=True, highlight=False),
            stories=not no_stories,
        )  # fmt: skip
    s = summary.as_dict()
    click.echo(
        f"run {s['run_id']}: read {s['read']}, stored {s['stored']}, duplicates {s['duplicates']}, "
        f"rejected {s['rejected']}, warnings {s['warnings']} in {s['seconds']:.1f} s "
        f"({s['articles_per_second']:.1f} articles/s) -> {db}"
    )
    if summary.stories:
        _echo_stories(summary.stories)


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
              config: Config, quiet: bool) -> None:  # fmt: skip
    from .engine.runner import LakeSummary, run_lake

    def progress(s: LakeSummary) -> None:
        if not quiet:
            done = s.skipped + s.processed
            click.echo(f"\r{done}/{s.partitions} partitions, {s.counts.get('articles', 0)} articles, "
                       f"{s.counts.get('articles', 0) / max(s.seconds, 1e-9):.1f} articles/s", nl=False, err=True)  # fmt: skip

    from .readers.remote import RemoteError

    try:
        s = run_lake(paths, lake, engine, workers, scheduler, config, progress=progress)
    except RemoteError as exc:
        raise click.ClickException(str(exc)) from exc
    if not quiet:
        click.echo("", err=True)
    c = s.counts
    click.echo(
        f"{engine}: {s.partitions} partitions ({s.skipped} already done), {c.get('articles', 0)} articles, "
        f"{c.get('events', 0)} events, {c.get('rejects', 0)} rejected in {s.seconds:.1f} s -> {lake}"
    )


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
    """Run a read-only SQL query against the store."""
    import csv as _csv

    import duckdb

    from .store.duckdb_store import Store

    try:
        cols, rows = Store(db).sql(query)
    except duckdb.Error as exc:
        raise click.ClickException(str(exc).splitlines()[0]) from None
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
def export(db: str, fmt: str, table: str | None, output: str | None) -> None:
    """Export the store: JSONL (eventwire/1 documents), CSV or Parquet tables."""
    from .export import exporters
    from .store.duckdb_store import Store

    try:
        fn = exporters.get(fmt)
    except KeyError as exc:
        raise click.BadParameter(str(exc.args[0]), param_hint="--format") from None
    if output is None and fmt == "parquet":  # a binary format; the text ones may go to stdout
        raise click.UsageError(f"--format {fmt} needs -o FILE")
    kwargs = {"table": table} if table else {}
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
