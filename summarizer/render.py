"""Render results: per-page JSON records, cleaned text, and the digest as Markdown and JSON."""

from __future__ import annotations

import itertools
import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from summarizer.detect import language_mix
from summarizer.ingest import OUTPUT_MARKER
from summarizer.models import ArticleSummary, Digest, Document, PageError, Support


def plural(count: int, singular: str, many: str | None = None) -> str:
    """`1 story`, `2 stories`: a count with its noun in the right number."""
    return f"{count} {singular if count == 1 else (many or singular + 's')}"


def text_language(article: ArticleSummary) -> str:
    """The language of an article's full-text file: English when translated, else its main one."""
    if article.translated:
        return "en"
    return max(article.languages, key=article.languages.__getitem__) if article.languages else "und"


def article_file(article: ArticleSummary) -> str:
    """`articles/<id>.<lang>.md`: the full text, named by the language it is written in."""
    return f"articles/{article.id}.{text_language(article)}.md"


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


def article_markdown(title: str, doc: Document) -> str:
    """articles/<id>.<lang>.md: the title and the text, every block escaped (see `md_text`)."""
    blocks = "\n\n".join(md_text(b.translation or b.text) for b in doc.kept_blocks)
    return f"# {md_text(title)}\n\n{blocks}\n"


# Said beside a figure whose values one true value fits, their bounds read.
CONSISTENT = "all can be true, as bounds or roundings of one value"

_MD_SPECIAL = re.compile(r"([\\`*_\[\]~])")
_MD_LINE_START = re.compile(r"^(\s*)([#+-](?=\s|$)|>)|^(\s*\d{1,9})([.)])(?=\s|$)")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def md_text(text: str) -> str:
    """Page text made inert in Markdown: HTML characters as entities (no raw HTML, no `<…>`
    autolinks), Markdown syntax backslash-escaped (no links, images, emphasis or headings from
    a page), control characters and line breaks as spaces (one value never spans lines)."""
    text = _CONTROL.sub(" ", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LINE_START.sub(lambda m: f"{m.group(1) or m.group(3) or ''}\\{m.group(2) or m.group(4)}", text)


def md_code(text: str) -> str:
    """A path or value as a Markdown code span that no backtick or line break inside can end."""
    text = _CONTROL.sub("\ufffd", text)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or longest else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def write_atomic(path: Path, text: str | Iterable[str], *, sync: bool = True) -> None:
    """Write `text` (a string, or its pieces in order: a large digest is streamed, never held
    whole) to `path` through a temporary file and a rename: never a half-written file.

    With `sync` the data reaches the disk before the rename; per-article files skip that and the
    run makes them durable once, before its digest (`sync_outputs`): one flush per run, not one
    per file (100,000 records took 13 minutes of fsync calls).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; outputs follow the umask like any file
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            if isinstance(text, str):
                handle.write(text)
            else:
                handle.writelines(text)  # pieces go through the stream's own buffer
            handle.flush()
            if sync:
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def sync_outputs() -> None:
    """Make every file written so far durable (one system-wide flush: cheaper than an fsync per
    article file); called before the digest files, so a digest never names a lost article."""
    if hasattr(os, "sync"):
        os.sync()


def _umask() -> int:
    """The process umask (read by setting it and putting it back: there is no getter)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def mark_output(out_dir: Path) -> None:
    """Mark `out_dir` as a summarizer output folder (see OUTPUT_MARKER)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    marker = out_dir / OUTPUT_MARKER
    if not marker.exists():
        write_atomic(marker, "This folder was written by summarizer; it is never read back as pages.\n")


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
                "copies": a.copies,
                "date": a.date,
            }
            for a in digest.articles
        ],
        "stories": [
            {
                "title": s.title,
                "articles": s.articles,
                "facts": [
                    {"text": f.text, "sources": f.sources, "support": _support(f.support)} for f in s.facts
                ],
                "figures": [
                    {
                        "about": g.about,
                        "consistent": g.consistent,
                        "values": [
                            {
                                "value": v.value,
                                "bound": v.bound,
                                "sources": v.sources,
                                "support": _support(v.support),
                            }
                            for v in g.values
                        ],
                    }
                    for g in s.figures
                ],  # fmt: skip
            }
            for s in digest.stories
        ],
        "errors": [{"path": e.path, "error": e.error} for e in digest.errors],
        "stats": digest.stats,
    }


def _support(support: list[Support]) -> list[dict[str, str]]:
    return [{"article": x.article, "sentence": x.sentence} for x in support]


def _said(support: list[Support], numbers: dict[str, int], indent: str = "  ") -> list[str]:
    """Each source's own sentence, as nested Markdown list items (a reader checks the citation)."""
    return [
        f"{indent}- [{numbers[x.article]}] “{md_text(x.sentence)}”" for x in support if x.article in numbers
    ]


def _cite(ids: list[str], numbers: dict[str, int]) -> str:
    return "".join(f"[{numbers[i]}]" for i in ids if i in numbers)


def digest_markdown(digest: Digest) -> str:
    """The digest as Markdown: the corpus first (stories, facts, figures), then each article."""
    numbers = {a.id: i + 1 for i, a in enumerate(digest.articles)}
    out = ["# Digest", ""]
    if not translated(digest):
        out += [f"> {md_text(UNTRANSLATED_NOTE)}", ""]
    counts = f"{plural(len(digest.articles), 'article')}, {plural(len(digest.stories), 'story', 'stories')}"
    if digest.errors:
        counts += f", {plural(len(digest.errors), 'page')} not processed"
    out += [f"{counts}.", ""]
    for story in digest.stories:
        out += [f"## {md_text(story.title)}", "", f"Sources: {_cite(story.articles, numbers)}", ""]
        if story.facts:
            out += ["### Key facts", ""]
            for f in story.facts:
                out += [f"- {md_text(f.text)} {_cite(f.sources, numbers)}", *_said(f.support, numbers)]
            out.append("")
        disagreeing = [g for g in story.figures if g.disagrees]
        if disagreeing:
            out += ["### Figures the sources disagree on", ""]
            for g in disagreeing:
                values = "; ".join(f"{md_text(v.label)} {_cite(v.sources, numbers)}" for v in g.values)
                note = f" ({CONSISTENT})" if g.consistent else ""
                out.append(f"- {md_text(g.about)}: {values}{note}")
                out += [line for v in g.values for line in _said(v.support, numbers)]
            out.append("")
    out += ["## Articles", ""]
    for a in digest.articles:
        langs = ", ".join(f"{k} {v:.0%}" for k, v in a.languages.items()) or "unknown"
        out += [f"### \\[{numbers[a.id]}\\] {md_text(a.title)}", "",
                f"- Source: {md_code(a.path)}", f"- Languages: {md_text(langs)}",
                *([f"- Also published as: {', '.join(md_code(c) for c in a.copies)} "
                   f"({plural(len(a.copies), 'copy', 'copies')} of this story, not summarised again)"]
                  if a.copies else []),
                f"- Removed as boilerplate or duplicate: {plural(len(a.removed), 'line')}",
                f"- Full text: [{article_file(a)}]({article_file(a)})", ""]  # fmt: skip
        out += [md_text(" ".join(a.summary)), ""]
    if digest.errors:
        out += ["## Pages that could not be processed", ""]
        out += [f"- {md_code(e.path)}: {md_text(e.error)}" for e in digest.errors]
        out.append("")
    return "\n".join(out)


UNTRANSLATED_NOTE = (
    "Translation was off (--no-translate): titles, summaries and texts are not translated; "
    "they are in the languages of the pages."
)


def translated(digest: Digest) -> bool:
    """Whether the run translated (an empty digest counts as translated: nothing to say)."""
    return all(a.translated for a in digest.articles)


def page_language(digest: Digest) -> str:
    """The `lang` of digest.html: English when translated, else the most common article language."""
    if translated(digest):
        return "en"
    counts: dict[str, int] = {}
    for article in digest.articles:
        lang = text_language(article)
        counts[lang] = counts.get(lang, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else "en"


def write_json(path: Path, payload: Any) -> None:
    """`payload` as indented JSON, encoded and written piece by piece (no whole-file string)."""
    encoder = json.JSONEncoder(ensure_ascii=False, indent=2)
    write_atomic(path, itertools.chain(encoder.iterencode(payload), ["\n"]))


def digest_html(digest: Digest) -> str:
    """One self-contained HTML page (no external assets, no scripts), every text escaped."""
    return "".join(digest_html_pieces(digest))


def digest_html_pieces(digest: Digest) -> Iterator[str]:
    """`digest_html` in pieces, in order (the template streamed: a large digest is never one string)."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("summarizer", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True))  # fmt: skip
    env.filters["plural"] = plural
    numbers = {a.id: i + 1 for i, a in enumerate(digest.articles)}
    story_of = {aid: k + 1 for k, story in enumerate(digest.stories) for aid in story.articles}
    return env.get_template("digest.html.j2").generate(
        digest=digest, numbers=numbers, titles={a.id: a.title for a in digest.articles}, story_of=story_of,
        page_lang=page_language(digest), translated=translated(digest), note=UNTRANSLATED_NOTE,
        article_file=article_file, text_language=text_language, consistent=CONSISTENT,
    )  # fmt: skip
