"""Run the stages in order over a stream of documents: ingest → segment → detect → clean → …"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from summarizer.backends.langid import LanguageDetector, make_detector
from summarizer.clean import Cleaner, TemplateIndex
from summarizer.detect import detect_document
from summarizer.errors import InputError
from summarizer.ingest import read_documents
from summarizer.lexicon import Lexicon, load_lexicon
from summarizer.models import ArticleSummary, Digest, Document, PageError
from summarizer.segment import segment_document
from summarizer.settings import Settings
from summarizer.summarize import Summarizer

if TYPE_CHECKING:
    from summarizer.translate import TranslationStage

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int | None], None]


def _no_progress(stage: str, done: int, total: int | None) -> None:
    return None


@dataclass(slots=True)
class RunStats:
    """What each stage did, shown in the end-of-run report and the digest."""

    pages: int = 0
    errors: int = 0
    lines: int = 0
    removed: dict[str, int] = field(default_factory=dict)

    def count(self, doc: Document) -> None:
        self.pages += 1
        for block in doc.blocks:
            if block.is_blank:
                continue
            self.lines += 1
            if not block.keep and block.reason:
                code = block.reason.split(":")[0]
                self.removed[code] = self.removed.get(code, 0) + 1


class CleaningPipeline:
    """The per-page stages up to cleaning, with the corpus-wide template pass made explicit.

    Pass one (`count_templates`) reads every page and counts lines across pages; pass two
    (`documents`) streams the pages again and decides every line. Both engines run the same two
    passes, so they remove the same lines.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        detector: LanguageDetector | None = None,
        exclude: tuple[Path, ...] = (),
        progress: Progress = _no_progress,
    ) -> None:
        self.settings = settings
        self.lexicon: Lexicon = load_lexicon(settings.languages)
        self.detector = detector or make_detector(settings.detector, settings.languages)
        self.exclude = (*tuple(exclude), settings.cache_dir)
        self.progress = progress
        self.stats = RunStats()

    def _read(self, root: Path) -> Iterator[Document | PageError]:
        if not root.exists() and not os.path.islink(root):
            raise InputError(f"input not found: {root}")
        return read_documents(root, max_bytes=self.settings.max_bytes, exclude=self.exclude)

    def count_templates(self, root: Path) -> TemplateIndex:
        """Pass one: count in how many pages each line occurs."""
        index = TemplateIndex(min_pages=self.settings.template_min_pages)
        for item in self._read(root):
            if isinstance(item, Document):
                index.add(line.text for line in item.lines)
                self.progress("count", index.pages, None)
        return index

    def process(self, doc: Document, templates: TemplateIndex | None) -> Document:
        """Segment, detect and clean one document (pure per-page work)."""
        doc.blocks = segment_document(doc)
        detect_document(doc, self.detector, self.lexicon)
        Cleaner(lexicon=self.lexicon, templates=templates).clean(doc)
        return doc

    def documents(self, root: Path, templates: TemplateIndex | None = None
                  ) -> Iterator[Document | PageError]:  # fmt: skip
        """Pass two: stream cleaned documents (and the pages that failed)."""
        if templates is None:
            templates = self.count_templates(root)
        done = 0
        for item in self._read(root):
            if isinstance(item, PageError):
                self.stats.errors += 1
                yield item
                continue
            self.process(item, templates)
            self.stats.count(item)
            done += 1
            self.progress("clean", done, templates.pages)
            yield item


def article_sentences(doc: Document) -> tuple[list[str], list[str]]:
    """The kept body sentences of a page: in English where translated, and as in the source."""
    english: list[str] = []
    source: list[str] = []
    for block in doc.kept_blocks:
        if block.role not in ("body", "quote"):
            continue
        for sentence in block.sentences:
            text = sentence.translation if sentence.translation is not None else sentence.text
            if text.strip():
                english.append(text.strip())
                source.append(sentence.text.strip())
    return english, source


def run_digest(
    root: Path,
    out_dir: Path,
    settings: Settings,
    *,
    translation: TranslationStage | None = None,
    summarizer: Summarizer | None = None,
    detector: LanguageDetector | None = None,
    progress: Progress = _no_progress,
    batch_pages: int = 64,
) -> Digest:
    """The whole pipeline over `root`, writing digest.md, digest.json and articles/ into `out_dir`.

    Pages stream through in batches of `batch_pages` (translation batches across pages); only
    what the corpus step needs (titles and kept sentences) stays in memory.
    """
    from summarizer.detect import language_mix
    from summarizer.render import (
        clean_text,
        digest_html,
        digest_json,
        digest_markdown,
        english_text,
        write_atomic,
        write_json,
    )
    from summarizer.summarize import ArticleText, build_stories

    if summarizer is None:
        from summarizer.backends.summarizers import make_summarizer

        summarizer = make_summarizer(settings)
    stages = CleaningPipeline(settings, detector=detector, exclude=(out_dir,), progress=progress)
    articles: list[ArticleSummary] = []
    texts: list[ArticleText] = []
    errors: list[PageError] = []
    batch: list[Document] = []

    def flush() -> None:
        if translation is not None and batch:
            translation.translate_documents(batch)
        for doc in batch:
            title = doc.display_title
            sentences, sources = article_sentences(doc)
            summary = summarizer.summarize(sentences, title=title) if sentences else [title]
            articles.append(ArticleSummary(
                id=doc.id, path=doc.path, title=title,
                languages=language_mix(doc.kept_blocks),
                summary=summary,
                removed=[(b.n, b.reason or "", b.text) for b in doc.blocks if not b.keep],
                kept_lines=len(doc.kept_blocks),
                translated=translation is not None,
            ))  # fmt: skip
            texts.append(ArticleText(id=doc.id, title=title, sentences=sentences, sources=sources))
            write_atomic(out_dir / "articles" / f"{doc.id}.clean.txt", clean_text(doc))
            write_atomic(out_dir / "articles" / f"{doc.id}.en.md", f"# {title}\n\n{english_text(doc)}")
            progress("summarize", len(articles), None)
        batch.clear()

    for item in stages.documents(root):
        if isinstance(item, PageError):
            errors.append(item)
            continue
        batch.append(item)
        if len(batch) >= batch_pages:
            flush()
    flush()
    stories = build_stories(texts)
    stats = stages.stats
    digest = Digest(articles=articles, stories=stories, errors=errors, stats={
        "pages": stats.pages, "errors": len(errors), "lines": stats.lines,
        "removed": dict(sorted(stats.removed.items())),
        "translation": translation.stats.as_dict() if translation is not None else None,
        "summarizer": {"name": summarizer.name, **dict(getattr(summarizer, "stats", {}))},
    })  # fmt: skip
    if "json" in settings.formats:
        write_json(out_dir / "digest.json", digest_json(digest))
    if "md" in settings.formats:
        write_atomic(out_dir / "digest.md", digest_markdown(digest))
    if "html" in settings.formats:
        write_atomic(out_dir / "digest.html", digest_html(digest))
    return digest
