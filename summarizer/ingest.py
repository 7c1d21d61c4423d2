"""Read scraped pages (text, Markdown, HTML, JSON, JSONL) in any encoding, one document at a time."""

from __future__ import annotations

import codecs
import hashlib
import html
import json
import logging
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from summarizer.models import Document, PageError, SourceLine

log = logging.getLogger(__name__)

EXTENSIONS = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html",
              ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl"}  # fmt: skip

# Field names of the usual scrapers (news-please, trafilatura, newspaper, common crawl dumps), and
# of scrapers written in French or German ("contenu", "texte", "inhalt"; "titre", "titel").
TEXT_FIELDS = ("maintext", "text", "content", "content_text", "content_html", "raw_text", "body", "article",
               "contenu", "texte", "corps", "inhalt", "description")  # fmt: skip
TITLE_FIELDS = ("title", "headline", "titre", "titel")
URL_FIELDS = ("url", "source_url", "link")
DATE_FIELDS = (
    "date_publish",
    "date",
    "published",
    "date_published",
    "datePublished",
    "publish_date",
    "published_at",
    "publishedAt",
    "pubDate",
    "date_modify",
    "filedate",
)
LANG_FIELDS = ("language", "lang")
RECORD_LIST_FIELDS = ("articles", "items", "records", "data", "results")

# Written into every output folder (digest -o, clean -o): a folder that holds it is never read as
# pages, wherever it lies, so a run never ingests an earlier run's digest or article files.
OUTPUT_MARKER = ".summarizer-output"

WESTERN = ["cp1252", "latin_1", "iso8859_15"]
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
# Markdown markup around the words (a scraper's Markdown: links, images, emphasis, list items,
# quotes, rules), read off so that the cleaner sees the text a reader sees.
# A span never holds its own delimiter ("*", "_", "[", "]") and is bounded (MD_SPAN characters),
# so a hostile line ("*a *a *a …", "[[[[…") is read in linear time; a line longer than
# MD_INLINE_CHARS is no Markdown paragraph and is read as it is.
MD_SPAN = 300
MD_INLINE_CHARS = 20_000
_MD_URL = rf"\([^()\s\[\]]{{0,{MD_SPAN}}}(?:\s+\"[^\"\n]{{0,{MD_SPAN}}}\")?\)"
_MD_IMAGE = re.compile(rf"!\[([^\[\]]{{0,{MD_SPAN}}})\]{_MD_URL}")
_MD_LINK = re.compile(rf"(?<!!)\[([^\[\]]{{1,{MD_SPAN}}})\]{_MD_URL}")
_MD_EMPHASIS = re.compile(
    rf"(?<![\w*])(\*{{1,3}})(?=[^\s*])([^*]{{1,{MD_SPAN}}}?)(?<=\S)\1(?![\w*])"
    rf"|(?<![\w_])(_{{1,3}})(?=[^\s_])([^_]{{1,{MD_SPAN}}}?)(?<=\S)\3(?![\w_])"
)
_MD_LIST = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+")
_MD_QUOTE = re.compile(r"^\s{0,3}>\s?")
_MD_RULE = re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$")


# A JSON record's body in HTML: a block or inline tag among its first HTML_SNIFF_CHARS characters.
HTML_SNIFF_CHARS = 2000
_HTML_BODY = re.compile(r"<(?:p|div|br|h[1-6]|li|ul|ol|blockquote|figure|figcaption|table|section|article|span|a|strong|em|b|i)"
                        r"(?:\s[^<>]*)?/?>", re.IGNORECASE)  # fmt: skip


class PageReadError(Exception):
    """A page that cannot be read; its message is what the user sees."""


def stable_id(key: str) -> str:
    """A short hash id: ids never come from page content, so no field can steer file names."""
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def decode_bytes(data: bytes, *, html: bool = False) -> tuple[str, str]:
    """Decode bytes the way a scraper wrote them: BOM, then UTF-8, then declared or detected.

    Returns the text (newlines normalised to ``\\n``) and the encoding used.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _normalise_newlines(data.decode(encoding)), encoding
    if b"\x00" in data[:8192]:
        raise PageReadError("binary file (NUL bytes), not text")
    try:
        return _normalise_newlines(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):  # UTF-8 with a few stray Western bytes: decode each stray alone
        return _normalise_newlines(data.decode("utf-8", errors=_STRAY_BYTES)), "utf-8"
    if html:
        declared = _META_CHARSET.search(data[:4096])
        if declared:
            name = declared.group(1).decode("ascii", "replace")
            try:
                return _normalise_newlines(data.decode(name)), codecs.lookup(name).name
            except (LookupError, UnicodeDecodeError):
                log.debug("declared charset %s does not decode the page", name)
    from charset_normalizer import from_bytes

    # French/German pages that are not UTF-8 are almost always cp1252/latin-1: try the Western
    # code pages first (a short latin-1 page otherwise detects as mac_latin2 or cp1257).
    best = from_bytes(data, cp_isolation=WESTERN, threshold=1.0).best()
    if best is None:
        best = from_bytes(data).best()
    if best is None:
        raise PageReadError("undecodable bytes: no text encoding fits this file")
    return _normalise_newlines(str(best)), best.encoding


_STRAY_BYTES = "summarizer-cp1252-strays"


def _cp1252_strays(error: UnicodeError) -> tuple[str, int]:
    """Decode bytes that are not UTF-8 one by one as cp1252 (latin-1 where cp1252 has a hole)."""
    assert isinstance(error, UnicodeDecodeError)
    chunk = error.object[error.start : error.end]
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in chunk), error.end


codecs.register_error(_STRAY_BYTES, _cp1252_strays)


def _mostly_utf8(data: bytes) -> bool:
    """Valid UTF-8 but for a few bytes: at least four well-formed multi-byte characters for each
    invalid sequence (a cp1252 page has almost none: its accented letters are all invalid)."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    multibyte = sum(1 for ch in text if ord(ch) > 127) - text.count("\ufffd")
    return bad > 0 and multibyte >= 4 * bad


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


GLOB_CHARS = "*?["


def split_glob(root: Path) -> tuple[Path, str] | None:
    """(folder, pattern) when `root` is a glob such as `dumps/*.jsonl` or `pages/**/*.html`."""
    if root.exists() or not any(ch in str(root) for ch in GLOB_CHARS):
        return None
    parts = root.parts
    first = next(i for i, part in enumerate(parts) if any(ch in part for ch in GLOB_CHARS))
    return Path(*parts[:first]) if first else Path("."), "/".join(parts[first:])


def input_base(root: Path) -> tuple[Path, str]:
    """The folder that page paths are shown relative to, and the name shown before them."""
    pattern = split_glob(root)
    if pattern is not None:
        return pattern[0], pattern[0].resolve().name
    if root.is_dir():
        return root, root.resolve().name
    return root.parent, ""


def output_folder_of(path: Path) -> Path | None:
    """The summarizer output folder that holds `path` (or is `path`), if any."""
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):
        return None
    for folder in (resolved, *resolved.parents) if resolved.is_dir() else resolved.parents:
        if (folder / OUTPUT_MARKER).is_file():
            return folder
    return None


def iter_files(root: Path, exclude: Iterable[Path] = ()) -> Iterator[Path | PageError]:
    """Every supported file under `root` (a file, a folder, or a glob), sorted, without following
    directory symlinks.

    Broken links, loops and directories that look like files become `PageError`s; folders that
    summarizer wrote (OUTPUT_MARKER) are skipped.
    """
    excluded = [p.resolve() for p in exclude]
    pattern = split_glob(root)
    if pattern is not None:
        folder, glob = pattern
        outputs: dict[Path, bool] = {}
        for path in sorted(folder.glob(glob)):
            found = _candidate(path)
            if found is None or any(path.resolve().is_relative_to(x) for x in excluded):
                continue
            if path.parent not in outputs:
                outputs[path.parent] = output_folder_of(path) is not None
            if not outputs[path.parent]:
                yield found
        return
    if root.is_file():
        yield root
        return
    if not root.exists():
        yield PageError(str(root), "no such file or directory")
        return
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        if (here / OUTPUT_MARKER).is_file():
            dirnames[:] = []
            continue
        dirnames[:] = sorted(
            d for d in dirnames
            if not d.startswith(".") and (here / d).resolve() not in excluded
        )  # fmt: skip
        for d in list(dirnames):
            if Path(d).suffix.lower() in EXTENSIONS:
                dirnames.remove(d)
                yield PageError(str(here / d), "is a directory, not a page")
        for name in sorted(filenames):
            found = _candidate(here / name)
            if found is not None:
                yield found


def _candidate(path: Path) -> Path | PageError | None:
    """`path` when it is a page to read, its error when it looks like one but cannot be read,
    None when it is not a page (another extension, a hidden file)."""
    if path.suffix.lower() not in EXTENSIONS or path.name.startswith("."):
        return None
    if path.is_symlink() and not path.exists():
        return PageError(str(path), "broken symbolic link (or a link loop)")
    if path.is_dir():
        return PageError(str(path), "is a directory, not a page")
    if not path.is_file():
        return PageError(str(path), "not a regular file (a pipe, socket or device)")
    return path


def read_documents(
    root: Path, *, max_bytes: int = 5_000_000, exclude: Iterable[Path] = (), qualified: bool = False
) -> Iterator[Document | PageError]:
    """Stream the documents of a file or folder: one page (or JSON record) at a time.

    A page's `path` is shown relative to the input: `<folder name>/<path inside it>` for a
    folder, the file name for a single file; its id hashes the path inside the folder, so
    neither depends on where the folder lies.
    """
    base, prefix = input_base(root)
    for item in iter_files(root, exclude):
        if isinstance(item, PageError):
            yield PageError(shown_path(Path(item.path), base, prefix), item.error)
            continue
        yield from read_path(item, base=base, prefix=prefix, max_bytes=max_bytes, qualified=qualified)


def read_path(
    path: Path, *, base: Path, prefix: str, max_bytes: int, qualified: bool = False
) -> Iterator[Document | PageError]:
    """`read_file`, with a file that cannot be read turned into its `PageError`, and a page far
    longer than news too (`_bounded`)."""
    try:
        for item in read_file(path, base=base, max_bytes=max_bytes, prefix=prefix, qualified=qualified):
            yield _bounded(item)
    except PageReadError as exc:
        yield PageError(shown_path(path, base, prefix), str(exc))
    except OSError as exc:
        yield PageError(shown_path(path, base, prefix), f"cannot read: {exc.strerror or exc}")


def relative_path(path: Path, base: Path) -> str:
    """`path` inside `base` (POSIX form), or its bare name when it lies elsewhere."""
    try:
        return path.absolute().relative_to(base.absolute()).as_posix()
    except ValueError:
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except (ValueError, OSError, RuntimeError):
            return path.name


def displayable(text: str) -> str:
    """A path as text that every output can hold: bytes of a non-UTF-8 file name (decoded by
    the OS as surrogates) become U+FFFD; ids still hash the raw name, so files stay apart."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def shown_path(path: Path, base: Path, prefix: str) -> str:
    rel = relative_path(path, base)
    return displayable(f"{prefix}/{rel}" if prefix else rel)


def read_file(
    path: Path, *, base: Path, max_bytes: int, prefix: str = "", qualified: bool = False
) -> Iterator[Document | PageError]:
    """The documents of one file (several for a JSON list or a JSONL dump).

    Ids hash the path inside the input folder; with `qualified` (several inputs in one run) they
    hash the shown path, folder name included, so `a/x.txt` and `b/x.txt` stay apart.
    """
    fmt = EXTENSIONS[path.suffix.lower()]
    size = path.stat().st_size
    if size > max_bytes:
        raise PageReadError(f"{size:,} bytes, larger than --max-bytes ({max_bytes:,}): skipped")
    data = path.read_bytes()
    if not data.strip():
        raise PageReadError("empty file")
    rel = relative_path(path, base)
    shown = f"{prefix}/{rel}" if prefix else rel
    if qualified:
        rel = shown
    shown = displayable(shown)
    text, encoding = decode_bytes(data, html=fmt == "html")
    digest = hashlib.sha256(data).hexdigest()
    if fmt in ("txt", "md"):
        meta: dict[str, str] = {}
        if fmt == "md":
            meta, plain = front_matter(_text_lines(text))
            lines = _markdown_lines(plain)
        else:
            lines = _text_lines(text)
        yield Document(id=stable_id(rel), path=shown, lines=lines, format=fmt, encoding=encoding,
                       content_hash=digest, title=meta.get("title"), url=meta.get("url"),
                       date=meta.get("date"), declared_lang=meta.get("lang"))  # fmt: skip
    elif fmt == "html":
        yield _html_document(text, shown=shown, rel=rel, encoding=encoding, digest=digest)
    elif fmt == "json":
        try:
            payload = json.loads(text)
        except json.JSONDecodeError as exc:
            raise PageReadError(f"invalid JSON at line {exc.lineno}: {exc.msg}") from exc
        except RecursionError as exc:
            raise PageReadError("JSON nested too deeply to be a page") from exc
        records = _records(payload)
        if not records:
            raise PageReadError("JSON holds no record with a text field")
        for i, record in enumerate(records):
            yield _record_document(record, shown=shown, rel=rel, index=i, encoding=encoding)
    else:
        for i, raw in enumerate(text.split("\n")):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
            except json.JSONDecodeError as exc:
                yield PageError(f"{shown}:{i + 1}", f"invalid JSON line: {exc.msg}")
                continue
            except RecursionError:
                yield PageError(f"{shown}:{i + 1}", "JSON nested too deeply to be a page")
                continue
            yield _record_document(record, shown=shown, rel=rel, index=i, encoding=encoding)


# A Markdown page's front matter (Hugo, Jekyll, static-site and scraper exports): "---" (YAML) or
# "+++" (TOML) on the first line, the same again to close it within FRONT_MATTER_LINES lines.
FRONT_MATTER_LINES = 60
_FRONT_FIELD = re.compile(r"^\s*([A-Za-z_][\w-]*)\s*[:=]\s*(.*?)\s*$")
FRONT_MATTER_KEYS = {"title": "title", "headline": "title", "date": "date", "published": "date",
                     "date_published": "date", "datepublished": "date", "pubdate": "date",
                     "publish_date": "date", "publishdate": "date", "lang": "lang", "language": "lang", "url": "url",
                     "canonical": "url", "canonical_url": "url", "link": "url", "source_url": "url"}  # fmt: skip


def front_matter(lines: list[SourceLine]) -> tuple[dict[str, str], list[SourceLine]]:
    """The page's front matter (title, date, language, URL; other keys are left) and its lines
    with the front matter's lines blanked (line numbers stay those of the file). No front
    matter, or one that is not closed: nothing read, the lines as they are."""
    if not lines or lines[0].text.strip() not in ("---", "+++"):
        return {}, lines
    fence = lines[0].text.strip()
    end = next(
        (k for k, line in enumerate(lines[1:FRONT_MATTER_LINES], 1) if line.text.strip() == fence), None
    )
    if end is None:
        return {}, lines
    found: dict[str, str] = {}
    for line in lines[1:end]:
        match = _FRONT_FIELD.match(line.text)
        key = FRONT_MATTER_KEYS.get(match.group(1).casefold()) if match else None
        value = match.group(2).strip().strip("\"'").strip() if match else ""
        if key and value and key not in found:
            found[key] = value
    blank = [SourceLine(n=line.n, text="") for line in lines[: end + 1]]
    return found, blank + lines[end + 1 :]


def _text_lines(text: str) -> list[SourceLine]:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [SourceLine(n=i + 1, text=line) for i, line in enumerate(lines)]


def _emphasised(match: re.Match[str]) -> str:
    return match.group(2) if match.group(1) else match.group(4)


def _markdown_lines(source: list[SourceLine]) -> list[SourceLine]:
    """Lines of a Markdown page as a reader sees them: headings keep their role, links their
    text (and the line the share of it that is link text, as for HTML: a list of linked
    headlines is a teaser list), images, emphasis, list and quote markers and rules go."""
    out = []
    for line in source:
        if _MD_RULE.match(line.text):
            out.append(SourceLine(n=line.n, text=""))
            continue
        match = _MD_HEADING.match(line.text)
        role, raw = ("heading", match.group(2)) if match else (None, line.text)
        if len(raw) > MD_INLINE_CHARS:
            out.append(SourceLine(n=line.n, text=raw, role_hint=role))
            continue
        raw = _MD_QUOTE.sub("", _MD_LIST.sub("", raw, count=1), count=1)
        raw = _MD_IMAGE.sub("", raw)
        linked = 0
        parts: list[str] = []
        last = 0
        for link in _MD_LINK.finditer(raw):
            parts.append(raw[last : link.start()])
            parts.append(link.group(1))
            linked += len(link.group(1).strip())
            last = link.end()
        parts.append(raw[last:])
        plain = _MD_EMPHASIS.sub(_emphasised, "".join(parts)).strip()
        share = min(1.0, linked / len(plain)) if plain and linked else 0.0
        out.append(SourceLine(n=line.n, text=plain, role_hint=role if plain else None, links=share))
    return out


# A page of more lines or sentences than these is not a news page (a live blog has a few
# thousand lines, a long read a few hundred sentences): it is reported as an error rather than
# left to hold up the run (20,000 lines of prose took 7 s, one line of 13,000 sentences 11 s,
# of a 10 s per-page budget on a 2-core machine; benchmarks/hostile.py).
MAX_LINES = 10_000
MAX_SENTENCES = 5_000
_SENTENCE_END = re.compile(r"[.!?…](?=\s|$)")


def _bounded(item: Document | PageError) -> Document | PageError:
    if not isinstance(item, Document):
        return item
    if len(item.lines) > MAX_LINES:
        return PageError(item.path, f"{len(item.lines):,} lines, more than a news page has "
                                    f"({MAX_LINES:,}): skipped")  # fmt: skip
    sentences = sum(len(_SENTENCE_END.findall(line.text)) for line in item.lines)
    if sentences > MAX_SENTENCES:
        return PageError(item.path, f"about {sentences:,} sentences, more than a news page has "
                                    f"({MAX_SENTENCES:,}): skipped")  # fmt: skip
    return item


def _html_document(text: str, *, shown: str, rel: str, encoding: str, digest: str) -> Document:
    from summarizer.extract import ExtractionError, extract_html

    try:
        lines, meta = extract_html(text)
    except ExtractionError as exc:
        raise PageReadError(str(exc)) from exc
    return Document(
        id=stable_id(rel), path=shown, lines=lines, format="html", encoding=encoding,
        title=meta.title, url=meta.url, date=meta.date, declared_lang=meta.language, content_hash=digest,
    )  # fmt: skip


# An API response wraps its records: {"status": "ok", "data": {"items": [...]}} is searched this
# many levels down for a list of records.
RECORD_DEPTH = 3
# A field whose value is an object gives its text under one of these keys (WordPress's REST API:
# "title": {"rendered": "…"}, "content": {"rendered": "<p>…</p>"}); a list of strings is one
# paragraph a string.
NESTED_TEXT_FIELDS = ("rendered", "text", "value", "html", "content", "body")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")


def _records(payload: Any) -> list[dict[str, Any]]:
    for _ in range(RECORD_DEPTH):
        if not isinstance(payload, dict):
            break
        listed = next(
            (payload[key] for key in RECORD_LIST_FIELDS if isinstance(payload.get(key), list)), None
        )
        if listed is not None:  # a feed's own title beside its items ({"title": …, "items": [...]})
            payload = listed
            break
        wrapped = next(
            (payload[key] for key in RECORD_LIST_FIELDS if isinstance(payload.get(key), dict)), None
        )
        is_record = bool(_first(payload, TEXT_FIELDS) or _first(payload, TITLE_FIELDS))
        if wrapped is None or is_record:
            return [payload] if is_record else []
        payload = wrapped
    if isinstance(payload, list):
        return [r for r in payload if isinstance(r, dict)]
    return []


def _first(record: dict[str, Any], names: tuple[str, ...]) -> str | None:
    for name in names:
        value = _text_of(record.get(name))
        if value is not None:
            return value
    return None


def _text_of(value: Any, depth: int = 0) -> str | None:
    """A field's text: a string, the strings of a list (a paragraph each), or the text of an
    object under NESTED_TEXT_FIELDS (one level down); a list of such objects is a CMS's blocks,
    a paragraph each (`[{"type": "paragraph", "content": "…"}, …]`)."""
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        joined = "\n".join(v for v in value if v.strip())
        return joined or None
    if isinstance(value, list) and value and depth == 0 and all(isinstance(v, (str, dict)) for v in value):
        blocks = [_text_of(v, 0) if isinstance(v, dict) else v for v in value]
        joined = "\n".join(b for b in blocks if b and b.strip())
        return joined or None
    if isinstance(value, dict) and depth == 0:
        return next((t for key in NESTED_TEXT_FIELDS if (t := _text_of(value.get(key), 1)) is not None), None)
    return None


def _record_document(record: Any, *, shown: str, rel: str, index: int, encoding: str) -> Document | PageError:
    where = f"{shown}#{index + 1}"
    if not isinstance(record, dict):
        return PageError(where, "JSON record is not an object")
    body = _first(record, TEXT_FIELDS)
    title = _first(record, TITLE_FIELDS)
    if body is None and title is None:
        return PageError(where, f"JSON record has none of the text fields {', '.join(TEXT_FIELDS)}")
    lines: list[SourceLine] = []
    if title and _ENTITY.search(title):  # an API's rendered title: "Grève &#8211; le trafic"
        title = html.unescape(title)
    if title:
        lines.append(SourceLine(n=1, text=" ".join(title.split()), role_hint="title"))
    if body and _HTML_BODY.search(body[:HTML_SNIFF_CHARS]):  # a body in HTML: its blocks are its lines
        from summarizer.extract import fragment_lines

        lines += [replace(line, n=n) for n, line in enumerate(fragment_lines(body), start=len(lines) + 1)]
    else:
        for raw in _normalise_newlines(body or "").split("\n"):
            lines.append(SourceLine(n=len(lines) + 1, text=raw))
    while lines and not lines[-1].text.strip():
        lines.pop()
    date = _first(record, DATE_FIELDS)
    serial = json.dumps(record, sort_keys=True, ensure_ascii=False, default=str)
    return Document(
        id=stable_id(f"{rel}#{index}"), path=shown, lines=lines,
        format="jsonl" if shown.lower().endswith((".jsonl", ".ndjson")) else "json",
        encoding=encoding, record=index, title=title, url=_first(record, URL_FIELDS),
        date=date, declared_lang=_first(record, LANG_FIELDS),
        content_hash=hashlib.sha256(serial.encode("utf-8", "surrogatepass")).hexdigest(),
    )  # fmt: skip
