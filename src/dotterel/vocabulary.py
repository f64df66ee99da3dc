"""Named word classes: the English words the rules test for, read once from ``word_classes.tsv``.

Each class is one row (like PETRARCH's ``&SYNSETS``): a name and its words.  The classes the
code uses are the fields of :class:`Vocabulary`; the loader checks that each is in the file,
that no class is defined twice and that words are lower case, naming file:line.  Every class
(also ones only data uses) can be referenced from a trigger row as ``&name``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from .errors import E012, E013, E014, DataFileError
from .resources import active_data_dir, data_path, read_tsv

_CLASS_NAME = re.compile(r"[a-z][a-z_]*")


@dataclass(frozen=True)
class Vocabulary:
    # event rules
    actor_noun: frozenset[str]
    non_actor_pronoun: frozenset[str]
    demand_noun: frozenset[str]
    subject_control_verb: frozenset[str]
    unresolved_pronoun: frozenset[str]
    protester_noun: frozenset[str]
    light_verb: frozenset[str]
    person_noun: frozenset[str]
    captive_word: frozenset[str]
    recipient_prep: frozenset[str]
    act_party_prep: frozenset[str]
    measure_noun: frozenset[str]
    patient_noun: frozenset[str]
    agent_prep: frozenset[str]
    partitive_prep: frozenset[str]
    object_predicate_prep: frozenset[str]
    culpable_adj: frozenset[str]
    condition_mark: frozenset[str]
    condition_noun: frozenset[str]
    condition_prep: frozenset[str]
    question_mark: frozenset[str]
    future_aux: frozenset[str]
    would_aux: frozenset[str]
    negative_det: frozenset[str]
    cessation_adv: frozenset[str]
    state_verb: frozenset[str]
    impossible_adj: frozenset[str]
    wh_adverb: frozenset[str]
    nominal_link_prep: frozenset[str]
    event_time_prep: frozenset[str]
    owner_agent_prep: frozenset[str]
    act_partner_prep: frozenset[str]
    relative_pronoun: frozenset[str]
    sideline_word: frozenset[str]
    backing_participle: frozenset[str]
    statement_noun: frozenset[str]
    issuing_verb: frozenset[str]
    statement_prep: frozenset[str]
    own_polity_noun: frozenset[str]
    passive_time_prep: frozenset[str]
    decree_noun: frozenset[str]
    awaited_mark: frozenset[str]
    captivity_word: frozenset[str]
    infinitive_mark: frozenset[str]
    # actors
    person_pronoun: frozenset[str]
    group_pronoun: frozenset[str]
    thing_pronoun: frozenset[str]
    place_noun: frozenset[str]
    polity_noun: frozenset[str]
    quantity_head: frozenset[str]
    role_head: frozenset[str]
    org_head: frozenset[str]
    first_person_pronoun: frozenset[str]
    owner_prep: frozenset[str]
    possessive_mark: frozenset[str]
    copula: frozenset[str]
    # places
    region_word: frozenset[str]
    locative_prep: frozenset[str]
    origin_prep: frozenset[str]
    direction_prep: frozenset[str]
    place_suffix: frozenset[str]
    region_filler: frozenset[str]
    article_det: frozenset[str]
    definite_article: frozenset[str]
    place_part_prep: frozenset[str]
    place_within_prep: frozenset[str]
    # every class of the file by name, for '&name' in trigger rows
    classes: Mapping[str, frozenset[str]]


def read_word_classes(data_dir: Path | None = None) -> dict[str, frozenset[str]]:
    """Every class of word_classes.tsv (of ``data_dir`` if given, else the packaged one)."""
    classes: dict[str, frozenset[str]] = {}
    for row in read_tsv("word_classes.tsv", ("class", "words"), path=data_path("word_classes.tsv", data_dir)):
        name, words = row["class"], row["words"].split()
        if not _CLASS_NAME.fullmatch(name) or name in classes:
            raise DataFileError(row.origin, E012.format(name=name))
        bad = [w for w in words if w != w.lower()] or [w for i, w in enumerate(words) if w in words[:i]]
        if bad or not words:
            raise DataFileError(row.origin, E013.format(name=name, word=bad[0] if bad else ""))
        classes[name] = frozenset(words)
    return classes


@lru_cache(maxsize=4)
def load_vocabulary(data_dir: Path | None = None) -> Vocabulary:
    classes = read_word_classes(data_dir)
    label = str(data_path("word_classes.tsv", data_dir) or "dotterel/data/word_classes.tsv")
    needed = {f.name: f for f in fields(Vocabulary) if f.name != "classes"}
    missing = sorted(set(needed) - set(classes))
    if missing:
        raise DataFileError(label, E014.format(name=missing[0]))
    return Vocabulary(**{name: classes[name] for name in needed}, classes=MappingProxyType(classes))


def vocab() -> Vocabulary:
    """The word classes of the coder now running: its data directory's, else the packaged ones
    (each loaded once)."""
    return load_vocabulary(active_data_dir())
