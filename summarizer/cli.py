"""The `summarizer` command line: parse flags, build Settings, call the library, print, exit."""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from summarizer.cli_report import safe_text
from summarizer.errors import SummarizerError
from summarizer.models import PageError
from summarizer.settings import Settings, load_settings

F = TypeVar("F", bound=Callable[..., Any])

app = typer.Typer(
    name="summarizer",
    help=(
        "Turn a folder of scraped French/German news pages into clean English digests, offline.\n\n"
        "Typical use:  summarizer models pull  then  summarizer digest seeds -o out\n\n"
        "Without models:  summarizer digest seeds -o out --no-translate"
    ),
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
console = Console(stderr=True)
out = Console(soft_wrap=True)

State = dict[str, Any]
_state: State = {"debug": False}

PathArg = Annotated[
    list[Path],
    typer.Argument(
        help="Pages, folders of pages (searched recursively) or quoted globs ('dumps/*.jsonl'); one or more.",
        show_default=False,
    ),
]
ConfigOpt = Annotated[
    Path | None, typer.Option("--config", help="A summarizer.toml (default: ./summarizer.toml).")
]
LangOpt = Annotated[
    str | None, typer.Option("--languages", help="Candidate languages, comma-separated (fr,de,en).")
]
DetectorOpt = Annotated[
    str | None, typer.Option("--detector", help="Language detector: lingua (default) or langdetect.")
]
MaxBytesOpt = Annotated[
    int | None,
    typer.Option("--max-bytes", help="Skip (and list) files larger than this many bytes (5000000)."),
]
CacheOpt = Annotated[
    Path | None,
    typer.Option("--cache-dir", help="Runtime cache (models, translations). Env: SUMMARIZER_CACHE_DIR."),
]


@app.callback()
def main(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks and debug logs.")] = False,
) -> None:
    """Offline digests of French/German news pages."""
    _state["debug"] = debug
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:  # honoured per command, also when called in-process
        console.width = out.width = int(columns)
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")  # fmt: skip


def fail(message: str, code: int = 1) -> None:
    console.print(f"[bold red]error:[/] {safe_text(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def run_guarded(action: Callable[[], int | None]) -> None:
    """Run a command body: user errors become one line and an exit code, no traceback."""
    try:
        code = action() or 0
    except SummarizerError as exc:
        if _state["debug"]:
            raise
        fail(str(exc), exc.exit_code)
        return
    except KeyboardInterrupt:
        fail("interrupted", 130)
        return
    except (typer.Exit, typer.Abort):
        raise
    except Exception as exc:  # an unexpected failure: one line, the traceback with --debug
        if _state["debug"]:
            raise
        fail(f"unexpected {type(exc).__name__}: {exc} (run with --debug for the traceback)", 1)
        return
    raise typer.Exit(code)


def settings_from(config: Path | None, **overrides: Any) -> Settings:
    return load_settings(config=config, overrides=overrides)


@app.command()
def clean(
    path: PathArg,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Write each page's cleaned text to DIR/<id>.clean.txt."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print every line with keep/reason/lang as JSON.")
    ] = False,
    languages: LangOpt = None,
    detector: DetectorOpt = None,
    max_bytes: MaxBytesOpt = None,
    config: ConfigOpt = None,
    cache_dir: CacheOpt = None,
) -> None:
    """Strip boilerplate and duplicates, and say line by line what was removed and why.

    Examples:

      summarizer clean seeds                 # removed lines and their reasons

      summarizer clean seeds --json | jq .   # every line: keep, reason, language

      summarizer clean page.html -o cleaned  # cleaned source-language text per page
    """

    def action() -> int:
        from summarizer.pipeline import CleaningPipeline
        from summarizer.render import clean_text, error_record, page_record, write_atomic, write_json

        settings = settings_from(
            config, languages=languages, detector=detector, cache_dir=cache_dir, max_bytes=max_bytes
        )
        from summarizer.pipeline import check_inputs, check_output
        from summarizer.render import mark_output, plural

        excluded = (output,) if output else ()
        if output:
            check_output(output, check_inputs(path))
        pipeline = CleaningPipeline(settings, exclude=excluded)
        index: list[dict[str, Any]] = []  # id, path, record of each page, for -o DIR/index.json
        failed = 0
        written = 0  # --json is streamed: one page's record a line, memory flat in the page count
        for item in pipeline.documents(path):
            if as_json:
                record = error_record(item) if isinstance(item, PageError) else page_record(item)
                typer.echo(('{"files": [' if not written else ",") + "\n" + json.dumps(record, ensure_ascii=False),
                           nl=False)  # fmt: skip
                written += 1
            if isinstance(item, PageError):
                failed += 1
                if not as_json:
                    console.print(f"[yellow]skipped[/] {safe_text(item.path)}: "
                                  f"{safe_text(item.error)}", highlight=False)  # fmt: skip
                continue
            doc = item
            index.append({"id": doc.id, "path": doc.path, "record": doc.record})
            if output:
                mark_output(output)
                write_atomic(output / f"{doc.id}.clean.txt", clean_text(doc))
            if not as_json:
                _print_removed(doc)
        if as_json:
            typer.echo(("" if written else '{"files": [') + "\n]}")
        if output:
            write_json(output / "index.json", index)
        stats = pipeline.stats
        if not as_json:
            removed = ", ".join(f"{k} {v}" for k, v in sorted(stats.removed.items())) or "nothing"
            console.print(f"{plural(stats.pages, 'page')}, {plural(stats.lines, 'line')}, removed: {removed}",
                          highlight=False, markup=False)  # fmt: skip
        return 1 if failed else 0

    run_guarded(action)


def _print_removed(doc: Any) -> None:
    """The removed lines of a page, one a row; page text is never read as Rich markup."""
    out.print(f"[bold]{safe_text(doc.path)}[/] ({doc.id})", highlight=False)
    for block in doc.blocks:
        if not block.keep:
            text = block.text if len(block.text) <= 90 else block.text[:87] + "..."
            out.print(f"  {block.n:>4}  [red]{escape(block.reason or ''):<32}[/] {safe_text(text)}",
                      highlight=False)  # fmt: skip
        for repair in block.repairs:
            label = escape("repair:" + repair.kind)
            out.print(f"  {block.n:>4}  [cyan]{label:<32}[/] {safe_text(repair.after[:90])}",
                      highlight=False)  # fmt: skip


@app.command()
def detect(
    path: PathArg,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print languages per line and sentence as JSON.")
    ] = False,
    languages: LangOpt = None,
    detector: DetectorOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Detect the language of every line and sentence, and each page's language mix.

    Example:  summarizer detect seeds --detector langdetect
    """

    def action() -> int:
        from summarizer.detect import language_mix
        from summarizer.pipeline import CleaningPipeline

        settings = settings_from(config, languages=languages, detector=detector)
        pipeline = CleaningPipeline(settings)
        files: list[dict[str, Any]] = []
        failed = 0
        for item in pipeline.documents(path):
            if isinstance(item, PageError):
                failed += 1
                files.append({"path": item.path, "id": None, "error": item.error, "lines": []})
                continue
            doc = item
            mix = language_mix([b for b in doc.blocks if not b.is_blank])
            lines = [
                {"n": b.n, "lang": b.lang, "confidence": b.confidence, "text": b.text,
                 "sentences": [{"text": s.text, "lang": s.lang, "confidence": s.confidence}
                               for s in b.sentences]}
                for b in doc.blocks if not b.is_blank
            ]  # fmt: skip
            files.append({"path": doc.path, "id": doc.id, "error": None, "languages": mix, "lines": lines})
        if as_json:
            out.print_json(json.dumps({"files": files}, ensure_ascii=False))
            return 1 if failed else 0
        for f in files:
            if f["error"]:
                console.print(f"[yellow]skipped[/] {safe_text(f['path'])}: "
                              f"{safe_text(f['error'])}", highlight=False)  # fmt: skip
                continue
            shares = ", ".join(f"{k} {v:.0%}" for k, v in f["languages"].items())
            # Narrow terminals (80 columns) shorten the text column, never the language one.
            table = Table(title=safe_text(f"{f['path']}  ({shares})"), show_lines=False,
                          title_justify="left", expand=False)  # fmt: skip
            table.add_column("line", justify="right", no_wrap=True, min_width=4)
            table.add_column("lang", no_wrap=True, min_width=5)
            table.add_column("conf", justify="right", no_wrap=True, min_width=4)
            table.add_column("text", overflow="ellipsis", no_wrap=True, ratio=1, max_width=100)
            for line in f["lines"]:
                langs = "/".join(dict.fromkeys(s["lang"] or "?" for s in line["sentences"]))
                table.add_row(str(line["n"]), langs, f"{line['confidence']:.2f}", safe_text(line["text"]))
            out.print(table, soft_wrap=False)  # a table fits the terminal; soft wrap would overflow it
        return 1 if failed else 0

    run_guarded(action)


@app.command()
def digest(
    path: PathArg,
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Output folder (digest.md, digest.json, articles/).")
    ],
    no_translate: Annotated[
        bool,
        typer.Option("--no-translate", help="Skip translation: summarise the source text, no model needed."),
    ] = False,
    model: Annotated[
        list[str] | None,
        typer.Option("--model", help="LANG=MODEL_ID_OR_PATH, e.g. --model fr=./opus-mt-fr-en (repeatable)."),
    ] = None,
    backend: Annotated[
        str | None, typer.Option("--backend", help="Translation backend: auto, transformers or ctranslate2.")
    ] = None,
    quality: Annotated[
        str | None, typer.Option("--quality", help="fast (opus-mt) or best (opus-mt-tc-big).")
    ] = None,
    device: Annotated[str | None, typer.Option("--device", help="cpu or cuda.")] = None,
    sentences: Annotated[
        int | None, typer.Option("--sentences", help="Summary length in sentences, instead of words.")
    ] = None,
    summarizer: Annotated[
        str | None, typer.Option("--summarizer", help="extractive (default, no model), seq2seq or llm.")
    ] = None,
    summarizer_model: Annotated[
        str | None, typer.Option("--summarizer-model", help="Folder (or cached id) of the seq2seq/llm model.")
    ] = None,
    words: Annotated[
        int | None,
        typer.Option(
            "--words",
            help="Most words per summary, whole sentences only (50); a summary stops sooner when no further sentence adds to it.",
        ),
    ] = None,
    formats: Annotated[
        str | None, typer.Option("--formats", help="Outputs to write, comma-separated: md,json,html (all).")
    ] = None,
    incremental: Annotated[
        bool | None,
        typer.Option(
            "--incremental/--no-incremental",
            help="Reuse unchanged pages' results from the page cache (default on).",
            show_default=False,
        ),
    ] = None,
    engine: Annotated[
        str | None,
        typer.Option(
            "--engine",
            help="local (default) or ray: the same stages on Ray Data (pip install 'summarizer\\[ray]').",
        ),
    ] = None,
    ray_address: Annotated[
        str | None, typer.Option("--ray-address", help="Ray cluster to join (auto, ray://HOST:10001).")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars and no report.")] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Log each stage, and the full report.")
    ] = False,
    languages: LangOpt = None,
    detector: DetectorOpt = None,
    max_bytes: MaxBytesOpt = None,
    config: ConfigOpt = None,
    cache_dir: CacheOpt = None,
) -> None:
    """Run the whole pipeline and write an English digest of a folder of pages.

    Writes OUTPUT/digest.md, digest.json, digest.html and articles/<id>.en.md|.clean.txt
    (<id>.fr.md / <id>.de.md with --no-translate). OUTPUT must lie outside the input folders.
    Never downloads anything: models come from `summarizer models pull` or --model paths.
    A re-run reuses every unchanged page from the cache and redoes only the corpus step.
    Exit code 0: all pages processed; 1: some pages failed (listed); 2: usage or configuration.

    Examples:

      summarizer digest seeds -o out                  # needs the opus-mt models

      summarizer digest seeds -o out --no-translate   # fully offline, no model

      summarizer digest pages/ -o out --model fr=./my-fr-en --model de=./my-de-en
    """

    def action() -> int:
        from summarizer.cli_report import RunProgress, report
        from summarizer.hub import go_offline
        from summarizer.pipeline import (
            check_cache_outside,
            check_inputs,
            check_output,
            check_writable,
            run_digest,
        )

        go_offline()  # `digest` never downloads: set before any Hugging Face import

        if quiet and verbose:
            fail("--quiet and --verbose exclude each other", 2)
        if verbose:
            logging.getLogger("summarizer").setLevel(logging.INFO)
        models = dict(m.split("=", 1) for m in (model or []) if "=" in m)
        bad = [m for m in (model or []) if "=" not in m]
        if bad:
            fail(f"--model takes LANG=MODEL (got {bad[0]!r})", 2)
        settings = settings_from(
            config,
            languages=languages,
            detector=detector,
            cache_dir=cache_dir,
            translate=False if no_translate else None,
            models=models or None,
            backend=backend,
            quality=quality,
            device=device,
            summary_sentences=sentences,
            summary_words=words,
            summarizer=summarizer,
            summarizer_model=summarizer_model,
            formats=formats,
            incremental=incremental,
            max_bytes=max_bytes,
            engine=engine,
            ray_address=ray_address,
        )
        check_output(output, check_inputs(path))  # before any work, and before the progress bars
        check_writable(settings.cache_dir, "cache folder (--cache-dir)")
        check_cache_outside(settings.cache_dir, output)
        with RunProgress(console, enabled=not quiet) as progress:
            if settings.engine == "ray":
                from summarizer.distributed import run_digest_ray

                result = run_digest_ray(path, output, settings, address=settings.ray_address or None,
                                        progress=progress)  # fmt: skip
            else:
                translation = None
                if settings.translate:
                    from summarizer.translate import TranslationStage

                    translation = TranslationStage.from_settings(settings, progress=progress)
                result = run_digest(path, output, settings, translation=translation, progress=progress)
        if not quiet:
            console.print(report(result, output, settings.formats, verbose=verbose), highlight=False)
        return 1 if result.errors else 0

    run_guarded(action)


def entrypoint() -> None:
    """Console-script entry point."""
    try:
        app()
    except SummarizerError as exc:  # pragma: no cover - run_guarded handles command bodies
        console.print(f"[bold red]error:[/] {exc}")
        sys.exit(exc.exit_code)


# Registers the models/cache/config sub-apps (they import `app` from here, so they come last).
from summarizer import cli_admin  # noqa: E402, F401
