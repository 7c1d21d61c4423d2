"""What the terminal shows during and after a run: progress bars per stage and the end report."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from types import TracebackType
from typing import Any

from rich.console import Console, Group
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from summarizer.models import Digest

# Unicode categories never printed raw: controls, formats, line and paragraph separators.
_HIDDEN = {"Cc", "Cf", "Zl", "Zp"}

# Pipeline progress events -> what the bar says.
STAGE_LABELS = {
    "read": "pages read",
    "clean": "pages cleaned",
    "translate": "sentences translated",
    "summarize": "articles summarised",
}


class RunProgress:
    """A rich progress bar per stage, fed by the pipeline's `progress(stage, done, total)` calls.

    Stages with a known total show a bar and an ETA; the others (pages read in the counting
    pass, sentences translated while pages still stream in) show a count and the elapsed time.
    Disabled (a no-op) when `enabled` is false, e.g. with --quiet.
    """

    def __init__(self, console: Console, *, enabled: bool = True) -> None:
        self.enabled = enabled
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description:<22}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("eta"),
            TimeRemainingColumn(),
            console=console,
            transient=False,
            disable=not enabled,
        )
        self._tasks: dict[str, TaskID] = {}

    def __enter__(self) -> RunProgress:
        self._progress.__enter__()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._settle()
        self._progress.__exit__(kind, exc, tb)

    def _settle(self) -> None:
        """Give the open-ended counts their final total, so they show as done."""
        for task in self._progress.tasks:
            if task.total is None:
                self._progress.update(task.id, total=task.completed)

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        if not self.enabled:
            return
        key = stage.split()[0]
        if key not in self._tasks:
            if key != "translate":
                self._settle()
            label = STAGE_LABELS.get(key, key)
            self._tasks[key] = self._progress.add_task(label, total=total)
        task = self._tasks[key]
        self._progress.update(task, completed=done, total=total)


def printable(text: str) -> str:
    """Control and format characters of user text (terminal escape sequences, line breaks) shown
    as \\x.. instead; spaces of every kind, such as French no-break spaces, stay as they are."""
    return "".join(
        f"\\x{ord(ch):02x}" if ch != "\t" and unicodedata.category(ch) in _HIDDEN else ch for ch in text
    )


def safe_text(text: str) -> str:
    """User text for a Rich console: printable, and never read as markup."""
    return escape(printable(text))


def report(digest: Digest, output: Path, formats: tuple[str, ...], *, verbose: bool = False) -> Group:
    """The one-screen end-of-run report: pages, languages, removals, translation, time per stage."""
    stats: dict[str, Any] = digest.stats
    summary = Table.grid(padding=(0, 2))
    summary.add_column(style="bold")
    summary.add_column()
    pages = f"{stats['pages']} processed"
    if stats.get("pages_from_cache"):
        pages += f" ({stats['pages_from_cache']} unchanged, reused from the page cache)"
    summary.add_row("pages", pages)
    summary.add_row("failed", str(stats["errors"]) if stats["errors"] else "none")
    summary.add_row("stories", str(len(digest.stories)))
    languages = stats.get("languages") or {}
    summary.add_row("languages", ", ".join(f"{k} in {v} pages" for k, v in languages.items()) or "-")
    removed = stats.get("removed") or {}
    kept = stats["lines"] - sum(removed.values())
    summary.add_row("lines", f"{stats['lines']} read, {kept} kept, {sum(removed.values())} removed")
    translation = stats.get("translation")
    if translation:
        untranslated = sum(translation.get("untranslated", {}).values())
        summary.add_row(
            "translation",
            f"{translation['translated']} sentences translated, {translation['from_cache']} from cache, "
            f"{untranslated} left untranslated, {translation['model_calls']} model calls",
        )
    else:
        summary.add_row("translation", "off (--no-translate): summaries are in the source languages")
    seconds = stats.get("seconds") or {}
    summary.add_row(
        "time",
        ", ".join(f"{k} {v:.1f}s" for k, v in seconds.items()) + f" (total {sum(seconds.values()):.1f}s)",
    )

    parts: list[Any] = [summary]
    if removed:
        reasons = Table(title="lines removed, by reason", title_justify="left", box=None, pad_edge=False)
        reasons.add_column("reason")
        reasons.add_column("lines", justify="right")
        shown = sorted(removed.items(), key=lambda kv: -kv[1])
        for reason, count in shown if verbose else shown[:8]:
            reasons.add_row(reason, str(count))
        if not verbose and len(shown) > 8:
            more = len(shown) - 8
            reasons.add_row(f"… {more} more reason{'s' if more != 1 else ''} (--verbose)",
                            str(sum(c for _, c in shown[8:])))  # fmt: skip
        parts.append(reasons)
    if translation and translation.get("untranslated") and verbose:
        kinds = ", ".join(f"{k} {v}" for k, v in translation["untranslated"].items() if v)
        parts.append(f"untranslated by reason: {kinds}")
    for err in digest.errors:
        parts.append(f"[yellow]failed[/] {safe_text(err.path)}: {safe_text(err.error)}")
    written = ", ".join(f"digest.{f}" for f in formats)
    parts.append(f"[bold]written[/] {written} and articles/ in {safe_text(str(output))}")
    return Group(*parts)
