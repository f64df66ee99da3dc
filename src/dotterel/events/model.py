"""The learned second opinion in the pipeline (``dotterel.classifier``), kept apart from the rules.

Two uses, both optional (``Options.second_opinion``):

- **fill in**: a parsed sentence of at least six tokens where no rule fired, whose model category is not NONE at or
  above the model's calibrated threshold, becomes one event of that category. Roles come from the
  parse as for a rule: the subject of the sentence's main verb is the actor (no resolvable actor,
  no event), the recipient is looked for where the category's row of ``categories.tsv`` says
  (object, 'with', 'to', 'against', ...), through the same actor resolution. The event says where
  it came from: ``evidence.rule == "model"``, ``evidence.second_opinion`` holds the category and
  probability, and its confidence is the probability scaled below a rule's.
- **arbitrate**: where rules fired but the model, at or above its (higher) arbitration threshold,
  names a category none of them has, the rule events keep their category but lose confidence and
  carry the model's opinion in ``evidence.second_opinion``.

``wants_parse`` tells the pipeline which sentences the trigger filter skipped are worth parsing
for the model; opinions are cached per sentence text so a sentence is scored once.
"""

from __future__ import annotations

from ..actors import ActorResolver
from ..classifier import NONE, Opinion, SecondOpinion
from ..records import CodedEvent, Entity, Evidence
from .build import SentenceCoder, contexts_of, mode_from_keywords
from .modality import clause_modality
from .roles import recipient_candidates, resolve_all, same_entity, subjects
from .tree import expand_conjuncts, is_actor_like

MODEL_RULE = "model"
MIN_TOKENS = 6  # a fragment ('he asked.') is too short for the model to judge
CONFIDENCE_SCALE = 0.6  # a model event is trusted less than a rule: confidence = 0.6 x probability
ARBITRATED_CONFIDENCE = 0.5  # a rule event the model contradicts keeps this share of its confidence
_CACHE_LIMIT = 4096
# actors coded only by the article's country ('civilians', 'refugees', a person the text does not
# place) or unresolved pronouns: a rule may still code them, the model alone may not
WEAK_SOURCES = ("context", "unknown")
# model classes it never fills in: plv tune, its only real news, merges CONCEDE and RETREAT into YIELD,
# so which of the two a YIELD is was learned from synthetic headlines alone; a YIELD opinion still arbitrates
NO_FILL_IN = ("YIELD",)


class ModelOpinions:
    """The second-opinion model with a bounded cache of opinions by sentence text."""

    def __init__(self, model: SecondOpinion):
        self.model = model
        self._cache: dict[str, Opinion] = {}

    @classmethod
    def load(cls, path=None) -> ModelOpinions:
        return cls(SecondOpinion.load(path))

    def opinion(self, text: str) -> Opinion:
        found = self._cache.get(text)
        if found is None:
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            found = self._cache[text] = self.model.predict([text])[0]
        return found

    def flags(self, text: str) -> Opinion | None:
        """The model's category when it is an event it may fill in (not NONE, not in ``NO_FILL_IN``) at or
        above the fill-in threshold, else None."""
        op = self.opinion(text)
        if op.category == NONE or op.category in NO_FILL_IN:
            return None
        return op if op.probability >= self.model.threshold else None

    def wants_parse(self, text: str) -> bool:
        """Whether a sentence the trigger filter skipped should be parsed for the model to fill in."""
        return self.flags(text) is not None

    # ------------------------------------------------------------------ uses
    def review(self, built: list[tuple[CodedEvent, object]], sent, coder: SentenceCoder,
               speaker: list[Entity] | None) -> list[tuple[CodedEvent, object]]:
        """The rule events of one parsed sentence, arbitrated, or the model's event where none fired."""
        if built:
            self.arbitrate([event for event, _ in built], sent.text)
            return built
        op = self.flags(sent.text)
        if op is None or len(sent) < MIN_TOKENS:
            return built
        filled = fill_in(sent, op, self.model, coder, speaker)
        return [filled] if filled is not None else built

    def arbitrate(self, events: list[CodedEvent], text: str) -> None:
        op = self.opinion(text)
        if op.category == NONE or op.probability < self.model.arbitrate:
            return
        category = self.model.plover(op.category, text)
        if any(_same_class(e.event, category) for e in events):
            return
        for event in events:
            event.confidence = round(event.confidence * ARBITRATED_CONFIDENCE, 3)
            event.evidence.second_opinion = {"category": category, "probability": round(op.probability, 3)}


def cue_categories(lex, lemmas) -> frozenset[str]:
    """Categories the sentence's own words point to: those of every trigger row (triggers*.tsv) whose
    first word is one of ``lemmas``, plus, where any trigger or governing verb (wrappers.tsv) is there, the
    categories the verbal-act frames make of an act (frame_rules.tsv: AGREE, THREATEN, REJECT, REQUEST...)."""
    found = {rule.event for lemma in lemmas for table in (lex.verbs, lex.nouns) for rule in table.get(lemma, ())}
    if found or any(lemma in lex.wrappers for lemma in lemmas):
        found.update(rule.event for rule in lex.frame_rules if not rule.event.startswith(">"))
    return frozenset(found)


def compatible(category: str, cues: frozenset[str]) -> bool:
    """Whether the model's category is one the sentence's words point to (CONCEDE and RETREAT as one)."""
    return any(_same_class(cue, category) for cue in cues)


def _same_class(rule_category: str, model_category: str) -> bool:
    yields = ("CONCEDE", "RETREAT")
    return rule_category == model_category or (rule_category in yields and model_category in yields)


def fill_in(sent, op: Opinion, model: SecondOpinion, coder: SentenceCoder,
            speaker: list[Entity] | None) -> tuple[CodedEvent, object] | None:
    """One event of the model's category, its roles from the parse of the sentence's main verb."""
    lex, resolver = coder.lex, coder.resolver
    category = model.plover(op.category, sent.text)
    root = _main_verb(sent, lex, int(lex.categories[category]["quad"]) in (2, 4))
    actors = resolve_all(resolver, subjects(root), speaker, subject=True)
    if not actors or all(a.code is None and a.sector is None or a.source_of_code in WEAK_SOURCES for a in actors):
        # an actor-like subject the dictionaries do not code ('the ACLU', 'Farc', 'striking employees')
        # is kept by its text, uncoded; no actor-like subject at all, no event: roles never come from the model
        actors = [a for a in actors if a.source_of_code not in WEAK_SOURCES] or _named_subjects(resolver, root, lex)
        if not actors:
            return None
    spec = lex.recipient_specs[category].places  # the category's recipient column, read on load
    targets = lex.categories[category]["target"] == "yes"
    recipients = _recipients(resolver, root, spec, lex, speaker, targets, actors)
    lemmas = [t.lemma_.lower() for t in sent]
    if not compatible(category, cue_categories(lex, lemmas)):
        return None  # no word of the sentence points to the category: the model alone never names it
    mode = mode_from_keywords(lex, category, lemmas)
    cameo = lex.cameo_of(category, mode)
    base = getattr(sent, "start_char", 0)
    start, end = root.idx - base, root.idx - base + len(root.text)
    event = CodedEvent(
        event=category, actor=actors, recipient=recipients,
        evidence=Evidence(trigger=root.text, trigger_start=start, trigger_end=end, rule=MODEL_RULE,
                          second_opinion={"category": category, "probability": round(op.probability, 3)}),
        mode=mode, context=contexts_of(lex, lemmas), cameo=cameo, quad_code=int(lex.categories[category]["quad"]),
        modality=clause_modality(root, lex), confidence=round(CONFIDENCE_SCALE * op.probability, 3),
    )
    return event, root


def _named_subjects(resolver: ActorResolver, root, lex) -> list[Entity]:
    """Uncoded actors for the main verb's subjects that look like actors (a name, an organisation,
    an actor noun) but that no dictionary codes; pronouns and common nouns ('the threat') are not."""
    from ..actors import span_text

    found = []
    for token in expand_conjuncts(subjects(root)):
        if token.pos_ == "PRON" or not is_actor_like(token, lex.actor_nouns):
            continue
        text = span_text(resolver.np_tokens(token))
        found.append(Entity(entity_text=text, name=text, code=None, sector=None, office=None, source_of_code="unknown"))
    return found


def _main_verb(sent, lex, material: bool):
    """The sentence's root; for a material act, the clause a reporting root governs ('X said Y
    attacked Z': Y attacked, while in 'X said Y was to blame' X accuses)."""
    root = sent[:].root if hasattr(sent, "sents") else sent.root
    if material and lex.wrappers.get(root.lemma_.lower()) == "report":
        for child in root.children:
            if child.dep_ == "ccomp" and child.pos_ in ("VERB", "AUX"):
                if any(c.dep_ in ("nsubj", "nsubjpass") for c in child.children):
                    return child
    return root


def _recipients(resolver: ActorResolver, token, spec, lex, speaker, targets: bool, actors) -> list[Entity]:
    for tokens in recipient_candidates(token, spec, lex):
        found = [r for r in resolve_all(resolver, tokens, speaker, targets=targets)
                 if not any(same_entity(r, a) for a in actors)]
        if found:
            return found
    return []
