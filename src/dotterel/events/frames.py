"""Frames: what the words above a trigger (and who acts on whom) make of its event.

A trigger governed by a framing trigger ('threatened to impose sanctions') or a wrapper
('plans to', 'denied') is combined with it by climbing the parse (``climb``); the frame
rules of frame_rules.tsv say what each frame makes of the inner event.  Role frames are
set after roles are resolved: soldiers occupying a square attack, crowds fighting police riot.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..actors import common_lemma
from .modality import clause_modality
from .tree import SUBJECT_DEPS, children_with, direct_object, infinitive_of_object, is_question, to_infinitive
from .triggers import framing_rule
from .words import CAPTIVE_WORDS, PROTESTERS

if TYPE_CHECKING:
    from .candidates import Candidate
    from .lexicon import EventLexicon, FrameRule

FRAMES = ("request", "threat", "reject", "promise", "accuse")  # frames a trigger row sets on its complement
WRAPPER_FRAMES = ("intent", "deny", "fail", "attempt", "hypothetical", "report")  # frames of wrappers.tsv
ROLE_FRAMES = ("armed", "crowd", "membership", "rescue")  # frames set by who acts on whom (role_frames)
ARMED_SECTORS = {"MIL", "REB", "PRM", "UAF"}
CROWD_SECTORS = {"CVL", "OPP", "LAB", "EDU", "SOC", "PTY"}  # unarmed people who riot rather than attack


def governor(token):
    """The word that governs a trigger's clause: 'threatened' for 'to impose'; conjuncts share it."""
    node = token
    while node.dep_ == "conj" and node.head.i != node.i and node.head.pos_ in ("VERB", "AUX", "ADJ"):
        node = node.head
    if node.dep_ == "acl" and node.head.pos_ == "NOUN" and to_infinitive(node):
        return node.head  # "his promise to invade", "a threat to impose sanctions", "their refusal to meet"
    if infinitive_of_object(node):
        return node.head  # "asked the UN on Sunday to deploy a force": parsed as a purpose clause
    if node.dep_ in ("xcomp", "ccomp", "pcomp") and node.head.i != node.i:
        head = node.head
        if head.dep_ == "prep":  # "accused X of attacking", "denied sending" via prep
            head = head.head
        return head
    if node.dep_ == "pobj" and node.head.dep_ == "prep":  # "called for talks", "rejected calls for talks"
        return node.head.head
    if node.dep_ == "dobj":
        return node.head
    return None


def find_frame_rule(lex: EventLexicon, frame: str, event: str, mode: str | None) -> FrameRule | None:
    for rule in lex.frame_rules:
        if rule.frame != frame:
            continue
        inner_event, _, inner_mode = rule.inner.partition(":")
        if rule.inner == "*" or (inner_event == event and (not inner_mode or inner_mode == mode)):
            return rule
    return None


def apply_frame(rule: FrameRule, event: str, mode: str | None, modality: str) -> tuple[str, str | None, str]:
    new_event = event if rule.event == "=" else rule.event
    new_mode = mode if rule.mode == "=" else (rule.mode or None)
    new_modality = modality if rule.modality == "=" else rule.modality
    return new_event, new_mode, new_modality


def climb(cand: Candidate, rules, consumed: set[int], lex: EventLexicon) -> None:
    """Combine a trigger with the frames above it (wrappers and framing triggers)."""
    for _ in range(4):
        gov = governor(cand.token)
        if gov is None:
            break
        lemma = gov.lemma_.lower()
        outer = rules.get(gov.i)
        if outer is None and cand.token.dep_ in ("ccomp", "xcomp"):
            outer = framing_rule(gov, lex)
        if is_question(cand.token):
            break  # "asked whether Russia would withdraw": a question frames nothing
        if outer is not None and outer.frame and gov.i != cand.token.i:
            fr = find_frame_rule(lex, outer.frame, cand.event, cand.mode)
            if fr is None:
                break
            inner_modality = cand.modality
            cand.event, cand.mode, cand.modality = apply_frame(fr, cand.event, cand.mode, cand.modality)
            outer_modality = clause_modality(gov, lex)
            if outer_modality != "asserted":
                cand.modality = outer_modality  # "did not threaten to ...", "could urge ..."
            elif inner_modality == "negated" and cand.event == "THREATEN":
                cand.event, cand.mode = "AGREE", None  # "pledged not to attack" is a promise, not a threat
            cand.frame = outer.frame
            consumed.add(cand.token.i)
            cand.inner = cand.token
            cand.token = gov
            cand.subject_token = gov
            cand.rule = outer
            cand.weight = max(cand.weight, outer.weight)
            continue
        frame = lex.wrappers.get(lemma) or lex.wrappers.get(gov.lower_)  # "poised": lemma "poise"
        if frame is None or frame == "report":
            break
        _wrap(cand, frame, gov, lex)
        if cand.modality in ("negated", "hypothetical"):
            break


def _wrap(cand: Candidate, frame: str, gov, lex: EventLexicon) -> None:
    outer_modality = clause_modality(gov, lex)
    if frame in ("deny", "fail"):
        cand.modality = "negated"
    elif frame == "hypothetical":
        cand.modality = "hypothetical"
    elif frame == "intent":
        fr = find_frame_rule(lex, "intent", cand.event, cand.mode)
        if fr is not None:
            cand.event, cand.mode, cand.modality = apply_frame(fr, cand.event, cand.mode, cand.modality)
        cand.frame = "intent"
    if outer_modality == "negated":
        cand.modality = "negated"
    elif outer_modality == "hypothetical" and cand.modality == "asserted":
        cand.modality = "hypothetical"
    if not children_with(cand.token, SUBJECT_DEPS):
        cand.subject_token = gov


def role_frames(cand: Candidate, actors, recipients, actor_tokens) -> list[str]:
    """Frames (frame_rules.tsv) set by who acts on whom rather than by the words around the trigger."""
    frames = []
    if any(a.sector in ARMED_SECTORS for a in actors):
        frames.append("armed")  # soldiers occupying a square attack, they do not protest
    elif (cand.event == "ASSAULT" and cand.mode in (None, "beat", "primitive") and actors
          and all(a.sector in CROWD_SECTORS for a in actors)
          and (any(r.sector in ("COP", "MIL") for r in recipients)
               or (all(r.sector is None for r in recipients) and any(common_lemma(t) in PROTESTERS for t in actor_tokens)))):
        # crowds fighting police, or protesters burning and looting property: a riot (mobs burning
        # their neighbours' houses are communal violence, an assault)
        frames.append("crowd")
    if (cand.event == "RETREAT" and cand.mode in ("withdraw", "resign") and actors and all(a.sector is None for a in actors)
            and any(r.code in ("IGO", "UNO", "EUR") for r in recipients)):
        frames.append("membership")  # a state leaving an international body ('withdrawal from ECOWAS')
    if (cand.event == "RETREAT" and cand.mode == "release" and actors and all(a.sector in ("MIL", "COP") for a in actors)
            and _held_by_others(cand.token)):
        frames.append("rescue")  # 'soldiers freed 43 migrants held captive': a rescue, not a release
    return frames


def _held_by_others(token) -> bool:
    """The freed are hostages or captives of someone else, not the actor's own prisoners."""
    obj = direct_object(token)
    if obj is None:
        return False
    words = {t.lemma_.lower() for t in obj.subtree}  # the object and what describes it ('held captive')
    return bool(words & CAPTIVE_WORDS)
