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
from ..sectors import sector_codes
from ..vocabulary import vocab

if TYPE_CHECKING:
    from .candidates import Candidate
    from .lexicon import EventLexicon, FrameRule

FRAMES = ("request", "threat", "reject", "promise", "offer", "accuse")  # frames a trigger row sets on its complement
WRAPPER_FRAMES = ("intent", "commit", "deny", "fail", "refuse", "attempt", "hypothetical", "report")  # frames of wrappers.tsv
# frames set by the trigger's own clause: 'will meet' (future), 'would tighten the blockade if ...'
# (conditional: the consequence of an if/unless clause), 'will not lift' (refuse: a negated act to come),
# 'said they will release' (announced: an act to come reported by a speaker)
CLAUSE_FRAMES = ("future", "conditional", "announced")
ROLE_FRAMES = ("armed", "crowd", "membership", "rescue", "authority", "peacekeeping")  # frames set by who acts on whom (role_frames)
ALL_FRAMES = FRAMES + WRAPPER_FRAMES + CLAUSE_FRAMES + ROLE_FRAMES
COMMITMENTS = ("promise", "offer", "commit", "intent")  # frames that make an act a commitment (AGREE) or a plan


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
    if node.dep_ in ("dobj", "csubj"):  # "lifting the ban is out of the question": the copula
        return node.head
    return None


def find_frame_rule(lex: EventLexicon, frame: str, event: str, mode: str | None) -> FrameRule | None:
    """The first rule of ``frame`` for the inner event; a rule '>other' hands the same inner event to
    that frame's rules ('future ASSAULT >threat': an attack to come is a threat of violence)."""
    for _ in range(4):
        found = None
        for rule in lex.frame_rules:
            if rule.frame != frame:
                continue
            inner_event, _, inner_mode = rule.inner.partition(":")
            if rule.inner == "*" or (inner_event == event and (not inner_mode or inner_mode == mode)):
                found = rule
                break
        if found is None or not found.event.startswith(">"):
            return found
        frame = found.event[1:]
    return None


def apply_named_frame(cand: Candidate, frame: str, lex: EventLexicon) -> bool:
    """Apply one frame's rule to a candidate in place; False when the frame has no rule for it."""
    event, mode = cand.event, cand.mode
    if event == "AGREE" and cand.frame in COMMITMENTS and cand.act is not None and frame in ("request", "reject", "threat", "refuse", "fail"):
        event, mode = cand.act  # "called on them to agree to a ceasefire": what is asked is the ceasefire
    fr = find_frame_rule(lex, frame, event, mode)
    if fr is None:
        return False
    cand.event, cand.mode, cand.modality = apply_frame(fr, event, mode, cand.modality)
    return True


def apply_frame(rule: FrameRule, event: str, mode: str | None, modality: str) -> tuple[str, str | None, str]:
    new_event = event if rule.event == "=" else rule.event
    new_mode = mode if rule.mode == "=" else (rule.mode or None)
    new_modality = modality if rule.modality == "=" else rule.modality
    return new_event, new_mode, new_modality


def climb(cand: Candidate, rules, consumed: set[int], lex: EventLexicon) -> None:
    """Combine a trigger with the frames above it (wrappers and framing triggers)."""
    node = cand.token  # where the climb is: the anchor, or a wrapper above it ("plans to")
    for _ in range(4):
        gov = governor(node)
        if gov is None:
            break
        lemma = gov.lemma_.lower()
        outer = rules.get(gov.i)
        if outer is None and node.dep_ in ("ccomp", "xcomp"):
            outer = framing_rule(gov, lex)
        if is_question(node):
            break  # "asked whether Russia would withdraw": a question frames nothing
        if outer is not None and outer.frame and gov.i != cand.token.i:
            inner_modality = cand.modality
            if not apply_named_frame(cand, outer.frame, lex):
                break
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
            node = gov
            continue
        frame = lex.wrappers.get(lemma) or lex.wrappers.get(gov.lower_)  # "poised": lemma "poise"
        if frame == "refuse":
            frame = None  # a refusal predicate frames only a clausal subject (below), not what a verb governs
        if frame is None and node.dep_ == "csubj":
            frame = _predicate_frame(gov, lex)  # "lifting the ban is out of the question"
        if frame is None or frame == "report":
            break
        _wrap(cand, frame, gov, lex)
        node = gov  # a wrapper is applied once; what governs it frames the act in turn ("urged X to be ready to")
        if cand.modality in ("negated", "hypothetical"):
            break


def _predicate_frame(copula, lex: EventLexicon) -> str | None:
    """The frame a copula's predicate puts on its clausal subject: 'out of the question',
    'unacceptable' (wrappers.tsv, frame refuse)."""
    words = [c for c in copula.children if c.dep_ in ("acomp", "attr")]
    words += [g for c in copula.children if c.dep_ == "prep" for p in [c, *c.children] for g in p.children if g.dep_ == "pobj"]
    for word in words:
        frame = lex.wrappers.get(word.lemma_.lower())
        if frame == "refuse":
            return frame
    return None


def _wrap(cand: Candidate, frame: str, gov, lex: EventLexicon) -> None:
    outer_modality = clause_modality(gov, lex)
    if frame == "refuse":  # "lifting the ban is out of the question": REJECT (manual 3.10)
        if apply_named_frame(cand, "refuse", lex) and cand.modality != "negated":
            cand.frame = "refuse"
        if gov.dep_ == "ccomp" and lex.wrappers.get(gov.head.lemma_.lower()) == "report":
            cand.subject_token = gov.head  # who says it is out of the question refuses
        return
    if frame == "deny":
        cand.modality = "negated"
        if cand.frame in COMMITMENTS:
            cand.frame = "deny"  # "denied that it was bound to observe the ceasefire": a denial, not a refusal
    elif frame == "hypothetical":
        cand.modality = "hypothetical"
    elif frame == "fail":  # "failed to reach agreement" is a refusal; "failed to stop the attack" negates it
        if not apply_named_frame(cand, "fail", lex):
            cand.modality = "negated"
        cand.frame = cand.frame if cand.modality == "negated" else "fail"
    elif frame in ("intent", "commit"):
        apply_named_frame(cand, frame, lex)
        cand.frame = frame
    if outer_modality == "negated":
        cand.modality = "negated"
    elif outer_modality == "hypothetical" and cand.modality == "asserted":
        cand.modality = "hypothetical"
    if not children_with(cand.token, SUBJECT_DEPS):
        cand.subject_token = gov


def role_frames(cand: Candidate, actors, recipients, actor_tokens) -> list[str]:
    """Frames (frame_rules.tsv) set by who acts on whom rather than by the words around the trigger;
    which sectors are armed, a crowd, an authority or security forces is told by sector_codes.tsv."""
    frames = []
    sectors = sector_codes()
    if any(a.sector in sectors.armed for a in actors):
        frames.append("armed")  # soldiers occupying a square attack, they do not protest
    elif (cand.event == "ASSAULT" and cand.mode in (None, "beat", "primitive") and actors
          and all(a.sector in sectors.crowd for a in actors)
          and (any(r.sector in sectors.security for r in recipients)
               or (all(r.sector is None for r in recipients) and any(common_lemma(t) in vocab().protester_noun for t in actor_tokens)))):
        # crowds fighting police, or protesters burning and looting property: a riot (mobs burning
        # their neighbours' houses are communal violence, an assault)
        frames.append("crowd")
    if cand.event == "PROTEST" and actors and all(a.sector in sectors.authority for a in actors):
        frames.append("authority")  # 'security forces blocked access to the square': COERCE restrict (3.15)
    if (cand.event == "RETREAT" and cand.mode in ("withdraw", "resign") and actors and all(a.sector is None for a in actors)
            and any(r.code in ("IGO", "UNO", "EUR") for r in recipients)):
        frames.append("membership")  # a state leaving an international body ('withdrawal from ECOWAS')
    if cand.event == "MOBILIZE" and _peacekeeping(cand.token, actor_tokens):
        frames.append("peacekeeping")  # troops sent to keep the peace: military protection (CAMEO 074, AID)
    if (cand.event == "RETREAT" and cand.mode == "release" and actors and all(a.sector in sectors.security for a in actors)
            and _held_by_others(cand.token)):
        frames.append("rescue")  # 'soldiers freed 43 migrants held captive': a rescue, not a release
    return frames


def _peacekeeping(token, actor_tokens) -> bool:
    """The deployment is of peacekeepers or for a peacekeeping mission: the words of the trigger's
    own phrase (its object and complements, not other clauses) or of its actor."""
    words = vocab().classes.get("peacekeeping_word", frozenset())
    heads = [token] + ([token.head] if token.pos_ == "NOUN" and token.head.pos_ in ("VERB", "AUX") else [])
    # 'announced the deployment of troops ... on a peacekeeping mission', 'sent troops to serve as peacekeepers'
    phrase = [t for h in heads for c in h.children
              if c.dep_ not in ("advcl", "ccomp", "conj", "relcl", "nsubj") or (c.dep_ == "advcl" and to_infinitive(c))
              for t in c.subtree]
    phrase += [t for a in actor_tokens for t in a.subtree]
    return any(t.lemma_.lower() in words or t.lower_ in words for t in phrase)


def _held_by_others(token) -> bool:
    """The freed are hostages or captives of someone else, not the actor's own prisoners."""
    obj = direct_object(token)
    if obj is None:
        return False
    words = {t.lemma_.lower() for t in obj.subtree}  # the object and what describes it ('held captive')
    return bool(words & vocab().captive_word)
