"""Story grouping on annotated news pairs: the tool beside a TF-IDF cosine baseline, in one run.

Dev set: ../shared/stories-dev (SemEval-2022 Task 8 training articles, de/en/fr, news-please
JSON; `pairs.json` = annotated pairs, gold `same` / `different` / `unsure`). A pair is predicted
`same` when both articles land in one story of `summarizer digest --no-translate`; only the
`same` and `different` pairs are scored. The baseline links a pair when the cosine of the two
articles' TF-IDF vectors (the tool's own terms) passes a threshold, tuned here on these very
pairs (an optimistic baseline).

Usage: python benchmarks/stories.py [--data ../shared/stories-dev]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def prf(pred: dict[tuple[str, str], bool], pairs: list[dict[str, str]]) -> tuple[float, float, float, int]:
    tp = fp = fn = 0
    for pair in pairs:
        same = pred[(pair["a"], pair["b"])]
        gold = pair["gold"] == "same"
        tp += same and gold
        fp += same and not gold
        fn += gold and not same
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0), len(pairs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "stories-dev")
    args = parser.parse_args()
    from summarizer.pipeline import run_digest
    from summarizer.settings import load_settings
    from summarizer.summarize import cosine, idf_of, terms, tfidf

    pairs = [p for p in json.loads((args.data / "pairs.json").read_text(encoding="utf-8"))
             if p["gold"] in ("same", "different")]  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(overrides={"cache_dir": Path(tmp) / "cache", "translate": False,
                                            "incremental": False})  # fmt: skip
        start = time.perf_counter()
        digest = run_digest(args.data / "articles", Path(tmp) / "out", settings)
        seconds = time.perf_counter() - start
    name_of = {a.id: a.path.rsplit("/", 1)[-1] for a in digest.articles}
    story_of: dict[str, int] = {}
    for k, story in enumerate(digest.stories):
        for aid in story.articles:
            story_of[name_of[aid]] = k
    for article in digest.articles:  # copies merged into one article share its story
        for copy in article.copies:
            story_of[copy.rsplit("/", 1)[-1]] = story_of[name_of[article.id]]
    tool = {(p["a"], p["b"]): story_of.get(p["a"], -1) == story_of.get(p["b"], -2) for p in pairs}

    # Baseline: TF-IDF cosine over title + body, threshold tuned on these pairs.
    texts = {}
    for path in sorted((args.data / "articles").glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        texts[path.name] = f"{record.get('title') or ''} {record.get('maintext') or ''}"
    counts = {name: Counter(terms(text)) for name, text in texts.items()}
    idf = idf_of(counts.values())
    vectors = {name: tfidf(c, idf) for name, c in counts.items()}
    sims = {(p["a"], p["b"]): cosine(vectors[p["a"]], vectors[p["b"]]) for p in pairs}
    best = max(
        (prf({k: v >= t for k, v in sims.items()}, pairs)[2], t) for t in [i / 100 for i in range(1, 80)]
    )
    baseline = {k: v >= best[1] for k, v in sims.items()}

    sizes = Counter(len(s.articles) + sum(len(a.copies) for a in digest.articles if a.id in set(s.articles))
                    for s in digest.stories)  # fmt: skip
    largest = max(sizes) if sizes else 0
    n = len(texts)
    print(f"{n} articles, {len(pairs)} scored pairs ({sum(p['gold'] == 'same' for p in pairs)} same); "
          f"digest in {seconds:.1f} s")  # fmt: skip
    print("| grouping | pairs | P | R | F1 |")
    print("|---|---|---|---|---|")
    by_langs: dict[str, list[dict[str, str]]] = defaultdict(list)
    for p in pairs:
        by_langs[p["langs"]].append(p)
    for label, pred in (("summarizer stories", tool), (f"TF-IDF cosine ≥ {best[1]:.2f} (tuned)", baseline)):
        p, r, f, count = prf(pred, pairs)
        print(f"| {label} | all {count} | {p:.3f} | {r:.3f} | {f:.3f} |")
        for langs, group in sorted(by_langs.items()):
            p, r, f, count = prf(pred, group)
            print(f"| {label} | {langs} {count} | {p:.3f} | {r:.3f} | {f:.3f} |")
    print(f"stories: {len(digest.stories)}; largest: {largest} articles ({largest / n:.1%} of the corpus)")


if __name__ == "__main__":
    main()
