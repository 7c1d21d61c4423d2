"""The data that flows between the pipeline stages: plain, typed, slotted dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class SourceLine:
    """One line of a page as ingested, before segmentation.

    ``n`` is the 1-based line of the source file for text input, and the order of the extracted
    lines for HTML and JSON input. ``role_hint`` is what the input format already tells
    (a JSON ``title`` field, an HTML heading), or ``None``. ``links`` is the share of the line's
    characters inside links (HTML only; 0 elsewhere): a run of linked headlines is a teaser list.
    ``box`` is the removal reason of the page box the line sits in when the HTML shows one beside
    the article (``"info-box"``, ``"read-also"``, ``"newsletter"``: extract.mark_boxes), else ``None``.
    """

    n: int
    text: str
    role_hint: str | None = None
    links: float = 0.0
    box: str | None = None


@dataclass(slots=True)
class Sentence:
    """A sentence of a block, with its detected language."""

    text: str
    lang: str | None = None
    confidence: float = 0.0
    translation: str | None = None


@dataclass(slots=True)
class Repair:
    """A change the cleaner made to a kept line, recorded so nothing changes silently."""

    kind: str
    before: str
    after: str


@dataclass(slots=True)
class Block:
    """A line or paragraph of a page with its role, language and cleaning decision."""

    n: int
    source: str
    text: str
    role: str = "body"
    lang: str | None = None
    confidence: float = 0.0
    sentences: list[Sentence] = field(default_factory=list)
    keep: bool = True
    reason: str | None = None
    repairs: list[Repair] = field(default_factory=list)
    translation: str | None = None
    links: float = 0.0  # share of the source line inside HTML links (SourceLine.links)
    box: str | None = None  # the page box the source line sits in (SourceLine.box)

    @property
    def is_blank(self) -> bool:
        return not self.text.strip()


@dataclass(slots=True)
class Document:
    """One scraped page (a file, or one record of a JSON/JSONL dump)."""

    id: str
    path: str
    lines: list[SourceLine]
    format: str
    encoding: str = "utf-8"
    record: int | None = None
    title: str | None = None
    url: str | None = None
    date: str | None = None
    declared_lang: str | None = None
    content_hash: str = ""
    blocks: list[Block] = field(default_factory=list)

    @property
    def kept_blocks(self) -> list[Block]:
        return [b for b in self.blocks if b.keep and not b.is_blank]

    def _title_block(self) -> Block | None:
        """The kept title line, else the first kept line."""
        for block in self.blocks:
            if block.role == "title" and block.keep:
                return block
        return next(iter(self.kept_blocks), None)

    @property
    def source_title(self) -> str:
        """The title as the page gives it (display_title before translation)."""
        return self._name(translated=False)

    @property
    def display_title(self) -> str:
        """The kept title line; on a page without one, the first kept line, or its first sentence
        when that line is a paragraph (a JSON dump's one-line body is no title)."""
        return self._name(translated=True)

    def _name(self, *, translated: bool) -> str:
        block = self._title_block()
        if block is None:
            return self.title or self.path
        if block.role != "title" and len(block.sentences) > 1:
            first = block.sentences[0]
            return ((first.translation if translated else None) or first.text).strip()
        return (block.translation if translated else None) or block.text


@dataclass(slots=True)
class PageError:
    """A page that could not be processed, and why (it never stops the rest of the run)."""

    path: str
    error: str


@dataclass(slots=True)
class ArticleSummary:
    """The per-article result that the digest shows."""

    id: str
    path: str
    title: str
    languages: dict[str, float]
    summary: list[str]
    removed: list[tuple[int, str, str]]
    kept_lines: int
    translated: bool
    # Other pages of the corpus with the same story text (syndicated copies), by shown path:
    # they are listed here and not summarised, translated or grouped again.
    copies: list[str] = field(default_factory=list)
    # The publication day (ISO) from the page's metadata or, failing that, its own date line.
    date: str | None = None


@dataclass(slots=True)
class Support:
    """Where a source says it: the article and its sentence, for a reader to check."""

    article: str
    sentence: str


@dataclass(slots=True)
class Fact:
    """A statement reported by one or more articles of a story; `support` holds each source's
    own sentence that states it, in the order of `sources`."""

    text: str
    sources: list[str]
    support: list[Support] = field(default_factory=list)


@dataclass(slots=True)
class FigureValue:
    """One value of a figure, who reports it and in which sentence (`support`); `bound` when the
    sources give it as one ("at least", "up to") or as an approximation ("about")."""

    value: str
    sources: list[str]
    support: list[Support] = field(default_factory=list)
    bound: str | None = None

    @property
    def label(self) -> str:
        """The value as a reader sees it: "at least 2,000"."""
        return f"{self.bound} {self.value}" if self.bound else self.value


@dataclass(slots=True)
class Figure:
    """A quantity the sources report, with each distinct value and who reports it. Two values or
    more are a disagreement; `consistent` when one true value fits them all, their bounds read
    ("at least 2,000" and "2,122": the toll rose), which the digest says beside them."""

    about: str
    values: list[FigureValue]
    consistent: bool = False

    @property
    def disagrees(self) -> bool:
        return len(self.values) > 1


@dataclass(slots=True)
class Story:
    """Articles that report the same event, with their shared facts and figures."""

    title: str
    articles: list[str]
    facts: list[Fact] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    # Articles the corpus step failed on (id, reason): left out of the facts or figures, reported
    # as page errors by the pipeline; the story and the rest of the run go on.
    failed: list[tuple[str, str]] = field(default_factory=list)


@dataclass(slots=True)
class Digest:
    """Everything a run produced: what the renderers write."""

    articles: list[ArticleSummary]
    stories: list[Story]
    errors: list[PageError]
    stats: dict[str, object] = field(default_factory=dict)
