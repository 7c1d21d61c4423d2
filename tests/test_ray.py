"""The Ray Data engine gives the local engine's digest (a local Ray cluster, tiny models)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from summarizer.pipeline import run_digest
from summarizer.settings import load_settings
from summarizer.testing import tagged_copies
from summarizer.translate import TranslationStage
from tests.conftest import SEEDS

ray = pytest.importorskip("ray", reason="the ray extra is not installed: pip install -e '.[ray]'")


@pytest.fixture(scope="module")
def cluster() -> Iterator[None]:
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def _digest(path: Path) -> dict[str, Any]:
    return json.loads((path / "digest.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.mark.slow
def test_ray_engine_equals_local_engine(cluster: None, tiny_models: dict[str, Path], tmp_path: Path) -> None:
    from summarizer.distributed import run_digest_ray

    corpus = tmp_path / "corpus"
    pages = tagged_copies(SEEDS.glob("*.txt"), corpus, copies=4)
    # A broken page and a JSONL shard: errors and records keep their place in both engines.
    (corpus / "050-broken.json").write_text('{"title": "cut', encoding="utf-8")
    (corpus / "051-shard.jsonl").write_text(
        json.dumps({"title": "Un titre", "text": "Le conseil municipal a voté le budget hier soir."})
        + "\n{bad\n",
        encoding="utf-8",
    )
    # A syndicated copy of the first page: both engines list it on that page's article.
    first = sorted(corpus.glob("*.txt"))[0]
    (corpus / "052-copy.txt").write_text(first.read_text(encoding="utf-8"), encoding="utf-8")
    models = {"fr": str(tiny_models["fr"]), "de": str(tiny_models["de"])}
    # Separate caches: neither engine can copy the other's translations.
    local = load_settings(overrides={"cache_dir": tmp_path / "c1", "models": models, "incremental": False})
    distributed = local.with_(cache_dir=tmp_path / "c2", engine="ray")
    run_digest(corpus, tmp_path / "local", local, translation=TranslationStage.from_settings(local))
    result = run_digest_ray(corpus, tmp_path / "ray", distributed)
    a, b = _digest(tmp_path / "local"), _digest(tmp_path / "ray")
    assert len(a["articles"]) == pages + 1
    assert [e["path"] for e in a["errors"]] == ["corpus/050-broken.json", "corpus/051-shard.jsonl:2"]
    assert a["stats"]["translation"]["model_calls"] > 0
    for key in ("articles", "stories", "errors"):
        assert a[key] == b[key], key
    assert a["stats"]["removed"] == b["stats"]["removed"]
    assert a["stats"]["translation"]["translated"] == b["stats"]["translation"]["translated"]
    # The copy is neither translated nor summarised by either engine: the same sentence count.
    assert a["stats"]["translation"]["sentences"] == b["stats"]["translation"]["sentences"]
    assert result.stats["engine"]["name"] == "ray"
    assert a["stats"]["copies_merged"] == b["stats"]["copies_merged"] == 1
    assert a["articles"][0]["copies"] == ["corpus/052-copy.txt"]
    # The article files are the same too.
    for name in ("local", "ray"):
        assert len(list((tmp_path / name / "articles").iterdir())) == 2 * (pages + 1)
    for path in (tmp_path / "local" / "articles").iterdir():
        assert path.read_bytes() == (tmp_path / "ray" / "articles" / path.name).read_bytes()


def test_ray_engine_site_templates_and_glob_input(cluster: None, tmp_path: Path) -> None:
    from summarizer.distributed import run_digest_ray

    corpus = tmp_path / "dumps"
    corpus.mkdir()
    template = "Abonnez-vous à la lettre du soir de notre rédaction régionale"
    for i in range(4):
        (corpus / f"shard-{i}.txt").write_text(
            f"Titre numéro {i} sur le marché\nLe marché de la ville {i} ouvre ses portes ce samedi matin.\n"
            f"{template}\n", encoding="utf-8")  # fmt: skip
    (corpus / "notes.md").write_text("# Pas inclus\n", encoding="utf-8")
    settings = load_settings(overrides={"cache_dir": tmp_path / "c", "translate": False, "engine": "ray"})
    extra = tmp_path / "more"
    extra.mkdir()
    (extra / "shard-0.txt").write_text("Le musée rouvre\nLe musée municipal rouvre après deux ans de travaux.\n",
                                       encoding="utf-8")  # fmt: skip
    inputs = [Path(f"{corpus}/*.txt"), extra]
    run_digest_ray(inputs, tmp_path / "out", settings)
    digest = _digest(tmp_path / "out")
    paths = [a["path"] for a in digest["articles"]]
    assert paths == [f"dumps/shard-{i}.txt" for i in range(4)] + ["more/shard-0.txt"]
    assert len({a["id"] for a in digest["articles"]}) == 5
    for article in digest["articles"][:4]:
        assert [r["reason"] for r in article["removed"]] == ["site-template"]
    # The local engine reads the same inputs the same way.
    run_digest(inputs, tmp_path / "local", settings.with_(engine="local"))
    assert _digest(tmp_path / "local")["articles"] == digest["articles"]


def test_cli_engine_ray(cluster: None, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from summarizer.cli import app

    for engine in ("local", "ray"):
        result = CliRunner().invoke(app, ["digest", str(SEEDS), "-o", str(tmp_path / engine), "--no-translate",
                                          "--engine", engine, "--no-incremental"])  # fmt: skip
        assert result.exit_code == 0, result.output
    a, b = _digest(tmp_path / "local"), _digest(tmp_path / "ray")
    assert (a["articles"], a["stories"]) == (b["articles"], b["stories"])
    assert b["stats"]["engine"]["name"] == "ray"
