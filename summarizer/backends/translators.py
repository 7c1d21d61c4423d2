"""Translators behind the `Translator` Protocol: MarianMT through transformers, and CTranslate2.

Heavy imports (torch, transformers, ctranslate2) happen in `load()`, so `summarizer --help`
stays fast and a missing optional package is one clear error.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from summarizer.backends.threads import model_threads
from summarizer.errors import MissingDependencyError, SummarizerError

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Decoding:
    """How to decode. `safe()` is the retry setting for outputs that failed a guard."""

    beam: int = 1
    repetition_penalty: float = 1.0
    no_repeat_ngram: int = 0
    max_new_tokens: int = 256

    def safe(self) -> Decoding:
        return Decoding(beam=4, repetition_penalty=1.3, no_repeat_ngram=3,
                        max_new_tokens=self.max_new_tokens)  # fmt: skip


class Translator(Protocol):
    """Translates batches of sentences of one language pair."""

    name: str
    model_id: str
    src: str
    tgt: str
    calls: int

    def load(self) -> None: ...

    def fingerprint(self) -> str:
        """Identity of the weights (a hash): cache entries of other weights never match."""
        ...

    def count_tokens(self, texts: Sequence[str]) -> list[int]: ...

    @property
    def max_input_tokens(self) -> int: ...

    def translate_batch(self, texts: Sequence[str], decoding: Decoding) -> list[str]: ...


def weights_fingerprint(path: Path) -> str:
    """SHA-256 over the model's weight and vocabulary files (names, sizes and contents)."""
    digest = hashlib.sha256()
    names = sorted(p for p in path.iterdir() if p.is_file() and p.suffix in
                   {".safetensors", ".bin", ".spm", ".json", ".model"})  # fmt: skip
    for file in names:
        digest.update(file.name.encode())
        digest.update(str(file.stat().st_size).encode())
        with file.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    return digest.hexdigest()[:16]


class MarianTranslator:
    """opus-mt (MarianMT) through transformers and PyTorch, on CPU or CUDA."""

    name = "transformers"

    def __init__(self, path: Path, *, model_id: str, src: str, tgt: str = "en", device: str = "cpu") -> None:
        self.path = path
        self.model_id = model_id
        self.src, self.tgt = src, tgt
        self.device = device
        self.calls = 0
        self._model: Any = None
        self._tokenizer: Any = None
        self._fingerprint: str | None = None

    def load(self) -> None:
        if self._model is not None:
            return
        try:
            import torch
            from transformers import MarianMTModel, MarianTokenizer
        except ImportError as exc:
            raise MissingDependencyError("torch", purpose="the transformers backend") from exc
        if self.device == "cuda" and not torch.cuda.is_available():
            raise SummarizerError("--device cuda: no CUDA device is available")
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
        torch.set_num_threads(model_threads())
        self._tokenizer = MarianTokenizer.from_pretrained(str(self.path), local_files_only=True)
        model = MarianMTModel.from_pretrained(str(self.path), local_files_only=True)
        self._model = model.to(torch.device(self.device)).eval()  # type: ignore[arg-type]

    def fingerprint(self) -> str:
        if self._fingerprint is None:
            self._fingerprint = weights_fingerprint(self.path)
        return self._fingerprint

    @property
    def max_input_tokens(self) -> int:
        self.load()
        return int(getattr(self._model.config, "max_position_embeddings", 512)) - 2

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        self.load()
        return [len(ids) for ids in self._tokenizer(list(texts), add_special_tokens=True)["input_ids"]]

    def translate_batch(self, texts: Sequence[str], decoding: Decoding) -> list[str]:
        import torch

        self.load()
        self.calls += 1
        if self.device == "cpu":  # another run may have started or ended: take this run's share now
            threads = model_threads()
            if torch.get_num_threads() != threads:
                torch.set_num_threads(threads)
        batch = self._tokenizer(list(texts), return_tensors="pt", padding=True).to(self.device)
        kwargs: dict[str, Any] = {"num_beams": decoding.beam, "max_new_tokens": decoding.max_new_tokens,
                                  "do_sample": False}  # fmt: skip
        if decoding.repetition_penalty != 1.0:
            kwargs["repetition_penalty"] = decoding.repetition_penalty
        if decoding.no_repeat_ngram:
            kwargs["no_repeat_ngram_size"] = decoding.no_repeat_ngram
        with torch.inference_mode():
            generated = self._model.generate(**batch, **kwargs)
        return [t.strip() for t in self._tokenizer.batch_decode(generated, skip_special_tokens=True)]


class CTranslate2Translator:
    """The fast path: a CTranslate2 conversion of the same model (int8 on CPU)."""

    name = "ctranslate2"

    def __init__(self, ct2_path: Path, tokenizer_path: Path, *, model_id: str, src: str,
                 tgt: str = "en", device: str = "cpu", compute_type: str | None = None) -> None:  # fmt: skip
        self.path = ct2_path
        self.tokenizer_path = tokenizer_path
        self.model_id = model_id
        self.src, self.tgt = src, tgt
        self.device = device
        self.compute_type = compute_type or ("int8_float16" if device == "cuda" else "int8")
        self.calls = 0
        self._translator: Any = None
        self._tokenizer: Any = None
        self._fingerprint: str | None = None

    def load(self) -> None:
        if self._translator is not None:
            return
        try:
            import ctranslate2
            from transformers import MarianTokenizer
            from transformers.utils import logging as hf_logging
        except ImportError as exc:
            raise MissingDependencyError("ctranslate2", purpose="the ctranslate2 backend") from exc
        hf_logging.set_verbosity_error()
        self._tokenizer = MarianTokenizer.from_pretrained(str(self.tokenizer_path), local_files_only=True)
        self._translator = ctranslate2.Translator(
            str(self.path), device=self.device, compute_type=self.compute_type,
            inter_threads=1, intra_threads=model_threads(),
        )  # fmt: skip

    def fingerprint(self) -> str:
        if self._fingerprint is None:
            self._fingerprint = weights_fingerprint(self.path)
        return self._fingerprint

    @property
    def max_input_tokens(self) -> int:
        return 510

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        self.load()
        return [len(ids) for ids in self._tokenizer(list(texts), add_special_tokens=True)["input_ids"]]

    def translate_batch(self, texts: Sequence[str], decoding: Decoding) -> list[str]:
        self.load()
        self.calls += 1
        tokens = [self._tokenizer.convert_ids_to_tokens(self._tokenizer.encode(t)) for t in texts]
        results = self._translator.translate_batch(
            tokens, beam_size=decoding.beam, max_decoding_length=decoding.max_new_tokens,
            repetition_penalty=decoding.repetition_penalty,
            no_repeat_ngram_size=decoding.no_repeat_ngram,
        )  # fmt: skip
        out = []
        for result in results:
            ids = self._tokenizer.convert_tokens_to_ids(result.hypotheses[0])
            out.append(self._tokenizer.decode(ids, skip_special_tokens=True).strip())
        return out


def convert_to_ctranslate2(model_path: Path, output: Path, quantization: str = "int8") -> Path:
    """Convert a transformers Marian model to CTranslate2 (int8 by default)."""
    try:
        from ctranslate2.converters import TransformersConverter
    except ImportError as exc:
        raise MissingDependencyError("ctranslate2", purpose="models convert") from exc
    converter = TransformersConverter(str(model_path), load_as_float16=False)
    converter.convert(str(output), quantization=quantization, force=True)
    return output
