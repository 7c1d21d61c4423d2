"""Hostile pages: time and peak memory of one `summarizer digest` run per page, at doubling sizes.

Each generator writes one page of a hostile shape; the page goes through the whole pipeline
(`summarizer digest PAGE --no-translate`, in its own process: its peak RSS is read from the
kernel with `os.wait4`). Sizes double up to just under the default `--max-bytes` (5 MB), so the
largest is the worst page a default run accepts. The bound: time and memory grow at most
linearly (each doubling at most GROWTH× the previous, start-up included), and no page takes
more than LIMIT_S seconds or LIMIT_MB of memory.

Usage: python benchmarks/hostile.py [--largest 4800000] [--only long-token ...]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

LIMIT_S = 10.0
LIMIT_MB = 1024.0
GROWTH = 2.5  # a doubling may cost up to this factor (linear is 2, plus noise)
# Generators whose largest page is smaller than --largest (the largest accepted of its kind).
LARGEST = {"long-read": 4_900 * 92}

SENTENCES = [
    "Le conseil municipal de Lyon a voté mardi un budget de {n} millions d'euros pour les écoles.",
    "Die Stadtverwaltung teilte mit, dass {n} neue Wohnungen bis zum Jahr 2030 gebaut werden sollen.",
    "Selon la préfecture, {n} personnes ont participé à la manifestation dans le centre-ville.",
    "Der Bürgermeister sagte, die Sanierung der Brücke koste rund {n} Millionen Euro.",
]


def _prose(size: int) -> str:
    out, i = [], 0
    total = 0
    while total < size:
        sentence = SENTENCES[i % len(SENTENCES)].format(n=1000 + 7 * i)
        out.append(sentence)
        total += len(sentence.encode("utf-8")) + 1
        i += 1
    return " ".join(out)


def long_token(size: int) -> tuple[str, str]:
    return "page.txt", "Titre de la page\n" + "a" * size + "\n"


def at_token(size: int) -> tuple[str, str]:
    return "page.txt", "Titre de la page\n" + "a@" * (size // 2) + "\n"


def huge_line(size: int) -> tuple[str, str]:
    return "page.txt", "Budget municipal\n" + _prose(size) + "\n"


def long_read(size: int) -> tuple[str, str]:
    """One line of prose as long as a page may be (sizes up to 4,900 sentences, under the
    ingest cap of 5,000: larger is the `huge-line` case, refused)."""
    return "page.txt", "Budget municipal\n" + _prose(size) + "\n"


def tiny_paragraphs(size: int) -> tuple[str, str]:
    return "page.html", "<html><body><article>" + "<p>a</p>" * (size // 8) + "</article></body></html>"


def deep_html(size: int) -> tuple[str, str]:
    depth = size // 11
    return "page.html", ("<html><body>" + "<div>" * depth + "<p>Le conseil municipal a voté le budget.</p>"
                         + "</div>" * depth + "</body></html>")  # fmt: skip


def deep_json(size: int) -> tuple[str, str]:
    depth = size // 7
    return "page.json", '{"title": "Budget", "text": ' + '{"a": ' * depth + "1" + "}" * depth + "}"


def huge_numbers(size: int) -> tuple[str, str]:
    line = "Le déficit atteint {d} euros, la dette {d} euros et les pertes {d} euros selon le rapport publié hier."
    digits = "9" * 600
    lines, total = ["Un déficit record"], 0
    while total < size:
        lines.append(line.format(d=digits))
        total += len(lines[-1]) + 1
    return "page.txt", "\n".join(lines) + "\n"


def markdown_markup(size: int) -> tuple[str, str]:
    """Markdown lines of unclosed emphasis and brackets ("*a *a …", "[[[…", "[a]([a](…")."""
    shapes = ["*a " * 2000, "_a " * 2000, "[" * 6000, "[a](" * 1500, "**x " * 1500]
    lines, total = ["# Budget municipal"], 0
    while total < size:
        lines.append(shapes[len(lines) % len(shapes)])
        total += len(lines[-1]) + 1
    return "page.md", "\n".join(lines) + "\n"


GENERATORS: dict[str, Callable[[int], tuple[str, str]]] = {
    "long-token": long_token, "at-token": at_token, "huge-line": huge_line, "long-read": long_read,
    "tiny-paragraphs": tiny_paragraphs, "deep-html": deep_html, "deep-json": deep_json,
    "huge-numbers": huge_numbers, "markdown-markup": markdown_markup,
}  # fmt: skip


def run_page(name: str, text: str, tmp: Path) -> dict[str, float | int | str]:
    folder = tmp / "in"
    folder.mkdir(parents=True)
    page = folder / name
    page.write_text(text, encoding="utf-8")
    args = [sys.executable, "-m", "summarizer", "digest", str(page), "--no-translate", "--no-incremental",
            "--quiet", "-o", str(tmp / "out"), "--cache-dir", str(tmp / "cache")]  # fmt: skip
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read().decode("utf-8", errors="replace")
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    proc.returncode = code
    outcome = "article" if code == 0 else f"exit {code}"
    if code == 1:
        digest = json.loads((tmp / "out" / "digest.json").read_text(encoding="utf-8"))
        outcome = f"page error: {digest['errors'][0]['error'][:60]}" if digest["errors"] else "exit 1"
    if code not in (0, 1) or outcome == "exit 1":
        outcome += ": " + err.strip().splitlines()[-1][:80] if err.strip() else ""
    return {
        "bytes": page.stat().st_size,
        "seconds": seconds,
        "rss_mb": usage.ru_maxrss / 1024,
        "outcome": outcome,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--largest", type=int, default=4_800_000, help="bytes of the largest page")
    parser.add_argument("--only", nargs="+", choices=sorted(GENERATORS), help="run these generators only")
    args = parser.parse_args()
    print(
        "one page per run, `summarizer digest PAGE --no-translate`; three sizes doubling up to "
        f"{args.largest:,} bytes (long-read: up to {LARGEST['long-read']:,}, its largest accepted page)"
    )
    print("| generator | bytes | seconds | peak RSS (MB) | time growth | RSS growth | outcome |")
    print("|---|---|---|---|---|---|---|")
    failures = []
    for gen in args.only or GENERATORS:
        previous = None
        largest = min(args.largest, LARGEST.get(gen, args.largest))
        for size in (largest // 4, largest // 2, largest):
            name, text = GENERATORS[gen](size)
            with tempfile.TemporaryDirectory() as tmp:
                r = run_page(name, text, Path(tmp))
            t_growth = f"{r['seconds'] / previous['seconds']:.2f}×" if previous else "–"
            m_growth = f"{r['rss_mb'] / previous['rss_mb']:.2f}×" if previous else "–"
            print(f"| {gen} | {r['bytes']:,} | {r['seconds']:.1f} | {r['rss_mb']:.0f} | {t_growth} | {m_growth} "
                  f"| {r['outcome']} |", flush=True)  # fmt: skip
            if r["seconds"] > LIMIT_S or r["rss_mb"] > LIMIT_MB:
                failures.append(f"{gen} at {r['bytes']:,} bytes: {r['seconds']:.1f} s, {r['rss_mb']:.0f} MB")
            if previous and (
                r["seconds"] > GROWTH * previous["seconds"] or r["rss_mb"] > GROWTH * previous["rss_mb"]
            ):
                failures.append(f"{gen}: more than linear growth at {r['bytes']:,} bytes")
            previous = r
    print()
    print(
        "bound met: every page ≤ 10 s and ≤ 1 GB, growth at most linear"
        if not failures
        else "NOT met: " + "; ".join(failures)
    )


if __name__ == "__main__":
    main()
