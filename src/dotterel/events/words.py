"""English words the event rules test for, as Python sets (to move to data files)."""

from __future__ import annotations

SUBJECT_CONTROL = {"promise", "pledge", "vow", "threaten", "offer"}  # "promised Kenya to send": the subject sends
PLACE_WORDS = {"country", "area", "region", "city", "town", "base", "territory", "province", "zone", "village", "capital"}
UNRESOLVED_PRONOUNS = {"he", "she", "they", "we", "i"}
PROTESTERS = {"protester", "protestor", "demonstrator", "rioter", "marcher", "youth", "looter"}
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
LIGHT_VERBS = {"hold", "have", "conduct", "launch", "stage", "carry", "make", "take", "begin", "start", "resume", "open",
               "mount", "complete", "conclude", "finish", "wrap", "continue", "pay", "undertake", "issue", "announce"}
PERSON_NOUNS = ("people", "man", "woman", "civilian")  # '@person': a person, also when NER names none
CAPTIVE_WORDS = {"hostage", "captive", "kidnap", "abduct", "kidnapper", "abductor", "trafficker"}
