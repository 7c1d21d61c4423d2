"""Learn the extractive summarizer's model (summarizer/data/summary_weights.json).

Reads ../shared/summaries-train/orangesum-train.jsonl (OrangeSum training split: French news with
professional abstracts) and cleans each article as the tool does. Learned:
- each word's salience: of the training articles containing the word, the share whose abstract
  contains it too (smoothed towards the mean; rare words and words near the mean left out);
- a logistic model (summarize.WORD_FEATURES) of whether a word of an article is in its abstract,
  fitted by Newton's method; each article's salience feature is read from a table built on the
  other half of the training articles (a word's salience never counts its own article's abstract);
- how often an abstract that has a word repeats it (2, 3, 4 times).
The summarizer then picks sentences to maximise the summary's expected ROUGE-1 F1 under that
model against an abstract of REFERENCE_WORDS words. Never run on the dev set:
benchmarks/summaries.py measures there. `--holdout N` fits on all but the last N training
articles and prints the tool beside Lead-3 on those N for each `--lengths` value (how
REFERENCE_WORDS was chosen).

Usage: python benchmarks/learn_summary_weights.py [--train PATH] [--limit N] [--holdout N [--lengths L,...]] [--write]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from summaries import rouge_l, rouge_n, tokens  # noqa: E402

from summarizer.summarize import REPEATS, WORD_FEATURES, SummaryModel, word_features, words_of  # noqa: E402

# Newton's method: steps and the ridge on the weights (not the bias).
STEPS = 12
RIDGE = 1e-3
# Salience: smoothing towards the mean (pseudo-articles), fewest articles a listed word is in,
# and how far from the mean a listed word must be (the rest read as the mean).
SMOOTHING = 5
MIN_ARTICLES = 3
MIN_DEVIATION = 0.01
# Repeats: fewest abstracts holding a word for its own repeat rates (the rest read the prior).
MIN_REPEAT_ARTICLES = 10
# The abstract length the expected F1 assumes: chosen on held-out training articles
# (`--holdout 1000 --lengths 18,20,22,25,30,34.6`) as the best mean ROUGE-1 + ROUGE-L. Shorter
# than the abstracts' mean (34.6 words): the model's expected overlap of a further sentence runs
# high, and a shorter assumed abstract asks more of each sentence a summary takes on.
REFERENCE_WORDS = 20.0

Article = tuple[list[str], str, list[str]]  # sentences, title, reference tokens


def salience_table(articles: Iterable[Article]) -> tuple[float, dict[str, float]]:
    seen: Counter[str] = Counter()
    kept: Counter[str] = Counter()
    for sentences, _, reference in articles:
        words = {w for s in sentences for w in words_of(s)}
        seen.update(words)
        kept.update(words & set(reference))
    prior = sum(kept.values()) / max(1, sum(seen.values()))
    table = {}
    for word, n in seen.items():
        value = (kept[word] + SMOOTHING * prior) / (n + SMOOTHING)
        if n >= MIN_ARTICLES and abs(value - prior) >= MIN_DEVIATION:
            table[word] = round(value, 3)
    return prior, table


def repeat_table(articles: Iterable[Article]) -> tuple[list[float], dict[str, list[float]]]:
    """For each word, the share of abstracts holding it that hold it k = 2..REPEATS+1 times."""
    kept: Counter[str] = Counter()
    repeated: dict[int, Counter[str]] = {k: Counter() for k in range(2, REPEATS + 2)}
    for sentences, _, reference in articles:
        in_article = {w for s in sentences for w in words_of(s)}
        for word, c in Counter(reference).items():
            if word in in_article:
                kept[word] += 1
                for k in range(2, min(c, REPEATS + 1) + 1):
                    repeated[k][word] += 1
    rare = [w for w, n in kept.items() if n < MIN_REPEAT_ARTICLES]
    total = max(1, sum(kept[w] for w in rare))
    prior = [sum(repeated[k][w] for w in rare) / total for k in range(2, REPEATS + 2)]
    table = {}
    for word, n in kept.items():
        if n >= MIN_REPEAT_ARTICLES:
            rates = [
                (repeated[k][word] + SMOOTHING * prior[k - 2]) / (n + SMOOTHING)
                for k in range(2, REPEATS + 2)
            ]
            if any(abs(r - p) >= MIN_DEVIATION for r, p in zip(rates, prior, strict=True)):
                table[word] = [round(r, 3) for r in rates]
    return [round(p, 4) for p in prior], table


def fit(articles: Sequence[Article]) -> SummaryModel:
    """The model learned on `articles` (cross-fitted salience for the weights, see the module)."""
    import numpy as np

    halves = [articles[0::2], articles[1::2]]
    tables = [salience_table(halves[1]), salience_table(halves[0])]  # each half read with the other's
    zero = tuple(0.0 for _ in WORD_FEATURES)
    rows: list[list[float]] = []
    targets: list[float] = []
    for half, (prior, table) in zip(halves, tables, strict=True):
        model = SummaryModel(zero, prior, table)
        for sentences, title, reference in half:
            words, features = word_features(sentences, title, model)
            kept = set(reference)
            rows.extend(features)
            targets.extend(float(w in kept) for w in words)
    x, y = np.array(rows), np.array(targets)
    weights = np.zeros(x.shape[1])
    ridge = RIDGE * np.eye(x.shape[1])
    ridge[0, 0] = 0.0
    for _ in range(STEPS):
        p = 1 / (1 + np.exp(-x @ weights))
        hessian = (x * (p * (1 - p))[:, None]).T @ x + ridge
        weights += np.linalg.solve(hessian, x.T @ (y - p) - ridge @ weights)
    p = 1 / (1 + np.exp(-x @ weights))
    loss = -float(np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
    print(f"{len(rows)} words of {len(articles)} training articles; log loss {loss:.4f} (constant "
          f"{-float(np.mean(y * np.log(y.mean()) + (1 - y) * np.log(1 - y.mean()))):.4f})")  # fmt: skip
    prior, table = salience_table(articles)
    repeat_prior, repeats = repeat_table(articles)
    return SummaryModel(weights=tuple(round(float(w), 4) for w in weights), prior=round(prior, 4),
                        salience=table, repeats=repeats, repeat_prior=tuple(repeat_prior),
                        reference_words=REFERENCE_WORDS)  # fmt: skip


def holdout(articles: Sequence[Article], model: SummaryModel, words: int
            ) -> tuple[float, float, float, float, float]:  # fmt: skip
    """Mean ROUGE-1 and ROUGE-L of the tool's summaries and of Lead-3 cut to the same length, and
    the summaries' mean length in words."""
    from summarizer.summarize import ExtractiveSummarizer

    summarizer = ExtractiveSummarizer(words=words, model=model)
    tool_1 = tool_l = lead_1 = lead_l = length = 0.0
    for sentences, title, reference in articles:
        summary = " ".join(summarizer.summarize(sentences, title=title))
        budget = len(summary.split())
        length += budget
        mine, lead = tokens(summary), tokens(" ".join(" ".join(sentences[:3]).split()[:budget]))
        tool_1 += rouge_n(mine, reference, 1)
        tool_l += rouge_l(mine, reference)
        lead_1 += rouge_n(lead, reference, 1)
        lead_l += rouge_l(lead, reference)
    n = max(1, len(articles)) / 100
    return tool_1 / n, tool_l / n, lead_1 / n, lead_l / n, length / n / 100


def main() -> None:
    from dataclasses import replace

    from summarizer.models import Document
    from summarizer.pipeline import CleaningPipeline, article_sentences
    from summarizer.settings import load_settings

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--train", type=Path,
                        default=ROOT.parent / "shared" / "summaries-train" / "orangesum-train.jsonl")  # fmt: skip
    parser.add_argument("--limit", type=int, default=5000)
    parser.add_argument("--write", action="store_true", help="write summarizer/data/summary_weights.json")
    parser.add_argument("--holdout", type=int, default=0,
                        help="fit on all but the last N training articles and score on those N")  # fmt: skip
    parser.add_argument("--lengths", default=str(REFERENCE_WORDS),
                        help="assumed abstract lengths scored with --holdout, comma-separated")  # fmt: skip
    parser.add_argument("--words", type=int, default=50, help="the summary budget scored with --holdout")
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
    if args.holdout:
        fitted = fit(articles[: -args.holdout])
        mean = sum(len(r) for _, _, r in articles) / max(1, len(articles))
        print(f"abstracts: {mean:.1f} words on average")
        for length in (float(v) for v in args.lengths.split(",")):
            held = replace(fitted, reference_words=length)
            r1, rl, l1, ll, words = holdout(articles[-args.holdout :], held, args.words)
            print(f"assumed abstract {length:g} words: summaries {words:.1f} words; tool {r1:.2f} / {rl:.2f}, "
                  f"Lead-3 {l1:.2f} / {ll:.2f} (ROUGE-1 / ROUGE-L; gain {r1 - l1:+.2f} / {rl - ll:+.2f}); "
                  f"tool ROUGE-1 + ROUGE-L {r1 + rl:.2f}")  # fmt: skip
    model = fit(articles)
    learned = {name: w for name, w in zip(WORD_FEATURES, model.weights, strict=True)}
    print(json.dumps(learned, indent=2))
    print(f"salience: {len(model.salience)} words, prior {model.prior}; repeats: {len(model.repeats)} words, "
          f"prior {list(model.repeat_prior)}; assumed abstract {model.reference_words} words")  # fmt: skip
    if args.write:
        target = ROOT / "summarizer" / "data" / "summary_weights.json"
        about = (f"The extractive summarizer's model, learned on {len(articles)} OrangeSum training articles: a "
                 "logistic model of whether a word of an article is in its abstract (weights, WORD_FEATURES), "
                 "word salience = share of articles with the word whose abstract has it, how often an abstract "
                 "repeats a word it has; reference_words (the abstract length the expected F1 assumes) chosen "
                 "on held-out training articles. Rebuild: python benchmarks/learn_summary_weights.py --write")  # fmt: skip
        payload = {
            "about": about, "weights": learned, "reference_words": model.reference_words,
            "salience": {"prior": model.prior, "words": dict(sorted(model.salience.items()))},
            "repeats": {"prior": list(model.repeat_prior), "words": dict(sorted(model.repeats.items()))},
        }  # fmt: skip
        target.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"written {target} ({target.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
