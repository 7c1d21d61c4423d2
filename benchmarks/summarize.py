"""How the corpus digest step (stories, facts, figures) grows with the number of articles.

Synthetic articles of several events: each event has its own vocabulary (names, places,
figures), articles mix sentences of their event. Usage: python benchmarks/summarize.py [--sizes 100 1000 10000]
"""

from __future__ import annotations

import argparse
import math
import random
import time

from summarizer.corpus import ArticleText, build_stories
from summarizer.summarize import ExtractiveSummarizer

WORDS = ["soldats", "armée", "région", "gouvernement", "ministre", "frontière", "accord", "sanctions", "crise", "élection", "vote", "parlement", "inondation", "secours", "bilan", "victimes", "hôpital", "grève", "syndicats", "réforme", "budget"]  # fmt: skip


def make_articles(n: int, seed: int = 0) -> list[ArticleText]:
    rng = random.Random(seed)
    events = max(2, n // 20)
    names = [[f"Nom{e}x{k}" for k in range(6)] for e in range(events)]
    out = []
    for i in range(n):
        e = rng.randrange(events)
        sentences = []
        for _ in range(12):
            words = rng.sample(WORDS, 6) + rng.sample(names[e], 3)
            rng.shuffle(words)
            sentences.append(" ".join(words).capitalize() + f", {rng.choice([3, 10, 12]) * 1000} soldats.")
        out.append(ArticleText(id=f"a{i}", title=" ".join(rng.sample(names[e], 3)), sentences=sentences))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    args = parser.parse_args()
    print("| articles | stories | corpus step (s) | s / (n log n) ×10⁶ | per-article summaries (s) |")
    print("|---|---|---|---|---|")
    for n in args.sizes:
        articles = make_articles(n)
        start = time.perf_counter()
        stories = build_stories(articles)
        corpus = time.perf_counter() - start
        summarizer = ExtractiveSummarizer()
        start = time.perf_counter()
        for a in articles:
            summarizer.summarize(a.sentences)
        per_article = time.perf_counter() - start
        print(
            f"| {n:,} | {len(stories):,} | {corpus:.2f} | {corpus / (n * math.log(n)) * 1e6:.1f} | {per_article:.2f} |"
        )


if __name__ == "__main__":
    main()
