"""Throughput of the local and Ray engines on one machine, and the per-page translation work.

The corpus is the seeds copied N times, every sentence of each copy tagged with its own word
(`summarizer.testing.tagged_copies`), so every page has its own text. Both engines run the same
stages with the same settings: cleaning only (`--no-translate`), then with tiny random-weight
Marian models. The Ray engine runs on a local cluster of this machine's CPUs. The script also
prints what a page costs the translator (sentences and source tokens per page), the figure
docs/scaling.md multiplies by the measured tokens/s of benchmarks/translate.py.

Usage: python benchmarks/scaling.py [--copies 100] [--cpus 2]
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--copies", type=int, default=100)
    parser.add_argument("--cpus", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()

    import ray

    from summarizer.distributed import run_digest_ray
    from summarizer.pipeline import run_digest
    from summarizer.settings import load_settings
    from summarizer.testing import build_marian, tagged_copies
    from summarizer.translate import TranslationStage

    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        corpus = base / "corpus"
        pages = tagged_copies((ROOT / "seeds").glob("*.txt"), corpus, args.copies)
        texts = [
            ln for f in sorted((ROOT / "seeds").glob("*.txt")) for ln in f.read_text("utf-8").splitlines()
        ]
        models = {
            "fr": str(build_marian(base / "fr", texts, seed=1)),
            "de": str(build_marian(base / "de", texts, seed=2)),
        }
        ray.init(num_cpus=args.cpus, include_dashboard=False, log_to_driver=False)
        rows = []
        for label, translate in (("clean + summarise (--no-translate)", False), ("with tiny models", True)):
            times = {}
            outputs = {}
            for engine in ("local", "ray"):
                settings = load_settings(overrides={
                    "cache_dir": base / f"cache-{engine}-{translate}", "translate": translate,
                    "models": models, "incremental": False, "engine": engine,
                })  # fmt: skip
                out = base / f"out-{engine}-{translate}"
                start = time.perf_counter()
                if engine == "local":
                    stage = TranslationStage.from_settings(settings) if translate else None
                    digest = run_digest(corpus, out, settings, translation=stage)
                else:
                    digest = run_digest_ray(corpus, out, settings)
                times[engine] = time.perf_counter() - start
                outputs[engine] = json.loads((out / "digest.json").read_text(encoding="utf-8"))
                if translate and engine == "local":
                    t = digest.stats["translation"] or {}
                    per_page = t.get("sentences", 0) / pages
            same = all(outputs["local"][k] == outputs["ray"][k] for k in ("articles", "stories", "errors"))
            rows.append((label, times["local"], times["ray"], same))
        ray.shutdown()
    print(
        f"{pages} pages ({args.copies} tagged copies of the seeds), Ray local cluster of {args.cpus} CPUs\n"
    )
    print("| run | local pages/s | ray pages/s | ray / local | same digest |")
    print("|---|---|---|---|---|")
    for label, local, distributed, same in rows:
        print(
            f"| {label} | {pages / local:.1f} | {pages / distributed:.1f} | {local / distributed:.2f} | {same} |"
        )
    print(f"\nsentences sent to translation per page (kept, non-English): {per_page:.1f}")


if __name__ == "__main__":
    main()
