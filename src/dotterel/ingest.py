"""Stage 1, ingest: read articles from files, directories and stdin as ``Article`` records.

Readers stream: one article at a time, never the whole corpus.  A record that cannot be
read becomes an :class:`InputError` passed to ``on_error`` (file and line named) and the
rest of the input goes on.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path

from . import errors
from .errors import InputError
from .records import Article

TEXT_EXTENSIONS = {".txt", ".text"}
JSONL_EXTENSIONS = {".jsonl", ".ndjson", ".json"}
CSV_EXTENSIONS = {".csv"}
HTML_EXTENSIONS = {".html", ".htm"}
KNOWN_EXTENSIONS = TEXT_EXTENSIONS | JSONL_EXTENSIONS | CSV_EXTENSIONS | HTML_EXTENSIONS

ErrorHandler = Callable[[InputError], None]


def parse_date(value: object, origin: str) -> date | None:
    """Publication dates are ISO dates; a timestamp's date part is accepted."""
    if value in (None, ""):
        return None
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError as exc:
        raise InputError(origin, errors.E008.format(value=text)) from exc


def _check_text(text: str, origin: str) -> str:
    if "\x00" in text:
        raise InputError(origin, errors.E005)
    if not text.strip():
        raise InputError(origin, errors.E004)
    return text


def _decode(data: bytes, origin: str) -> str:
    if b"\x00" in data[:4096]:
        raise InputError(origin, errors.E005)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(origin, errors.E005) from exc


def _article_from_mapping(record: dict, origin: str, fallback_id: str, default_date: date | None) -> Article:
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError(origin, errors.E007)
    _check_text(text, origin)
    given_id = record.get("id")
    return Article(
        doc_id=str(given_id) if given_id not in (None, "") else fallback_id,
        text=text,
        title=record.get("title") or None,
        date=parse_date(record.get("date"), origin) or default_date,
        url=record.get("url") or None,
        source=record.get("source") or None,
        origin=origin,
    )


def read_text_file(path: Path, default_date: date | None, label: str | None = None) -> Iterator[Article]:
    name = label or str(path)
    text = _check_text(_decode(path.read_bytes(), name), name)
    yield Article(doc_id=name, text=text, date=default_date, origin=name)


def _jsonl_records(lines: Iterable[str], name: str, default_date, on_error: ErrorHandler) -> Iterator[Article]:
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        origin = f"{name}:{lineno}"
        try:
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(origin, errors.E002.format(detail=exc.msg)) from exc
            if not isinstance(record, dict):
                raise InputError(origin, errors.E002.format(detail="line is not a JSON object"))
            yield _article_from_mapping(record, origin, origin, default_date)
        except InputError as exc:
            on_error(exc)


def read_jsonl(path: Path, default_date: date | None, on_error: ErrorHandler, label: str | None = None) -> Iterator[Article]:
    """JSON Lines; also a JSON array of records or a single JSON object (a .json file)."""
    name = label or str(path)
    with path.open("rb") as handle:
        if b"\x00" in handle.read(4096):
            raise InputError(name, errors.E005)
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    stripped = text.lstrip()
    if stripped.startswith("["):
        yield from _json_array(stripped, name, default_date, on_error)
        return
    if stripped.startswith("{") and "\n" in stripped.strip() and _whole_object(stripped):
        yield from _json_array("[" + stripped + "]", name, default_date, on_error)  # one pretty-printed object
        return
    yield from _jsonl_records(text.splitlines(), name, default_date, on_error)


def _whole_object(text: str) -> bool:
    """Is the whole text one JSON object (a pretty-printed record), rather than JSON Lines?"""
    try:
        return isinstance(json.loads(text), dict)
    except json.JSONDecodeError:
        return False


def _json_array(text: str, name: str, default_date, on_error: ErrorHandler) -> Iterator[Article]:
    try:
        items = json.loads(text)
    except json.JSONDecodeError as exc:
        on_error(InputError(f"{name}:{exc.lineno}", errors.E002.format(detail=exc.msg)))
        return
    for index, record in enumerate(items, start=1):
        origin = f"{name}:[{index}]"
        try:
            if not isinstance(record, dict):
                raise InputError(origin, errors.E002.format(detail="item is not a JSON object"))
            yield _article_from_mapping(record, origin, origin, default_date)
        except InputError as exc:
            on_error(exc)


def _csv_records(handle: io.TextIOBase, name: str, default_date, on_error: ErrorHandler) -> Iterator[Article]:
    csv.field_size_limit(sys.maxsize)
    reader = csv.DictReader(handle)
    if reader.fieldnames is None or "text" not in reader.fieldnames:
        on_error(InputError(f"{name}:1", errors.E003))
        return
    start = reader.line_num + 1
    for record in reader:
        origin = f"{name}:{start}"  # a record may span lines: name the line where it starts
        start = reader.line_num + 1
        try:
            yield _article_from_mapping(record, origin, origin, default_date)
        except InputError as exc:
            on_error(exc)


def read_csv(path: Path, default_date: date | None, on_error: ErrorHandler, label: str | None = None) -> Iterator[Article]:
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        yield from _csv_records(handle, label or str(path), default_date, on_error)


def read_html(path: Path, default_date: date | None, label: str | None = None) -> Iterator[Article]:
    name = label or str(path)
    yield article_from_html(_decode(path.read_bytes(), name), name, default_date)


def article_from_html(html: str, name: str, default_date: date | None, url: str | None = None,
                      source: str | None = None) -> Article:
    """The main text, title and stated date of a page (a file, or one a feed pointed to)."""
    import trafilatura  # heavy: imported only when HTML is read
    from htmldate import find_date

    text = trafilatura.extract(html, include_comments=False, include_tables=False)
    if not text or not text.strip():
        raise InputError(name, errors.E010)
    meta = trafilatura.extract_metadata(html)
    title = getattr(meta, "title", None) if meta else None
    if title and text.split("\n", 1)[0].strip() == title.strip():
        text = text.split("\n", 1)[1] if "\n" in text else text  # the headline is not the lede
    # only a date the page states in its metadata; a guess from a copyright footer is no date
    found = find_date(html, extensive_search=False, original_date=True)
    pub = parse_date(found, name) if found else None
    return Article(doc_id=name, text=text, title=title, date=pub or default_date,
                   url=url or getattr(meta, "url", None), source=source, origin=name)


def read_path(path: Path, default_date: date | None, on_error: ErrorHandler) -> Iterator[Article]:
    """Read one file of any supported kind; problems go to ``on_error``."""
    ext = path.suffix.lower()
    try:
        if ext not in KNOWN_EXTENSIONS:
            raise InputError(str(path), errors.E006.format(ext=ext or "(none)"))
        if ext in TEXT_EXTENSIONS:
            yield from read_text_file(path, default_date)
        elif ext in JSONL_EXTENSIONS:
            yield from read_jsonl(path, default_date, on_error)
        elif ext in CSV_EXTENSIONS:
            yield from read_csv(path, default_date, on_error)
        else:
            yield from read_html(path, default_date)
    except OSError as exc:
        on_error(InputError(str(path), errors.E001.format(detail=exc.strerror or exc.__class__.__name__)))
    except InputError as exc:
        on_error(exc)


def iter_files(path: Path) -> Iterator[Path]:
    """A directory is read recursively, by extension, in a stable order."""
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            if child.is_file() and child.suffix.lower() in KNOWN_EXTENSIONS:
                yield child
    else:
        yield path


def read_stdin(default_date: date | None, on_error: ErrorHandler, stream: io.TextIOBase | None = None) -> Iterator[Article]:
    """stdin holds JSONL when every non-blank line is a JSON object, else one plain-text article."""
    text = (stream or sys.stdin).read()
    lines = [line for line in text.splitlines() if line.strip()]
    if lines and all(line.lstrip().startswith("{") for line in lines):
        yield from _jsonl_records(text.splitlines(), "<stdin>", default_date, on_error)
        return
    try:
        yield Article(doc_id="<stdin>", text=_check_text(text, "<stdin>"), date=default_date, origin="<stdin>")
    except InputError as exc:
        on_error(exc)


def read_inputs(inputs: Iterable[str], default_date: date | None, on_error: ErrorHandler) -> Iterator[Article]:
    """Articles from every input: paths, directories, or ``-`` for stdin."""
    for item in inputs:
        if item == "-":
            yield from read_stdin(default_date, on_error)
            continue
        path = Path(item)
        if not path.exists():
            on_error(InputError(item, errors.E001.format(detail="no such file or directory")))
            continue
        for file in iter_files(path):
            yield from read_path(file, default_date, on_error)
