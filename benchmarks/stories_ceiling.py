"""How far lexical evidence can go on the annotated story pairs: a learned pair classifier's ceiling.

Dev set: ../shared/stories-dev (as benchmarks/stories.py). Each annotated `same` / `different`
pair gets the lexical features the corpus step can see untranslated: the articles' TF-IDF cosine
(the tool's own vectors), the cosine of their titles and of their first three sentences, the rare
names and the rare figures they share (`group_stories`'s anchors), their shared terms, whether
they are in two languages, and the share of their names in common. A logistic regression on them
is scored by 10-fold cross-validation (eight ways of cutting the folds: their mean and best) with
the F1-best threshold chosen on the scores themselves, and its L2 weight the best of 0.01-1 on
these very pairs (optimistic: an upper bound for a rule over these features), beside the cosine
alone with its best threshold.

With `--dictionary PATH` (a German–English dictionary in Ding's format, `German :: English` a
line, as Debian's trans-de-en installs it at /usr/share/trans/de-en; read here only, never
shipped: it is GPL), a ninth feature stands in for translation before grouping: the cosine of
the two articles in one English vocabulary, every German word that the dictionary (or a
compound's head in it) gives replaced by its first two English words, names kept.

Usage: python benchmarks/stories_ceiling.py [--data ../shared/stories-dev] [--dictionary PATH]
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


_SENSE_NOTE = re.compile(r"\{.*?\}|\[.*?\]|\(.*?\)")
_WORD = re.compile(r"[^\W\d_]+")


def read_dictionary(path: Path) -> dict[str, list[str]]:
    """Ding's format: `German :: English`, alternatives split by `|` (the same on both sides),
    synonyms by `;`, notes in braces and brackets. Single German words to English of 1-2 words."""
    found: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or "::" not in line:
            continue
        german, english = line.split("::", 1)
        for de, en in zip(german.split("|"), english.split("|"), strict=False):
            targets = [
                w for w in (_SENSE_NOTE.sub("", x).strip() for x in en.split(";")) if 0 < len(w.split()) <= 2
            ]
            for word in (_SENSE_NOTE.sub("", x).strip() for x in de.split(";")):
                if word and " " not in word and targets:
                    known = found.setdefault(word.lower(), [])
                    known.extend(t for t in targets[:2] if t not in known)
    return found


def bridged_counts(article, dictionary: dict[str, list[str]]) -> Counter[str]:  # type: ignore[no-untyped-def]
    """A German article's terms in English: each word the dictionary knows (as it stands, without
    an inflection ending, or as a compound's head) replaced by its English; names kept."""
    from summarizer.summarize import terms

    @functools.cache
    def english(word: str) -> tuple[str, ...]:
        w = word.lower()
        for ending in ("", "n", "en", "e", "s", "es", "er", "ern", "em"):
            if w.endswith(ending) and w[: len(w) - len(ending)] in dictionary:
                return tuple(dictionary[w[: len(w) - len(ending)]][:2])
        for k in range(3, len(w) - 3):
            head, modifier = w[k:], w[:k]
            if len(head) >= 4 and head in dictionary:
                front = dictionary.get(modifier) or dictionary.get(modifier.rstrip("s")) or []
                return (*front[:1], dictionary[head][0])
        return ()

    counts: Counter[str] = Counter()
    for text in (article.title, *article.sources):
        for word in _WORD.findall(text):
            known = () if word[0].isupper() and word.lower() not in dictionary else english(word)
            counts.update(t for e in known for t in terms(e)) if known else counts.update(terms(word))
    return counts


def features(data: Path, dictionary: dict[str, list[str]] | None = None
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # fmt: skip
    """Each scored pair's features, gold (`same`) and language pair ("de-en")."""
    import summarizer.corpus as corpus
    from summarizer.pipeline import run_digest
    from summarizer.settings import load_settings
    from summarizer.summarize import cosine, idf_of, terms, tfidf

    seen: list[corpus.ArticleText] = []
    group = corpus.group_stories

    def spy(articles, cohesion=None):  # type: ignore[no-untyped-def]
        seen.extend(articles)
        return group(articles, cohesion)

    corpus.group_stories = spy  # type: ignore[assignment]
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(overrides={"cache_dir": Path(tmp) / "cache", "translate": False,
                                            "incremental": False})  # fmt: skip
        digest = run_digest(data / "articles", Path(tmp) / "out", settings)
    corpus.group_stories = group  # type: ignore[assignment]
    name_of = {a.id: a.path.rsplit("/", 1)[-1] for a in digest.articles}
    index = {name_of[a.id]: i for i, a in enumerate(seen)}
    idf = idf_of(a.counts.keys() for a in seen)
    vectors = [tfidf(a.counts, idf) for a in seen]
    titles = [tfidf(Counter(terms(a.title)), idf) for a in seen]
    leads = [tfidf(Counter(t for s in a.pairs()[:3] for t in terms(s)), idf) for a in seen]
    rare = max(corpus.RARE_ANCHOR_FLOOR, int(corpus.RARE_ANCHOR_SHARE * len(seen)))
    figures = corpus._rare([corpus.story_numbers(a) for a in seen], rare)
    names = corpus._rare([a.names() - corpus.common_names() for a in seen], rare)
    every = [a.names() for a in seen]
    bridged: list[dict[str, float]] = []
    if dictionary is not None:
        counts = [bridged_counts(a, dictionary) if a.language == "de" else a.counts for a in seen]
        english_idf = idf_of(c.keys() for c in counts)
        bridged = [tfidf(c, english_idf) for c in counts]
    rows, gold, langs = [], [], []
    for pair in json.loads((data / "pairs.json").read_text(encoding="utf-8")):
        if pair["gold"] not in ("same", "different") or pair["a"] not in index or pair["b"] not in index:
            continue
        i, j = index[pair["a"]], index[pair["b"]]
        rows.append([
            cosine(vectors[i], vectors[j]), cosine(titles[i], titles[j]), cosine(leads[i], leads[j]),
            len(names[i] & names[j]), len(figures[i] & figures[j]), len(vectors[i].keys() & vectors[j].keys()),
            float(pair["langs"][:2] != pair["langs"][3:]),
            len(every[i] & every[j]) / (1 + min(len(every[i]), len(every[j]))),
            *([cosine(bridged[i], bridged[j])] if bridged else []),
        ])  # fmt: skip
        gold.append(pair["gold"] == "same")
        langs.append(pair["langs"])
    return np.array(rows), np.array(gold), np.array(langs)


def fit(x: np.ndarray, y: np.ndarray, steps: int = 3000, l2: float = 0.3) -> np.ndarray:
    """Logistic regression by gradient descent (standardised features, an intercept)."""
    w = np.zeros(x.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ w)))
        w -= 0.5 * (x.T @ (p - y) / len(y) + l2 * np.r_[0.0, w[1:]])
    return w


def cross_validated(x: np.ndarray, y: np.ndarray, folds: int = 10, seed: int = 0) -> np.ndarray:
    order = list(range(len(y)))
    random.Random(seed).shuffle(order)
    scores = np.zeros(len(y))
    for k in range(folds):
        test = np.array(order[k::folds])
        train = np.setdiff1d(np.arange(len(y)), test)
        mean, std = x[train].mean(0), x[train].std(0) + 1e-9
        scaled = (x - mean) / std
        design = np.c_[np.ones(len(y)), scaled]
        scores[test] = design[test] @ fit(design[train], y[train].astype(float))
    return scores


def prf(pred: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """(F1, P, R) of the predicted `same` pairs against the gold."""
    tp, fp, fn = int((pred & y).sum()), int((pred & ~y).sum()), int((~pred & y).sum())
    p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return (2 * p * r / (p + r) if p + r else 0.0), p, r


def best_f1(scores: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    return max((prf(scores >= t, y) for t in np.unique(scores)), default=(0.0, 0.0, 0.0))


def best_of_two(within: np.ndarray, across: np.ndarray, two: np.ndarray, y: np.ndarray,
                min_precision: float = 0.0) -> tuple[float, float, float]:  # fmt: skip
    """The best F1 of one threshold on `within` for pairs in one language and another on `across`
    for pairs in two, both chosen on these very pairs (an upper bound for such a rule), among the
    pairs of thresholds whose precision is at least `min_precision`."""
    best = (0.0, 0.0, 0.0)
    for t_within in np.unique(within[~two]):
        for t_across in np.unique(across[two]):
            scored = prf(np.where(two, across >= t_across, within >= t_within), y)
            if scored[1] >= min_precision:
                best = max(best, scored)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "stories-dev")
    parser.add_argument("--dictionary", type=Path, help="a German-English dictionary in Ding's format")
    args = parser.parse_args()
    dictionary = read_dictionary(args.dictionary) if args.dictionary else None
    x, y, langs = features(args.data, dictionary)
    print(f"{len(y)} scored pairs ({int(y.sum())} same)")
    print("| pair rule | F1 | P | R |")
    print("|---|---|---|---|")
    f, p, r = best_f1(x[:, 0], y)
    print(f"| TF-IDF cosine, best threshold | {f:.3f} | {p:.3f} | {r:.3f} |")
    if dictionary is not None:
        f, p, r = best_f1(x[:, 8], y)
        print(f"| cosine in English through the dictionary ({len(dictionary):,} words), best threshold "
              f"| {f:.3f} | {p:.3f} | {r:.3f} |")  # fmt: skip
        two = langs == "de-en"
        f, p, r = best_f1(x[two, 0], y[two])
        print(f"| de-en pairs only: TF-IDF cosine, best threshold | {f:.3f} | {p:.3f} | {r:.3f} |")
        f, p, r = best_f1(x[two, 8], y[two])
        print(
            f"| de-en pairs only: cosine through the dictionary, best threshold | {f:.3f} | {p:.3f} | {r:.3f} |"
        )
        f, p, r = best_of_two(x[:, 0], x[:, 8], two, y)
        print(f"| TF-IDF cosine within a language, through the dictionary across, two best thresholds "
              f"| {f:.3f} | {p:.3f} | {r:.3f} |")  # fmt: skip
        f, p, r = best_of_two(x[:, 0], x[:, 8], two, y, min_precision=0.85)
        print(f"| the same, best F1 at precision ≥ 0.85 | {f:.3f} | {p:.3f} | {r:.3f} |")
    runs = [best_f1(cross_validated(x, y, seed=seed), y) for seed in range(8)]
    f, p, r = (sum(run[k] for run in runs) / len(runs) for k in range(3))
    print(
        f"| logistic regression on {x.shape[1]} lexical features, 10-fold CV, best threshold (mean of 8) "
        f"| {f:.3f} | {p:.3f} | {r:.3f} |"
    )
    f, p, r = max(runs)
    print(f"| the same, the best of 8 fold cuts | {f:.3f} | {p:.3f} | {r:.3f} |")


if __name__ == "__main__":
    main()
