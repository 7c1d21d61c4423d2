"""Learn the extractive summarizer's sentence weights (summarizer/data/summary_weights.json).

Reads ../shared/summaries-train/orangesum-train.jsonl (OrangeSum training split: French news with
professional abstracts) and cleans each article as the tool does. A least-squares fit of each
sentence's ROUGE-1 F1 gives a start; coordinate search then moves one weight at a time to where
the summaries the tool would choose (its budget, repeats and antecedent rules included) score
best in mean ROUGE-1 + ROUGE-L F1 on the training articles. Never run on the dev set:
benchmarks/summaries.py measures there.

Usage: python benchmarks/learn_summary_weights.py [--train PATH] [--limit N] [--write]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

RIDGE = 1.0
# Coordinate search: steps tried for each weight (relative to the largest weight), and rounds.
STEPS = (-1.0, -0.5, -0.25, -0.1, 0.1, 0.25, 0.5, 1.0)
ROUNDS = 2


def objective(articles: list[tuple[list[str], str, list[str]]], weights: list[float], words: int) -> float:
    """Mean ROUGE-1 + ROUGE-L F1 of the summaries chosen with `weights`."""
    from summaries import rouge_l, rouge_n, tokens

    from summarizer.summarize import ExtractiveSummarizer

    summarizer = ExtractiveSummarizer(words=words, weights=tuple(weights))
    total = 0.0
    for sentences, title, reference in articles:
        summary = tokens(" ".join(summarizer.summarize(sentences, title=title)))
        total += rouge_n(summary, reference, 1) + rouge_l(summary, reference)
    return total / len(articles)


def coordinate_search(articles: list[tuple[list[str], str, list[str]]], start: list[float], *, words: int
                      ) -> list[float]:  # fmt: skip
    best = list(start)
    best_score = objective(articles, best, words)
    print(f"start: {best_score:.4f}")
    for _ in range(ROUNDS):
        scale = max(abs(w) for w in best) or 1.0
        for k in range(len(best)):
            for step in STEPS:
                trial = list(best)
                trial[k] += step * scale
                score = objective(articles, trial, words)
                if score > best_score + 1e-6:
                    best, best_score = trial, score
            print(f"weight {k}: {best_score:.4f}")
    return best


def main() -> None:
    import numpy as np
    from summaries import rouge_n, tokens

    from summarizer.models import Document
    from summarizer.pipeline import CleaningPipeline, article_sentences
    from summarizer.settings import load_settings
    from summarizer.summarize import FEATURES, idf_of, sentence_features, terms, tfidf

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--train", type=Path,
                        default=ROOT.parent / "shared" / "summaries-train" / "orangesum-train.jsonl")  # fmt: skip
    parser.add_argument("--limit", type=int, default=5000)
    parser.add_argument("--write", action="store_true", help="write summarizer/data/summary_weights.json")
    parser.add_argument("--search", type=int, default=1500, help="training articles the search scores on")
    parser.add_argument("--words", type=int, default=50, help="the summary budget searched for")
    args = parser.parse_args()
    references = {}
    for line in args.train.read_text(encoding="utf-8").splitlines()[: args.limit]:
        record = json.loads(line)
        references[record["id"]] = record["reference"]
    limited = Path("/tmp/summarizer-train.jsonl")
    limited.write_text("\n".join(args.train.read_text(encoding="utf-8").splitlines()[: args.limit]) + "\n",
                       encoding="utf-8")  # fmt: skip
    settings = load_settings(overrides={"cache_dir": Path("/tmp/summarizer-bench-cache"), "translate": False,
                                        "max_bytes": 1 << 30})  # fmt: skip
    order = list(references)
    rows, targets = [], []
    articles: list[tuple[list[str], str, list[str]]] = []
    for doc in CleaningPipeline(settings).documents(limited):
        if not isinstance(doc, Document) or doc.record is None:
            continue
        reference = tokens(references[order[doc.record]])
        sentences, _ = article_sentences(doc)
        if len(sentences) < 2:
            continue
        articles.append((sentences, doc.display_title, reference))
        counts = [Counter(terms(s)) for s in sentences]
        title = Counter(terms(doc.display_title))
        idf = idf_of([*counts, title])
        vectors = [tfidf(c, idf) for c in counts]
        for features, sentence in zip(sentence_features(sentences, vectors, tfidf(title, idf)), sentences,
                                      strict=True):  # fmt: skip
            rows.append(features)
            targets.append(rouge_n(tokens(sentence), reference, 1))
    x, y = np.array(rows), np.array(targets)
    ridge = RIDGE * np.eye(x.shape[1])
    ridge[0, 0] = 0.0  # the bias is not shrunk
    start = [float(w) for w in np.linalg.solve(x.T @ x + ridge, x.T @ y)]
    print(f"{len(rows)} sentences of {args.limit} training articles; least squares: {start}")
    weights = coordinate_search(articles[: args.search], start, words=args.words)
    learned = {name: round(float(w), 4) for name, w in zip(FEATURES, weights, strict=True)}
    print(json.dumps(learned, indent=2))
    if args.write:
        target = ROOT / "summarizer" / "data" / "summary_weights.json"
        payload = {"about": "Sentence weights of the extractive summarizer: least squares on each sentence's "
                            f"ROUGE-1 F1 against the abstract ({args.limit} OrangeSum training articles), then "
                            f"coordinate search on the chosen summaries' ROUGE-1 + ROUGE-L ({args.search} of "
                            f"them, {args.words}-word budget). Rebuild: python benchmarks/learn_summary_weights.py "
                            "--write",
                   "weights": learned}  # fmt: skip
        target.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
        print(f"written {target}")


if __name__ == "__main__":
    main()
