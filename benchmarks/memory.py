"""Peak memory of `summarizer clean --json` and `summarizer digest` against the number of HTML pages.

Pages are the real HTML pages of ../shared/extract-dev, each copy made distinct (its digits
changed and a paragraph of its own added, so no two pages are copies of one story and none is
merged). Every run is its own process; its peak RSS is read from the kernel (`os.wait4`), so a
run's memory is its own. Memory must stay flat (within 20%) from the smallest to the largest size:
pages stream through both passes, and what is kept per page (template keys, summaries) is small.

Usage: python benchmarks/memory.py [--data ../shared/extract-dev] [--sizes 100 1000]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORDS = ["Rathaus", "Gemeinde", "Bürgermeister", "Haushalt", "Schule", "Brücke", "Verkehr", "Polizei", "Feuerwehr", "Gericht", "Klinik", "Bahnhof", "Landkreis", "Stadtrat", "Umbau", "Messe", "Verein", "Wahl", "Ausstellung", "Hafen"]  # fmt: skip


def make_corpus(pages: list[Path], root: Path, count: int, seed: int = 0) -> None:
    rng = random.Random(seed)
    root.mkdir(parents=True)
    for i in range(count):
        html = pages[i % len(pages)].read_bytes().decode("utf-8", errors="replace")
        html = re.sub(r"(?<=>)([^<]*?)(\d+)", lambda m: m.group(1) + str(rng.randint(1, 9999)), html)
        extra = " ".join(rng.choice(WORDS) for _ in range(40))
        html = html.replace("</article>", f"<p>Nachtrag {i}: {extra}.</p></article>", 1)
        (root / f"page{i:05d}.html").write_text(html, encoding="utf-8")


def measure(args: list[str]) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one CLI run in its own process."""
    start = time.perf_counter()
    with open(os.devnull, "w") as sink:
        proc = subprocess.Popen(
            [sys.executable, "-m", "summarizer", *args], stdout=sink, stderr=subprocess.PIPE
        )
        assert proc.stderr is not None
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):  # 1: some page failed, which the digest reports
        raise SystemExit(f"summarizer {' '.join(args)} failed ({proc.returncode}): {err.decode()[-2000:]}")
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "extract-dev")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    args = parser.parse_args()
    pages = sorted((args.data / "pages").glob("*.html"))
    if not pages:
        raise SystemExit(f"no HTML pages in {args.data / 'pages'} (this benchmark reads ../shared)")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            corpus = Path(tmp) / f"corpus{size}"
            make_corpus(pages, corpus, size)
            cache = Path(tmp) / f"cache{size}"
            clean = measure(["clean", str(corpus), "--json", "--cache-dir", str(cache)])
            digest = measure(["digest", str(corpus), "--no-translate", "--no-incremental", "--quiet",
                              "-o", str(Path(tmp) / f"out{size}"), "--cache-dir", str(cache)])  # fmt: skip
            rows.append((size, clean, digest))
    print(f"HTML pages from {args.data}, each made distinct")
    print(
        "| pages | clean --json: s | clean --json: peak RSS (MB) | digest --no-translate: s | digest: peak RSS (MB) |"
    )
    print("|---|---|---|---|---|")
    for size, (cs, cm), (ds, dm) in rows:
        print(f"| {size:,} | {cs:.1f} | {cm:.0f} | {ds:.1f} | {dm:.0f} |")
    first, last = rows[0], rows[-1]
    print(
        f"peak RSS {last[0]:,} / {first[0]:,} pages: clean --json {last[1][1] / first[1][1]:.2f}×, "
        f"digest {last[2][1] / first[2][1]:.2f}×"
    )


if __name__ == "__main__":
    main()
