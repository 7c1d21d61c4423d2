"""The same pipeline on Ray Data, for corpora beyond one machine (`digest --engine ray`).

The two cleaning passes are explicit, as in the local engine:

1. **count** — every file is read by a Ray task; each page's distinct line keys are emitted and
   counted with a Ray Data `groupby(key).count()` aggregation; the keys found in at least
   `template_min_pages` pages (the only ones that can be templates) come back to the driver.
2. **pages** — `map_batches` over an actor pool: each actor loads the detector, the
   translation models and the summariser once, then reads, segments, detects, cleans,
   translates and summarises its batches of files with the corpus template index of pass 1.

The driver streams the results in input order (Ray Data's `preserve_order`), writes the article
files, and runs the corpus step (stories, facts, figures) and the digest files with the same
functions as the local engine, so both engines give the same digest. Ray is imported here only.
"""

from __future__ import annotations

import copy
import json
import logging
import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from summarizer.clean import TemplateIndex, body_fingerprint, page_line_keys
from summarizer.corpus import ArticleText
from summarizer.errors import MissingDependencyError
from summarizer.ingest import input_base, iter_files, read_path, shown_path
from summarizer.models import ArticleSummary, Document, PageError
from summarizer.pipeline import (
    CleaningPipeline,
    CopyIndex,
    Inputs,
    Progress,
    RunStats,
    StageTimer,
    _no_progress,
    check_cache_outside,
    check_inputs,
    check_output,
    document_from_record,
    finish_digest,
    no_pages_found,
    page_from_record,
    page_record,
    staged_output,
    summarise_page,
    write_article,
)
from summarizer.render import mark_output
from summarizer.settings import Settings

log = logging.getLogger(__name__)

# Files per map_batches call: the unit of translation batching, like the local engine's 64 pages.
BATCH_FILES = 64


def _ray() -> Any:
    try:
        import ray
    except ImportError as exc:
        raise MissingDependencyError(
            "--engine ray needs Ray: pip install 'summarizer[ray]' (or use --engine local)"
        ) from exc
    return ray


def _signed(key: int) -> int:
    """A 64-bit line key as a signed int64 (Arrow's integer type)."""
    return key - (1 << 64) if key >= 1 << 63 else key


def _read(row: dict[str, Any], max_bytes: int) -> Iterator[Document | PageError]:
    return read_path(Path(row["path"]), base=Path(row["base"]), prefix=row["prefix"], max_bytes=max_bytes,
                     qualified=bool(row["qualified"]))  # fmt: skip


def _rows(batch: dict[str, Any]) -> list[dict[str, Any]]:
    """A Ray Data batch (columns) as a list of rows."""
    return [dict(zip(batch, values, strict=True)) for values in zip(*batch.values(), strict=True)]


def _line_keys(batch: dict[str, Any], max_bytes: int) -> dict[str, list[int]]:
    """Pass 1 task: one row per (page, distinct line key), and one `page` marker row per page,
    each with the page's body fingerprint and its rank in input order (copies of one story
    count once: the first copy, as in the local engine)."""
    keys: list[int] = []
    marks: list[int] = []
    bodies: list[int] = []
    ranks: list[int] = []
    for row in _rows(batch):
        for sub, item in enumerate(_read(row, max_bytes)):
            if isinstance(item, Document):
                rank = int(row["order"]) * RANK_STRIDE + sub
                body = body_fingerprint(item)
                body_key = _signed(body) if body is not None else -1 - rank  # no prose: its own
                page_keys = [_signed(k) for k in page_line_keys(item)]
                keys.extend([*page_keys, 0])
                marks.extend([0] * len(page_keys) + [1])
                bodies.extend([body_key] * (len(page_keys) + 1))
                ranks.extend([rank] * (len(page_keys) + 1))
    return {"key": keys, "page": marks, "body": bodies, "rank": ranks}


# Records of one file rank below this many (a JSONL dump of more records is still read whole;
# ranks then only need to be unique, which order * stride + record keeps for dumps this size).
RANK_STRIDE = 1 << 24


def _first_copies(batch: dict[str, Any], firsts: Any) -> dict[str, Any]:
    """Keep the line rows of each story's first copy (firsts: body → smallest rank)."""
    import numpy as np

    table = ray_get(firsts)
    keep = np.array([table.get(int(b)) == int(r) for b, r in zip(batch["body"], batch["rank"], strict=True)],
                    dtype=bool)  # fmt: skip
    return {"key": batch["key"][keep]}


def ray_get(ref: Any) -> Any:
    """The value of an object reference (Ray hands some arguments over already resolved)."""
    if isinstance(ref, dict):
        return ref
    import ray

    return ray.get(ref)


class PageWorker:
    """Pass 2 actor: models loaded once, then whole pages processed per batch of files."""

    def __init__(self, settings: Settings, templates: TemplateIndex, firsts: Any = None) -> None:
        from summarizer.backends.summarizers import make_summarizer
        from summarizer.hub import go_offline

        go_offline()
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        self.settings = settings
        self.templates = templates
        # body fingerprint → rank of the story's first copy (pass 1): later copies are cleaned
        # (their lines count in the report) but neither translated nor summarised.
        self.firsts: dict[int, int] = ray_get(firsts) if firsts is not None else {}
        self.stages = CleaningPipeline(settings)
        self.translation = None
        if settings.translate:
            from summarizer.translate import TranslationStage

            self.translation = TranslationStage.from_settings(settings)
        self.summarizer = make_summarizer(settings)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        from summarizer.translate import TranslationStats

        out: list[tuple[int, int, str, str]] = []  # (order, record, kind, payload)
        docs: list[tuple[int, int, Document]] = []
        for row in _rows(batch):
            where = int(row["order"])
            for k, item in enumerate(_read(row, self.settings.max_bytes)):
                if isinstance(item, Document):
                    item = self.stages.process_or_error(item, self.templates)
                if isinstance(item, PageError):
                    body = {"path": item.path, "error": item.error}
                    out.append((where, k, "error", json.dumps(body, ensure_ascii=False)))
                elif self._is_copy(item, where * RANK_STRIDE + k):
                    out.append((where, k, "copy", json.dumps({"doc": asdict(item)}, ensure_ascii=False)))
                else:
                    docs.append((where, k, item))
        stats: dict[str, Any] | None = None
        if self.translation is not None and docs:
            self.translation.stats = TranslationStats(backends=self.translation.stats.backends)
            self.translation.translate_documents([d for _, _, d in docs])
            stats = self.translation.stats.as_dict()
        for n, (o, k, doc) in enumerate(docs):
            result = summarise_page(doc, self.summarizer, translated=self.translation is not None)
            record = page_record(*result)
            if n == 0 and stats is not None:
                record["translation_stats"] = stats
            out.append((o, k, "page", json.dumps(record, ensure_ascii=False)))
        # Input order: the driver meets a story's first copy before its later ones.
        out.sort(key=lambda r: (r[0], r[1]))
        return {"order": [r[0] for r in out], "sub": [r[1] for r in out], "kind": [r[2] for r in out],
                "payload": [r[3] for r in out]}  # fmt: skip

    def _is_copy(self, doc: Document, rank: int) -> bool:
        body = body_fingerprint(doc)
        return body is not None and self.firsts.get(_signed(body), rank) != rank


# Stories per Ray task in the corpus step (facts and figures are built in parallel).
STORIES_PER_TASK = 16


def _build_batch(groups: list[list[ArticleText]]) -> list[Any]:
    from summarizer.corpus import build_story

    return [build_story(members) for members in groups]


def parallel_stories(ray: Any) -> Any:
    """A `build` for `build_stories`: the stories' facts and figures as Ray tasks, in order."""
    task = ray.remote(_build_batch)

    def build(groups: list[list[ArticleText]]) -> list[Any]:
        batches = [groups[i : i + STORIES_PER_TASK] for i in range(0, len(groups), STORIES_PER_TASK)]
        return [story for part in ray.get([task.remote(b) for b in batches]) for story in part]

    return build


def _sum_stats(total: dict[str, Any] | None, part: dict[str, Any]) -> dict[str, Any]:
    if total is None:
        return copy.deepcopy(part)
    for key, value in part.items():
        if isinstance(value, bool) or key == "backends":
            continue
        if isinstance(value, int | float):
            total[key] = total.get(key, 0) + value
        elif isinstance(value, dict):
            inner = total.setdefault(key, {})
            for k, v in value.items():
                if isinstance(v, int | float):
                    inner[k] = inner.get(k, 0) + v
    return total


def run_digest_ray(
    root: Inputs,
    out_dir: Path,
    settings: Settings,
    *,
    address: str | None = None,
    workers: int | None = None,
    num_gpus: float | None = None,
    progress: Progress = _no_progress,
) -> Any:
    """`run_digest` on Ray Data; returns the same `Digest`.

    Args:
        address: a Ray cluster (`ray://…` or `auto`); None starts a local one.
        workers: actors in the page pool (default: the cluster's CPUs / 2, at least 1).
        num_gpus: GPUs per actor (default: 1 with --device cuda, else 0).
    """
    ray = _ray()
    from summarizer.hub import go_offline

    go_offline()
    timer = StageTimer()
    roots = check_inputs(root)  # the same input checks as the local engine
    check_output(out_dir, roots)
    check_cache_outside(settings.cache_dir, out_dir)
    rows: list[dict[str, Any]] = []
    listing_errors: list[tuple[int, PageError]] = []
    listing = (
        (one, item) for one in roots for item in iter_files(one, exclude=(out_dir, settings.cache_dir))
    )
    for n, (one, item) in enumerate(listing):
        base, prefix = input_base(one)
        if isinstance(item, PageError):
            listing_errors.append((n, PageError(shown_path(Path(item.path), base, prefix), item.error)))
        else:
            rows.append({"order": n, "path": str(item), "base": str(base), "prefix": prefix,
                         "qualified": len(roots) > 1})  # fmt: skip
    if not rows and not listing_errors:
        raise no_pages_found(roots)
    with staged_output(out_dir) as stage:  # all or nothing, as with the local engine
        return _run_pages(ray, rows, listing_errors, stage, settings, timer=timer, address=address,
                          workers=workers, num_gpus=num_gpus, progress=progress)  # fmt: skip


def _run_pages(
    ray: Any,
    rows: list[dict[str, Any]],
    listing_errors: list[tuple[int, PageError]],
    out_dir: Path,
    settings: Settings,
    *,
    timer: StageTimer,
    address: str | None,
    workers: int | None,
    num_gpus: float | None,
    progress: Progress,
) -> Any:
    """Both passes and the digest of `run_digest_ray`, written into `out_dir` (its staging folder)."""
    mark_output(out_dir)
    if not ray.is_initialized():
        ray.init(address=address, include_dashboard=False, log_to_driver=False,
                 logging_level=logging.WARNING)  # fmt: skip
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True
    context.enable_progress_bars = False

    with timer("read"):
        templates = TemplateIndex(min_pages=settings.template_min_pages)
        if rows:
            files = ray.data.from_items(rows, override_num_blocks=max(1, len(rows) // BATCH_FILES))
            keyed = files.map_batches(_line_keys, fn_kwargs={"max_bytes": settings.max_bytes},
                                      batch_size=BATCH_FILES, batch_format="numpy")  # fmt: skip
            keyed = keyed.materialize()
            templates.pages = int(keyed.sum("page") or 0)
            need = settings.template_min_pages
            from ray.data.expressions import col

            marks = keyed.filter(expr=col("page") == 1).groupby("body").min("rank")
            firsts = ray.put({int(r["body"]): int(r["min(rank)"]) for r in marks.iter_rows()})
            counted = (
                keyed.filter(expr=col("page") == 0)
                .map_batches(_first_copies, fn_kwargs={"firsts": firsts}, batch_format="numpy")
                .groupby("key")
                .count()
                .rename_columns({"count()": "pages"})
                .filter(expr=col("pages") >= need)
            )
            templates.counts = Counter({
                int(r["key"]) % (1 << 64): int(r["pages"]) for r in counted.iter_rows()
            })  # fmt: skip
    progress("read", templates.pages, templates.pages)

    translated = settings.translate
    cluster_cpus = int(ray.cluster_resources().get("CPU", 1))
    pool = workers or max(1, cluster_cpus // 2)
    gpus = num_gpus if num_gpus is not None else (1.0 if settings.device == "cuda" else 0.0)
    stats = RunStats()
    articles: list[ArticleSummary] = []
    copies = CopyIndex()
    texts: list[ArticleText] = []
    errors: list[tuple[tuple[int, int], PageError]] = [((n, -1), e) for n, e in listing_errors]
    translation_stats: dict[str, Any] | None = None
    with timer("pages"):
        if rows:
            files = ray.data.from_items(rows, override_num_blocks=max(1, len(rows) // BATCH_FILES))
            results = files.map_batches(
                PageWorker,
                fn_constructor_kwargs={"settings": settings, "templates": templates, "firsts": firsts},
                batch_size=BATCH_FILES,
                batch_format="numpy",
                concurrency=pool,
                num_cpus=1,
                num_gpus=gpus,
            )
            for row in results.iter_rows():
                body = json.loads(row["payload"])
                where = (int(row["order"]), int(row["sub"]))
                if row["kind"] == "error":
                    errors.append((where, PageError(body["path"], body["error"])))
                    continue
                if row["kind"] == "copy":
                    doc = document_from_record(body["doc"])
                    stats.count(doc)
                    if copies.first_of(doc) is None:  # its first copy failed in pass 2 (rare)
                        errors.append(
                            (where, PageError(doc.path, "a copy of a page that failed; not summarised"))
                        )
                    continue
                if "translation_stats" in body:
                    translation_stats = _sum_stats(translation_stats, body.pop("translation_stats"))
                doc, summary, text = page_from_record(body)
                stats.count(doc)
                if copies.first_of(doc) is not None:
                    continue  # a syndicated copy: listed on the first page's article
                summary.copies = copies.copies_for(doc)
                articles.append(summary)
                texts.append(text)
                with timer("write"):
                    write_article(out_dir, doc, summary)
                progress("summarize", len(articles), templates.pages)
    errors.sort(key=lambda e: e[0])
    return finish_digest(out_dir, settings, articles=articles, texts=texts, errors=[e for _, e in errors],
                         timer=timer, build=parallel_stories(ray), stats={
        **stats.as_dict(errors=len(errors), pages_from_cache=0),
        "copies_merged": copies.merged,
        "translation": translation_stats if translated else None,
        "summarizer": {"name": settings.summarizer},
        "engine": {"name": "ray", "workers": pool, "gpus_per_worker": gpus},
    })  # fmt: skip
