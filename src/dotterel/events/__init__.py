"""Stage 5, events: code PLOVER events from the dependency parse of a sentence.

A category is decided by a trigger *in its frame*: the trigger lemma, its object, its
particle, and the words that govern it ("threatened to impose sanctions" is THREATEN,
"called for a ceasefire" REQUEST, "is willing to work with" AGREE).  Roles come from the
parse (subject, passive agent, object, prepositional recipients, coordination).  All the
words live in data files (triggers, wrappers, frame rules, modality cues, mode keywords);
this package holds only the machinery.  Every event keeps its evidence: trigger span, the
rule (data file line) that fired, and the frame that changed it.

Modules, in the order a sentence goes through them:

- ``lexicon``: loading and validating the data files into an ``EventLexicon``;
- ``triggers``: matching a token against trigger rows, with the object-test registry;
- ``modality``: negation, future, hypothetical from the clause and the clauses above;
- ``frames``: the governor climb, wrappers, frame rules and role frames;
- ``candidates``: a sentence's triggers in their frames (``Candidate``);
- ``roles``: who acts and on whom, resolved to entities;
- ``build``: a sentence's coded events (``build_events``, ``SentenceCoder``: ``CodedEvent`` records),
  mode, CAMEO, confidence (the finished ``Event`` is made by ``dotterel.assemble.build_event``);
- ``tree``: parse-tree helpers the rules share; ``words``: the English words the rules test.
"""

from .build import SentenceCoder, build_events, consult_mode_from_place, contexts_of, mode_from_keywords
from .candidates import Candidate, find_candidates
from .lexicon import EventLexicon, FrameRule, TriggerRule, load_event_lexicon
from .modality import clause_modality
from .tree import expand_conjuncts
from .triggers import OBJECT_TESTS, match_trigger

__all__ = [
    "Candidate", "EventLexicon", "FrameRule", "OBJECT_TESTS", "SentenceCoder", "TriggerRule", "build_events",
    "clause_modality", "consult_mode_from_place", "contexts_of", "expand_conjuncts", "find_candidates",
    "load_event_lexicon", "match_trigger", "mode_from_keywords",
]
