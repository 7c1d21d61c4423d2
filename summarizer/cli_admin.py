"""Sub-commands that manage the run's surroundings: models, the translation cache, settings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from summarizer.cli import CacheOpt, ConfigOpt, app, console, out, run_guarded, settings_from

models_app = typer.Typer(
    help="List, fetch, add and convert the opus-mt translation models.\n\n"
    "Online:  summarizer models pull        Offline:  summarizer models add fr ./opus-mt-fr-en",
    no_args_is_help=True,
)
cache_app = typer.Typer(help="Inspect or clear the translation and page caches.", no_args_is_help=True)
config_app = typer.Typer(help="Show the effective settings.", no_args_is_help=True)
app.add_typer(models_app, name="models")
app.add_typer(cache_app, name="cache")
app.add_typer(config_app, name="config")

QualityOpt = Annotated[str | None, typer.Option("--quality", help="fast (opus-mt) or best (tc-big).")]


def _size(path: Path | None) -> str:
    if path is None or not path.exists():
        return "-"
    total = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return f"{total / 1e6:,.0f} MB"


@models_app.command("list")
def models_list(config: ConfigOpt = None, cache_dir: CacheOpt = None, quality: QualityOpt = None,
                as_json: Annotated[bool, typer.Option("--json")] = False) -> None:  # fmt: skip
    """Per language: model, status, path, size and the backend a run would use."""

    def action() -> int:
        from summarizer.hub import resolve_all

        settings = settings_from(config, cache_dir=cache_dir, quality=quality)
        rows = []
        for lang, ref in resolve_all(settings).items():
            backend = "ctranslate2" if ref.ct2_path and settings.backend != "transformers" else "transformers"
            rows.append({"lang": lang, "model": ref.model_id, "status": "ready" if ref.available else "missing",
                         "where": ref.where, "path": str(ref.path) if ref.path else None,
                         "ct2_path": str(ref.ct2_path) if ref.ct2_path else None,
                         "size": _size(ref.path), "backend": backend})  # fmt: skip
        if as_json:
            out.print_json(json.dumps(rows))
            return 0
        table = Table(title=f"Translation models ({settings.quality}) in {settings.cache_dir / 'models'}")
        for col in ("lang", "model", "status", "where", "size", "backend"):
            table.add_column(col)
        for r in rows:
            status = "[green]ready[/]" if r["status"] == "ready" else "[red]missing[/]"
            table.add_row(r["lang"], r["model"], status, r["where"], r["size"], r["backend"])
        out.print(table, soft_wrap=False)
        if any(r["status"] == "missing" for r in rows):
            console.print("Fetch the missing ones with: summarizer models pull")
        return 0

    run_guarded(action)


@models_app.command("pull")
def models_pull(
    langs: Annotated[list[str] | None, typer.Argument(help="Languages (default: all candidates).")] = None,
    ct2: Annotated[bool, typer.Option("--ct2", help="Also convert to CTranslate2 int8 (the fast path).")] = False,
    config: ConfigOpt = None, cache_dir: CacheOpt = None, quality: QualityOpt = None,
) -> None:  # fmt: skip
    """Download the models into the cache (the only command that uses the network).

    Without network access it stops with one line naming every model it could not fetch and
    what to do instead (`models add LANG PATH` with a copy fetched elsewhere, or --no-translate).
    """

    def action() -> int:
        from summarizer.hub import pull

        settings = settings_from(config, cache_dir=cache_dir, quality=quality)
        for ref in pull(settings, list(langs or []), ct2=ct2):
            console.print(f"{ref.lang}: {ref.model_id} -> {ref.path}", highlight=False, markup=False)
        return 0

    run_guarded(action)


@models_app.command("add")
def models_add(
    lang: Annotated[str, typer.Argument(help="The source language the model translates (fr, de).")],
    path: Annotated[Path, typer.Argument(help="A downloaded opus-mt model folder (config.json, weights, *.spm).")],
    link: Annotated[bool, typer.Option("--link", help="Link to the folder instead of copying it.")] = False,
    config: ConfigOpt = None, cache_dir: CacheOpt = None, quality: QualityOpt = None,
) -> None:  # fmt: skip
    """Install a model folder fetched elsewhere (no network): verified, then copied into the cache.

    Example:  summarizer models add fr ~/Downloads/opus-mt-fr-en
    """

    def action() -> int:
        from summarizer.hub import add

        settings = settings_from(config, cache_dir=cache_dir, quality=quality)
        ref = add(settings, lang, path, link=link)
        how = "linked" if link else "copied"
        console.print(
            f"{ref.lang}: {path} {how} as {ref.model_id} -> {ref.path}", highlight=False, markup=False
        )
        return 0

    run_guarded(action)


@models_app.command("convert")
def models_convert(
    langs: Annotated[list[str] | None, typer.Argument(help="Languages (default: all available).")] = None,
    quantization: Annotated[str, typer.Option("--quantization", help="int8, int8_float16, float16…")] = "int8",
    config: ConfigOpt = None, cache_dir: CacheOpt = None, quality: QualityOpt = None,
) -> None:  # fmt: skip
    """Convert downloaded transformers models to CTranslate2 (int8 by default)."""

    def action() -> int:
        from summarizer.backends.translators import convert_to_ctranslate2
        from summarizer.hub import ct2_dir, resolve_all

        settings = settings_from(config, cache_dir=cache_dir, quality=quality)
        refs = resolve_all(settings)
        for lang in langs or list(refs):
            ref = refs.get(lang)
            if ref is None or ref.path is None:
                console.print(f"[red]{lang}[/]: model not available; run 'summarizer models pull {lang}'")
                return 2
            target = ct2_dir(settings, ref.model_id, quantization) if ref.where != "path" \
                else ref.path.parent / f"{ref.path.name}-ct2-{quantization}"  # fmt: skip
            convert_to_ctranslate2(ref.path, target, quantization)
            console.print(f"{lang}: {ref.model_id} -> {target}", highlight=False)
        return 0

    run_guarded(action)


@cache_app.command("stats")
def cache_stats(config: ConfigOpt = None, cache_dir: CacheOpt = None) -> None:
    """How many translations (per model and language) and page results are cached."""

    def action() -> int:
        from summarizer.backends.cache import PageCache, TranslationCache

        settings = settings_from(config, cache_dir=cache_dir)
        translations = TranslationCache(settings.cache_dir / "translations.sqlite3")
        pages = PageCache(settings.cache_dir / "pages.sqlite3")
        out.print_json(json.dumps({"translations": translations.stats(), "pages": pages.stats()}))
        return 0

    run_guarded(action)


@cache_app.command("clear")
def cache_clear(
    model: Annotated[
        str | None, typer.Option("--model", help="Only translations of this model id (pages are kept).")
    ] = None,
    config: ConfigOpt = None, cache_dir: CacheOpt = None,
) -> None:  # fmt: skip
    """Delete cached translations (all, or one model's) and cached page results."""

    def action() -> int:
        from summarizer.backends.cache import PageCache, TranslationCache

        settings = settings_from(config, cache_dir=cache_dir)
        cache = TranslationCache(settings.cache_dir / "translations.sqlite3")
        console.print(f"removed {cache.clear(model)} cached translations", highlight=False)
        if model is None:
            pages = PageCache(settings.cache_dir / "pages.sqlite3")
            console.print(f"removed {pages.clear()} cached page results", highlight=False)
        return 0

    run_guarded(action)


@config_app.command("show")
def config_show(config: ConfigOpt = None, cache_dir: CacheOpt = None) -> None:
    """Every effective setting and where it came from (default, file, environment, flag)."""

    def action() -> int:
        settings = settings_from(config, cache_dir=cache_dir)
        table = Table(title="Effective settings")
        for col in ("setting", "value", "from"):
            table.add_column(col)
        for name, source in settings.sources.items():
            value = getattr(settings, name)
            shown = ",".join(value) if isinstance(value, tuple) else str(value)
            table.add_row(name, shown, source)
        out.print(table, soft_wrap=False)
        return 0

    run_guarded(action)
