"""Stage 2, clean: normalise text, drop repeated paragraphs, lift the dateline off.

Scraped news repeats itself (a lede printed twice, a paragraph duplicated by a
template); an event must come out once, so repeats are removed here, and what was
removed is kept on the record.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from . import errors
from .records import Article, CleanArticle, Dateline
from .resources import active_data_dir
from .when import load_time_words

log = logging.getLogger(__name__)
# Bounds that keep the cost of one article bounded whatever its size: text beyond
# MAX_ARTICLE_CHARS is cut off; a run of text with no sentence end longer than
# MAX_SENTENCE_CHARS is split at spaces (the parser's cost grows with sentence length, and
# no news sentence is that long); paragraphs are split at sentence ends to at most
# MAX_PARAGRAPH_CHARS (spaCy refuses texts over 1,000,000 characters: error E088).
MAX_ARTICLE_CHARS = 200_000  # 3x the longest article of the Guardian sample (58,265)
MAX_PARAGRAPH_CHARS = 200_000  # whole articles often come as one paragraph (58,000 characters seen)
MAX_SENTENCE_CHARS = 2_000
_SENTENCE_END = re.compile(r"([.!?]+[\"')\]]*\s+)")

_DATELINE = r"""^\s*
    (?P<place>[A-Z][A-Z'.\- ]{1,40}(?:,\s*[A-Z][A-Za-z.'\- ]{1,30})?)   # BEIJING / KABUL, Afghanistan
    (?:,?\s*(?P<date>(?:MONTHS)[a-z]*\.?\s+\d{1,2}(?:,\s*\d{4})?))?    # , Sept. 27
    \s*(?:\((?P<agency>[A-Za-z][A-Za-z .&-]{0,30})\))?                   # (Xinhua)
    \s*(?:--|—|–|-)\s+"""


@lru_cache(maxsize=4)
def dateline_pattern(data_dir: Path | None = None) -> re.Pattern:
    """The dateline pattern, its month names those of ``time_words.tsv`` ('Sept.', 'September')."""
    months = "|".join(re.escape(w) for w in sorted(load_time_words(data_dir).month_forms, key=lambda w: (-len(w), w)))
    return re.compile(_DATELINE.replace("MONTHS", months), re.VERBOSE)


_SPACES = re.compile(r"[ \t\f\v]+")
_QUOTES = MappingProxyType(str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u00ad": None}))


def normalise(text: str) -> str:
    """NFKC turns no-break and other odd spaces into plain ones; quotes become ASCII."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def split_dateline(text: str) -> tuple[Dateline | None, str]:
    """Remove a leading dateline; only uppercase place words count, so ordinary sentences stay."""
    match = dateline_pattern(active_data_dir()).match(text)
    if not match:
        return None, text
    place = match.group("place").strip().rstrip(",")
    place_words = place.split(",")[0]
    letters = place_words.replace(" ", "").replace(".", "").replace("-", "").replace("'", "")
    if not letters.isupper() or len(letters) < 3:
        return None, text
    if not (match.group("date") or match.group("agency")):
        return None, text  # "NATO, Russia -- talks resumed." is a sentence, not a dateline
    dateline = Dateline(
        place=place.title() if place.isupper() else place,
        date_text=match.group("date"),
        agency=match.group("agency"),
        raw=match.group(0).strip(),
    )
    return dateline, text[match.end():]


def _unwrap(block: str) -> list[str]:
    """The paragraphs of a block of lines: hard-wrapped lines ('met her\nEthiopian ...') join.

    A line ends its paragraph when it ends a sentence (. ! ? : or a closing quote) or is a
    short first line, like a headline; otherwise the next line continues it.
    """
    paragraphs: list[str] = []
    current = ""
    for number, line in enumerate(block.split("\n")):
        line = line.strip()
        if not line:
            continue
        current = f"{current} {line}" if current else line
        if line[-1] in ".!?:\"'”’" or (number == 0 and len(line) < 40):
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return paragraphs


def _key(paragraph: str) -> str:
    return re.sub(r"\W+", " ", paragraph).strip().lower()


def drop_repeats(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """Keep the first of identical paragraphs; also a paragraph that repeats the previous one's opening."""
    kept: list[str] = []
    dropped: list[str] = []
    seen: set[str] = set()
    for paragraph in paragraphs:
        key = _key(paragraph)
        if not key:
            continue
        if key in seen:
            dropped.append(paragraph)
            continue
        seen.add(key)
        kept.append(paragraph)
    return kept, dropped


def truncate(text: str, limit: int = MAX_ARTICLE_CHARS) -> str:
    """At most ``limit`` characters, cut at the last space before it when there is one."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", limit // 2, limit)
    return text[:cut if cut > 0 else limit]


def bound_paragraph(paragraph: str) -> tuple[list[str], int]:
    """A paragraph as pieces of at most MAX_PARAGRAPH_CHARS, none holding a sentence longer
    than MAX_SENTENCE_CHARS; also how many over-long sentences had to be split."""
    if len(paragraph) <= MAX_SENTENCE_CHARS:
        return [paragraph], 0
    parts = _SENTENCE_END.split(paragraph)
    sentences = [a + b for a, b in zip(parts[0::2], parts[1::2] + [""])]
    pieces: list[str] = []
    current: list[str] = []
    size = split = 0
    for sentence in sentences:
        if len(sentence) > MAX_SENTENCE_CHARS:
            split += 1
            chunks = _chop(sentence, MAX_SENTENCE_CHARS)
        else:
            chunks = [sentence]
        for chunk in chunks:
            if current and (size + len(chunk) > MAX_PARAGRAPH_CHARS or len(chunks) > 1):
                pieces.append("".join(current).strip())
                current, size = [], 0
            current.append(chunk)
            size += len(chunk)
            if len(chunks) > 1:  # each piece of a split sentence is a paragraph of its own
                pieces.append("".join(current).strip())
                current, size = [], 0
    if current:
        pieces.append("".join(current).strip())
    return [p for p in pieces if p], split


def _chop(text: str, limit: int) -> list[str]:
    """Pieces of at most ``limit`` characters, cut at spaces where possible (linear time)."""
    pieces = []
    pos = 0
    while len(text) - pos > limit:
        cut = text.rfind(" ", pos + limit // 2, pos + limit)
        cut = cut if cut > pos else pos + limit
        pieces.append(text[pos:cut])
        pos = cut
    pieces.append(text[pos:])
    return pieces


def clean_article(article: Article) -> CleanArticle:
    """Normalise, lift the dateline, unwrap lines, drop repeats and bound the sizes.

    What had to be cut or split is logged once per article, naming the record.
    """
    origin = article.origin or article.doc_id
    notes: list[str] = []
    text = truncate(article.text)
    if len(text) < len(article.text):
        notes.append(errors.W003.format(length=len(article.text), limit=MAX_ARTICLE_CHARS))
    text = normalise(text)
    dateline, text = split_dateline(text)
    paragraphs = [p.strip() for block in re.split(r"\n\s*\n", text) for p in _unwrap(block)]
    kept, dropped = drop_repeats([p for p in paragraphs if p])
    bounded: list[str] = []
    split = 0
    for paragraph in kept:
        pieces, count = bound_paragraph(paragraph)
        bounded.extend(pieces)
        split += count
    if split:
        notes.append(errors.W002.format(what=f"{split} sentence(s) longer than {MAX_SENTENCE_CHARS:,} characters",
                                        limit=MAX_SENTENCE_CHARS))
    for note in notes:
        log.warning(f"{origin}: {note}")
    return CleanArticle(
        article=article,
        text="\n\n".join(bounded),
        dateline=dateline,
        dropped=tuple(f"repeated paragraph: {p[:60]}" for p in dropped) + tuple(notes),
    )
