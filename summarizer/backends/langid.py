"""Language detectors behind the `LanguageDetector` Protocol: lingua (default) and langdetect."""

from __future__ import annotations

import functools
import threading
from collections.abc import Sequence
from typing import Any, Protocol

from summarizer.errors import ConfigError, MissingDependencyError

Scores = dict[str, float]


class LanguageDetector(Protocol):
    """Scores texts over a fixed set of candidate languages (ISO 639-1 codes)."""

    name: str
    languages: tuple[str, ...]

    def scores_batch(self, texts: Sequence[str]) -> list[Scores]:
        """For each text, a probability per candidate language (summing to 1, or empty)."""
        ...


# From this many characters on, lingua's low-accuracy mode is as right as its high-accuracy mode
# at half the cost (on ../shared/langid's sentences of 90-119 characters both get all 584 right;
# of 60-89 characters the low mode misses one more in 647); shorter texts need the full models.
LONG_TEXT = 90


class LinguaDetector:
    """lingua-language-detector: n-gram models up to 5-grams, strong on short text."""

    name = "lingua"

    def __init__(self, languages: Sequence[str], *, low_accuracy: bool = False) -> None:
        self.languages = tuple(languages)
        self.low_accuracy = low_accuracy
        self._detector = _lingua_detector(self.languages, low_accuracy)

    def scores_batch(self, texts: Sequence[str]) -> list[Scores]:
        if not texts:
            return []
        if self.low_accuracy:
            return self._scores(self._detector, list(texts))
        # Long texts go to the low-accuracy (trigram) models: as accurate there, twice as fast.
        long = [i for i, t in enumerate(texts) if len(t) >= LONG_TEXT]
        if not long:
            return self._scores(self._detector, list(texts))
        out: list[Scores] = [{} for _ in texts]
        short = [i for i, t in enumerate(texts) if len(t) < LONG_TEXT]
        fast = _lingua_detector(self.languages, True)
        for indices, detector in ((short, self._detector), (long, fast)):
            for i, scores in zip(indices, self._scores(detector, [texts[i] for i in indices]), strict=True):
                out[i] = scores
        return out

    @staticmethod
    def _scores(detector: Any, texts: list[str]) -> list[Scores]:
        if not texts:
            return []
        results = detector.compute_language_confidence_values_in_parallel(texts)
        out: list[Scores] = []
        for values in results:
            scores = {v.language.iso_code_639_1.name.lower(): float(v.value) for v in values}
            total = sum(scores.values())
            out.append({k: v / total for k, v in scores.items()} if total > 0 else {})
        return out


@functools.lru_cache(maxsize=4)
def _lingua_detector(languages: tuple[str, ...], low_accuracy: bool):  # type: ignore[no-untyped-def]
    try:
        from lingua import IsoCode639_1, LanguageDetectorBuilder
    except ImportError as exc:  # pragma: no cover - a core dependency
        raise MissingDependencyError("lingua-language-detector", purpose="--detector lingua") from exc
    codes = [getattr(IsoCode639_1, lang.upper()) for lang in languages]
    builder = LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_preloaded_language_models()
    if low_accuracy:
        builder = builder.with_low_accuracy_mode()
    return builder.build()


class LangdetectDetector:
    """langdetect (Google's language-detection port), seeded so results are deterministic."""

    name = "langdetect"
    _lock = threading.Lock()

    def __init__(self, languages: Sequence[str], *, seed: int = 0) -> None:
        self.languages = tuple(languages)
        self.seed = seed
        try:
            from langdetect import detector_factory
        except ImportError as exc:  # pragma: no cover - a core dependency
            raise MissingDependencyError("langdetect", purpose="--detector langdetect") from exc
        with self._lock:
            if detector_factory._factory is None:
                detector_factory.init_factory()
        self._factory = detector_factory._factory
        self._error = detector_factory.LangDetectException

    def scores_batch(self, texts: Sequence[str]) -> list[Scores]:
        out: list[Scores] = []
        for text in texts:
            detector = self._factory.create()
            detector.seed = self.seed
            detector.append(text)
            try:
                probs = detector.get_probabilities()
            except self._error:
                out.append({})
                continue
            # Restrict to the candidates: keep their share of the probability mass.
            scores = {p.lang: p.prob for p in probs if p.lang in self.languages}
            total = sum(scores.values())
            out.append({k: v / total for k, v in scores.items()} if total > 0 else {})
        return out


def make_detector(name: str, languages: Sequence[str]) -> LanguageDetector:
    """The detector called `name` over `languages`."""
    if name == "lingua":
        return LinguaDetector(languages)
    if name == "lingua-low":
        return LinguaDetector(languages, low_accuracy=True)
    if name == "langdetect":
        return LangdetectDetector(languages)
    raise ConfigError(f"unknown language detector '{name}': choose lingua or langdetect")
