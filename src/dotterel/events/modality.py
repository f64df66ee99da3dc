"""Modality of a trigger: negated, future, hypothetical (or asserted) from its clause and the clauses above it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..vocabulary import vocab
from .tree import CLAUSE_DEPS, governing_verb, is_actor_like, name_as_aux, to_infinitive

if TYPE_CHECKING:
    from .lexicon import EventLexicon

MODALITIES = ("asserted", "negated", "future", "hypothetical", "historical")
# kinds of modality.tsv (its header says what each means); a row of any other kind is a file:line error.
# Subordinators ('if', 'unless', 'whether') are word classes (condition_mark, question_mark), not cues.
CUE_KINDS = ("aux", "neg", "det", "adv", "refuse", "pledge", "oblig", "oblig-verb")


def clause_modality(token, lex: EventLexicon) -> str:
    """Negation, future and hypothetical cues on the trigger's own clause (for a noun, also the
    verb it depends on: 'could lead to renewed fighting')."""
    if token.pos_ == "NOUN":
        own = own_modality(token, lex)
        verb = governing_verb(token)
        if verb is None and token.dep_ in ("nsubj", "nsubjpass") and token.head.pos_ in ("VERB", "AUX"):
            verb = token.head  # "an assault on the enclave would lead to a catastrophe"
        return own if own != "asserted" or verb is None else own_modality(verb, lex)
    if token.pos_ == "ADJ" and token.dep_ == "acomp" and token.head.i != token.i:
        return own_modality(token.head, lex)  # "Russia was not responsible": the copula carries it
    return own_modality(token, lex)


def own_modality(token, lex: EventLexicon) -> str:
    result = "asserted"
    hedged = False
    for child in token.children:
        lower = child.lower_
        if child.dep_ == "neg" or (lower, "neg") in lex.modality_cues and child.dep_ in ("neg", "advmod"):
            return "negated"
        if child.dep_ == "advmod" and lower in vocab().cessation_adv and any(g.dep_ == "neg" for g in child.children):
            return "negated"  # "will no longer demand": the act has stopped
        if child.dep_ == "det" and (lower, "det") in lex.modality_cues:
            return lex.modality_cues[(lower, "det")]
        if child.dep_ in ("aux", "auxpass") and (lower, "aux") in lex.modality_cues and not name_as_aux(child):
            result = lex.modality_cues[(lower, "aux")]
        if child.dep_ == "advmod" and (lower, "adv") in lex.modality_cues:
            if lex.modality_cues[(lower, "adv")] == "negated" and any(c.lemma_ == "have" for c in token.children):
                return "negated"  # "has yet to"
            if lex.modality_cues[(lower, "adv")] == "future":
                result = "future" if result == "asserted" else result
            elif lex.modality_cues[(lower, "adv")] == "hypothetical":
                hedged = True  # "would likely reject", "will probably meet": a guess, not a report
    if result == "hypothetical" and _would_in_reported_future(token) and not hedged:
        result = "future"
    if hedged and result in ("asserted", "future", "hypothetical"):
        result = "hypothetical"
    if result == "asserted" and _negated_around(token):
        return "negated"
    if result == "asserted" and _purpose_of_future(token, lex):
        return "future"
    return result


def _purpose_of_future(token, lex: EventLexicon) -> bool:
    """'will appoint a panel to investigate': an infinitive of purpose under a future act is future."""
    if token.dep_ not in ("advcl", "relcl", "acl") or token.head.i == token.i:
        return False
    if not to_infinitive(token):
        return False
    verb = token.head if token.head.pos_ in ("VERB", "AUX") else governing_verb(token.head)
    return verb is not None and any(c.dep_ == "aux" and lex.modality_cues.get((c.lower_, "aux")) == "future"
                                    for c in verb.children)


def _negated_around(token) -> bool:
    """Negation outside the trigger's own dependents: 'has yet to release', 'neither X nor Y agreed',
    'no tear gas was used', 'never acknowledged wrongdoing or apologised'."""
    head = token.head
    if token.dep_ == "xcomp" and head.lemma_ in ("have", "be") and any(c.lower_ == "yet" for c in head.children):
        return True
    if token.dep_ == "xcomp" and head.lemma_ == "be" and _cannot_be(head):
        return True  # "it was not possible to talk to them", "was unable to meet"
    for child in token.children:
        if child.dep_ in ("nsubj", "nsubjpass", "dobj"):
            if any(g.dep_ in ("det", "preconj") and g.lower_ in vocab().negative_det for g in child.children):
                return True
    if token.dep_ == "conj" and head.pos_ in ("VERB", "AUX"):
        return any(c.dep_ == "neg" for c in head.children) and not any(c.dep_ in ("nsubj", "neg") for c in token.children)
    return False


def _cannot_be(copula) -> bool:
    """A copula saying its infinitive cannot happen: negated with an adjective ('was not possible',
    'is not able'), or with an adjective of impossibility ('was impossible', 'were unable')."""
    adjectives = [c for c in copula.children if c.dep_ == "acomp"]
    if not adjectives:
        return False
    return (any(c.dep_ == "neg" for c in copula.children)
            or any(a.lower_ in vocab().impossible_adj for a in adjectives))


def _would_in_reported_future(token) -> bool:
    """'announced it would withdraw': would after a past reporting verb is future in the past."""
    would = vocab().would_aux
    has_would = any(c.lower_ in would for c in token.children)
    return has_would and token.dep_ == "ccomp" and token.head.tag_ == "VBD"


def in_conditional(token) -> bool:
    """The trigger sits in an 'if/unless' clause or under one, or is the consequence of one
    ('will retaliate if the Turks overstep'); a nominal event through its verb ('a meeting, if it
    were to take place, would be the first')."""
    if token.pos_ in ("NOUN", "PROPN") and token.dep_ in ("nsubj", "nsubjpass") and token.head.i != token.i:
        token = token.head
    for child in token.children:
        if child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in vocab().condition_mark for m in child.children):
            return True
    node = token
    for _ in range(6):
        if any(c.dep_ == "mark" and c.lower_ in vocab().condition_mark | vocab().question_mark for c in node.children):
            return True
        if node.dep_ not in CLAUSE_DEPS or node.head.i == node.i:
            return _under_condition_noun(token)
        node = node.head
    return _under_condition_noun(token)


def _under_condition_noun(token) -> bool:
    """'in case Isis raided the house', 'in case of an attack': the trigger's clause or phrase hangs
    from 'in' + a bare condition noun (word class condition_noun; not 'in the case of the girl'),
    however the parser attached it (a mark and a bare noun, a relative clause of the noun, or a
    prepositional chain)."""
    nouns, preps = vocab().condition_noun, vocab().condition_prep
    node = token
    for _ in range(6):
        if (node.lemma_.lower() in nouns and node.dep_ == "pobj" and node.head.lower_ in preps and node is not token
                and not any(c.dep_ == "det" for c in node.children)):
            return True  # 'in case of an attack', 'in case the army attacked' (relcl of 'case')
        if any(c.lower_ in preps and c.dep_ == "mark" for c in node.children) and any(
                c.lemma_.lower() in nouns and c.i < node.i for c in node.children):
            return True  # 'in case Isis raided': 'in' the clause's mark, 'case' a bare dependent
        edge = node.left_edge.i
        if (node.pos_ in ("VERB", "AUX") and edge >= node.sent.start + 2 and node.doc[edge - 1].lemma_.lower() in nouns
                and node.doc[edge - 1].dep_ == "pobj" and node.doc[edge - 2].lower_ in preps):
            return True  # 'the right to respond in case the groups are targeting': the clause hung elsewhere
        if node.head.i == node.i or (node.dep_ not in CLAUSE_DEPS and node.dep_ not in ("pobj", "prep")):
            return False
        node = node.head
    return False


def awaited(token) -> bool:
    """The trigger's clause is what an act to come waits for: an 'until/before' clause in the present
    tense under a clause with will/would ('would not end their strike until ministers meet the
    union'); a past one ('fought until the army withdrew') reports what happened."""
    node = token
    for _ in range(3):
        if node.dep_ == "advcl" and node.head.i != node.i and any(
                m.dep_ == "mark" and m.lower_ in vocab().awaited_mark for m in node.children):
            present = node.tag_ in ("VBZ", "VBP") or any(
                a.dep_ in ("aux", "auxpass") and a.tag_ in ("VBZ", "VBP") for a in node.children)
            return present and any(a.dep_ == "aux" and a.lower_ in vocab().future_aux for a in node.head.children)
        if node.dep_ not in ("conj", "xcomp") or node.head.i == node.i:
            return False
        node = node.head
    return False


def inherited_modality(token, lex: EventLexicon) -> str:
    """A trigger in a participle or infinitive clause under a modal or future verb takes its
    modality: 'could lead to Erdogan reaching a deal', 'will force them to withdraw'. A clause with
    its own subordinator ('after', 'because') or a reported one (ccomp) keeps its own."""
    node = token
    for _ in range(3):
        head = node.head
        if node.dep_ == "conj" and not any(c.dep_ in ("aux", "auxpass") for c in node.children):
            pass  # "will invade and destroy": the conjuncts share the auxiliary
        elif head.dep_ == "prep" and node.dep_ == "pcomp":
            head = head.head
        elif node.dep_ == "advcl" and not any(c.dep_ == "mark" for c in node.children) and node.tag_ == "VBG":
            pass
        elif node.dep_ != "xcomp":
            return "asserted"
        if head.i == node.i or head.pos_ not in ("VERB", "AUX"):
            return "asserted"
        outer = own_modality(head, lex)
        if outer in ("hypothetical", "future"):
            return outer
        node = head
    return "asserted"


def aux_cue(token, kind: str, lex: EventLexicon) -> bool:
    """The clause of ``token`` has an auxiliary listed as a cue of ``kind`` (modality.tsv)."""
    return any(c.dep_ in ("aux", "auxpass") and (c.lower_, kind) in lex.modality_cues and not name_as_aux(c)
               for c in token.children)


def is_refusal(token, lex: EventLexicon) -> bool:
    """A negated act to come or a negated ability: 'will not lift', 'would never meet', 'cannot accept'."""
    return token.pos_ in ("VERB", "AUX", "ADJ") and aux_cue(token, "refuse", lex)


def conditional_consequence(token, lex: EventLexicon) -> bool:
    """The trigger is what an if/unless clause conditions, pledged with will/would ('Turkey will walk
    out unless Greece recalls its ships'), not the condition itself nor a speculation ('may')."""
    if not aux_cue(token, "pledge", lex) or any(c.dep_ == "auxpass" for c in token.children):
        return False  # "would most likely be held in a third country": a passive speculation, no one pledges
    if any(c.dep_ == "mark" and c.lower_ in vocab().condition_mark | vocab().question_mark for c in token.children):
        return False  # the trigger is in the if-clause: the condition
    node = token
    for _ in range(3):
        if any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in vocab().condition_mark for m in c.children)
               for c in node.children):
            return True
        if node.dep_ not in ("xcomp", "conj") or node.head.i == node.i:
            return False
        node = node.head
    return False


def obligation_clause(clause, lex: EventLexicon) -> bool:
    """'(said) Serbia must recognise', '(said) Iran should release', '(said) Israel needs to end':
    a that-clause laying an obligation on a named party (not a pronoun: 'it must' is the speaker's own)."""
    subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
    if subjects and _demanded_act(clause, subjects[0], lex):
        return True  # "(said) military intervention must be avoided", "(said) reform of the WHO was needed"
    if not subjects or subjects[0].pos_ not in ("PROPN", "NOUN") or not is_actor_like(subjects[0], lex.actor_nouns):
        return False  # "any meaningful conference should be recognised by both": no party is asked
    if aux_cue(clause, "oblig", lex):
        return True
    # 'needs to end', 'has to release': the verb itself is the cue, with a to-infinitive
    return (clause.lemma_.lower(), "oblig-verb") in lex.modality_cues and any(
        c.dep_ == "xcomp" and to_infinitive(c) for c in clause.children)


def _demanded_act(clause, subject, lex: EventLexicon) -> bool:
    """A passive obligation on an act, with no one named to do it: 'an end to the shelling must be
    found', 'the executions must be stopped', 'reform of the commission was needed' (manual 3.8: a
    demand; whoever is to act is left to the reader). The subject is an act (an event or demand noun);
    a passive naming its agent ('should be recognised by both Moscow and Kyiv') is not this."""
    if subject.dep_ != "nsubjpass" or subject.pos_ != "NOUN" or any(c.dep_ == "agent" for c in clause.children):
        return False
    lemma = subject.lemma_.lower()
    if lemma not in lex.nouns and lemma not in vocab().demand_noun:
        return False
    return aux_cue(clause, "oblig", lex) or (clause.lemma_.lower(), "oblig-verb") in lex.modality_cues
