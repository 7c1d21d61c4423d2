"""A newcomer's first runs and usual mistakes: each gets one clear line, the right exit code, and
nothing is lost or written where it should not be."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.ingest import OUTPUT_MARKER
from tests.conftest import PAGES, SEEDS


def _run(*args: str, columns: int = 200) -> Any:
    return CliRunner().invoke(app, list(args), env={"COLUMNS": str(columns)})


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    return corpus


def _files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


def _json(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


# --- where outputs go ----------------------------------------------------------------------------


@pytest.mark.parametrize("inside", [".", "out", "sub/deeper"])
def test_output_inside_the_input_is_refused_before_any_work(tmp_path: Path, inside: str) -> None:
    corpus = _corpus(tmp_path)
    before = _files(corpus)
    result = _run("digest", str(corpus), "-o", str(corpus / inside), "--no-translate")
    assert result.exit_code == 2, result.output
    assert "inside the input" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert _files(corpus) == before  # nothing written into the input folder


def test_an_earlier_output_folder_is_never_read_as_pages(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    out = tmp_path / "out"
    assert _run("digest", str(corpus), "-o", str(out), "--no-translate", "-q").exit_code == 0
    assert (out / OUTPUT_MARKER).is_file()
    # The user moves the output into the corpus folder and runs again: still five pages.
    shutil.move(str(out), str(corpus / "last-week"))
    again = _run("digest", str(corpus), "-o", str(tmp_path / "out2"), "--no-translate", "-q")
    assert again.exit_code == 0, again.output
    assert len(_json(tmp_path / "out2" / "digest.json")["articles"]) == 5
    # Given alone, an output folder is no corpus: said in one line, exit 2.
    alone = _run("digest", str(corpus / "last-week"), "-o", str(tmp_path / "out3"), "--no-translate")
    assert alone.exit_code == 2
    assert "output of summarizer" in alone.output
    # Nor are its files, named one by one or through a glob.
    named = _run("clean", str(corpus / "last-week" / "digest.json"))
    assert named.exit_code == 2 and "output of summarizer" in named.output
    globbed = _run("clean", str(corpus / "last-week") + "/**/*.md")
    assert globbed.exit_code == 2 and "output of summarizer" in globbed.output


def test_output_that_is_a_file_is_refused_before_any_work(tmp_path: Path) -> None:
    target = tmp_path / "digest.txt"
    target.write_text("mine\n", encoding="utf-8")
    result = _run("digest", str(SEEDS), "-o", str(target), "--no-translate")
    assert result.exit_code == 2
    assert "not a folder" in result.output
    assert "pages" not in result.output  # refused before reading any page
    assert target.read_text(encoding="utf-8") == "mine\n"
    clean = _run("clean", str(SEEDS), "-o", str(target))
    assert clean.exit_code == 2 and "not a folder" in clean.output


def test_an_empty_folder_says_no_pages_were_found(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.docx").write_bytes(b"PK\x03\x04")  # not a supported page
    for command in (["digest", str(empty), "-o", str(tmp_path / "out"), "--no-translate"],
                    ["clean", str(empty)], ["detect", str(empty)]):  # fmt: skip
        result = _run(*command)
        assert result.exit_code == 2, result.output
        assert "no pages found" in result.output
        assert ".txt" in result.output  # says which files count as pages
    assert not (tmp_path / "out").exists()
    # Files that are pages but all fail: each is listed, exit 1 (some pages failed).
    (empty / "broken.json").write_text('{"title": "cut', encoding="utf-8")
    failed = _run("digest", str(empty), "-o", str(tmp_path / "out"), "--no-translate")
    assert failed.exit_code == 1
    assert "broken.json" in failed.output


def test_outputs_follow_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        assert _run("digest", str(SEEDS), "-o", str(tmp_path / "out"), "--no-translate", "-q").exit_code == 0
    finally:
        os.umask(old)
    for path in [tmp_path / "out" / "digest.md", *(tmp_path / "out" / "articles").iterdir()]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path


# --- models ---------------------------------------------------------------------------------------


def test_english_only_input_needs_no_model(tmp_path: Path) -> None:
    corpus = tmp_path / "english"
    corpus.mkdir()
    (corpus / "story.txt").write_text(
        "City council approves new budget\n"
        "The city council approved the new budget on Tuesday evening after a long debate.\n"
        "The mayor said the plan would fund two new schools and repair the old bridge.\n",
        encoding="utf-8",
    )
    result = _run("digest", str(corpus), "-o", str(tmp_path / "out"), "-q")  # no model anywhere
    assert result.exit_code == 0, result.output
    digest = _json(tmp_path / "out" / "digest.json")
    assert digest["articles"][0]["translated"] is True
    summary = " ".join(digest["articles"][0]["summary"])
    assert "approved the new budget" in summary or "two new schools" in summary  # the page's own English


def test_a_page_that_needs_a_missing_model_names_it(tmp_path: Path) -> None:
    result = _run("digest", str(SEEDS), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "opus-mt-fr-en" in result.output and "--no-translate" in result.output
    assert "models add" in result.output


def test_models_pull_offline_is_one_line_naming_every_model(tmp_path: Path) -> None:
    result = _run("models", "pull")
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    line = lines[0]
    for needed in ("opus-mt-fr-en", "opus-mt-de-en", "models add", "--model", "--no-translate"):
        assert needed in line, needed
    assert "Traceback" not in result.output


def test_models_add_verifies_and_installs_a_downloaded_model(
    tiny_models: dict[str, Path], tmp_path: Path
) -> None:
    broken = tmp_path / "not-a-model"
    broken.mkdir()
    (broken / "config.json").write_text("{}", encoding="utf-8")
    refused = _run("models", "add", "fr", str(broken))
    assert refused.exit_code == 2 and "not a usable" in refused.output
    added = _run("models", "add", "fr", str(tiny_models["fr"]))
    assert added.exit_code == 0, added.output
    linked = _run("models", "add", "de", str(tiny_models["de"]), "--link")
    assert linked.exit_code == 0, linked.output
    listed = json.loads(_run("models", "list", "--json").stdout)
    assert {r["lang"]: r["status"] for r in listed} == {"fr": "ready", "de": "ready"}
    de = next(r for r in listed if r["lang"] == "de")
    assert Path(de["path"]).is_symlink()
    # A digest now finds them without --model.
    result = _run("digest", str(SEEDS), "-o", str(tmp_path / "out"), "-q")
    assert result.exit_code == 0, result.output
    assert _json(tmp_path / "out" / "digest.json")["stats"]["translation"]["translated"] > 0


# --- what the digest says about itself -------------------------------------------------------------


def test_an_untranslated_digest_says_so_and_names_files_by_language(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    shutil.copy(PAGES / "de_agentur.md", corpus / "de_agentur.md")
    out = tmp_path / "out"
    assert _run("digest", str(corpus), "-o", str(out), "--no-translate", "-q").exit_code == 0
    markdown = (out / "digest.md").read_text(encoding="utf-8")
    page = (out / "digest.html").read_text(encoding="utf-8")
    top = "\n".join(markdown.splitlines()[:4])
    assert "not translated" in top and "--no-translate" in top
    assert "not translated" in page.split("<main>")[0]
    names = sorted(p.name for p in (out / "articles").glob("*.md"))
    assert names and not any(name.endswith(".en.md") for name in names)
    assert {name.split(".")[1] for name in names} == {"fr", "de"}
    assert all(f"articles/{name}" in markdown and f"articles/{name}" in page for name in names)
    # The page declares the language of its text: French articles are marked fr, German de.
    assert '<html lang="fr">' in page
    assert 'lang="de"' in page


def test_counts_are_spelled_with_correct_plurals(tmp_path: Path) -> None:
    corpus = tmp_path / "one"
    corpus.mkdir()
    (corpus / "page.txt").write_text(
        "Le marché de Lyon rouvre\nLe marché couvert de Lyon rouvre ses portes samedi après travaux.\n"
        "Partager sur Facebook\n",
        encoding="utf-8",
    )
    result = _run("digest", str(corpus), "-o", str(tmp_path / "out"), "--no-translate")
    assert result.exit_code == 0, result.output
    markdown = (tmp_path / "out" / "digest.md").read_text(encoding="utf-8")
    page = (tmp_path / "out" / "digest.html").read_text(encoding="utf-8")
    for text in (markdown, page, result.output):
        assert "1 stories" not in text and "1 lines" not in text and "1 articles" not in text
    seeds = _run("digest", str(SEEDS), "-o", str(tmp_path / "seeds"), "--no-translate")
    assert "1 more reasons" not in seeds.output and "1 more reason (--verbose)" in seeds.output
    assert "1 article, 1 story" in markdown
    assert "1 line" in markdown


def test_engine_help_shows_the_extra_to_install() -> None:
    result = _run("digest", "--help")
    assert "summarizer[ray]" in result.output


def test_detect_is_readable_at_80_columns() -> None:
    result = _run("detect", str(SEEDS / "004_98388140be0633d7.txt"), columns=80)
    assert result.exit_code == 0, result.output
    rows = [line for line in result.output.splitlines() if line.strip()[:1] in "│┃|" and "de" in line]
    assert rows, result.output
    assert all(len(line) <= 80 for line in result.output.splitlines())
    langs = [line for line in result.output.splitlines() if " de " in line or " fr " in line]
    assert len(langs) >= 5


def test_cache_dir_rule_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from summarizer.settings import default_cache_dir

    # Installed outside a checkout: the XDG cache folder.
    package = tmp_path / "site-packages" / "summarizer"
    package.mkdir(parents=True)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir(package) == tmp_path / "xdg" / "summarizer"
    # In a checkout (an editable install): the checkout's cache/ folder.
    checkout = tmp_path / "checkout"
    (checkout / "summarizer").mkdir(parents=True)
    (checkout / "cache").mkdir()
    (checkout / "cache" / "README.md").write_text("runtime cache\n", encoding="utf-8")
    (checkout / "pyproject.toml").write_text("[project]\nname = 'summarizer'\n", encoding="utf-8")
    assert default_cache_dir(checkout / "summarizer") == checkout / "cache"
    # The environment wins over both, and `config show` says where the value came from.
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "mine"))
    row = next(line for line in _run("config", "show").output.splitlines() if "cache_dir" in line)
    assert "SUMMARIZER_CACHE_DIR" in row
    monkeypatch.delenv("SUMMARIZER_CACHE_DIR")
    row = next(line for line in _run("config", "show").output.splitlines() if "cache_dir" in line)
    assert "default" in row and ("checkout" in row or "XDG" in row)
