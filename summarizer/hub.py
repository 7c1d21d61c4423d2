"""Model management: which model serves which language, where it lies, and fetching it.

Resolution is strictly offline: an explicit path, then `cache/models/`, then the standard
Hugging Face cache. Only `summarizer models pull` touches the network.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from summarizer.errors import ConfigError, InputError, ModelNotFoundError, SummarizerError
from summarizer.settings import Settings

MODELS = {
    "fast": {"fr": "Helsinki-NLP/opus-mt-fr-en", "de": "Helsinki-NLP/opus-mt-de-en",
             "*": "Helsinki-NLP/opus-mt-mul-en"},
    # tc-big where the pair has one (fr-en: FLORES-101 BLEU 46.0 by its model card); else fast.
    "best": {"fr": "Helsinki-NLP/opus-mt-tc-big-fr-en", "de": "Helsinki-NLP/opus-mt-de-en",
             "*": "Helsinki-NLP/opus-mt-mul-en"},
}  # fmt: skip
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")


@dataclass(slots=True)
class ModelRef:
    """A language's model: its id, where its transformers and CTranslate2 files are (if anywhere)."""

    lang: str
    model_id: str
    path: Path | None
    ct2_path: Path | None
    where: str

    @property
    def available(self) -> bool:
        return self.path is not None


def models_dir(settings: Settings) -> Path:
    return settings.cache_dir / "models"


def cache_name(model_id: str) -> str:
    return model_id.strip("/").replace("/", "--")


def ct2_dir(settings: Settings, model_id: str, quantization: str = "int8") -> Path:
    return models_dir(settings) / f"{cache_name(model_id)}-ct2-{quantization}"


def is_model_dir(path: Path) -> bool:
    return (path / "config.json").is_file() and any((path / w).is_file() for w in WEIGHT_FILES)


def is_ct2_dir(path: Path) -> bool:
    return (path / "model.bin").is_file() and (path / "config.json").is_file()


def model_ids(settings: Settings) -> dict[str, str]:
    """Language → model id or path, for every candidate language that needs translating."""
    table = dict(MODELS[settings.quality])
    table.update(settings.models)
    return {lang: table.get(lang, table["*"]) for lang in settings.languages if lang != settings.target}


def _hf_cache(model_id: str) -> Path | None:
    try:
        from huggingface_hub import snapshot_download

        found = Path(snapshot_download(model_id, local_files_only=True))
    except Exception:  # any miss or malformed id: the model is simply not in the HF cache
        return None
    return found if is_model_dir(found) else None


def resolve(lang: str, model: str, settings: Settings) -> ModelRef:
    """Find `model` for `lang` without the network."""
    explicit = Path(model).expanduser()
    if explicit.exists():
        if is_model_dir(explicit):
            ct2 = explicit.parent / f"{explicit.name}-ct2-int8"
            return ModelRef(lang, str(explicit), explicit, ct2 if is_ct2_dir(ct2) else None, "path")
        if is_ct2_dir(explicit) and (explicit / "source.spm").is_file():
            return ModelRef(lang, str(explicit), explicit, explicit, "path (ctranslate2)")
        raise SummarizerError(f"--model {lang}={model}: not a transformers model folder "
                              "(config.json and model.safetensors expected)")  # fmt: skip
    local = models_dir(settings) / cache_name(model)
    ct2 = ct2_dir(settings, model)
    ct2_found = ct2 if is_ct2_dir(ct2) else None
    if is_model_dir(local):
        return ModelRef(lang, model, local, ct2_found, "cache/models")
    hf = _hf_cache(model)
    if hf is not None:
        return ModelRef(lang, model, hf, ct2_found, "huggingface cache")
    return ModelRef(lang, model, None, ct2_found, "missing")


def resolve_all(settings: Settings) -> dict[str, ModelRef]:
    return {lang: resolve(lang, model, settings) for lang, model in model_ids(settings).items()}


WAYS_FORWARD = (
    "'summarizer models pull' where the network allows; 'summarizer models add LANG PATH' "
    "(or --model LANG=PATH) with a model folder downloaded elsewhere; or --no-translate"
)


def missing_models_error(missing: dict[str, str], where: Path | None = None) -> ModelNotFoundError:
    """One line naming every missing model (language → id) and the three ways forward."""
    names = ", ".join(f"{lang}: {model}" for lang, model in missing.items())
    into = f" (models live in {where})" if where else ""
    return ModelNotFoundError(f"translation models not found ({names}){into}. Get them with {WAYS_FORWARD}")


def go_offline() -> None:
    """Forbid the Hugging Face libraries any network access for the rest of this process.

    Called before a run loads anything: models are then resolved from disk only, even by code
    paths that would otherwise check the hub for a newer revision.
    """
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    constants = sys.modules.get("huggingface_hub.constants")
    if constants is not None:
        constants.HF_HUB_OFFLINE = True  # type: ignore[attr-defined]


def pull(settings: Settings, langs: list[str], *, ct2: bool = False) -> list[ModelRef]:
    """Download the models of `langs` into cache/models (the only network access of the tool).

    Every model is tried; those that fail are named together in one error (exit 2) with the
    ways forward, so an offline machine gets one line, not a hub traceback per model.
    """
    try:
        from huggingface_hub import snapshot_download
    except ImportError as exc:  # pragma: no cover - a core dependency
        raise SummarizerError("huggingface_hub is needed for 'models pull'") from exc
    ids = model_ids(settings)
    unknown = [lang for lang in langs if lang not in ids]
    if unknown:
        raise ConfigError(f"no model configured for {', '.join(unknown)} (known: {', '.join(ids)})")
    done: list[ModelRef] = []
    failed: dict[str, str] = {}
    reasons: list[str] = []
    for lang in langs or list(ids):
        model = ids[lang]
        if Path(model).exists():
            done.append(resolve(lang, model, settings))
            continue
        target = models_dir(settings) / cache_name(model)
        os.environ.pop("HF_HUB_OFFLINE", None)
        try:
            snapshot_download(model, local_dir=str(target),
                              allow_patterns=["*.json", "*.spm", "*.safetensors", "*.txt", "*.model"])  # fmt: skip
            if not is_model_dir(target):
                snapshot_download(model, local_dir=str(target), allow_patterns=["*.bin"])
        except Exception as exc:
            failed[lang] = model
            reasons.append(_download_failure(exc))
            continue
        if ct2:
            from summarizer.backends.translators import convert_to_ctranslate2

            convert_to_ctranslate2(target, ct2_dir(settings, model))
        done.append(resolve(lang, model, settings))
    if failed:
        names = ", ".join(f"{lang}: {model}" for lang, model in failed.items())
        why = "; ".join(dict.fromkeys(reasons))
        raise ModelNotFoundError(
            f"could not download {names} ({why}). Instead: run 'summarizer models pull' where the "
            f"network allows; or 'summarizer models add LANG PATH' (or --model LANG=PATH) with a "
            f"model folder downloaded elsewhere; or run without translation: --no-translate"
        )
    return done


def _download_failure(exc: BaseException) -> str:
    """A short reason for a failed download: no network, an unknown model, or the error's first line."""
    text = f"{type(exc).__name__}: {exc}"
    chain = [exc, exc.__cause__, exc.__context__]
    names = " ".join(type(e).__name__ for e in chain if e is not None)
    if any(
        k in names for k in ("Connect", "Offline", "LocalEntryNotFound", "Timeout", "NetworkBlocked")
    ) or any(
        k in text for k in ("Name or service not known", "Network is unreachable", "offline", "connect")
    ):
        return "the Hugging Face hub cannot be reached from here"
    if "RepositoryNotFound" in names or "404" in text:
        return "no such model on the hub"
    first = text.splitlines()[0] if text else type(exc).__name__
    return first if len(first) <= 120 else first[:117] + "..."


def add(settings: Settings, lang: str, source: Path, *, link: bool = False) -> ModelRef:
    """Install a model folder downloaded elsewhere as `lang`'s model (like `argospm install FILE`).

    The folder is verified first (its config and tokenizer load with transformers), then copied,
    or linked with `link`, into cache/models under the configured model id.
    """
    import shutil

    ids = model_ids(settings)
    if lang not in ids:
        raise ConfigError(f"no model is configured for {lang!r} (known: {', '.join(ids)})")
    source = source.expanduser()
    if not source.is_dir():
        raise InputError(f"{source}: not a folder (give the downloaded model's folder)")
    problem = verify_model_dir(source)
    if problem:
        raise InputError(f"{source} is not a usable translation model: {problem}")
    model = ids[lang]
    target = models_dir(settings) / cache_name(model)
    if target.is_symlink() or target.is_file():
        target.unlink()
    elif target.exists():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if link:
        target.symlink_to(source.resolve(), target_is_directory=True)
    else:
        partial = target.with_name(f".{target.name}.partial")
        shutil.rmtree(partial, ignore_errors=True)
        shutil.copytree(source, partial, symlinks=False)
        partial.rename(target)
    return resolve(lang, model, settings)


def verify_model_dir(path: Path) -> str | None:
    """Why `path` cannot serve as a Marian translation model, or None when it can."""
    if not is_model_dir(path):
        return f"config.json and {' or '.join(WEIGHT_FILES)} expected"
    try:
        from transformers import AutoConfig, MarianTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        config = AutoConfig.from_pretrained(str(path), local_files_only=True)
        if getattr(config, "model_type", None) != "marian":
            return f"a {getattr(config, 'model_type', 'unknown')!r} model, not an opus-mt (marian) one"
        MarianTokenizer.from_pretrained(str(path), local_files_only=True)
    except Exception as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return f"its config or tokenizer does not load ({first[:160]})"
    return None
