"""Translation: real tiny models through the user's code path, plus orchestration with fakes."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summarizer.backends.cache import TranslationCache
from summarizer.backends.translators import Decoding, convert_to_ctranslate2
from summarizer.cli import app
from summarizer.models import Block, Document, Sentence
from summarizer.translate import TranslationStage, is_loop, normalise_for_mt
from tests.conftest import SEEDS


def _digest(out: Path, *extra: str) -> dict[str, Any]:
    result = CliRunner().invoke(app, ["digest", str(SEEDS), "-o", str(out), *extra])
    assert result.exit_code == 0, result.output
    return json.loads((out / "digest.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_missing_models_stop_before_any_output(tmp_path: Path) -> None:
    # Models are needed only by pages in their language (an English corpus needs none), so the
    # run stops at the first French batch: one line, exit 2, and nothing written yet.
    result = CliRunner().invoke(app, ["digest", str(SEEDS), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "opus-mt-fr-en" in result.output and "models pull" in result.output
    assert "--no-translate" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_digest_with_tiny_models_and_cache(tiny_models: dict[str, Path], tmp_path: Path) -> None:
    flags = ["--model", f"fr={tiny_models['fr']}", "--model", f"de={tiny_models['de']}",
             "--cache-dir", str(tmp_path / "cache")]  # fmt: skip
    first = _digest(tmp_path / "out1", *flags)
    stats = first["stats"]["translation"]
    assert stats["backends"]["fr"].startswith("transformers:")
    assert stats["model_calls"] > 0 and stats["from_cache"] == 0
    assert stats["by_language"]["fr"] > 50
    # Kept English lines pass through; the removed tweet is never translated.
    assert stats["passthrough_english"] == 0
    assert stats["translated"] + sum(stats["untranslated"].values()) > 0
    assert all(a["translated"] for a in first["articles"])
    # Structure: the English text has the same paragraphs as the cleaned source.
    for article in first["articles"]:
        clean = (tmp_path / "out1" / "articles" / f"{article['id']}.clean.txt").read_text(encoding="utf-8")
        english = (tmp_path / "out1" / "articles" / f"{article['id']}.en.md").read_text(encoding="utf-8")
        assert len(english.split("\n\n")) - 1 == len(clean.split("\n\n"))
    # A re-run takes every unchanged page from the page cache: no model call, same articles.
    second = _digest(tmp_path / "out2", *flags)
    assert second["stats"]["pages_from_cache"] == 5
    assert second["stats"]["translation"]["model_calls"] == 0
    assert second["articles"] == first["articles"]
    # Without the page cache, every sentence comes from the translation cache.
    third = _digest(tmp_path / "out3", *flags, "--no-incremental")
    again = third["stats"]["translation"]
    assert third["stats"]["pages_from_cache"] == 0
    assert again["model_calls"] == 0
    assert again["from_cache"] > 0
    assert third["articles"] == first["articles"]


@pytest.mark.slow
def test_ctranslate2_backend_on_converted_tiny_model(tiny_models: dict[str, Path], tmp_path: Path) -> None:
    for path in tiny_models.values():
        target = path.parent / f"{path.name}-ct2-int8"
        if not target.exists():
            convert_to_ctranslate2(path, target)
        assert (target / "model.bin").is_file()
    flags = ["--model", f"fr={tiny_models['fr']}", "--model", f"de={tiny_models['de']}",
             "--cache-dir", str(tmp_path / "cache"), "--backend", "ctranslate2"]  # fmt: skip
    digest = _digest(tmp_path / "out", *flags)
    stats = digest["stats"]["translation"]
    assert stats["backends"]["fr"].startswith("ctranslate2:")
    assert stats["model_calls"] > 0


class FakeTranslator:
    """Records calls; 'translates' by tagging, so routing and order are visible."""

    name = "fake"

    def __init__(self, src: str, *, loop_first: bool = False, max_tokens: int = 400) -> None:
        self.src, self.tgt, self.model_id = src, "en", f"fake-{src}"
        self.calls = 0
        self.batches: list[list[str]] = []
        self.loop_first = loop_first
        self.max_tokens = max_tokens

    def load(self) -> None:
        return None

    def fingerprint(self) -> str:
        return "0"

    @property
    def max_input_tokens(self) -> int:
        return self.max_tokens

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return [len(t.split()) + 1 for t in texts]

    def translate_batch(self, texts: Sequence[str], decoding: Decoding) -> list[str]:
        self.calls += 1
        self.batches.append(list(texts))
        if self.loop_first and decoding.beam == 1:
            return ["the the the the the the the the" for _ in texts]
        return [f"[{self.src}>en] {t}" for t in texts]


def _doc(*sentences: tuple[str, str]) -> Document:
    blocks = [Block(n=i + 1, source=t, text=t, lang=lang, sentences=[Sentence(text=t, lang=lang)])
              for i, (t, lang) in enumerate(sentences)]  # fmt: skip
    return Document(id="d", path="d.txt", lines=[], format="txt", blocks=blocks)


def test_routing_order_and_passthrough() -> None:
    fr, de = FakeTranslator("fr"), FakeTranslator("de")
    stage = TranslationStage({"fr": fr, "de": de})
    doc = _doc(("Bonjour à tous les lecteurs.", "fr"), ("Guten Tag allerseits, liebe Leser.", "de"),
               ("Hello everyone, dear readers.", "en"), ("Au revoir et à demain.", "fr"))  # fmt: skip
    stage.translate_documents([doc])
    assert [b.translation for b in doc.blocks] == [
        "[fr>en] Bonjour à tous les lecteurs.", "[de>en] Guten Tag allerseits, liebe Leser.",
        "Hello everyone, dear readers.", "[fr>en] Au revoir et à demain.",
    ]  # fmt: skip
    assert fr.calls == 1 and de.calls == 1
    assert stage.stats.passthrough == 1


def test_cache_means_no_second_model_call(tmp_path: Path) -> None:
    fr = FakeTranslator("fr")
    cache = TranslationCache(tmp_path / "t.sqlite3")
    TranslationStage({"fr": fr}, cache=cache).translate_texts("fr", ["Une phrase à traduire ici."])
    stage = TranslationStage({"fr": fr}, cache=TranslationCache(tmp_path / "t.sqlite3"))
    assert stage.translate_texts("fr", ["Une phrase à traduire ici."]) == [
        "[fr>en] Une phrase à traduire ici."
    ]
    assert fr.calls == 1 and stage.stats.from_cache == 1


def test_guards_retry_then_accept() -> None:
    fr = FakeTranslator("fr", loop_first=True)
    stage = TranslationStage({"fr": fr})
    out = stage.translate_texts("fr", ["Accueil Monde Europe Politique Économie Culture"])
    assert out == ["[fr>en] Accueil Monde Europe Politique Économie Culture"]
    assert stage.stats.retried == 1 and fr.calls == 2


def test_guards_keep_the_source_when_the_retry_fails_too() -> None:
    class Looping(FakeTranslator):
        def translate_batch(self, texts: Sequence[str], decoding: Decoding) -> list[str]:
            self.calls += 1
            return ["la la la la la la la la la la" for _ in texts]

    stage = TranslationStage({"fr": Looping("fr")})
    assert stage.translate_texts("fr", ["Une phrase tout à fait normale."]) == [
        "Une phrase tout à fait normale."
    ]
    assert stage.stats.untranslated == {"untranslated-loop": 1}


def test_urls_and_handles_pass_through_and_long_sentences_split() -> None:
    fr = FakeTranslator("fr", max_tokens=8)
    stage = TranslationStage({"fr": fr})
    [out] = stage.translate_texts("fr", ["Voir https://t.co/abc, selon @CNN, la suite arrive bientôt."])
    assert "https://t.co/abc," in out and "@CNN" in out
    assert all("https://" not in t for batch in fr.batches for t in batch)
    long = "Un, deux, trois, quatre, cinq, six, sept, huit, neuf, dix, onze, douze, treize, quatorze."
    [out] = stage.translate_texts("fr", [long])
    assert stage.stats.split_long == 1
    assert out.count("[fr>en]") >= 2
    assert all(len(t.split()) + 1 <= 8 for batch in fr.batches for t in batch)


def test_normalisation_and_loop_detection() -> None:
    assert normalise_for_mt("« Environ 3\u202f000 soldats »") == '"Environ 3 000 soldats"'
    assert is_loop("the the the the war")
    assert not is_loop("North Korea has sent troops to Russia.")


def test_cross_language_duplicate_confirmed_on_english() -> None:
    class Mirror(FakeTranslator):
        def translate_batch(self, texts: Sequence[str], decoding: Decoding) -> list[str]:
            self.calls += 1
            return ["North Korea supports Russia with troops and weapons." for _ in texts]

    doc = _doc(("La Corée du Nord soutient la Russie avec des troupes.", "fr"),
               ("Nordkorea unterstützt Russland mit Truppen und Waffen.", "de"))  # fmt: skip
    doc.blocks[1].keep, doc.blocks[1].reason = False, "cross-language-duplicate-of:1"
    stage = TranslationStage({"fr": Mirror("fr"), "de": Mirror("de")})
    stage.translate_documents([doc])
    assert not doc.blocks[1].keep and stage.stats.cross_language_confirmed == 1
