"""Model management: which model serves which language, where it lies, and fetching it.

Resolution is strictly offline: an explicit path, then `cache/models/`, then the standard
Hugging Face cache. Only `summarizer models pull` touches the network.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from summarizer.errors import ModelNotFoundError, SummarizerError
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


def require_models(settings: Settings) -> dict[str, ModelRef]:
    """Every model the run needs, or one error naming the missing ones and how to get them."""
    refs = resolve_all(settings)
    missing = [ref for ref in refs.values() if not ref.available]
    if missing:
        names = ", ".join(f"{r.lang}: {r.model_id}" for r in missing)
        langs = " ".join(r.lang for r in missing)
        raise ModelNotFoundError(
            f"translation models not found ({names}). Fetch them where the network allows with "
            f"'summarizer models pull {langs}' (into {models_dir(settings)}), or point at local copies "
            f"with --model LANG=PATH, or run without translation: --no-translate"
        )
    return refs


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
    """Download the models of `langs` into cache/models (the only network access of the tool)."""
    try:
        from huggingface_hub import snapshot_download
    except ImportError as exc:  # pragma: no cover - a core dependency
        raise SummarizerError("huggingface_hub is needed for 'models pull'") from exc
    ids = model_ids(settings)
    unknown = [lang for lang in langs if lang not in ids]
    if unknown:
        raise SummarizerError(f"no model configured for {', '.join(unknown)} (known: {', '.join(ids)})")
    done = []
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
        except Exception as exc:
            raise SummarizerError(
                f"could not download {model}: {type(exc).__name__}: {exc}. Without network access, "
                f"copy the model folder to {target} or use --model {lang}=PATH"
            ) from exc
        if not is_model_dir(target):
            snapshot_download(model, local_dir=str(target), allow_patterns=["*.bin"])
        if ct2:
            from summarizer.backends.translators import convert_to_ctranslate2

            convert_to_ctranslate2(target, ct2_dir(settings, model))
        done.append(resolve(lang, model, settings))
    return done
