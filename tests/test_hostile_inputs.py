"""Hostile pages and settings: one bad page or value is one clear line, never a crash or a stall."""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.errors import ConfigError
from summarizer.settings import load_settings


def _run(*args: str, env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200", **(env or {})})


PAGE = "Le marché rouvre\nLe marché couvert de Lyon rouvre ses portes samedi après deux ans de travaux.\n"


def test_rich_markup_and_escape_sequences_in_page_text_are_printed_as_text(tmp_path: Path) -> None:
    (tmp_path / "page.txt").write_text(
        PAGE + "Partager [/x] [bold]\x1b[2J\x1b]0;pwned\x07\n" + "[/red] Facebook\n", encoding="utf-8"
    )
    for command in ("clean", "detect"):
        result = _run(command, str(tmp_path))
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.output and "\x07" not in result.output
    assert "[/x]" in _run("detect", str(tmp_path)).output


def test_a_page_path_with_markup_and_a_non_utf8_name(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "[red]odd[bold].txt").write_text(PAGE, encoding="utf-8")
    with open(os.path.join(os.fsencode(corpus), b"caf\xe9.txt"), "wb") as handle:  # not UTF-8
        handle.write(PAGE.replace("Lyon", "Caen").encode())
    result = _run("digest", str(corpus), "-o", str(tmp_path / "out"), "--no-translate")
    assert result.exit_code == 0, result.output
    digest = json.loads((tmp_path / "out" / "digest.json").read_text(encoding="utf-8"))
    assert len(digest["articles"]) + digest["stats"]["copies_merged"] == 2


def test_deeply_nested_json_is_a_page_error(tmp_path: Path) -> None:
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (tmp_path / "deep.jsonl").write_text("[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")
    result = _run("digest", str(tmp_path), "-o", str(tmp_path.parent / "out"), "--no-translate")
    assert result.exit_code == 1, result.output
    digest = json.loads((tmp_path.parent / "out" / "digest.json").read_text(encoding="utf-8"))
    assert len(digest["articles"]) == 1
    assert all("nested too deeply" in e["error"] for e in digest["errors"]) and len(digest["errors"]) == 2


def test_huge_numbers_in_two_articles_of_one_story(tmp_path: Path) -> None:
    huge = "9" * 400
    for i in (1, 2):
        (tmp_path / f"p{i}.txt").write_text(
            f"Le budget de la ville\nLe budget de la ville de Lyon atteint {huge}{i} euros selon le maire de Lyon.\n",
            encoding="utf-8",
        )
    result = _run("digest", str(tmp_path), "-o", str(tmp_path.parent / "out"), "--no-translate")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("token", ["a@" * 200_000, "a" * 400_000], ids=["at-signs", "no-space"])
def test_a_long_token_is_linear(tmp_path: Path, token: str) -> None:
    (tmp_path / "page.txt").write_text("Titre\n" + token + "\n", encoding="utf-8")
    start = time.perf_counter()
    result = _run("clean", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert time.perf_counter() - start < 10  # a@… was minutes for 6 KB; a 40 KB aaa… token 7 s


@pytest.mark.parametrize(
    "line",
    ["*a " * 6_000, "_a " * 6_000, "[" * 100_000 + "](", "[a](" * 5_000, "*a " * 100_000],
    ids=["stars", "underscores", "brackets", "links", "long-stars"],
)
def test_markdown_markup_is_read_in_linear_time(tmp_path: Path, line: str) -> None:
    """Emphasis and link spans are bounded: "*a *a …" took ten minutes for 300 KB in one line."""
    (tmp_path / "page.md").write_text("# Titre\n" + line + "\n", encoding="utf-8")
    start = time.perf_counter()
    result = _run("clean", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert time.perf_counter() - start < 10


def test_a_less_than_sign_gains_no_backslash(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(
        "<html><head><title>Les prix baissent</title></head><body><article><h1>Les prix baissent</h1>"
        "<p>Dans les supermarchés de la région, les prix des fruits baissent nettement cette semaine.</p>"
        "<p>Prix &lt; 5 euros pour la plupart des paniers de légumes vendus au marché couvert de Lyon.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    result = _run("clean", str(tmp_path), "--json")
    texts = [line["text"] for line in json.loads(result.stdout)["files"][0]["lines"]]
    assert any("Prix < 5 euros" in t for t in texts), texts
    assert not any("\\<" in t for t in texts)


@pytest.mark.parametrize(
    ("name", "value"),
    [("translate", "garbage"), ("incremental", "maybe"), ("max_bytes", "true"), ("summary_sentences", "2.7"),
     ("summary_words", "-3"), ("target", "xx"), ("cache_dir", ""), ("device", "quantum")],
)  # fmt: skip
def test_bad_environment_values_are_one_line_exit_2(name: str, value: str) -> None:
    with pytest.raises(ConfigError):
        load_settings(environ={f"SUMMARIZER_{name.upper()}": value})
    result = _run("config", "show", env={f"SUMMARIZER_{name.upper()}": value})
    assert result.exit_code == 2, result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "toml",
    ["max_bytes = inf\n", "summary_sentences = 1e400\n",
     "max_bytes = true\n", "summary_sentences = 2.7\n", "ray_address = [1, 2]\n", 'translate = "nope"\n'],
)  # fmt: skip
def test_bad_config_values_are_one_line_exit_2(tmp_path: Path, toml: str) -> None:
    config = tmp_path / "summarizer.toml"
    config.write_text(toml, encoding="utf-8")
    result = _run("config", "show", "--config", str(config))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_good_values_still_load(tmp_path: Path) -> None:
    config = tmp_path / "summarizer.toml"
    config.write_text('summarizer = "extractive"\n', encoding="utf-8")  # a top-level setting named so
    assert load_settings(config=config).summarizer == "extractive"
    settings = load_settings(environ={"SUMMARIZER_TRANSLATE": "off", "SUMMARIZER_MAX_BYTES": "1_000",
                                      "SUMMARIZER_DEVICE": "cuda:1"})  # fmt: skip
    assert (settings.translate, settings.max_bytes, settings.device) == (False, 1000, "cuda:1")


def test_markdown_outputs_carry_no_live_html_or_links(tmp_path: Path) -> None:
    from markdown_it import MarkdownIt

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    hostile = (
        "<svg onload=alert(1)> Le titre piégé\n"
        "Le conseil a voté <img src=x onerror=alert(2)> le budget, voir [ici](javascript:alert(3)) "
        "et <javascript:alert(4)> puis ![img](http://evil.example/x.png) ce soir à Lyon.\n"
        "# Pas un titre : le maire de Lyon a présenté le budget municipal devant le conseil.\n"
    )
    (corpus / "a`b\nc.txt").write_text(hostile, encoding="utf-8")
    out = tmp_path / "out"
    result = _run("digest", str(corpus), "-o", str(out), "--no-translate")
    assert result.exit_code == 0, result.output
    renderer = MarkdownIt("commonmark")
    for path in [out / "digest.md", *(out / "articles").glob("*.md")]:
        html = renderer.render(path.read_text(encoding="utf-8"))
        for live in ("<svg", "<img", 'href="javascript'):
            assert live not in html, (path.name, live)
        # The only links are the digest's own, to its article files.
        assert all(href.startswith("articles/") for href in re.findall(r'href="([^"]*)"', html)), path.name
        assert "alert(2)" in html  # the text is still there, as text
    markdown = (out / "digest.md").read_text(encoding="utf-8")
    source = next(line for line in markdown.splitlines() if line.startswith("- Source:"))
    assert "a`b" in source and source.count("`") >= 5  # a fence longer than the name's backtick
    assert not any(line.startswith("# Pas") for line in markdown.splitlines())


def test_many_tiny_paragraphs_are_linear(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(
        "<html><body><article>" + "<p>a</p>" * 9_000 + "</article></body></html>", encoding="utf-8"
    )
    start = time.perf_counter()
    result = _run("clean", str(tmp_path / "page.html"))
    assert result.exit_code == 0, result.output
    assert time.perf_counter() - start < 15  # 5,000 took 31 s when each line scanned for neighbours


@pytest.mark.parametrize(("name", "text", "reason"), [
    ("walk.html", "<html><body><article>" + "<p>Un paragraphe.</p>" * 30_000 + "</article></body></html>",
     "30,000 lines, more than a news page has"),
    ("huge.html", "<html><body><article>" + "<p>a</p>" * 600_000 + "</article></body></html>",
     "more than a news page has (200,000)"),
    ("lines.txt", "Titre\n" + "Le conseil a voté.\n" * 12_000, "12,001 lines, more than a news page has"),
])  # fmt: skip
def test_a_page_far_longer_than_news_is_one_page_error_fast(tmp_path: Path, name: str, text: str,
                                                            reason: str) -> None:  # fmt: skip
    """trafilatura's content search is quadratic in elements (600,000 paragraphs: not done in
    5 minutes); such a page is an error with its reason, and the other pages go on."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / name).write_text(text, encoding="utf-8")
    (tmp_path / "in" / "ok.txt").write_text(PAGE, encoding="utf-8")
    start = time.perf_counter()
    result = _run("digest", str(tmp_path / "in"), "--no-translate", "-o", str(tmp_path / "out"),
                  "--cache-dir", str(tmp_path / "cache"))  # fmt: skip
    assert time.perf_counter() - start < 20
    assert result.exit_code == 1, result.output
    digest = json.loads((tmp_path / "out" / "digest.json").read_text(encoding="utf-8"))
    assert [a["path"] for a in digest["articles"]] == ["in/ok.txt"]
    assert reason in digest["errors"][0]["error"]


def test_durability_costs_per_run_not_per_article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    records = [json.dumps({"title": f"Titre {i}", "text": f"Le conseil {i} a voté le budget des écoles."})
               for i in range(40)]  # fmt: skip
    (tmp_path / "dump.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")
    calls = {"fsync": 0, "sync": 0}
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        calls["fsync"] += 1
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "sync", lambda: calls.__setitem__("sync", calls["sync"] + 1))
    result = _run("digest", str(tmp_path / "dump.jsonl"), "-o", str(tmp_path / "out"), "--no-translate", "-q")
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "out" / "articles").iterdir())) == 80
    assert calls["sync"] == 1 and calls["fsync"] <= 4  # the digest files and the marker, not 80 articles


def test_an_unwritable_cache_or_output_is_one_line_before_any_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    real_access = os.access
    # Tests may run as root, for whom every folder is writable: the check itself is simulated.
    monkeypatch.setattr(os, "access", lambda p, mode: Path(p) != locked and real_access(p, mode))
    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")
    for args in (
        ["-o", str(locked / "out")],
        ["-o", str(tmp_path / "out"), "--cache-dir", str(locked / "c")],
    ):
        result = _run("digest", str(tmp_path / "page.txt"), *args, "--no-translate")
        assert result.exit_code == 2, result.output
        assert "cannot be written" in result.output and str(locked) in result.output
        assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_a_full_disk_under_the_cache_says_so_with_the_path(tmp_path: Path) -> None:
    import sqlite3

    from summarizer.backends.cache import CacheError, TranslationCache

    cache = TranslationCache(tmp_path / "t.sqlite3")
    real = cache._conn

    class FullDisk:  # what SQLite does on SQLITE_FULL: the write fails, the transaction is gone
        def execute(self, sql: str, *args: Any) -> Any:
            if sql == "ROLLBACK":
                raise sqlite3.OperationalError("cannot rollback - no transaction is active")
            return real.execute(sql, *args)

        def executemany(self, sql: str, rows: Any) -> Any:
            real.execute("ROLLBACK")
            raise sqlite3.OperationalError("database or disk is full")

    cache._conn = FullDisk()  # type: ignore[assignment]
    with pytest.raises(CacheError, match=r"t\.sqlite3 could not be written: database or disk is full"):
        cache.put_many("m", "fr", [("a", "b", "ok")])


def test_outputs_are_all_or_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from summarizer import render
    from tests.conftest import SEEDS

    corpus, out = tmp_path / "corpus", tmp_path / "out"
    shutil.copytree(SEEDS, corpus)
    assert _run("digest", str(corpus), "-o", str(out), "--no-translate", "-q").exit_code == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    # A run that fails while writing (a full disk, say) leaves the previous digest whole.
    sorted(corpus.glob("*.txt"))[0].unlink()

    def full(*args: Any, **kwargs: Any) -> str:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(render, "digest_markdown", full)
    failed = _run("digest", str(corpus), "-o", str(out), "--no-translate", "-q")
    assert failed.exit_code == 1
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.")] == []
    monkeypatch.undo()
    # The next run replaces the folder whole: the removed page's article files are gone.
    (tmp_path / ".out.partial-999999999").mkdir()  # a killed run's leftovers
    assert _run("digest", str(corpus), "-o", str(out), "--no-translate", "-q").exit_code == 0
    assert len(list((out / "articles").iterdir())) == 8  # was 10
    assert not (tmp_path / ".out.partial-999999999").exists()
    # A folder of the user's own files is never replaced.
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me\n", encoding="utf-8")
    refused = _run("digest", str(corpus), "-o", str(mine), "--no-translate")
    assert refused.exit_code == 2 and "did not write" in refused.output
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "keep me\n"


def test_terminal_output_keeps_no_break_spaces_and_hides_controls() -> None:
    from summarizer.cli_report import printable, safe_text

    assert printable("3\u00a0000 soldats\u202f! \x1b[2J\x07") == "3\u00a0000 soldats\u202f! \\x1b[2J\\x07"
    assert safe_text("[/x] a\u2028b") == "\\[/x] a\\x2028b"


def test_a_page_the_corpus_step_fails_on_is_a_page_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Facts and figures fail on one page's sentence: that page is an error with the reason, the
    story keeps the other pages' figures, and the digest is written."""
    import summarizer.corpus as corpus

    real = corpus.figure_mentions

    def fragile(sentence: str) -> Any:
        if "Dijon" in sentence:
            raise ValueError("unreadable figure")
        return real(sentence)

    monkeypatch.setattr(corpus, "figure_mentions", fragile)
    (tmp_path / "in").mkdir()
    for seed in sorted(Path(__file__).resolve().parents[1].joinpath("seeds").glob("*.txt")):
        (tmp_path / "in" / seed.name).write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    odd = (tmp_path / "in" / "000_58c7953ae997d0fa.txt").read_text(encoding="utf-8")
    (tmp_path / "in" / "zz-dijon.txt").write_text(odd.replace("Kursk", "Dijon") + "\nÀ Dijon, 3 000 soldats.\n",
                                                  encoding="utf-8")  # fmt: skip
    result = _run("digest", str(tmp_path / "in"), "--no-translate", "-o", str(tmp_path / "out"),
                  "--cache-dir", str(tmp_path / "cache"))  # fmt: skip
    assert result.exit_code == 1, result.output
    digest = json.loads((tmp_path / "out" / "digest.json").read_text(encoding="utf-8"))
    assert [e["path"] for e in digest["errors"]] == ["in/zz-dijon.txt"]
    assert digest["errors"][0]["error"] == "corpus step: ValueError: unreadable figure"
    assert digest["stats"]["errors"] == 1
    story = next(s for s in digest["stories"] if len(s["articles"]) >= 5)
    assert any(f["about"] == "soldiers" and len(f["values"]) >= 2 for f in story["figures"])


def test_a_long_run_of_abbreviations_is_split_in_linear_time() -> None:
    """Pieces after abbreviations are joined once: 40,000 of them took 37 s when each join
    re-read the whole sentence, and take well under a second."""
    from summarizer.lexicon import load_lexicon
    from summarizer.segment import split_sentences

    start = time.perf_counter()
    sentences = split_sentences("a. b etc. " * 20_000, "fr", load_lexicon(("fr", "de", "en")))
    assert time.perf_counter() - start < 10
    assert "".join(sentences).replace(" ", "") == ("a.betc." * 20_000)
