"""Learn the names too common in news to tie two articles to one event (summarizer/data/common_names.json).

Reads ../shared/summaries-train/orangesum-train.jsonl (OrangeSum training split: 5,000 French news
articles) and counts, for each name as the corpus step reads names (a capitalised word, stop words
out, folded to its STEM-letter stem: `ArticleText.names`), the share of articles that use it.
Names in at least SHARE of them ("Paris", "Macron", "Trump") name no one event: two articles in
two languages that share them and nothing else are not linked on them (`SHARED_ANCHORS`).
Never run on the dev sets.

Usage: python benchmarks/learn_common_names.py [--train PATH] [--write]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# A name in at least this share of news articles is common (1%: "Paris" is in 20% of them,
# "Hidalgo" in 1.7%, "Ghosn" in 0.3%).
SHARE = 0.01


def main() -> None:
    from summarizer.corpus import ArticleText

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--train", type=Path,
                        default=ROOT.parent / "shared" / "summaries-train" / "orangesum-train.jsonl")  # fmt: skip
    parser.add_argument("--write", action="store_true", help="write summarizer/data/common_names.json")
    args = parser.parse_args()
    df: Counter[str] = Counter()
    n = 0
    for line in args.train.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        n += 1
        df.update(ArticleText(id=str(n), title=record["title"], sentences=[record["article"]]).names())
    names = sorted(w for w, c in df.items() if c >= SHARE * n)
    print(f"{n} articles; {len(df)} names; {len(names)} in at least {SHARE:.0%} of the articles")
    print(", ".join(w for w, _ in df.most_common(40)))
    if args.write:
        target = ROOT / "summarizer" / "data" / "common_names.json"
        about = (f"Names (as ArticleText.names reads them) in at least {SHARE:.0%} of {n} OrangeSum training "
                 "articles: too common in news to tie two articles in two languages to one event. Rebuild: "
                 "python benchmarks/learn_common_names.py --write")  # fmt: skip
        payload = {"about": about, "share": SHARE, "articles": n, "names": names}
        target.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"written {target} ({target.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
