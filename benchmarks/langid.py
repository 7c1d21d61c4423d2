"""Accuracy and speed of the language detectors on ../shared/langid (fr/de/en, restricted).

Usage: python benchmarks/langid.py [--data ../shared/langid] [--limit N]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from summarizer.backends.langid import make_detector

LANGS = ("fr", "de", "en")
KINDS = ("sentences", "word-pairs", "single-words")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "langid"
    )
    parser.add_argument("--limit", type=int, default=None, help="items per language and kind")
    args = parser.parse_args()
    print("| kind | detector | accuracy | items/s |")
    print("|---|---|---|---|")
    for kind in KINDS:
        items = []
        for lang in LANGS:
            lines = (args.data / f"{kind}-{lang}.txt").read_text(encoding="utf-8").splitlines()
            items += [(t, lang) for t in lines[: args.limit] if t.strip()]
        for name in ("lingua", "lingua-low", "langdetect"):
            detector = make_detector(name, LANGS)
            detector.scores_batch([items[0][0]])  # load models outside the timing
            start = time.perf_counter()
            scores = detector.scores_batch([t for t, _ in items])
            elapsed = time.perf_counter() - start
            right = sum(
                bool(s) and max(s, key=s.__getitem__) == lang
                for s, (_, lang) in zip(scores, items, strict=True)
            )
            print(f"| {kind} | {name} | {right / len(items):.1%} | {len(items) / elapsed:,.0f} |")


if __name__ == "__main__":
    main()
