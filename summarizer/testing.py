"""Random-weight MarianMT models for tests and benchmarks (never used by a normal run).

No weights can be downloaded where this project is built and tested, so the tests build tiny
models (few layers, sentencepiece vocabulary trained on the seeds) and the benchmarks build the
exact opus-mt architectures with random weights: same compute, nonsense output. Both are saved
with `save_pretrained` and loaded back through the same code path users hit.
"""

from __future__ import annotations

import io
import json
import re
import string
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class MarianShape:
    d_model: int
    layers: int
    heads: int
    ffn: int
    vocab: int | None = None  # None: the trained sentencepiece vocabulary, unpadded


TINY = MarianShape(d_model=32, layers=2, heads=2, ffn=64)
# Helsinki-NLP/opus-mt-fr-en: transformer-base, shared embeddings, 59,514 tokens.
OPUS_MT_FR_EN = MarianShape(d_model=512, layers=6, heads=8, ffn=2048, vocab=59_514)
# Helsinki-NLP/opus-mt-tc-big-fr-en: transformer-big, 53,017 tokens.
OPUS_MT_TC_BIG_FR_EN = MarianShape(d_model=1024, layers=6, heads=16, ffn=4096, vocab=53_017)


def train_sentencepiece(texts: Iterable[str], vocab_size: int = 600) -> bytes:
    """A unigram sentencepiece model over `texts` with Marian's ids (</s>=0, <unk>=1)."""
    import sentencepiece as spm

    buffer = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter([t for t in texts if t.strip()]),
        model_writer=buffer,
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        eos_id=0,
        unk_id=1,
        bos_id=-1,
        pad_id=-1,
        hard_vocab_limit=False,
        minloglevel=2,
    )
    return buffer.getvalue()


def build_marian(out: Path, texts: Iterable[str], shape: MarianShape = TINY, *, seed: int = 0,
                 spm_vocab: int = 600) -> Path:  # fmt: skip
    """Save a random-weight MarianMTModel with its tokenizer files into `out`; return `out`."""
    import sentencepiece as spm
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    out.mkdir(parents=True, exist_ok=True)
    proto = train_sentencepiece(texts, spm_vocab)
    for name in ("source.spm", "target.spm"):
        (out / name).write_bytes(proto)
    processor = spm.SentencePieceProcessor(model_proto=proto)
    pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    total = shape.vocab or len(pieces) + 1
    filler = [f"▁x{i}" for i in range(max(0, total - 1 - len(pieces)))]
    vocab = {piece: i for i, piece in enumerate([*pieces, *filler])}
    vocab["<pad>"] = len(vocab)
    (out / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    size = len(vocab)
    config = MarianConfig(
        vocab_size=size, d_model=shape.d_model,
        encoder_layers=shape.layers, decoder_layers=shape.layers,
        encoder_attention_heads=shape.heads, decoder_attention_heads=shape.heads,
        encoder_ffn_dim=shape.ffn, decoder_ffn_dim=shape.ffn,
        max_position_embeddings=512, pad_token_id=size - 1, eos_token_id=0,
        decoder_start_token_id=size - 1, forced_eos_token_id=0,
        share_encoder_decoder_embeddings=True, scale_embedding=True,
        activation_function="swish",
    )  # fmt: skip
    torch.manual_seed(seed)
    model = MarianMTModel(config).eval()
    model.save_pretrained(out)
    tokenizer = MarianTokenizer(
        source_spm=str(out / "source.spm"), target_spm=str(out / "target.spm"),
        vocab=str(out / "vocab.json"), source_lang="xx", target_lang="en",
    )  # fmt: skip
    tokenizer.save_pretrained(out)
    return out


CHAT_TEMPLATE = (
    "{% for m in messages %}<|{{ m['role'] }}|>\n{{ m['content'] }}\n{% endfor %}"
    "{% if add_generation_prompt %}<|assistant|>\n{% endif %}"
)


def build_tokenizer(out: Path, texts: Iterable[str], vocab_size: int = 800) -> Any:
    """A byte-level BPE tokenizer trained on `texts`, saved as a transformers fast tokenizer."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    specials = ["<pad>", "<s>", "</s>", "<unk>", "<|system|>", "<|user|>", "<|assistant|>"]
    tok = Tokenizer(models.BPE(unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=specials,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())  # fmt: skip
    tok.train_from_iterator([t for t in texts if t.strip()], trainer)
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, bos_token="<s>", eos_token="</s>",
                                   unk_token="<unk>", pad_token="<pad>")  # fmt: skip
    fast.chat_template = CHAT_TEMPLATE
    fast.save_pretrained(out)
    return fast


def build_seq2seq(out: Path, texts: Iterable[str], *, seed: int = 0) -> Path:
    """A tiny random BART (the distilbart-cnn architecture, scaled down) with its tokenizer."""
    import torch
    from transformers import BartConfig, BartForConditionalGeneration

    tokenizer = build_tokenizer(out, texts)
    config = BartConfig(
        vocab_size=len(tokenizer), d_model=32, encoder_layers=2, decoder_layers=2,
        encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=64, decoder_ffn_dim=64,
        max_position_embeddings=256, pad_token_id=tokenizer.pad_token_id,
        bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id,
        decoder_start_token_id=tokenizer.eos_token_id, forced_eos_token_id=tokenizer.eos_token_id,
    )  # fmt: skip
    torch.manual_seed(seed)
    BartForConditionalGeneration(config).eval().save_pretrained(out)
    return out


def build_causal_lm(out: Path, texts: Iterable[str], *, seed: int = 0, context: int = 512) -> Path:
    """A tiny random Llama-architecture chat model with a chat template."""
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    tokenizer = build_tokenizer(out, texts)
    config = LlamaConfig(
        vocab_size=len(tokenizer), hidden_size=32, intermediate_size=64, num_hidden_layers=2,
        num_attention_heads=2, num_key_value_heads=2, max_position_embeddings=context,
        pad_token_id=tokenizer.pad_token_id, bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
    )  # fmt: skip
    torch.manual_seed(seed)
    LlamaForCausalLM(config).eval().save_pretrained(out)
    return out


_SENTENCE_END = re.compile(r"([.!?])(\s+|$)")


def tag_word(k: int) -> str:
    """A three-letter word of its own for copy `k` (aaa, baa, …)."""
    letters = string.ascii_lowercase
    return "".join(letters[(k // 26**i) % 26] for i in range(3))


def mark_sentences(line: str, word: str) -> str:
    """`word` before every sentence end of `line` (and at its end when there is none)."""
    marked = _SENTENCE_END.sub(rf" {word}\1\2", line)
    return marked if marked != line else f"{line} {word}"


def tagged_copies(pages: Iterable[Path], folder: Path, copies: int) -> int:
    """Write `copies` copies of `pages` into `folder`, every sentence of each copy's longer lines
    tagged with the copy's own word: distinct text to translate, like a real corpus, while the
    short lines (timestamps, share buttons) stay as they are. Returns the number of pages."""
    sources = [(p.name, p.read_text(encoding="utf-8").splitlines()) for p in sorted(pages)]
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    for k in range(copies):
        word = tag_word(k)
        for name, lines in sources:
            tagged = [mark_sentences(line, word) if len(line.split()) >= 8 else line for line in lines]
            (folder / f"{k:03d}-{name}").write_text("\n".join(tagged) + "\n", encoding="utf-8")
            written += 1
    return written
