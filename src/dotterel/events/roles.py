"""Roles: who acts (subjects, passive agents, owners of nominal events) and on whom (recipients).

Token-level rules find where the actor and the recipient are in the parse; ``resolve_all``
turns those tokens into coded entities with the actor resolver.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..actors import ActorResolver
from ..records import Entity
from .tree import children_with, direct_object, expand_conjuncts, governing_verb, is_actor_like, name_as_aux
from .words import ACTOR_NOUNS, LIGHT_VERBS, SUBJECT_CONTROL

if TYPE_CHECKING:
    from .lexicon import EventLexicon


def recipient_spec(spec: tuple[str, ...]) -> tuple[tuple[str, ...], bool, bool]:
    """A recipient spec without its flags, and the flags: '!swap' (the object is the actor), '!req' (no recipient, no event)."""
    swap = any(s.endswith("!swap") for s in spec)
    required = any(s.endswith("!req") for s in spec)
    return tuple(s.replace("!swap", "").replace("!req", "") for s in spec), swap, required


def subjects(token) -> list:
    """Who acts: the subject of the trigger's clause, through passives, controls, relative clauses and conjuncts."""
    node = token
    for _ in range(5):
        subj = (children_with(node, ("nsubj",)) or [_misparsed_subject(c) for c in children_with(node, ("csubj",))]
                or [c for c in children_with(node, ("aux",)) if name_as_aux(c)])
        if not subj and any(c.dep_ == "xcomp" for c in node.children) and not any(c.dep_ == "agent" for c in node.children):
            subj = children_with(node, ("nsubjpass",))  # "forces are poised to storm", "is expected to sign"
        if subj:
            return [_agent_of_instrument(s) for s in subj]
        agent = [g for c in node.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if agent:
            return agent
        if node.dep_ == "acl" and node.tag_ == "VBD" and node.head.dep_ == "ROOT" and node.head.pos_ in ("NOUN", "PROPN"):
            return [node.head]  # "The militia handed in its weapons": a main verb misparsed as a modifier
        if node.dep_ == "relcl":
            # "the group that attacked": the antecedent; not for "a phase where X is threatened"
            own = children_with(node, ("nsubjpass",)) or [c for c in node.children if c.lower_ in ("where", "when", "why")]
            return [] if own else [node.head]
        if node.dep_ == "xcomp":
            controller = children_with(node.head, ("dobj", "nsubjpass"))  # "X was invited by Y to investigate": X
            if controller and node.head.lemma_.lower() not in SUBJECT_CONTROL:
                return controller  # "prompting Tokyo to scramble jets": Tokyo scrambles
        if node.dep_ == "conj" and children_with(node, ("auxpass",)):
            return []  # "X has become ... and is being threatened": X is the patient, not the agent
        if node.dep_ in ("conj", "xcomp", "advcl", "acomp") and node.head.i != node.i:
            node = node.head
            continue
        if node.dep_ == "ccomp" and node.head.dep_ in ("conj",):
            node = node.head
            continue
        break
    return []


def _agent_of_instrument(subj):
    """'a device planted by Maoist rebels killed ...': the agent behind the instrument."""
    for child in subj.children:
        if child.dep_ == "acl":
            agents = [g for c in child.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            if agents:
                return agents[0]
    return subj


def noun_actors(token, resolver: ActorResolver) -> list:
    """Who acts in a nominal event: owner, 'by' phrase, a modifier naming who acted, the subject of a light verb."""
    actors = [c for c in token.children if c.dep_ == "poss" and c.pos_ != "PRON"]
    if not actors and any(c.dep_ == "poss" for c in token.children):
        # "Soviet forces completed their withdrawal": 'their' is the subject of the verb
        verb = governing_verb(token)
        actors = subjects(verb) if verb is not None else []
        actors = actors or [c for c in token.children if c.dep_ == "poss"]
    actors += [g for c in token.children if c.dep_ == "prep" and c.lower_ in ("by",) for g in c.children if g.dep_ == "pobj"]
    actors += [c for c in token.children if c.dep_ in ("compound", "amod") and _owner_modifier(c, resolver)]
    if not actors:
        verb = governing_verb(token, through=("of", "in"))
        if verb is not None and (verb.lemma_.lower() in LIGHT_VERBS or token.head.lower_ in ("for", "during", "after", "in")):
            actors = subjects(verb)
    if not actors and token.dep_ in ("nsubj", "nsubjpass"):
        actors = []
    return actors


def recipient_candidates(token, spec: tuple[str, ...], lex: EventLexicon, inner=None) -> list[list]:
    """Token lists where the recipient may be, in the order of preference of ``spec``."""
    out = []
    for where in spec:
        found = recipient_at(token, where, lex)
        if not found and inner is not None:
            found = recipient_at(inner, where, lex)
        if found:
            out.append(found)
    return out


def recipient_at(token, where: str, lex: EventLexicon) -> list:
    """The tokens at one place of a recipient spec (a dependency, a preposition, 'speaker', 'between')."""
    if where == "none":
        return []
    if where.startswith("dobj"):
        objs = children_with(token, ("dobj", "dative"))
        if not objs and token.dep_ == "xcomp":
            objs = []
        return [o for o in objs if is_actor_like(o) or o.pos_ == "NOUN"]
    if where == "poss-dobj":
        obj = direct_object(token)
        if obj is not None:
            owners = [c for c in obj.children if c.dep_ == "poss" or (c.dep_ == "compound" and c.ent_type_ in ("ORG", "GPE", "NORP"))]
            owners += [g for c in obj.children if c.dep_ == "prep" and c.lower_ in ("of", "from", "by") for g in c.children if g.dep_ == "pobj"]
            if owners:
                return owners
            if is_actor_like(obj, lex.actor_nouns):
                return [obj]  # "condemned the Russian army": the army itself, with its sector
            # "demolished eight Palestinian homes": the owner named by nationality
            return [c for c in obj.children if c.dep_ == "amod" and c.ent_type_ in ("GPE", "NORP")]
        return []
    if where == "ccomp":  # "demanded that the president step down": who is to act
        return [s for c in token.children if c.dep_ == "ccomp" for s in c.children if s.dep_ in ("nsubj", "nsubjpass")]
    if where == "speaker":  # who says so: "May told parliament that Russia was responsible for ..."
        node = token
        for _ in range(5):
            if node.head.i == node.i:
                return []
            node = node.head
            if node.pos_ in ("VERB", "AUX") and lex.wrappers.get(node.lemma_.lower()) == "report":
                return children_with(node, ("nsubj",))
        return []
    if where == "between":
        return [g for c in token.children if c.dep_ == "prep" and c.lower_ == "between" for g in c.children if g.dep_ == "pobj"]
    targets = [token] + [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
    return [g for t in targets for c in t.children if c.dep_ in ("prep", "dative") and c.lower_ == where
            for g in c.children if g.dep_ == "pobj"]


def passive_recipient(token) -> list:
    """The patient of a passive trigger ('X was arrested'), also shared by a passive conjunct."""
    own = children_with(token, ("nsubjpass",))
    if not own and token.dep_ == "conj" and children_with(token, ("auxpass",)) and token.head.i != token.i:
        return children_with(token.head, ("nsubj", "nsubjpass"))  # "X was arrested and is being held"
    return own


def _owner_modifier(token, resolver) -> bool:
    """'Russian air strikes', 'US sanctions', 'Hamas attack': a modifier naming who acted; a city
    ('the Salisbury attack') names where, not who."""
    if token.ent_type_ in ("NORP", "ORG") or (token.ent_type_ == "" and token.pos_ == "PROPN"):
        return True
    if token.ent_type_ == "GPE":
        entry = resolver.lex.match_at([token.text], 0)
        return entry is not None and entry.kind not in ("capital", "capital_ambiguous")
    return False


def _misparsed_subject(csubj):
    """'Calling the situation catastrophic, UN chief Antonio Guterres appealed ...' is often parsed
    with the participle clause as subject; the actor is then the name just before the verb."""
    if csubj.tag_ != "VBG":
        return csubj
    verb = csubj.head
    between = [t for t in csubj.doc[csubj.right_edge.i + 1:verb.i] if t.pos_ in ("PROPN", "NOUN")]
    named = [t for t in between if t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or t.lemma_.lower() in ACTOR_NOUNS]
    return named[-1] if named else csubj


def same_entity(a: Entity, b: Entity) -> bool:
    return a.name.lower() == b.name.lower() or (a.entity_text.lower() == b.entity_text.lower())


def resolve_all(resolver: ActorResolver, tokens, speaker, targets: bool = False, subject: bool = False) -> list[Entity]:
    entities: list[Entity] = []
    resolve = resolver.resolve_target if targets else resolver.resolve
    for token in expand_conjuncts(tokens):
        for entity in resolve(token, speaker):
            if not any(same_entity(entity, e) for e in entities):
                entities.append(entity)
    if subject:
        resolver.note_subjects(entities)
    return entities
