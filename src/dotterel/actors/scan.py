"""The cheap pass over an article's unparsed words: countries named, people introduced with a title."""

from __future__ import annotations

from ..records import Entity
from ..resources import NON_STATE_CODES
from ..vocabulary import vocab
from .context import ArticleContext
from .lexicon import ActorLexicon
from .text import capitalised_name, capitalised_name_before, inside_place_name


def count_countries(lex: ActorLexicon, ctx: ArticleContext, words: list[str]) -> None:
    """Country mentions in the whole article (no parse needed): the fallback context."""
    i = 0
    while i < len(words):
        entry = lex.match_at(words, i)
        if entry is None or inside_place_name(words, i, len(entry.tokens)):
            i += 1
            continue
        # a listed surname after another given name is someone else ("Luisa Ortega" is not Daniel Ortega)
        stranger = entry.kind == "person:surname" and i > 0 and words[i - 1][:1].isupper() and words[i - 1] not in entry.name.split()
        if entry.kind not in ("capital_ambiguous",) and entry.code not in NON_STATE_CODES and not stranger:
            ctx.country_counts[entry.code] += 1
        i += len(entry.tokens)


def scan_titled_names(lex: ActorLexicon, ctx: ArticleContext, words: list[str]) -> None:
    """Register people the article introduces with a nationality and a title, in any sentence,
    parsed or not: "US President Donald Trump", "Turkish Defence Minister Hulusi Akar".

    Only the pattern <country word> <title words> <2-4 capitalised words> counts; the person
    then codes later mentions ("Trump") by surname. No parse is needed.
    """
    i = 0
    while i < len(words):
        entry = lex.match_at(words, i)
        if entry is None or entry.kind not in ("name", "adjective") or entry.code in NON_STATE_CODES:
            i += 1
            continue
        j = i + len(entry.tokens)
        title = lex.title_at(words, j, any_case=i > 0 and words[i - 1].lower() in vocab().definite_article)
        if title is None:
            i = j
            continue
        k = j + title[0]
        office = " ".join(words[i:k])
        if k < len(words) and words[k] == ",":  # "the US president, Donald Trump,"
            k += 1
        name = capitalised_name(words, k)
        if not name and i >= 3 and words[i - 1].lower() in vocab().definite_article and words[i - 2] == ",":
            name = capitalised_name_before(words, i - 2)  # "Hulusi Akar, the Turkish defence minister"
        if name and ctx.find_person(" ".join(name)) is None:
            ctx.register(" ".join(name), Entity(" ".join(name), " ".join(name), entry.code, title[1], office,
                                                "description"), salient=False)
        i = k
