"""Trigger matching: a trigger row's lemma, particle, subject and object tests against a token.

An object test is a name starting with '@' in the object column of a trigger row; the
names and what they test are registered once in ``OBJECT_TESTS`` and the lexicon loader
rejects any other name with file:line.  Object words without '@' are matched against the
lemmas of what the trigger acts on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..actors.phrases import of_objects
from .modality import obligation_clause
from .tree import children_with, direct_object, infinitive_of_object, is_actor_like, is_question, participle_patient, will_clause
from ..vocabulary import vocab

if TYPE_CHECKING:
    from .lexicon import EventLexicon, TriggerRule


def _object_lemmas(token, event_nouns=frozenset(), core_only: bool = False) -> set[str]:
    """What a trigger acts on: direct object (and its compounds), passive subject, prepositional objects;
    with core_only, the direct object, passive subject or complement and its own words alone. An object
    that is itself an act ('announced the lifting of sanctions', one of ``event_nouns``) is what the verb
    acts on, not what that act is done to: its 'of' object is left out."""
    lemmas: set[str] = set()
    for child in token.children:
        if core_only and child.dep_ == "prep" and child.lower_ in vocab().object_predicate_prep:
            lemmas.update(g.lemma_.lower() for g in child.children if g.dep_ == "pobj")
            lemmas.update(c.lemma_.lower() for g in child.children if g.dep_ == "pobj"
                          for c in g.children if c.dep_ in ("compound", "amod"))
            continue  # 'held civilians as human shields': a predicate about the object
        if core_only and child.dep_ == "prep":
            lemmas.update(g.lemma_.lower() for g in child.children if g.dep_ == "pcomp")
            continue  # 'barred the lawyer from travelling': what the object is kept from doing
        if core_only and child.dep_ not in ("dobj", "nsubjpass", "attr", "oprd", "xcomp"):
            continue  # 'ordered the firm to pay damages': what the object is to do
        if child.dep_ in ("dobj", "nsubjpass", "attr", "oprd"):
            lemmas.add(child.lemma_.lower())
            lemmas.update(c.lemma_.lower() for c in child.conjuncts)  # "71 warplanes and seven navy ships"
            lemmas.update(c.lemma_.lower() for c in child.children if c.dep_ in ("compound", "amod", "nummod", "quantmod"))
            # "a fresh round of talks", "hundreds of prisoners", "$5 billion in aid": what the quantity is of
            if child.lemma_.lower() not in event_nouns:
                lemmas.update(g.lemma_.lower() for c in child.children
                              if c.dep_ == "prep" and (c.lower_ in vocab().partitive_prep or (c.lower_ == "in" and child.pos_ in ("NUM", "SYM")))
                              for g in c.children if g.dep_ == "pobj")
        elif child.dep_ in ("prep", "prt"):
            lemmas.add(child.lower_)
            lemmas.update(g.lemma_.lower() for g in child.children if g.dep_ in ("pobj", "pcomp"))
            # "walked out of parliament": the object of a preposition hanging on the particle
            lemmas.update(g.lemma_.lower() for p in child.children if p.dep_ == "prep" for g in p.children if g.dep_ == "pobj")
        elif child.dep_ == "xcomp":
            lemmas.add(child.lemma_.lower())  # "ordered the firm to pay damages"
        elif child.dep_ == "advmod":
            lemmas.add(child.lower_)
    lemmas.update(_participle_patient_lemmas(token))
    return lemmas


def _participle_patient_lemmas(token) -> set[str]:
    """The noun a participle with its agent acts on ('prisoners released by the rebels'): its head word
    only, for rows that name it ('the threat assessment issued by' names no threat; 'militias directed
    by Iran' pass no '@actor' test: a participle describing a noun is mostly background)."""
    noun = participle_patient(token)
    return set() if noun is None else {noun.lemma_.lower()}


def _of_object_lemmas(noun) -> set[str]:
    """What a nominalised act is done to: the object of its 'of' ('the release of the hostages',
    'the lifting of sanctions', 'the delivery of food aid'), with that object's compounds."""
    objs = of_objects(noun)
    objs += [o for g in objs for o in g.conjuncts]
    return {o.lemma_.lower() for o in objs} | {c.lemma_.lower() for o in objs for c in o.children if c.dep_ == "compound"}


def _excluded_lemmas(token) -> set[str]:
    """What a trigger acts on, for a row's exclusions: also the noun a relative or participle clause
    of the trigger describes ('the atrocities Isis committed', 'crimes committed by the regime')."""
    lemmas = _object_lemmas(token)
    if token.dep_ in ("relcl", "acl") and token.head.i != token.i:
        lemmas.add(token.head.lemma_.lower())
        lemmas.update(c.lemma_.lower() for c in token.head.children if c.dep_ == "compound")
    return lemmas


def _same_subject(clause, lex: EventLexicon) -> bool:
    """The clause's subject may be the speaker's side ('warned it would respond', 'warned that the
    army would retaliate'), not a thing or an event ('warned that an assault would lead to ...')."""
    inner = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not inner:
        return True
    subject = inner[0]
    if subject.lemma_.lower() in lex.nouns:
        return False
    return subject.pos_ != "NOUN" or is_actor_like(subject, lex.actor_nouns)


def _subject_lemmas(token) -> set[str]:
    """The subject's head lemma, also through a control verb ('troops are set to leave')."""
    subj = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subj and token.dep_ in ("xcomp", "conj") and token.head.i != token.i:
        subj = [c for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    return {s.lemma_.lower() for s in subj}


# --------------------------------------------------------------------------- object tests
# Each takes (trigger token, direct object or None, patient = object or passive subject, lexicon).

def _no_object(token, obj, patient, lex) -> bool:
    return obj is None


def _has_object(token, obj, patient, lex) -> bool:
    return obj is not None


def _actor_patient(token, obj, patient, lex) -> bool:
    if patient is not None and patient.pos_ in ("NUM", "PRON"):
        # "charged one of the opposition leaders", "arrested two of the activists": what is counted
        patient = next(iter(of_objects(patient)), patient)
    return patient is not None and is_actor_like(patient, lex.actor_nouns)


def _person_patient(token, obj, patient, lex) -> bool:
    if patient is None:
        return False
    if patient.ent_type_ == "PERSON" or patient.lemma_ in vocab().person_noun:
        return True
    # "freed the kidnapped engineers", "release two guards held captive by them": people named as captives
    # (not the trigger itself: 'towns held by Isis' are no captives of their holding)
    return any(c.dep_ in ("amod", "acl") and c.i != token.i and c.lemma_.lower() in vocab().captivity_word
               for c in patient.children)


def _place_object(token, obj, patient, lex) -> bool:
    return obj is not None and (obj.ent_type_ in ("GPE", "LOC", "FAC") or obj.pos_ == "PROPN" or obj.lemma_.lower() in vocab().place_noun)


def _event_complement(token, obj, patient, lex) -> bool:
    if obj is not None:
        return False
    pobjs = [g for c in token.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    return any(p.lemma_.lower() in lex.nouns or p.lemma_.lower() in vocab().demand_noun for p in pobjs)


def _verbal_complement(token, obj, patient, lex) -> bool:
    return any(c.dep_ == "xcomp" or infinitive_of_object(c) for c in token.children)


def _that_clause(token, obj, patient, lex) -> bool:
    return any(c.dep_ == "ccomp" and not is_question(c) for c in token.children)  # "asked that Israel allow aid in", not "asked whether"


def _will_clause_of_subject(token, obj, patient, lex) -> bool:
    # "warned it would respond with force", not "warned that an assault would lead to ..."
    return any(c.dep_ == "ccomp" and will_clause(c) and _same_subject(c, lex) for c in token.children)


def _obligation(token, obj, patient, lex) -> bool:
    # "said Serbia must recognise Kosovo", "a reminder that citizens must register": a demand (manual 3.8)
    return any(c.dep_ in ("ccomp", "acl") and obligation_clause(c, lex) for c in token.children)


WITH = "with"


def _with_actor(token, obj, patient, lex) -> bool:
    return any(c.lower_ == WITH and any(is_actor_like(g, lex.actor_nouns) for g in c.children) for c in token.children)


OBJECT_TESTS = {
    "@none": _no_object,
    "@any": _has_object,
    "@actor": _actor_patient,
    "@person": _person_patient,
    "@target": _has_object,
    "@place": _place_object,
    "@event": _event_complement,
    "@xcomp": _verbal_complement,
    "@ccomp": _that_clause,
    "@ccomp-will": _will_clause_of_subject,
    "@with-actor": _with_actor,
    "@ccomp-must": _obligation,
}


# the object tests that look at the direct object (or passive subject) itself, for _direct_object_rule
PATIENT_TESTS = frozenset({"@actor", "@person", "@place"})


# The words a sentence must hold for an object test to pass anywhere in it, for the sentence filter
# (``rule_words``): clauses, one word of each (a word stands for its inflections too); a test
# missing here needs no particular word.  Each mirrors its test above.

def _obligation_words(lex) -> tuple[frozenset[str], ...]:
    # an obligation auxiliary ('must'), or an obligation verb ('needs') with its infinitive's 'to'
    # or in the passive ('reform was needed': modality._demanded_act)
    aux = frozenset(word for word, kind in lex.modality_cues if kind == "oblig")
    verbs = frozenset(word for word, kind in lex.modality_cues if kind == "oblig-verb")
    return (aux | verbs,)


OBJECT_WORDS = {
    "@ccomp-will": lambda lex: (vocab().future_aux,),
    "@with-actor": lambda lex: (frozenset({WITH}),),
    "@ccomp-must": _obligation_words,
    "@event": lambda lex: (frozenset(lex.nouns) | vocab().demand_noun,),
}


def rule_words(rule: TriggerRule, lex: EventLexicon) -> tuple[frozenset[str], ...] | None:
    """What a sentence must hold besides the trigger word for ``rule_matches`` to accept ``rule``
    at any of its tokens: clauses, one word of each (a word stands for its word forms); () when
    the trigger word is enough; None when the rule can match nowhere.  The sentence filter reads
    this, so it must follow ``rule_matches`` step by step (tests/test_throughput.py checks it)."""
    clauses = [frozenset({word}) for word in rule.lemma[1:]]  # the rest of a multiword trigger
    if not rule.objects:
        return tuple(clauses)
    if rule.pos == "N":  # a noun's modifiers name its objects; of the tests, only an obligation counts
        options = [(frozenset({o}),) for o in rule.tests if not o.startswith("@")]
        if "@ccomp-must" in rule.tests:
            options.append(_obligation_words(lex))
        return None if not options else tuple(clauses) + _any_of(options)
    if rule.subjects:
        clauses.append(rule.subjects)
    if not rule.tests:
        return tuple(clauses)
    options = []
    for need in rule.tests:
        if need in OBJECT_TESTS:
            words = OBJECT_WORDS.get(need)
            options.append(words(lex) if words is not None else ())
        else:
            options.append((frozenset({need}),))
    return tuple(clauses) + _any_of(options)


def _any_of(options: list[tuple[frozenset[str], ...]]) -> tuple[frozenset[str], ...]:
    """One clause list that holds whenever any of the options holds (weaker, never stronger)."""
    if not options or any(not option for option in options):
        return ()
    if all(len(option) == 1 for option in options):
        return (frozenset().union(*(option[0] for option in options)),)
    from itertools import product

    return tuple(frozenset().union(*pick) for pick in product(*options))


def rule_matches(rule: TriggerRule, token, lex: EventLexicon) -> bool:
    particles = {c.lower_ for c in token.children if c.dep_ == "prt"}
    if particles - set(rule.lemma[1:]):
        return False  # a phrasal verb is another verb: "talked down" is not "talked"
    if len(rule.lemma) > 1 and not all(_has_part(token, word) for word in rule.lemma[1:]):
        return False
    if not rule.objects:
        return True
    if rule.pos == "N":
        mods = {c.lemma_.lower() for c in token.children} | {c.lower_ for c in token.children}
        mods |= _of_object_lemmas(token)  # "the release of 40 prisoners": what the act is done to
        if rule.exclusions & mods:
            return False  # "socialist convictions": the row does not hold with this modifier
        if not rule.tests:
            return True
        if "@ccomp-must" in rule.tests and _obligation(token, None, None, lex):
            return True  # "a reminder that citizens must register"
        return bool(mods & rule.objects)
    if rule.exclusions - {"opinion"} and rule.exclusions & _excluded_lemmas(token):
        return False  # "refused to comment", "the atrocities Isis committed": not with this object
    if "opinion" in rule.exclusions and any(c.dep_ == "ccomp" and not will_clause(c) for c in token.children):
        return False  # "agreed that the regime had used chemical weapons": an opinion shared, not an agreement
    if rule.subjects and not rule.subjects & _subject_lemmas(token):
        return False  # "troops will leave": the subject must be one of these
    if not rule.tests:
        return True
    obj, patient = _object_and_patient(token)
    lemmas = _object_lemmas(token, lex.nouns)
    for need in rule.tests:
        test = OBJECT_TESTS.get(need)
        if test(token, obj, patient, lex) if test is not None else need in lemmas:
            return True
    return False


def _object_and_patient(token):
    """The verb's direct object, and what it acts on: that object, else its passive subject ('were
    sanctioned')."""
    obj = direct_object(token)
    return obj, obj if obj is not None else next(iter(children_with(token, ("nsubjpass",))), None)


def _has_part(token, word: str) -> bool:
    """The rest of a multiword trigger: a particle ('hand over'), a preposition that opens the
    verb's complement ('call for talks', not 'signed on Wednesday'), or an object word
    ('open fire', 'take to the streets')."""
    for child in token.children:
        if child.lower_ != word and child.lemma_.lower() != word:
            if child.dep_ in ("dobj", "prep") and any(g.lower_ == word for g in child.children):
                return True
            continue
        if child.dep_ in ("prt", "dobj", "acomp", "advmod", "oprd", "compound"):
            return True
        if child.dep_ == "ccomp" and child.pos_ == "ADJ":
            return True  # "found the mayor guilty": a small clause parsed as a complement clause
        if child.dep_ in ("prep", "agent", "dative"):
            pobjs = [g for g in child.children if g.dep_ == "pobj"]
            if child.i <= token.i + 4 and not any(g.ent_type_ in ("DATE", "TIME") for g in pobjs):
                return True
    return False


def may_trigger(token, lex: EventLexicon) -> bool:
    """False when no trigger row can match the token, whatever its entity labels: its lemma is
    no trigger word and it is no past or -ing form whose lemma could be repaired (most words)."""
    lemma = token.lemma_.lower()
    return (lemma in lex.verbs or lemma in lex.nouns or lemma in lex.hyphen_tails
            or token.tag_ in ("VBD", "VBN", "VBG"))


def _state_participle(token) -> bool:
    """A participle after a verb of seeming ('feels threatened', 'seemed encouraged', however the
    parser hangs it: the verb as its auxiliary or the participle as the verb's complement)."""
    states = vocab().state_verb
    if token.dep_ in ("acomp", "oprd") and token.head.i != token.i and token.head.lemma_.lower() in states:
        return True
    return any(c.dep_ in ("aux", "auxpass") and (c.lemma_.lower() in states or c.lower_ in states)
               for c in token.children)


def match_trigger(token, lex: EventLexicon) -> TriggerRule | None:
    if not may_trigger(token, lex):
        return None  # the common case
    if token.tag_ == "VBN" and _state_participle(token):
        return None  # "Moscow feels threatened by Iran": how someone feels, not what anyone did
    lemma = token.lemma_.lower()
    prefix = _hyphen_prefix(token) if lemma in lex.hyphen_tails else None
    if prefix and token.pos_ in ("VERB", "AUX", "NOUN") and token.dep_ not in ("amod", "compound"):
        table = lex.verbs if token.pos_ != "NOUN" else lex.nouns
        for rule in table.get(f"{prefix}-{lemma}", ()):  # "test-fired": spaCy splits the word in three
            if rule_matches(rule, token, lex):
                return rule
    pos = "V"
    if token.pos_ in ("VERB", "AUX") or (token.pos_ == "ADJ" and token.tag_ == "VBN"):
        if token.dep_ in ("amod", "compound"):
            return None  # "detained traders", "the attacked convoy": a participle used as an adjective
        table = lex.verbs
    elif token.pos_ == "ADJ":  # a predicate adjective: "X was responsible for the attack"
        if token.dep_ not in ("acomp", "ccomp", "ROOT", "conj", "xcomp", "oprd") and not (
                token.dep_ == "amod" and token.head.lemma_.lower() in vocab().statement_noun):
            return None  # ('a report sharply critical of the ministry': what the report's issuer says)
        table, pos = lex.verbs, "A"
    elif token.pos_ == "NOUN":  # not PROPN: "March" the month is no march
        table = lex.nouns
        if token.dep_ in ("compound", "amod", "nmod"):
            return None  # "the attack helicopter fleet": a modifier is not an event
        if (token.dep_ == "pobj" and token.head.lower_ == "in" and not any(c.dep_ == "det" for c in token.children)
                and any(c.lower_ == "for" for c in token.children)):
            return None  # "in exchange for", "in return for": a conjunction, not an exchange
    else:
        return None
    if lemma not in table and pos == "V":
        lemma = _repaired_lemma(token, table) or lemma
    rules = table.get(lemma, ())
    at = next((n for n, rule in enumerate(rules) if (rule.pos == "A") == (pos == "A")
               and rule_matches(rule, token, lex)), None)
    first = None if at is None else rules[at]
    if pos == "V" and first is not None:
        # the rows before the first match match nothing here: the object's row is one from it on
        rule = _direct_object_rule(token, rules[at:], lex)
        if rule is not None and rule.weight >= first.weight:
            return rule  # not over a stronger prior (a hand row before a weaker imported one: 'host' a meeting)
    return first


def _direct_object_rule(token, rules, lex: EventLexicon) -> TriggerRule | None:
    """The first row whose object words name the verb's direct object itself: what a verb acts on
    is first its object, and only then a phrase beside it ('suspended aid to Malawi in protest at
    the arrests' suspends aid: SANCTION, not the CONCEDE of 'suspended their protest')."""
    heads = _object_lemmas(token, lex.nouns, core_only=True)
    if not heads:
        return None
    obj, patient = _object_and_patient(token)
    for rule in rules:
        if rule.pos != "V" or not (rule.tests or len(rule.lemma) > 1):
            continue  # 'find guilty': the rest of a multiword trigger names the object too
        on_object = bool((rule.tests | set(rule.lemma[1:])) & heads) or any(
            OBJECT_TESTS[t](token, obj, patient, lex) for t in rule.tests & PATIENT_TESTS)
        if on_object and rule_matches(rule, token, lex):
            return rule
    return None


def _repaired_lemma(token, table) -> str | None:
    """A past form the lemmatizer cut wrong ('staged' -> 'stag'): the form less its '-d' or '-ed',
    or an '-ing' form less its ending, when that is a trigger word."""
    word = token.lower_
    if token.tag_ in ("VBD", "VBN") and word.endswith("ed"):
        options = (word[:-1], word[:-2])
    elif token.tag_ == "VBG" and word.endswith("ing"):
        options = (word[:-3] + "e", word[:-3])
    else:
        return None
    return next((o for o in options if o in table), None)


def _hyphen_prefix(token) -> str | None:
    """The first half of a hyphenated word the tokenizer split ('test' in 'test-fired')."""
    doc = token.doc
    if token.i >= 2 and doc[token.i - 1].text == "-" and not doc[token.i - 1].whitespace_ and not doc[token.i - 2].whitespace_:
        return doc[token.i - 2].lower_
    return None


def framing_rule(token, lex: EventLexicon) -> TriggerRule | None:
    """A framing verb's row even when its own object test fails: 'warned that it would
    impose sanctions' frames the sanctions although 'warned' alone is no threat."""
    if token.pos_ not in ("VERB", "AUX"):
        return None
    particles = {c.lower_ for c in token.children if c.dep_ == "prt"}
    for rule in lex.verbs.get(token.lemma_.lower(), ()):
        if rule.frame == "threat" and not (particles - set(rule.lemma[1:])):
            return rule
    return None
