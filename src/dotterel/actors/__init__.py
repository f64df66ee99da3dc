"""Stage 4, actors: who is who in an article, coded to PLOVER country and sector.

Modules, from data to decisions:

- ``lexicon``: the packaged lexicons (countries, organisations, people, sectors) loaded and
  validated into an ``ActorLexicon``;
- ``dictionary``: a user's PETRARCH/TABARI or CSV dictionaries (``ActorDictionary``), read by
  ``petrarch`` and ``dictcsv`` (shared parts in ``dictfile``), codes mapped by ``cameo``;
- ``text``: words of unparsed text (article words, names, subdivision names);
- ``phrases``: noun-phrase geometry on the parse (which tokens make up or describe an actor);
- ``matching``: phrases to codes (dictionary first, then the lexicon) and sectors;
- ``context``: ``ArticleContext``, what the article has said so far (people, countries);
- ``scan``: the cheap pass over unparsed words (countries named, people introduced by title);
- ``persons``: people described, listed or mentioned again (surnames, pronouns, role nouns);
- ``locate``: countries from where things are, and the actors' home country;
- ``resolver``: ``ActorResolver``, a noun phrase to its entities.
"""

from .cameo import cameo_to_plover
from .context import ArticleContext, PersonRecord
from .dictfile import DictEntry, DictionaryError
from .dictionary import ActorDictionary, DictMatch
from .lexicon import ActorLexicon, LexEntry, country_aliases, load_actor_lexicon, read_people, seat_aliases
from .matching import Match
from .phrases import common_lemma, span_text
from .resolver import ActorResolver, is_pronoun, speaker_subject
from .text import article_words, inside_place_name

__all__ = [
    "ActorDictionary", "ActorLexicon", "ActorResolver", "ArticleContext", "DictEntry", "DictMatch", "DictionaryError",
    "LexEntry", "Match", "PersonRecord", "article_words", "cameo_to_plover", "common_lemma", "country_aliases",
    "inside_place_name", "is_pronoun", "load_actor_lexicon", "read_people", "seat_aliases", "span_text",
    "speaker_subject",
]
