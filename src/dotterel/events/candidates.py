"""Candidates: the triggers of a sentence, each combined with the frames above it and given a modality."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..actors.phrases import of_objects
from ..vocabulary import vocab
from .frames import COMMITMENTS, apply_named_frame, climb
from .modality import (awaited, clause_modality, conditional_consequence, in_conditional, inherited_modality, is_refusal,
                       own_modality)
from .tree import infinitive_of_object, tree_depth
from .triggers import match_trigger

if TYPE_CHECKING:
    from .lexicon import EventLexicon, TriggerRule


@dataclass
class Candidate:
    """A trigger matched in its frame, before roles are resolved."""

    token: object  # the spaCy token the event is anchored on
    rule: TriggerRule
    event: str
    mode: str | None
    modality: str
    frame: str | None
    subject_token: object  # the token whose subject is the actor
    inner: object | None = None  # the governed trigger token, when a frame combined two
    weight: float = 0.5
    act: tuple[str, str | None] | None = None  # the innermost act (event, mode), before any frame


def find_candidates(sent, lex: EventLexicon) -> list[Candidate]:
    """Every trigger of a sentence matched in its frame, with its modality, before roles."""
    found: dict[int, Candidate] = {}
    rules = {t.i: r for t in sent if (r := match_trigger(t, lex)) is not None}
    consumed: set[int] = set()
    for index in sorted(rules, key=lambda i: -tree_depth(sent.doc[i])):
        token = sent.doc[index]
        rule = rules[index]
        cand = Candidate(token, rule, rule.event, rule.mode, clause_modality(token, lex), None, token,
                         weight=rule.weight, act=(rule.event, rule.mode))
        conditional = in_conditional(token)
        if conditional or awaited(token):
            cand.modality = "hypothetical"
        if rule.pos == "V" and rule.objects:
            consumed.update(c.i for c in token.children if c.dep_ in ("dobj", "nsubjpass") and c.i in rules)
        if rule.pos == "N" and rule.objects:
            # "the lifting of sanctions", "the release of hostages": the act is done to its 'of' object,
            # which names no act of its own
            consumed.update(g.i for g in of_objects(token) if g.i in rules)
        climb(cand, rules, consumed, lex)
        if cand.modality == "asserted":
            cand.modality = inherited_modality(cand.token, lex)
        if (cand.rule.frame == "request" and cand.inner is None and cand.event == "REQUEST" and cand.mode is None
                and any(c.dep_ in ("xcomp", "ccomp") or infinitive_of_object(c)
                        or (c.dep_ == "acl" and cand.token.pos_ == "NOUN") for c in cand.token.children)):
            cand.mode = "change"  # asked to do something that is no event of its own: a change of policy
        if (cand.event == "THREATEN" and cand.modality == "hypothetical" and (conditional or in_conditional(cand.token))
                and own_modality(cand.token, lex) != "hypothetical"):
            cand.modality = "asserted"  # the threat is made now; its 'if' conditions what is threatened
        _clause_frames(cand, conditional, lex)
        previous = found.get(cand.token.i)
        if previous is None or previous.inner is None:
            found[cand.token.i] = cand  # a frame already combined with its complement wins
    return [c for i, c in sorted(found.items()) if i not in consumed or found[i].inner is not None]


def _clause_frames(cand: Candidate, conditional: bool, lex: EventLexicon) -> None:
    """PLOVER's verbal-act conventions from the trigger's own clause (frame_rules.tsv, frames
    'refuse', 'conditional', 'future'): a negated act to come is a refusal ('will not lift the
    embargo': REJECT, manual 3.10), the consequence of an if/unless clause a conditional promise or
    threat ('would tighten the blockade if ...': THREATEN, 3.11), an act to come an intention
    ('will meet': AGREE, 3.1) or a threat ('will extend the curfew': THREATEN, 2.3)."""
    token = cand.token
    if cand.modality == "negated" and (cand.frame in COMMITMENTS or (cand.frame is None and is_refusal(token, lex))):
        # 'is not willing to withdraw', 'did not agree to', 'will never release', 'cannot accept'
        if apply_named_frame(cand, "refuse", lex) and cand.modality != "negated":
            cand.frame = "refuse"
        return
    if cand.frame is None and conditional and conditional_consequence(token, lex):
        if apply_named_frame(cand, "conditional", lex) and cand.modality != "hypothetical":
            cand.frame = "conditional"
        return
    if cand.modality == "future" and cand.frame is None:
        if token.pos_ in ("NOUN", "PROPN") and token.dep_ in ("nsubj", "nsubjpass"):
            return  # "the new sanctions will take effect on Monday": decided already, only to come into force
        if token.dep_ == "advcl":
            return  # "will drive tractors into Brussels, protesting against ...": a circumstance of the act to come
        if _announced(token, lex):
            if apply_named_frame(cand, "announced", lex) and cand.event == "AGREE":
                cand.frame = "announced"
            return
        apply_named_frame(cand, "future", lex)


def _announced(token, lex: EventLexicon) -> bool:
    """The act to come is the content of a reporting verb with a subject ('the rebels said they will
    release', 'announced it would free'): a speaker commits to it."""
    node = token
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head
    if node.dep_ != "ccomp" or node.head.lemma_.lower() not in lex.report_verbs:
        return False
    return any(c.dep_ == "nsubj" for c in node.head.children)
