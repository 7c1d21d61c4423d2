"""Cleaning throughput and peak memory on a synthetic corpus of mutated seed pages.

Each size runs in its own process, so peak RSS is that run's: pages stream through both passes
(template counting, then segment/detect/clean), so memory must not grow with the page count.

Usage: python benchmarks/clean.py [--sizes 1000 10000]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
SIDEBAR = [
    "Aujourd'hui · {h:02d}:{m:02d}",
    "{d} novembre 2024 · {h:02d}:{m:02d}",
    "Partager cet article",
    "À lire aussi : {headline}",
    "Publié le {d}/11/2024 à {h:02d}h{m:02d}",
]
HEADLINES = [
    "Le budget de la défense en hausse de {n} %",
    "Les agriculteurs manifestent à {city}",
    "Un séisme de magnitude {n} frappe le sud du pays",
    "Nouvelles sanctions contre Moscou : ce qu'il faut savoir",
]
CITIES = ["Lyon", "Lille", "Rennes", "Nantes", "Metz", "Dijon"]


def mutate(text: str, rng: random.Random) -> str:
    """A new page from a seed: new figures, shuffled paragraphs, a random sidebar."""
    lines = text.splitlines()
    head, body = lines[:1], lines[1:]
    rng.shuffle(body)
    body = [re.sub(r"\d+", lambda m: str(rng.randint(2, 99) * (10 ** (len(m.group()) - 1))), line)
            for line in body if rng.random() > 0.15]  # fmt: skip
    fill = {"h": rng.randint(0, 23), "m": rng.randint(0, 59), "d": rng.randint(1, 28),
            "n": rng.randint(2, 9), "city": rng.choice(CITIES)}  # fmt: skip
    sidebar = []
    for _ in range(rng.randint(1, 4)):
        sidebar.append(rng.choice(SIDEBAR).format(headline=rng.choice(HEADLINES).format(**fill), **fill))
        sidebar.append(rng.choice(HEADLINES).format(**fill))
    return "\n".join(head + body + sidebar) + "\n"


def make_corpus(root: Path, pages: int, seed: int = 0) -> None:
    rng = random.Random(seed)
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for i in range(pages):
        folder = root / f"{i // 1000:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"page{i:06d}.txt").write_text(mutate(seeds[i % len(seeds)], rng), encoding="utf-8")


def run_one(pages: int) -> dict[str, float]:
    from summarizer.models import Document
    from summarizer.pipeline import CleaningPipeline
    from summarizer.settings import load_settings

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "corpus"
        make_corpus(root, pages)
        settings = load_settings(overrides={"cache_dir": Path(tmp) / "cache"})
        pipeline = CleaningPipeline(settings)
        pipeline.detector.scores_batch(["warm up"])
        start = time.perf_counter()
        lines = removed = 0
        for doc in pipeline.documents(root):
            if isinstance(doc, Document):
                lines += sum(1 for b in doc.blocks if not b.is_blank)
                removed += sum(1 for b in doc.blocks if not b.keep)
        elapsed = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"pages": pages, "seconds": round(elapsed, 2), "pages_per_s": round(pages / elapsed, 1),
            "peak_rss_mb": round(peak_mb, 1), "lines": lines, "removed": removed}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one)))
        return
    results = []
    for size in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(size)], check=True,
                             capture_output=True, text=True).stdout  # fmt: skip
        results.append(json.loads(out.strip().splitlines()[-1]))
    print("| pages | seconds | pages/s | peak RSS (MB) | lines | removed |")
    print("|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['pages']:,} | {r['seconds']} | {r['pages_per_s']} | {r['peak_rss_mb']} | "
              f"{r['lines']:,} | {r['removed']:,} |")  # fmt: skip
    if len(results) > 1:
        print(f"\npeak RSS ratio {results[-1]['pages']:,} / {results[0]['pages']:,} pages: "
              f"{results[-1]['peak_rss_mb'] / results[0]['peak_rss_mb']:.3f}")  # fmt: skip


if __name__ == "__main__":
    main()
