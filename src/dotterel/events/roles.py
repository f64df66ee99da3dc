"""Roles: who acts (subjects, passive agents, owners of nominal events) and on whom (recipients).

Token-level rules find where the actor and the recipient are in the parse; ``resolve_all``
turns those tokens into coded entities with the actor resolver.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..actors import ActorResolver, span_text
from ..actors.phrases import of_objects
from ..errors import E017, E018, DataFileError
from ..records import Entity
from .tree import (agent_objects, children_with, direct_object, expand_conjuncts, governing_verb, is_actor_like,
                   name_as_aux, participle_patient)
from ..vocabulary import vocab

if TYPE_CHECKING:
    from .lexicon import EventLexicon


SPEC_PLACES = ("dobj", "poss-dobj", "ccomp", "speaker", "between", "xcomp", "none")  # besides prepositions (recipient_prep)
SPEC_FLAGS = ("swap", "req")


@dataclass(frozen=True)
class RecipientSpec:
    """Where a trigger's recipient is, in order of preference (the recipient column of triggers.tsv
    and categories.tsv); '!swap': the object is the actor ('visited by'), '!req': no recipient, no event."""

    places: tuple[str, ...]
    swap: bool = False
    required: bool = False


def parse_recipient_spec(text: str, origin: str, preps: frozenset[str]) -> RecipientSpec:
    """Read and check a recipient column on load ('dobj!req,to'); a bad place or flag names file:line."""
    places: list[str] = []
    flags: set[str] = set()
    for item in (i for i in text.split(",") if i):
        place, *marks = item.split("!")
        if place not in SPEC_PLACES and place not in preps:
            raise DataFileError(origin, E017.format(place=place, special=", ".join(SPEC_PLACES)))
        for mark in marks:
            if mark not in SPEC_FLAGS:
                raise DataFileError(origin, E018.format(flag=mark))
        flags.update(marks)
        places.append(place)
    return RecipientSpec(tuple(places), "swap" in flags, "req" in flags)


def subjects(token) -> list:
    """Who acts: the subject of the trigger's clause, through passives, controls, relative clauses and conjuncts."""
    node = token
    for _ in range(5):
        subj = (children_with(node, ("nsubj",)) or [_misparsed_subject(c) for c in children_with(node, ("csubj",))]
                or [c for c in children_with(node, ("aux",)) if name_as_aux(c)])
        if not subj and any(c.dep_ == "xcomp" for c in node.children) and not any(c.dep_ == "agent" for c in node.children):
            subj = children_with(node, ("nsubjpass",))  # "forces are poised to storm", "is expected to sign"
        if (subj and node.dep_ == "relcl" and all(s.tag_ in ("WDT", "WP") for s in subj)
                and node.doc[max(node.left_edge.i - 1, 0)].text == ","):
            # "Hamas, which fired rockets", "the army, who seized the town": a clause set off by a
            # comma reports its antecedent's own act (a restrictive one only describes it)
            subj = [node.head]
        if subj:
            return [_agent_of_instrument(s) for s in subj]
        agent = agent_objects(node)
        if agent:
            return agent
        if node.dep_ == "acl" and node.tag_ == "VBD" and node.head.dep_ == "ROOT" and node.head.pos_ in ("NOUN", "PROPN"):
            return [node.head]  # "The militia handed in its weapons": a main verb misparsed as a modifier
        if (node.dep_ == "acl" and node.tag_ in ("VBG", "VB") and node.head.lemma_.lower() in vocab().decree_noun
                and node.head.dep_ in ("dobj", "nsubjpass") and node.head.head.i != node.head.i):
            node = node.head.head  # "signed a decree granting citizenship": who signed it grants it
            continue
        if node.dep_ == "relcl":
            # "the group that attacked": the antecedent; not for "a phase where X is threatened"
            own = children_with(node, ("nsubjpass",)) or [c for c in node.children if c.lower_ in vocab().wh_adverb]
            return [] if own else [node.head]
        if node.dep_ == "xcomp":
            controller = children_with(node.head, ("dobj", "nsubjpass"))  # "X was invited by Y to investigate": X
            if controller and node.head.lemma_.lower() not in vocab().subject_control_verb:
                return controller  # "prompting Tokyo to scramble jets": Tokyo scrambles
        if node.dep_ == "conj" and children_with(node, ("auxpass",)):
            return []  # "X has become ... and is being threatened": X is the patient, not the agent
        if node.dep_ == "pcomp" and _culpable_predicate(node.head):
            node = node.head.head  # "the rebels were guilty of violating the truce": the rebels violated it
            continue
        if node.dep_ in ("conj", "xcomp", "advcl", "acomp") and node.head.i != node.i:
            node = node.head
            continue
        if node.dep_ == "ccomp" and node.head.dep_ in ("conj",):
            node = node.head
            continue
        break
    return []


def _culpable_predicate(prep):
    """The predicate adjective a preposition hangs on when it makes its subject the doer of what
    follows ('was responsible for', 'were guilty of'), else None."""
    adj = prep.head
    if (prep.dep_ == "prep" and adj.pos_ == "ADJ" and adj.dep_ in ("acomp", "ROOT", "conj")
            and adj.lemma_.lower() in vocab().culpable_adj):
        return adj
    return None


def statement_issuer(node):
    """The verb that issues a statement whose participle or adjective is ``node``: 'released a report
    accusing the army of ...', 'said in a statement condemning ...', 'issued a report highly critical
    of ...' (statement_noun); None otherwise."""
    if node.dep_ not in ("acl", "amod") or node.head.i == node.i or node.head.lemma_.lower() not in vocab().statement_noun:
        return None
    if node.dep_ == "acl" and node.tag_ != "VBG":
        return None  # "a report published by the ministry": a passive participle says what was done to it
    noun = node.head
    verb = noun.head
    if noun.dep_ == "pobj" and verb.lower_ in vocab().statement_prep and verb.head.i != verb.i:
        verb = verb.head  # "said in a statement condemning ..."
    elif noun.dep_ != "dobj" or verb.lemma_.lower() not in vocab().issuing_verb:
        return None  # "protested against a resolution recognising ...": the resolution is someone else's
    return verb if verb.pos_ in ("VERB", "AUX") else None


def _agent_of_instrument(subj):
    """'a device planted by Maoist rebels killed ...': the agent behind the instrument (not who
    stands behind the subject: 'the rebels, backed by Turkish artillery, captured the town')."""
    for child in subj.children:
        if child.dep_ == "acl" and child.lemma_.lower() not in vocab().backing_participle:
            agents = agent_objects(child)
            if agents:
                return agents[0]
    return subj


def noun_actors(token, resolver: ActorResolver, by_participle: bool = False) -> list:
    """Who acts in a nominal event: owner, 'by' phrase, a modifier naming who acted, the subject of a light verb."""
    if patient_owner(token):
        # "after his arrest", "ordered the activist's release": the owner undergoes the act; who
        # did it is a 'by' phrase or the subject of the verb governing the noun
        actors = [g for c in token.children if c.dep_ == "prep" and c.lower_ in vocab().agent_prep for g in c.children if g.dep_ == "pobj"]
        verb = governing_verb(token)
        return actors or (subjects(verb) if verb is not None and verb.lemma_.lower() in vocab().light_verb else [])
    actors = [c for c in token.children if c.dep_ == "poss" and c.pos_ != "PRON"]
    if not actors and any(c.dep_ == "poss" for c in token.children):
        # "Soviet forces completed their withdrawal": 'their' is the subject of the verb (not the
        # agent of a passive: 'until their demands are met by the government' are not the government's)
        verb = governing_verb(token)
        actors = subjects(verb) if verb is not None and token.dep_ != "nsubjpass" else []
        actors = actors or [c for c in token.children if c.dep_ == "poss"]
    actors += agent_objects(token, vocab().agent_prep)
    if not actors:  # "the release of the hostages by Hamas": the 'by' phrase often hangs on the 'of' object
        actors = [g for o in of_objects(token) for g in agent_objects(o, vocab().agent_prep)]
    if not actors and by_participle:  # "a general strike called by the union", "sanctions imposed by the EU"
        actors = [g for v in token.children if v.dep_ == "acl" and v.tag_ == "VBN" for g in agent_objects(v)]
    actors += [c for c in token.children if c.dep_ in ("compound", "amod") and _owner_modifier(c, resolver)]
    if not actors:
        verb = governing_verb(token, through=vocab().nominal_link_prep)
        if verb is not None and (verb.lemma_.lower() in vocab().light_verb or token.head.lower_ in vocab().event_time_prep):
            actors = subjects(verb)
    if not actors and token.dep_ in ("pobj", "conj"):
        head = token.head if token.dep_ == "pobj" else next((t for t in token.ancestors if t.dep_ == "pobj"), token).head
        if _culpable_predicate(head) is not None:
            actors = subjects(head.head)  # "the cartel was responsible for mass killings": the cartel killed
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
        objs = [_counted(o) for o in children_with(token, ("dobj", "dative"))]
        return [o for o in objs if is_actor_like(o) or o.pos_ == "NOUN"]
    if where == "poss-dobj":
        obj = direct_object(token)
        if obj is not None:
            owners = [c for c in obj.children if c.dep_ == "poss" or (c.dep_ == "compound" and c.ent_type_ in ("ORG", "GPE", "NORP"))]
            owners += [g for c in obj.children if c.dep_ == "prep" and c.lower_ in vocab().owner_agent_prep for g in c.children if g.dep_ == "pobj"]
            if owners:
                return owners
            if is_actor_like(obj, lex.actor_nouns):
                return [obj]  # "condemned the Russian army": the army itself, with its sector
            # "demolished eight Palestinian homes": the owner named by nationality
            return [c for c in obj.children if c.dep_ == "amod" and c.ent_type_ in ("GPE", "NORP")]
        return []
    if where == "ccomp":  # "demanded that the president step down": who is to act
        clause = ("ccomp", "acl") if token.pos_ == "NOUN" else ("ccomp",)  # "a reminder that Japan must ..."
        return [s for c in token.children if c.dep_ in clause for s in c.children if s.dep_ in ("nsubj", "nsubjpass")]
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
    if where == "xcomp":  # "agreed to provide Vietnam with patrol boats": the party of the act agreed to
        out = []
        for comp in token.children:
            if comp.dep_ == "xcomp":
                out += [o for o in children_with(comp, ("dobj", "dative")) if is_actor_like(o, lex.actor_nouns)]
                out += [g for c in comp.children if c.dep_ == "prep" and c.lower_ in vocab().act_partner_prep
                        for g in c.children if g.dep_ == "pobj" and is_actor_like(g, lex.actor_nouns)]
        return out
    targets = [token] + [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
    # "called for sanctions against Peru", "pressed for talks with the rebels": the act asked for names its party
    targets += [g for c in token.children if c.dep_ == "prep" for g in c.children
                if g.dep_ == "pobj" and g.lemma_.lower() in lex.nouns]
    found = [g for t in targets for c in t.children if c.dep_ in ("prep", "dative") and c.lower_ == where
             for g in c.children if g.dep_ == "pobj"]
    # "pulled out of the Iran nuclear deal", "protested against the government's decision": a thing
    # aimed at is its owner's
    return [o for g in found for o in (_owners(g) if not is_actor_like(g, lex.actor_nouns) else ()) or [g]]


def _counted(token):
    """'freed 11 of the prisoners': what a number counts."""
    if token.pos_ != "NUM":
        return token
    inner = of_objects(token)
    return inner[0] if inner else token


def _owners(noun) -> list:
    """Who a thing belongs to: a possessor, a name or nationality modifying it ('the Iran deal', 'Russian oil')."""
    return [c for c in noun.children
            if c.dep_ == "poss" and c.pos_ != "PRON"
            or (c.dep_ in ("compound", "amod") and c.ent_type_ in ("ORG", "GPE", "NORP"))]


def act_noun(token, lex: EventLexicon) -> bool:
    """An act, not a party: 'sanctions', 'a ban', 'its bombardment', 'an investigation'."""
    lemma = token.lemma_.lower()
    return (token.pos_ == "NOUN" and (lemma in lex.nouns or lemma in vocab().demand_noun or lemma in vocab().measure_noun)
            and not is_actor_like(token, lex.actor_nouns))


def aimed_at(tokens, lex: EventLexicon, targets: bool = False) -> tuple[list, list]:
    """Parties and things in a recipient place. An act noun there names no party itself ('lifted
    sanctions against Sudan', 'intensified its bombardment of rebel-held areas', 'a ban on imports
    of Egyptian goods'): whom it is aimed at is down its prepositions (two hops), or the owner of
    what they lead to; the things are what a recipient may be named as when no party is coded
    ('opened an inquiry into the killing of ...')."""
    parties, things = [], []
    for token in tokens:
        if not act_noun(token, lex):
            parties.append(token)
            things.append(token)
            continue
        owners = patient_owner(token)
        if owners:  # 'ordered the activist's release'
            parties.extend(owners)
            things.extend(owners)
            continue
        frontier, first = [token], []
        for _ in range(2):
            pobjs = [g for node in frontier for c in node.children
                     if c.dep_ == "prep" and c.lower_ in vocab().act_party_prep
                     for g in c.children if g.dep_ == "pobj" and g.ent_type_ not in ("DATE", "TIME")]
            first = first or pobjs
            found = [o for g in pobjs for o in ([g] if is_actor_like(g, lex.actor_nouns) else _owners(g))]
            if found:
                parties.extend(found)
                break
            frontier = pobjs
        else:
            if targets:  # 'its bombardment of rebel-held areas in Damascus': a target, coded by its place
                parties.extend(first)
        things.extend(first or [token])
    return parties, things


def patient_owner(token) -> list:
    """'his arrest', 'the journalist's release': the owner of a patient noun undergoes the act
    (not with an 'of' phrase: in 'Egypt's detention of the reporter' the owner acts)."""
    if (token.pos_ not in ("NOUN", "PROPN") or token.lemma_.lower() not in vocab().patient_noun
            or any(c.dep_ == "prep" and c.lower_ in vocab().partitive_prep for c in token.children)):
        return []
    return [c for c in token.children if c.dep_ == "poss"]


def passive_recipient(token) -> list:
    """The patient of a passive trigger ('X was arrested'), also shared by a passive conjunct."""
    own = children_with(token, ("nsubjpass",))
    if not own and token.dep_ == "conj" and children_with(token, ("auxpass",)) and token.head.i != token.i:
        return children_with(token.head, ("nsubj", "nsubjpass"))  # "X was arrested and is being held"
    if not own:
        noun = participle_patient(token)  # "prisoners released by the rebels": the prisoners
        return [noun] if noun is not None else []
    return own


def _owner_modifier(token, resolver) -> bool:
    """'Russian air strikes', 'US sanctions', 'Hamas attack': a modifier naming who acted; a city
    ('the Salisbury attack') names where, not who."""
    if token.ent_type_ not in ("NORP", "ORG", "GPE") and not (token.ent_type_ == "" and token.pos_ == "PROPN"):
        return False
    entry = resolver.lex.match_at([token.text], 0)
    if entry is not None:
        return entry.kind not in ("capital", "capital_ambiguous")  # 'the "Minsk agreement"': where
    if token.ent_type_ == "GPE":
        return False
    if token.pos_ == "PROPN":
        # a name no dictionary knows that the gazetteer calls a town ('the Sochi agreement', however
        # the tagger labelled it) names where the act was done or agreed
        place = resolver.places.resolve(token.text)
        return place is None or place.feature_class != "P"
    return True


def _misparsed_subject(csubj):
    """'Calling the situation catastrophic, UN chief Antonio Guterres appealed ...' is often parsed
    with the participle clause as subject; the actor is then the name just before the verb."""
    if csubj.tag_ != "VBG":
        return csubj
    verb = csubj.head
    between = [t for t in csubj.doc[csubj.right_edge.i + 1:verb.i] if t.pos_ in ("PROPN", "NOUN")]
    named = [t for t in between if t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or t.lemma_.lower() in vocab().actor_noun]
    return named[-1] if named else csubj


def thing_entities(resolver: ActorResolver, tokens) -> list[Entity]:
    """What a recipient place names when it holds no coded party ('released two followers of the
    rebel leader', 'rejected the draft resolution'): the phrase as written, with no code
    (source_of_code 'text'), so that who acted on what is still said."""
    out = []
    for token in expand_conjuncts(tokens):
        if token.pos_ == "PRON" or token.lower_ in vocab().non_actor_pronoun:
            continue
        text = span_text(resolver.np_tokens(token))
        if text and not any(e.entity_text == text for e in out):
            out.append(Entity(entity_text=text, name=text, code=None, sector=None, office=None, source_of_code="text"))
    return out


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
