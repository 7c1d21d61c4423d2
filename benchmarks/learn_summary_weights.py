"""Learn the extractive summarizer's model (summarizer/data/summary_weights.json).

Reads ../shared/summaries-train/orangesum-train.jsonl (OrangeSum training split: French news with
professional abstracts) and cleans each article as the tool does. Two things are learned:
- each word's salience: of the training articles containing the word, the share whose abstract
  contains it too (smoothed towards the mean, rare words left out); a sentence's mean and
  largest salience are features;
- a weight per feature (summarize.FEATURES): least squares on whether a sentence belongs to the
  article's oracle summary (greedy best ROUGE-1 within the budget), with each article's salience
  features read from a table built on the other half of the training articles (a word's salience
  never counts its own article's abstract). An optional coordinate search then moves one weight
  at a time to where the summaries the tool would choose score best in mean ROUGE-1 + ROUGE-L.
Never run on the dev set: benchmarks/summaries.py measures there.

Usage: python benchmarks/learn_summary_weights.py [--train PATH] [--limit N] [--search N] [--write]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from summaries import rouge_l, rouge_n, tokens  # noqa: E402

from summarizer.summarize import SummaryModel  # noqa: E402

RIDGE = 1.0
# Salience: smoothing towards the mean (pseudo-articles), fewest articles a listed word is in,
# and how far from the mean a listed word must be (the rest read as the mean).
SMOOTHING = 5
MIN_ARTICLES = 3
MIN_DEVIATION = 0.01
# The oracle summary's budget in words (a little over the default 50: a sentence is never cut).
ORACLE_WORDS = 60
# Coordinate search: steps tried for each weight (relative to the largest weight), and rounds.
STEPS = (-1.0, -0.5, -0.25, -0.1, 0.1, 0.25, 0.5, 1.0)
ROUNDS = 1

Article = tuple[list[str], str, list[str]]  # sentences, title, reference tokens


def salience_table(articles: Iterable[Article]) -> tuple[float, dict[str, float]]:
    seen: Counter[str] = Counter()
    kept: Counter[str] = Counter()
    for sentences, _, reference in articles:
        words = set(tokens(" ".join(sentences)))
        seen.update(words)
        kept.update(words & set(reference))
    prior = sum(kept.values()) / max(1, sum(seen.values()))
    table = {}
    for word, n in seen.items():
        value = (kept[word] + SMOOTHING * prior) / (n + SMOOTHING)
        if n >= MIN_ARTICLES and abs(value - prior) >= MIN_DEVIATION:
            table[word] = round(value, 3)
    return prior, table


def oracle(sentences: list[str], reference: list[str], words: int = ORACLE_WORDS) -> set[int]:
    """Greedy: add the sentence that most raises ROUGE-1 F1 while the summary fits `words`."""
    chosen: list[int] = []
    best = 0.0
    while True:
        pick = None
        for i in range(len(sentences)):
            if i in chosen:
                continue
            text = " ".join(sentences[j] for j in sorted([*chosen, i]))
            if len(text.split()) > words:
                continue
            score = rouge_n(tokens(text), reference, 1)
            if score > best:
                best, pick = score, i
        if pick is None:
            return set(chosen)
        chosen.append(pick)


def objective(folds: list[tuple[list[Article], SummaryModel]], words: int) -> float:
    """Mean ROUGE-1 + ROUGE-L F1 of the summaries the tool chooses with each fold's model."""
    from summarizer.summarize import ExtractiveSummarizer

    total, n = 0.0, 0
    for articles, model in folds:
        summarizer = ExtractiveSummarizer(words=words, model=model)
        for sentences, title, reference in articles:
            summary = tokens(" ".join(summarizer.summarize(sentences, title=title)))
            total += rouge_n(summary, reference, 1) + rouge_l(summary, reference)
            n += 1
    return total / max(1, n)


def with_weights(folds: list[tuple[list[Article], SummaryModel]], weights: list[float]
                 ) -> list[tuple[list[Article], SummaryModel]]:  # fmt: skip
    return [(a, SummaryModel(tuple(weights), m.prior, m.salience)) for a, m in folds]


def coordinate_search(folds: list[tuple[list[Article], SummaryModel]], start: list[float], *, words: int
                      ) -> list[float]:  # fmt: skip
    best = list(start)
    best_score = objective(with_weights(folds, best), words)
    print(f"start: {best_score:.4f}")
    for _ in range(ROUNDS):
        scale = max(abs(w) for w in best) or 1.0
        for k in range(len(best)):
            for step in STEPS:
                trial = list(best)
                trial[k] += step * scale
                score = objective(with_weights(folds, trial), words)
                if score > best_score + 1e-6:
                    best, best_score = trial, score
            print(f"weight {k}: {best_score:.4f}")
    return best


def main() -> None:
    import numpy as np

    from summarizer.models import Document
    from summarizer.pipeline import CleaningPipeline, article_sentences
    from summarizer.settings import load_settings
    from summarizer.summarize import FEATURES, sentence_features, sentence_vectors

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--train", type=Path,
                        default=ROOT.parent / "shared" / "summaries-train" / "orangesum-train.jsonl")  # fmt: skip
    parser.add_argument("--limit", type=int, default=5000)
    parser.add_argument("--write", action="store_true", help="write summarizer/data/summary_weights.json")
    parser.add_argument("--search", type=int, default=0,
                        help="training articles the coordinate search scores on (0: no search)")  # fmt: skip
    parser.add_argument("--words", type=int, default=50, help="the summary budget searched for")
    args = parser.parse_args()
    lines = args.train.read_text(encoding="utf-8").splitlines()[: args.limit]
    references = [json.loads(line)["reference"] for line in lines]
    limited = Path("/tmp/summarizer-train.jsonl")
    limited.write_text("\n".join(lines) + "\n", encoding="utf-8")
    settings = load_settings(overrides={"cache_dir": Path("/tmp/summarizer-bench-cache"), "translate": False,
                                        "max_bytes": 1 << 30})  # fmt: skip
    articles: list[Article] = []
    for doc in CleaningPipeline(settings).documents(limited):
        if not isinstance(doc, Document) or doc.record is None:
            continue
        sentences, _ = article_sentences(doc)
        if len(sentences) >= 2:
            articles.append((sentences, doc.display_title, tokens(references[doc.record])))
    halves = [articles[0::2], articles[1::2]]
    tables = [salience_table(halves[1]), salience_table(halves[0])]  # each half read with the other's
    zero = tuple(0.0 for _ in FEATURES)
    folds = [
        (half, SummaryModel(zero, prior, table)) for half, (prior, table) in zip(halves, tables, strict=True)
    ]
    rows, targets = [], []
    for half, model in folds:
        for sentences, title, reference in half:
            vectors, title_vec = sentence_vectors(sentences, title)
            best = oracle(sentences, reference)
            rows.extend(sentence_features(sentences, vectors, title_vec, model, title))
            targets.extend(float(i in best) for i in range(len(sentences)))
    x, y = np.array(rows), np.array(targets)
    ridge = RIDGE * np.eye(x.shape[1])
    ridge[0, 0] = 0.0  # the bias is not shrunk
    weights = [float(w) for w in np.linalg.solve(x.T @ x + ridge, x.T @ y)]
    print(f"{len(rows)} sentences of {len(articles)} training articles; least squares on the oracle")
    if args.search:
        searched = [(half[: args.search // 2], model) for half, model in folds]
        weights = coordinate_search(searched, weights, words=args.words)
    learned = {name: round(float(w), 4) for name, w in zip(FEATURES, weights, strict=True)}
    prior, table = salience_table(articles)
    print(json.dumps(learned, indent=2))
    print(f"salience: {len(table)} words, prior {prior:.4f}")
    if args.write:
        target = ROOT / "summarizer" / "data" / "summary_weights.json"
        about = (f"The extractive summarizer's model, learned on {len(articles)} OrangeSum training articles: "
                 "feature weights by least squares on membership of the oracle summary (greedy ROUGE-1, "
                 f"{ORACLE_WORDS} words)" + (f", then coordinate search on ROUGE-1 + ROUGE-L ({args.search} "
                 f"articles, {args.words}-word budget)" if args.search else "") + "; word salience = share "
                 "of articles with the word whose abstract has it. Rebuild: python "
                 "benchmarks/learn_summary_weights.py --write" + (f" --search {args.search}" if args.search else ""))  # fmt: skip
        payload = {"about": about, "weights": learned,
                   "salience": {"prior": round(prior, 4), "words": dict(sorted(table.items()))}}  # fmt: skip
        target.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"written {target} ({target.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
