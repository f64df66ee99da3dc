"""Exact, faster stand-ins for the two rule-based components of the spaCy pipeline.

Profiling dotterel showed spaCy's ``attribute_ruler`` (a ``Matcher`` trying 179 patterns at
every token) and its rule ``lemmatizer`` (Python per token) costing about a fifth of the
parse, though both only map a token's tag, text and dependency label to fixed values.  The
two classes below compute the same values from those attributes, remembering each distinct
combination once, and write them back in one array call per document.

They are exact by construction and checked to be so (``tests/test_throughput.py`` compares
every annotation against the stock components): a ruler whose patterns use anything this
module does not implement is refused (``compile_ruler`` returns None) and the stock
component runs instead.
"""

from __future__ import annotations

import re
from typing import Any

MEMO_LIMIT = 200_000  # distinct keys remembered per component; beyond that the memo starts again
_SUPPORTED_KEYS = {"TAG", "LOWER", "DEP", "IS_SPACE"}
_WRITABLE = ("POS", "MORPH", "LEMMA", "TAG", "DEP")


def _predicate(name: str, spec: Any):
    """A test on one token attribute, as the Matcher reads ``{name: spec}``: strings compared
    by hash (as the Matcher does), regular expressions searched in the lowercase text."""
    from spacy.strings import get_string_id  # a label that is a spaCy symbol ('det') is its symbol id

    def hash_string(text: str) -> int:
        return get_string_id(text)

    if isinstance(spec, bool):
        return lambda value: value == spec
    if isinstance(spec, str):
        wanted = hash_string(spec) if spec else 0
        return lambda value: value == wanted
    if isinstance(spec, dict) and len(spec) == 1:
        (op, arg), = spec.items()
        if op in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(a, str) for a in arg):
            values = frozenset(hash_string(a) if a else 0 for a in arg)
            if op == "IN":
                return lambda value: value in values
            return lambda value: value not in values
        if op == "REGEX" and isinstance(arg, str) and name == "LOWER":
            search = re.compile(arg).search
            return lambda value: search(value) is not None
    return None


def _anchor(spec: dict) -> tuple[int, int] | None:
    """(column, hash) of an exact TAG or LOWER value every match must have, for indexing."""
    from spacy.strings import get_string_id

    for column, name in ((0, "TAG"), (1, "LOWER")):
        if isinstance(spec.get(name), str) and spec[name]:
            return column, get_string_id(spec[name])
    return None


def _token_test(spec: dict):
    """All of one pattern token's tests, over (tag, lower, dep, is_space, lowercase text)."""
    tests = []
    for name, value in spec.items():
        if name not in _SUPPORTED_KEYS:
            return None
        test = _predicate(name, value)
        if test is None:
            return None
        regex = isinstance(value, dict) and "REGEX" in value
        tests.append((4 if regex else ("TAG", "LOWER", "DEP", "IS_SPACE").index(name), test))
    return lambda key: all(test(key[i]) for i, test in tests)


class FastAttributeRuler:
    """spaCy's AttributeRuler for patterns of fixed length on TAG, LOWER, DEP and IS_SPACE.

    Semantics kept: every pattern is matched on the annotations as they were before the
    ruler ran; matches are applied in rule order (a later rule overrides an earlier one) to
    the token at the rule's index.
    """

    def __init__(self, vocab, single: list, multi: list, attrs: list[dict[str, Any]]):
        self.vocab = vocab
        self.single = single  # (rule id, test, anchor) for one-token patterns
        self._by_anchor: dict[tuple[int, int], list] = {}
        self._generic: list = []
        for rule, test, anchor in single:
            (self._by_anchor.setdefault(anchor, []) if anchor else self._generic).append((rule, test))
        self.multi = multi  # (rule id, tests, index) for longer patterns
        self.attrs = attrs  # rule id -> {"POS": .., "MORPH": .., "LEMMA": .., "TAG": .., "DEP": ..} as ints
        self._memo: dict[tuple, tuple[tuple[int, ...], frozenset]] = {}
        self._merged: dict[tuple[int, ...], dict[str, int]] = {}

    def _rules_for(self, doc, i: int, hashes: tuple) -> tuple[tuple[int, ...], frozenset]:
        """The one-token rules matching a (tag, lower, dep, is_space) combination, and its key."""
        found = self._memo.get(hashes)
        if found is None:
            if len(self._memo) >= MEMO_LIMIT:
                self._memo.clear()
            key = (*hashes[:3], bool(hashes[3]), doc[i].text.lower())  # LOWER is the text lowercased
            candidates = self._by_anchor.get((0, key[0]), []) + self._by_anchor.get((1, key[1]), []) + self._generic
            positions = frozenset((m, k) for m, (_rule, tests, _index) in enumerate(self.multi)
                                  for k, test in enumerate(tests) if test(key))
            found = (tuple(sorted(rule for rule, test in candidates if test(key))), positions)
            self._memo[hashes] = found
        return found

    def _merge(self, rules: tuple[int, ...]) -> dict[str, int]:
        merged = self._merged.get(rules)
        if merged is None:
            merged = {}
            for rule in sorted(rules):
                merged.update(self.attrs[rule])
            self._merged[rules] = merged
        return merged

    def __call__(self, doc):
        from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, POS, TAG

        n = len(doc)
        if n == 0:
            return doc
        arr = doc.to_array([TAG, LOWER, DEP, IS_SPACE, POS, MORPH, LEMMA])
        found = [self._rules_for(doc, i, tuple(row)) for i, row in enumerate(arr[:, :4].tolist())]
        per_token = [rules for rules, _ in found]
        if self.multi:  # longer patterns: every start where each token passes its position's test
            positions = [pos for _, pos in found]
            extra: dict[int, list[int]] = {}
            for start, pos in enumerate(positions):
                for m, k in pos:
                    if k:
                        continue
                    rule, tests, index = self.multi[m]
                    span = len(tests)
                    if start + span <= n and all((m, j) in positions[start + j] for j in range(1, span)):
                        extra.setdefault(start + index if index >= 0 else start + span + index, []).append(rule)
            for i, rules in extra.items():
                per_token[i] = tuple(sorted(set(per_token[i]) | set(rules)))
        out = arr[:, [4, 5, 6, 0]]  # copies: POS, MORPH, LEMMA, TAG
        dep = arr[:, 2].copy()
        columns = {"POS": 0, "MORPH": 1, "LEMMA": 2, "TAG": 3}
        for i, rules in enumerate(per_token):
            if not rules:
                continue
            for name, value in self._merge(rules).items():
                if name == "DEP":
                    dep[i] = value
                else:
                    out[i, columns[name]] = value
        doc.from_array([POS, MORPH, LEMMA, TAG], out)
        if (dep != arr[:, 2]).any():
            doc.from_array([DEP], dep)
        return doc


def compile_ruler(ruler) -> FastAttributeRuler | None:
    """The fast equivalent of an AttributeRuler, or None when a pattern is beyond it."""
    from spacy.attrs import IDS

    names = {v: k for k, v in IDS.items()}
    single, multi, attrs = [], [], []
    for rule, (raw, normed, index) in enumerate(zip(ruler.patterns, ruler.attrs, ruler.indices)):
        converted = {}
        for attr_id, value in normed.items():
            name = names.get(attr_id)
            if name not in _WRITABLE:
                return None
            converted[name] = int(value)
        attrs.append(converted)
        for pattern in raw["patterns"]:
            if not isinstance(pattern, list) or not pattern:
                return None
            tests = [_token_test(spec) if isinstance(spec, dict) else None for spec in pattern]
            if any(t is None for t in tests) or not -len(pattern) <= index < len(pattern):
                return None
            if len(tests) == 1:
                single.append((rule, tests[0], _anchor(pattern[0])))
            else:
                multi.append((rule, tests, index))
    if len(attrs) != len(ruler.patterns):
        return None
    return FastAttributeRuler(ruler.vocab, single, multi, attrs)


class FastLemmatizer:
    """spaCy's rule lemmatizer (``overwrite=False``): a token's lemma is a function of its
    text, part of speech and morphology, so each combination is lemmatized once and remembered.

    A new combination is lemmatized by ``rule_lemma``, the stock ``rule_lemmatize`` step for
    step except that it looks a candidate form up in a set of the part of speech's base forms
    where the stock code scans the table's list (tens of thousands of nouns, for every rule
    whose suffix fits): that scan was most of the lemmatizer's cost."""

    def __init__(self, lemmatizer):
        self.lemmatizer = lemmatizer
        self.vocab = lemmatizer.vocab
        self._memo: dict[tuple[int, int, int], int] = {}
        self._index: dict[str, frozenset[str]] = {}

    def rule_lemma(self, token) -> str:
        """The first of the stock ``rule_lemmatize``'s forms for ``token`` (its cache left alone)."""
        lem = self.lemmatizer
        univ_pos = token.pos_.lower()
        if univ_pos in ("", "eol", "space"):
            return lem.rule_lemmatize(token)[0]  # rare; the stock code also warns on a missing tag
        string = token.text
        if lem.is_base_form(token):
            return string.lower()
        index_table = lem.lookups.get_table("lemma_index", {})
        exc_table = lem.lookups.get_table("lemma_exc", {})
        rules_table = lem.lookups.get_table("lemma_rules", {})
        if not any((index_table.get(univ_pos), exc_table.get(univ_pos), rules_table.get(univ_pos))):
            return string if univ_pos == "propn" else string.lower()
        index = self._index.get(univ_pos)
        if index is None:
            index = self._index[univ_pos] = frozenset(index_table.get(univ_pos, {}))
        exceptions = exc_table.get(univ_pos, {})
        rules = rules_table.get(univ_pos, {})
        orig = string
        string = string.lower()
        forms: list[str] = []
        oov_forms = []
        for old, new in rules:
            if string.endswith(old):
                form = string[: len(string) - len(old)] + new
                if not form:
                    pass
                elif form in index or not form.isalpha():
                    if form in index:
                        forms.insert(0, form)
                    else:
                        forms.append(form)
                else:
                    oov_forms.append(form)
        forms = list(dict.fromkeys(forms))
        for form in exceptions.get(string, []):
            if form not in forms:
                forms.insert(0, form)
        if not forms:
            forms.extend(oov_forms)
        if not forms:
            forms.append(orig)
        return forms[0]

    def __call__(self, doc):
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        if len(doc) == 0:
            return doc
        arr = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = arr[:, 3].copy()
        memo = self._memo
        for i, (orth, pos, morph, lemma) in enumerate(arr.tolist()):
            if lemma:
                continue  # set by the attribute ruler: the lemmatizer keeps it
            key = (orth, pos, morph)
            value = memo.get(key)
            if value is None:
                if len(memo) >= MEMO_LIMIT:
                    memo.clear()
                value = self.vocab.strings.add(self.rule_lemma(doc[i]))
                memo[key] = value
            lemmas[i] = value
        doc.from_array([LEMMA], lemmas)
        return doc


def compile_lemmatizer(lemmatizer) -> FastLemmatizer | None:
    from spacy.lang.en.lemmatizer import EnglishLemmatizer

    if type(lemmatizer) is not EnglishLemmatizer or lemmatizer.mode != "rule" or lemmatizer.overwrite:
        return None
    return FastLemmatizer(lemmatizer)
