"""Words of unparsed text as the actor scans read them: article words, names, subdivision names."""

from __future__ import annotations

import re
from functools import lru_cache

_WORDS = re.compile(r"[A-Z]\.(?:[A-Z]\.)+|'s\b|[A-Za-z]+|[^\sA-Za-z]")


def article_words(text: str) -> list[str]:
    """The words of an article as the country counts and the name scan read them ('U.S.' is one)."""
    return _WORDS.findall(text)


@lru_cache(maxsize=1)
def place_phrases() -> frozenset[str]:
    """Two- and three-word subdivision names ('British Columbia', 'New Mexico', 'West Bengal'):
    a country word inside one of them does not name that country."""
    import pycountry

    names = set()
    for sub in pycountry.subdivisions:
        words = sub.name.split()
        if 2 <= len(words) <= 3:
            names.add(" ".join(w.lower() for w in words))
    return frozenset(names)


def inside_place_name(words: list[str], i: int, n: int) -> bool:
    """Is the match words[i:i+n] part of a longer subdivision name?"""
    phrases = place_phrases()
    for start in range(max(0, i - 2), i + 1):
        for end in range(i + n, min(len(words), i + n + 2) + 1):
            if end - start > n and " ".join(w.lower() for w in words[start:end]) in phrases:
                return True
    return False


def capitalised_name(words: list[str], k: int) -> list[str]:
    """Two to four capitalised words from k on: a person's name as news writes it."""
    name = []
    while k < len(words) and len(name) < 4 and words[k][:1].isupper() and words[k].isalpha():
        name.append(words[k])
        k += 1
    return name if 2 <= len(name) <= 4 else []


def capitalised_name_before(words: list[str], end: int) -> list[str]:
    """Two to four capitalised words ending just before words[end]."""
    start = end
    while start > 0 and end - start < 4 and words[start - 1][:1].isupper() and words[start - 1].isalpha():
        start -= 1
    return words[start:end] if 2 <= end - start <= 4 else []
