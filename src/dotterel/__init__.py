"""dotterel: offline political event coding, from news articles to PLOVER event records.

Library first: ``code_text`` codes one article, ``code_articles`` streams many.
Nothing heavy is imported here; the spaCy pipeline loads on first use.
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["code_text", "code_articles", "__version__"]


def __getattr__(name: str):
    if name in ("code_text", "code_articles"):
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(name)
