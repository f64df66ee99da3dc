"""Stage 2, clean: normalise text, drop repeated paragraphs, lift the dateline off.

Scraped news repeats itself (a lede printed twice, a paragraph duplicated by a
template); an event must come out once, so repeats are removed here, and what was
removed is kept on the record.
"""

from __future__ import annotations

import re
import unicodedata

from .records import Article, CleanArticle, Dateline

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATELINE = re.compile(
    r"""^\s*
    (?P<place>[A-Z][A-Z'.\- ]{1,40}(?:,\s*[A-Z][A-Za-z.'\- ]{1,30})?)   # BEIJING / KABUL, Afghanistan
    (?:,?\s*(?P<date>""" + _MONTH + r"""\s+\d{1,2}(?:,\s*\d{4})?))?        # , Sept. 27
    \s*(?:\((?P<agency>[A-Za-z][A-Za-z .&-]{0,30})\))?                   # (Xinhua)
    \s*(?:--|—|–|-)\s+""",
    re.VERBOSE,
)
_SPACES = re.compile(r"[ \t\f\v]+")
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u00ad": None})


def normalise(text: str) -> str:
    """NFKC turns no-break and other odd spaces into plain ones; quotes become ASCII."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def split_dateline(text: str) -> tuple[Dateline | None, str]:
    """Remove a leading dateline; only uppercase place words count, so ordinary sentences stay."""
    match = _DATELINE.match(text)
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


def clean_article(article: Article) -> CleanArticle:
    text = normalise(article.text)
    dateline, text = split_dateline(text)
    paragraphs = [p.strip() for block in re.split(r"\n\s*\n", text) for p in _unwrap(block)]
    kept, dropped = drop_repeats([p for p in paragraphs if p])
    return CleanArticle(
        article=article,
        text="\n\n".join(kept),
        dateline=dateline,
        dropped=tuple(f"repeated paragraph: {p[:60]}" for p in dropped),
    )
