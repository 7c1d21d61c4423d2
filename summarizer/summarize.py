"""Per-article summaries (extractive by default) and the term vectors the corpus step shares."""

from __future__ import annotations

import functools
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Protocol

from summarizer.lexicon import fold, load_lexicon

# --- text features ---------------------------------------------------------------------------

STEM = 6  # crude cross-form stem (soldats/soldat, Russie/Russia share 'russi'): no stemmer needed


@functools.lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    return load_lexicon(("fr", "de", "en")).stopwords


@functools.lru_cache(maxsize=16384)
def _term(raw: str) -> str | None:
    """One token's term, None for a stop word or a short word (a bounded cache: words repeat)."""
    token = raw.casefold().split("'")[-1].split("’")[-1]
    if token in stopwords() or (len(token) < 3 and not token.isdigit()):
        return None
    return token if token.isdigit() else fold(token)[:STEM]


# A number as fr/de/en write it: thousands grouped by a space, a dot or a comma ("2 122",
# "2.122", "2,122"), a decimal comma or point ("6,8", "6.8"), or plain digits. Not inside a
# word, a date's or a time's later part ("23:11"), nor glued to a word ("23-jährige").
# A unit glued after it is no part of a word ("44.5C", "10km"), and a decimal is never cut off
# ("44.5C" is 44.5, not 44).
NUMBER = re.compile(
    r"(?<![\w.,:/-])(\d{1,3}(?:[ \u00a0\u202f.,]\d{3})+(?!\d)|\d+(?:[.,]\d+)?)(?![.,]\d)"
    r"(?:(?![\w-])|(?=(?:°?[CF]|km|kg|cm|mm|ha|bn|mn|m)(?![\w-])))"
)
_TERM = re.compile(NUMBER.pattern + r"|[^\W_][\w'’-]*")


def numeral(raw: str) -> str | None:
    """A number's value as one string, whatever the language's separators: '2 122', '2.122',
    '2,122' → '2122'; '6,8', '6.8' → '6.8'; None when it is not one number ('1.234,5')."""
    s = raw.replace("\u00a0", " ").replace("\u202f", " ")
    if s.isdigit():
        return s.lstrip("0") or "0"
    if re.fullmatch(r"\d{1,3}(?:[ .,]\d{3})+", s) and len(set(re.findall(r"[ .,]", s))) == 1:
        return re.sub(r"\D", "", s).lstrip("0") or "0"
    whole, dot, fraction = s.replace(",", ".").partition(".")
    if dot and whole.isdigit() and fraction.isdigit():
        fraction = fraction.rstrip("0")
        whole = whole.lstrip("0") or "0"
        return f"{whole}.{fraction}" if fraction else whole
    return None


def numbers(text: str) -> list[tuple[str, str]]:
    """Each number of a text: (as written, its value as `numeral` gives it)."""
    found = []
    for match in NUMBER.finditer(text):
        value = numeral(match.group(1))
        if value is not None:
            found.append((match.group(1), value))
    return found


# Terms are read from a text's first TERM_CHARS characters: far more than any sentence or article
# of news, and a megabyte "sentence" of a hostile page costs no more than that.
TERM_CHARS = 100_000


def terms(text: str) -> list[str]:
    """Content terms of a text: folded, stop words out, cut to a short stem; a number is one
    term whatever its separators ("2,000", "2 000" and "2000" are one term), its value."""
    found = []
    for match in _TERM.finditer(text[:TERM_CHARS]):
        term = numeral(match.group(1)) if match.group(1) else _term(match.group())
        if term is not None:
            found.append(term)
    return found


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
# Word features, in the order of the weights in data/summary_weights.json (learned by
# benchmarks/learn_summary_weights.py on ../shared/summaries-train): what predicts that a word
# of the article is in its abstract.
WORD_FEATURES = ("bias", "salience", "count", "title", "first_rank", "first", "first_position", "lead_count",
                 "stopword", "length", "digit", "capitalised", "title_salience", "count_salience",
                 "title_stem", "spread", "article_length", "article_length_stopword", "salience_stopword",
                 "count_stopword", "first_rank_stopword", "offset", "salience_rank", "title_first", "count_squared")  # fmt: skip
# Occurrences of one word counted in a summary's expected overlap (the 2nd to the 4th).
REPEATS = 3
_WORD = re.compile(r"\w+")
# Word features read a sentence's first FEATURE_CHARS characters: a news sentence is far
# shorter, and a megabyte "sentence" of a hostile page costs no more than a long one.
FEATURE_CHARS = 2000
_CAPITALISED = re.compile(r"\b[A-ZÀ-ÖØ-Þ]\w*")


def words_of(text: str) -> list[str]:
    """A text's words as the summary model (and ROUGE) counts them: lower-cased `\\w+` tokens."""
    return _WORD.findall(text[:FEATURE_CHARS].lower())


@dataclass(frozen=True, slots=True)
class SummaryModel:
    """What the extractive summarizer learned (data/summary_weights.json):
    - `weights`: a logistic model (WORD_FEATURES order) of the chance that a word of an article is
      in its abstract, from the word's salience, where and how often the article uses it, the title;
    - `salience`: each word's share of training articles containing it whose abstract has it too
      (`prior` for a word not listed: its language had no training articles, or it is rare);
    - `repeats`: the chance that an abstract holding a word holds it 2, 3, 4 times (`repeat_prior`
      for a word not listed);
    - `reference_words`: the abstract length the expected F1 assumes (chosen on held-out
      training articles)."""

    weights: tuple[float, ...]
    prior: float = 0.1
    salience: Mapping[str, float] = field(default_factory=dict)
    repeats: Mapping[str, Sequence[float]] = field(default_factory=dict)
    repeat_prior: tuple[float, ...] = (0.1, 0.01, 0.001)
    reference_words: float = 32.0


@functools.lru_cache(maxsize=1)
def summary_model() -> SummaryModel:
    """The shipped model (data/summary_weights.json)."""
    data = json.loads(resources.files("summarizer.data").joinpath("summary_weights.json").read_text("utf-8"))
    salience, repeats = data["salience"], data["repeats"]
    return SummaryModel(
        weights=tuple(float(data["weights"][name]) for name in WORD_FEATURES),
        prior=float(salience["prior"]), salience=salience["words"],
        repeats=repeats["words"], repeat_prior=tuple(float(v) for v in repeats["prior"]),
        reference_words=float(data["reference_words"]),
    )  # fmt: skip


def _language_words(key: str) -> frozenset[str]:
    words: set[str] = set()
    for lang in ("fr", "de", "en"):
        data = json.loads(resources.files("summarizer.data").joinpath(f"{lang}.json").read_text("utf-8"))
        words.update(w.casefold() for w in data.get(key, []))
    return frozenset(words)


@functools.lru_cache(maxsize=1)
def _dangling_starts() -> frozenset[str]:
    """Words that open a sentence leaning on the one before (pronouns, connectives), all languages."""
    return _language_words("dangling_starts")


@functools.lru_cache(maxsize=1)
def _dangling_pairs() -> frozenset[str]:
    """Two opening words that lean on the sentence before ("Ce dernier", "The latter")."""
    return _language_words("dangling_pairs")


@functools.lru_cache(maxsize=1)
def _period_nouns() -> frozenset[str]:
    """Nouns of a span of time: after such a pair they make a time of its own ("Ces dernières semaines")."""
    return _language_words("period_nouns")


@functools.lru_cache(maxsize=1)
def _dangling_before_lowercase() -> frozenset[str]:
    """Of those, the ones that lean on the sentence before only when a lower-case word follows:
    "En effet, …" does; "En Bretagne, …", "En 2019, …", "En mars, …" open a sentence of their own."""
    return _language_words("dangling_before_lowercase")


def is_dangling(sentence: str) -> bool:
    """Whether `sentence` opens with a pronoun or connective pointing to the sentence before."""
    first = re.match(r"[\W\d_]*([^\W\d_]+(?:['’][^\W\d_]+)?)(?:\s+([\w-]+))?", sentence)
    if not first:
        return False
    word = first.group(1).casefold()
    if f"{word} {(first.group(2) or '').casefold()}" in _dangling_pairs():
        # "Ce dernier a démissionné." leans back; "Ces dernières semaines, …" is a time of its own.
        third = re.match(r"[\W\d_]*[^\W\d_]+['’]?\s+[\w-]+\s+([\w-]+)", sentence)
        return not (third and third.group(1).casefold() in _period_nouns())
    if word in _dangling_before_lowercase():
        following = first.group(2) or ""
        if not following[:1].islower() or following in load_lexicon(("fr", "de", "en")).months:
            return False
    return word in _dangling_starts() or word.split("'")[0].split("’")[0] in _dangling_starts()


@functools.lru_cache(maxsize=16384)
def _stem(word: str) -> str:
    return fold(word)[:STEM]


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def word_features(sentences: Sequence[str], title: str, model: SummaryModel,
                  words: Sequence[Sequence[str]] | None = None) -> tuple[list[str], list[list[float]]]:  # fmt: skip
    """The article's distinct words and each one's features (WORD_FEATURES order); `words` are
    each sentence's `words_of`, when the caller has them. Linear in the article's length."""
    capitalised = Counter(m.lower() for s in sentences for m in _CAPITALISED.findall(s[:FEATURE_CHARS]))
    words = words if words is not None else [words_of(s) for s in sentences]
    title_words = set(words_of(title))
    title_stems = {_stem(w) for w in title_words if len(w) > 3}
    count: Counter[str] = Counter()
    lead: Counter[str] = Counter()
    spread: Counter[str] = Counter()
    first: dict[str, int] = {}
    offset: dict[str, int] = {}
    position = 0
    for i, sentence_words in enumerate(words):
        for w in sentence_words:
            if w not in first:
                first[w], offset[w] = i, position
            position += 1
        count.update(sentence_words)
        spread.update(set(sentence_words))
        if i < 3:
            lead.update(sentence_words)
    n = len(words)
    article_length = math.log(1 + n)
    stop = stopwords()
    rows = []
    for w, c in count.items():
        g = _logit(model.salience.get(w, model.prior))
        f = first[w]
        sw = float(w in stop)
        log_count, rank, in_title = math.log1p(c), 1 / (1 + f), float(w in title_words)
        stem = float(len(w) > 3 and w not in title_words and _stem(w) in title_stems)
        rows.append([
            1.0, g, log_count, in_title, rank, float(f == 0), f / max(1, n - 1), math.log1p(lead[w]), sw,
            min(len(w), 12) / 12, float(w.isdigit()), capitalised[w] / c, g * in_title, g * log_count,
            stem, spread[w] / n, article_length, article_length * sw, g * sw, log_count * sw, rank * sw,
            math.log1p(offset[w]) / 7, g * rank, in_title * float(f == 0), log_count * log_count,
        ])  # fmt: skip
    return list(count), rows


def word_probabilities(sentences: Sequence[str], title: str, model: SummaryModel,
                       words: Sequence[Sequence[str]] | None = None) -> dict[str, float]:  # fmt: skip
    """Each distinct word of the article and the model's chance that its abstract uses it
    (`words`: each sentence's `words_of`, when the caller has them)."""
    distinct, rows = word_features(sentences, title, model, words)
    chance = {}
    for w, row in zip(distinct, rows, strict=True):
        z = sum(a * b for a, b in zip(model.weights, row, strict=True))
        chance[w] = 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))
    return chance


def sentence_vectors(sentences: Sequence[str]) -> list[Vector]:
    """Each sentence's TF-IDF vector, IDF over the article's sentences."""
    counts = [Counter(terms(s)) for s in sentences]
    idf = idf_of(counts)
    return [tfidf(c, idf) for c in counts]


@dataclass(slots=True)
class ExtractiveSummarizer:
    """Extractive: the sentences whose words the article's abstract most likely holds. A learned
    model gives each word of the article its chance of being in the abstract (SummaryModel); the
    summary is built greedily, a sentence at a time, to maximise its expected ROUGE-1 F1 against
    a short abstract — within the word budget, never cutting a sentence, and it stops when no
    sentence raises it (a budget is a maximum). Repeats are skipped; a sentence leaning on an
    unchosen predecessor brings it along or is passed over. Linear in the article's length."""

    sentences: int = 3
    words: int = 0
    name: str = "extractive"
    # None: the shipped model (data/summary_weights.json).
    model: SummaryModel | None = None

    def summarize(self, sentences: Sequence[str], *, title: str | None = None,
                  sources: Sequence[str] | None = None, source_title: str | None = None) -> list[str]:  # fmt: skip
        """The chosen sentences. With `sources` (the page's own sentences before translation),
        the choice reads those: the word salience is learned per language, and the position and
        title features need no translation; the translated sentences are returned."""
        if sources is not None and len(sources) == len(sentences) and list(sources) != list(sentences):
            chosen = self.select(sources, title=source_title if source_title is not None else title)
        else:
            chosen = self.select(sentences, title=title)
        return [sentences[i] for i in chosen]

    def select(self, sentences: Sequence[str], *, title: str | None = None) -> list[int]:
        """Indices of the chosen sentences, in reading order."""
        if not sentences:
            return []
        model = self.model or summary_model()
        words = [words_of(s) for s in sentences]
        summary = _ExpectedOverlap(model, word_probabilities(sentences, title or "", model, words))
        sizes = [len(s.split()) for s in sentences]
        # Only the best few sentences on their own are weighed: bounded work on long articles.
        alone = [summary.value_with(w) for w in words]
        order = sorted(range(len(sentences)), key=lambda i: (-alone[i], i))[:CANDIDATES]
        vectors = sentence_vectors(sentences)
        # A candidate repeating an earlier candidate gives way to it: the first telling is kept.
        order = [i for i in order
                 if not any(j < i and cosine(vectors[i], vectors[j]) >= REPEAT_SIMILARITY for j in order)]  # fmt: skip
        chosen: list[int] = []
        used = 0
        while self.words or len(chosen) < self.sentences:
            best: tuple[float, list[int]] | None = None
            for i in order:
                group = self._group(i, sentences, chosen, vectors)
                if group is None:
                    continue
                size = sum(sizes[k] for k in group)
                if self.words and used + size > self.words:
                    continue
                if not self.words and len(chosen) + len(group) > self.sentences:
                    continue
                value = summary.value_with([w for k in group for w in words[k]])
                if best is None or value > best[0]:
                    best = (value, group)
            if best is None and not chosen:  # nothing fits the budget: the best sentence alone
                i = order[0]
                best = (alone[i], [i])
            if best is None or (self.words and chosen and best[0] <= summary.value):
                break
            for k in best[1]:
                summary.add(words[k])
                used += sizes[k]
            chosen.extend(best[1])
        return sorted(chosen)

    @staticmethod
    def _group(
        i: int, sentences: Sequence[str], chosen: list[int], vectors: Sequence[Vector]
    ) -> list[int] | None:
        """The sentences that choosing `i` adds (its antecedent first), None when it cannot be chosen."""
        if i in chosen or sentences[i] in (sentences[j] for j in chosen):
            return None
        if any(cosine(vectors[i], vectors[j]) >= REPEAT_SIMILARITY for j in chosen):
            return None
        if i > 0 and is_dangling(sentences[i]) and i - 1 not in chosen:
            if is_dangling(sentences[i - 1]):
                return None
            if any(cosine(vectors[i - 1], vectors[j]) >= REPEAT_SIMILARITY for j in chosen):
                return None
            return [i - 1, i]
        return [i]


class _ExpectedOverlap:
    """A summary being built and its expected ROUGE-1 F1 against the unseen abstract: the overlap
    is each distinct word's chance of being in the abstract (its 2nd to 4th use weighed by the
    chance that the abstract repeats it), over the summary's length plus the abstract's."""

    __slots__ = ("chance", "counts", "length", "model", "overlap")

    def __init__(self, model: SummaryModel, chance: Mapping[str, float]) -> None:
        self.model, self.chance = model, chance
        self.counts: Counter[str] = Counter()
        self.overlap = 0.0
        self.length = 0

    def _gain(self, words: Sequence[str]) -> float:
        gain = 0.0
        for w, m in Counter(words).items():
            p = self.chance.get(w, 0.0)
            before = self.counts[w]
            repeats = self.model.repeats.get(w, self.model.repeat_prior)
            for k in range(before + 1, min(before + m, REPEATS + 1) + 1):
                gain += p if k == 1 else p * repeats[k - 2]
        return gain

    def _value(self, overlap: float, length: int) -> float:
        return 2 * overlap / (length + self.model.reference_words) if length else 0.0

    @property
    def value(self) -> float:
        return self._value(self.overlap, self.length)

    def value_with(self, words: Sequence[str]) -> float:
        """The expected F1 with `words` (one or more sentences') added."""
        return self._value(self.overlap + self._gain(words), self.length + len(words))

    def add(self, words: Sequence[str]) -> None:
        self.overlap += self._gain(words)
        self.length += len(words)
        self.counts.update(words)


# Candidates considered for a summary, best scored alone first (the rest cannot win a short budget).
CANDIDATES = 40
