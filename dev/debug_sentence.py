"""Show how dotterel codes one sentence: parse, trigger candidates, roles, events.

Usage: python dev/debug_sentence.py "sentence" [YYYY-MM-DD]
"""

import logging
import sys
from datetime import date

from dotterel.actors import ActorResolver, ArticleContext, load_actor_lexicon
from dotterel.events import SentenceCoder, load_event_lexicon, match_trigger
from dotterel.nlp import load_model
from dotterel.pipeline import code_text


def main() -> None:
    # the coder says why a candidate gave no event through logging (dotterel.events.build)
    logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
    logging.getLogger("dotterel").setLevel(logging.DEBUG)
    text = sys.argv[1]
    pub = date.fromisoformat(sys.argv[2]) if len(sys.argv) > 2 else None
    doc = load_model()(text)
    lex = load_event_lexicon()
    for t in doc:
        rule = match_trigger(t, lex)
        mark = f"  <= {rule.event}/{rule.mode} {rule.origin.split('/')[-1]}" if rule else ""
        print(f"{t.i:>3} {t.text:<14} {t.lemma_:<12} {t.pos_:<6} {t.dep_:<10} {t.head.i:>3} {t.ent_type_:<8}{mark}")
    coder = SentenceCoder(lex, ActorResolver(load_actor_lexicon(), ArticleContext(pub_date=pub)))
    for cand in coder.candidates(doc):
        print("candidate:", cand.event, cand.mode, cand.modality, cand.frame, "anchor", cand.token.text,
              "subjects", [t.text for t in coder.subjects(cand.subject_token)])
    for event in code_text(text, pub, all_modalities=True):
        print(event.event, event.mode, event.modality, [(a.entity_text, a.code, a.sector) for a in event.actor], "->",
              [(r.entity_text, r.code, r.sector) for r in event.recipient], event.event_loc and event.event_loc.resolved_place)


if __name__ == "__main__":
    main()
