"""Session-built tiny MarianMT models (random weights, sentencepiece trained on the seeds)."""

from __future__ import annotations

from pathlib import Path

from summarizer.testing import build_marian
from tests.conftest import PAGES, SEEDS


def corpus_lines() -> list[str]:
    lines = [line for f in sorted(SEEDS.glob("*.txt")) for line in f.read_text(encoding="utf-8").splitlines()]
    lines += [line for f in sorted(PAGES.glob("*.md")) for line in f.read_text(encoding="utf-8").splitlines()]
    return lines


def build_pair(root: Path) -> dict[str, Path]:
    texts = corpus_lines()
    return {
        "fr": build_marian(root / "tiny-fr-en", texts, seed=1),
        "de": build_marian(root / "tiny-de-en", texts, seed=2),
    }
