"""Per-article summaries against professional abstracts: the tool beside Lead-1/2/3, in one run.

Dev set: ../shared/summaries-dev (500 French OrangeSum articles, `references.json` = abstracts of
about 32 words). ROUGE-1/2/L F1 on lower-cased Unicode word tokens (`\\w+`, no stemming), averaged
over articles. The tool summarises each article as `summarizer digest --no-translate` does
(cleaned sentences, the default extractive summarizer and its default length); each Lead-k is the
article's first k cleaned sentences cut to the tool's summary length in words for that article,
so every row has the same word budget.

Usage: python benchmarks/summaries.py [--data ../shared/summaries-dev] [--words N]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TOKEN = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text.lower())


def _f1(overlap: int, found: int, want: int) -> float:
    if not overlap:
        return 0.0
    p, r = overlap / found, overlap / want
    return 2 * p * r / (p + r)


def rouge_n(summary: list[str], reference: list[str], n: int) -> float:
    grams = lambda ts: Counter(tuple(ts[i : i + n]) for i in range(len(ts) - n + 1))  # noqa: E731
    a, b = grams(summary), grams(reference)
    return _f1(sum((a & b).values()), sum(a.values()), sum(b.values()))


def rouge_l(summary: list[str], reference: list[str]) -> float:
    if not summary or not reference:
        return 0.0
    prev = [0] * (len(reference) + 1)
    for token in summary:
        row = [0]
        for j, other in enumerate(reference):
            row.append(prev[j] + 1 if token == other else max(prev[j + 1], row[j]))
        prev = row
    return _f1(prev[-1], len(summary), len(reference))


def scores(summary: str, reference: str) -> tuple[float, float, float]:
    s, r = tokens(summary), tokens(reference)
    return rouge_n(s, r, 1), rouge_n(s, r, 2), rouge_l(s, r)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "summaries-dev")
    parser.add_argument(
        "--words", type=int, default=None, help="summary length in words (default: the tool's)"
    )
    args = parser.parse_args()
    from summarizer.backends.summarizers import make_summarizer
    from summarizer.models import Document
    from summarizer.pipeline import CleaningPipeline, article_sentences
    from summarizer.settings import load_settings

    references = json.loads((args.data / "references.json").read_text(encoding="utf-8"))
    overrides = {"cache_dir": Path("/tmp/summarizer-bench-cache"), "translate": False}
    if args.words:
        overrides["summary_words"] = args.words
    settings = load_settings(overrides=overrides)
    summarizer = make_summarizer(settings)
    rows: dict[str, list[tuple[float, float, float]]] = {
        "summarizer": [],
        "Lead-1": [],
        "Lead-2": [],
        "Lead-3": [],
    }
    words: list[int] = []
    seconds = 0.0
    for doc in CleaningPipeline(settings).documents(args.data / "articles"):
        if not isinstance(doc, Document):
            continue
        reference = references[doc.path.rsplit("/", 1)[-1]]
        sentences, _ = article_sentences(doc)
        if not sentences:
            continue
        start = time.perf_counter()
        summary = summarizer.summarize(sentences, title=doc.display_title)
        seconds += time.perf_counter() - start
        text = " ".join(summary)
        budget = len(text.split())
        words.append(budget)
        rows["summarizer"].append(scores(text, reference))
        for k in (1, 2, 3):
            lead = " ".join(" ".join(sentences[:k]).split()[:budget])
            rows[f"Lead-{k}"].append(scores(lead, reference))
    n = len(words)
    print(f"{n} articles; summary length {sum(words) / n:.1f} words on average (references about 32); "
          f"summarizer {1000 * seconds / n:.1f} ms per article")  # fmt: skip
    print("| summary (same word budget) | ROUGE-1 | ROUGE-2 | ROUGE-L |")
    print("|---|---|---|---|")
    means = {}
    for name, values in rows.items():
        means[name] = [100 * sum(v[i] for v in values) / n for i in range(3)]
        print(f"| {name} | {means[name][0]:.1f} | {means[name][1]:.1f} | {means[name][2]:.1f} |")
    gain = [means["summarizer"][i] - means["Lead-3"][i] for i in range(3)]
    print(f"against Lead-3: ROUGE-1 {gain[0]:+.2f}, ROUGE-2 {gain[1]:+.2f}, ROUGE-L {gain[2]:+.2f} points")


if __name__ == "__main__":
    main()
