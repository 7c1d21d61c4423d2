"""Render results: per-page JSON records, cleaned text, and the digest as Markdown and JSON."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from summarizer.detect import language_mix
from summarizer.models import Digest, Document, PageError


def page_record(doc: Document) -> dict[str, Any]:
    """The line-by-line account of one page: what was kept, removed and why, in which language."""
    return {
        "path": doc.path,
        "id": doc.id,
        "record": doc.record,
        "error": None,
        "languages": language_mix([b for b in doc.blocks if b.keep]),
        "lines": [
            {
                "n": b.n,
                "text": b.text,
                "role": b.role,
                "keep": b.keep,
                "reason": b.reason,
                "lang": b.lang,
                "confidence": b.confidence,
                "sentences": [{"text": s.text, "lang": s.lang} for s in b.sentences],
                **(
                    {"repairs": [{"kind": r.kind, "before": r.before, "after": r.after} for r in b.repairs]}
                    if b.repairs
                    else {}
                ),  # fmt: skip
                **({"translation": b.translation} if b.translation is not None else {}),
            }
            for b in doc.blocks
        ],
    }


def error_record(err: PageError) -> dict[str, Any]:
    return {"path": err.path, "id": None, "error": err.error, "lines": []}


def clean_text(doc: Document) -> str:
    """The cleaned source-language text of a page: kept lines, paragraphs separated by a blank."""
    return "\n\n".join(b.text for b in doc.kept_blocks) + "\n"


def english_text(doc: Document) -> str:
    """The English text of a page, block for block (source text where nothing was translated)."""
    return "\n\n".join((b.translation or b.text) for b in doc.kept_blocks) + "\n"


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file and a rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def digest_json(digest: Digest) -> dict[str, Any]:
    """The documented, stable digest.json structure (see docs/digest-json.md)."""
    return {
        "articles": [
            {
                "id": a.id,
                "path": a.path,
                "title": a.title,
                "languages": a.languages,
                "summary": a.summary,
                "removed": [{"n": n, "reason": reason, "text": text} for n, reason, text in a.removed],
                "translated": a.translated,
            }
            for a in digest.articles
        ],
        "stories": [
            {
                "title": s.title,
                "articles": s.articles,
                "facts": [{"text": f.text, "sources": f.sources} for f in s.facts],
                "figures": [
                    {"about": g.about, "values": [{"value": v.value, "sources": v.sources} for v in g.values]}
                    for g in s.figures
                ],  # fmt: skip
            }
            for s in digest.stories
        ],
        "errors": [{"path": e.path, "error": e.error} for e in digest.errors],
        "stats": digest.stats,
    }


def _cite(ids: list[str], numbers: dict[str, int]) -> str:
    return "".join(f"[{numbers[i]}]" for i in ids if i in numbers)


def digest_markdown(digest: Digest) -> str:
    """The digest as Markdown: the corpus first (stories, facts, figures), then each article."""
    numbers = {a.id: i + 1 for i, a in enumerate(digest.articles)}
    out = ["# Digest", ""]
    pages = len(digest.articles)
    out.append(f"{pages} article{'s' if pages != 1 else ''}, {len(digest.stories)} "
               f"stor{'ies' if len(digest.stories) != 1 else 'y'}.")  # fmt: skip
    out.append("")
    for story in digest.stories:
        out += [f"## {story.title}", "", f"Sources: {_cite(story.articles, numbers)}", ""]
        if story.facts:
            out += ["### Key facts", ""]
            out += [f"- {f.text} {_cite(f.sources, numbers)}" for f in story.facts]
            out.append("")
        disagreeing = [g for g in story.figures if g.disagrees]
        if disagreeing:
            out += ["### Figures the sources disagree on", ""]
            for g in disagreeing:
                values = "; ".join(f"{v.value} {_cite(v.sources, numbers)}" for v in g.values)
                out.append(f"- {g.about}: {values}")
            out.append("")
    out += ["## Articles", ""]
    for a in digest.articles:
        langs = ", ".join(f"{k} {v:.0%}" for k, v in a.languages.items()) or "unknown"
        out += [f"### [{numbers[a.id]}] {a.title}", "",
                f"- Source: `{a.path}`", f"- Languages: {langs}",
                f"- Removed as boilerplate or duplicate: {len(a.removed)} lines",
                f"- Full text: [articles/{a.id}.en.md](articles/{a.id}.en.md)", ""]  # fmt: skip
        out += [" ".join(a.summary), ""]
    if digest.errors:
        out += ["## Pages that could not be processed", ""]
        out += [f"- `{e.path}`: {e.error}" for e in digest.errors]
        out.append("")
    return "\n".join(out)


def write_json(path: Path, payload: Any) -> None:
    write_atomic(path, json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


def digest_html(digest: Digest) -> str:
    """One self-contained HTML page (no external assets, no scripts), every text escaped."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("summarizer", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True))  # fmt: skip
    numbers = {a.id: i + 1 for i, a in enumerate(digest.articles)}
    story_of = {aid: k + 1 for k, story in enumerate(digest.stories) for aid in story.articles}
    return env.get_template("digest.html.j2").render(
        digest=digest, numbers=numbers, titles={a.id: a.title for a in digest.articles}, story_of=story_of
    )
