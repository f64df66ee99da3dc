"""Noun-phrase geometry on a dependency parse: which tokens make up, describe or name an actor."""

from __future__ import annotations

from ..vocabulary import vocab
from .lexicon import ActorLexicon


def common_lemma(token) -> str:
    """The lemma, also for a common noun the tagger took for a name because it opens the
    sentence ('Mobs armed with machetes ...': 'mob')."""
    lemma = token.lemma_.lower()
    if token.pos_ == "PROPN" and not token.ent_type_ and token.i == token.sent.start and lemma.endswith("s"):
        return lemma[:-3] + "y" if lemma.endswith("ies") else lemma[:-1]
    return lemma


def span_text(tokens) -> str:
    """The text of a token list as written (with its original spacing)."""
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc.text[tokens[0].idx:tokens[-1].idx + len(tokens[-1].text)]


def of_objects(token) -> list:
    """The objects of the token's 'of' phrases (word class partitive_prep): what a number counts
    ('11 of the prisoners'), what a quantity is of, what a nominalised act is done to ('the release
    of the hostages')."""
    return [g for c in token.children if c.dep_ == "prep" and c.lower_ in vocab().partitive_prep
            for g in c.children if g.dep_ == "pobj"]


def in_clause(token, top) -> bool:
    """Is token inside a relative clause or appositive below ``top``?"""
    node = token
    while node.i != top.i and node.head.i != node.i:
        if node.dep_ in ("relcl", "acl", "appos"):
            return True
        node = node.head
    return False


def np_tokens(head, lex: ActorLexicon, with_of: bool = True) -> list:
    """The head with its pre-modifiers and (for organisations) its 'of' phrases; no clauses."""
    skip = {"relcl", "acl", "appos", "conj", "cc", "punct", "advcl", "prep"}
    left = [t for child in head.lefts if child.dep_ not in skip for t in child.subtree]
    right = []
    lemma = head.lemma_.lower()
    owner_phrase = with_of and (lemma in vocab().org_head or lemma in vocab().role_head or head.pos_ == "PROPN" or (lemma,) in lex.sectors)
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ in vocab().owner_prep and owner_phrase:
            right.extend(t for t in child.subtree if t.dep_ not in ("relcl", "appos") and not in_clause(t, child))
        elif child.dep_ in ("compound", "flat", "nummod"):
            right.extend(child.subtree)
    return sorted(set(left + [head] + right), key=lambda t: t.i)


def person_span(head):
    """The PERSON entity the head is part of, else None."""
    if head.ent_type_ == "PERSON":
        for ent in head.doc.ents:
            if ent.start <= head.i < ent.end and ent.label_ == "PERSON":
                return ent
    return None


def description_tokens(head, exclude, lex: ActorLexicon) -> list:
    """Appositives and 'who is ...' clauses describing the head, plus pre-modifiers."""
    excluded = {t.i for t in exclude}
    tokens = [t for t in np_tokens(head, lex) if t.i not in excluded]
    for child in head.children:
        if child.dep_ == "appos" or (child.dep_ == "relcl" and any(c.lemma_ in vocab().copula for c in child.children) or (child.dep_ == "relcl" and child.lemma_ in vocab().copula)):
            tokens.extend(child.subtree)
    return tokens


def coordinated_owners(head) -> bool:
    """'officials from Iran and the United States', 'Russian and Chinese troops': several owners."""
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in vocab().origin_prep:
            return any(g.dep_ == "pobj" and list(g.conjuncts) for g in child.children)
    return any(c.dep_ == "amod" and list(c.conjuncts) for c in head.children)
