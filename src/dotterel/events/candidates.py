"""Candidates: the triggers of a sentence, each combined with the frames above it and given a modality."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .frames import apply_frame, climb, find_frame_rule
from .modality import clause_modality, in_conditional, inherited_modality, own_modality
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


def find_candidates(sent, lex: EventLexicon) -> list[Candidate]:
    """Every trigger of a sentence matched in its frame, with its modality, before roles."""
    found: dict[int, Candidate] = {}
    rules = {t.i: r for t in sent if (r := match_trigger(t, lex)) is not None}
    consumed: set[int] = set()
    for index in sorted(rules, key=lambda i: -tree_depth(sent.doc[i])):
        token = sent.doc[index]
        rule = rules[index]
        cand = Candidate(token, rule, rule.event, rule.mode, clause_modality(token, lex), None, token,
                         weight=rule.weight)
        conditional = in_conditional(token)
        if conditional:
            cand.modality = "hypothetical"
        if rule.pos == "V" and rule.objects:
            consumed.update(c.i for c in token.children if c.dep_ in ("dobj", "nsubjpass") and c.i in rules)
        climb(cand, rules, consumed, lex)
        if cand.modality == "asserted":
            cand.modality = inherited_modality(cand.token, lex)
        if (cand.rule.frame == "request" and cand.inner is None and cand.event == "REQUEST" and cand.mode is None
                and any(c.dep_ in ("xcomp", "ccomp") or infinitive_of_object(c) for c in cand.token.children)):
            cand.mode = "change"  # asked to do something that is no event of its own: a change of policy
        if (cand.event == "THREATEN" and cand.modality == "hypothetical" and (conditional or in_conditional(cand.token))
                and own_modality(cand.token, lex) != "hypothetical"):
            cand.modality = "asserted"  # the threat is made now; its 'if' conditions what is threatened
        if cand.modality == "future" and cand.frame is None:
            fr = find_frame_rule(lex, "future", cand.event, cand.mode)
            if fr is not None:
                cand.event, cand.mode, cand.modality = apply_frame(fr, cand.event, cand.mode, cand.modality)
        previous = found.get(cand.token.i)
        if previous is None or previous.inner is None:
            found[cand.token.i] = cand  # a frame already combined with its complement wins
    return [c for i, c in sorted(found.items()) if i not in consumed or found[i].inner is not None]
