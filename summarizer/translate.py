"""Translate every kept French and German sentence to English, cached, guarded, order kept."""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from summarizer.backends.cache import TranslationCache
from summarizer.backends.langid import LanguageDetector
from summarizer.backends.translators import (
    CTranslate2Translator,
    Decoding,
    MarianTranslator,
    Translator,
)
from summarizer.models import Block, Document, Sentence
from summarizer.settings import Settings

log = logging.getLogger(__name__)

# Guards (opus-mt loops on navigation and date lines and on mixed-language input).
MIN_RATIO, MAX_RATIO = 0.4, 2.6  # output/input characters, for inputs of 20+ characters
LOOP_REPEATS = 4  # the same token or n-gram this many times in a row is a loop
# Batches: padded tokens per batch (length-sorted, so little padding) and sentences per batch.
BATCH_TOKENS = 2048
MAX_BATCH = 32
# English translations of a cross-language duplicate candidate and its original must share this
# much (cosine of content terms) to confirm it; below RESTORE both stay.
CONFIRM_SIMILARITY = 0.3
RESTORE_BELOW = 0.1

_PROTECTED = re.compile(r"(https?://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.]+|(?<!\w)@\w{1,30})")
_CLAUSE = re.compile(r"(?<=[,;:])\s+")


def normalise_for_mt(text: str) -> str:
    """NBSP / narrow NBSP to spaces (3 000), typographic quotes to plain ones, single spaces."""
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ")
    text = re.sub(r"«\s*", '"', text)
    text = re.sub(r"\s*»", '"', text)
    text = text.replace("„", '"').replace("“", '"').replace("”", '"').replace("’", "'")
    return " ".join(text.split())


def is_loop(text: str) -> bool:
    tokens = text.split()
    for n in (1, 2, 3):
        run = 1
        for i in range(n, len(tokens) - n + 1, 1):
            if tokens[i : i + n] == tokens[i - n : i]:
                run += 1
                if run >= LOOP_REPEATS:
                    return True
            else:
                run = 1
    return len(tokens) >= 12 and len(set(tokens)) / len(tokens) < 0.35


@dataclass(slots=True)
class TranslationStats:
    sentences: int = 0
    passthrough: int = 0
    translated: int = 0
    from_cache: int = 0
    model_calls: int = 0
    retried: int = 0
    split_long: int = 0
    untranslated: Counter[str] = field(default_factory=Counter)
    by_language: Counter[str] = field(default_factory=Counter)
    cross_language_confirmed: int = 0
    cross_language_restored: int = 0
    backends: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {
            "sentences": self.sentences, "passthrough_english": self.passthrough,
            "translated": self.translated, "from_cache": self.from_cache,
            "model_calls": self.model_calls, "retried": self.retried, "split_long": self.split_long,
            "untranslated": dict(self.untranslated), "by_language": dict(self.by_language),
            "cross_language_confirmed": self.cross_language_confirmed,
            "cross_language_restored": self.cross_language_restored,
            "backends": dict(self.backends),
        }  # fmt: skip


@dataclass(slots=True)
class Piece:
    text: str
    translate: bool


class TranslationStage:
    """Route each sentence to its language's translator; English passes through unchanged."""

    def __init__(
        self,
        translators: dict[str, Translator],
        *,
        cache: TranslationCache | None = None,
        detector: LanguageDetector | None = None,
        target: str = "en",
        decoding: Decoding | None = None,
        progress: Callable[[str, int, int | None], None] | None = None,
    ) -> None:
        self.translators = translators
        self.cache = cache
        self.detector = detector
        self.target = target
        self.decoding = decoding or Decoding()
        self.progress = progress
        self._sentences_done = 0
        self.stats = TranslationStats()
        self.stats.backends = {lang: f"{t.name}:{t.model_id}" for lang, t in translators.items()}
        # Languages whose model is not installed (language → model id): a page in one of them
        # stops the run with one error saying how to get it.
        self.missing: dict[str, str] = {}
        self.models_dir: Path | None = None

    @classmethod
    def from_settings(cls, settings: Settings, *, detector: LanguageDetector | None = None,
                      progress: Callable[[str, int, int | None], None] | None = None
                      ) -> TranslationStage:  # fmt: skip
        """Resolve the models offline and build the stage. A missing model is an error only when
        a page needs it: an English-only corpus needs no model at all."""
        from summarizer.hub import resolve_all

        translators: dict[str, Translator] = {}
        missing = {}
        for lang, ref in resolve_all(settings).items():
            if ref.path is None:
                missing[lang] = ref
                continue
            use_ct2 = settings.backend == "ctranslate2" or (settings.backend == "auto" and ref.ct2_path)
            if use_ct2:
                if ref.ct2_path is None:
                    from summarizer.errors import ModelNotFoundError

                    raise ModelNotFoundError(
                        f"--backend ctranslate2: no CTranslate2 conversion of {ref.model_id}; "
                        f"run 'summarizer models convert {lang}'"
                    )
                translators[lang] = CTranslate2Translator(
                    ref.ct2_path, ref.path, model_id=ref.model_id, src=lang, device=settings.device
                )
            else:
                translators[lang] = MarianTranslator(ref.path, model_id=ref.model_id, src=lang,
                                                     device=settings.device)  # fmt: skip
        cache = TranslationCache(settings.cache_dir / "translations.sqlite3")
        stage = cls(translators, cache=cache, detector=detector, target=settings.target, progress=progress)
        stage.missing = {lang: ref.model_id for lang, ref in missing.items()}
        stage.models_dir = settings.cache_dir / "models"
        return stage

    # -- documents ---------------------------------------------------------------------------

    def translate_documents(self, docs: Sequence[Document]) -> None:
        """Set `translation` on the sentences and blocks of `docs` (kept blocks, and candidates)."""
        jobs: dict[str, list[Sentence]] = {}
        blocks: list[Block] = []
        for doc in docs:
            for block in doc.blocks:
                if block.is_blank:
                    continue
                if not (block.keep or (block.reason or "").startswith("cross-language-duplicate")):
                    continue
                blocks.append(block)
                for sentence in block.sentences:
                    self.stats.sentences += 1
                    lang = sentence.lang or block.lang or self.target
                    self.stats.by_language[lang] += 1
                    if lang == self.target:
                        sentence.translation = sentence.text
                        self.stats.passthrough += 1
                    elif lang not in self.translators and lang not in self.missing:
                        sentence.translation = sentence.text
                        self.stats.untranslated["no-model-for-language"] += 1
                    else:
                        jobs.setdefault(lang, []).append(sentence)
        needed = {lang: self.missing[lang] for lang in jobs if lang in self.missing}
        if needed:
            from summarizer.hub import missing_models_error

            raise missing_models_error(needed, self.models_dir)
        for lang, sentences in jobs.items():
            outputs = self.translate_texts(lang, [s.text for s in sentences])
            for sentence, text in zip(sentences, outputs, strict=True):
                sentence.translation = text
        for block in blocks:
            block.translation = " ".join(s.translation or s.text for s in block.sentences)
        for doc in docs:
            self._confirm_cross_language(doc)

    def _confirm_cross_language(self, doc: Document) -> None:
        from summarizer.summarize import cosine, idf_of, terms, tfidf

        by_n = {b.n: b for b in doc.blocks}
        for block in doc.blocks:
            reason = block.reason or ""
            if not reason.startswith("cross-language-duplicate-of:"):
                continue
            other = by_n.get(int(reason.rsplit(":", 1)[1]))
            if other is None or not other.translation or not block.translation:
                continue
            counts = [Counter(terms(block.translation)), Counter(terms(other.translation))]
            idf = idf_of(counts)
            sim = cosine(tfidf(counts[0], idf), tfidf(counts[1], idf))
            if sim >= CONFIRM_SIMILARITY:
                self.stats.cross_language_confirmed += 1
            elif sim < RESTORE_BELOW and self._trusted(block) and self._trusted(other):
                block.keep, block.reason = True, None
                self.stats.cross_language_restored += 1

    @staticmethod
    def _trusted(block: Block) -> bool:
        return all(s.translation not in (None, s.text) or s.lang == "en" for s in block.sentences)

    # -- sentences ---------------------------------------------------------------------------

    def translate_texts(self, lang: str, texts: Sequence[str]) -> list[str]:
        """English for each of `texts` (all in `lang`), in input order."""
        translator = self.translators[lang]
        plans = [self._pieces(translator, normalise_for_mt(t)) for t in texts]
        wanted = list(dict.fromkeys(p.text for plan in plans for p in plan if p.translate))
        results: dict[str, str] = {}
        model_key = f"{translator.model_id}@{translator.fingerprint()}"
        if self.cache is not None:
            for text, (out, status) in self.cache.get_many(model_key, lang, wanted).items():
                results[text] = out if status == "ok" else text
                if status != "ok":
                    self.stats.untranslated[status] += 1
            self.stats.from_cache += len(results)
        todo = [t for t in wanted if t not in results]
        if todo:
            fresh = self._run_model(translator, lang, todo, model_key)
            for text, (out, status) in fresh.items():
                results[text] = out if status == "ok" else text
        outputs = []
        for original, plan in zip(texts, plans, strict=True):
            parts = [results[p.text] if p.translate else p.text for p in plan]
            outputs.append(" ".join(x for x in parts if x) if plan else original)
        return outputs

    def _pieces(self, translator: Translator, text: str) -> list[Piece]:
        """URLs, handles and e-mails pass through; an over-long sentence splits at clauses."""
        pieces: list[Piece] = []
        for k, part in enumerate(_PROTECTED.split(text)):
            if not part.strip():
                continue
            if k % 2 == 1:
                pieces.append(Piece(part, False))
            else:
                pieces.extend(Piece(chunk, True) for chunk in self._fit(translator, part.strip()))
        return pieces

    def _fit(self, translator: Translator, text: str) -> list[str]:
        limit = translator.max_input_tokens
        if len(text) < limit or translator.count_tokens([text])[0] <= limit:
            return [text]
        self.stats.split_long += 1
        clauses = _CLAUSE.split(text)
        chunks: list[str] = []
        for clause in clauses:
            candidate = f"{chunks[-1]} {clause}" if chunks else clause
            if chunks and translator.count_tokens([candidate])[0] <= limit:
                chunks[-1] = candidate
            else:
                chunks.append(clause)
        out: list[str] = []
        for chunk in chunks:  # a clause still too long: cut by words (never truncated)
            words = chunk.split()
            while words:
                size = len(words)
                while size > 1 and translator.count_tokens([" ".join(words[:size])])[0] > limit:
                    size = max(1, size * 2 // 3)
                out.append(" ".join(words[:size]))
                words = words[size:]
        return out

    def _batches(self, translator: Translator, texts: list[str]) -> list[list[str]]:
        lengths = dict(zip(texts, translator.count_tokens(texts), strict=True))
        ordered = sorted(texts, key=lambda t: lengths[t])
        batches: list[list[str]] = []
        current: list[str] = []
        for text in ordered:
            width = max(lengths[text], max((lengths[t] for t in current), default=0))
            if current and (width * (len(current) + 1) > BATCH_TOKENS or len(current) >= MAX_BATCH):
                batches.append(current)
                current = []
            current.append(text)
        if current:
            batches.append(current)
        return batches

    def _run_model(
        self, translator: Translator, lang: str, texts: list[str], model_key: str
    ) -> dict[str, tuple[str, str]]:
        """Translate `texts`; each model batch is committed to the cache as soon as it is done,
        so a run killed midway keeps every finished batch."""
        translator.load()
        done: dict[str, tuple[str, str]] = {}
        lengths = dict(zip(texts, translator.count_tokens(texts), strict=True))
        for batch in self._batches(translator, texts):
            # Output room grows with the input: a looping model stops early, none is cut short.
            room = min(self.decoding.max_new_tokens, 2 * max(lengths[t] for t in batch) + 16)
            decoding = replace(self.decoding, max_new_tokens=room)
            outputs = translator.translate_batch(batch, decoding)
            self.stats.model_calls += 1
            failed = []
            for src, out in zip(batch, outputs, strict=True):
                problem = self.check(src, out, lang)
                if problem:
                    failed.append((src, problem))
                else:
                    done[src] = (out, "ok")
                    self.stats.translated += 1
            if failed:
                self.stats.retried += len(failed)
                retry = translator.translate_batch([s for s, _ in failed], decoding.safe())
                self.stats.model_calls += 1
                for (src, _), out in zip(failed, retry, strict=True):
                    problem = self.check(src, out, lang)
                    if problem:
                        done[src] = (src, f"untranslated-{problem}")
                        self.stats.untranslated[f"untranslated-{problem}"] += 1
                    else:
                        done[src] = (out, "ok")
                        self.stats.translated += 1
            if self.cache is not None:
                self.cache.put_many(model_key, lang, [(t, *done[t]) for t in batch])
            self._sentences_done += len(batch)
            if self.progress:
                self.progress("translate", self._sentences_done, None)
        return done

    def check(self, src: str, out: str, lang: str) -> str | None:
        """Why an output cannot be trusted (loop, length, still-source), or None."""
        if not out.strip():
            return "empty"
        if is_loop(out) and not is_loop(src):
            return "loop"
        if len(src) >= 20:
            ratio = len(out) / len(src)
            if not MIN_RATIO <= ratio <= MAX_RATIO:
                return "length-ratio"
        if len(src.split()) >= 3 and out.casefold() == src.casefold():
            return "unchanged"
        if self.detector is not None and len(out) >= 20:
            scores = self.detector.scores_batch([out])[0]
            if scores and max(scores, key=scores.__getitem__) == lang and scores[lang] >= 0.9:
                return "still-source-language"
        return None
