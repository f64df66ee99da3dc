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


def _predicate(name: str, spec: Any, lowers: set | None = None, regexes: list | None = None):
    """A test on one token attribute, as the Matcher reads ``{name: spec}``: strings compared
    by hash (as the Matcher does), regular expressions searched in the lowercase text.  The
    hashes a LOWER test compares with are added to ``lowers``, its regular expressions to
    ``regexes``: a word that is none of them and matches none of them gets the same answer
    from every LOWER test as any other such word."""
    from spacy.strings import get_string_id  # a label that is a spaCy symbol ('det') is its symbol id

    def hash_string(text: str) -> int:
        return get_string_id(text)

    lowers = lowers if lowers is not None and name == "LOWER" else set()
    regexes = regexes if regexes is not None else []
    if isinstance(spec, bool):
        return lambda value: value == spec
    if isinstance(spec, str):
        wanted = hash_string(spec) if spec else 0
        lowers.add(wanted)
        return lambda value: value == wanted
    if isinstance(spec, dict) and len(spec) == 1:
        (op, arg), = spec.items()
        if op in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(a, str) for a in arg):
            values = frozenset(hash_string(a) if a else 0 for a in arg)
            lowers.update(values)
            if op == "IN":
                return lambda value: value in values
            return lambda value: value not in values
        if op == "REGEX" and isinstance(arg, str) and name == "LOWER":
            search = re.compile(arg).search
            regexes.append(search)
            return lambda value: search(value) is not None
    return None


def _anchor(spec: dict) -> tuple[int, int] | None:
    """(column, hash) of an exact TAG or LOWER value every match must have, for indexing."""
    from spacy.strings import get_string_id

    for column, name in ((0, "TAG"), (1, "LOWER")):
        if isinstance(spec.get(name), str) and spec[name]:
            return column, get_string_id(spec[name])
    return None


def _token_test(spec: dict, lowers: set, regexes: list):
    """All of one pattern token's tests, over (tag, lower, dep, is_space, lowercase text)."""
    tests = []
    for name, value in spec.items():
        if name not in _SUPPORTED_KEYS:
            return None
        test = _predicate(name, value, lowers, regexes)
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

    What the one-token rules and the positions of the longer patterns give a token is
    remembered per (tag, lower, dep, is_space); a word no LOWER test names or matches
    (``plain``) shares the answer of its (tag, dep, is_space) with every other such word, so
    the rules are tried once per class, not once per word.
    """

    def __init__(self, vocab, single: list, multi: list, attrs: list[dict[str, Any]],
                 lowers: frozenset[int] = frozenset(), regexes: tuple = ()):
        self.vocab = vocab
        self.single = single  # (rule id, test, anchor) for one-token patterns
        self._by_anchor: dict[tuple[int, int], list] = {}
        self._generic: list = []
        for rule, test, anchor in single:
            (self._by_anchor.setdefault(anchor, []) if anchor else self._generic).append((rule, test))
        self.multi = multi  # (rule id, tests, index) for longer patterns
        self.attrs = attrs  # rule id -> {"POS": .., "MORPH": .., "LEMMA": .., "TAG": .., "DEP": ..} as ints
        self.lowers = lowers  # every LOWER hash some test compares with
        self.regexes = regexes  # every LOWER regular expression's search
        self._memo: dict[tuple, tuple] = {}
        self._classes: dict[tuple, tuple] = {}
        self._merged: dict[tuple[int, ...], dict[str, int]] = {}
        self._applied: dict[tuple, tuple[int, ...]] = {}

    def _rules_for(self, doc, i: int, hashes: tuple) -> tuple:
        """(one-token rules, positions in longer patterns, longer patterns starting here) of a
        (tag, lower, dep, is_space) combination."""
        found = self._memo.get(hashes)
        if found is None:
            if len(self._memo) >= MEMO_LIMIT:
                self._memo.clear()
            text = doc[i].text.lower()  # LOWER is the text lowercased
            plain = hashes[1] not in self.lowers and not any(search(text) for search in self.regexes)
            word_class = (hashes[0], None, *hashes[2:]) if plain else hashes
            found = self._classes.get(word_class)
            if found is None:
                key = (*hashes[:3], bool(hashes[3]), text)
                candidates = (self._by_anchor.get((0, key[0]), []) + self._by_anchor.get((1, key[1]), [])
                              + self._generic)
                positions = frozenset((m, k) for m, (_rule, tests, _index) in enumerate(self.multi)
                                      for k, test in enumerate(tests) if test(key))
                found = (tuple(sorted(rule for rule, test in candidates if test(key))), positions,
                         tuple(m for m, k in sorted(positions) if k == 0))
                if len(self._classes) >= MEMO_LIMIT:
                    self._classes.clear()
                self._classes[word_class] = found
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

    def _apply(self, rules: tuple[int, ...], row: tuple[int, ...]) -> tuple[int, ...]:
        """A token's (POS, MORPH, LEMMA, TAG, DEP) after its rules, from those before."""
        key = (rules, row)
        out = self._applied.get(key)
        if out is None:
            values = dict(zip(("POS", "MORPH", "LEMMA", "TAG", "DEP"), row))
            values.update(self._merge(rules))
            out = (values["POS"], values["MORPH"], values["LEMMA"], values["TAG"], values["DEP"])
            if len(self._applied) >= MEMO_LIMIT:
                self._applied.clear()
            self._applied[key] = out
        return out

    def __call__(self, doc):
        import numpy
        from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, POS, TAG

        n = len(doc)
        if n == 0:
            return doc
        arr = doc.to_array([TAG, LOWER, DEP, IS_SPACE, POS, MORPH, LEMMA])
        rows = arr.tolist()
        memo = self._memo
        found = [memo.get(key) or self._rules_for(doc, i, key)
                 for i, key in enumerate([(r[0], r[1], r[2], r[3]) for r in rows])]
        per_token = [rules for rules, _, _ in found]
        if self.multi:  # longer patterns: every start where each token passes its position's test
            extra: dict[int, list[int]] = {}
            for start, (_, _, starts) in enumerate(found):
                for m in starts:
                    rule, tests, index = self.multi[m]
                    span = len(tests)
                    if start + span <= n and all((m, j) in found[start + j][1] for j in range(1, span)):
                        extra.setdefault(start + index if index >= 0 else start + span + index, []).append(rule)
            for i, rules in extra.items():
                per_token[i] = tuple(sorted(set(per_token[i]) | set(rules)))
        apply = self._apply
        out = [apply(rules, (r[4], r[5], r[6], r[0], r[2])) if rules else (r[4], r[5], r[6], r[0], r[2])
               for rules, r in zip(per_token, rows)]
        values = numpy.array(out, dtype=arr.dtype)
        doc.from_array([POS, MORPH, LEMMA, TAG], numpy.ascontiguousarray(values[:, :4]))
        if (values[:, 4] != arr[:, 2]).any():
            doc.from_array([DEP], values[:, 4:5].copy())
        return doc


def compile_ruler(ruler) -> FastAttributeRuler | None:
    """The fast equivalent of an AttributeRuler, or None when a pattern is beyond it."""
    from spacy.attrs import IDS

    names = {v: k for k, v in IDS.items()}
    single, multi, attrs = [], [], []
    lowers: set[int] = set()
    regexes: list = []
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
            tests = [_token_test(spec, lowers, regexes) if isinstance(spec, dict) else None for spec in pattern]
            if any(t is None for t in tests) or not -len(pattern) <= index < len(pattern):
                return None
            if len(tests) == 1:
                single.append((rule, tests[0], _anchor(pattern[0])))
            else:
                multi.append((rule, tests, index))
    if len(attrs) != len(ruler.patterns):
        return None
    return FastAttributeRuler(ruler.vocab, single, multi, attrs, frozenset(lowers), tuple(regexes))


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
