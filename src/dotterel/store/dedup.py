"""Near-duplicate articles and the rules that merge mentions into one event.

Articles: an exact copy has the same content hash (the text with whitespace collapsed); from
the same source it is the same article, from another source a near-duplicate of similarity 1.0.
A near-duplicate (a wire story reprinted with a new headline, a trimmed paragraph, a
changed dateline) has a MinHash signature (``datasketch``) over word shingles that agrees
with its original's in most positions; candidates are found through LSH band buckets
stored in the database (so the index is written in the article's own transaction) and
confirmed by the estimated Jaccard similarity.

Mentions: two coded records describe the same happening when they have the same PLOVER
category, share an actor or recipient code and disagree on neither role's codes, happen
within a day of each other (or in overlapping date ranges of at most a week), and are in the same or an
unknown place.  Events are the connected components of that relation, so the grouping and
the counts do not depend on the order in which articles arrive.  The store finds candidate
pairs in SQL (shared category, role code and nearby dates, through ``match_keys``) and
decides with ``mentions_match``.  A mention of unknown place can join two events of different
places (single linkage): a report that says less joins everything it is consistent with.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

NUM_PERM = 128
THRESHOLD = 0.7  # estimated Jaccard similarity from which an article is a near-duplicate
SHINGLE = 4  # words per shingle
_WORD = re.compile(r"\w+", re.UNICODE)
_SPACE = re.compile(r"\s+")


def content_hash(text: str) -> str:
    """The article's identity: its text with runs of whitespace collapsed."""
    normal = _SPACE.sub(" ", text).strip()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:32]


def article_key(content: str, source_key: str) -> str:
    """The stored article's id: its content hash and where it came from.  The same text from
    another source is another article (a reprint that counts as a second source)."""
    return hashlib.sha256(f"{content}|{source_key}".encode("utf-8")).hexdigest()[:32]


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i:i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


@dataclass(frozen=True)
class Signature:
    hashvalues: tuple[int, ...]
    bands: tuple[tuple[int, int], ...]  # (band, bucket)


def lsh_shape(threshold: float = THRESHOLD, num_perm: int = NUM_PERM) -> tuple[int, int]:
    """Bands and rows per band, as datasketch's MinHashLSH chooses them for this threshold."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


@lru_cache(maxsize=1)
def _permutations():
    from datasketch import MinHash

    template = MinHash(num_perm=NUM_PERM, seed=1)
    return template.permutations, template.scheme


def signature(text: str, shape: tuple[int, int]) -> Signature:
    """MinHash over the text's shingles (CRC-32 as the 32-bit hash), and its LSH band keys."""
    from datasketch import MinHash

    permutations, scheme = _permutations()  # made once: building them is most of a small MinHash's cost
    mh = MinHash(num_perm=NUM_PERM, seed=1, hashfunc=zlib.crc32, permutations=permutations, scheme=scheme)
    mh.update_batch(sorted(shingles(text)))
    hashvalues = mh.hashvalues.astype("<u8")
    bands, rows = shape
    keys = [(band, int.from_bytes(hashlib.blake2b(hashvalues[band * rows:(band + 1) * rows].tobytes(),
                                                  digest_size=8).digest(), "big"))
            for band in range(bands)]
    values = tuple(hashvalues.tolist())
    return Signature(values, tuple(keys))


def similarity(a: tuple[int, ...] | list[int], b: tuple[int, ...] | list[int]) -> float:
    """Estimated Jaccard similarity: the share of MinHash positions that agree."""
    if not a or len(a) != len(b):
        return 0.0
    return sum(1 for x, y in zip(a, b) if x == y) / len(a)


# ---------------------------------------------------------------------------- merge rule
def date_range(start: date | None, end: date | None) -> tuple[date, date] | None:
    if start is None:
        return None
    return start, end if end is not None and end >= start else start


MAX_SPAN_DAYS = 7  # a date range longer than this is vague ('in March', 'in 2018'), not a happening's dates


def mergeable_span(span: tuple[date, date] | None) -> bool:
    return span is not None and (span[1] - span[0]).days <= MAX_SPAN_DAYS


def dates_match(a: tuple[date, date] | None, b: tuple[date, date] | None) -> bool:
    """Within a day of each other, or overlapping ranges of at most a week ('Sept. 23-27').

    An unknown date never matches, nor does a vague one (a month, a year, a decade): 'in 2018
    Turkey invaded Afrin' would otherwise join every report of the year into one event."""
    if not mergeable_span(a) or not mergeable_span(b):
        return False
    day = timedelta(days=1)
    return a[0] <= b[1] + day and b[0] <= a[1] + day


def codes_match(a1: set, a2: set, r1: set, r2: set) -> bool:
    """Both roles agree (a shared code, or both roles uncoded) and something coded is shared."""
    actor_ok = bool(a1 & a2) or (not a1 and not a2)
    recipient_ok = bool(r1 & r2) or (not r1 and not r2)
    return actor_ok and recipient_ok and bool(a1 & a2 or r1 & r2)


def places_match(c1, g1, res1, c2, g2, res2) -> bool:
    """Same or unknown place: an unknown country matches anything; otherwise the same country,
    and two places finer than a province must be the same place."""
    if c1 is None or c2 is None:
        return True
    if c1 != c2:
        return False
    if res1 is None or res2 is None or res1 <= 2 or res2 <= 2:
        return True
    return g1 == g2


def mentions_match(m1: dict, m2: dict) -> bool:
    """The merge rule on two mention rows (keys as in the ``mentions`` table)."""
    return (m1["event"] == m2["event"]
            and dates_match(date_range(m1["date"], m1["enddate"]), date_range(m2["date"], m2["enddate"]))
            and codes_match(set(m1["actor_codes"]), set(m2["actor_codes"]),
                            set(m1["recipient_codes"]), set(m2["recipient_codes"]))
            and places_match(m1["country"], m1["geonameid"], m1["resolution"],
                             m2["country"], m2["geonameid"], m2["resolution"]))


def copies_match(copy: dict, original: dict) -> bool:
    """A near-duplicate's mention joins its original's mention of the same category that shares
    a coded actor or recipient (and disagrees on neither role), or that comes from the same
    sentence, whatever their dates and places say: a reprint dated a day later resolves
    'yesterday' to another day, but it reports the same happening."""
    if copy["event"] != original["event"]:
        return False
    if copy["text"] and copy["text"] == original["text"]:
        return True
    return codes_match(set(copy["actor_codes"]), set(original["actor_codes"]),
                       set(copy["recipient_codes"]), set(original["recipient_codes"]))
