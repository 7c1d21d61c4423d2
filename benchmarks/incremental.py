"""Incremental runs: a cold digest against a warm re-run over the same folder (seeds x100).

The corpus is the five seeds copied 100 times (500 pages). In each copy every sentence of the
longer lines carries a tag word of its own (`… en Russie kqx.`), so every copy is distinct text
to translate, as in a real corpus; the short lines (timestamps, share buttons) stay as they are. Translation uses tiny random-weight
Marian models built here (`summarizer.testing.build_marian`), loaded through the same code path
as real models. The warm run reuses every page from the page cache and redoes only the corpus
step (stories, facts, figures) and the outputs.

Usage: python benchmarks/incremental.py [--copies 100] [--backend transformers]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(corpus: Path, out: Path, cache: Path, models: dict[str, Path], backend: str) -> tuple[float, dict]:
    from summarizer.pipeline import run_digest
    from summarizer.settings import load_settings
    from summarizer.translate import TranslationStage

    settings = load_settings(
        overrides={
            "cache_dir": cache,
            "models": {lang: str(path) for lang, path in models.items()},
            "backend": backend,
            # 100 copies of the same five sites: the untagged short lines would be site template
            # either way; keep the threshold above the copy count so every page keeps its text.
            "template_min_pages": 1000,
        }
    )
    start = time.perf_counter()
    translation = TranslationStage.from_settings(settings)
    digest = run_digest(corpus, out, settings, translation=translation)
    return time.perf_counter() - start, digest.stats


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--copies", type=int, default=100)
    parser.add_argument("--backend", default="transformers", choices=["transformers", "ctranslate2"])
    args = parser.parse_args()

    from summarizer.backends.translators import convert_to_ctranslate2
    from summarizer.testing import build_marian, tagged_copies

    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        texts = [
            line
            for f in sorted((ROOT / "seeds").glob("*.txt"))
            for line in f.read_text(encoding="utf-8").splitlines()
        ]
        models = {"fr": build_marian(base / "tiny-fr-en", texts, seed=1),
                  "de": build_marian(base / "tiny-de-en", texts, seed=2)}  # fmt: skip
        if args.backend == "ctranslate2":
            for path in models.values():
                convert_to_ctranslate2(path, path.parent / f"{path.name}-ct2-int8")
        corpus = base / "corpus"
        corpus.mkdir()
        pages = tagged_copies((ROOT / "seeds").glob("*.txt"), corpus, args.copies)
        cold, cold_stats = run(corpus, base / "out1", base / "cache", models, args.backend)
        warm, warm_stats = run(corpus, base / "out2", base / "cache", models, args.backend)
        same = json.loads((base / "out1" / "digest.json").read_text(encoding="utf-8"))
        again = json.loads((base / "out2" / "digest.json").read_text(encoding="utf-8"))
        identical = all(same[k] == again[k] for k in ("articles", "stories", "errors"))
    translation = cold_stats["translation"] or {}
    print(f"pages: {pages} ({args.copies} copies of the seeds), backend {args.backend}, tiny models")
    untranslated = sum(translation.get("untranslated", {}).values())
    print(f"cold run: {cold:.1f} s — {translation.get('translated', 0)} sentences translated and "
          f"{untranslated} kept in the source by the guards (random weights: mostly noise), "
          f"{translation.get('model_calls', 0)} model calls")  # fmt: skip
    print(f"  per stage: {cold_stats['seconds']}")
    print(f"warm run: {warm:.2f} s — {warm_stats['pages_from_cache']} pages from the page cache, "
          f"{(warm_stats['translation'] or {}).get('model_calls', 0)} model calls")  # fmt: skip
    print(f"  per stage: {warm_stats['seconds']}")
    print(f"warm / cold speed-up: {cold / warm:.1f}x (goal: at least 20x); same digest: {identical}")


if __name__ == "__main__":
    main()
