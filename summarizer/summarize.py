"""Per-article summaries (extractive by default) and the term vectors the corpus step shares."""

from __future__ import annotations

import functools
import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Protocol

from summarizer.lexicon import load_lexicon

# --- text features ---------------------------------------------------------------------------

_TOKEN = re.compile(r"[^\W_][\w'’-]*")
STEM = 6  # crude cross-form stem (soldats/soldat, Russie/Russia share 'russi'): no stemmer needed


@functools.lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    return load_lexicon(("fr", "de", "en")).stopwords


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@functools.lru_cache(maxsize=16384)
def _term(raw: str) -> str | None:
    """One token's term, None for a stop word or a short word (a bounded cache: words repeat)."""
    token = raw.casefold().split("'")[-1].split("’")[-1]
    if token in stopwords() or (len(token) < 3 and not token.isdigit()):
        return None
    return token if token.isdigit() else fold(token)[:STEM]


def terms(text: str) -> list[str]:
    """Content terms of a text: folded, stop words out, cut to a short stem; numbers kept whole."""
    return [t for t in map(_term, _TOKEN.findall(text)) if t is not None]


Vector = dict[str, float]


def tfidf(counts: Counter[str], idf: dict[str, float]) -> Vector:
    vec = {t: c * idf.get(t, 1.0) for t, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items()}


def cosine(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def idf_of(documents: Iterable[Iterable[str]]) -> dict[str, float]:
    df: Counter[str] = Counter()
    n = 0
    for doc in documents:
        df.update(set(doc))
        n += 1
    return {t: math.log((1 + n) / (1 + d)) + 1.0 for t, d in df.items()}


# --- per article -----------------------------------------------------------------------------


class Summarizer(Protocol):
    """Summarises one article, given its sentences in reading order."""

    name: str

    def summarize(self, sentences: Sequence[str], *, title: str | None = None,
                  sources: Sequence[str] | None = None, source_title: str | None = None) -> list[str]:  # fmt: skip
        """The summary's sentences, taken from (or written from) `sentences`. `sources` are the
        same sentences as the page gave them, before translation, and `source_title` its title."""
        ...


# MMR: sentences this similar to a chosen one are repeats.
REPEAT_SIMILARITY = 0.6
# Sentence features, in the order of the weights in data/summary_weights.json (learned by
# benchmarks/learn_summary_weights.py on ../shared/summaries-train).
FEATURES = ("bias", "lead", "first", "position", "title", "centroid", "length", "short", "dangling", "digits",
            "quote", "second", "third", "fourth", "salience", "salience_max", "first_similarity", "question",
            "colon", "quoted", "names", "title_words")  # fmt: skip
_WORD = re.compile(r"\w+")
_QUOTES = '«"„“'
_DIGIT = re.compile(r"\d")
# Word features read a sentence's first FEATURE_CHARS characters: a news sentence is far
# shorter, and a megabyte "sentence" of a hostile page costs no more than a long one.
FEATURE_CHARS = 2000
_NAME_WORD = re.compile(r"\b[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+")


@dataclass(frozen=True, slots=True)
class SummaryModel:
    """What the extractive summarizer learned: a weight per feature (FEATURES order) and each
    word's salience, the share of training articles containing the word whose abstract has it
    too (`prior` for a word not listed: its language had no training articles, or it is rare)."""

    weights: tuple[float, ...]
    prior: float = 0.0
    salience: Mapping[str, float] = field(default_factory=dict)


@functools.lru_cache(maxsize=1)
def summary_model() -> SummaryModel:
    """The shipped model (data/summary_weights.json)."""
    data = json.loads(resources.files("summarizer.data").joinpath("summary_weights.json").read_text("utf-8"))
    salience = data.get("salience", {})
    return SummaryModel(weights=tuple(float(data["weights"][name]) for name in FEATURES),
                        prior=float(salience.get("prior", 0.0)), salience=salience.get("words", {}))  # fmt: skip


@functools.lru_cache(maxsize=1)
def _dangling_starts() -> frozenset[str]:
    """Words that open a sentence leaning on the one before (pronouns, connectives), all languages."""
    words: set[str] = set()
    for lang in ("fr", "de", "en"):
        data = json.loads(resources.files("summarizer.data").joinpath(f"{lang}.json").read_text("utf-8"))
        words.update(w.casefold() for w in data.get("dangling_starts", []))
    return frozenset(words)


def is_dangling(sentence: str) -> bool:
    """Whether `sentence` opens with a pronoun or connective pointing to the sentence before."""
    first = re.match(r"[\W\d_]*([^\W\d_]+(?:['’][^\W\d_]+)?)", sentence)
    if not first:
        return False
    word = first.group(1).casefold()
    return word in _dangling_starts() or word.split("'")[0].split("’")[0] in _dangling_starts()


def sentence_vectors(sentences: Sequence[str], title: str = "") -> tuple[list[Vector], Vector]:
    """Each sentence's TF-IDF vector and the title's, IDF over the article's sentences and title."""
    counts = [Counter(terms(s)) for s in sentences]
    title_counts = Counter(terms(title))
    idf = idf_of([*counts, title_counts])
    return [tfidf(c, idf) for c in counts], tfidf(title_counts, idf)


def sentence_features(
    sentences: Sequence[str],
    vectors: Sequence[Vector],
    title_vec: Vector,
    model: SummaryModel | None = None,
    title: str = "",
) -> list[list[float]]:
    """Each sentence's features (FEATURES order): linear in the article's length."""
    title_words = set(_WORD.findall(title.lower()))
    model = model or summary_model()
    salience, prior = model.salience, model.prior
    n = len(sentences)
    centroid: Counter[str] = Counter()
    for vec in vectors:
        centroid.update(vec)
    norm = math.sqrt(sum(v * v for v in centroid.values())) or 1.0
    rows = []
    for i, (text, vec) in enumerate(zip(sentences, vectors, strict=True)):
        n_words = len(text.split())
        head = text[:FEATURE_CHARS]
        words = _WORD.findall(head.lower())
        sal = [salience.get(w, prior) for w in words] or [prior]
        rows.append([
            1.0, 1.0 / (1 + i), float(i == 0), i / max(1, n - 1),
            cosine(vec, title_vec), sum(v * centroid.get(t, 0.0) for t, v in vec.items()) / norm,
            min(n_words, 60) / 60, float(n_words < 8), float(is_dangling(text)),
            float(_DIGIT.search(text) is not None), float(text.lstrip()[:1] in _QUOTES),
            float(i == 1), float(i == 2), float(i == 3), sum(sal) / len(sal), max(sal),
            cosine(vec, vectors[0]) if i else 1.0, float("?" in text), float(":" in text),
            float(any(q in text for q in _QUOTES)), len(_NAME_WORD.findall(head)) / max(1, len(words)),
            len(title_words.intersection(words)) / max(1, len(title_words)),
        ])  # fmt: skip
    return rows


@dataclass(slots=True)
class ExtractiveSummarizer:
    """Extractive: sentences scored by learned weights over lead position, title and centroid
    similarity, the learned salience of their words, length and form; chosen best first within a
    word budget (never cutting a sentence), skipping repeats; a sentence leaning on an unchosen
    predecessor brings it along or is passed over. Linear in the article's length."""

    sentences: int = 3
    words: int = 0
    name: str = "extractive"
    # None: the shipped model (data/summary_weights.json).
    model: SummaryModel | None = None

    def summarize(self, sentences: Sequence[str], *, title: str | None = None,
                  sources: Sequence[str] | None = None, source_title: str | None = None) -> list[str]:  # fmt: skip
        """The chosen sentences. With `sources` (the page's own sentences before translation),
        the ranking reads those: the word salience is learned per language, and the lead, title
        and form features need no translation; the translated sentences are returned."""
        if sources is not None and len(sources) == len(sentences) and list(sources) != list(sentences):
            chosen = self.select(sources, title=source_title if source_title is not None else title)
        else:
            chosen = self.select(sentences, title=title)
        return [sentences[i] for i in chosen]

    def select(self, sentences: Sequence[str], *, title: str | None = None) -> list[int]:
        """Indices of the chosen sentences, in reading order."""
        if not sentences:
            return []
        vectors, title_vec = sentence_vectors(sentences, title or "")
        model = self.model or summary_model()
        features = sentence_features(sentences, vectors, title_vec, model, title or "")
        weights = model.weights
        scores = [sum(w * f for w, f in zip(weights, row, strict=True)) for row in features]
        # Only the best few candidates are weighed for the budget: bounded work on long articles.
        order = sorted(range(len(sentences)), key=lambda i: (-scores[i], i))[:CANDIDATES]
        chosen: list[int] = []
        used = 0

        def fits(extra: int) -> bool:
            if self.words:
                return not chosen or used + extra <= self.words
            return len(chosen) < self.sentences

        for i in order:
            if i in chosen or any(cosine(vectors[i], vectors[j]) >= REPEAT_SIMILARITY for j in chosen):
                continue
            if sentences[i] in (sentences[j] for j in chosen):
                continue
            group = [i]
            if i > 0 and is_dangling(sentences[i]) and i - 1 not in chosen:
                group = [i - 1, i]  # its antecedent first, or not at all
                if is_dangling(sentences[i - 1]):
                    continue
            size = sum(len(sentences[k].split()) for k in group)
            if not fits(size) or (not self.words and len(chosen) + len(group) > self.sentences):
                if not chosen and group == [i]:
                    chosen.append(i)
                    used += size
                continue
            chosen.extend(group)
            used += size
            if not self.words and len(chosen) >= self.sentences:
                break
        return sorted(set(chosen))


# Candidates considered for a summary, best scored first (the rest cannot win a short budget).
CANDIDATES = 40
