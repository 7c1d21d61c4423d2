"""Translation speed: transformers fp32 against CTranslate2 int8, on the real opus-mt shapes.

Random weights with the exact architecture (same compute as the real weights), a fixed output
length so every configuration does identical work, 2 threads. Then the pipeline's translate stage
end to end on a corpus, against the time spent inside the backend (the plumbing's share).

Usage: python benchmarks/translate.py [--shapes fr-en tc-big] [--threads 2] [--device cpu]
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
INPUTS, IN_TOKENS, OUT_TOKENS = 32, 25, 30


def seed_lines() -> list[str]:
    return [line for f in sorted((ROOT / "seeds").glob("*.txt"))
            for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]  # fmt: skip


def build(shape_name: str, folder: Path) -> tuple[Path, Path]:
    from summarizer.backends.translators import convert_to_ctranslate2
    from summarizer.testing import OPUS_MT_FR_EN, OPUS_MT_TC_BIG_FR_EN, build_marian

    shape = {"fr-en": OPUS_MT_FR_EN, "tc-big": OPUS_MT_TC_BIG_FR_EN}[shape_name]
    model = build_marian(folder / shape_name, seed_lines(), shape)
    ct2 = convert_to_ctranslate2(model, folder / f"{shape_name}-ct2-int8")
    return model, ct2


def token_inputs(tokenizer: Any) -> list[list[int]]:
    """32 inputs of exactly 25 token ids (the last is </s>)."""
    ids: list[int] = []
    for line in seed_lines():
        ids += tokenizer(line, add_special_tokens=False)["input_ids"]
    return [[*ids[i * 24 : (i + 1) * 24], tokenizer.eos_token_id] for i in range(INPUTS)]


def bench_transformers(model_dir: Path, threads: int, device: str) -> dict[tuple[int, int], float]:
    import torch
    from transformers import MarianMTModel, MarianTokenizer

    torch.set_num_threads(threads)
    tokenizer = MarianTokenizer.from_pretrained(str(model_dir))
    model = MarianMTModel.from_pretrained(str(model_dir)).to(device).eval()
    inputs = token_inputs(tokenizer)
    with torch.inference_mode():  # warm-up: first-call allocations are not part of any figure
        model.generate(input_ids=torch.tensor(inputs[:8], device=device), max_new_tokens=OUT_TOKENS)
    out = {}
    for beam in (1, 4):
        for batch in (1, 8, 32):
            start = time.perf_counter()
            for k in range(0, INPUTS, batch):
                ids = torch.tensor(inputs[k : k + batch], device=device)
                with torch.inference_mode():
                    model.generate(input_ids=ids, attention_mask=torch.ones_like(ids), num_beams=beam,
                                   min_new_tokens=OUT_TOKENS, max_new_tokens=OUT_TOKENS, do_sample=False)  # fmt: skip
            out[(beam, batch)] = INPUTS * OUT_TOKENS / (time.perf_counter() - start)
    return out


def bench_ctranslate2(
    ct2_dir: Path, model_dir: Path, threads: int, device: str
) -> dict[tuple[int, int], float]:
    import ctranslate2
    from transformers import MarianTokenizer

    tokenizer = MarianTokenizer.from_pretrained(str(model_dir))
    compute = "int8_float16" if device == "cuda" else "int8"
    translator = ctranslate2.Translator(
        str(ct2_dir), device=device, compute_type=compute, intra_threads=threads
    )
    inputs = [tokenizer.convert_ids_to_tokens(ids) for ids in token_inputs(tokenizer)]
    translator.translate_batch(inputs[:8], max_decoding_length=OUT_TOKENS)  # warm-up
    out = {}
    for beam in (1, 4):
        for batch in (1, 8, 32):
            start = time.perf_counter()
            for k in range(0, INPUTS, batch):
                translator.translate_batch(inputs[k : k + batch], beam_size=beam, max_batch_size=batch,
                                           min_decoding_length=OUT_TOKENS, max_decoding_length=OUT_TOKENS)  # fmt: skip
            out[(beam, batch)] = INPUTS * OUT_TOKENS / (time.perf_counter() - start)
    return out


def bench_stage(ct2_dir: Path, model_dir: Path, pages: int, device: str) -> dict[str, float]:
    """The translate stage on real cleaned pages: how much of its time is the backend's."""
    from summarizer.backends.cache import TranslationCache
    from summarizer.backends.translators import CTranslate2Translator, Decoding
    from summarizer.models import Document
    from summarizer.pipeline import CleaningPipeline
    from summarizer.settings import load_settings
    from summarizer.translate import TranslationStage

    class Timed(CTranslate2Translator):
        inside = 0.0
        tokens = 0

        def translate_batch(self, texts, decoding):  # type: ignore[no-untyped-def]
            start = time.perf_counter()
            outputs = super().translate_batch(texts, decoding)
            Timed.inside += time.perf_counter() - start
            Timed.tokens += sum(len(o.split()) for o in outputs)
            return outputs

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        seeds = sorted((ROOT / "seeds").glob("*.txt"))
        for i in range(pages):  # distinct sentences per page, so the cache cannot help
            text = seeds[i % len(seeds)].read_text(encoding="utf-8")
            (corpus / f"p{i}.txt").write_text(text.replace(".", f" (n° {i}).", 3), encoding="utf-8")
        settings = load_settings(overrides={"cache_dir": Path(tmp) / "cache", "template_min_pages": 10**6})
        docs = [d for d in CleaningPipeline(settings).documents(corpus) if isinstance(d, Document)]
        fr = Timed(ct2_dir, model_dir, model_id="bench", src="fr", device=device)
        fr.load()
        stage = TranslationStage({"fr": fr, "de": fr}, cache=TranslationCache(Path(tmp) / "t.sqlite3"),
                                 decoding=Decoding(max_new_tokens=OUT_TOKENS))  # fmt: skip
        start = time.perf_counter()
        stage.translate_documents(docs)
        total = time.perf_counter() - start
    return {"pages": pages, "sentences": stage.stats.sentences, "seconds": round(total, 2),
            "backend_seconds": round(Timed.inside, 2), "backend_share": round(Timed.inside / total, 3)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shapes", nargs="+", default=["fr-en", "tc-big"])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--stage-pages", type=int, default=20)
    args = parser.parse_args()
    os.environ.setdefault("SUMMARIZER_THREADS", str(args.threads))
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for shape in args.shapes:
            model, ct2 = build(shape, Path(tmp))
            hf = bench_transformers(model, args.threads, args.device)
            c2 = bench_ctranslate2(ct2, model, args.threads, args.device)
            print(f"\n### {shape} ({args.device}, {args.threads} threads): output tokens/s\n")
            print("| decoding | batch | transformers fp32 | CTranslate2 int8 | ratio |")
            print("|---|---|---|---|---|")
            for (beam, batch), speed in hf.items():
                name = "greedy" if beam == 1 else f"beam {beam}"
                ratio = c2[(beam, batch)] / speed
                print(f"| {name} | {batch} | {speed:,.0f} | {c2[(beam, batch)]:,.0f} | {ratio:.1f}× |")
            results[shape] = {"transformers": {str(k): v for k, v in hf.items()},
                              "ctranslate2": {str(k): v for k, v in c2.items()}}  # fmt: skip
            if shape == args.shapes[0]:
                stage = bench_stage(ct2, model, args.stage_pages, args.device)
                results["stage"] = stage
                print(f"\ntranslate stage end to end: {json.dumps(stage)}")
                print(f"backend share of the stage's time: {stage['backend_share']:.1%}")


if __name__ == "__main__":
    main()
