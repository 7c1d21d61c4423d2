"""One frozen Settings: defaults <- summarizer.toml <- SUMMARIZER_* environment <- CLI flags."""

from __future__ import annotations

import math
import os
import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from summarizer.errors import ConfigError

CONFIG_FILE = "summarizer.toml"
SUPPORTED_LANGUAGES = ("fr", "de", "en")
OUTPUT_FORMATS = ("md", "json", "html")


def _checkout_cache(package: Path) -> Path | None:
    """The checkout's `cache/` when `package` lies in a source checkout (an editable install)."""
    root = package.parent
    cache = root / "cache"
    if (cache / "README.md").is_file() and (root / "pyproject.toml").is_file():
        return cache
    return None


def default_cache_dir(package: Path | None = None) -> Path:
    """Where models and caches live when neither --cache-dir nor SUMMARIZER_CACHE_DIR says.

    The rule: a package run from a source checkout (`pip install -e .`) uses the checkout's
    `cache/` folder, wherever the command runs, so `models pull` in the checkout serves every
    later run; an installed package uses `$XDG_CACHE_HOME/summarizer` (`~/.cache/summarizer`).
    """
    package = package or Path(__file__).resolve().parent
    checkout = _checkout_cache(package)
    if checkout is not None:
        return checkout
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "summarizer"


def default_cache_origin() -> str:
    """What `config show` says of a default cache_dir: which half of the rule chose it."""
    if _checkout_cache(Path(__file__).resolve().parent) is not None:
        return "default: the checkout's cache/ (editable install)"
    return "default: $XDG_CACHE_HOME/summarizer (~/.cache/summarizer)"


@dataclass(frozen=True, slots=True)
class Settings:
    """Every setting of a run. Build it with `load_settings`; never mutate it."""

    languages: tuple[str, ...] = SUPPORTED_LANGUAGES
    detector: str = "lingua"
    target: str = "en"
    cache_dir: Path = field(default_factory=default_cache_dir)
    max_bytes: int = 5_000_000
    # A line is a site template when it recurs in this many distinct pages of the corpus.
    template_min_pages: int = 3
    translate: bool = True
    models: dict[str, str] = field(default_factory=dict)
    backend: str = "auto"
    quality: str = "fast"
    device: str = "cpu"
    summarizer: str = "extractive"
    # A path or hub id for --summarizer seq2seq|llm (resolved offline like the translators).
    summarizer_model: str = ""
    # Summary length: at most 50 words (news abstracts run 30-60), never cutting a sentence; the
    # extractive summary stops sooner when no further sentence adds to it. Setting
    # summary_sentences (and not summary_words) asks for that many sentences instead.
    summary_sentences: int = 3
    summary_words: int = 50
    formats: tuple[str, ...] = ("md", "json", "html")
    # Reuse each unchanged page's result from the page cache (only the corpus step is redone).
    incremental: bool = True
    # local (default, no Ray) or ray (Ray Data: `pip install 'summarizer[ray]'`).
    engine: str = "local"
    # A Ray cluster to join (`auto`, `ray://head:10001`); empty: start a local one.
    ray_address: str = ""
    sources: dict[str, str] = field(default_factory=dict, compare=False)

    def with_(self, **changes: Any) -> Settings:
        """A copy with `changes` applied (used by tests and library callers)."""
        return replace(self, **changes)


_FIELD_TYPES = {f.name: f.type for f in fields(Settings)}


def _coerce(name: str, value: Any) -> Any:
    kind = str(_FIELD_TYPES[name])
    try:
        if "tuple" in kind:
            if isinstance(value, str):
                value = [v.strip() for v in value.split(",") if v.strip()]
            return tuple(str(v) for v in value)
        if "dict" in kind:
            if isinstance(value, str):
                pairs = [p.split("=", 1) for p in value.split(",") if p.strip()]
                return {k.strip(): v.strip() for k, v in pairs}
            return {str(k): str(v) for k, v in dict(value).items()}
        if "Path" in kind:
            if not isinstance(value, str | Path) or not str(value).strip():
                raise ValueError("a non-empty path is needed")
            return Path(value).expanduser()
        if "bool" in kind:
            if isinstance(value, bool):
                return value
            word = str(value).strip().lower() if isinstance(value, str | int) else None
            if word in {"1", "true", "yes", "on"}:
                return True
            if word in {"0", "false", "no", "off"}:
                return False
            raise ValueError("expected true or false (1/0, yes/no, on/off)")
        if "int" in kind:
            if isinstance(value, bool):
                raise ValueError("a whole number is needed, not true/false")
            if isinstance(value, float):
                if not math.isfinite(value) or value != int(value):
                    raise ValueError("a whole number is needed")
                return int(value)
            if isinstance(value, str):
                text = value.strip().replace("_", "")
                if not text.lstrip("-").isdigit():
                    raise ValueError("a whole number is needed")
                return int(text)
            if not isinstance(value, int):
                raise ValueError("a whole number is needed")
            return value
        if not isinstance(value, str):
            raise ValueError("text is needed")
        return value
    except (TypeError, ValueError, OverflowError) as exc:
        raise ConfigError(f"setting '{name}': cannot use {value!r} ({exc})") from exc


def _validate(settings: Settings) -> None:
    unknown = [lang for lang in settings.languages if lang not in SUPPORTED_LANGUAGES]
    if unknown or not settings.languages:
        raise ConfigError(
            f"languages: {','.join(unknown) or 'none given'} not supported; "
            f"choose among {','.join(SUPPORTED_LANGUAGES)}"
        )
    if settings.detector not in {"lingua", "langdetect"}:
        raise ConfigError(f"detector '{settings.detector}': choose 'lingua' or 'langdetect'")
    if settings.quality not in {"fast", "best"}:
        raise ConfigError(f"quality '{settings.quality}': choose 'fast' or 'best'")
    if settings.backend not in {"auto", "transformers", "ctranslate2"}:
        raise ConfigError(f"backend '{settings.backend}': choose auto, transformers or ctranslate2")
    if settings.summarizer not in {"extractive", "seq2seq", "llm"}:
        raise ConfigError(f"summarizer '{settings.summarizer}': choose extractive, seq2seq or llm")
    if settings.summarizer != "extractive" and not settings.summarizer_model:
        raise ConfigError(f"--summarizer {settings.summarizer} needs --summarizer-model PATH_OR_ID")
    if settings.summary_sentences < 1:
        raise ConfigError("summary_sentences must be at least 1")
    if settings.summary_words < 0:
        raise ConfigError("summary_words (--words) must be 0 (use --sentences) or a positive number")

    if settings.target != "en":
        raise ConfigError(f"target '{settings.target}': only English (en) is supported")
    if not re.fullmatch(r"cpu|cuda(:\d+)?", settings.device):
        raise ConfigError(f"device '{settings.device}': choose cpu or cuda (cuda:N for one GPU)")
    bad_formats = [f for f in settings.formats if f not in OUTPUT_FORMATS]
    if bad_formats or not settings.formats:
        raise ConfigError(
            f"formats: {','.join(bad_formats) or 'none given'} unknown; choose among {','.join(OUTPUT_FORMATS)}"
        )
    if settings.engine not in {"local", "ray"}:
        raise ConfigError(f"engine '{settings.engine}': choose local or ray")
    if settings.max_bytes < 1:
        raise ConfigError("max_bytes must be a positive number of bytes")
    if settings.template_min_pages < 2:
        raise ConfigError("template_min_pages must be at least 2")


def load_settings(
    config: Path | None = None,
    overrides: dict[str, Any] | None = None,
    environ: dict[str, str] | None = None,
) -> Settings:
    """Merge defaults, the TOML file, SUMMARIZER_* variables and explicit overrides, in that order.

    Args:
        config: a TOML file; when None, `summarizer.toml` in the working directory if present.
        overrides: values from the CLI (None values are ignored).
        environ: the environment to read (defaults to os.environ).
    """
    environ = dict(os.environ if environ is None else environ)
    values: dict[str, Any] = {}
    sources: dict[str, str] = {f.name: "default" for f in fields(Settings) if f.name != "sources"}

    path = config if config is not None else Path.cwd() / CONFIG_FILE
    if config is not None and not path.is_file():
        raise ConfigError(f"configuration file not found: {path}")
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: not valid TOML ({exc})") from exc
        section = data.get("summarizer")
        data = section if isinstance(section, dict) else data  # [summarizer] table, or top level
        for key, value in data.items():
            if key not in sources:
                raise ConfigError(f"{path}: unknown setting '{key}'")
            values[key] = _coerce(key, value)
            sources[key] = str(path)

    for key in sources:
        env_key = f"SUMMARIZER_{key.upper()}"
        if env_key in environ:
            values[key] = _coerce(key, environ[env_key])
            sources[key] = f"env {env_key}"

    for key, value in (overrides or {}).items():
        if value is None:
            continue
        if key not in sources:
            raise ConfigError(f"unknown setting '{key}'")
        if key == "models":
            value = {**values.get("models", {}), **_coerce(key, value)}
        values[key] = _coerce(key, value)
        sources[key] = "command line"

    if sources["cache_dir"] == "default":
        sources["cache_dir"] = default_cache_origin()
    if sources["summary_sentences"] != "default" and sources["summary_words"] == "default":
        values["summary_words"] = 0  # a length in sentences was asked for: sentences it is
    settings = Settings(**values, sources=sources)
    _validate(settings)
    return settings
