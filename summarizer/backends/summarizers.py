"""Abstractive summarizers behind the `Summarizer` Protocol: seq2seq and instruction-tuned LLMs.

Both load offline (local path, `cache/models/`, or the Hugging Face cache), chunk long articles to
the model's context, merge partial summaries, and validate what the model wrote; an output that
fails validation is replaced by the extractive summary, and the reason is counted.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from summarizer.errors import MissingDependencyError, ModelNotFoundError
from summarizer.prompts import Prompt, load_prompt
from summarizer.settings import Settings
from summarizer.summarize import ExtractiveSummarizer, terms
from summarizer.translate import is_loop

log = logging.getLogger(__name__)

_URL = re.compile(r"https?://\S+|www\.\S+")
# At least this share of a summary's content terms must occur in the article: an output that
# invents its vocabulary (or obeys instructions hidden in the article) is not a summary of it.
GROUNDING = 0.5


def split_sentences_en(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s.strip()]


def validate(output: str, source: str, *, max_sentences: int) -> tuple[list[str], str | None]:
    """The sentences of a model's output, or the reason it cannot be used."""
    text = _URL.sub("", output).strip()
    if not text:
        return [], "empty"
    if is_loop(text):
        return [], "loop"
    sentences = list(dict.fromkeys(split_sentences_en(text)))[: max(1, max_sentences)]
    made = Counter(terms(" ".join(sentences)))
    known = set(terms(source))
    if made and sum(c for t, c in made.items() if t in known) / sum(made.values()) < GROUNDING:
        return [], "ungrounded"
    return sentences, None


class _ModelSummarizer:
    """Shared loading, chunking, merging and validation."""

    name = "abstractive"
    auto_class = "AutoModelForSeq2SeqLM"

    def __init__(self, path: Path, *, sentences: int = 3, max_new_tokens: int = 160,
                 device: str = "cpu", prompts_dir: Path | None = None) -> None:  # fmt: skip
        self.path = path
        self.sentences = sentences
        self.max_new_tokens = max_new_tokens
        self.device = device
        self.prompts_dir = prompts_dir
        self.fallback = ExtractiveSummarizer(sentences=sentences)
        self.stats: Counter[str] = Counter()
        self.calls = 0
        self._model: Any = None
        self._tokenizer: Any = None

    def load(self) -> None:
        if self._model is not None:
            return
        try:
            import transformers
            from transformers.utils import logging as hf_logging
        except ImportError as exc:  # pragma: no cover - a core dependency
            raise MissingDependencyError("transformers", purpose=f"the {self.name} summarizer") from exc
        if not (self.path / "config.json").is_file():
            raise ModelNotFoundError(f"summarizer model not found at {self.path}")
        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
        self._tokenizer = transformers.AutoTokenizer.from_pretrained(str(self.path), local_files_only=True)
        model_class = getattr(transformers, self.auto_class)
        self._model = (
            model_class.from_pretrained(str(self.path), local_files_only=True).to(self.device).eval()
        )

    @property
    def context(self) -> int:
        self.load()
        return int(getattr(self._model.config, "max_position_embeddings", 1024))

    def n_tokens(self, text: str) -> int:
        return len(self._tokenizer(text, add_special_tokens=True)["input_ids"])

    def chunks(self, sentences: Sequence[str], budget: int) -> list[str]:
        """Consecutive sentences packed into pieces of at most `budget` tokens."""
        out: list[str] = []
        current: list[str] = []
        for sentence in sentences:
            candidate = " ".join([*current, sentence])
            if current and self.n_tokens(candidate) > budget:
                out.append(" ".join(current))
                current = [sentence]
            else:
                current.append(sentence)
        if current:
            out.append(" ".join(current))
        return out

    def summarize(self, sentences: Sequence[str], *, title: str | None = None,
                  sources: Sequence[str] | None = None, source_title: str | None = None) -> list[str]:  # fmt: skip
        if not sentences:
            return []
        self.load()
        source = " ".join(sentences)
        parts = [
            self.generate_one(chunk, title or "") for chunk in self.chunks(sentences, self.input_budget())
        ]
        merged = parts[0] if len(parts) == 1 else self.merge(parts, title or "")
        result, problem = validate(merged, source, max_sentences=self.sentences)
        if problem:
            self.stats[f"fallback-{problem}"] += 1
            return self.fallback.summarize(sentences, title=title, sources=sources, source_title=source_title)
        self.stats["abstractive"] += 1
        return result

    def input_budget(self) -> int:
        return self.context - 8

    def generate_one(self, text: str, title: str) -> str:
        raise NotImplementedError

    def merge(self, parts: list[str], title: str) -> str:
        joined = " ".join(parts)
        if self.n_tokens(joined) <= self.input_budget():
            return self.generate_one(joined, title)
        return joined


class Seq2SeqSummarizer(_ModelSummarizer):
    """A transformers summarisation model (e.g. sshleifer/distilbart-cnn-12-6)."""

    name = "seq2seq"
    auto_class = "AutoModelForSeq2SeqLM"

    def generate_one(self, text: str, title: str) -> str:
        import torch

        self.calls += 1
        batch = self._tokenizer([text], return_tensors="pt", truncation=True,
                                max_length=self.input_budget()).to(self.device)  # fmt: skip
        with torch.inference_mode():
            out = self._model.generate(**batch, max_new_tokens=self.max_new_tokens, num_beams=2,
                                       no_repeat_ngram_size=3, do_sample=False)  # fmt: skip
        return str(self._tokenizer.decode(out[0], skip_special_tokens=True)).strip()


class LLMSummarizer(_ModelSummarizer):
    """An instruction-tuned causal LM through its chat template (e.g. Qwen/Qwen2.5-1.5B-Instruct)."""

    name = "llm"
    auto_class = "AutoModelForCausalLM"

    def __init__(self, path: Path, **kwargs: Any) -> None:
        super().__init__(path, **kwargs)
        self.article_prompt: Prompt = load_prompt("article", self.prompts_dir)
        self.merge_prompt: Prompt = load_prompt("corpus", self.prompts_dir)

    def messages(self, prompt: Prompt, text: str, title: str) -> list[dict[str, str]]:
        user = prompt.render(text=text, title=title, sentences=self.sentences)
        return [{"role": "system", "content": prompt.system}, {"role": "user", "content": user}]

    def input_budget(self) -> int:
        overhead = self.n_tokens(self._chat(self.messages(self.article_prompt, "", "x" * 40)))
        return max(64, self.context - self.max_new_tokens - overhead)

    def _chat(self, messages: list[dict[str, str]]) -> str:
        return str(self._tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True))

    def _generate(self, prompt_text: str) -> str:
        import torch

        self.calls += 1
        batch = self._tokenizer([prompt_text], return_tensors="pt", add_special_tokens=False).to(self.device)
        with torch.inference_mode():
            out = self._model.generate(**batch, max_new_tokens=self.max_new_tokens, do_sample=False,
                                       repetition_penalty=1.1)  # fmt: skip
        new = out[0][batch["input_ids"].shape[1] :]
        return str(self._tokenizer.decode(new, skip_special_tokens=True)).strip()

    def generate_one(self, text: str, title: str) -> str:
        return self._generate(self._chat(self.messages(self.article_prompt, text, title)))

    def merge(self, parts: list[str], title: str) -> str:
        joined = "\n".join(f"- {p}" for p in parts)
        return self._generate(self._chat(self.messages(self.merge_prompt, joined, title)))


def make_summarizer(settings: Settings) -> Any:
    """The summarizer the settings name; model-backed ones resolve their model offline."""
    if settings.summarizer == "extractive":
        return ExtractiveSummarizer(sentences=settings.summary_sentences, words=settings.summary_words)
    from summarizer.hub import cache_name, models_dir

    candidate = Path(settings.summarizer_model).expanduser()
    if not candidate.is_dir():
        candidate = models_dir(settings) / cache_name(settings.summarizer_model)
    if not (candidate / "config.json").is_file():
        raise ModelNotFoundError(
            f"summarizer model {settings.summarizer_model!r} not found locally: copy it to "
            f"{models_dir(settings) / cache_name(settings.summarizer_model)} or pass a folder path"
        )
    cls = Seq2SeqSummarizer if settings.summarizer == "seq2seq" else LLMSummarizer
    return cls(candidate, sentences=settings.summary_sentences, device=settings.device)
