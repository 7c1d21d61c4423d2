"""Run the stages in order over a stream of documents: ingest → segment → detect → clean → …"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import os
import pickle
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from summarizer.backends.langid import LanguageDetector, make_detector
from summarizer.backends.threads import process_alive
from summarizer.clean import Cleaner, TemplateIndex, body_fingerprint, page_date, site_of
from summarizer.corpus import ArticleText
from summarizer.detect import detect_document
from summarizer.errors import InputError
from summarizer.ingest import OUTPUT_MARKER, read_documents
from summarizer.lexicon import Lexicon, load_lexicon
from summarizer.models import (
    ArticleSummary,
    Block,
    Digest,
    Document,
    PageError,
    Repair,
    Sentence,
    SourceLine,
    Story,
)
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

    def as_dict(self, *, errors: int, pages_from_cache: int) -> dict[str, Any]:
        """The digest's page and line counts (the same keys for either engine)."""
        return {"pages": self.pages, "errors": errors, "lines": self.lines,
                "pages_from_cache": pages_from_cache, "removed": dict(sorted(self.removed.items()))}  # fmt: skip

    def count(self, doc: Document) -> None:
        self.pages += 1
        for block in doc.blocks:
            if block.is_blank:
                continue
            self.lines += 1
            if not block.keep and block.reason:
                code = block.reason.split(":")[0]
                self.removed[code] = self.removed.get(code, 0) + 1


# One input (a page, a folder, a glob) or several.
Inputs = Path | Sequence[Path]


def as_roots(root: Inputs) -> tuple[Path, ...]:
    """The inputs of a run as a tuple, in the order given."""
    return (root,) if isinstance(root, Path) else tuple(root)


def check_inputs(root: Inputs) -> tuple[Path, ...]:
    """The inputs of a run, each checked to exist (or, for a glob, to match a file), and none of
    them an output folder of an earlier run."""
    from summarizer.ingest import output_folder_of, split_glob

    roots = as_roots(root)
    for one in roots:
        pattern = split_glob(one)
        if pattern is not None:
            matches = list(pattern[0].glob(pattern[1]))
            if not matches:
                raise InputError(f"no file matches {one}")
            if all(output_folder_of(m) is not None for m in matches):
                raise InputError(f"every file matching {one} is an output of summarizer, not a page")
        elif not one.exists() and not os.path.islink(one):
            raise InputError(f"input not found: {one}")
        elif (folder := output_folder_of(one)) is not None:
            raise InputError(
                f"{one} is an output of summarizer (its folder {folder} holds {OUTPUT_MARKER}), "
                "not a folder of pages"
            )
    return roots


def check_output(out_dir: Path, root: Inputs) -> None:
    """Refuse, before any work, an output that is a file, lies inside an input folder, or
    cannot be written (the tool never writes into its input)."""
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"output {out_dir} is a file, not a folder: give -o a folder")
    target = out_dir.resolve()
    for one in as_roots(root):
        if one.is_dir() and target.is_relative_to(one.resolve()):
            raise InputError(
                f"output {out_dir} is inside the input folder {one}: choose a folder outside it "
                "(summarizer never writes into its input)"
            )
    if out_dir.is_dir() and not (out_dir / OUTPUT_MARKER).is_file() and any(out_dir.iterdir()):
        raise InputError(
            f"output {out_dir} holds files that summarizer did not write: give a new or empty folder "
            "(a digest replaces its output folder as a whole)"
        )
    check_writable(out_dir, "output")


def check_cache_outside(cache_dir: Path, out_dir: Path) -> None:
    """The cache may not live inside the output folder: a digest replaces that folder whole."""
    if cache_dir.resolve().is_relative_to(out_dir.resolve()):
        raise InputError(f"cache folder {cache_dir} is inside the output folder {out_dir}: "
                         "give --cache-dir outside it")  # fmt: skip


@contextmanager
def staged_output(out_dir: Path) -> Iterator[Path]:
    """A run's outputs, all or nothing: written into a hidden sibling folder that replaces
    `out_dir` only once the digest is complete. A failed run leaves the previous digest whole;
    article files of pages no longer in the corpus go with the old folder; the leftovers of a
    killed run are removed by the next one."""
    target = out_dir.absolute()
    parent, name = target.parent, target.name
    parent.mkdir(parents=True, exist_ok=True)
    for stale in parent.glob(f".{name}.*-*"):
        kind, _, pid = stale.name.rpartition("-")
        if kind in (f".{name}.partial", f".{name}.old") and pid.isdigit() and not process_alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)
    stage = parent / f".{name}.partial-{os.getpid()}"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir()
    try:
        yield stage
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    old = parent / f".{name}.old-{os.getpid()}"
    if target.exists():
        os.rename(target, old)
    os.rename(stage, target)
    shutil.rmtree(old, ignore_errors=True)


def check_writable(folder: Path, what: str) -> None:
    """One clear error, before any work, when `folder` (or the folder it would be made in)
    cannot be written."""
    target = folder.resolve()
    existing = next((p for p in (target, *target.parents) if p.exists()), None)
    if existing is not None and (not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK)):
        raise InputError(f"{what} {folder} cannot be written ({existing} is not a writable folder)")


def no_pages_found(roots: Sequence[Path]) -> InputError:
    """The error of a run given no page at all (exit 2): which files would have counted."""
    from summarizer.ingest import EXTENSIONS

    where = ", ".join(str(r) for r in roots)
    kinds = " ".join(sorted(EXTENSIONS, key=list(EXTENSIONS).index))
    return InputError(f"no pages found in {where}: pages are files ending in {kinds} "
                      "(hidden files and folders are skipped)")  # fmt: skip


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
        self._total: int | None = None
        self._roots: tuple[Path, ...] = ()
        self._spool: tuple[tuple[Path, ...], IO[bytes]] | None = None

    @property
    def total(self) -> int | None:
        """Pages counted by pass one (None before it ran)."""
        return self._total

    def read(self, root: Inputs) -> Iterator[Document | PageError]:
        """The raw pages of `root` (nothing processed yet); every input is checked first.

        After pass one (`count_templates`) the pages come back from its spool file, so each page
        is read and its HTML extracted once per run, not once per pass.
        """
        roots = self._roots = check_inputs(root)
        spool, self._spool = self._spool, None
        if spool is not None and spool[0] == roots:
            return self._replay(spool[1])
        if spool is not None:
            spool[1].close()
        qualified = len(roots) > 1
        return itertools.chain.from_iterable(
            read_documents(one, max_bytes=self.settings.max_bytes, exclude=self.exclude, qualified=qualified)
            for one in roots
        )

    @staticmethod
    def _replay(handle: IO[bytes]) -> Iterator[Document | PageError]:
        with handle:
            handle.seek(0)
            while True:
                try:
                    yield pickle.load(handle)
                except EOFError:
                    return

    def count_templates(self, root: Inputs) -> TemplateIndex:
        """Pass one: count in how many pages each line occurs."""
        index = TemplateIndex(min_pages=self.settings.template_min_pages)
        failed = 0
        # Pages as read, for pass two (a temporary file: memory stays flat in the page count).
        spool = tempfile.TemporaryFile(prefix="summarizer-pages-")  # noqa: SIM115 - read by pass two
        for item in self.read(root):
            pickle.dump(item, spool, protocol=pickle.HIGHEST_PROTOCOL)
            if isinstance(item, Document):
                index.add_document(item)
                self.progress("read", index.pages, None)
            else:
                failed += 1
        if index.pages == 0 and failed == 0:
            spool.close()
            raise no_pages_found(self._roots)
        self._spool = (self._roots, spool)
        self._total = index.pages
        return index

    def process(self, doc: Document, templates: TemplateIndex | None) -> Document:
        """Segment, detect and clean one document (pure per-page work)."""
        doc.blocks = segment_document(doc)
        detect_document(doc, self.detector, self.lexicon)
        Cleaner(lexicon=self.lexicon, templates=templates).clean(doc)
        return doc

    def process_or_error(self, doc: Document, templates: TemplateIndex | None) -> Document | PageError:
        """`process`, with a failure on one page turned into that page's error (the run goes on;
        the traceback is logged at debug level, shown with --debug)."""
        try:
            return self.process(doc, templates)
        except Exception as exc:
            log.debug("page %s failed", doc.path, exc_info=True)
            return PageError(doc.path, f"could not be processed: {type(exc).__name__}: {exc}")

    def documents(self, root: Inputs, templates: TemplateIndex | None = None
                  ) -> Iterator[Document | PageError]:  # fmt: skip
        """Pass two: stream cleaned documents (and the pages that failed)."""
        if templates is None:
            templates = self.count_templates(root)
        done = 0
        for item in self.read(root):
            if isinstance(item, PageError):
                self.stats.errors += 1
                yield item
                continue
            result = self.process_or_error(item, templates)
            if isinstance(result, PageError):
                self.stats.errors += 1
                yield result
                continue
            self.stats.count(item)
            done += 1
            self.progress("clean", done, templates.pages)
            yield item


class CopyIndex:
    """Pages whose story text (prose lines) equals an earlier page's: syndicated copies.

    The first page of a story is its article; each later copy is recorded on it (`copies`) and
    goes no further. Both engines call `first_of` in input order, so both merge the same pages.
    """

    def __init__(self) -> None:
        self._copies: dict[int, list[str]] = {}
        self.merged = 0

    def first_of(self, doc: Document) -> list[str] | None:
        """None for the first page of its story (the list its copies will fill is made ready
        with `copies_for`); the first page's copy list, with this page added, for a copy."""
        body = body_fingerprint(doc)
        if body is None:
            return None
        if body not in self._copies:
            self._copies[body] = []
            return None
        self._copies[body].append(doc.path)
        self.merged += 1
        return self._copies[body]

    def copies_for(self, doc: Document) -> list[str]:
        """The (growing) list of the copies of `doc`'s story: attached to its summary."""
        body = body_fingerprint(doc)
        return self._copies.setdefault(body, []) if body is not None else []


def body_sentences(doc: Document) -> list[Sentence]:
    """The kept body (and quote) sentences of a page that have text."""
    return [sentence for block in doc.kept_blocks if block.role in ("body", "quote")
            for sentence in block.sentences
            if (sentence.translation if sentence.translation is not None else sentence.text).strip()]  # fmt: skip


def article_sentences(doc: Document) -> tuple[list[str], list[str]]:
    """The kept body sentences of a page: in English where translated, and as in the source."""
    return sentence_texts(body_sentences(doc))


def sentence_texts(kept: Sequence[Sentence]) -> tuple[list[str], list[str]]:
    """Sentences as text: in English where translated, and as in the source."""
    english = [(s.translation if s.translation is not None else s.text).strip() for s in kept]
    return english, [s.text.strip() for s in kept]


def code_signature() -> str:
    """Hash of the package's code and data files: cached page results never outlive a change."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".json", ".j2") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def page_signature(settings: Settings, translation: TranslationStage | None, summarizer: Summarizer) -> str:
    """Everything besides the page itself that decides a page's result."""
    parts = {
        "code": code_signature(),
        "languages": settings.languages,
        "detector": settings.detector,
        "template_min_pages": settings.template_min_pages,
        "translation": sorted(f"{lang}={t.model_id}@{t.fingerprint()}:{t.name}"
                              for lang, t in translation.translators.items()) if translation else None,
        "summarizer": [summarizer.name, settings.summarizer_model, settings.summary_sentences,
                       settings.summary_words],
    }  # fmt: skip
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def page_key(doc: Document, templates: TemplateIndex, signature: str) -> str:
    """The page's content, which of its lines are corpus templates now, and the run's settings."""
    site = site_of(doc)
    flags = [i for i, line in enumerate(doc.lines) if templates.is_template(line.text, site)]
    raw = f"{signature}|{doc.id}|{doc.path}|{doc.content_hash}|{flags}"
    return hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()  # non-UTF-8 file names


def page_record(doc: Document, summary: ArticleSummary, text: ArticleText) -> dict[str, Any]:
    """A processed page as plain JSON-ready data (for the page cache and the Ray engine)."""
    return {"doc": asdict(doc), "summary": asdict(summary),
            "text": {"sentences": text.sentences, "sources": text.sources, "languages": text.languages,
                     "title_terms": text.title_terms}}  # fmt: skip


def document_from_record(raw: dict[str, Any]) -> Document:
    """A cleaned page from `asdict(doc)`."""
    blocks = [
        Block(**{**b, "sentences": [Sentence(**x) for x in b["sentences"]],
                 "repairs": [Repair(**r) for r in b["repairs"]]})
        for b in raw["blocks"]
    ]  # fmt: skip
    return Document(**{**raw, "lines": [SourceLine(**x) for x in raw["lines"]], "blocks": blocks})


def page_from_record(data: dict[str, Any]) -> tuple[Document, ArticleSummary, ArticleText]:
    """The inverse of `page_record`."""
    doc = document_from_record(data["doc"])
    summary_raw = data["summary"]
    summary = ArticleSummary(**{**summary_raw, "removed": [tuple(r) for r in summary_raw["removed"]]})
    text = ArticleText(id=doc.id, title=summary.title, date=doc.date, **data["text"])
    return doc, summary, text


def summarise_page(doc: Document, summarizer: Summarizer, *, translated: bool
                   ) -> tuple[Document, ArticleSummary, ArticleText]:  # fmt: skip
    """A cleaned (and translated) page's summary, and the text the corpus step needs."""
    from summarizer.detect import language_mix

    title = doc.display_title
    kept = body_sentences(doc)
    sentences, sources = sentence_texts(kept)
    summary_sentences = (
        summarizer.summarize(sentences, title=title, sources=sources, source_title=doc.source_title)
        if sentences else [title]
    )  # fmt: skip
    summary = ArticleSummary(
        id=doc.id, path=doc.path, title=title,
        languages=language_mix(doc.kept_blocks),
        summary=summary_sentences,
        removed=[(b.n, b.reason or "", b.text) for b in doc.blocks if not b.keep],
        kept_lines=len(doc.kept_blocks),
        translated=translated,
        date=page_date(doc.date) if doc.date else None,
    )  # fmt: skip
    text = ArticleText(id=doc.id, title=title, sentences=sentences, sources=sources, date=doc.date,
                       languages=[s.lang or "" for s in kept],
                       title_terms=bool(doc.kept_blocks))  # fmt: skip
    return doc, summary, text


def write_article(out_dir: Path, doc: Document, summary: ArticleSummary) -> None:
    """articles/<id>.clean.txt and articles/<id>.<lang>.md, the full text in English (`en`) or,
    untranslated, in the page's language (the id is a hash: never a path from the page's text)."""
    from summarizer.render import article_file, article_markdown, clean_text, write_atomic

    write_atomic(out_dir / "articles" / f"{doc.id}.clean.txt", clean_text(doc), sync=False)
    write_atomic(out_dir / article_file(summary), article_markdown(summary.title, doc), sync=False)


def finish_digest(
    out_dir: Path,
    settings: Settings,
    *,
    articles: list[ArticleSummary],
    texts: list[ArticleText],
    errors: list[PageError],
    stats: dict[str, object],
    timer: StageTimer,
    build: Callable[[list[list[ArticleText]]], list[Story]] | None = None,
) -> Digest:
    """The corpus step (stories, facts, figures) and the digest files, for either engine."""
    from summarizer.corpus import build_stories
    from summarizer.render import (
        digest_html_pieces,
        digest_json,
        digest_markdown,
        mark_output,
        sync_outputs,
        write_atomic,
        write_json,
    )

    mark_output(out_dir)
    with timer("corpus"):
        stories = build_stories(texts, build)
    # A page the corpus step failed on is a page error (its article stays); the run goes on.
    path_of = {a.id: a.path for a in articles}
    failed = [
        PageError(path_of.get(aid, aid), f"corpus step: {why}") for s in stories for aid, why in s.failed
    ]
    if failed:
        errors = [*errors, *failed]
        stats = {**stats, "errors": int(stats.get("errors", 0)) + len(failed)}  # type: ignore[call-overload]
    digest = Digest(articles=articles, stories=stories, errors=errors,
                    stats={**stats, "languages": _corpus_languages(articles)})  # fmt: skip
    with timer("render"):
        sync_outputs()  # the article files are on disk before a digest names them
        if "json" in settings.formats:
            write_json(out_dir / "digest.json", digest_json(digest))
        if "md" in settings.formats:
            write_atomic(out_dir / "digest.md", digest_markdown(digest))
        if "html" in settings.formats:
            write_atomic(out_dir / "digest.html", digest_html_pieces(digest))
    digest.stats["seconds"] = timer.rounded()
    return digest


def run_digest(
    root: Inputs,
    out_dir: Path,
    settings: Settings,
    *,
    translation: TranslationStage | None = None,
    summarizer: Summarizer | None = None,
    detector: LanguageDetector | None = None,
    progress: Progress = _no_progress,
    batch_pages: int = 64,
    incremental: bool | None = None,
) -> Digest:
    """The whole pipeline over `root`, writing digest.md, digest.json and articles/ into `out_dir`.

    Pages stream through in batches of `batch_pages` (translation batches across pages); only
    what the corpus step needs (titles and kept sentences) stays in memory. With `incremental`,
    a page already processed with the same content and settings is taken from the page cache
    (default: `settings.incremental`).
    """
    from summarizer.hub import go_offline

    go_offline()
    check_output(out_dir, check_inputs(root))
    check_cache_outside(settings.cache_dir, out_dir)
    with staged_output(out_dir) as stage:
        return _run_digest(root, stage, settings, translation=translation, summarizer=summarizer,
                           detector=detector, progress=progress, batch_pages=batch_pages,
                           incremental=incremental, exclude=out_dir)  # fmt: skip


def _run_digest(
    root: Inputs,
    out_dir: Path,
    settings: Settings,
    *,
    translation: TranslationStage | None,
    summarizer: Summarizer | None,
    detector: LanguageDetector | None,
    progress: Progress,
    batch_pages: int,
    incremental: bool | None,
    exclude: Path,
) -> Digest:
    """`run_digest` writing into `out_dir`, the staging folder."""
    from summarizer.backends.cache import PageCache
    from summarizer.render import mark_output

    if summarizer is None:
        from summarizer.backends.summarizers import make_summarizer

        summarizer = make_summarizer(settings)
    timer = StageTimer()
    stages = CleaningPipeline(settings, detector=detector, exclude=(exclude, out_dir), progress=progress)
    if incremental is None:
        incremental = settings.incremental
    pages = PageCache(settings.cache_dir / "pages.sqlite3") if incremental else None
    signature = page_signature(settings, translation, summarizer) if pages else ""
    articles: list[ArticleSummary] = []
    texts: list[ArticleText] = []
    errors: list[PageError] = []
    # Pages in input order: (page, cache key, its cached result or None while still to do).
    batch: list[tuple[Document, str, tuple[Document, ArticleSummary, ArticleText] | None]] = []

    copies = CopyIndex()

    def emit(doc: Document, summary: ArticleSummary, text: ArticleText) -> None:
        if not articles:  # the folder is marked as an output before its first file
            mark_output(out_dir)
        summary.copies = copies.copies_for(doc)
        articles.append(summary)
        texts.append(text)
        with timer("write"):
            write_article(out_dir, doc, summary)
        progress("summarize", len(articles), stages.total)

    def summarise(doc: Document) -> tuple[Document, ArticleSummary, ArticleText]:
        with timer("summarize"):
            return summarise_page(doc, summarizer, translated=translation is not None)

    def flush() -> None:
        todo = [doc for doc, _, result in batch if result is None]
        if translation is not None and todo:
            with timer("translate"):
                translation.translate_documents(todo)
        fresh = []
        for doc, key, result in batch:
            if result is None:
                result = summarise(doc)
                if pages is not None:
                    fresh.append((key, json.dumps(page_record(*result), ensure_ascii=False)))
            emit(*result)
        if pages is not None:
            pages.put_many(fresh)
        batch.clear()

    with timer("read"):
        templates = stages.count_templates(root)
    reused = 0
    pending = 0
    for item in stages.read(root):
        if isinstance(item, PageError):
            errors.append(item)
            stages.stats.errors += 1
            continue
        key = page_key(item, templates, signature) if pages is not None else ""
        cached = pages.get(key) if pages is not None else None
        if cached is not None:
            restored = page_from_record(json.loads(cached))
            stages.stats.count(restored[0])
            reused += 1
            if copies.first_of(restored[0]) is None:
                batch.append((restored[0], key, restored))
        else:
            with timer("clean"):
                result = stages.process_or_error(item, templates)
            if isinstance(result, PageError):
                errors.append(result)
                stages.stats.errors += 1
                continue
            stages.stats.count(item)
            if copies.first_of(item) is not None:
                continue  # a copy of an earlier page's story: listed on that article
            batch.append((item, key, None))
            pending += 1
        progress("clean", stages.stats.pages, stages.total)
        if pending >= batch_pages or len(batch) >= 4 * batch_pages:
            flush()
            pending = 0
    flush()
    return finish_digest(out_dir, settings, articles=articles, texts=texts, errors=errors, timer=timer, stats={
        **stages.stats.as_dict(errors=len(errors), pages_from_cache=reused),
        "copies_merged": copies.merged,
        "translation": translation.stats.as_dict() if translation is not None else None,
        "summarizer": {"name": summarizer.name, **dict(getattr(summarizer, "stats", {}))},
    })  # fmt: skip


def _corpus_languages(articles: list[ArticleSummary]) -> dict[str, int]:
    """How many articles have each language in their kept text."""
    counts: dict[str, int] = {}
    for article in articles:
        for lang in article.languages:
            counts[lang] = counts.get(lang, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: -kv[1]))


class StageTimer:
    """Wall time per stage, summed over the run."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - start

    def rounded(self) -> dict[str, float]:
        return {k: round(v, 3) for k, v in self.seconds.items()}
