"""Event coding of one sentence: a candidate with its roles resolved becomes a ``CodedEvent``.

``build_events`` codes one parsed sentence: candidates (trigger in its frame) -> roles ->
filters (no actor, no recipient where one is required) -> role frames -> mode and CAMEO ->
confidence -> the ``CodedEvent`` with its evidence (offsets within the sentence's text).  The
finished ``Event`` is made from it by ``assemble.build_event``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from ..actors import ActorResolver
from ..records import CodedEvent, Entity, Evidence, Place
from ..resources import NON_STATE_CODES
from .candidates import Candidate, find_candidates
from .frames import apply_frame, find_frame_rule, role_frames
from .lexicon import EventLexicon
from .roles import (act_noun, aimed_at, noun_actors, patient_owner, thing_entities, passive_recipient, recipient_at, recipient_candidates, resolve_all,
                    same_entity, statement_issuer, subjects)
from .tree import children_with, direct_object, expand_conjuncts, is_actor_like, to_infinitive
from ..vocabulary import vocab

log = logging.getLogger(__name__)

RECIPROCAL = {"CONSULT", "ASSAULT"}  # events whose nominal form names all sides: "talks between X and Y"
# events between parties where coordinated subjects are the two sides: "Jordan and Britain agreed to
# ...", "signed a pact" (and a REJECT that is a failure to agree: "failed to reach agreement"); a
# meeting keeps all its participants as actors (PLOVER manual 2.2)
DYADIC = {"AGREE", "COOPERATE", "SUPPORT"}
# material events aimed at where they happen when no party is named: 'struck a block in Gaza',
# 'withdrew from positions in Idlib', 'lifted the curfew in Osh' (not a deployment: 'deployed troops in Belarus')
GIVING = {"AID", "COOPERATE"}  # the object is what is given, the party is told by 'to' or a purpose
STATE_ACTS = {"COERCE", "SANCTION", "RETREAT", "CONCEDE"}  # done by the state where they happen when the passive names no one
NOT_THINGS = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL", "CARDINAL"}  # entity types no act is aimed at
PLACE_TARGETED = {"ASSAULT", "COERCE", "PROTEST", "CONCEDE", "RETREAT", "AID", "SANCTION"}


class SentenceCoder:
    """Code every event of one parsed sentence: the event lexicon and the article's actor resolver."""

    def __init__(self, lex: EventLexicon, resolver: ActorResolver):
        self.lex = lex
        self.resolver = resolver

    def candidates(self, sent) -> list[Candidate]:
        return find_candidates(sent, self.lex)

    def subjects(self, token) -> list:
        return subjects(token)


@dataclass
class Roles:
    """Who acts on whom in one candidate: the tokens found in the parse and the entities they resolve to."""

    actor_tokens: list
    actors: list[Entity]
    recipients: list[Entity]
    passive: list  # the patient of a passive trigger

    @property
    def parties(self) -> list[Entity]:
        """Recipients that are actors or coded targets, not things named only as written."""
        return [r for r in self.recipients if r.source_of_code != "text"]


def consult_mode_from_place(event: CodedEvent, place: Place | None, sentence: str,
                            lex: EventLexicon) -> tuple[str | None, str | None]:
    """A meeting's mode and CAMEO code from where it happened (``place``, in ``sentence``): abroad
    for one side is a visit ('Blinken met Xi in Beijing'), neither side's country a third-party
    venue ('Biden and Putin met in Geneva'); anything else keeps its mode and code."""
    unchanged = event.mode, event.cameo
    if event.event != "CONSULT" or event.mode not in (None, "multilateral") or place is None:
        return unchanged
    where = place.country_code
    if not where or place.source == "destination":
        return unchanged
    parties = {e.code for e in event.actor + event.recipient if e.code and e.code not in NON_STATE_CODES}
    if not parties or (event.mode == "multilateral" and len(parties) > 2):
        return unchanged
    if event.mode == "multilateral":  # 'on the sidelines of the summit' stays; a two-party summit abroad is third-party
        if where in parties or len(parties) < 2 or any(w in sentence.lower() for w in vocab().sideline_word):
            return unchanged
        mode = "third-party"
    elif where in parties and len(parties) > 1 or where not in parties and len(parties) == 1:
        mode = "visit"
    elif where not in parties:
        mode = "third-party"
    else:
        return unchanged  # a meeting at home
    return mode, lex.cameo.get(("CONSULT", mode), event.cameo)


def mode_from_keywords(lex: EventLexicon, event: str, lemmas: list[str]) -> str | None:
    for words, mode in lex.modes.get(event, ()):
        n = len(words)
        for i in range(len(lemmas) - n + 1):
            if tuple(lemmas[i:i + n]) == words:
                return mode
    return None


def contexts_of(lex: EventLexicon, lemmas: list[str]) -> list[str]:
    """Contexts whose keywords occur in the sentence, in the order of the contexts file."""
    hits: set[int] = set()
    for i, lemma in enumerate(lemmas):
        for rank, words, _ in lex.context_index.get(lemma, ()):
            if tuple(lemmas[i:i + len(words)]) == words:
                hits.add(rank)
    found: list[str] = []
    for rank in sorted(hits):
        context = lex.contexts[rank][1]
        if context not in found:
            found.append(context)
    return found


def build_events(sent, coder: SentenceCoder, doc_id: str, sequence: int,
                 speaker: list[Entity] | None = None) -> list[tuple[CodedEvent, object]]:
    """The coded events of one parsed sentence with their anchor tokens (``doc_id`` and
    ``sequence`` name the sentence in debug messages)."""
    lex = coder.lex
    lemmas = [t.lemma_.lower() for t in sent]
    contexts = contexts_of(lex, lemmas)
    base = getattr(sent, "start_char", 0)  # a Span of a larger Doc: offsets made sentence-relative
    cands = [c for c in coder.candidates(sent) if not _restates_its_noun(c.token, lex) and not _describes_backing(c)]
    coded = [(cand, _code_candidate(cand, coder, lemmas, speaker, contexts, base)) for cand in cands]
    for cand, event in coded:
        if event is None:
            log.debug("%s:%d '%s' %s (%s): no event (no actor, or no recipient where one is needed)",
                      doc_id, sequence, cand.token.text, cand.event, cand.rule.origin)
    coded = [(cand, event) for cand, event in coded if event is not None]
    coded = _contact_for_its_content(coded, lex)
    if any(not _subsidiary(cand, lex) and not _condition(cand.token) for cand, _ in coded):
        if log.isEnabledFor(logging.DEBUG):
            for cand, _ in coded:
                if _subsidiary(cand, lex):
                    log.debug("%s:%d '%s' %s: subsidiary to a main event", doc_id, sequence, cand.token.text, cand.event)
        coded = [(cand, event) for cand, event in coded if not _subsidiary(cand, lex)]
    return [(event, cand.token) for cand, event in coded]


def _contact_for_its_content(coded: list, lex: EventLexicon) -> list:
    """A call or meeting made to say something is coded for what it says (manual 3.2.1: a consultation
    'should be coded for the content of the action'): 'called Biden to congratulate him' is SUPPORT,
    'summoned the envoy to protest' ACCUSE. The purpose clause (a to-infinitive of the contact verb)
    holding a verbal act (quad 1 or 3) by the same actor replaces the CONSULT and keeps its recipient
    when it names none of its own."""
    contacts = {cand.token.i: (cand, event) for cand, event in coded if event.event == "CONSULT" and cand.token.pos_ == "VERB"}
    if not contacts:
        return coded
    replaced: dict[int, tuple] = {}
    for cand, event in coded:
        token = cand.token
        if (token.dep_ == "advcl" and to_infinitive(token) and token.head.i in contacts and event.event != "CONSULT"
                and lex.categories[event.event]["quad"] in ("1", "3")):
            contact = contacts[token.head.i][1]
            if {a.code for a in event.actor} & {a.code for a in contact.actor} or not event.actor:
                replaced[token.head.i] = (cand, replace(event, actor=event.actor or contact.actor,
                                                        recipient=event.recipient or contact.recipient))
    if not replaced:
        return coded
    out = []
    for cand, event in coded:
        if cand.token.i in replaced:
            content_cand, content = replaced[cand.token.i]
            out.append((cand, content))  # in the contact's main position
        elif not any(cand is c for c, _ in replaced.values()):
            out.append((cand, event))
    return out


def _restates_its_noun(token, lex: EventLexicon) -> bool:
    """'the battles the two peoples have fought', 'the war Russia launched': a relative clause whose
    gap is the object and whose antecedent is itself an event noun only describes that noun."""
    return (token.dep_ == "relcl" and token.head.lemma_.lower() in lex.nouns
            and not any(c.dep_ in ("dobj", "nsubjpass") for c in token.children)
            and not any(c.lower_ in vocab().relative_pronoun and c.dep_ in ("nsubj", "nsubjpass") for c in token.children))


def _describes_backing(cand: Candidate) -> bool:
    """'Kurdish forces, backed by US air support, fought', 'rebels supported by Turkey', 'a
    well-equipped army': a bare participle or adjective of standing behind someone (word class
    backing_participle) describes a relation, it reports no act. A finite clause still does ('the
    rebels are backed by Turkey', 'Turkey backs them'), and so does a frame around it ('agreed to back')."""
    token = cand.token
    if cand.inner is not None or token.lemma_.lower() not in vocab().backing_participle:
        return False
    if token.pos_ == "ADJ" or token.dep_ == "amod" or (token.dep_ == "acomp" and not children_with(token, ("agent",))):
        return True  # 'is well-equipped to fight', 'a Turkish-backed force'
    clause = token
    while clause.dep_ == "conj" and clause.head.i != clause.i:
        clause = clause.head  # 'were armed and supported by the US': the first conjunct's auxiliary
    finite = (token, clause) + ((clause.head,) if clause.dep_ == "acomp" else ())  # 'are well armed'
    if any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for n in finite for c in n.children):
        return False
    return token.tag_ == "VBN" and clause.dep_ in ("acl", "advcl", "amod", "ROOT")


def _condition(token) -> bool:
    """The trigger is an if/unless clause: a condition set, not a main act that could make a noun's
    event secondary ('threats that he would open the border unless the EU provided more aid')."""
    return token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in vocab().condition_mark for c in token.children)


def _subsidiary(cand: Candidate, lex: EventLexicon) -> bool:
    """A trigger in a secondary position ('during talks with', 'an arrangement mediated by',
    'calling it ...'): kept only when the sentence has no event in a main position."""
    token = cand.token
    if _issued_statement(cand, lex) is not None:
        return False  # "issued a statement condemning ...": what the statement does is the main act
    if token.dep_ == "acl" or (token.dep_ == "advcl" and token.tag_ == "VBG"):
        return True
    if token.dep_ == "advcl" and to_infinitive(token) and cand.inner is None:
        return True  # a purpose: "ready to meet Putin to negotiate an end to the war"
    if token.pos_ in ("NOUN", "PROPN"):
        if token.dep_ in ("nsubj", "nsubjpass") and token.head.dep_ == "advcl" and any(c.dep_ == "mark" for c in token.head.children):
            return True  # "until their demands are met", "after the talks ended": a subordinate clause's subject
        return token.dep_ not in ("nsubj", "nsubjpass", "ROOT")
    if _inside_noun_clause(token):
        return True  # "reversing an earlier decision to let them visit": the visit is the decision's content
    if cand.inner is not None or cand.frame is not None:
        return False
    return token.dep_ in ("pcomp", "relcl") and cand.rule.frame is None


def _inside_noun_clause(token) -> bool:
    """The trigger's clause hangs, through complements, from a clause modifying a noun."""
    node = token
    for _ in range(4):
        if node.dep_ in ("acl", "relcl") and node.head.pos_ in ("NOUN", "PROPN") and node is not token:
            # a restrictive clause completes the noun ("a pact that will allow ..."); a clause set off
            # by a comma reports something of its own ("Hamas, which said it had fired ...")
            return node.dep_ == "acl" or node.doc[max(node.left_edge.i - 1, 0)].text != ","
        if node.dep_ not in ("xcomp", "ccomp", "conj", "acl", "relcl") or node.head.i == node.i:
            return False
        node = node.head
    return False


def _code_candidate(cand: Candidate, coder: SentenceCoder, lemmas, speaker, contexts: list[str],
                    base: int = 0) -> CodedEvent | None:
    lex = coder.lex
    spec = cand.rule.spec or lex.recipient_specs[cand.event]
    places = spec.places
    if cand.rule.spec is not None and not spec.swap and "speaker" not in places and "none" not in places:
        # a row's own places first, then the category's ('opened an investigation of Flynn')
        places = places + tuple(p for p in lex.recipient_specs[cand.event].places if p not in places)
    roles = _find_roles(cand, coder, places, spec.swap, speaker)
    if "speaker" in spec.places and not roles.parties:
        return None  # "said it was responsible" claims, "unclear who was responsible" accuses no one
    obj = direct_object(cand.token)
    if spec.required and not roles.parties and obj is not None and obj.lemma_.lower() not in lex.nouns:
        # "visited the site of the former camp": an object that is not an actor is no dyadic event
        # (but "Trump and Kim met ..., a summit that" is: the 'object' is the meeting itself, misparsed)
        return None
    if spec.required and not roles.parties and obj is None and cand.token.pos_ in ("VERB", "AUX"):
        patients = children_with(cand.token, ("nsubjpass",))
        if patients and not any(is_actor_like(p, lex.actor_nouns) for p in patients):
            return None  # "until all their demands were met by the government": met is no meeting
    unknown_agent = _unknown_agent(cand, roles, lex)
    if unknown_agent and _nobody_named(roles):
        # "I asked him how hard it was", "We called our baby Hawar": a first person no one in the
        # sentence stands for, acting on no one coded, is a witness's or a reporter's own life ('he'
        # and 'they' often stand for an actor of an earlier sentence: "He dismissed calls for his resignation")
        return None
    if not unknown_agent and (not roles.actors or all(a.code is None and a.sector is None for a in roles.actors)):
        named = _named_unknown(cand, roles, lex)
        if not named:
            return None
        roles.actors, unknown_agent = named, True
    concrete = any(not o.startswith("@") for o in cand.rule.objects)
    if (roles.passive and not roles.actor_tokens and not roles.parties
            and (not concrete or cand.token.dep_ in ("advcl", "relcl", "acl"))):
        # "his wish was granted", "before their safety was guaranteed": neither who acted nor on
        # whom; "a curfew was declared in Osh" stays
        return None
    for frame in role_frames(cand, roles.actors, roles.recipients, roles.actor_tokens):
        fr = find_frame_rule(lex, frame, cand.event, cand.mode)
        if fr is not None:
            cand.event, cand.mode, _ = apply_frame(fr, cand.event, cand.mode, cand.modality)
    mode, cameo = _mode_and_cameo(cand, lex, lemmas)
    confidence = max(0.05, _confidence(cand, roles.actors, roles.recipients, lex) - (0.2 if unknown_agent else 0.0))
    return _event(cand, roles, lex, mode, cameo, contexts, confidence, base)


def _find_roles(cand: Candidate, coder: SentenceCoder, spec: tuple[str, ...], swap: bool, speaker) -> Roles:
    """The actor and the recipient: from the parse, resolved; a missing target inferred from the place or home country."""
    lex, token, resolver = coder.lex, cand.token, coder.resolver
    if token.pos_ in ("NOUN", "PROPN"):  # a nominal event, or a nominal frame ("his promise to invade")
        # a material conflict is done by whoever a participle names ('a strike called by the union');
        # a truce or a deal 'brokered by' someone names the mediator, not a party
        actor_tokens = noun_actors(token, resolver, by_participle=lex.categories[cand.event]["quad"] == "4")
        between = recipient_at(token, "between", lex) if cand.event in RECIPROCAL else []
        if between and not actor_tokens:
            actor_tokens = between
    else:
        actor_tokens = subjects(cand.subject_token)
        actor_tokens = _speaker_for_pronoun(cand.subject_token, actor_tokens, lex) or actor_tokens
        actor_tokens = _parties_of_event_subject(actor_tokens, resolver, lex) or actor_tokens
        if not actor_tokens and _issued_statement(cand, lex) is not None:
            # "released a report accusing the army of ...": who issues the report accuses
            actor_tokens = subjects(_issued_statement(cand, lex))
    passive = passive_recipient(token) if token.pos_ in ("VERB", "AUX") else patient_owner(token)
    candidates = [passive] if passive else recipient_candidates(token, spec, lex, cand.inner)
    if not passive and cand.inner is not None and cand.act is not None and cand.act[0] != cand.event:
        # "threatened to impose sanctions on Iran", "refused to send aid to Angola": the party the act
        # agreed to, refused or threatened is aimed at comes first; who is asked or accused comes first
        # in a request or an accusation ('accused Kyiv of attempting to assassinate Putin': Kyiv)
        inner = recipient_candidates(cand.inner, lex.recipient_specs[cand.act[0]].places, lex)
        candidates = candidates + inner if cand.event in ("REQUEST", "ACCUSE") else inner + candidates
    obj = direct_object(token)
    if not passive and obj is not None and act_noun(obj, lex) and not any(obj in c for c in candidates):
        # 'announced the release of two nationals', 'ordered the tanker's release': the act's party
        candidates = candidates + [[obj]]
    if passive and token.pos_ in ("VERB", "AUX") and not any(c.dep_ == "agent" for c in token.children):
        actor_tokens = []
    if swap:
        actor_tokens, candidates = (candidates[0] if candidates else []), [actor_tokens]
    actors = resolve_all(resolver, actor_tokens, speaker, subject=True)
    targets = lex.categories[cand.event]["target"] == "yes"
    recipients: list[Entity] = []
    things: list = []  # what the places name when no party is coded there
    for recipient_tokens in candidates:  # the first place that names an actor (not a thing) wins
        parties, named = aimed_at(recipient_tokens, lex, targets)
        # not the weapon ('fired rockets from Gaza'), a time ('on Saturday') nor the actor itself
        things = things or [t for t in named if t.i not in {a.i for a in actor_tokens}
                            and t.lemma_.lower() not in lex.instruments and t.ent_type_ not in NOT_THINGS]
        recipients = [r for r in resolve_all(resolver, parties, speaker, targets=targets)
                      if not any(same_entity(r, a) for a in actors)]
        if recipients:
            break
    if not recipients and (cand.event in DYADIC or cand.frame == "fail") and not passive and not swap:
        actors, recipients = _split_coordinated(actors)
    if not recipients and cand.event in PLACE_TARGETED and actors and token.pos_ in ("VERB", "AUX"):
        place = resolver.place_target(token, tuple(a.code for a in actors if a.code))
        if place is not None:
            recipients = [place]
    if (not recipients and cand.event in ("AID", "AGREE", "SANCTION", "MOBILIZE", "THREATEN") and actors
            and cand.inner is not None and cand.inner.pos_ in ("VERB", "AUX")):
        # "agreed to hand over their weapons in southern Lebanon", "threatened to strike targets in
        # Syria": the place the act agreed to or threatened is aimed at
        place = resolver.place_target(cand.inner, tuple(a.code for a in actors if a.code))
        if place is not None:
            recipients = [place]
    if not recipients and cand.event in ("PROTEST", "COERCE") and actors:
        # a strike or a crackdown with no named target is aimed at home: strikers at their
        # government, police at their own people (a flagged inference, source_of_code 'context')
        home = resolver.home_country(actors, cand.event == "COERCE")
        if home is not None:
            # 'police detained several suspects': the suspects, of the police's country
            named = thing_entities(resolver, things[:1])
            recipients = [replace(home, entity_text=named[0].entity_text) if named else home]
    if not recipients and actors and cand.event in GIVING:
        # 'donated ventilators to assist Ethiopia', 'provided $1bn to support refugees in Jordan'
        recipients = _purpose_party(token, resolver, speaker, actors, lex)
        things = [t for t in things if t.dep_ != "dobj"]  # what is given is not who receives it
    if not recipients and things and actors and cand.event in PLACE_TARGETED | {"AGREE", "THREATEN"} and act_noun(things[0], lex):
        # 'declared a ceasefire in Idlib', 'agreed to an expansion of its force in Afghanistan'
        place = resolver.place_target(things[0], tuple(a.code for a in actors if a.code))
        if place is not None:
            recipients = [place]
    if not recipients and things:
        recipients = thing_entities(resolver, things)
    if passive and not actor_tokens and cand.event in STATE_ACTS:
        # 'was arrested in Rwanda', 'were expelled from North Korea': the state where it was done
        # did it (a flagged inference, source_of_code 'context')
        place = resolver.place_target(token)
        if place is not None:
            actors = [replace(place, source_of_code="context")]
    return Roles(actor_tokens, actors, recipients, passive)


def _purpose_party(token, resolver, speaker, actors: list[Entity], lex: EventLexicon) -> list[Entity]:
    """Who a gift is for when the text says so in a purpose clause: its object or a preposition's
    object, else the place it names ('to help people in Somalia')."""
    clauses = [c for c in token.children if c.dep_ in ("advcl", "xcomp") and to_infinitive(c)]
    clauses += [c for o in children_with(token, ("dobj",)) for c in o.children if c.dep_ == "acl" and to_infinitive(c)]
    for clause in clauses:
        tokens = [o for o in children_with(clause, ("dobj", "dative")) if is_actor_like(o, lex.actor_nouns)]
        tokens += [g for c in clause.children if c.dep_ == "prep" for g in c.children
                   if g.dep_ == "pobj" and is_actor_like(g, lex.actor_nouns)]
        found = [r for r in resolve_all(resolver, tokens, speaker, targets=True) if not any(same_entity(r, a) for a in actors)]
        if found:
            return found
        place = resolver.place_target(clause, tuple(a.code for a in actors if a.code))
        if place is not None:
            return [place]
    return []


def _split_coordinated(actors: list[Entity]) -> tuple[list[Entity], list[Entity]]:
    """'Jordan and Britain agreed to hold exercises', 'Canada and Costa Rica agreed to start
    talks': with no other party named, the first of coordinated subjects acts towards the others
    (the dyadic reading of WEIS and CAMEO that news coders use)."""
    if len(actors) < 2 or len({a.entity_text.lower() for a in actors}) < len(actors):
        return actors, []
    return actors[:1], actors[1:]


def _speaker_for_pronoun(clause, actor_tokens, lex: EventLexicon) -> list:
    """'Austria says it will take no refugees', 'the president said he will keep the embargo': a
    pronoun subject of a reported clause is the speaker itself, named as the speaker is named."""
    if not actor_tokens or any(not _pronoun_or_own_polity(t) or t.lower_ in vocab().non_actor_pronoun - {"it"} for t in actor_tokens):
        return []
    node = clause
    for _ in range(3):
        if node.dep_ in ("xcomp", "conj") and node.head.i != node.i:
            node = node.head
            continue
        break
    if node.dep_ == "advcl" and node.head.i != node.i and all(t.lower_ in vocab().person_pronoun for t in actor_tokens):
        # 'Putin declared as he hosted Rouhani', 'Assad smiled when she met him': he is the
        # person the main clause is about
        main = children_with(node.head, ("nsubj",))
        return main if main and main[0].pos_ == "PROPN" and main[0].ent_type_ not in ("GPE", "ORG", "NORP", "LOC") else []
    if node.dep_ != "ccomp" or lex.wrappers.get(node.head.lemma_.lower()) != "report":
        return []
    speaker = children_with(node.head, ("nsubj",))
    return speaker if speaker and speaker[0].pos_ != "PRON" else []


VERBAL_QUADS = ("1", "3")  # categories of what is said (categories.tsv quad): what a statement can do


def _issued_statement(cand: Candidate, lex: EventLexicon):
    """The verb issuing the statement, report or letter whose participle or adjective is the trigger
    ('released a report accusing ...', 'issued a statement condemning and urging ...'), for a verbal
    act (a statement can accuse or urge; 'resolutions targeting the government' attack no one)."""
    if lex.categories[cand.event]["quad"] not in VERBAL_QUADS:
        return None
    node = cand.subject_token
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head
    return statement_issuer(node)


def _parties_of_event_subject(actor_tokens, resolver: ActorResolver, lex: EventLexicon) -> list:
    """'The talks between Chile and Peru failed to reach agreement', 'the summit ended without a
    deal': a meeting as subject acts through its parties (not any event: 'the killing ... urged'
    is a misparse, not the killers urging)."""
    if len(actor_tokens) != 1 or actor_tokens[0].pos_ != "NOUN":
        return []
    noun = actor_tokens[0]
    if not any(rule.event in ("CONSULT", "AGREE") for rule in lex.nouns.get(noun.lemma_.lower(), ())):
        return []
    return recipient_at(noun, "between", lex) or noun_actors(noun, resolver)


def _pronoun_or_own_polity(token) -> bool:
    """'it', 'they', or the speaker's own polity through a pronoun: 'his country', 'our government'."""
    return token.pos_ == "PRON" or (token.lemma_.lower() in vocab().own_polity_noun
                                    and any(c.dep_ == "poss" and c.pos_ == "PRON" for c in token.children))


def _unknown_agent(cand: Candidate, roles: Roles, lex: EventLexicon) -> bool:
    """Someone acted but the text does not say who: an agentless passive, an instrument ('a bomb
    exploded'), or a pronoun whose antecedent is in another sentence (its actor is then 'unknown')."""
    token, actors, actor_tokens = cand.token, roles.actors, roles.actor_tokens
    agentless_passive = bool(roles.passive) and not actor_tokens
    by_instrument = not actors and bool(actor_tokens) and all(t.lemma_.lower() in lex.instruments for t in actor_tokens)
    # "she urged the authorities to ...", a sentence on its own: someone acted, we cannot say who
    # (only when the sentence names nobody before it: then the antecedent is in another sentence)
    unknown_pronoun = (not actors and bool(actor_tokens)
                       and all(t.lower_ in vocab().unresolved_pronoun for t in actor_tokens)
                       and not any(t.pos_ in ("NOUN", "PROPN") for t in token.doc[token.sent.start:min(a.i for a in actor_tokens)]))
    if unknown_pronoun:
        roles.actors = [Entity(t.text, t.text, None, None, None, "unknown") for t in actor_tokens]
    return agentless_passive or by_instrument or unknown_pronoun


def _nobody_named(roles: Roles) -> bool:
    """The actors are first-person pronouns of unknown antecedent and no recipient is a coded actor."""
    pronouns = vocab().unresolved_pronoun & vocab().first_person_pronoun
    return (bool(roles.actors) and all(a.source_of_code == "unknown" and a.entity_text.lower() in pronouns for a in roles.actors)
            and not any(r.code or r.sector for r in roles.recipients))


NAMED_KINDS = {"ORG": "1234", "PERSON": "123", "NORP": "123"}  # entity kinds that may act unknown, by quad


def _named_unknown(cand: Candidate, roles: Roles, lex: EventLexicon) -> list[Entity]:
    """Actors the text names but no dictionary knows ('The ACLU filed a lawsuit', 'Duvalier demanded
    a meeting'): an organisation may do anything, a person or a people only say or promise things
    (a named person stabbing someone is ordinary crime until a dictionary says who they are). They
    act as named, with no code (source_of_code 'unknown')."""
    quad = lex.categories[cand.event]["quad"]
    named: list[Entity] = []
    for token in expand_conjuncts(roles.actor_tokens):
        if token.pos_ == "NOUN":  # "fighters of the Arakan Army", "members of the ACLU": the named group
            member_of = vocab().classes.get("member_prep", frozenset())
            token = next((g for c in token.children if c.lower_ in member_of for g in c.children if g.dep_ == "pobj"), token)
        if token.pos_ != "PROPN" or quad not in NAMED_KINDS.get(token.ent_type_, ""):
            return []
        span = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
        text = span.text if span is not None else token.text
        named.append(Entity(text, text, None, None, None, "unknown"))
    return named


def _mode_and_cameo(cand: Candidate, lex: EventLexicon, lemmas) -> tuple[str | None, str]:
    """The mode (refined by a more specific keyword of the sentence where the category allows) and its CAMEO code."""
    mode = cand.mode
    refinable = lex.categories[cand.event]["refinable"].split("|")
    if (mode or "-") in refinable:
        mode = mode_from_keywords(lex, cand.event, lemmas) or mode
    return mode, lex.cameo_of(cand.event, mode)


def _event(cand: Candidate, roles: Roles, lex: EventLexicon, mode, cameo: str, contexts: list[str],
           confidence: float, base: int = 0) -> CodedEvent:
    """The coded event of a candidate, with its evidence (offsets within the sentence, which starts
    at ``base`` in the parsed doc)."""
    token = cand.token
    span_tokens = [token] + ([cand.inner] if cand.inner is not None else [])
    start = min(t.idx for t in span_tokens)
    end = max(t.idx + len(t.text) for t in span_tokens)
    text = token.doc.text[start:end]
    return CodedEvent(
        event=cand.event, actor=roles.actors, recipient=roles.recipients,
        evidence=Evidence(trigger=text, trigger_start=start - base, trigger_end=end - base, rule=cand.rule.origin,
                          frame=cand.frame),
        mode=mode, context=list(contexts), cameo=cameo,
        quad_code=int(lex.categories[cand.event]["quad"]), modality=cand.modality, confidence=confidence,
    )


def _confidence(cand: Candidate, actors, recipients, lex: EventLexicon) -> float:
    score = cand.weight
    if any(r.source_of_code not in ("context", "text") and r.entity_text for r in recipients):
        score += 0.1  # a recipient the text names (an inferred home country adds nothing)
    if any(a.source_of_code == "context" for a in actors):
        score -= 0.15
    if cand.token.dep_ in ("ROOT", "ccomp") or cand.token.head.dep_ == "ROOT":
        score += 0.05
    if cand.frame:
        score += 0.05
    return max(0.05, min(0.99, score))
