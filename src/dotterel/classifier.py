"""A learned second opinion on a sentence's PLOVER category (numpy only at run time).

A linear model over TF-IDF word (1-2) and character (3-5) n-grams, with a ``NONE`` class
of hand-judged news sentences that hold no codable event, temperature-calibrated on
held-out folds. It is trained by ``dev/train_classifier.py`` (scikit-learn, at training
time only) and shipped as a plain ``.npz`` of arrays (vocabularies as UTF-8 text,
idf weights, coefficients): no pickles. The featurizer below is the one the training
script uses too, so run-time scores equal training-time scores.

The packaged model was trained on the tuning part of plv_dev (real news sentences of the
PLV data set, Hu et al., ACL 2024) plus hand-judged negatives from a Guardian sample.

Categories are the model's own: ``YIELD`` stands for PLOVER's CONCEDE and RETREAT (the
training data merges them); a small second head (``yield_split``) trained on synthetic
stories says which of the two it is.
"""

from __future__ import annotations

import math
import re
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import errors
from .errors import DataFileError

FORMAT = "dotterel-second-opinion/1"
NONE = "NONE"
MODEL_FILE = "second_opinion.npz"
CHAR_NGRAMS = (3, 5)
_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)?")
_DIGIT = re.compile(r"\d")
_REQUIRED = ("format", "classes", "word_vocab", "char_vocab", "word_idf", "char_idf", "coef", "intercept",
             "temperature", "threshold", "arbitrate", "yield_coef", "yield_intercept")


# ---------------------------------------------------------------------- featurizer
def tokens(text: str) -> list[str]:
    """Lower-cased word tokens, digits folded to 0 (one rule for training and run time)."""
    return _TOKEN.findall(_DIGIT.sub("0", text.lower()))


def word_ngrams(text: str) -> list[str]:
    toks = tokens(text)
    grams = list(toks)
    grams.extend(f"{a} {b}" for a, b in zip(toks, toks[1:]))
    return grams


def char_ngrams(text: str) -> list[str]:
    grams: list[str] = []
    low, high = CHAR_NGRAMS
    for tok in tokens(text):
        padded = f" {tok} "
        for n in range(low, high + 1):
            grams.extend(padded[i:i + n] for i in range(len(padded) - n + 1))
    return grams


def _tfidf(ids: list[int], idf):
    """Sublinear tf times idf, l2-normalised (scikit-learn's TfidfVectorizer, sublinear_tf=True)."""
    import numpy as np

    if not ids:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    counted = Counter(ids)
    idx = np.fromiter(counted.keys(), dtype=np.int64, count=len(counted))
    vals = (1.0 + np.log(np.fromiter(counted.values(), dtype=np.float64, count=len(counted)))) * idf[idx]
    return idx, vals / np.sqrt(np.dot(vals, vals))


# ---------------------------------------------------------------------- model
@dataclass(frozen=True)
class Opinion:
    category: str  # a PLOVER category, "YIELD", or "NONE"
    probability: float

    def __iter__(self):  # unpacks as (category, probability)
        return iter((self.category, self.probability))


class SecondOpinion:
    """The trained model; ``predict`` gives (category or NONE, calibrated probability) per text."""

    def __init__(self, arrays: dict, origin: str):
        import numpy as np

        self.origin = origin
        self.classes = [str(c) for c in arrays["classes"]]
        self.word_vocab = _vocab(arrays["word_vocab"])
        self.char_vocab = _vocab(arrays["char_vocab"])
        self.word_idf = np.asarray(arrays["word_idf"], dtype=np.float64)
        self.char_idf = np.asarray(arrays["char_idf"], dtype=np.float64)
        self.coef = np.ascontiguousarray(np.asarray(arrays["coef"], dtype=np.float64).T)  # (features, classes)
        self.intercept = np.asarray(arrays["intercept"], dtype=np.float64)
        self.temperature = float(arrays["temperature"])
        self.threshold = float(arrays["threshold"])
        self.arbitrate = float(arrays["arbitrate"])
        self.yield_coef = np.asarray(arrays["yield_coef"], dtype=np.float64)
        self.yield_intercept = float(arrays["yield_intercept"])
        self._token_grams: dict[str, list[int]] = {}  # a token's char n-gram ids, bounded cache
        self._check()

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, path: str | Path | None = None) -> SecondOpinion:
        """Load and validate a model file (default: the packaged one); DataFileError if unusable."""
        import numpy as np

        if path is None:
            from importlib.resources import files

            source = files("dotterel") / "data" / MODEL_FILE
            origin = f"dotterel/data/{MODEL_FILE}"
        else:
            source, origin = Path(path), str(path)
        try:
            with source.open("rb") as handle, np.load(handle, allow_pickle=False) as data:
                missing = [k for k in _REQUIRED if k not in data.files]
                if missing:
                    raise DataFileError(origin, errors.E040.format(detail="missing arrays " + ", ".join(missing)))
                arrays = {k: data[k] for k in _REQUIRED}
        except DataFileError:
            raise
        except (OSError, ValueError, EOFError, zipfile.BadZipFile, KeyError) as exc:
            raise DataFileError(origin, errors.E040.format(detail=f"{type(exc).__name__}: {exc}")) from exc
        fmt = str(arrays["format"])
        if fmt != FORMAT:
            raise DataFileError(origin, errors.E040.format(detail=f"format '{fmt}', expected '{FORMAT}'"))
        return cls(arrays, origin)

    def _check(self) -> None:
        import numpy as np

        def fail(detail: str):
            raise DataFileError(self.origin, errors.E040.format(detail=detail))

        k, d = len(self.classes), len(self.word_vocab) + len(self.char_vocab)
        if NONE not in self.classes or len(set(self.classes)) != k:
            fail("classes must be distinct and include NONE")
        if self.word_idf.shape != (len(self.word_vocab),) or self.char_idf.shape != (len(self.char_vocab),):
            fail("idf length differs from vocabulary size")
        if self.coef.shape != (d, k) or self.intercept.shape != (k,):
            fail(f"coefficients shaped {self.coef.T.shape}, expected ({k}, {d})")
        if self.yield_coef.shape != (d,):
            fail("yield_coef length differs from the number of features")
        arrays = (self.word_idf, self.char_idf, self.coef, self.intercept, self.yield_coef)
        if not all(np.isfinite(a).all() for a in arrays) or not math.isfinite(self.yield_intercept):
            fail("non-finite weights")
        if not (self.temperature > 0 and 0 < self.threshold <= 1 and 0 < self.arbitrate <= 1):
            fail("temperature must be > 0, thresholds in (0, 1]")

    # ------------------------------------------------------------------ scoring
    def features(self, text: str):
        """Column indices and values of the text's feature vector (word block, then char block)."""
        import numpy as np

        toks = tokens(text)
        get = self.word_vocab.get
        words = [i for i in map(get, toks) if i is not None]
        words.extend(i for i in map(get, (f"{a} {b}" for a, b in zip(toks, toks[1:]))) if i is not None)
        chars: list[int] = []
        for tok in toks:
            chars.extend(self._char_ids(tok))
        wi, wv = _tfidf(words, self.word_idf)
        ci, cv = _tfidf(chars, self.char_idf)
        return np.concatenate([wi, ci + len(self.word_vocab)]), np.concatenate([wv, cv])

    def _char_ids(self, tok: str) -> list[int]:
        found = self._token_grams.get(tok)
        if found is None:
            if len(self._token_grams) >= 200_000:
                self._token_grams.clear()
            get = self.char_vocab.get
            found = self._token_grams[tok] = [i for i in map(get, char_ngrams(tok)) if i is not None]
        return found

    def decision(self, texts: Iterable[str]):
        """Uncalibrated class scores, shape (n, classes): what the training script's model computes."""
        import numpy as np

        rows = []
        for text in texts:
            idx, vals = self.features(text)
            rows.append(vals @ self.coef[idx] + self.intercept)
        return np.vstack(rows) if rows else np.zeros((0, len(self.classes)))

    def probabilities(self, texts: Iterable[str]):
        """Calibrated class probabilities, shape (n, classes), columns in ``self.classes`` order."""
        import numpy as np

        z = self.decision(texts) / self.temperature
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        return p / p.sum(axis=1, keepdims=True)

    def predict(self, texts: Sequence[str]) -> list[Opinion]:
        """The most probable class of each text with its calibrated probability."""
        probs = self.probabilities(texts)
        best = probs.argmax(axis=1) if len(probs) else []
        return [Opinion(self.classes[j], float(probs[i, j])) for i, j in enumerate(best)]

    def yield_split(self, text: str) -> str:
        """CONCEDE or RETREAT for a sentence the model calls YIELD (a logistic head on the same features)."""
        idx, vals = self.features(text)
        score = float(vals @ self.yield_coef[idx]) + self.yield_intercept
        return "RETREAT" if score > 0 else "CONCEDE"

    def plover(self, category: str, text: str) -> str:
        """A model category as a PLOVER category (YIELD becomes CONCEDE or RETREAT)."""
        return self.yield_split(text) if category == "YIELD" else category


def _vocab(blob) -> dict[str, int]:
    text = bytes(blob.tobytes()).decode("utf-8")
    return {gram: i for i, gram in enumerate(text.split("\n"))} if text else {}


def encode_vocab(grams: Sequence[str]):
    """Vocabulary as one UTF-8 array, one n-gram a line (how the .npz stores it; no pickles)."""
    import numpy as np

    if any("\n" in g for g in grams):
        raise ValueError("an n-gram holds a newline")
    return np.frombuffer("\n".join(grams).encode("utf-8"), dtype=np.uint8)
