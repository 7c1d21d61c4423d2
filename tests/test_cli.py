"""The command line as a user meets it: exit codes, the report, quiet runs, config, incremental runs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.settings import load_settings
from tests.conftest import SEEDS


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    return corpus


def _run(*args: str) -> Any:
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})


def test_report_says_what_the_run_did(tmp_path: Path) -> None:
    result = _run("digest", str(SEEDS), "-o", str(tmp_path / "out"), "--no-translate")
    assert result.exit_code == 0, result.output
    text = result.output
    assert "5 processed" in text
    assert "sidebar-headline" in text and "lines removed, by reason" in text
    assert "--no-translate" in text  # the report says translation was off
    assert "time" in text and "corpus" in text
    assert "digest.md" in text


def test_quiet_prints_nothing_and_still_writes(tmp_path: Path) -> None:
    result = _run("digest", str(SEEDS), "-o", str(tmp_path / "out"), "--no-translate", "-q")
    assert result.exit_code == 0
    assert result.output == ""
    assert (tmp_path / "out" / "digest.json").is_file()


def test_exit_codes(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    # 2: usage or configuration errors, before any output is written.
    bad = _run("digest", str(corpus), "-o", str(tmp_path / "o1"), "--no-translate", "--formats", "pdf")
    assert bad.exit_code == 2 and "pdf" in bad.output
    assert not (tmp_path / "o1").exists()
    both = _run("digest", str(corpus), "-o", str(tmp_path / "o1"), "--no-translate", "-q", "-v")
    assert both.exit_code == 2
    missing = _run("digest", str(tmp_path / "nowhere"), "-o", str(tmp_path / "o1"), "--no-translate")
    assert missing.exit_code == 2 and "not found" in missing.output
    # 1: a page failed; it is listed and every other page is processed.
    (corpus / "broken.json").write_text('{"title": "cut off', encoding="utf-8")
    partial = _run("digest", str(corpus), "-o", str(tmp_path / "o2"), "--no-translate")
    assert partial.exit_code == 1
    assert "broken.json" in partial.output
    digest = json.loads((tmp_path / "o2" / "digest.json").read_text(encoding="utf-8"))
    assert len(digest["articles"]) == 5
    assert [e["path"] for e in digest["errors"]] == ["corpus/broken.json"]


def test_formats_choose_the_outputs(tmp_path: Path) -> None:
    result = _run("digest", str(SEEDS), "-o", str(tmp_path / "out"), "--no-translate", "--formats", "json")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "digest.json").is_file()
    assert not (tmp_path / "out" / "digest.md").exists()
    assert not (tmp_path / "out" / "digest.html").exists()


def test_config_file_env_and_flags_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "summarizer.toml"
    config.write_text(
        '[summarizer]\nlanguages = ["fr", "de"]\nsummary_sentences = 2\ndetector = "langdetect"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("SUMMARIZER_SUMMARY_SENTENCES", "4")
    settings = load_settings(config=config, overrides={"detector": "lingua"})
    assert settings.languages == ("fr", "de")
    assert settings.summary_sentences == 4
    assert settings.detector == "lingua"
    assert settings.sources["languages"] == str(config)
    assert settings.sources["summary_sentences"] == "env SUMMARIZER_SUMMARY_SENTENCES"
    assert settings.sources["detector"] == "command line"
    # Found in the working directory without --config; `config show` says where each came from.
    monkeypatch.chdir(tmp_path)
    shown = _run("config", "show")
    assert shown.exit_code == 0, shown.output
    row = next(line for line in shown.output.splitlines() if "languages" in line)
    assert "fr,de" in row and "summarizer.toml" in row
    # A summary length from the file reaches the digest.
    monkeypatch.delenv("SUMMARIZER_SUMMARY_SENTENCES")
    result = _run("digest", str(SEEDS), "-o", str(tmp_path / "out"), "--no-translate", "-q")
    assert result.exit_code == 0, result.output
    digest = json.loads((tmp_path / "out" / "digest.json").read_text(encoding="utf-8"))
    assert max(len(a["summary"]) for a in digest["articles"]) == 2


def test_bad_config_is_a_usage_error(tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text("[summarizer]\nlanguage = 'fr'\n", encoding="utf-8")
    result = _run("digest", str(SEEDS), "-o", str(tmp_path / "out"), "--config", str(config))
    assert result.exit_code == 2
    assert "unknown setting 'language'" in result.output


def test_incremental_rerun_redoes_only_changed_pages(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    args = ["digest", str(corpus), "--no-translate", "-q"]
    assert _run(*args, "-o", str(tmp_path / "o1")).exit_code == 0
    first = json.loads((tmp_path / "o1" / "digest.json").read_text(encoding="utf-8"))
    # One page changes: only it is processed again; the corpus step sees the new text.
    page = sorted(corpus.glob("*.txt"))[1]
    page.write_text(
        page.read_text(encoding="utf-8") + "\nUne phrase ajoutée sur les 3 000 soldats.\n",
        encoding="utf-8",
    )
    assert _run(*args, "-o", str(tmp_path / "o2")).exit_code == 0
    second = json.loads((tmp_path / "o2" / "digest.json").read_text(encoding="utf-8"))
    assert second["stats"]["pages_from_cache"] == 4
    assert second["stats"]["lines"] == first["stats"]["lines"] + 1
    changed = next(a for a in second["articles"] if a["path"].endswith(page.name))
    clean = (tmp_path / "o2" / "articles" / f"{changed['id']}.clean.txt").read_text(encoding="utf-8")
    assert "Une phrase ajoutée" in clean
    # Without the page cache the result is the same: reuse never changes what comes out.
    assert _run(*args, "-o", str(tmp_path / "o3"), "--no-incremental").exit_code == 0
    third = json.loads((tmp_path / "o3" / "digest.json").read_text(encoding="utf-8"))
    assert third["stats"]["pages_from_cache"] == 0
    for key in ("articles", "stories"):
        assert third[key] == second[key]


def test_several_inputs_in_one_run(tmp_path: Path) -> None:
    for folder, city in (("lyon", "Lyon"), ("koeln", "Köln")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "page.txt").write_text(
            f"Le marché de {city} rouvre\nLe marché couvert de {city} rouvre ses portes samedi après travaux.\n",
            encoding="utf-8",
        )
    (tmp_path / "dump.jsonl").write_text(
        json.dumps({"title": "Un titre", "text": "Le conseil a voté le budget."}) + "\n", encoding="utf-8"
    )
    result = _run("digest", str(tmp_path / "lyon"), str(tmp_path / "koeln"), str(tmp_path / "dump.jsonl"),
                  "-o", str(tmp_path / "out"), "--no-translate", "-q")  # fmt: skip
    assert result.exit_code == 0, result.output
    digest = json.loads((tmp_path / "out" / "digest.json").read_text(encoding="utf-8"))
    assert [a["path"] for a in digest["articles"]] == ["lyon/page.txt", "koeln/page.txt", "dump.jsonl"]
    assert len({a["id"] for a in digest["articles"]}) == 3  # same file names, distinct ids
    missing = _run(
        "digest",
        str(tmp_path / "lyon"),
        str(tmp_path / "nowhere"),
        "-o",
        str(tmp_path / "o2"),
        "--no-translate",
    )
    assert missing.exit_code == 2 and "nowhere" in missing.output
