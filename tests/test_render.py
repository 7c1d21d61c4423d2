"""The digest a person reads: Markdown, self-contained HTML (checked in headless Chromium), files."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from tests.conftest import ROOT, SEEDS

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("digest")
    corpus = folder / "corpus"
    corpus.mkdir()
    for seed in SEEDS.glob("*.txt"):
        (corpus / seed.name).write_bytes(seed.read_bytes())
    (corpus / "hostile.txt").write_text(
        "<script>alert('x')</script> Un titre hostile & « piégé »\n"
        "Le texte contient <img src=x onerror=alert(1)> et un lien https://evil.example/steal.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["digest", str(corpus), "-o", str(folder / "out"), "--no-translate"])
    assert result.exit_code == 0, result.output
    return folder / "out"


def test_all_outputs_are_written(out: Path) -> None:
    digest = json.loads((out / "digest.json").read_text(encoding="utf-8"))
    for name in ("digest.md", "digest.html", "digest.json"):
        assert (out / name).stat().st_size > 0
    for article in digest["articles"]:
        # --no-translate: the full text is named by its language (the seeds are French).
        assert (out / "articles" / f"{article['id']}.fr.md").is_file()
        assert (out / "articles" / f"{article['id']}.clean.txt").is_file()
    assert not list(out.rglob("*.tmp"))


def test_markdown_reads_corpus_first_then_articles(out: Path) -> None:
    text = (out / "digest.md").read_text(encoding="utf-8")
    assert text.index("### Key facts") < text.index("## Articles")
    assert "Removed as boilerplate or duplicate: 9 lines" in text
    assert re.search(r"\[articles/\w{12}\.fr\.md\]\(articles/\w{12}\.fr\.md\)", text)


def test_html_is_self_contained_and_escaped(out: Path) -> None:
    page = (out / "digest.html").read_text(encoding="utf-8")
    assert "<script" not in page.replace("&lt;script", "")
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "<link" not in page
    assert "&lt;script&gt;alert(" in page
    assert "<img src=x" not in page
    assert html.escape("« piégé »", quote=False) in page or "« piégé »" in page


def test_removed_panel_lists_lines_and_reasons(out: Path) -> None:
    page = (out / "digest.html").read_text(encoding="utf-8")
    assert '<td class="reason">sidebar-timestamp</td>' in page
    assert "Partager cet article" in page


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def test_html_in_a_real_browser(out: Path, tmp_path: Path) -> None:
    browser = _chromium()
    if browser is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: .ci/run must install Debian's chromium")
        pytest.skip("chromium not installed (apt-get install chromium); CI runs this test")
    digest = json.loads((out / "digest.json").read_text(encoding="utf-8"))
    url = (out / "digest.html").as_uri()
    dom = subprocess.run([browser, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", url],
                         capture_output=True, text=True, timeout=120, check=True).stdout  # fmt: skip
    story = digest["stories"][0]
    assert html.escape(story["title"], quote=False) in dom
    fact = story["facts"][0]
    assert html.escape(fact["text"], quote=False) in dom
    # Every citation points at an article that is on the page, and each article links back.
    targets = set(re.findall(r'href="#(article-\w+)"', dom))
    ids = set(re.findall(r'id="(article-\w+)"', dom))
    assert targets and targets <= ids
    assert f'href="#article-{fact["sources"][0]}"' in dom
    assert 'href="#story-1"' in dom and 'id="story-1"' in dom
    shot = tmp_path / "digest.png"
    subprocess.run([browser, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile2'}",
                    "--window-size=1200,1600", f"--screenshot={shot}", url],
                   capture_output=True, timeout=120, check=True)  # fmt: skip
    assert shot.stat().st_size > 10_000
    if os.environ.get("SUMMARIZER_UPDATE_SCREENSHOT"):
        shutil.copy(shot, ROOT / "docs" / "digest.png")
