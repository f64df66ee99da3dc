"""Reading the dependency parse: small helpers the trigger, modality, frame and role rules share."""

from __future__ import annotations

from ..vocabulary import vocab

CLAUSE_DEPS = {"xcomp", "ccomp", "advcl", "pcomp", "conj", "relcl", "acl"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "expl"}


def children_with(token, deps):
    return [c for c in token.children if c.dep_ in deps]


def direct_object(token):
    objs = children_with(token, ("dobj",))
    return objs[0] if objs else None


def agent_objects(token, by_words: frozenset[str] | None = None) -> list:
    """Who a 'by' phrase of ``token`` names (its 'agent' children, or with ``by_words`` its
    prepositions of those words): not a negated one, which names who did not act ('shelled not by
    the rebels but by government forces', 'carried out by the rebels, not by the army'); its 'but
    by X' conjunct, wherever the parser hung it, instead."""
    phrases = [c for c in token.children
               if c.dep_ == "agent" or (by_words is not None and c.dep_ == "prep" and c.lower_ in by_words)]
    found = []
    for phrase in phrases:
        alternatives = [phrase] + [k for k in phrase.children if k.dep_ == "conj" and k.pos_ == "ADP"]
        if _negated_phrase(phrase):
            # 'not by X, but by Y': the parser may hang 'but by Y' from the main verb
            alternatives = alternatives[1:] or [t for t in token.doc[phrase.i + 1:token.sent.end]
                                                  if t.dep_ == "conj" and t.lower_ == phrase.lower_][:1]
        found += [g for p in alternatives if not _negated_phrase(p) for g in p.children if g.dep_ == "pobj"]
    return found


def _negated_phrase(prep) -> bool:
    return any(c.dep_ == "neg" for c in prep.children) or (prep.i > 0 and prep.nbor(-1).dep_ == "neg")


def participle_patient(token):
    """'prisoners released by the rebels', 'families evacuated from the island by the navy': a past participle
    with its agent, describing a noun, acts on that noun (as a passive verb does on its subject)."""
    if (token.dep_ == "acl" and token.tag_ == "VBN" and token.head.i != token.i
            and token.head.pos_ in ("NOUN", "PROPN") and any(c.dep_ == "agent" for c in token.children)):
        return token.head
    return None


def will_clause(clause) -> bool:
    """'(warned) it would respond', '(agreed) talks will resume': a clause about what is to come."""
    future = vocab().future_aux
    return any(a.lower_ in future for a in clause.children)


def is_question(clause) -> bool:
    """'(asked) whether Russia would withdraw', '(asked) if ...': an indirect question."""
    marks = vocab().question_mark
    return any(m.dep_ == "mark" and m.lower_ in marks for m in clause.children)


def to_infinitive(clause) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in vocab().infinitive_mark for c in clause.children)


def infinitive_of_object(node) -> bool:
    """'asked the UN on Sunday to deploy': an infinitive the parser hung on the verb as a
    purpose clause although it completes the verb's object (object control)."""
    return (node.dep_ == "advcl" and node.head.i != node.i and node.head.pos_ == "VERB"
            and to_infinitive(node)
            and any(c.dep_ in ("dobj", "dative") for c in node.head.children)
            and any(c.dep_ == "prep" or c.dep_ == "npadvmod" for c in node.head.children if node.head.i < c.i < node.i))


def governing_verb(noun, through: frozenset[str] | None = None):
    """The verb a noun phrase is the object of, through prepositional chains ('could lead to
    renewed fighting'); with ``through``, only through those prepositions ('two weeks of joint
    exercises': of), so an actor is not taken from 'AFP has more on the claim about the attack'."""
    node = noun
    for _ in range(4):
        if node.dep_ in ("dobj", "nsubjpass", "attr") and node.head.pos_ in ("VERB", "AUX"):
            return node.head
        if node.dep_ == "pobj" and node.head.dep_ == "prep":
            prep = node.head
            if prep.head.pos_ in ("VERB", "AUX"):
                return prep.head
            if through is not None and prep.lower_ not in through:
                return None
            node = prep.head
            continue
        return None
    return None


def name_as_aux(token) -> bool:
    """'Theresa May held talks': the tagger reads the surname as the modal; NER knows better."""
    return token.ent_type_ == "PERSON" and token.text[:1].isupper() and token.i > token.sent.start


def is_actor_like(token, nouns: frozenset[str] = frozenset()) -> bool:
    """Cheap test before roles are resolved (the resolver decides for real)."""
    if token.lower_ in vocab().non_actor_pronoun:
        return False
    lemma = token.lemma_.lower()
    return (token.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or token.pos_ in ("PROPN", "PRON")
            or lemma in vocab().actor_noun or lemma in nouns)


def tree_depth(token) -> int:
    depth = 0
    while token.head.i != token.i and depth < 50:
        token = token.head
        depth += 1
    return depth


def expand_conjuncts(tokens) -> list:
    out = []
    for token in tokens:
        out.append(token)
        out.extend(t for t in token.conjuncts if t.i > token.i)
    return out
