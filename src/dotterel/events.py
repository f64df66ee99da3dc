"""Stage 5, events: code PLOVER events from the dependency parse of a sentence.

A category is decided by a trigger *in its frame*: the trigger lemma, its object, its
particle, and the words that govern it ("threatened to impose sanctions" is THREATEN,
"called for a ceasefire" REQUEST, "is willing to work with" AGREE).  Roles come from the
parse (subject, passive agent, object, prepositional recipients, coordination).  All the
words live in data files (triggers, wrappers, frame rules, modality cues, mode keywords);
this module holds only the machinery.  Every event keeps its evidence: trigger span, the
rule (data file line) that fired, and the frame that changed it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .actors import ActorResolver, common_lemma
from .records import Entity, Event, Evidence
from .errors import DataFileError
from .resources import NON_STATE_CODES, PLOVER_CATEGORIES, check_choice, read_tsv

EXTRA_TRIGGER_FILES = ("triggers_more.tsv", "triggers_news.tsv", "triggers_cameo.tsv")  # read after triggers.tsv: their rows add coverage, never override
FRAMES = ("request", "threat", "reject", "promise", "accuse")
SUBJECT_CONTROL = {"promise", "pledge", "vow", "threaten", "offer"}  # "promised Kenya to send": the subject sends
ARMED_SECTORS = {"MIL", "REB", "PRM", "UAF"}
PLACE_WORDS = {"country", "area", "region", "city", "town", "base", "territory", "province", "zone", "village", "capital"}
UNRESOLVED_PRONOUNS = {"he", "she", "they", "we", "i"}
PROTESTERS = {"protester", "protestor", "demonstrator", "rioter", "marcher", "youth", "looter"}
CROWD_SECTORS = {"CVL", "OPP", "LAB", "EDU", "SOC", "PTY"}  # unarmed people who riot rather than attack
ROLE_FRAMES = ("armed", "crowd", "membership", "rescue")  # frames set by who acts on whom (_role_frames)
WRAPPER_FRAMES = ("intent", "deny", "fail", "attempt", "hypothetical", "report")
MODALITIES = ("asserted", "negated", "future", "hypothetical", "historical")
CLAUSE_DEPS = {"xcomp", "ccomp", "advcl", "pcomp", "conj", "relcl", "acl"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "expl"}
# Nouns that a request or refusal can be about without being events themselves.
DEMAND_NOUNS = {"release", "reform", "resignation", "investigation", "inquiry", "probe", "ceasefire", "truce",
                "end", "withdrawal", "election", "restraint", "dialogue", "negotiation", "talk", "aid", "help",
                "assistance", "support", "action", "sanction", "return", "access", "extradition", "halt",
                "cessation", "calm", "change", "removal", "referendum", "compensation", "apology", "justice",
                "accountability", "independence", "proposal", "plan", "offer", "demand", "call", "request",
                "deal", "agreement", "invitation", "accusation", "allegation", "claim", "charge", "report"}
# Common nouns that head actor phrases, for object tests before roles are resolved.
ACTOR_NOUNS = {"government", "administration", "authority", "official", "minister", "leader", "president", "army",
               "troop", "soldier", "force", "police", "rebel", "militant", "protester", "delegation", "counterpart",
               "envoy", "ambassador", "diplomat", "regime", "junta", "ministry", "parliament", "opposition", "party",
               "student", "journalist", "activist", "people", "civilian", "prisoner", "hostage", "detainee", "worker",
               "fighter", "insurgent", "militia", "gunman", "official", "lawmaker", "judge", "court", "representative"}
NON_ACTOR_PRONOUNS = {"it", "this", "that", "which", "what", "these", "those", "itself"}
RECIPROCAL = {"CONSULT", "ASSAULT"}  # events whose nominal form names all sides: "talks between X and Y"
LIGHT_VERBS = {"hold", "have", "conduct", "launch", "stage", "carry", "make", "take", "begin", "start", "resume", "open",
               "mount", "complete", "conclude", "finish", "wrap", "continue", "pay", "undertake", "issue", "announce"}


@dataclass(frozen=True)
class TriggerRule:
    lemma: tuple[str, ...]
    pos: str
    objects: frozenset[str]
    event: str
    mode: str | None
    recipient: tuple[str, ...]
    frame: str | None
    weight: float
    origin: str
    # the object column split once on load: '^lemma' subject words, '!name' exclusions, the rest object tests
    subjects: frozenset[str] = frozenset()
    exclusions: frozenset[str] = frozenset()
    tests: frozenset[str] = frozenset()


EXCLUSIONS = frozenset({"opinion"})  # '!opinion': not with a that-clause of opinion


@dataclass(frozen=True)
class FrameRule:
    frame: str
    inner: str
    event: str
    mode: str
    modality: str


@dataclass(frozen=True)
class EventLexicon:
    verbs: dict[str, tuple[TriggerRule, ...]]
    nouns: dict[str, tuple[TriggerRule, ...]]
    wrappers: dict[str, str]
    frame_rules: tuple[FrameRule, ...]
    modality_cues: dict[tuple[str, str], str]
    modes: dict[str, tuple[tuple[tuple[str, ...], str], ...]]
    categories: dict[str, dict[str, str]]
    cameo: dict[tuple[str, str], str]
    contexts: tuple[tuple[tuple[str, ...], str], ...]
    instruments: frozenset[str]
    context_index: dict[str, tuple[tuple[int, tuple[str, ...], str], ...]]  # first word -> (rank, words, context)
    actor_nouns: frozenset[str]

    def trigger_objects(self) -> list[tuple[str, frozenset[str]]]:
        """Every trigger word with the objects it needs (empty: none), for the sentence filter."""
        pairs = []
        for table in (self.verbs, self.nouns):
            for rules in table.values():
                for rule in rules:
                    # a required subject word pairs; an exclusion ('!') needs no word
                    needed = (rule.subjects or rule.tests) | frozenset(rule.lemma[1:])
                    pairs.append((rule.lemma[0], needed if rule.pos == "V" or rule.objects else frozenset()))
        return pairs


def _load_triggers(name: str, path=None):
    verbs: dict[str, list[TriggerRule]] = {}
    nouns: dict[str, list[TriggerRule]] = {}
    cols = ("lemma", "pos", "object", "event", "mode", "recipient", "frame", "weight")
    for row in read_tsv(name, cols, path=path):
        check_choice(row, "pos", ("V", "N", "A"))
        check_choice(row, "event", PLOVER_CATEGORIES)
        check_choice(row, "frame", FRAMES, optional=True)
        try:
            weight = float(row["weight"])
        except ValueError as exc:
            raise DataFileError(row.origin, f"bad weight '{row['weight']}'") from exc
        lemma = tuple(row["lemma"].lower().split())
        objects = frozenset(o for o in row["object"].split("|") if o)
        subjects = frozenset(o[1:] for o in objects if o.startswith("^"))
        exclusions = frozenset(o[1:] for o in objects if o.startswith("!"))
        if exclusions - EXCLUSIONS:
            raise DataFileError(row.origin, f"unknown exclusion '!{sorted(exclusions - EXCLUSIONS)[0]}'")
        rule = TriggerRule(
            lemma=lemma, pos=row["pos"], objects=objects,
            event=row["event"], mode=row["mode"] or None,
            recipient=tuple(r for r in row["recipient"].split(",") if r), frame=row["frame"] or None,
            weight=weight, origin=row.origin, subjects=subjects, exclusions=exclusions,
            tests=frozenset(o for o in objects if not o.startswith(("^", "!"))),
        )
        (nouns if rule.pos == "N" else verbs).setdefault(lemma[0], []).append(rule)  # adjectives sit with verbs
    return {k: tuple(v) for k, v in verbs.items()}, {k: tuple(v) for k, v in nouns.items()}


def _specificity(rule: TriggerRule) -> int:
    """Sort key, most specific first: particle, then named objects, then object tests (@actor)."""
    concrete = any(not o.startswith("@") for o in rule.objects)
    return -(4 * (len(rule.lemma) > 1) + 2 * concrete + bool(rule.objects))


def _load_cameo() -> dict[tuple[str, str], str]:
    """cameo.tsv is also the register of valid (category, mode) pairs."""
    table = {}
    for r in read_tsv("cameo.tsv", ("event", "mode", "cameo")):
        check_choice(r, "event", PLOVER_CATEGORIES)
        if not r["cameo"].isdigit():
            raise DataFileError(r.origin, f"bad cameo '{r['cameo']}'")
        table[(r["event"], r["mode"])] = r["cameo"]
    return table


def _load_categories() -> dict[str, dict[str, str]]:
    cols = ("event", "quad", "cameo", "cooperative", "recipient", "target", "refinable")
    table = {}
    for r in read_tsv("categories.tsv", cols):
        check_choice(r, "event", PLOVER_CATEGORIES)
        check_choice(r, "quad", ("1", "2", "3", "4"))
        check_choice(r, "cooperative", ("yes", "no"))
        check_choice(r, "target", ("yes", "no"))
        table[r["event"]] = r.values
    missing = set(PLOVER_CATEGORIES) - set(table)
    if missing:
        raise DataFileError("dotterel/data/categories.tsv", f"no row for {', '.join(sorted(missing))}")
    return table


def _check_mode(origin: str, event: str, mode: str | None, cameo: dict) -> None:
    if mode and (event, mode) not in cameo:
        raise DataFileError(origin, f"'{mode}' is not a mode of {event} (see cameo.tsv)")


def _check_frame_rule(rule: FrameRule, origin: str, cameo: dict) -> None:
    inner_event, _, inner_mode = rule.inner.partition(":")
    if rule.inner != "*":
        if inner_event not in PLOVER_CATEGORIES:
            raise DataFileError(origin, f"bad inner '{rule.inner}'")
        _check_mode(origin, inner_event, inner_mode, cameo)
    if rule.event != "=" and rule.event not in PLOVER_CATEGORIES:
        raise DataFileError(origin, f"bad event '{rule.event}'")
    if rule.event != "=" and rule.mode not in ("", "="):
        _check_mode(origin, rule.event, rule.mode, cameo)


@lru_cache(maxsize=1)
def load_event_lexicon() -> EventLexicon:
    cameo = _load_cameo()
    verbs, nouns = _load_triggers("triggers.tsv")
    for name in EXTRA_TRIGGER_FILES:
        if not resources.files("dotterel.data").joinpath(name).is_file():
            continue
        more_verbs, more_nouns = _load_triggers(name)
        for table, more in ((verbs, more_verbs), (nouns, more_nouns)):
            for lemma, rules in more.items():
                table[lemma] = table.get(lemma, ()) + rules
    # the most specific reading first (file order within each rank), so "back down" is not read
    # as "back", nor "meet demands" as "meet", nor "ordered the firm to pay" as a plain order
    for table in (verbs, nouns):
        for lemma, rules in table.items():
            table[lemma] = tuple(sorted(rules, key=_specificity))
    wrappers = {r["lemma"]: check_choice(r, "frame", WRAPPER_FRAMES) for r in read_tsv("wrappers.tsv", ("lemma", "frame"))}
    frame_rules = []
    for r in read_tsv("frame_rules.tsv", ("frame", "inner", "event", "mode", "modality")):
        rule = FrameRule(check_choice(r, "frame", FRAMES + WRAPPER_FRAMES + ("future",) + ROLE_FRAMES), r["inner"],
                         r["event"], r["mode"], check_choice(r, "modality", MODALITIES + ("=",)))
        _check_frame_rule(rule, r.origin, cameo)
        frame_rules.append(rule)
    for table in (verbs, nouns):
        for rules in table.values():
            for rule in rules:
                _check_mode(rule.origin, rule.event, rule.mode, cameo)
    cues = {(r["cue"].lower(), r["kind"]): check_choice(r, "modality", MODALITIES)
            for r in read_tsv("modality.tsv", ("cue", "kind", "modality"))}
    modes: dict[str, list] = {}
    for r in read_tsv("modes.tsv", ("event", "keyword", "mode")):
        check_choice(r, "event", PLOVER_CATEGORIES)
        _check_mode(r.origin, r["event"], r["mode"], cameo)
        modes.setdefault(r["event"], []).append((tuple(r["keyword"].lower().split()), r["mode"]))
    categories = _load_categories()
    contexts = tuple((tuple(r["keyword"].lower().split()), r["context"]) for r in read_tsv("contexts.tsv", ("keyword", "context")))
    instruments = frozenset(r["word"].lower() for r in read_tsv("instruments.tsv", ("word",)))
    # nouns that head actor phrases: the one-word sector terms ("fisherman", "doctor") and a few role nouns
    actor_nouns = frozenset(r["term"] for r in read_tsv("sectors.tsv", ("term", "sector", "kind")) if " " not in r["term"]) | ACTOR_NOUNS
    index: dict[str, list] = {}
    for rank, (words, context) in enumerate(contexts):
        index.setdefault(words[0], []).append((rank, words, context))
    return EventLexicon(verbs, nouns, wrappers, tuple(frame_rules), cues, {k: tuple(v) for k, v in modes.items()},
                        categories, cameo, contexts, instruments, {k: tuple(v) for k, v in index.items()}, actor_nouns)


# --------------------------------------------------------------------------- candidates

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


def _children(token, deps):
    return [c for c in token.children if c.dep_ in deps]


def _object_lemmas(token) -> set[str]:
    """What a trigger acts on: direct object (and its compounds), passive subject, prepositional objects."""
    lemmas: set[str] = set()
    for child in token.children:
        if child.dep_ in ("dobj", "nsubjpass", "attr", "oprd"):
            lemmas.add(child.lemma_.lower())
            lemmas.update(c.lemma_.lower() for c in child.conjuncts)  # "71 warplanes and seven navy ships"
            lemmas.update(c.lemma_.lower() for c in child.children if c.dep_ in ("compound", "amod", "nummod", "quantmod"))
            # "a fresh round of talks", "hundreds of prisoners", "$5 billion in aid": what the quantity is of
            lemmas.update(g.lemma_.lower() for c in child.children
                          if c.dep_ == "prep" and (c.lower_ == "of" or (c.lower_ == "in" and child.pos_ in ("NUM", "SYM")))
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
    return lemmas


def _will_clause(clause) -> bool:
    """'(warned) it would respond', '(agreed) talks will resume': a clause about what is to come."""
    return any(a.lower_ in ("will", "would", "'ll") for a in clause.children)


def _question(clause) -> bool:
    """'(asked) whether Russia would withdraw', '(asked) if ...': an indirect question."""
    return any(m.dep_ == "mark" and m.lower_ in ("if", "whether") for m in clause.children)


def _to_infinitive(clause) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)


def _same_subject(clause, lex: EventLexicon) -> bool:
    """The clause's subject may be the speaker's side ('warned it would respond', 'warned that the
    army would retaliate'), not a thing or an event ('warned that an assault would lead to ...')."""
    inner = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not inner:
        return True
    subject = inner[0]
    if subject.lemma_.lower() in lex.nouns:
        return False
    return subject.pos_ != "NOUN" or _is_actor_like(subject, lex.actor_nouns)


def _subject_lemmas(token) -> set[str]:
    """The subject's head lemma, also through a control verb ('troops are set to leave')."""
    subj = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subj and token.dep_ in ("xcomp", "conj") and token.head.i != token.i:
        subj = [c for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    return {s.lemma_.lower() for s in subj}


def _is_actor_like(token, nouns: frozenset[str] = frozenset()) -> bool:
    """Cheap test before roles are resolved (the resolver decides for real)."""
    if token.lower_ in NON_ACTOR_PRONOUNS:
        return False
    lemma = token.lemma_.lower()
    return (token.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or token.pos_ in ("PROPN", "PRON")
            or lemma in ACTOR_NOUNS or lemma in nouns)


def _direct_object(token):
    objs = _children(token, ("dobj",))
    return objs[0] if objs else None


def _rule_matches(rule: TriggerRule, token, lex: EventLexicon) -> bool:
    particles = {c.lower_ for c in token.children if c.dep_ == "prt"}
    if particles - set(rule.lemma[1:]):
        return False  # a phrasal verb is another verb: "talked down" is not "talked"
    if len(rule.lemma) > 1 and not all(_has_part(token, word) for word in rule.lemma[1:]):
        return False
    if not rule.objects:
        return True
    if rule.pos == "N":
        mods = {c.lemma_.lower() for c in token.children} | {c.lower_ for c in token.children}
        return bool(mods & rule.objects)
    if "opinion" in rule.exclusions and any(c.dep_ == "ccomp" and not _will_clause(c) for c in token.children):
        return False  # "agreed that the regime had used chemical weapons": an opinion shared, not an agreement
    if rule.subjects and not rule.subjects & _subject_lemmas(token):
        return False  # "troops will leave": the subject must be one of these
    if not rule.tests:
        return True
    obj = _direct_object(token)
    patient = obj if obj is not None else next(iter(_children(token, ("nsubjpass",))), None)  # "were sanctioned"
    lemmas = _object_lemmas(token)
    for need in rule.tests:
        if need == "@none" and obj is None:
            return True
        if need == "@any" and obj is not None:
            return True
        if need == "@actor" and patient is not None and _is_actor_like(patient, lex.actor_nouns):
            return True
        if need == "@person" and patient is not None and (patient.ent_type_ == "PERSON" or patient.lemma_ in ("people", "man", "woman", "civilian")):
            return True
        if need == "@target" and obj is not None:
            return True
        if need == "@place" and obj is not None and (obj.ent_type_ in ("GPE", "LOC", "FAC") or obj.pos_ == "PROPN" or obj.lemma_.lower() in PLACE_WORDS):
            return True
        if need == "@event" and obj is None:
            pobjs = [g for c in token.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
            if any(p.lemma_.lower() in lex.nouns or p.lemma_.lower() in DEMAND_NOUNS for p in pobjs):
                return True
        if need == "@xcomp" and any(c.dep_ == "xcomp" or _infinitive_of_object(c) for c in token.children):
            return True
        if need == "@ccomp" and any(c.dep_ == "ccomp" and not _question(c) for c in token.children):
            return True  # "asked that Israel allow aid in", not "asked whether"
        if need == "@ccomp-will" and any(c.dep_ == "ccomp" and _will_clause(c) and _same_subject(c, lex) for c in token.children):
            return True  # "warned it would respond with force", not "warned that an assault would lead to ..."
        if need == "@with-actor":
            if any(c.lower_ == "with" and any(_is_actor_like(g, lex.actor_nouns) for g in c.children) for c in token.children):
                return True
        if need in lemmas:
            return True
    return False


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
        if child.dep_ in ("prep", "agent", "dative"):
            pobjs = [g for g in child.children if g.dep_ == "pobj"]
            if child.i <= token.i + 4 and not any(g.ent_type_ in ("DATE", "TIME") for g in pobjs):
                return True
    return False


def match_trigger(token, lex: EventLexicon) -> TriggerRule | None:
    lemma = token.lemma_.lower()
    prefix = _hyphen_prefix(token)
    if prefix and token.pos_ in ("VERB", "AUX", "NOUN") and token.dep_ not in ("amod", "compound"):
        table = lex.verbs if token.pos_ != "NOUN" else lex.nouns
        for rule in table.get(f"{prefix}-{lemma}", ()):  # "test-fired": spaCy splits the word in three
            if _rule_matches(rule, token, lex):
                return rule
    pos = "V"
    if token.pos_ in ("VERB", "AUX") or (token.pos_ == "ADJ" and token.tag_ == "VBN"):
        if token.dep_ in ("amod", "compound"):
            return None  # "detained traders", "the attacked convoy": a participle used as an adjective
        table = lex.verbs
    elif token.pos_ == "ADJ":  # a predicate adjective: "X was responsible for the attack"
        if token.dep_ not in ("acomp", "ccomp", "ROOT", "conj", "xcomp", "oprd"):
            return None
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
    for rule in table.get(lemma, ()):
        if (rule.pos == "A") == (pos == "A") and _rule_matches(rule, token, lex):
            return rule
    return None


def _hyphen_prefix(token) -> str | None:
    """The first half of a hyphenated word the tokenizer split ('test' in 'test-fired')."""
    doc = token.doc
    if token.i >= 2 and doc[token.i - 1].text == "-" and not doc[token.i - 1].whitespace_ and not doc[token.i - 2].whitespace_:
        return doc[token.i - 2].lower_
    return None


def _framing_rule(token, lex: EventLexicon) -> TriggerRule | None:
    """A framing verb's row even when its own object test fails: 'warned that it would
    impose sanctions' frames the sanctions although 'warned' alone is no threat."""
    if token.pos_ not in ("VERB", "AUX"):
        return None
    particles = {c.lower_ for c in token.children if c.dep_ == "prt"}
    for rule in lex.verbs.get(token.lemma_.lower(), ()):
        if rule.frame == "threat" and not (particles - set(rule.lemma[1:])):
            return rule
    return None


def _frame_rule(lex: EventLexicon, frame: str, event: str, mode: str | None) -> FrameRule | None:
    for rule in lex.frame_rules:
        if rule.frame != frame:
            continue
        inner_event, _, inner_mode = rule.inner.partition(":")
        if rule.inner == "*" or (inner_event == event and (not inner_mode or inner_mode == mode)):
            return rule
    return None


def _apply(rule: FrameRule, event: str, mode: str | None, modality: str) -> tuple[str, str | None, str]:
    new_event = event if rule.event == "=" else rule.event
    new_mode = mode if rule.mode == "=" else (rule.mode or None)
    new_modality = modality if rule.modality == "=" else rule.modality
    return new_event, new_mode, new_modality


def clause_modality(token, lex: EventLexicon) -> str:
    """Negation, future and hypothetical cues on the trigger's own clause (for a noun, also the
    verb it depends on: 'could lead to renewed fighting')."""
    if token.pos_ == "NOUN":
        own = _own_modality(token, lex)
        verb = _governing_verb(token)
        if verb is None and token.dep_ in ("nsubj", "nsubjpass") and token.head.pos_ in ("VERB", "AUX"):
            verb = token.head  # "an assault on the enclave would lead to a catastrophe"
        return own if own != "asserted" or verb is None else _own_modality(verb, lex)
    if token.pos_ == "ADJ" and token.dep_ == "acomp" and token.head.i != token.i:
        return _own_modality(token.head, lex)  # "Russia was not responsible": the copula carries it
    return _own_modality(token, lex)


def _own_modality(token, lex: EventLexicon) -> str:
    result = "asserted"
    for child in token.children:
        lower = child.lower_
        if child.dep_ == "neg" or (lower, "neg") in lex.modality_cues and child.dep_ in ("neg", "advmod"):
            return "negated"
        if child.dep_ == "det" and (lower, "det") in lex.modality_cues:
            return lex.modality_cues[(lower, "det")]
        if child.dep_ in ("aux", "auxpass") and (lower, "aux") in lex.modality_cues and not _name_as_aux(child):
            result = lex.modality_cues[(lower, "aux")]
        if child.dep_ == "advmod" and (lower, "adv") in lex.modality_cues:
            if lex.modality_cues[(lower, "adv")] == "negated" and any(c.lemma_ == "have" for c in token.children):
                return "negated"  # "has yet to"
            if lex.modality_cues[(lower, "adv")] == "future":
                result = "future" if result == "asserted" else result
    if result == "hypothetical" and _would_in_reported_future(token):
        result = "future"
    if result == "asserted" and _negated_around(token):
        return "negated"
    return result


def _name_as_aux(token) -> bool:
    """'Theresa May held talks': the tagger reads the surname as the modal; NER knows better."""
    return token.ent_type_ == "PERSON" and token.text[:1].isupper() and token.i > token.sent.start


def _negated_around(token) -> bool:
    """Negation outside the trigger's own dependents: 'has yet to release', 'neither X nor Y agreed',
    'no tear gas was used', 'never acknowledged wrongdoing or apologised'."""
    head = token.head
    if token.dep_ == "xcomp" and head.lemma_ in ("have", "be") and any(c.lower_ == "yet" for c in head.children):
        return True
    for child in token.children:
        if child.dep_ in ("nsubj", "nsubjpass", "dobj"):
            if any(g.dep_ in ("det", "preconj") and g.lower_ in ("no", "neither") for g in child.children):
                return True
    if token.dep_ == "conj" and head.pos_ in ("VERB", "AUX"):
        return any(c.dep_ == "neg" for c in head.children) and not any(c.dep_ in ("nsubj", "neg") for c in token.children)
    return False


def _would_in_reported_future(token) -> bool:
    """'announced it would withdraw': would after a past reporting verb is future in the past."""
    has_would = any(c.lower_ in ("would", "'d") for c in token.children)
    return has_would and token.dep_ == "ccomp" and token.head.tag_ == "VBD"


def _conditional(token) -> bool:
    """The trigger sits in an 'if/unless' clause or under one, or is the consequence of one
    ('will retaliate if the Turks overstep')."""
    for child in token.children:
        if child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in child.children):
            return True
    node = token
    for _ in range(6):
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in node.children):
            return True
        if node.dep_ not in CLAUSE_DEPS or node.head.i == node.i:
            return False
        node = node.head
    return False


def _inherited_modality(token, lex: EventLexicon) -> str:
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
        outer = _own_modality(head, lex)
        if outer in ("hypothetical", "future"):
            return outer
        node = head
    return "asserted"


def _infinitive_of_object(node) -> bool:
    """'asked the UN on Sunday to deploy': an infinitive the parser hung on the verb as a
    purpose clause although it completes the verb's object (object control)."""
    return (node.dep_ == "advcl" and node.head.i != node.i and node.head.pos_ == "VERB"
            and _to_infinitive(node)
            and any(c.dep_ in ("dobj", "dative") for c in node.head.children)
            and any(c.dep_ == "prep" or c.dep_ == "npadvmod" for c in node.head.children if node.head.i < c.i < node.i))


def _governor(token):
    """The word that governs a trigger's clause: 'threatened' for 'to impose'; conjuncts share it."""
    node = token
    while node.dep_ == "conj" and node.head.i != node.i and node.head.pos_ in ("VERB", "AUX", "ADJ"):
        node = node.head
    if node.dep_ == "acl" and node.head.pos_ == "NOUN" and _to_infinitive(node):
        return node.head  # "his promise to invade", "a threat to impose sanctions", "their refusal to meet"
    if _infinitive_of_object(node):
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


class SentenceCoder:
    """Code every event of one parsed sentence."""

    def __init__(self, lex: EventLexicon, resolver: ActorResolver):
        self.lex = lex
        self.resolver = resolver

    def candidates(self, sent) -> list[Candidate]:
        found: dict[int, Candidate] = {}
        rules = {t.i: r for t in sent if (r := match_trigger(t, self.lex)) is not None}
        consumed: set[int] = set()
        for index in sorted(rules, key=lambda i: -_depth(sent.doc[i])):
            token = sent.doc[index]
            rule = rules[index]
            cand = Candidate(token, rule, rule.event, rule.mode, clause_modality(token, self.lex), None, token,
                             weight=rule.weight)
            conditional = _conditional(token)
            if conditional:
                cand.modality = "hypothetical"
            if rule.pos == "V" and rule.objects:
                consumed.update(c.i for c in token.children if c.dep_ in ("dobj", "nsubjpass") and c.i in rules)
            self._climb(cand, rules, consumed)
            if cand.modality == "asserted":
                cand.modality = _inherited_modality(cand.token, self.lex)
            if (cand.rule.frame == "request" and cand.inner is None and cand.event == "REQUEST" and cand.mode is None
                    and any(c.dep_ in ("xcomp", "ccomp") or _infinitive_of_object(c) for c in cand.token.children)):
                cand.mode = "change"  # asked to do something that is no event of its own: a change of policy
            if (cand.event == "THREATEN" and cand.modality == "hypothetical" and (conditional or _conditional(cand.token))
                    and _own_modality(cand.token, self.lex) != "hypothetical"):
                cand.modality = "asserted"  # the threat is made now; its 'if' conditions what is threatened
            if cand.modality == "future" and cand.frame is None:
                fr = _frame_rule(self.lex, "future", cand.event, cand.mode)
                if fr is not None:
                    cand.event, cand.mode, cand.modality = _apply(fr, cand.event, cand.mode, cand.modality)
            previous = found.get(cand.token.i)
            if previous is None or previous.inner is None:
                found[cand.token.i] = cand  # a frame already combined with its complement wins
        return [c for i, c in sorted(found.items()) if i not in consumed or found[i].inner is not None]

    def _climb(self, cand: Candidate, rules, consumed: set[int]) -> None:
        """Combine a trigger with the frames above it (wrappers and framing triggers)."""
        for _ in range(4):
            gov = _governor(cand.token)
            if gov is None:
                break
            lemma = gov.lemma_.lower()
            outer = rules.get(gov.i)
            if outer is None and cand.token.dep_ in ("ccomp", "xcomp"):
                outer = _framing_rule(gov, self.lex)
            if _question(cand.token):
                break  # "asked whether Russia would withdraw": a question frames nothing
            if outer is not None and outer.frame and gov.i != cand.token.i:
                fr = _frame_rule(self.lex, outer.frame, cand.event, cand.mode)
                if fr is None:
                    break
                inner_modality = cand.modality
                cand.event, cand.mode, cand.modality = _apply(fr, cand.event, cand.mode, cand.modality)
                outer_modality = clause_modality(gov, self.lex)
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
            frame = self.lex.wrappers.get(lemma) or self.lex.wrappers.get(gov.lower_)  # "poised": lemma "poise"
            if frame is None or frame == "report":
                break
            self._wrap(cand, frame, gov)
            if cand.modality in ("negated", "hypothetical"):
                break

    def _wrap(self, cand: Candidate, frame: str, gov) -> None:
        outer_modality = clause_modality(gov, self.lex)
        if frame in ("deny", "fail"):
            cand.modality = "negated"
        elif frame == "hypothetical":
            cand.modality = "hypothetical"
        elif frame == "intent":
            fr = _frame_rule(self.lex, "intent", cand.event, cand.mode)
            if fr is not None:
                cand.event, cand.mode, cand.modality = _apply(fr, cand.event, cand.mode, cand.modality)
            cand.frame = "intent"
        if outer_modality == "negated":
            cand.modality = "negated"
        elif outer_modality == "hypothetical" and cand.modality == "asserted":
            cand.modality = "hypothetical"
        if not _children(cand.token, SUBJECT_DEPS):
            cand.subject_token = gov

    # ------------------------------------------------------------------ roles
    def subjects(self, token) -> list:
        node = token
        for _ in range(5):
            subj = (_children(node, ("nsubj",)) or [_misparsed_subject(c) for c in _children(node, ("csubj",))]
                    or [c for c in _children(node, ("aux",)) if _name_as_aux(c)])
            if not subj and any(c.dep_ == "xcomp" for c in node.children) and not any(c.dep_ == "agent" for c in node.children):
                subj = _children(node, ("nsubjpass",))  # "forces are poised to storm", "is expected to sign"
            if subj:
                return [self._agent_of_instrument(s) for s in subj]
            agent = [g for c in node.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            if agent:
                return agent
            if node.dep_ == "acl" and node.tag_ == "VBD" and node.head.dep_ == "ROOT" and node.head.pos_ in ("NOUN", "PROPN"):
                return [node.head]  # "The militia handed in its weapons": a main verb misparsed as a modifier
            if node.dep_ == "relcl":
                # "the group that attacked": the antecedent; not for "a phase where X is threatened"
                own = _children(node, ("nsubjpass",)) or [c for c in node.children if c.lower_ in ("where", "when", "why")]
                return [] if own else [node.head]
            if node.dep_ == "xcomp":
                controller = _children(node.head, ("dobj", "nsubjpass"))  # "X was invited by Y to investigate": X
                if controller and node.head.lemma_.lower() not in SUBJECT_CONTROL:
                    return controller  # "prompting Tokyo to scramble jets": Tokyo scrambles
            if node.dep_ == "conj" and _children(node, ("auxpass",)):
                return []  # "X has become ... and is being threatened": X is the patient, not the agent
            if node.dep_ in ("conj", "xcomp", "advcl", "acomp") and node.head.i != node.i:
                node = node.head
                continue
            if node.dep_ == "ccomp" and node.head.dep_ in ("conj",):
                node = node.head
                continue
            break
        return []

    @staticmethod
    def _agent_of_instrument(subj):
        """'a device planted by Maoist rebels killed ...': the agent behind the instrument."""
        for child in subj.children:
            if child.dep_ == "acl":
                agents = [g for c in child.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
                if agents:
                    return agents[0]
        return subj

    def noun_actors(self, token) -> list:
        actors = [c for c in token.children if c.dep_ == "poss" and c.pos_ != "PRON"]
        if not actors and any(c.dep_ == "poss" for c in token.children):
            # "Soviet forces completed their withdrawal": 'their' is the subject of the verb
            verb = _governing_verb(token)
            actors = self.subjects(verb) if verb is not None else []
            actors = actors or [c for c in token.children if c.dep_ == "poss"]
        actors += [g for c in token.children if c.dep_ == "prep" and c.lower_ in ("by",) for g in c.children if g.dep_ == "pobj"]
        actors += [c for c in token.children if c.dep_ in ("compound", "amod") and _owner_modifier(c, self.resolver)]
        if not actors:
            verb = _governing_verb(token, through=("of", "in"))
            if verb is not None and (verb.lemma_.lower() in LIGHT_VERBS or token.head.lower_ in ("for", "during", "after", "in")):
                actors = self.subjects(verb)
        if not actors and token.dep_ in ("nsubj", "nsubjpass"):
            actors = []
        return actors

    def recipient_candidates(self, token, spec: tuple[str, ...], inner=None) -> list[list]:
        """Token lists where the recipient may be, in the order of preference of ``spec``."""
        out = []
        for where in spec:
            found = self._recipient_at(token, where)
            if not found and inner is not None:
                found = self._recipient_at(inner, where)
            if found:
                out.append(found)
        return out

    def _recipient_at(self, token, where: str) -> list:
        if where == "none":
            return []
        if where.startswith("dobj"):
            objs = _children(token, ("dobj", "dative"))
            if not objs and token.dep_ == "xcomp":
                objs = []
            return [o for o in objs if _is_actor_like(o) or o.pos_ == "NOUN"]
        if where == "poss-dobj":
            obj = _direct_object(token)
            if obj is not None:
                owners = [c for c in obj.children if c.dep_ == "poss" or (c.dep_ == "compound" and c.ent_type_ in ("ORG", "GPE", "NORP"))]
                owners += [g for c in obj.children if c.dep_ == "prep" and c.lower_ in ("of", "from", "by") for g in c.children if g.dep_ == "pobj"]
                if owners:
                    return owners
                if _is_actor_like(obj, self.lex.actor_nouns):
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
                if node.pos_ in ("VERB", "AUX") and self.lex.wrappers.get(node.lemma_.lower()) == "report":
                    return _children(node, ("nsubj",))
            return []
        if where == "between":
            return [g for c in token.children if c.dep_ == "prep" and c.lower_ == "between" for g in c.children if g.dep_ == "pobj"]
        targets = [token] + [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
        return [g for t in targets for c in t.children if c.dep_ in ("prep", "dative") and c.lower_ == where
                for g in c.children if g.dep_ == "pobj"]

    def passive_recipient(self, token) -> list:
        own = _children(token, ("nsubjpass",))
        if not own and token.dep_ == "conj" and _children(token, ("auxpass",)) and token.head.i != token.i:
            return _children(token.head, ("nsubj", "nsubjpass"))  # "X was arrested and is being held"
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


def _governing_verb(noun, through: tuple[str, ...] | None = None):
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


def _misparsed_subject(csubj):
    """'Calling the situation catastrophic, UN chief Antonio Guterres appealed ...' is often parsed
    with the participle clause as subject; the actor is then the name just before the verb."""
    if csubj.tag_ != "VBG":
        return csubj
    verb = csubj.head
    between = [t for t in csubj.doc[csubj.right_edge.i + 1:verb.i] if t.pos_ in ("PROPN", "NOUN")]
    named = [t for t in between if t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or t.lemma_.lower() in ACTOR_NOUNS]
    return named[-1] if named else csubj


def _depth(token) -> int:
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


# --------------------------------------------------------------------------- events

def consult_mode_from_place(event: Event, lex: EventLexicon) -> None:
    """A meeting's mode from where it happened: abroad for one side is a visit ('Blinken met Xi in
    Beijing'), neither side's country a third-party venue ('Biden and Putin met in Geneva')."""
    if event.event != "CONSULT" or event.mode not in (None, "multilateral") or event.event_loc is None:
        return
    where = event.event_loc.country_code
    if not where or event.event_loc.source == "destination":
        return
    parties = {e.code for e in event.actor + event.recipient if e.code and e.code not in NON_STATE_CODES}
    if not parties or (event.mode == "multilateral" and len(parties) > 2):
        return
    if event.mode == "multilateral":  # 'on the sidelines of the summit' stays; a two-party summit abroad is third-party
        if where in parties or len(parties) < 2 or "sidelines" in event.text.lower():
            return
        mode = "third-party"
    elif where in parties and len(parties) > 1 or where not in parties and len(parties) == 1:
        mode = "visit"
    elif where not in parties:
        mode = "third-party"
    else:
        return  # a meeting at home
    event.mode = mode
    event.cameo = lex.cameo.get(("CONSULT", mode), event.cameo)


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


def _same(a: Entity, b: Entity) -> bool:
    return a.name.lower() == b.name.lower() or (a.entity_text.lower() == b.entity_text.lower())


def build_events(sent, coder: SentenceCoder, doc_id: str, sequence: int, offset: int,
                 speaker: list[Entity] | None = None) -> list[tuple[Event, object]]:
    """Events of one parsed sentence with their anchor tokens; ``offset`` maps sentence offsets into the article."""
    lex = coder.lex
    lemmas = [t.lemma_.lower() for t in sent]
    contexts = contexts_of(lex, lemmas)
    out: list[Event] = []
    cands = [c for c in coder.candidates(sent) if not _restates_its_noun(c.token, lex)]
    coded = [(cand, _code_candidate(cand, coder, lemmas, speaker, contexts)) for cand in cands]
    coded = [(cand, event) for cand, event in coded if event is not None]
    if any(not _subsidiary(cand) for cand, _ in coded):
        coded = [(cand, event) for cand, event in coded if not _subsidiary(cand)]
    for cand, event in coded:
        event.doc_id = doc_id
        event.text = sent.text
        event.sequence = sequence
        event.start = offset
        event.end = offset + len(sent.text)
        event.evidence.trigger_start += offset - getattr(sent, "start_char", 0)
        event.evidence.trigger_end += offset - getattr(sent, "start_char", 0)
        out.append((event, cand.token))
    return out


def _restates_its_noun(token, lex: EventLexicon) -> bool:
    """'the battles the two peoples have fought', 'the war Russia launched': a relative clause whose
    gap is the object and whose antecedent is itself an event noun only describes that noun."""
    return (token.dep_ == "relcl" and token.head.lemma_.lower() in lex.nouns
            and not any(c.dep_ in ("dobj", "nsubjpass") for c in token.children)
            and not any(c.lower_ in ("that", "which", "who") and c.dep_ in ("nsubj", "nsubjpass") for c in token.children))


def _subsidiary(cand: Candidate) -> bool:
    """A trigger in a secondary position ('during talks with', 'an arrangement mediated by',
    'calling it ...'): kept only when the sentence has no event in a main position."""
    token = cand.token
    if token.dep_ == "acl" or (token.dep_ == "advcl" and token.tag_ == "VBG"):
        return True
    if token.dep_ == "advcl" and _to_infinitive(token) and cand.inner is None:
        return True  # a purpose: "ready to meet Putin to negotiate an end to the war"
    if token.pos_ in ("NOUN", "PROPN"):
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


def _code_candidate(cand: Candidate, coder: SentenceCoder, lemmas, speaker, contexts: list[str]) -> Event | None:
    lex = coder.lex
    token = cand.token
    resolver = coder.resolver
    spec = cand.rule.recipient or tuple(lex.categories[cand.event]["recipient"].split(","))
    swap = any(s.endswith("!swap") for s in spec)
    required = any(s.endswith("!req") for s in spec)
    spec = tuple(s.replace("!swap", "").replace("!req", "") for s in spec)
    if token.pos_ in ("NOUN", "PROPN"):  # a nominal event, or a nominal frame ("his promise to invade")
        actor_tokens = coder.noun_actors(token)
        between = coder._recipient_at(token, "between") if cand.event in RECIPROCAL else []
        if between and not actor_tokens:
            actor_tokens = between
    else:
        actor_tokens = coder.subjects(cand.subject_token)
    passive = coder.passive_recipient(token) if token.pos_ in ("VERB", "AUX") else []
    candidates = [passive] if passive else coder.recipient_candidates(token, spec, cand.inner)
    if passive and not any(c.dep_ == "agent" for c in token.children):
        actor_tokens = []
    if swap:
        actor_tokens, candidates = (candidates[0] if candidates else []), [actor_tokens]
    actors = _resolve_all(resolver, actor_tokens, speaker, subject=True)
    targets = lex.categories[cand.event]["target"] == "yes"
    recipients: list[Entity] = []
    for recipient_tokens in candidates:  # the first place that names an actor (not a thing) wins
        recipients = [r for r in _resolve_all(resolver, recipient_tokens, speaker, targets=targets)
                      if not any(_same(r, a) for a in actors)]
        if recipients:
            break
    if not recipients and cand.event in ("ASSAULT", "COERCE", "PROTEST") and actors and token.pos_ in ("VERB", "AUX"):
        place = resolver.place_target(token, tuple(a.code for a in actors if a.code))
        if place is not None:
            recipients = [place]
    if not recipients and cand.event in ("PROTEST", "COERCE") and actors:
        # a strike or a crackdown with no named target is aimed at home: strikers at their
        # government, police at their own people (a flagged inference, source_of_code 'context')
        home = resolver.home_country(actors, cand.event == "COERCE")
        if home is not None:
            recipients = [home]
    if "speaker" in spec and not recipients:
        return None  # "said it was responsible" claims, "unclear who was responsible" accuses no one
    obj = _direct_object(token)
    if required and not recipients and obj is not None and obj.lemma_.lower() not in lex.nouns:
        # "visited the site of the former camp": an object that is not an actor is no dyadic event
        # (but "Trump and Kim met ..., a summit that" is: the 'object' is the meeting itself, misparsed)
        return None
    agentless_passive = bool(passive) and not actor_tokens
    by_instrument = not actors and bool(actor_tokens) and all(t.lemma_.lower() in lex.instruments for t in actor_tokens)
    # "she urged the authorities to ...", a sentence on its own: someone acted, we cannot say who
    # (only when the sentence names nobody before it: then the antecedent is in another sentence)
    unknown_pronoun = (not actors and bool(actor_tokens)
                       and all(t.lower_ in UNRESOLVED_PRONOUNS for t in actor_tokens)
                       and not any(t.pos_ in ("NOUN", "PROPN") for t in token.doc[token.sent.start:min(a.i for a in actor_tokens)]))
    if unknown_pronoun:
        actors = [Entity(t.text, t.text, None, None, None, "unknown") for t in actor_tokens]
    unknown_agent = agentless_passive or by_instrument or unknown_pronoun
    if not unknown_agent and (not actors or all(a.code is None and a.sector is None for a in actors)):
        return None
    concrete = any(not o.startswith("@") for o in cand.rule.objects)
    if agentless_passive and not recipients and (not concrete or token.dep_ in ("advcl", "relcl", "acl")):
        # "his wish was granted", "before their safety was guaranteed": neither who acted nor on
        # whom; "a curfew was declared in Osh" stays
        return None
    for frame in _role_frames(cand, actors, recipients, actor_tokens):
        fr = _frame_rule(lex, frame, cand.event, cand.mode)
        if fr is not None:
            cand.event, cand.mode, _ = _apply(fr, cand.event, cand.mode, cand.modality)
    mode = cand.mode
    refinable = lex.categories[cand.event]["refinable"].split("|")
    if (mode or "-") in refinable:
        mode = mode_from_keywords(lex, cand.event, lemmas) or mode
    cameo = lex.cameo.get((cand.event, mode or "")) or lex.cameo.get((cand.event, "")) or lex.categories[cand.event]["cameo"]
    confidence = max(0.05, _confidence(cand, actors, recipients, lex) - (0.2 if unknown_agent else 0.0))
    span_tokens = [token] + ([cand.inner] if cand.inner is not None else [])
    start = min(t.idx for t in span_tokens)
    end = max(t.idx + len(t.text) for t in span_tokens)
    text = token.doc.text[start:end]
    return Event(
        doc_id="", event=cand.event, actor=actors, recipient=recipients, text="", sequence=0, start=0, end=0,
        evidence=Evidence(trigger=text, trigger_start=start, trigger_end=end, rule=cand.rule.origin, frame=cand.frame),
        mode=mode, context=list(contexts), cameo=cameo,
        quad_code=int(lex.categories[cand.event]["quad"]), modality=cand.modality, confidence=confidence,
    )


def _role_frames(cand: Candidate, actors, recipients, actor_tokens) -> list[str]:
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
    obj = _direct_object(token)
    if obj is None:
        return False
    words = {t.lemma_.lower() for t in obj.subtree}  # the object and what describes it ('held captive')
    return bool(words & {"hostage", "captive", "kidnap", "abduct", "kidnapper", "abductor", "trafficker"})


def _resolve_all(resolver: ActorResolver, tokens, speaker, targets: bool = False, subject: bool = False) -> list[Entity]:
    entities: list[Entity] = []
    resolve = resolver.resolve_target if targets else resolver.resolve
    for token in expand_conjuncts(tokens):
        for entity in resolve(token, speaker):
            if not any(_same(entity, e) for e in entities):
                entities.append(entity)
    if subject:
        resolver.note_subjects(entities)
    return entities


def _confidence(cand: Candidate, actors, recipients, lex: EventLexicon) -> float:
    score = cand.weight
    if any(r.source_of_code != "context" and r.entity_text for r in recipients):
        score += 0.1  # a recipient the text names (an inferred home country adds nothing)
    if any(a.source_of_code == "context" for a in actors):
        score -= 0.15
    if cand.token.dep_ in ("ROOT", "ccomp") or cand.token.head.dep_ == "ROOT":
        score += 0.05
    if cand.frame:
        score += 0.05
    return max(0.05, min(0.99, score))
