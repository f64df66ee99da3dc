"""Stage 1, ingest: read articles from files, directories and stdin as ``Article`` records.

Readers stream: one article at a time, never the whole corpus.  A record that cannot be
read becomes an :class:`InputError` passed to ``on_error`` (file and line named) and the
rest of the input goes on.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
import logging
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path

from . import errors
from .errors import InputError
from .records import Article

TEXT_EXTENSIONS = frozenset({".txt", ".text"})
JSONL_EXTENSIONS = frozenset({".jsonl", ".ndjson", ".json"})
CSV_EXTENSIONS = frozenset({".csv"})
HTML_EXTENSIONS = frozenset({".html", ".htm"})
KNOWN_EXTENSIONS = TEXT_EXTENSIONS | JSONL_EXTENSIONS | CSV_EXTENSIONS | HTML_EXTENSIONS

ErrorHandler = Callable[[InputError], None]
log = logging.getLogger(__name__)
SAMPLE_BYTES = 1 << 16  # what encoding detection looks at
# byte-order marks, longest first (a UTF-32 LE mark begins with the UTF-16 LE one)
BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
WIDE_ENCODINGS = ("utf-16", "utf-32")  # decoded whole, not line by line


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


def detect_encoding(sample: bytes, complete: bool = True) -> str | None:
    """The encoding of text whose first bytes are ``sample``; None for binary data.

    A byte-order mark decides (UTF-8, UTF-16, UTF-32); NUL bytes are UTF-16/32 without a
    mark when they sit in every second (fourth) byte; then UTF-8 when the
    text holds a valid multi-byte sequence or no invalid byte (a UTF-8 file with a stray
    byte stays UTF-8), else cp1252, else latin-1.  Text with many control characters is binary.
    """
    for bom, encoding in BOMS:
        if sample.startswith(bom):
            return encoding
    encoding = _wide_without_bom(sample) if b"\x00" in sample else None
    if encoding is None:
        text = codecs.getincrementaldecoder("utf-8")("replace").decode(sample, final=complete)
        bad = text.count("\ufffd")
        good = sum(1 for c in text if ord(c) > 127) - bad
        if bad == 0 or good > 0:  # valid multi-byte sequences are rare in any other encoding
            encoding = "utf-8"
        else:
            try:
                sample.decode("cp1252")
                encoding = "cp1252"
            except UnicodeDecodeError:
                encoding = "latin-1"
    if encoding is None or _looks_binary(sample.decode(encoding, errors="replace")):
        return None
    return encoding


def _wide_without_bom(sample: bytes) -> str | None:
    """UTF-16/32 without a byte-order mark: Latin text has NUL in fixed byte positions."""
    def nul_share(data: bytes) -> float:
        return data.count(0) / max(1, len(data))

    lanes4 = [nul_share(sample[i::4]) for i in range(4)]
    if min(lanes4[1:]) > 0.9 and lanes4[0] < 0.1:
        return "utf-32-le"
    if min(lanes4[:3]) > 0.9 and lanes4[3] < 0.1:
        return "utf-32-be"
    even, odd = nul_share(sample[0::2]), nul_share(sample[1::2])
    if odd > 0.6 and even < 0.1:
        return "utf-16-le"
    if even > 0.6 and odd < 0.1:
        return "utf-16-be"
    return None


def _looks_binary(text: str) -> bool:
    """More than 1 in 20 characters (and more than 4) control characters, NUL included (tab,
    newlines, form feed apart): a stray NUL in a text file is a bad record, not a binary file."""
    controls = sum(1 for c in text if (ord(c) < 32 and c not in "\t\n\r\f\v") or 0x7F <= ord(c) < 0xA0)
    return controls > max(4, len(text) // 20)


def decode_bytes(data: bytes, origin: str) -> str:
    """Bytes of a whole document as text (see ``detect_encoding``); undecodable bytes are
    replaced with U+FFFD and a warning naming ``origin``; binary data is an InputError."""
    encoding = detect_encoding(data[:SAMPLE_BYTES], complete=len(data) <= SAMPLE_BYTES)
    if encoding is None:
        raise InputError(origin, errors.E005)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        log.warning(f"{origin}: " + errors.W001.format(encoding=encoding))
        return data.decode(encoding, errors="replace")


def _decoded_lines(path: Path, name: str, warn: bool = True) -> Iterator[str]:
    """The lines of a file, decoded one by one as ``decode_bytes`` would (streaming);
    a line with undecodable bytes gets them replaced and a warning naming file:line."""
    with path.open("rb") as handle:
        sample = handle.read(SAMPLE_BYTES)
        encoding = detect_encoding(sample, complete=len(sample) < SAMPLE_BYTES)
        if encoding is None:
            raise InputError(name, errors.E005)
        if encoding in WIDE_ENCODINGS or encoding.startswith(WIDE_ENCODINGS):
            handle.seek(0)
            data = handle.read()
            yield from (decode_bytes(data, name) if warn else data.decode(encoding, errors="replace")).splitlines(keepends=True)
            return
        handle.seek(len(codecs.BOM_UTF8) if encoding == "utf-8-sig" else 0)
        for lineno, raw in enumerate(handle, start=1):
            try:
                yield raw.decode(encoding)
            except UnicodeDecodeError:
                if warn:
                    log.warning(f"{name}:{lineno}: " + errors.W001.format(encoding=encoding))
                yield raw.decode(encoding, errors="replace")


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
    text = _check_text(decode_bytes(path.read_bytes(), name), name)
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
    lines = _decoded_lines(path, name)
    leading: list[str] = []  # blank lines up to the first non-blank one, kept for line numbers
    for line in lines:
        leading.append(line)
        if line.strip():
            break
    head = "".join(leading).lstrip("\ufeff \t\r\n")
    if head.startswith("[") or (head.startswith("{") and not _whole_object(head)):
        # a JSON array, or one pretty-printed object: the document is read whole
        text = "".join(leading) + "".join(lines)
        stripped = text.lstrip("\ufeff \t\r\n")
        if stripped.startswith("["):
            yield from _json_array(stripped, name, default_date, on_error)
            return
        if _whole_object(stripped):
            yield from _json_array("[" + stripped + "]", name, default_date, on_error)
            return
        yield from _jsonl_records(text.splitlines(), name, default_date, on_error)
        return
    yield from _jsonl_records(itertools.chain(leading, lines), name, default_date, on_error)


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


def _allow_long_csv_fields() -> None:
    """Let the csv module read fields of any length (its default stops at 128 KiB; long articles
    are cut later, with a warning): the largest value a C long holds on every platform, since
    sys.maxsize overflows it on Windows."""
    csv.field_size_limit(2**31 - 1)


def _csv_records(handle: Iterable[str], name: str, default_date, on_error: ErrorHandler) -> Iterator[Article]:
    _allow_long_csv_fields()
    reader = csv.DictReader(handle)
    try:
        fieldnames = reader.fieldnames
    except csv.Error as exc:
        on_error(InputError(f"{name}:1", errors.E019.format(detail=exc)))
        return
    if fieldnames is None or "text" not in fieldnames:
        on_error(InputError(f"{name}:1", errors.E003))
        return
    start = reader.line_num + 1
    while True:
        origin = f"{name}:{start}"  # a record may span lines: name the line where it starts
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # e.g. a bare carriage return inside an unquoted field
            start = reader.line_num + 1
            on_error(InputError(origin, errors.E019.format(detail=exc)))
            continue
        start = reader.line_num + 1
        try:
            yield _article_from_mapping(record, origin, origin, default_date)
        except InputError as exc:
            on_error(exc)


def read_csv(path: Path, default_date: date | None, on_error: ErrorHandler, label: str | None = None) -> Iterator[Article]:
    name = label or str(path)
    yield from _csv_records(_decoded_lines(path, name), name, default_date, on_error)


def read_html(path: Path, default_date: date | None, label: str | None = None) -> Iterator[Article]:
    name = label or str(path)
    yield article_from_html(decode_bytes(path.read_bytes(), name), name, default_date)


def article_from_html(html: str, name: str, default_date: date | None, url: str | None = None,
                      source: str | None = None) -> Article:
    """The main text, title and stated date of a page (a file, or one a feed pointed to)."""
    import trafilatura  # heavy: imported only when HTML is read
    from htmldate import find_date

    tree = _html_tree(html)
    text = trafilatura.extract(html if tree is None else tree, include_comments=False, include_tables=False)
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


def _html_tree(html: str):
    """The page parsed without libxml2's nesting limit (255 levels; deeper text was lost)."""
    import lxml.html
    from lxml import etree

    try:
        return lxml.html.fromstring(html.encode("utf-8"), parser=lxml.html.HTMLParser(huge_tree=True, encoding="utf-8"))
    except (etree.LxmlError, ValueError):
        return None


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
    if stream is None and hasattr(sys.stdin, "buffer"):
        try:
            text = decode_bytes(sys.stdin.buffer.read(), "<stdin>")
        except InputError as exc:
            on_error(exc)
            return
    else:
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


def count_records(inputs: Iterable[str]) -> int | None:
    """How many records ``read_inputs`` will pass on (articles and bad records), for a
    progress total; None when it cannot be known without reading everything (stdin, a JSON
    array).  A .jsonl counts its non-blank lines, a .csv its rows; unreadable files count 1."""
    total = 0
    for item in inputs:
        if item == "-":
            return None
        path = Path(item)
        if not path.exists():
            total += 1
            continue
        for file in iter_files(path):
            ext = file.suffix.lower()
            try:
                if ext == ".json":
                    return None
                if ext in JSONL_EXTENSIONS:
                    total += sum(1 for line in _decoded_lines(file, str(file), warn=False) if line.strip()) or 1
                elif ext in CSV_EXTENSIONS:
                    _allow_long_csv_fields()
                    total += max(1, sum(1 for _ in csv.reader(_decoded_lines(file, str(file), warn=False))) - 1)
                else:
                    total += 1
            except (OSError, InputError, csv.Error):
                total += 1
    return total
