"""Language detection: both backends, the page context for short lines, per-sentence languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.backends.langid import make_detector
from summarizer.detect import detect_document, language_mix
from summarizer.lexicon import load_lexicon
from summarizer.models import Document, SourceLine
from summarizer.segment import segment_document
from tests.conftest import LANGID

LANGS = ("fr", "de", "en")


def _doc(*lines: str) -> Document:
    doc = Document(id="x", path="x.txt", format="txt",
                   lines=[SourceLine(n=i + 1, text=t) for i, t in enumerate(lines)])  # fmt: skip
    doc.blocks = segment_document(doc)
    return doc


def _accuracy(detector_name: str, kind: str, limit: int | None = None) -> float:
    detector = make_detector(detector_name, LANGS)
    right = total = 0
    for lang in LANGS:
        path = LANGID / f"{kind}-{lang}.txt"
        items = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()][:limit]
        for scores in detector.scores_batch(items):
            right += bool(scores) and max(scores, key=scores.__getitem__) == lang
        total += len(items)
    return right / total


def test_lingua_meets_the_accuracy_goals_on_public_data() -> None:
    assert _accuracy("lingua", "sentences") >= 0.995
    assert _accuracy("lingua", "word-pairs") >= 0.97


def test_langdetect_backend_runs_restricted_and_deterministic() -> None:
    first = _accuracy("langdetect", "sentences", limit=100)
    again = _accuracy("langdetect", "sentences", limit=100)
    assert first == again >= 0.97


@pytest.mark.parametrize("detector", ["lingua", "langdetect"])
def test_short_lines_take_the_language_around_them(detector: str) -> None:
    doc = _doc(
        "Nordkorea schickt Tausende Soldaten nach Russland, berichtet der Geheimdienst.",
        "Teilen",
        "22.11.2024 · 10:28",
        "Die Regierung in Seoul zeigte sich besorgt über die Entwicklung und beriet am Abend.",
    )
    detect_document(doc, make_detector(detector, LANGS), load_lexicon(LANGS))
    assert [b.lang for b in doc.blocks] == ["de", "de", "de", "de"]


def test_a_line_mixing_languages_gets_per_sentence_languages() -> None:
    doc = _doc(
        "Le ministre a réagi mardi soir devant la presse à Paris. "
        "„Wir werden die Ukraine weiter mit allen Mitteln unterstützen“, hat der Bundeskanzler erklärt. "
        "Il a ensuite quitté la salle sans répondre aux questions des journalistes."
    )
    detect_document(doc, make_detector("lingua", LANGS), load_lexicon(LANGS))
    block = doc.blocks[0]
    assert [s.lang for s in block.sentences] == ["fr", "de", "fr"]
    assert block.lang == "fr"
    mix = language_mix(doc.blocks)
    assert set(mix) == {"fr", "de"} and mix["fr"] > mix["de"]


def test_an_english_embed_in_a_french_page_stays_english(tmp_path: Path) -> None:
    doc = _doc(
        "Le secrétaire américain à la Défense a confirmé la présence de troupes en Russie.",
        "Secretary of Defense Lloyd Austin says North Korea has deployed troops to Russia https://t.co/x",
        "— CNN (@CNN) October 23, 2024",
        "Cette annonce a été faite lors d'une conférence de presse à Rome.",
    )
    detect_document(doc, make_detector("lingua", LANGS), load_lexicon(LANGS))
    assert [b.lang for b in doc.blocks] == ["fr", "en", "en", "fr"]
